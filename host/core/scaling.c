/* Diagonal preconditioning before the solve (DESIGN section 3):
 * Ruiz equilibration (inf-norm) and one Pock-Chambolle pass (alpha = 1) on
 * the device matrix, once per matrix; then bound and objective rescaling of
 * the data, on the host (O(m + n)), redone whenever the data change. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "solver.h"

/* One equilibration pass: rn/cn receive the norms, become factors, and are
 * folded into A and into the accumulated scales R/C. */
static flp_rc scale_pass(flp_solver *s, int p, flp_vec *R, flp_vec *C, flp_vec *rn, flp_vec *cn,
                         flp_error *err) {
  const flp_backend *be = s->be;
  flp_rc rc;
  if ((rc = be->mat_norms(s->ctx, s->A, p, rn, cn, err)) != FLP_OK) return rc;
  if ((rc = be->vec_map(s->ctx, rn, FLP_MAP_RSQRT_OR_ONE, err)) != FLP_OK) return rc;
  if ((rc = be->vec_map(s->ctx, cn, FLP_MAP_RSQRT_OR_ONE, err)) != FLP_OK) return rc;
  if ((rc = be->mat_scale(s->ctx, s->A, rn, cn, err)) != FLP_OK) return rc;
  if ((rc = be->vec_mul(s->ctx, R, rn, err)) != FLP_OK) return rc;
  return be->vec_mul(s->ctx, C, cn, err);
}

static double finite_norm2(const double *a, const double *b, int32_t len) {
  double sq = 0;
  for (int32_t i = 0; i < len; ++i) {
    if (isfinite(a[i])) sq += a[i] * a[i];
    if (b && isfinite(b[i]) && b[i] != a[i]) sq += b[i] * b[i];
  }
  return sqrt(sq);
}

static flp_rc upload_scaled(flp_solver *s, double *tmp, flp_error *err) {
  const flp_problem *p = s->problem;
  const flp_scaling *sc = &s->scaling;
  const flp_backend *be = s->be;
  flp_rc rc;
  double b = sc->bound_scale, o = sc->obj_scale;
  for (int32_t j = 0; j < s->n; ++j) tmp[j] = o * sc->col_scale[j] * p->obj[j];
  if ((rc = be->vec_upload(s->ctx, s->v.c, tmp, err)) != FLP_OK) return rc;
  /* infinite bounds stay infinite under positive scaling */
  for (int32_t j = 0; j < s->n; ++j) tmp[j] = b * p->col_lower[j] / sc->col_scale[j];
  if ((rc = be->vec_upload(s->ctx, s->v.l, tmp, err)) != FLP_OK) return rc;
  for (int32_t j = 0; j < s->n; ++j) tmp[j] = b * p->col_upper[j] / sc->col_scale[j];
  if ((rc = be->vec_upload(s->ctx, s->v.u, tmp, err)) != FLP_OK) return rc;
  for (int32_t i = 0; i < s->m; ++i) tmp[i] = b * sc->row_scale[i] * p->row_lower[i];
  if ((rc = be->vec_upload(s->ctx, s->v.rl, tmp, err)) != FLP_OK) return rc;
  for (int32_t i = 0; i < s->m; ++i) tmp[i] = b * sc->row_scale[i] * p->row_upper[i];
  return be->vec_upload(s->ctx, s->v.ru, tmp, err);
}

flp_rc flp_scale_matrix(flp_solver *s, flp_error *err) {
  const flp_backend *be = s->be;
  const flp_settings *st = &s->settings;
  flp_scaling *sc = &s->scaling;
  flp_vec *R = s->v.row_w, *C = s->v.col_w; /* hold the scales until turned into weights */
  flp_vec *rn = s->v.dy, *cn = s->v.dx;
  flp_rc rc;
  if ((rc = be->vec_fill(s->ctx, R, 1.0, err)) != FLP_OK) return rc;
  if ((rc = be->vec_fill(s->ctx, C, 1.0, err)) != FLP_OK) return rc;
  for (int k = 0; k < st->ruiz_iterations; ++k)
    if ((rc = scale_pass(s, 0, R, C, rn, cn, err)) != FLP_OK) return rc;
  if (st->pock_chambolle_alpha > 0 && (rc = scale_pass(s, 1, R, C, rn, cn, err)) != FLP_OK) return rc;

  sc->row_scale = malloc(((size_t)s->m + 1) * sizeof(double));
  sc->col_scale = malloc(((size_t)s->n + 1) * sizeof(double));
  if (!sc->row_scale || !sc->col_scale)
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for scaling vectors");
  if ((rc = be->vec_download(s->ctx, R, sc->row_scale, err)) != FLP_OK) return rc;
  if ((rc = be->vec_download(s->ctx, C, sc->col_scale, err)) != FLP_OK) return rc;
  /* residual weights map scaled residuals back to the user's units */
  if ((rc = be->vec_map(s->ctx, R, FLP_MAP_INV_OR_ONE, err)) != FLP_OK) return rc;
  return be->vec_map(s->ctx, C, FLP_MAP_INV_OR_ONE, err);
}

flp_rc flp_scale_data(flp_solver *s, flp_error *err) {
  const flp_problem *p = s->problem;
  flp_scaling *sc = &s->scaling;
  int32_t len = s->m > s->n ? s->m : s->n;
  double *tmp = malloc(((size_t)len + 1) * sizeof(double));
  double *hi = malloc(((size_t)s->m + 1) * sizeof(double));
  if (!tmp || !hi) {
    free(tmp);
    free(hi);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for scaling");
  }
  sc->bound_scale = sc->obj_scale = 1.0;
  if (s->settings.bound_objective_rescaling) {
    for (int32_t i = 0; i < s->m; ++i) tmp[i] = sc->row_scale[i] * p->row_lower[i];
    for (int32_t i = 0; i < s->m; ++i) hi[i] = sc->row_scale[i] * p->row_upper[i];
    sc->bound_scale = 1.0 / (1.0 + finite_norm2(tmp, hi, s->m));
    for (int32_t j = 0; j < s->n; ++j) tmp[j] = sc->col_scale[j] * p->obj[j];
    sc->obj_scale = 1.0 / (1.0 + finite_norm2(tmp, NULL, s->n));
  }
  flp_rc rc = upload_scaled(s, tmp, err);
  free(tmp);
  free(hi);
  return rc;
}
