/* CUDA backend: the fused PDHG iteration of a scenario batch (backend.h:
 * pdhg_iterate_batch).
 *
 * The K LPs' vectors are gathered into dense column-major blocks (n x K and
 * m x K, column k = LP k) in a context-owned workspace, so that each
 * iteration reads A and A' once for all K:
 *   ATY = A' Y                       (cuSPARSE SpMM, CSR of A', CSR_ALG1)
 *   primal_block_kernel: XBAR, Halpern update of X   (one pass over n x K)
 *   V = A XBAR                       (cuSPARSE SpMM, CSR of A)
 *   dual_block_kernel: Halpern update of Y           (one pass over m x K)
 * The kernels' expressions are primal_kernel's and dual_kernel's
 * (cuda_pdhg.cu) term by term, with each LP's tau, sigma, gamma and k0; xh and
 * yh go to their blocks on the last iteration only. At the end every block
 * the call writes is scattered back to the LPs' vectors.
 *
 * CUSPARSE_SPMM_CSR_ALG1 (column-major B and C) is bit-reproducible run to
 * run per cuSPARSE's documentation, on the explicit A' as SpMV uses it; a
 * cuSPARSE that refuses it for the shapes gets CUSPARSE_SPMM_ALG_DEFAULT. Its
 * summation order differs from SpMV's, which the contract allows. Launches are eager (no
 * graphs); the host waits only to grow the workspace and, with
 * FLEETLP_CUDA_SYNC=1, after each step. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_internal.h"

#define OP "pdhg_iterate_batch"
#define PARAM_CHUNK 32 /* LPs whose scalars one set_members_kernel launch carries */

enum { B_X, B_X0, B_C, B_L, B_U, B_ATY, B_XBAR, B_XH, B_COLS }; /* n x K blocks */
enum { B_Y = 0, B_Y0, B_RL, B_RU, B_V, B_YH, B_ROWS };          /* m x K blocks */

/* Scalars of one chunk, passed by value: the launch copies them, so no host
 * buffer has to outlive the call. */
typedef struct member_chunk {
  flp_cuda_batch_member m[PARAM_CHUNK];
} member_chunk;

static __global__ void set_members_kernel(flp_cuda_batch_member *dst, member_chunk c, int count) {
  const int k = threadIdx.x;
  if (k < count) dst[k] = c.m[k];
}

static __device__ __forceinline__ void halpern_weights(const flp_cuda_batch_member &p, int t,
                                                       double *w1, double *w0) {
  const double k = (double)(p.k0 + t);
  *w1 = (k + 1.0) / (k + 2.0);
  *w0 = 1.0 / (k + 2.0);
}

/* blockIdx.y strides over the LPs, blockIdx.x over one column: no division
 * by n to find the LP of an element. */
static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    primal_block_kernel(const flp_cuda_batch_member *__restrict__ prm, int t, int last,
                        int64_t n, int K, flp_real *__restrict__ X,
                        const flp_real *__restrict__ X0, flp_real *__restrict__ XH,
                        flp_real *__restrict__ XBAR, const flp_real *__restrict__ ATY,
                        const flp_real *__restrict__ C, const flp_real *__restrict__ L,
                        const flp_real *__restrict__ U) {
  for (int k = blockIdx.y; k < K; k += gridDim.y) {
    const flp_cuda_batch_member p = prm[k];
    const double tau = p.tau, gamma = p.gamma;
    double w1, w0;
    halpern_weights(p, t, &w1, &w0);
    const int64_t base = (int64_t)k * n;
    FLP_CUDA_FOR(j, n) {
      const int64_t o = base + j;
      const double xj = X[o];
      const double t2 = flp_cuda_clamp(xj - tau * (C[o] - ATY[o]), L[o], U[o]);
      const double xb = 2.0 * t2 - xj;
      if (last) XH[o] = t2;
      XBAR[o] = xb;
      X[o] = w1 * ((1.0 - gamma) * xj + gamma * xb) + w0 * X0[o];
    }
  }
}

