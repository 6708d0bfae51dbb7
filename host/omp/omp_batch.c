/* OpenMP backend: the fused PDHG iteration of a scenario batch (backend.h:
 * pdhg_iterate_batch).
 *
 * The K LPs' iterates are gathered into interleaved blocks (entry j of LP k
 * at j * K + k), so that a nonzero a_ij of A is read once and multiplies K
 * consecutive doubles: the SpMM that makes a batch cheaper than K solves.
 * Every scalar operation is the single kernel's (omp_pdhg.c), in the same
 * order, so each LP's vectors come out bit for bit as K single calls leave
 * them. */
#include <stdint.h>
#include <string.h>

#include "omp_internal.h"

/* Scenarios per pass over A: a group's W partial sums stay in registers
 * (W is a constant in each instance of the kernel); wider batches run as
 * several groups, each reading A once. */
#define FLP_OMP_BATCH_MAX 8

enum { B_X, B_X0, B_C, B_L, B_U, B_XBAR, B_COLS }; /* n x W blocks */
enum { B_Y = 0, B_Y0, B_RL, B_RU, B_ROWS };         /* m x W blocks */
enum { D_C, D_L, D_U, D_RL, D_RU, D_COUNT };       /* the data blocks among them */

/* The vectors an LP's step writes. */
static void written(const flp_pdhg_args *a, const flp_vec *w[7]) {
  w[0] = a->x, w[1] = a->y, w[2] = a->xh, w[3] = a->yh, w[4] = a->aty, w[5] = a->xbar, w[6] = a->v;
}

static flp_rc check_batch(const flp_pdhg_args *const *args, int K, int count, flp_error *err) {
  if (!args || K < 1) return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: no LPs");
  for (int k = 0; k < K; ++k) {
    flp_rc rc = flp_omp_check_pdhg(args[k], count, err);
    if (rc != FLP_OK) return rc;
    if (args[k]->A != args[0]->A || !args[k]->halpern)
      return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: LP %d %s", k,
                           args[k]->A != args[0]->A ? "has another matrix" : "is not a Halpern step");
  }
  /* the LPs' steps run interleaved: one's output may not be another's vector */
  for (int k = 1; k < K; ++k) {
    const flp_vec *wk[7];
    written(args[k], wk);
    for (int j = 0; j < k; ++j) {
      const flp_vec *wj[7];
      written(args[j], wj);
      for (int a = 0; a < 7; ++a)
        for (int c = 0; c < 7; ++c)
          if (wk[a] == wj[c])
            return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate_batch: LPs %d and %d write "
                                 "the same vector", j, k);
    }
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

/* dst[i * W + k] = src[k][i]: each row of the block written once, in full. */
static void interleave(double *restrict dst, const double *const *src, int64_t len, int W) {
  for (int64_t i = 0; i < len; ++i)
    for (int k = 0; k < W; ++k) dst[i * W + k] = src[k][i];
}

static void deinterleave(double *const *dst, const double *restrict src, int64_t len, int W) {
  for (int64_t i = 0; i < len; ++i)
    for (int k = 0; k < W; ++k) dst[k][i] = src[i * W + k];
}

/* The blocks of one group and its per-scenario scalars. A data block (c,
 * l, u, rl, ru) that every LP of the group has alike is not interleaved:
 * it is LP 0's vector, read at entry j for every k (stride 1, step 0), which
 * saves its W-fold stream where scenarios change only some of the data
 * (demand forecasts: row bounds; price paths: costs). */
typedef struct group {
  int W;
  const flp_pdhg_args *const *args;
  double *col[B_COLS], *row[B_ROWS];
  int64_t stride[D_COUNT], step[D_COUNT]; /* entry (j, k) of data block d: j * stride + k * step */
  double tau[FLP_OMP_BATCH_MAX], sigma[FLP_OMP_BATCH_MAX], gamma[FLP_OMP_BATCH_MAX], k0[FLP_OMP_BATCH_MAX];
} group;

/* Row r of M times the block B: s[k] = sum_e val_e B[idx_e * W + k], in
 * stored order as flp_omp_row_dot sums. */
