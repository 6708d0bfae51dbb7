/* OpenMP backend: the fused PDHG iteration and the fused KKT reduction.
 *
 * pdhg_iterate runs all `count` iterations inside one parallel region. Each
 * iteration is two passes separated by barriers:
 *   primal pass over the rows of A' (its balanced blocks): aty_j, xh_j,
 *     xbar_j and the Halpern update of x_j, one read of each operand;
 *   dual pass over the rows of A: v_i, yh_i and the Halpern update of y_i.
 * A pass reads the other side's vector in full, so a barrier separates them;
 * everything else is private to the row. No allocation, no reduction. */
#include <math.h>
#include <stdint.h>

#include "omp_internal.h"

#define clamp flp_omp_clamp

flp_rc flp_omp_check_pdhg(const flp_pdhg_args *a, int count, flp_error *err) {
  if (!a || !a->A) return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate: NULL argument");
  if (count < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate: negative count %d", count);
  int64_t m = a->A->a.rows, n = a->A->a.cols;
  const struct {
    const char *name;
    const flp_vec *v;
    int64_t n;
  } vs[] = {{"xh", a->xh, n}, {"yh", a->yh, m}, {"aty", a->aty, n}, {"xbar", a->xbar, n},
            {"v", a->v, m},   {"x", a->x, n},   {"y", a->y, m},     {"x0", a->x0, n},
            {"y0", a->y0, m}, {"c", a->c, n},   {"l", a->l, n},     {"u", a->u, n},
            {"rl", a->rl, m}, {"ru", a->ru, m}};
  enum { NVEC = sizeof vs / sizeof vs[0] };
  for (int i = 0; i < NVEC; ++i) {
    flp_rc rc = flp_omp_check_vec("pdhg_iterate", vs[i].name, vs[i].v, vs[i].n, err);
    if (rc != FLP_OK) return rc;
  }
  /* The loops promise the compiler no overlap: a vector the call writes (the
   * first five, and x, y under halpern) may not be any other argument. */
  const int written = a->halpern ? 7 : 5;
  for (int i = 0; i < written; ++i)
    for (int j = 0; j < NVEC; ++j)
      if (i != j && vs[i].v == vs[j].v)
        return flp_error_set(err, FLP_ERR_INPUT,
                             "cpu: pdhg_iterate: %s and %s are the same vector", vs[i].name,
                             vs[j].name);
  return FLP_OK;
}

flp_rc flp_omp_pdhg_iterate(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count,
                            flp_error *err) {
  if (!ctx) return flp_error_set(err, FLP_ERR_INPUT, "cpu: pdhg_iterate: NULL context");
  flp_rc rc = flp_omp_check_pdhg(a, count, err);
  if (rc != FLP_OK) return rc;

  const omp_csr *A = &a->A->a, *At = &a->A->at;
  const double *restrict c = a->c->data, *restrict l = a->l->data, *restrict u = a->u->data;
  const double *restrict rl = a->rl->data, *restrict ru = a->ru->data;
  const double *restrict x0 = a->x0->data, *restrict y0 = a->y0->data;
  double *restrict x = a->x->data, *restrict y = a->y->data;
  double *restrict xh = a->xh->data, *restrict yh = a->yh->data;
  double *restrict aty = a->aty->data, *restrict xbar = a->xbar->data, *restrict v = a->v->data;
  const double tau = a->tau, sigma = a->sigma, gamma = a->gamma;
  const int halpern = a->halpern;
  const int64_t k0 = a->k0;
  const int nbp = At->nblocks, nbd = A->nblocks;
  const int team = nbp > nbd ? nbp : nbd;

#pragma omp parallel num_threads(team) if (team > 1)
  {
    const int tid = omp_get_thread_num(), nth = omp_get_num_threads();
    for (int t = 0; t < count; ++t) {
      const double k = (double)(k0 + t);
      const double w1 = (k + 1.0) / (k + 2.0), w0 = 1.0 / (k + 2.0);

      for (int b = tid; b < nbp; b += nth) {
        const int32_t j1 = At->block_row[b + 1];
        if (halpern) {
          for (int32_t j = At->block_row[b]; j < j1; ++j) {
            const double s = flp_omp_row_dot(At, y, j), xj = x[j];
            const double t2 = clamp(xj - tau * (c[j] - s), l[j], u[j]);
            const double xb = 2.0 * t2 - xj;
            aty[j] = s;
            xh[j] = t2;
            xbar[j] = xb;
            x[j] = w1 * ((1.0 - gamma) * xj + gamma * xb) + w0 * x0[j];
          }
        } else {
          for (int32_t j = At->block_row[b]; j < j1; ++j) {
            const double s = flp_omp_row_dot(At, y, j), xj = x[j];
            const double t2 = clamp(xj - tau * (c[j] - s), l[j], u[j]);
            aty[j] = s;
            xh[j] = t2;
            xbar[j] = 2.0 * t2 - xj;
          }
        }
      }
#pragma omp barrier
      for (int b = tid; b < nbd; b += nth) {
        const int32_t i1 = A->block_row[b + 1];
        for (int32_t i = A->block_row[b]; i < i1; ++i) {
          const double s = flp_omp_row_dot(A, xbar, i), yi = y[i];
          const double q = yi - sigma * s + sigma * clamp(s - yi / sigma, rl[i], ru[i]);
          v[i] = s;
          yh[i] = q;
          if (halpern) y[i] = w1 * ((1.0 - gamma) * yi + gamma * (2.0 * q - yi)) + w0 * y0[i];
        }
      }
#pragma omp barrier
    }
  }
  return FLP_OK;
}

/* Slots of one block's partial KKT sums in ctx->partial[b].v */
enum { K_POBJ, K_DOBJ, K_PSQ, K_PINF, K_DSQ, K_DINF };

static inline double max_abs(double m, double t) {
  double a = fabs(t);
  return (a > m || a != a) ? a : m; /* a NaN sticks */
}

static flp_rc check_kkt(const flp_kkt_args *a, flp_error *err) {
  if (!a || !a->x || !a->y)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: kkt_sums: NULL argument");
  int64_t n = a->x->n, m = a->y->n;
  const struct {
    const char *name;
    const flp_vec *v;
    int64_t n;
  } vs[] = {{"ax", a->ax, m}, {"aty", a->aty, n}, {"c", a->c, n},         {"l", a->l, n},
            {"u", a->u, n},   {"rl", a->rl, m},   {"ru", a->ru, m},       {"row_w", a->row_w, m},
            {"col_w", a->col_w, n}};
  for (size_t i = 0; i < sizeof vs / sizeof vs[0]; ++i) {
    flp_rc rc = flp_omp_check_vec("kkt_sums", vs[i].name, vs[i].v, vs[i].n, err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

flp_rc flp_omp_kkt_sums(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                        flp_error *err) {
  if (!ctx || !out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: kkt_sums: NULL argument");
  flp_rc rc = check_kkt(a, err);
  if (rc != FLP_OK) return rc;
  const int64_t n = a->x->n, m = a->y->n;
  const double *restrict x = a->x->data, *restrict y = a->y->data;
  const double *restrict ax = a->ax->data, *restrict aty = a->aty->data;
  const double *restrict c = a->c->data, *restrict l = a->l->data, *restrict u = a->u->data;
  const double *restrict rl = a->rl->data, *restrict ru = a->ru->data;
  const double *restrict row_w = a->row_w->data, *restrict col_w = a->col_w->data;
  /* Block b takes a slice of the columns and the same slice of the rows. */
  const int nb = flp_omp_blocks(ctx, n + m, FLP_OMP_GRAIN_VEC);
  omp_partial *part = ctx->partial;

#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    double pobj = 0.0, dobj = 0.0, psq = 0.0, pinf = 0.0, dsq = 0.0, dinf = 0.0;
    const int64_t j1 = flp_omp_split(n, nb, b + 1);
    for (int64_t j = flp_omp_split(n, nb, b); j < j1; ++j) {
      pobj += c[j] * x[j];
      const double g = c[j] - aty[j];
      const double lam = ((g > 0.0 && l[j] > -INFINITY) || (g < 0.0 && u[j] < INFINITY)) ? g : 0.0;
      const double d = col_w[j] * (g - lam);
      dsq += d * d;
      dinf = max_abs(dinf, d);
      /* lam > 0 only against a finite l, lam < 0 only against a finite u:
       * the infinite side is never multiplied. */
      if (lam > 0.0) dobj += l[j] * lam;
      else if (lam < 0.0) dobj += u[j] * lam;
    }
    const int64_t i1 = flp_omp_split(m, nb, b + 1);
    for (int64_t i = flp_omp_split(m, nb, b); i < i1; ++i) {
      const double p = row_w[i] * (ax[i] - clamp(ax[i], rl[i], ru[i]));
      psq += p * p;
      pinf = max_abs(pinf, p);
      const double yi = y[i];
      const int lo_inf = rl[i] == -INFINITY, hi_inf = ru[i] == INFINITY;
      double wrong = 0.0;
      if (lo_inf && yi > 0.0) wrong += yi;
      if (hi_inf && yi < 0.0) wrong += yi;
      if (wrong != 0.0) {
        const double e = wrong / row_w[i];
        dsq += e * e;
        dinf = max_abs(dinf, e);
      }
      if (!lo_inf && yi > 0.0) dobj += rl[i] * yi;
      if (!hi_inf && yi < 0.0) dobj += ru[i] * yi;
    }
    double *s = part[b].v;
    s[K_POBJ] = pobj;
    s[K_DOBJ] = dobj;
    s[K_PSQ] = psq;
    s[K_PINF] = pinf;
    s[K_DSQ] = dsq;
    s[K_DINF] = dinf;
  }

  flp_kkt_sums r = {0};
  for (int b = 0; b < nb; ++b) {
    const double *s = part[b].v;
    r.primal_obj += s[K_POBJ];
    r.dual_obj += s[K_DOBJ];
    r.primal_res_sq += s[K_PSQ];
    r.primal_res_inf = max_abs(r.primal_res_inf, s[K_PINF]);
    r.dual_res_sq += s[K_DSQ];
    r.dual_res_inf = max_abs(r.dual_res_inf, s[K_DINF]);
  }
  *out = r;
  return FLP_OK;
}
