/* Private to the CUDA backend: its handle types, error mapping, launch shapes
 * and the block reduction shared by the reduction kernels.
 *
 * Execution model. Every operation of a context is enqueued on the context's
 * own non-blocking stream, whose cuSPARSE handle is bound to it, so operations
 * are ordered among themselves without host synchronisation. The host waits
 * only where it reads a result (vec_download, dot, norms, kkt_sums) or where
 * the interface lets the caller reuse a host buffer at return (vec_upload,
 * mat_upload), where pdhg_iterate_batch grows its workspace (the old buffer
 * may still be in use), and, with FLEETLP_CUDA_SYNC=1, after every operation
 * (see cuda_table.c), so that a fault is reported by the operation behind it.
 *
 * Determinism. Element-wise kernels have no order to choose. Reductions run
 * in two passes with a grid that depends on the length only: each thread sums
 * a fixed strided slice, each block combines in a fixed tree, one block
 * combines the block partials in a fixed tree. SpMV uses CUSPARSE_SPMV_CSR_ALG2
 * (bit-reproducible run to run) on explicit A and A' (never the transpose
 * operation), and A' is built by a stable sort, so its layout is fixed too;
 * the batched step's SpMM uses CUSPARSE_SPMM_CSR_ALG1, also reproducible.
 *
 * This header is for .cu files only; cuda_ops.h is the plain C face. */
#ifndef FLEETLP_CUDA_INTERNAL_H
#define FLEETLP_CUDA_INTERNAL_H

#include <stdint.h>

#include <cuda_runtime.h>
#include <cusparse.h>

#include "cuda_ops.h"

/* The element type of vectors and matrix values. Double today; a float build
 * would change these two lines and the kernels' literals, nothing else. */
typedef double flp_real;
#define FLP_CUDA_REAL CUDA_R_64F

#define FLP_CUDA_THREADS 256        /* every kernel runs blocks of this many threads */
#define FLP_CUDA_MAX_GRID (1 << 20) /* element-wise kernels stride beyond this */
#define FLP_CUDA_RED_BLOCKS 1024    /* most blocks of a reduction's first pass */
#define FLP_CUDA_RED_SLOTS 8        /* most values one reduction produces */
#define FLP_CUDA_GRAPHS 4           /* cached PDHG graphs per context */
#define FLP_CUDA_GRAPH_PTRS 14      /* vectors that key a cached graph */
#define FLP_CUDA_GRAPH_ITERS 256    /* most iterations in one graph; longer calls replay it */

/* Scalars of pdhg_iterate, in device memory so that a captured graph reads
 * them at replay: one graph serves every k0, step size and reflection. */
typedef struct flp_cuda_pdhg_params {
  double tau, sigma, gamma;
  long long k0;
  int halpern;
} flp_cuda_pdhg_params;

/* One LP's scalars in pdhg_iterate_batch (cuda_batch.cu), an array of K in
 * device memory: the batched kernels use k = k0 + t like the single one. */
typedef struct flp_cuda_batch_member {
  double tau, sigma, gamma;
  long long k0;
} flp_cuda_batch_member;

/* One instantiated graph of `count` PDHG iterations over fixed buffers. */
typedef struct flp_cuda_graph {
  int used;
  uint64_t mat_id;
  const void *ptr[FLP_CUDA_GRAPH_PTRS];
  int count;
  uint64_t last_use;
  cudaGraphExec_t exec;
} flp_cuda_graph;

