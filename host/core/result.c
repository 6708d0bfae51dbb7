/* The result of a solve (result.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result.h"

flp_rc flp_result_alloc(flp_result *res, int32_t m, int32_t n, flp_error *err) {
  res->num_rows = m;
  res->num_cols = n;
  res->x = calloc((size_t)n + 1, sizeof(double));
  res->reduced_costs = calloc((size_t)n + 1, sizeof(double));
  res->y = calloc((size_t)m + 1, sizeof(double));
  res->row_activity = calloc((size_t)m + 1, sizeof(double));
  if (!res->x || !res->reduced_costs || !res->y || !res->row_activity)
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the solution");
  return FLP_OK;
}

flp_rc flp_unscale_point(flp_solver *s, flp_result *res, flp_kkt_report *rep, flp_error *err) {
  const flp_problem *p = s->problem;
  const flp_scaling *sc = &s->scaling;
  int presolved = p != &s->user;
  double *x = presolved ? s->post_x : res->x, *y = presolved ? s->post_y : res->y;
  flp_rc rc = s->be->vec_download(s->ctx, s->v.xh, x, err);
  if (rc == FLP_OK) rc = s->be->vec_download(s->ctx, s->v.yh, y, err);
  if (rc != FLP_OK) return rc;
  for (int32_t j = 0; j < s->n; ++j) {
    double xj = sc->col_scale[j] * x[j] / sc->bound_scale;
    x[j] = fmin(fmax(xj, p->col_lower[j]), p->col_upper[j]); /* undo rounding of the unscale */
  }
  for (int32_t i = 0; i < s->m; ++i) y[i] = sc->row_scale[i] * y[i] / sc->obj_scale;
  if (presolved) flp_postsolve(&s->pre, x, y, res->x, res->y);
  flp_kkt_evaluate(&s->user, res->x, res->y, s->settings.norm, res->row_activity, res->reduced_costs,
                   rep);
  return FLP_OK;
}

void flp_result_fill(const flp_solver *s, flp_result *res, const flp_kkt_report *rep) {
  const double sense = s->user.objective_sense;
  res->primal_obj = sense * rep->primal_obj;
  res->dual_obj = sense * rep->dual_obj;
  res->rel_primal_res = rep->rel_primal;
  res->rel_dual_res = rep->rel_dual;
  res->rel_gap = rep->rel_gap;
  res->abs_primal_res = rep->primal_res;
  res->abs_dual_res = rep->dual_res;
  if (sense < 0) { /* duals in the user's sense: d(objective)/d(rhs) */
    for (int32_t i = 0; i < res->num_rows; ++i) res->y[i] = -res->y[i];
    for (int32_t j = 0; j < res->num_cols; ++j) res->reduced_costs[j] = -res->reduced_costs[j];
  }
}

flp_rc flp_result_push_history(flp_result *res, const flp_check_record *r, flp_error *err) {
  if (res->history_len == res->history_cap) {
    int64_t cap = res->history_cap ? 2 * res->history_cap : 64;
    flp_check_record *h = realloc(res->history, (size_t)cap * sizeof *h);
    if (!h) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the solve history");
    res->history = h;
    res->history_cap = cap;
  }
  res->history[res->history_len++] = *r;
  return FLP_OK;
}

void flp_result_free(flp_result *res) {
  if (!res) return;
  free(res->x);
  free(res->y);
  free(res->reduced_costs);
  free(res->row_activity);
  free(res->primal_ray);
  free(res->dual_ray);
  free(res->history);
  memset(res, 0, sizeof *res);
}