static inline __attribute__((always_inline)) void row_dot_block(const omp_csr *M,
                                                                const double *restrict B, int32_t r,
                                                                const int W, double *restrict s) {
  for (int k = 0; k < W; ++k) s[k] = 0.0;
  const int32_t *restrict idx = M->idx;
  const double *restrict val = M->val;
  for (int64_t e = M->ptr[r], end = M->ptr[r + 1]; e < end; ++e) {
    const double a = val[e], *restrict b = B + (int64_t)idx[e] * W;
    for (int k = 0; k < W; ++k) s[k] += a * b[k];
  }
}

/* `count` iterations of one group; W a constant in each instance. */
static inline __attribute__((always_inline)) void iterate_blocks(const group *g, const int W,
                                                                 int count) {
  const flp_pdhg_args *const *args = g->args;
  const omp_csr *A = &args[0]->A->a, *At = &args[0]->A->at;
  double *restrict X = g->col[B_X], *restrict XBAR = g->col[B_XBAR], *restrict Y = g->row[B_Y];
  const double *restrict X0 = g->col[B_X0], *restrict C = g->col[B_C], *restrict L = g->col[B_L],
                         *restrict U = g->col[B_U];
  const double *restrict Y0 = g->row[B_Y0], *restrict RL = g->row[B_RL], *restrict RU = g->row[B_RU];
  const int64_t cs = g->stride[D_C], ck = g->step[D_C], ls = g->stride[D_L], lk = g->step[D_L],
                us = g->stride[D_U], uk = g->step[D_U];
  const int64_t rls = g->stride[D_RL], rlk = g->step[D_RL], rus = g->stride[D_RU], ruk = g->step[D_RU];
  const int nbp = At->nblocks, nbd = A->nblocks, team = nbp > nbd ? nbp : nbd;

#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
    double s[FLP_OMP_BATCH_MAX], t2[FLP_OMP_BATCH_MAX], q[FLP_OMP_BATCH_MAX];
    double w1[FLP_OMP_BATCH_MAX], w0[FLP_OMP_BATCH_MAX];
    for (int t = 0; t < count; ++t) {
      const int last = t == count - 1;
      for (int k = 0; k < W; ++k) {
        const double it = g->k0[k] + (double)t;
        w1[k] = (it + 1.0) / (it + 2.0);
        w0[k] = 1.0 / (it + 2.0);
      }
      for (int b = tid; b < nbp; b += nth) {
        for (int32_t j = At->block_row[b]; j < At->block_row[b + 1]; ++j) {
          row_dot_block(At, Y, j, W, s);
          const int64_t o = (int64_t)j * W;
          for (int k = 0; k < W; ++k) {
            const double xj = X[o + k];
            t2[k] = flp_omp_clamp(xj - g->tau[k] * (C[j * cs + k * ck] - s[k]), L[j * ls + k * lk],
                                  U[j * us + k * uk]);
            const double xb = 2.0 * t2[k] - xj;
            XBAR[o + k] = xb;
            X[o + k] = w1[k] * ((1.0 - g->gamma[k]) * xj + g->gamma[k] * xb) + w0[k] * X0[o + k];
          }
          if (last)
            for (int k = 0; k < W; ++k) {
              args[k]->aty->data[j] = s[k];
              args[k]->xh->data[j] = t2[k];
              args[k]->xbar->data[j] = XBAR[o + k];
            }
        }
      }
#pragma omp barrier
      for (int b = tid; b < nbd; b += nth) {
        for (int32_t i = A->block_row[b]; i < A->block_row[b + 1]; ++i) {
          row_dot_block(A, XBAR, i, W, s);
          const int64_t o = (int64_t)i * W;
          for (int k = 0; k < W; ++k) {
            const double yi = Y[o + k], sg = g->sigma[k];
            q[k] = yi - sg * s[k] + sg * flp_omp_clamp(s[k] - yi / sg, RL[i * rls + k * rlk],
                                                       RU[i * rus + k * ruk]);
            Y[o + k] = w1[k] * ((1.0 - g->gamma[k]) * yi + g->gamma[k] * (2.0 * q[k] - yi)) + w0[k] * Y0[o + k];
          }
          if (last)
            for (int k = 0; k < W; ++k) {
              args[k]->v->data[i] = s[k];
              args[k]->yh->data[i] = q[k];
            }
        }
      }
#pragma omp barrier
    }
  }
}

