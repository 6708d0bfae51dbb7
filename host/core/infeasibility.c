/* Candidate rays for infeasibility (DESIGN section 3). For an infeasible LP
 * the PDHG displacement T(z) - z tends to the minimal displacement vector,
 * whose dual part is a Farkas ray and whose primal part is an unbounded
 * direction; the movement since the last restart points the same way. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "infeasibility.h"
#include "kkt_host.h"

flp_rc flp_infeas_probe_init(flp_infeas_probe *pr, int32_t m, int32_t n, flp_error *err) {
  memset(pr, 0, sizeof *pr);
  size_t big = (size_t)(m > n ? m : n) + 1;
  pr->xs = malloc(((size_t)n + 1) * sizeof(double));
  pr->ys = malloc(((size_t)m + 1) * sizeof(double));
  pr->work = malloc(big * sizeof(double));
  if (!pr->xs || !pr->ys || !pr->work) {
    flp_infeas_probe_free(pr);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for infeasibility detection");
  }
  return FLP_OK;
}

void flp_infeas_probe_free(flp_infeas_probe *pr) {
  free(pr->xs);
  free(pr->ys);
  free(pr->work);
  free(pr->ray);
  memset(pr, 0, sizeof *pr);
}

int flp_infeas_probe_due(const flp_infeas_probe *pr, int64_t it) {
  return pr->calls < 8 || it >= pr->next_it;
}

static void normalise(double *v, int32_t len) {
  double mx = 0;
  for (int32_t i = 0; i < len; ++i) mx = fmax(mx, fabs(v[i]));
  if (mx > 0)
    for (int32_t i = 0; i < len; ++i) v[i] /= mx;
}

/* Rays live in cones the iterates only approach: a dual ray's y_i must have
 * the sign its row admits, a primal ray's d_j the sign its bounds admit.
 * Dropping the wrong-signed parts (iterate noise) is exact, and leaves the
 * checks to judge what no projection can fix. */
static void project_to_cones(const flp_problem *p, double *y, double *d) {
  for (int32_t i = 0; i < p->num_rows; ++i) {
    if (y[i] > 0 && !isfinite(p->row_lower[i])) y[i] = 0;
    if (y[i] < 0 && !isfinite(p->row_upper[i])) y[i] = 0;
  }
  for (int32_t j = 0; j < p->num_cols; ++j) {
    if (d[j] < 0 && isfinite(p->col_lower[j])) d[j] = 0;
    if (d[j] > 0 && isfinite(p->col_upper[j])) d[j] = 0;
  }
}

/* Unscales the scaled candidate (sign applied) and checks it. */
static int try_rays(flp_solver *s, flp_infeas_probe *pr, double sign) {
  const flp_problem *p = s->problem;
  const flp_scaling *sc = &s->scaling;
  double tol = s->settings.infeas_tol, q;
  for (int32_t i = 0; i < s->m; ++i) pr->ys[i] *= sign * sc->row_scale[i];
  for (int32_t j = 0; j < s->n; ++j) pr->xs[j] *= sign * sc->col_scale[j];
  project_to_cones(p, pr->ys, pr->xs);
  normalise(pr->ys, s->m);
  normalise(pr->xs, s->n);
  /* a ray that passes ends the solve: the probe hands its buffer over */
  double *keep = NULL;
  if (flp_check_dual_ray(p, pr->ys, tol, pr->work, &q)) {
    pr->found = FLP_PRIMAL_INFEASIBLE;
    keep = pr->ys;
    pr->ys = NULL;
  } else if (flp_check_primal_ray(p, pr->xs, tol, pr->work, &q)) {
    pr->found = FLP_DUAL_INFEASIBLE;
    keep = pr->xs;
    pr->xs = NULL;
  } else {
    return 0;
  }
  pr->ray = keep;
  pr->quality = q;
  return 1;
}

static flp_rc download_pair(flp_solver *s, flp_infeas_probe *pr, flp_error *err) {
  flp_rc rc = s->be->vec_download(s->ctx, s->v.dx, pr->xs, err);
  if (rc == FLP_OK) rc = s->be->vec_download(s->ctx, s->v.dy, pr->ys, err);
  return rc;
}

flp_rc flp_infeas_probe_run(flp_solver *s, flp_infeas_probe *pr, int64_t it, flp_error *err) {
  const flp_backend *be = s->be;
  flp_vectors *v = &s->v;
  flp_rc rc;
  pr->calls++;
  /* A host probe costs a few passes over A, an iteration one on the device:
   * gaps growing with the iterations keep probes a few dozen per solve,
   * and a ray that holds is found at most an eighth later. */
  pr->next_it = it + (it / 8 > 1 ? it / 8 : 1);
  /* 1: T(z) - z = -(dx, dy) */
  if ((rc = download_pair(s, pr, err)) != FLP_OK) return rc;
  if (try_rays(s, pr, -1.0)) return FLP_OK;
  /* 2: movement since the last restart */
  if ((rc = be->vec_copy(s->ctx, v->dx, v->xh, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(s->ctx, -1.0, v->x0, 1.0, v->dx, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(s->ctx, v->dy, v->yh, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(s->ctx, -1.0, v->y0, 1.0, v->dy, err)) != FLP_OK) return rc;
  if ((rc = download_pair(s, pr, err)) != FLP_OK) return rc;
  try_rays(s, pr, 1.0);
  return FLP_OK;
}
