/* ||A_s||_2 by power iteration on A_s' A_s: the constant step is
 * step_safety / ||A_s||_2, so the estimate must be close from below. */
#include <math.h>
#include <stdlib.h>

#include "solver.h"

/* Deterministic start vector: a fixed-seed generator, no global state. */
static uint64_t next_random(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

flp_rc flp_estimate_norm(flp_solver *s, double *out, flp_error *err) {
  const flp_backend *be = s->be;
  flp_vec *q = s->v.xbar, *w = s->v.aty, *t = s->v.v; /* scratch: n, n, m */
  flp_rc rc;
  *out = 0;
  if (s->n == 0 || s->m == 0) return FLP_OK;
  double *start = malloc((size_t)s->n * sizeof(double));
  if (!start) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for power iteration");
  uint64_t seed = 20261123u;
  for (int32_t j = 0; j < s->n; ++j)
    start[j] = (double)(next_random(&seed) >> 11) * 0x1.0p-53 + 0.5;
  rc = be->vec_upload(s->ctx, q, start, err);
  free(start);
  if (rc != FLP_OK) return rc;
  double nq;
  if ((rc = be->norm2(s->ctx, q, &nq, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(s->ctx, 0.0, q, 1.0 / nq, q, err)) != FLP_OK) return rc;
  double sigma2 = 0;
  s->power_iterations = 0;
  for (int it = 0; it < s->settings.power_iter_max; ++it) {
    s->matrix_passes++;
    s->power_iterations++;
    if ((rc = be->spmv(s->ctx, s->A, 1.0, q, 0.0, t, err)) != FLP_OK) return rc;
    if ((rc = be->spmv_t(s->ctx, s->A, 1.0, t, 0.0, w, err)) != FLP_OK) return rc;
    double rayleigh, nw;
    if ((rc = be->dot(s->ctx, q, w, &rayleigh, err)) != FLP_OK) return rc;
    if ((rc = be->norm2(s->ctx, w, &nw, err)) != FLP_OK) return rc;
    if (!(nw > 0)) break; /* q in the null space: A is zero */
    if ((rc = be->axpby(s->ctx, 1.0 / nw, w, 0.0, q, err)) != FLP_OK) return rc;
    double prev = sigma2;
    sigma2 = rayleigh;
    if (it > 0 && fabs(sigma2 - prev) <= s->settings.power_iter_tol * sigma2) break;
  }
  *out = sqrt(fmax(sigma2, 0.0));
  return FLP_OK;
}
