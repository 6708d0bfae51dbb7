/* OpenMP backend: vector reductions (dot, 2-norm, inf-norm).
 *
 * Deterministic by construction: block b of a fixed contiguous partition sums
 * sequentially into its own cache line of ctx->partial, then the blocks are
 * combined in block order. No reduction clause (its combination order is
 * unspecified). */
#include <math.h>

#include "omp_internal.h"

/* Larger |t| wins; a NaN, once seen, wins for good (a diverged iterate must
 * not look small). */
static inline double max_abs(double m, double t) {
  double a = fabs(t);
  return (a > m || a != a) ? a : m;
}

/* sum a_i b_i over [lo, hi) in four interleaved lanes: the order is fixed, and
 * four independent chains keep the adder busy while staying reproducible. */
static inline double sum_prod(const double *restrict a, const double *restrict b, int64_t lo,
                              int64_t hi) {
  double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
  int64_t i = lo;
  for (; i + 4 <= hi; i += 4) {
    s0 += a[i] * b[i];
    s1 += a[i + 1] * b[i + 1];
    s2 += a[i + 2] * b[i + 2];
    s3 += a[i + 3] * b[i + 3];
  }
  for (; i < hi; ++i) s0 += a[i] * b[i];
  return (s0 + s1) + (s2 + s3);
}

flp_rc flp_omp_dot(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                   flp_error *err) {
  if (!ctx || !x || !out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: dot: NULL argument");
  flp_rc rc = flp_omp_check_vec("dot", "y", y, x->n, err);
  if (rc != FLP_OK) return rc;
  const double *restrict xd = x->data, *restrict yd = y->data;
  int64_t n = x->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  omp_partial *part = ctx->partial;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    int64_t lo = flp_omp_split(n, nb, b), hi = flp_omp_split(n, nb, b + 1);
    part[b].v[0] = sum_prod(xd, yd, lo, hi);
  }
  double s = 0.0;
  for (int b = 0; b < nb; ++b) s += part[b].v[0];
  *out = s;
  return FLP_OK;
}

flp_rc flp_omp_norm2(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  if (!ctx || !x || !out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: norm2: NULL argument");
  const double *restrict xd = x->data;
  int64_t n = x->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  omp_partial *part = ctx->partial;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    int64_t lo = flp_omp_split(n, nb, b), hi = flp_omp_split(n, nb, b + 1);
    part[b].v[0] = sum_prod(xd, xd, lo, hi);
  }
  double s = 0.0;
  for (int b = 0; b < nb; ++b) s += part[b].v[0];
  *out = sqrt(s);
  return FLP_OK;
}

flp_rc flp_omp_norm_inf(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  if (!ctx || !x || !out)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: norm_inf: NULL argument");
  const double *restrict xd = x->data;
  int64_t n = x->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  omp_partial *part = ctx->partial;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    int64_t lo = flp_omp_split(n, nb, b), hi = flp_omp_split(n, nb, b + 1);
    double m = 0.0;
    for (int64_t i = lo; i < hi; ++i) m = max_abs(m, xd[i]);
    part[b].v[0] = m;
  }
  double m = 0.0;
  for (int b = 0; b < nb; ++b) m = max_abs(m, part[b].v[0]);
  *out = m;
  return FLP_OK;
}
