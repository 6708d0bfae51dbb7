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

/* Scenarios per pass over A. A group's width W is even, its LPs taken two
 * at a time in one vector (`vd`), and its W / 2 partial sums of a row stay in
 * registers; wider batches run as several groups, each reading A once, and
 * an odd one out takes the single step. */
#define FLP_OMP_BATCH_MAX 8

enum { B_X, B_X0, B_C, B_L, B_U, B_XBAR, B_COLS }; /* n x W blocks */
enum { B_Y = 0, B_Y0, B_RL, B_RU, B_ROWS };         /* m x W blocks */
enum { D_C, D_L, D_U, D_RL, D_RU, D_COUNT };       /* the data blocks among them */

/* Two LPs' entries. GCC's and Clang's vector extension, written out rather
 * than left to the vectoriser, which kept the loops scalar (and the sums in
 * memory) in some instances: a batched step then cost per scenario as much
 * as a single step. Each operation is the scalar one, lane by lane, in the
 * same order, so the bits are those of the single kernel. */
typedef double vd __attribute__((vector_size(16)));
typedef long long vmask __attribute__((vector_size(16)));
#define VL 2 /* lanes of a vd */

static inline vd vload(const double *p) {
  vd v;
  memcpy(&v, p, sizeof v);
  return v;
}
static inline void vstore(double *p, vd v) { memcpy(p, &v, sizeof v); }
static inline vd vsplat(double a) { return (vd){a, a}; }
static inline vd vselect(vmask m, vd a, vd b) { return (vd)(((vmask)a & m) | ((vmask)b & ~m)); }
/* flp_omp_clamp lane by lane (a NaN stays NaN, -0 stays -0) */
static inline vd vclamp(vd t, vd lo, vd hi) {
  t = vselect(t < lo, lo, t);
  return vselect(t > hi, hi, t);
}

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
 * it is LP 0's vector, read at entry j for every k, which saves its W-fold
 * stream where scenarios change only some of the data (demand forecasts:
 * row bounds; price paths: costs). */
typedef struct group {
  int W;
  const flp_pdhg_args *const *args;
  double *col[B_COLS], *row[B_ROWS];
  int per_lp[D_COUNT]; /* data block d: 1 interleaved (entry j of LP k at j * W + k), 0 LP 0's vector */
  double tau[FLP_OMP_BATCH_MAX], sigma[FLP_OMP_BATCH_MAX], gamma[FLP_OMP_BATCH_MAX], k0[FLP_OMP_BATCH_MAX];
} group;

/* Row r of M times the block B: s[v] = sum_e val_e B[idx_e * W + VL v ..],
 * in stored order as flp_omp_row_dot sums. */
static inline __attribute__((always_inline)) void row_dot_block(const omp_csr *M,
                                                                const double *restrict B, int32_t r,
                                                                const int NV, vd *restrict s) {
  for (int v = 0; v < NV; ++v) s[v] = vsplat(0.0);
  const int32_t *restrict idx = M->idx;
  const double *restrict val = M->val;
  for (int64_t e = M->ptr[r], end = M->ptr[r + 1]; e < end; ++e) {
    const vd a = vsplat(val[e]);
    const double *restrict b = B + (int64_t)idx[e] * (NV * VL);
    for (int v = 0; v < NV; ++v) s[v] += a * vload(b + VL * v);
  }
}

/* Lanes v of entry j of data block D: D[j] twice where the LPs share the
 * vector, else the block's. */
static inline __attribute__((always_inline)) vd data_entry(const double *restrict D, int per_lp,
                                                           int64_t j, const int NV, int v) {
  return per_lp ? vload(D + j * (NV * VL) + VL * v) : vsplat(D[j]);
}

/* Thread tid's share of `count` iterations of one group of W = VL NV LPs,
 * inside the parallel region; NV a constant in each instance (the caller's
 * switch). The region is opened by the caller because GCC outlines a
 * parallel body before it inlines: a width passed into a function that
 * holds the pragma reaches its loops as a variable. */