static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    dual_block_kernel(const flp_cuda_batch_member *__restrict__ prm, int t, int last, int64_t m,
                      int K, flp_real *__restrict__ Y, const flp_real *__restrict__ Y0,
                      flp_real *__restrict__ YH, const flp_real *__restrict__ V,
                      const flp_real *__restrict__ RL, const flp_real *__restrict__ RU) {
  for (int k = blockIdx.y; k < K; k += gridDim.y) {
    const flp_cuda_batch_member p = prm[k];
    const double sigma = p.sigma, gamma = p.gamma;
    double w1, w0;
    halpern_weights(p, t, &w1, &w0);
    const int64_t base = (int64_t)k * m;
    FLP_CUDA_FOR(i, m) {
      const int64_t o = base + i;
      const double s = V[o], yi = Y[o];
      const double q = yi - sigma * s + sigma * flp_cuda_clamp(s - yi / sigma, RL[o], RU[o]);
      if (last) YH[o] = q;
      Y[o] = w1 * ((1.0 - gamma) * yi + gamma * (2.0 * q - yi)) + w0 * Y0[o];
    }
  }
}

/* ---- arguments ------------------------------------------------------------- */

#define NVEC 14
static const char *const vec_names[NVEC] = {"xh", "yh", "aty", "xbar", "v", "x",  "y",
                                            "x0", "y0", "c",   "l",    "u", "rl", "ru"};
/* The first seven are written (halpern is required). */
#define NWRITTEN 7

static void member_vectors(const flp_pdhg_args *a, const flp_vec *vs[NVEC]) {
  const flp_vec *list[NVEC] = {a->xh, a->yh, a->aty, a->xbar, a->v, a->x, a->y,
                               a->x0, a->y0, a->c,   a->l,    a->u, a->rl, a->ru};
  memcpy(vs, list, sizeof list);
}

/* One LP's arguments, as check_args (cuda_pdhg.cu) checks a single call's. */
static flp_rc check_member(const flp_pdhg_args *a, const flp_mat *A0, int k, flp_error *err) {
  static const int is_col[NVEC] = {1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0};
  if (!a || !a->A)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": LP %d: NULL argument", k);
  if (a->A != A0)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": LP %d has another matrix than LP 0",
                          k);
  if (!a->halpern)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": LP %d is not a Halpern step", k);
  const int64_t m = A0->a.rows, n = A0->a.cols;
  const flp_vec *vs[NVEC];
  member_vectors(a, vs);
  char op[64];
  snprintf(op, sizeof op, OP ", LP %d", k);
  for (int i = 0; i < NVEC; ++i) {
    flp_rc rc = flp_cuda_check_vec(op, vec_names[i], vs[i], is_col[i] ? n : m, err);
    if (rc != FLP_OK) return rc;
  }
  for (int i = 0; i < NWRITTEN; ++i)
    for (int j = 0; j < NVEC; ++j)
      if (i != j && vs[i] == vs[j])
        return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: %s and %s are the same vector", op,
                              vec_names[i], vec_names[j]);
  return FLP_OK;
}

typedef struct vec_use {
  const flp_vec *v;
  int lp, field;
} vec_use;

static int cmp_use(const void *pa, const void *pb) {
  const vec_use *a = (const vec_use *)pa, *b = (const vec_use *)pb;
  if (a->v != b->v) return (uintptr_t)a->v < (uintptr_t)b->v ? -1 : 1;
  if (a->lp != b->lp) return a->lp < b->lp ? -1 : 1;
  return a->field < b->field ? -1 : a->field > b->field;
}

/* A vector one LP writes may not be any vector of another LP: the scatter
 * would not leave what K calls in turn leave. Inputs may be shared. */
static flp_rc check_sharing(const flp_pdhg_args *const *args, int K, flp_error *err) {
  if (K < 2) return FLP_OK;
  const size_t total = (size_t)K * NVEC;
  vec_use *u = (vec_use *)malloc(total * sizeof *u);
  if (!u) return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: " OP ": out of memory checking %d LPs", K);
  for (int k = 0; k < K; ++k) {
    const flp_vec *vs[NVEC];
    member_vectors(args[k], vs);
    for (int i = 0; i < NVEC; ++i) u[(size_t)k * NVEC + i] = {vs[i], k, i};
  }
  qsort(u, total, sizeof *u, cmp_use);
  flp_rc rc = FLP_OK;
  for (size_t s = 0; s < total && rc == FLP_OK;) {
    size_t e = s + 1;
    int written = -1; /* index of a writing use in this run of equal vectors */
    while (e < total && u[e].v == u[s].v) ++e;
    for (size_t i = s; i < e; ++i)
      if (u[i].field < NWRITTEN) written = (int)i;
    for (size_t i = s; written >= 0 && i < e; ++i)
      if (u[i].lp != u[written].lp) {
        rc = flp_cuda_error(err, FLP_ERR_INPUT,
                            "cuda: " OP ": %s of LP %d is %s of LP %d (a written vector may not "
                            "be shared between LPs)",
                            vec_names[u[written].field], u[written].lp, vec_names[u[i].field],
                            u[i].lp);
        break;
      }
    s = e;
  }
  free(u);
  return rc;
}

