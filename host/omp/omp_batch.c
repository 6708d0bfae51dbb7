/* OpenMP backend: the fused PDHG iteration of a scenario batch (backend.h:
 * pdhg_iterate_batch).
 *
 * The K LPs' iterates are gathered into interleaved blocks (entry j of LP k
 * at j * K + k), so that a nonzero a_ij of A is read once and multiplies K
 * consecutive doubles: the SpMM that makes a batch cheaper than K solves.
 * Every scalar operation is the single kernel's (omp_pdhg.c), in the same
 * order, so each LP's vectors come out bit for bit as K single calls leave
 * them. Batches wider than FLP_OMP_BATCH_MAX run in groups of it. */
#include <stdint.h>
#include <string.h>

#include "omp_internal.h"

#define FLP_OMP_BATCH_MAX 32

enum { B_X, B_X0, B_C, B_L, B_U, B_XBAR, B_COLS }; /* n x K blocks */
enum { B_Y = 0, B_Y0, B_RL, B_RU, B_ROWS };         /* m x K blocks */

static flp_rc check_batch(const flp_pdhg_args *const *args, int K, int count, flp_error *err) {
  if (!args || K < 1) return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: no LPs");
  for (int k = 0; k < K; ++k) {
    flp_rc rc = flp_omp_check_pdhg(args[k], count, err);
    if (rc != FLP_OK) return rc;
    if (args[k]->A != args[0]->A || !args[k]->halpern)
      return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: LP %d %s", k,
                           args[k]->A != args[0]->A ? "has another matrix" : "is not a Halpern step");
  }
  return FLP_OK;
}

static double *workspace(flp_backend_ctx *ctx, int64_t len) {
  if (ctx->block_len >= len) return ctx->block;
  flp_omp_free(ctx->block);
  ctx->block = flp_omp_alloc(len, sizeof(double));
  ctx->block_len = ctx->block ? len : 0;
  return ctx->block;
}

/* dst[i * K + k] = src[i] for i < len */
static void interleave(double *restrict dst, const double *restrict src, int64_t len, int K, int k) {
  for (int64_t i = 0; i < len; ++i) dst[i * K + k] = src[i];
}

static void deinterleave(double *restrict dst, const double *restrict src, int64_t len, int K, int k) {
  for (int64_t i = 0; i < len; ++i) dst[i] = src[i * K + k];
}

/* Row r of M times the block B (K columns): s[k] = sum_e val_e B[idx_e * K + k],
 * summed in stored order as flp_omp_row_dot does. */
static inline void row_dot_block(const omp_csr *M, const double *restrict B, int32_t r, int K,
                                 double *restrict s) {
  for (int k = 0; k < K; ++k) s[k] = 0.0;
  const int32_t *restrict idx = M->idx;
  const double *restrict val = M->val;
  for (int64_t e = M->ptr[r], end = M->ptr[r + 1]; e < end; ++e) {
    const double a = val[e], *restrict b = B + (int64_t)idx[e] * K;
    for (int k = 0; k < K; ++k) s[k] += a * b[k];
  }
}

