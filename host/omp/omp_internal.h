/* Private to the OpenMP backend: its handle types, the work partitions and the
 * operations that the backend table (omp_context.c) points at.
 *
 * Threading model. Every parallel loop splits its index range into `nb`
 * contiguous blocks, fixed by the sizes and the context's thread count only,
 * and hands block b to thread b of a team of nb threads. A team may come out
 * smaller than asked (nested regions, OMP_DYNAMIC): threads then stride over
 * the blocks, so every block still runs and per-block partial sums land in
 * the same slots. Reductions combine the partials in block order, which makes
 * every result bit-identical for a given thread count whatever the team size.
 * SpMV and the PDHG step sum each row sequentially in stored order: their
 * results do not depend on the thread count at all. */
#ifndef FLEETLP_OMP_INTERNAL_H
#define FLEETLP_OMP_INTERNAL_H

#include <stdint.h>

#include <omp.h>

#include "backend.h"

/* Element counts below which splitting work across threads costs more than
 * it saves (a fork/join is a few microseconds; these take about that long). */
#define FLP_OMP_GRAIN_VEC ((int64_t)16384)
#define FLP_OMP_GRAIN_SPMV ((int64_t)16384) /* nonzeros + rows */

#define FLP_OMP_CACHE_LINE 64
#define FLP_OMP_PARTIALS 8 /* doubles per block slot: one cache line */

/* One cache line of per-block partial results, so that two threads never
 * write to the same line while they accumulate. */
typedef struct omp_partial {
  _Alignas(FLP_OMP_CACHE_LINE) double v[FLP_OMP_PARTIALS];
} omp_partial;

struct flp_backend_ctx {
  int threads;          /* fixed at creation; every region asks for at most this many */
  omp_partial *partial; /* `threads` slots of reduction scratch */
  double *block;        /* scenario batches' interleaved blocks (omp_batch.c), grown on demand */
  int64_t block_len;
};

struct flp_vec {
  int64_t n;
  double *data; /* 64-byte aligned, never NULL (at least one cache line) */
};

/* One CSR matrix with its nonzero-balanced row partition. */
typedef struct omp_csr {
  int32_t rows, cols;
  int64_t nnz;
  int64_t *ptr;  /* rows + 1 */
  int32_t *idx;  /* nnz */
  double *val;   /* nnz */
  int nblocks;   /* >= 1 */
  int32_t *block_row; /* nblocks + 1 row boundaries, block b = [block_row[b], block_row[b+1]) */
} omp_csr;

/* A and its transpose, both CSR; at is built once at upload. */
struct flp_mat {
  omp_csr a, at;
};

/* ---- shared helpers (omp_context.c) ---- */

/* Blocks to split `work` items into: between 1 and ctx->threads. */
int flp_omp_blocks(const flp_backend_ctx *ctx, int64_t work, int64_t grain);

/* Start of block b of nb over [0, n): contiguous, sizes differ by at most one. */
static inline int64_t flp_omp_split(int64_t n, int nb, int b) {
  /* floor(n * b / nb) without forming n * b */
  return (n / nb) * b + (n % nb) * b / nb;
}

static inline double flp_omp_clamp(double t, double lo, double hi) {
  t = t < lo ? lo : t; /* infinite lo/hi need no special case */
  return t > hi ? hi : t;
}

/* Row i of a CSR matrix times x, summed sequentially in stored order. */
static inline double flp_omp_row_dot(const omp_csr *M, const double *restrict x, int32_t i) {
  const int32_t *restrict idx = M->idx;
  const double *restrict val = M->val;
  double s = 0.0;
  for (int64_t k = M->ptr[i], e = M->ptr[i + 1]; k < e; ++k) s += val[k] * x[idx[k]];
  return s;
}

/* Aligned, uninitialised storage of at least one cache line; NULL on failure
 * (also when count * size overflows). Release with flp_omp_free. */
void *flp_omp_alloc(int64_t count, size_t size);
void flp_omp_free(void *p);

/* FLP_ERR_INPUT with "cpu: <op>: ..." when a handle is NULL or lengths differ. */
flp_rc flp_omp_check_vec(const char *op, const char *what, const flp_vec *v, int64_t n,
                         flp_error *err);

/* ---- operations (the table in omp_context.c points here) ---- */

flp_rc flp_omp_vec_alloc(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err);
void flp_omp_vec_free(flp_backend_ctx *ctx, flp_vec *v);
int64_t flp_omp_vec_len(const flp_vec *v);
flp_rc flp_omp_vec_upload(flp_backend_ctx *ctx, flp_vec *dst, const double *src, flp_error *err);
flp_rc flp_omp_vec_download(flp_backend_ctx *ctx, const flp_vec *src, double *dst,
                            flp_error *err);
flp_rc flp_omp_vec_copy(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src, flp_error *err);
flp_rc flp_omp_vec_fill(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err);
flp_rc flp_omp_axpby(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                     flp_error *err);
flp_rc flp_omp_vec_mul(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err);
flp_rc flp_omp_vec_div(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err);
flp_rc flp_omp_vec_map(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err);
flp_rc flp_omp_project_box(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo,
                           const flp_vec *hi, flp_error *err);

flp_rc flp_omp_dot(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                   flp_error *err);
flp_rc flp_omp_norm2(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);
flp_rc flp_omp_norm_inf(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);

flp_rc flp_omp_mat_upload(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                          const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                          flp_mat **out, flp_error *err);
void flp_omp_mat_free(flp_backend_ctx *ctx, flp_mat *A);
flp_rc flp_omp_mat_norms(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                         flp_vec *col, flp_error *err);
flp_rc flp_omp_mat_scale(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row,
                         const flp_vec *col, flp_error *err);

flp_rc flp_omp_spmv(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                    flp_vec *y, flp_error *err);
flp_rc flp_omp_spmv_t(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                      double b, flp_vec *y, flp_error *err);

flp_rc flp_omp_pdhg_iterate(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count,
                            flp_error *err);
flp_rc flp_omp_kkt_sums(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                        flp_error *err);
flp_rc flp_omp_pdhg_iterate_batch(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                                  int count, flp_error *err);
flp_rc flp_omp_check_pdhg(const flp_pdhg_args *a, int count, flp_error *err);

#endif /* FLEETLP_OMP_INTERNAL_H */