static flp_rc check_batch(const flp_pdhg_args *const *args, int K, int count, flp_error *err) {
  if (!args || K < 1)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": no LPs (K = %d)", K);
  if (count < 0) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": negative count %d", count);
  if (!args[0] || !args[0]->A)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: " OP ": LP 0: NULL argument");
  for (int k = 0; k < K; ++k) {
    flp_rc rc = check_member(args[k], args[0]->A, k, err);
    if (rc != FLP_OK) return rc;
  }
  return check_sharing(args, K, err);
}

/* ---- workspace ------------------------------------------------------------- */

/* Grows *p to `bytes` (never shrinks). The wait first: work queued earlier on
 * the stream may still use the old buffer. */
static flp_rc grow(flp_backend_ctx *ctx, void **p, size_t *have, size_t bytes, const char *what,
                   int K, const flp_mat *A, flp_error *err) {
  if (*have >= bytes) return FLP_OK;
  flp_rc rc = flp_cuda_sync(ctx, OP " (before growing its workspace)", err);
  if (rc != FLP_OK) return rc;
  (void)cudaFree(*p);
  *p = NULL;
  *have = 0;
  cudaError_t e = cudaMalloc(p, bytes);
  if (e != cudaSuccess) {
    (void)cudaGetLastError();
    *p = NULL;
    return flp_cuda_error(err, e == cudaErrorMemoryAllocation ? FLP_ERR_NOMEM : FLP_ERR_BACKEND,
                          "cuda: " OP ": cannot allocate %.1f MiB of device memory for %s of %d "
                          "LPs (%lld x %lld): %s",
                          (double)bytes / (1024.0 * 1024.0), what, K, (long long)A->a.rows,
                          (long long)A->a.cols, cudaGetErrorString(e));
  }
  *have = bytes;
  return FLP_OK;
}

void flp_cuda_batch_release(flp_backend_ctx *ctx) {
  if (!ctx) return;
  (void)cudaFree(ctx->batch_block);
  (void)cudaFree(ctx->batch_spmm_buf);
  (void)cudaFree(ctx->batch_params);
  ctx->batch_block = NULL;
  ctx->batch_spmm_buf = NULL;
  ctx->batch_params = NULL;
  ctx->batch_block_bytes = ctx->batch_spmm_bytes = ctx->batch_params_bytes = 0;
}

/* ---- the call -------------------------------------------------------------- */

typedef struct spmm_plan {
  cusparseSpMatDescr_t a, at;         /* on the matrix's own arrays */
  cusparseDnMatDescr_t y, aty, xbar, v; /* on the blocks */
  cusparseSpMMAlg_t alg;
} spmm_plan;

static void plan_release(spmm_plan *p) {
  if (p->a) (void)cusparseDestroySpMat(p->a);
  if (p->at) (void)cusparseDestroySpMat(p->at);
  cusparseDnMatDescr_t d[4] = {p->y, p->aty, p->xbar, p->v};
  for (int i = 0; i < 4; ++i)
    if (d[i]) (void)cusparseDestroyDnMat(d[i]);
  memset(p, 0, sizeof *p);
}

static flp_rc csr_descr(const flp_cuda_csr *M, int index64, cusparseSpMatDescr_t *out,
                        flp_error *err) {
  const cusparseIndexType_t it = index64 ? CUSPARSE_INDEX_64I : CUSPARSE_INDEX_32I;
  SPARSE_TRY(cusparseCreateCsr(out, M->rows, M->cols, M->nnz, M->ptr, M->idx, M->val, it, it,
                               CUSPARSE_INDEX_BASE_ZERO, FLP_CUDA_REAL));
  return FLP_OK;
}