/* `count` iterations of the K LPs args[0..K), K <= FLP_OMP_BATCH_MAX. */
static flp_rc iterate_group(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                            int count, flp_error *err) {
  const omp_csr *A = &args[0]->A->a, *At = &args[0]->A->at;
  const int64_t n = A->cols, m = A->rows;
  double *ws = workspace(ctx, (B_COLS * n + B_ROWS * m) * K);
  if (!ws)
    return flp_error_set(err, FLP_ERR_NOMEM, "cpu: out of memory for a batch of %d LPs (%lld x %lld)",
                         K, (long long)m, (long long)n);
  double *col[B_COLS], *row[B_ROWS];
  for (int b = 0; b < B_COLS; ++b) col[b] = ws + b * n * K;
  for (int b = 0; b < B_ROWS; ++b) row[b] = ws + (B_COLS * n + b * m) * K;
  double tau[FLP_OMP_BATCH_MAX], sigma[FLP_OMP_BATCH_MAX], k0[FLP_OMP_BATCH_MAX];
  for (int k = 0; k < K; ++k) {
    const flp_pdhg_args *a = args[k];
    const flp_vec *cs[B_COLS - 1] = {a->x, a->x0, a->c, a->l, a->u};
    const flp_vec *rs[B_ROWS] = {a->y, a->y0, a->rl, a->ru};
    for (int b = 0; b < B_COLS - 1; ++b) interleave(col[b], cs[b]->data, n, K, k);
    for (int b = 0; b < B_ROWS; ++b) interleave(row[b], rs[b]->data, m, K, k);
    tau[k] = a->tau;
    sigma[k] = a->sigma;
    k0[k] = (double)a->k0;
  }
  double *restrict X = col[B_X], *restrict XBAR = col[B_XBAR], *restrict Y = row[B_Y];
  const double *restrict X0 = col[B_X0], *restrict C = col[B_C], *restrict L = col[B_L],
                         *restrict U = col[B_U];
  const double *restrict Y0 = row[B_Y0], *restrict RL = row[B_RL], *restrict RU = row[B_RU];
  const double gamma = args[0]->gamma;
  const int nbp = At->nblocks, nbd = A->nblocks, team = nbp > nbd ? nbp : nbd;

#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
    double s[FLP_OMP_BATCH_MAX], w1[FLP_OMP_BATCH_MAX], w0[FLP_OMP_BATCH_MAX];
    for (int t = 0; t < count; ++t) {
      const int last = t == count - 1;
      for (int k = 0; k < K; ++k) {
        const double it = k0[k] + (double)t;
        w1[k] = (it + 1.0) / (it + 2.0);
        w0[k] = 1.0 / (it + 2.0);
      }
      for (int b = tid; b < nbp; b += nth) {
        for (int32_t j = At->block_row[b]; j < At->block_row[b + 1]; ++j) {
          row_dot_block(At, Y, j, K, s);
          const int64_t o = (int64_t)j * K;
          for (int k = 0; k < K; ++k) {
            const double xj = X[o + k];
            const double t2 = flp_omp_clamp(xj - tau[k] * (C[o + k] - s[k]), L[o + k], U[o + k]);
            const double xb = 2.0 * t2 - xj;
            XBAR[o + k] = xb;
            X[o + k] = w1[k] * ((1.0 - gamma) * xj + gamma * xb) + w0[k] * X0[o + k];
            if (last) {
              args[k]->aty->data[j] = s[k];
              args[k]->xh->data[j] = t2;
              args[k]->xbar->data[j] = xb;
            }
          }
        }
      }
#pragma omp barrier
      for (int b = tid; b < nbd; b += nth) {
        for (int32_t i = A->block_row[b]; i < A->block_row[b + 1]; ++i) {
          row_dot_block(A, XBAR, i, K, s);
          const int64_t o = (int64_t)i * K;
          for (int k = 0; k < K; ++k) {
            const double yi = Y[o + k], sg = sigma[k];
            const double q = yi - sg * s[k] + sg * flp_omp_clamp(s[k] - yi / sg, RL[o + k], RU[o + k]);
            Y[o + k] = w1[k] * ((1.0 - gamma) * yi + gamma * (2.0 * q - yi)) + w0[k] * Y0[o + k];
            if (last) {
              args[k]->v->data[i] = s[k];
              args[k]->yh->data[i] = q;
            }
          }
        }
      }
#pragma omp barrier
    }
  }
  for (int k = 0; k < K && count > 0; ++k) {
    deinterleave(args[k]->x->data, X, n, K, k);
    deinterleave(args[k]->y->data, Y, m, K, k);
  }
  return FLP_OK;
}

flp_rc flp_omp_pdhg_iterate_batch(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                                  int count, flp_error *err) {
  if (!ctx) return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: NULL context");
  flp_rc rc = check_batch(args, K, count, err);
  for (int k = 0; rc == FLP_OK && k < K; k += FLP_OMP_BATCH_MAX)
    rc = iterate_group(ctx, args + k, K - k < FLP_OMP_BATCH_MAX ? K - k : FLP_OMP_BATCH_MAX, count, err);
  return rc;
}