static inline __attribute__((always_inline)) void iterate_blocks(const group *g, const int NV,
                                                                 int count, int tid, int nth) {
  enum { NVMAX = FLP_OMP_BATCH_MAX / VL };
  const int W = NV * VL;
  const flp_pdhg_args *const *args = g->args;
  const omp_csr *A = &args[0]->A->a, *At = &args[0]->A->at;
  double *restrict X = g->col[B_X], *restrict XBAR = g->col[B_XBAR], *restrict Y = g->row[B_Y];
  const double *restrict X0 = g->col[B_X0], *restrict C = g->col[B_C], *restrict L = g->col[B_L],
                         *restrict U = g->col[B_U];
  const double *restrict Y0 = g->row[B_Y0], *restrict RL = g->row[B_RL], *restrict RU = g->row[B_RU];
  const int *per_lp = g->per_lp;
  const int nbp = At->nblocks, nbd = A->nblocks;
  vd tau[NVMAX], sigma[NVMAX], gamma[NVMAX], keep[NVMAX], two = vsplat(2.0), one = vsplat(1.0);
  for (int v = 0; v < NV; ++v) {
    tau[v] = vload(g->tau + VL * v);
    sigma[v] = vload(g->sigma + VL * v);
    gamma[v] = vload(g->gamma + VL * v);
    keep[v] = one - gamma[v];
  }
  for (int t = 0; t < count; ++t) {
    const int last = t == count - 1;
    vd w1[NVMAX], w0[NVMAX], s[NVMAX];
    for (int v = 0; v < NV; ++v) {
      const vd it = vload(g->k0 + VL * v) + vsplat((double)t);
      w1[v] = (it + one) / (it + two);
      w0[v] = one / (it + two);
    }
    for (int b = tid; b < nbp; b += nth) {
      for (int32_t j = At->block_row[b]; j < At->block_row[b + 1]; ++j) {
        row_dot_block(At, Y, j, NV, s);
        const int64_t o = (int64_t)j * W;
        for (int v = 0; v < NV; ++v) {
          const vd xj = vload(X + o + VL * v);
          const vd t2 = vclamp(xj - tau[v] * (data_entry(C, per_lp[D_C], j, NV, v) - s[v]),
                               data_entry(L, per_lp[D_L], j, NV, v), data_entry(U, per_lp[D_U], j, NV, v));
          const vd xb = two * t2 - xj;
          vstore(XBAR + o + VL * v, xb);
          vstore(X + o + VL * v, w1[v] * (keep[v] * xj + gamma[v] * xb) + w0[v] * vload(X0 + o + VL * v));
          if (last)
            for (int l = 0; l < VL; ++l) {
              const int k = VL * v + l;
              args[k]->aty->data[j] = s[v][l];
              args[k]->xh->data[j] = t2[l];
              args[k]->xbar->data[j] = xb[l];
            }
        }
      }
    }
#pragma omp barrier
    for (int b = tid; b < nbd; b += nth) {
      for (int32_t i = A->block_row[b]; i < A->block_row[b + 1]; ++i) {
        row_dot_block(A, XBAR, i, NV, s);
        const int64_t o = (int64_t)i * W;
        for (int v = 0; v < NV; ++v) {
          const vd yi = vload(Y + o + VL * v), sg = sigma[v];
          const vd q = yi - sg * s[v] +
                       sg * vclamp(s[v] - yi / sg, data_entry(RL, per_lp[D_RL], i, NV, v),
                                   data_entry(RU, per_lp[D_RU], i, NV, v));
          vstore(Y + o + VL * v, w1[v] * (keep[v] * yi + gamma[v] * (two * q - yi)) + w0[v] * vload(Y0 + o + VL * v));
          if (last)
            for (int l = 0; l < VL; ++l) {
              const int k = VL * v + l;
              args[k]->v->data[i] = s[v][l];
              args[k]->yh->data[i] = q[l];
            }
        }
      }
    }
#pragma omp barrier
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
    g->per_lp[d] = 0;
  } else {
    interleave(*block, src, len, W);
    g->per_lp[d] = 1;
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
  const int nbp = args[0]->A->at.nblocks, nbd = args[0]->A->a.nblocks, team = nbp > nbd ? nbp : nbd;
#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
    switch (W / VL) { /* one instance per width: the loops over v have constant length */
      case 1: iterate_blocks(&g, 1, count, tid, nth); break;
      case 2: iterate_blocks(&g, 2, count, tid, nth); break;
      case 3: iterate_blocks(&g, 3, count, tid, nth); break;
      default: iterate_blocks(&g, FLP_OMP_BATCH_MAX / VL, count, tid, nth); break;
    }
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
  for (int k = 0; rc == FLP_OK && k < K;) {
    const int left = K - k, W = left >= FLP_OMP_BATCH_MAX ? FLP_OMP_BATCH_MAX : left - left % VL;
    if (W == 0) { /* the odd one out */
      rc = flp_omp_pdhg_iterate(ctx, args[k], count, err);
      k += 1;
    } else {
      rc = iterate_group(ctx, args + k, W, count, err);
      k += W;
    }
  }
  return rc;
}