static flp_rc block_descr(int64_t rows, int K, flp_real *p, cusparseDnMatDescr_t *out,
                          flp_error *err) {
  SPARSE_TRY(cusparseCreateDnMat(out, rows, K, rows, p, FLP_CUDA_REAL, CUSPARSE_ORDER_COL));
  return FLP_OK;
}

/* SpMM workspace bytes of C = M B for one algorithm. */
static cusparseStatus_t spmm_bytes(flp_backend_ctx *ctx, cusparseSpMatDescr_t M,
                                   cusparseDnMatDescr_t B, cusparseDnMatDescr_t C,
                                   cusparseSpMMAlg_t alg, size_t *bytes) {
  const double *one = ctx->d_scalars, *zero = ctx->d_scalars + 1;
  return cusparseSpMM_bufferSize(ctx->sparse, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                 CUSPARSE_OPERATION_NON_TRANSPOSE, one, M, B, zero, C,
                                 FLP_CUDA_REAL, alg, bytes);
}

/* Descriptors and workspace for both products (nnz > 0, hence m, n > 0). */
static flp_rc plan_make(flp_backend_ctx *ctx, const flp_mat *A, int K, flp_real *const *col,
                        flp_real *const *row, spmm_plan *p, flp_error *err) {
  flp_rc rc = csr_descr(&A->a, A->index64, &p->a, err);
  if (rc == FLP_OK) rc = csr_descr(&A->at, A->index64, &p->at, err);
  if (rc == FLP_OK) rc = block_descr(A->a.rows, K, row[B_Y], &p->y, err);
  if (rc == FLP_OK) rc = block_descr(A->a.cols, K, col[B_ATY], &p->aty, err);
  if (rc == FLP_OK) rc = block_descr(A->a.cols, K, col[B_XBAR], &p->xbar, err);
  if (rc == FLP_OK) rc = block_descr(A->a.rows, K, row[B_V], &p->v, err);
  if (rc != FLP_OK) return rc;
  /* ALG1 where this cuSPARSE supports it for the shapes, else the default. */
  const cusparseSpMMAlg_t algs[2] = {CUSPARSE_SPMM_CSR_ALG1, CUSPARSE_SPMM_ALG_DEFAULT};
  size_t need = 0;
  cusparseStatus_t st = CUSPARSE_STATUS_NOT_SUPPORTED;
  for (int i = 0; i < 2 && st == CUSPARSE_STATUS_NOT_SUPPORTED; ++i) {
    size_t b1 = 0, b2 = 0;
    p->alg = algs[i];
    st = spmm_bytes(ctx, p->at, p->y, p->aty, p->alg, &b1);
    if (st == CUSPARSE_STATUS_SUCCESS) st = spmm_bytes(ctx, p->a, p->xbar, p->v, p->alg, &b2);
    need = b1 > b2 ? b1 : b2;
  }
  if (st != CUSPARSE_STATUS_SUCCESS)
    return flp_cuda_sp_fail(err, st, "cusparseSpMM_bufferSize", FLP_CUDA_WHERE);
  (void)cudaGetLastError();
  /* Both products run in turn on the stream, so one buffer serves both. */
  return grow(ctx, &ctx->batch_spmm_buf, &ctx->batch_spmm_bytes, need > 0 ? need : 16,
              "the SpMM workspace", K, A, err);
}

static flp_rc spmm(flp_backend_ctx *ctx, const spmm_plan *p, cusparseSpMatDescr_t M,
                   cusparseDnMatDescr_t B, cusparseDnMatDescr_t C, flp_error *err) {
  const double *one = ctx->d_scalars, *zero = ctx->d_scalars + 1;
  SPARSE_TRY(cusparseSpMM(ctx->sparse, CUSPARSE_OPERATION_NON_TRANSPOSE,
                          CUSPARSE_OPERATION_NON_TRANSPOSE, one, M, B, zero, C, FLP_CUDA_REAL,
                          p->alg, ctx->batch_spmm_buf));
  return FLP_OK;
}