struct flp_backend_ctx {
  int device;
  char name[256]; /* the device's name, for describe() */
  cudaStream_t stream;
  cusparseHandle_t sparse;
  double *d_partial; /* FLP_CUDA_RED_SLOTS x FLP_CUDA_RED_BLOCKS first-pass partials */
  double *d_result;  /* FLP_CUDA_RED_SLOTS results of the second pass */
  double *h_result;  /* pinned host copy of d_result */
  flp_cuda_pdhg_params *d_params;
  /* SpMV scalars in device memory (cuSPARSE in device pointer mode), so a
   * captured graph reads stable device addresses, never host stack copies:
   * [0] = 1 and [1] = 0 for the PDHG SpMVs, [2] = a and [3] = b of the last
   * public spmv/spmv_t, written in stream order by a one-thread kernel. */
  double *d_scalars;
  uint64_t next_mat_id;
  uint64_t graph_clock;
  int graphs_off;    /* FLEETLP_CUDA_GRAPHS=0 or _SYNC=1, or a capture failed once: run eagerly */
  char graph_note[160]; /* why graphs went off after a failed capture ("" if they did not) */
  int force_index64; /* FLEETLP_CUDA_INDEX64=1: 64-bit CSR indices at any size (tests) */
  /* FLEETLP_CUDA_SYNC=1: wait for the device after every operation (and
   * after each kernel and SpMV of pdhg_iterate, with graphs off), so that an
   * asynchronous fault is reported by the operation that caused it, not by
   * the next one that happens to wait. For finding faults; slow. */
  int sync_each_op;
  flp_cuda_graph graphs[FLP_CUDA_GRAPHS];
  /* pdhg_iterate_batch's workspace, grown on demand, freed with the context
   * (flp_cuda_batch_release): the K LPs' blocks, the SpMM buffer, the
   * per-LP scalars. */
  flp_real *batch_block;
  void *batch_spmm_buf;
  flp_cuda_batch_member *batch_params;
  size_t batch_block_bytes, batch_spmm_bytes, batch_params_bytes;
};

struct flp_vec {
  int64_t n;
  flp_real *d; /* NULL when n == 0 */
};

/* One CSR matrix on the device, with its cuSPARSE descriptors. Index arrays
 * are int32 (CUSPARSE_INDEX_32I) or int64 (64I) for both ptr and idx, as
 * cuSPARSE wants them to match. Descriptors are NULL for an empty matrix
 * (no rows, no columns or no nonzeros), where SpMV is done by hand. */
typedef struct flp_cuda_csr {
  int64_t rows, cols, nnz;
  void *ptr; /* rows + 1 */
  void *idx; /* nnz */
  flp_real *val;
  cusparseSpMatDescr_t descr;
  cusparseDnVecDescr_t vin, vout; /* rebound with cusparseDnVecSetValues per call */
  void *buffer;                   /* SpMV workspace, preprocessed once */
} flp_cuda_csr;

struct flp_mat {
  uint64_t id; /* unique in its context: keys the PDHG graph cache */
  int index64;
  flp_cuda_csr a, at;
  flp_real *bind_m, *bind_n; /* placeholders the vector descriptors are created on */
};

/* ---- errors (cuda_context.cu) ---- */

#define FLP_CUDA_STR2(x) #x
#define FLP_CUDA_STR(x) FLP_CUDA_STR2(x)
#define FLP_CUDA_WHERE __FILE__ ":" FLP_CUDA_STR(__LINE__)