/* An LP's data vector d (D_*). */
static const double *data_of(const flp_pdhg_args *a, int d) {
  const flp_vec *v[D_COUNT] = {a->c, a->l, a->u, a->rl, a->ru};
  return v[d]->data;
}

/* Data block d of the group: LP 0's vector itself when all LPs have it
 * alike (one LP: always), else the LPs' vectors interleaved into *block. */
static void gather_data(group *g, int d, double **block, int64_t len) {
  const int W = g->W;
  const double *src[FLP_OMP_BATCH_MAX];
  int same = 1;
  for (int k = 0; k < W; ++k) {
    src[k] = data_of(g->args[k], d);
    same = same && (k == 0 || memcmp(src[k], src[0], (size_t)len * sizeof(double)) == 0);
  }
  if (same) {
    *block = (double *)src[0]; /* only read */
    g->stride[d] = 1, g->step[d] = 0;
  } else {
    interleave(*block, src, len, W);
    g->stride[d] = W, g->step[d] = 1;
  }
}

/* `count` iterations of the W LPs args[0..W), W <= FLP_OMP_BATCH_MAX. */
static flp_rc iterate_group(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int W,
                            int count, flp_error *err) {
  const int64_t n = args[0]->A->a.cols, m = args[0]->A->a.rows;
  double *ws = workspace(ctx, (B_COLS * n + B_ROWS * m) * W);
  if (!ws)
    return flp_error_set(err, FLP_ERR_NOMEM, "cpu: out of memory for a batch of %d LPs (%lld x %lld)",
                         W, (long long)m, (long long)n);
  group g = {.W = W, .args = args};
  for (int b = 0; b < B_COLS; ++b) g.col[b] = ws + b * n * W;
  for (int b = 0; b < B_ROWS; ++b) g.row[b] = ws + (B_COLS * n + b * m) * W;
  const double *src[FLP_OMP_BATCH_MAX];
  double *dst[FLP_OMP_BATCH_MAX];
#define GATHER(block, field, len)                                   \
  do {                                                              \
    for (int k = 0; k < W; ++k) src[k] = args[k]->field->data;      \
    interleave(block, src, len, W);                                 \
  } while (0)
  GATHER(g.col[B_X], x, n);
  GATHER(g.col[B_X0], x0, n);
  GATHER(g.row[B_Y], y, m);
  GATHER(g.row[B_Y0], y0, m);
  gather_data(&g, D_C, &g.col[B_C], n);
  gather_data(&g, D_L, &g.col[B_L], n);
  gather_data(&g, D_U, &g.col[B_U], n);
  gather_data(&g, D_RL, &g.row[B_RL], m);
  gather_data(&g, D_RU, &g.row[B_RU], m);
#undef GATHER
  for (int k = 0; k < W; ++k) {
    g.tau[k] = args[k]->tau;
    g.sigma[k] = args[k]->sigma;
    g.gamma[k] = args[k]->gamma;
    g.k0[k] = (double)args[k]->k0;
  }
  switch (W) { /* one instance per width: the loops over k have constant length */
    case 1: iterate_blocks(&g, 1, count); break;
    case 2: iterate_blocks(&g, 2, count); break;
    case 3: iterate_blocks(&g, 3, count); break;
    case 4: iterate_blocks(&g, 4, count); break;
    case 5: iterate_blocks(&g, 5, count); break;
    case 6: iterate_blocks(&g, 6, count); break;
    case 7: iterate_blocks(&g, 7, count); break;
    default: iterate_blocks(&g, FLP_OMP_BATCH_MAX, count); break;
  }
  if (count > 0) {
    for (int k = 0; k < W; ++k) dst[k] = args[k]->x->data;
    deinterleave(dst, g.col[B_X], n, W);
    for (int k = 0; k < W; ++k) dst[k] = args[k]->y->data;
    deinterleave(dst, g.row[B_Y], m, W);
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