static flp_rc step_done(flp_backend_ctx *ctx, const char *step, int t, flp_error *err) {
  if (!ctx->sync_each_op) return FLP_OK;
  char what[96];
  if (t >= 0)
    snprintf(what, sizeof what, "%s, iteration %d of the call", step, t + 1);
  else
    snprintf(what, sizeof what, "%s", step);
  return flp_cuda_step_done(ctx, OP, what, err);
}

/* dst = src for len doubles on the stream (nothing for len 0). */
static flp_rc copy(flp_backend_ctx *ctx, flp_real *dst, const flp_real *src, int64_t len,
                   flp_error *err) {
  if (len > 0)
    CUDA_TRY(cudaMemcpyAsync(dst, src, sizeof(flp_real) * (size_t)len, cudaMemcpyDeviceToDevice,
                             ctx->stream));
  return FLP_OK;
}

static flp_rc upload_members(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                             flp_error *err) {
  for (int k0 = 0; k0 < K; k0 += PARAM_CHUNK) {
    const int cnt = K - k0 < PARAM_CHUNK ? K - k0 : PARAM_CHUNK;
    member_chunk c;
    memset(&c, 0, sizeof c);
    for (int i = 0; i < cnt; ++i) {
      const flp_pdhg_args *a = args[k0 + i];
      c.m[i].tau = a->tau;
      c.m[i].sigma = a->sigma;
      c.m[i].gamma = a->gamma;
      c.m[i].k0 = (long long)a->k0;
    }
    set_members_kernel<<<1, PARAM_CHUNK, 0, ctx->stream>>>(ctx->batch_params + k0, c, cnt);
    LAUNCH_TRY(set_members_kernel);
  }
  return FLP_OK;
}