/* Sets err (when not NULL) and returns code; printf-style. */
flp_rc flp_cuda_error(flp_error *err, flp_rc code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* "cuda: <call> failed: <name> (<text>) at <file:line>"; out of memory maps to
 * FLP_ERR_NOMEM, everything else to FLP_ERR_BACKEND. */
flp_rc flp_cuda_rt_fail(flp_error *err, cudaError_t e, const char *call, const char *where);
flp_rc flp_cuda_sp_fail(flp_error *err, cusparseStatus_t s, const char *call, const char *where);

/* Return on failure; `err` must be in scope. */
#define CUDA_TRY(call)                                                                           \
  do {                                                                                           \
    cudaError_t e_ = (call);                                                                     \
    if (e_ != cudaSuccess) return flp_cuda_rt_fail(err, e_, #call, FLP_CUDA_WHERE);              \
  } while (0)
/* A library call that succeeded may still leave a benign error in the
 * thread's last-error slot; clear it so the next launch check sees only its
 * own launch. */
#define SPARSE_TRY(call)                                                                         \
  do {                                                                                           \
    cusparseStatus_t s_ = (call);                                                                \
    if (s_ != CUSPARSE_STATUS_SUCCESS) return flp_cuda_sp_fail(err, s_, #call, FLP_CUDA_WHERE);  \
    (void)cudaGetLastError();                                                                    \
  } while (0)
/* After a <<<...>>> launch: catches a bad configuration or a missing image. */
#define LAUNCH_TRY(kernel)                                                                       \
  do {                                                                                           \
    cudaError_t e_ = cudaGetLastError();                                                         \
    if (e_ != cudaSuccess) return flp_cuda_rt_fail(err, e_, "launch of " #kernel, FLP_CUDA_WHERE); \
  } while (0)
/* Jump to `fail` on failure with rc set; `err` and `rc` must be in scope. */
#define CUDA_GOTO(call)                                                                          \
  do {                                                                                           \
    cudaError_t e_ = (call);                                                                     \
    if (e_ != cudaSuccess) {                                                                     \
      rc = flp_cuda_rt_fail(err, e_, #call, FLP_CUDA_WHERE);                                     \
      goto fail;                                                                                 \
    }                                                                                            \
  } while (0)
#define SPARSE_GOTO(call)                                                                        \
  do {                                                                                           \
    cusparseStatus_t s_ = (call);                                                                \
    if (s_ != CUSPARSE_STATUS_SUCCESS) {                                                         \
      rc = flp_cuda_sp_fail(err, s_, #call, FLP_CUDA_WHERE);                                     \
      goto fail;                                                                                 \
    }                                                                                            \
    (void)cudaGetLastError();                                                                    \
  } while (0)
#define LAUNCH_GOTO(kernel)                                                                      \
  do {                                                                                           \
    cudaError_t e_ = cudaGetLastError();                                                         \
    if (e_ != cudaSuccess) {                                                                     \
      rc = flp_cuda_rt_fail(err, e_, "launch of " #kernel, FLP_CUDA_WHERE);                      \
      goto fail;                                                                                 \
    }                                                                                            \
  } while (0)

/* Makes ctx's device current for this thread (a no-op for one GPU, needed
 * when contexts on several devices share a thread) and clears a stale
 * last-error record, so each operation's launch checks report its own. */
flp_rc flp_cuda_enter(const flp_backend_ctx *ctx, const char *op, flp_error *err);

/* FLP_ERR_INPUT "cuda: <op>: <what> is NULL / has length ..., expected ..." */
flp_rc flp_cuda_check_vec(const char *op, const char *what, const flp_vec *v, int64_t n,
                          flp_error *err);

/* Waits for the context's stream; reports an earlier asynchronous fault,
 * naming op (and, unless sync_each_op is on, saying that the fault may come
 * from an earlier operation and how to find which). */
flp_rc flp_cuda_sync(flp_backend_ctx *ctx, const char *op, flp_error *err);

/* With sync_each_op: the wait at the end of a step of an operation ("step"
 * names it within op, e.g. "dual_kernel, iteration 3"; NULL for the whole
 * operation). FLP_OK at once otherwise. */
flp_rc flp_cuda_step_done(flp_backend_ctx *ctx, const char *op, const char *step,
                          flp_error *err);

/* ---- launch shapes ---- */

/* Blocks for an element-wise kernel over n items (>= 1; kernels stride). */
static inline unsigned flp_cuda_grid(int64_t n) {
  int64_t b = (n + FLP_CUDA_THREADS - 1) / FLP_CUDA_THREADS;
  if (b < 1) b = 1;
  if (b > FLP_CUDA_MAX_GRID) b = FLP_CUDA_MAX_GRID;
  return (unsigned)b;
}

/* Blocks of a reduction's first pass over n items: a function of n alone,
 * which is what makes the summation order, hence the result, reproducible. */
static inline int flp_cuda_red_blocks(int64_t n) {
  int64_t b = (n + FLP_CUDA_THREADS - 1) / FLP_CUDA_THREADS;
  if (b < 1) b = 1;
  if (b > FLP_CUDA_RED_BLOCKS) b = FLP_CUDA_RED_BLOCKS;
  return (int)b;
}

/* Grid-stride loop over [0, n) with 64-bit indices. */
#define FLP_CUDA_FOR(i, n)                                                                       \
  for (int64_t i = (int64_t)blockIdx.x * blockDim.x + threadIdx.x; i < (n);                      \
       i += (int64_t)gridDim.x * blockDim.x)

/* ---- device helpers ---- */

/* min(max(t, lo), hi) by comparisons: infinite sides need no special case and
 * a NaN in t stays visible (the CPU backend's convention). */
static __device__ __forceinline__ double flp_cuda_clamp(double t, double lo, double hi) {
  t = t < lo ? lo : t;
  return t > hi ? hi : t;
}

/* The larger of two non-negative values; a NaN in either wins for good (a
 * diverged iterate must not look small). */
static __device__ __forceinline__ double flp_cuda_nanmax(double m, double a) {
  return (a > m || a != a) ? a : m;
}

/* Combines each thread's NS accumulators over the block in a fixed tree and
 * stores the block's result of slot q at out[q * stride + blockIdx.x]. Slots
 * whose bit is set in maxmask combine by flp_cuda_nanmax, the others by +.
 * Every thread of the block (blockDim.x == FLP_CUDA_THREADS) must call it. */
template <int NS>
static __device__ __forceinline__ void flp_cuda_block_store(const double (&acc)[NS],
                                                            unsigned maxmask, double *out,
                                                            int stride) {
  __shared__ double sh[NS][FLP_CUDA_THREADS];
  const int t = threadIdx.x;
#pragma unroll
  for (int q = 0; q < NS; ++q) sh[q][t] = acc[q];
  __syncthreads();
  for (int s = FLP_CUDA_THREADS / 2; s > 0; s >>= 1) {
    if (t < s) {
#pragma unroll
      for (int q = 0; q < NS; ++q)
        sh[q][t] = ((maxmask >> q) & 1u) ? flp_cuda_nanmax(sh[q][t], sh[q][t + s])
                                         : sh[q][t] + sh[q][t + s];
    }
    __syncthreads();
  }
  if (t == 0) {
#pragma unroll
    for (int q = 0; q < NS; ++q) out[q * stride + blockIdx.x] = sh[q][0];
  }
}

/* ---- cross-file helpers ---- */

/* Second pass (cuda_reduce.cu): combines the `nblocks` partials of each of
 * nslots slots in a fixed order, copies the nslots results to out and waits. */
flp_rc flp_cuda_reduce_finish(flp_backend_ctx *ctx, int nslots, unsigned maxmask, int nblocks,
                              double *out, const char *op, flp_error *err);

/* y = b * y on the context's stream, b == 0 overwriting (cuda_vector.cu). */
flp_rc flp_cuda_scale_raw(flp_backend_ctx *ctx, flp_real *y, int64_t n, double b,
                          flp_error *err);

/* y = a M x + b y by cuSPARSE on raw device pointers, a and b read from
 * device memory (d_a, d_b; b_host is the same b, for an empty M where y = b y
 * is done by hand); enqueue only, so it can be captured into a graph
 * (cuda_matrix.cu). */
flp_rc flp_cuda_csr_spmv(flp_backend_ctx *ctx, const flp_cuda_csr *M, const double *d_a,
                         const double *d_b, double b_host, const flp_real *x, flp_real *y,
                         flp_error *err);

/* Drops cached PDHG graphs that use the device buffer p or the matrix
 * mat_id (0 / NULL: match nothing); all of them when both are 0/NULL and
 * all is set (cuda_pdhg.cu). */
void flp_cuda_graphs_forget(flp_backend_ctx *ctx, const void *p, uint64_t mat_id, int all);

/* Frees pdhg_iterate_batch's workspace (cuda_batch.cu); the caller has
 * waited for the stream. */
void flp_cuda_batch_release(flp_backend_ctx *ctx);

#endif /* FLEETLP_CUDA_INTERNAL_H */
