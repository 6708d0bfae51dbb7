/* ||A_s||_2 for the step eta = step_safety / ||A_s||_2, by the Lanczos method
 * on A_s' A_s: its largest Ritz value approaches the largest eigenvalue from
 * below (so the estimate is close from below, as the step needs) far faster
 * than power iteration does: on netlib's bnl2 power iteration at a relative
 * change of 1e-4 stops 3% low after 16 products (1,756 to get within 1e-8),
 * where Lanczos settles in tens (bench/results/cpu/tuning.md). */
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

/* Eigenvalues of the k x k symmetric tridiagonal T (diagonal a, off-diagonal
 * b[0..k-2]) below x: the Sturm sequence count. */
static int count_below(const double *a, const double *b, int k, double x) {
  int count = 0;
  double d = 1;
  for (int i = 0; i < k; ++i) {
    double off = i > 0 ? b[i - 1] * b[i - 1] : 0;
    d = a[i] - x - (i > 0 ? off / d : 0);
    if (d == 0) d = -1e-300; /* step past an exact zero pivot */
    if (d < 0) ++count;
  }
  return count;
}

/* The largest eigenvalue of T, by bisection on the Sturm count from lo (the
 * previous T's, which it cannot be below: Ritz values interlace). */
static double largest_eigenvalue(const double *a, const double *b, int k, double lo) {
  double hi = lo;
  for (int i = 0; i < k; ++i) {
    double r = fabs(a[i]) + (i > 0 ? fabs(b[i - 1]) : 0) + (i + 1 < k ? fabs(b[i]) : 0);
    if (r > hi) hi = r;
  }
  for (int it = 0; it < 64 && hi - lo > 1e-15 * hi; ++it) {
    double mid = 0.5 * (lo + hi);
    if (count_below(a, b, k, mid) < k) lo = mid; /* some eigenvalue at or above mid */
    else hi = mid;
  }
  return lo;
}

flp_rc flp_estimate_norm(flp_solver *s, double *out, flp_error *err) {
  const flp_backend *be = s->be;
  flp_vec *q = s->v.xbar, *prev = s->v.dx, *w = s->v.aty, *t = s->v.v; /* scratch: n, n, n, m */
  const int kmax = s->settings.power_iter_max;
  flp_rc rc;
  *out = 0;
  s->power_iterations = 0;
  if (s->n == 0 || s->m == 0 || kmax <= 0) return FLP_OK;
  double *start = malloc((size_t)s->n * sizeof(double));
  double *alpha = malloc(((size_t)kmax + 1) * sizeof(double));
  double *beta = malloc(((size_t)kmax + 1) * sizeof(double));
  if (!start || !alpha || !beta) {
    free(start);
    free(alpha);
    free(beta);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the norm estimate");
  }
  uint64_t seed = 20261123u;
  for (int32_t j = 0; j < s->n; ++j) start[j] = (double)(next_random(&seed) >> 11) * 0x1.0p-53 + 0.5;
  rc = be->vec_upload(s->ctx, q, start, err);
  double nq = 0, theta = 0;
  if (rc == FLP_OK) rc = be->norm2(s->ctx, q, &nq, err);
  if (rc == FLP_OK) rc = be->axpby(s->ctx, 0.0, q, 1.0 / nq, q, err);
  if (rc == FLP_OK) rc = be->vec_fill(s->ctx, prev, 0.0, err);
  for (int k = 0; k < kmax && rc == FLP_OK; ++k) {
    s->matrix_passes++;
    s->power_iterations++;
    if ((rc = be->spmv(s->ctx, s->A, 1.0, q, 0.0, t, err)) != FLP_OK) break;
    if ((rc = be->spmv_t(s->ctx, s->A, 1.0, t, 0.0, w, err)) != FLP_OK) break;
    if ((rc = be->dot(s->ctx, q, w, &alpha[k], err)) != FLP_OK) break;
    /* w = B q - alpha q - beta prev: the next Lanczos direction */
    if ((rc = be->axpby(s->ctx, -alpha[k], q, 1.0, w, err)) != FLP_OK) break;
    if (k > 0 && (rc = be->axpby(s->ctx, -beta[k - 1], prev, 1.0, w, err)) != FLP_OK) break;
    if ((rc = be->norm2(s->ctx, w, &beta[k], err)) != FLP_OK) break;
    double last = theta;
    theta = largest_eigenvalue(alpha, beta, k + 1, last);
    /* an invariant subspace makes theta exact; else stop when it settles */
    if (!(beta[k] > 1e-14 * (theta > 0 ? theta : 1)) ||
        (k >= 2 && fabs(theta - last) <= s->settings.power_iter_tol * theta))
      break;
    if ((rc = be->vec_copy(s->ctx, prev, q, err)) != FLP_OK) break;
    rc = be->axpby(s->ctx, 1.0 / beta[k], w, 0.0, q, err);
  }
  free(start);
  free(alpha);
  free(beta);
  if (rc == FLP_OK) *out = sqrt(fmax(theta, 0.0));
  return rc;
}