static flp_rc iterate(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K, int count,
                      spmm_plan *plan, flp_error *err) {
  const flp_mat *A = args[0]->A;
  const int64_t m = A->a.rows, n = A->a.cols;
  /* Sizes: 8 n-blocks and 6 m-blocks of K columns, without overflow. */
  const uint64_t per_lp = (uint64_t)B_COLS * (uint64_t)n + (uint64_t)B_ROWS * (uint64_t)m;
  if (per_lp > 0 && (uint64_t)K > (SIZE_MAX / sizeof(flp_real)) / per_lp)
    return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: " OP ": the blocks of %d LPs (%lld x %lld) "
                          "exceed the address space", K, (long long)m, (long long)n);
  const size_t block_bytes = sizeof(flp_real) * (size_t)per_lp * (size_t)K;
  flp_rc rc = grow(ctx, (void **)&ctx->batch_block, &ctx->batch_block_bytes,
                   block_bytes > 0 ? block_bytes : 16, "the blocks", K, A, err);
  if (rc == FLP_OK)
    rc = grow(ctx, (void **)&ctx->batch_params, &ctx->batch_params_bytes,
              sizeof(flp_cuda_batch_member) * (size_t)K, "the scalars", K, A, err);
  if (rc != FLP_OK) return rc;

  flp_real *col[B_COLS], *row[B_ROWS];
  const int64_t nK = n * K, mK = m * K;
  for (int b = 0; b < B_COLS; ++b) col[b] = ctx->batch_block + b * nK;
  for (int b = 0; b < B_ROWS; ++b) row[b] = ctx->batch_block + B_COLS * nK + b * mK;

  const int sparse = A->a.nnz > 0; /* no nonzeros: A' Y = 0 and A XBAR = 0 */
  if (sparse && (rc = plan_make(ctx, A, K, col, row, plan, err)) != FLP_OK) return rc;
  if ((rc = upload_members(ctx, args, K, err)) != FLP_OK) return rc;

  /* ATY and V are overwritten (beta = 0) but zeroed first, so that whatever
   * the workspace held cannot leak through 0 * NaN; with no nonzeros they
   * stay zero. */
  if (nK > 0) CUDA_TRY(cudaMemsetAsync(col[B_ATY], 0, sizeof(flp_real) * (size_t)nK, ctx->stream));
  if (mK > 0) CUDA_TRY(cudaMemsetAsync(row[B_V], 0, sizeof(flp_real) * (size_t)mK, ctx->stream));
  for (int k = 0; k < K && rc == FLP_OK; ++k) {
    const flp_pdhg_args *a = args[k];
    const int64_t oc = (int64_t)k * n, orow = (int64_t)k * m;
    const struct {
      flp_real *dst;
      const flp_vec *src;
    } g[] = {{col[B_X] + oc, a->x},   {col[B_X0] + oc, a->x0}, {col[B_C] + oc, a->c},
             {col[B_L] + oc, a->l},   {col[B_U] + oc, a->u},   {row[B_Y] + orow, a->y},
             {row[B_Y0] + orow, a->y0}, {row[B_RL] + orow, a->rl}, {row[B_RU] + orow, a->ru}};
    for (size_t i = 0; i < sizeof g / sizeof g[0] && rc == FLP_OK; ++i)
      rc = copy(ctx, g[i].dst, g[i].src->d, g[i].src->n, err);
  }
  if (rc == FLP_OK) rc = step_done(ctx, "gather into blocks", -1, err);
  if (rc != FLP_OK) return rc;

  const unsigned gy = (unsigned)(K < 65535 ? K : 65535);
  for (int t = 0; t < count; ++t) {
    const int last = t == count - 1;
    if (sparse) {
      rc = spmm(ctx, plan, plan->at, plan->y, plan->aty, err);
      if (rc == FLP_OK) rc = step_done(ctx, "ATY = A' Y (cuSPARSE SpMM)", t, err);
      if (rc != FLP_OK) return rc;
    }
    if (n > 0) {
      primal_block_kernel<<<dim3(flp_cuda_grid(n), gy), FLP_CUDA_THREADS, 0, ctx->stream>>>(
          ctx->batch_params, t, last, n, K, col[B_X], col[B_X0], col[B_XH], col[B_XBAR],
          col[B_ATY], col[B_C], col[B_L], col[B_U]);
      LAUNCH_TRY(primal_block_kernel);
      if ((rc = step_done(ctx, "primal_block_kernel", t, err)) != FLP_OK) return rc;
    }
    if (sparse) {
      rc = spmm(ctx, plan, plan->a, plan->xbar, plan->v, err);
      if (rc == FLP_OK) rc = step_done(ctx, "V = A XBAR (cuSPARSE SpMM)", t, err);
      if (rc != FLP_OK) return rc;
    }
    if (m > 0) {
      dual_block_kernel<<<dim3(flp_cuda_grid(m), gy), FLP_CUDA_THREADS, 0, ctx->stream>>>(
          ctx->batch_params, t, last, m, K, row[B_Y], row[B_Y0], row[B_YH], row[B_V], row[B_RL],
          row[B_RU]);
      LAUNCH_TRY(dual_block_kernel);
      if ((rc = step_done(ctx, "dual_block_kernel", t, err)) != FLP_OK) return rc;
    }
  }

  for (int k = 0; k < K && rc == FLP_OK; ++k) {
    const flp_pdhg_args *a = args[k];
    const int64_t oc = (int64_t)k * n, orow = (int64_t)k * m;
    const struct {
      flp_vec *dst;
      const flp_real *src;
    } s[] = {{a->x, col[B_X] + oc},      {a->xh, col[B_XH] + oc}, {a->xbar, col[B_XBAR] + oc},
             {a->aty, col[B_ATY] + oc},  {a->y, row[B_Y] + orow}, {a->yh, row[B_YH] + orow},
             {a->v, row[B_V] + orow}};
    for (size_t i = 0; i < sizeof s / sizeof s[0] && rc == FLP_OK; ++i)
      rc = copy(ctx, s[i].dst->d, s[i].src, s[i].dst->n, err);
  }
  if (rc == FLP_OK) rc = step_done(ctx, "scatter from blocks", -1, err);
  return rc;
}

flp_rc flp_cuda_pdhg_iterate_batch(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                                   int count, flp_error *err) {
  flp_rc rc = flp_cuda_enter(ctx, OP, err);
  if (rc == FLP_OK) rc = check_batch(args, K, count, err);
  if (rc != FLP_OK || count == 0) return rc;
  spmm_plan plan;
  memset(&plan, 0, sizeof plan);
  rc = iterate(ctx, args, K, count, &plan, err);
  /* Descriptors are host objects the enqueued SpMMs no longer need: cuSPARSE
   * reads them at enqueue time. */
  plan_release(&plan);
  return rc;
}
