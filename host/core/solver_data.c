/* Data changes on the solver object and what they re-derive (fleetlp.h):
 * the LP's vectors are replaced in the solver's copy; the next solve
 * presolves again, keeps the device matrix when the reduced matrix is the
 * same (the usual case: presolve decisions rarely depend on the exact
 * numbers of a 5% demand change) and only rescales and uploads the data. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kkt_host.h"
#include "problem.h"
#include "solver.h"

static flp_rc finite_values(const double *v, int32_t len, const char *what, flp_error *err) {
  for (int32_t k = 0; k < len; ++k)
    if (!isfinite(v[k]))
      return flp_error_set(err, FLP_ERR_INPUT, "%s[%d] is %g: costs must be finite", what, (int)k, v[k]);
  return FLP_OK;
}

/* lower <= upper, no NaN, no -inf upper or +inf lower; NULL sides keep the old one. */
static flp_rc check_bounds(const double *lo, const double *hi, const double *old_lo,
                           const double *old_hi, int32_t len, const char *what, flp_error *err) {
  for (int32_t k = 0; k < len; ++k) {
    double l = lo ? lo[k] : old_lo[k], u = hi ? hi[k] : old_hi[k];
    if (isnan(l) || isnan(u) || l == INFINITY || u == -INFINITY)
      return flp_error_set(err, FLP_ERR_INPUT, "%s bounds [%d] are invalid (%g, %g)", what, (int)k, l, u);
    if (l > u)
      return flp_error_set(err, FLP_ERR_INPUT, "%s [%d]: lower bound %g above upper bound %g", what,
                           (int)k, l, u);
  }
  return FLP_OK;
}

flp_rc flp_solver_set_objective(flp_solver *s, const double *c, double offset, flp_error *err) {
  if (!c) return flp_error_set(err, FLP_ERR_INPUT, "set_objective: no costs given");
  flp_rc rc = finite_values(c, s->user.num_cols, "objective", err);
  if (rc == FLP_OK && !isfinite(offset))
    rc = flp_error_set(err, FLP_ERR_INPUT, "objective offset %g is not finite", offset);
  if (rc != FLP_OK) return rc;
  memcpy(s->user.obj, c, (size_t)s->user.num_cols * sizeof *c);
  s->user.obj_offset = offset;
  s->dirty |= FLP_DIRTY_OBJECTIVE;
  return FLP_OK;
}

static flp_rc set_bounds(double *lo_dst, double *hi_dst, const double *lo, const double *hi,
                         int32_t len, const char *what, flp_error *err) {
  flp_rc rc = check_bounds(lo, hi, lo_dst, hi_dst, len, what, err);
  if (rc != FLP_OK) return rc;
  if (lo) memcpy(lo_dst, lo, (size_t)len * sizeof *lo);
  if (hi) memcpy(hi_dst, hi, (size_t)len * sizeof *hi);
  return FLP_OK;
}

flp_rc flp_solver_set_row_bounds(flp_solver *s, const double *lower, const double *upper,
                                 flp_error *err) {
  flp_rc rc = set_bounds(s->user.row_lower, s->user.row_upper, lower, upper, s->user.num_rows, "row",
                         err);
  if (rc == FLP_OK) s->dirty |= FLP_DIRTY_ROWS;
  return rc;
}

flp_rc flp_solver_set_col_bounds(flp_solver *s, const double *lower, const double *upper,
                                 flp_error *err) {
  flp_rc rc = set_bounds(s->user.col_lower, s->user.col_upper, lower, upper, s->user.num_cols,
                         "column", err);
  if (rc == FLP_OK) s->dirty |= FLP_DIRTY_COLS;
  return rc;
}

flp_rc flp_solver_set_problem(flp_solver *s, const flp_problem *p, flp_error *err) {
  const char *diff = flp_problem_matrix_difference(&s->user, p);
  if (diff)
    return flp_error_set(err, FLP_ERR_INPUT, "set_problem: the LP differs from the solver's in %s "
                         "(%d x %d, %lld nonzeros here); a solver keeps its matrix: create a new one",
                         diff, (int)s->user.num_rows, (int)s->user.num_cols, (long long)s->user.nnz);
  flp_rc rc = flp_problem_validate(p, p->name, err);
  if (rc != FLP_OK) return rc;
  if (p->objective_sense != s->user.objective_sense) {
    s->user.objective_sense = p->objective_sense;
    flp_solver_set_warm_start(s, NULL, NULL, NULL); /* the last point answers the other sense */
  }
  rc = flp_solver_set_objective(s, p->obj, p->obj_offset, err);
  if (rc == FLP_OK) rc = flp_solver_set_row_bounds(s, p->row_lower, p->row_upper, err);
  if (rc == FLP_OK) rc = flp_solver_set_col_bounds(s, p->col_lower, p->col_upper, err);
  return rc;
}

/* Replaces *dst by a copy of src (NULL: none). */
static flp_rc keep_copy(double **dst, const double *src, int32_t len, const char *what, flp_error *err) {
  free(*dst);
  *dst = NULL;
  if (!src) return FLP_OK;
  for (int32_t k = 0; k < len; ++k)
    if (!isfinite(src[k]))
      return flp_error_set(err, FLP_ERR_INPUT, "warm start: %s[%d] is not finite", what, (int)k);
  if (!(*dst = malloc(((size_t)len + 1) * sizeof **dst)))
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the warm start");
  memcpy(*dst, src, (size_t)len * sizeof *src);
  return FLP_OK;
}

flp_rc flp_solver_set_warm_start(flp_solver *s, const double *x, const double *y, flp_error *err) {
  flp_rc rc = keep_copy(&s->warm_x, x, s->user.num_cols, "x", err);
  if (rc == FLP_OK) rc = keep_copy(&s->warm_y, y, s->user.num_rows, "y", err);
  if (rc != FLP_OK) {
    free(s->warm_x);
    free(s->warm_y);
    s->warm_x = s->warm_y = NULL;
  }
  return rc;
}

/* Presolves s->user into s->pre (or not, as the settings say), with the
 * line the solve's log header shows. */
static flp_rc presolve(flp_solver *s, flp_error *err) {
  flp_presolve_free(&s->pre);
  s->presolve_note[0] = '\0';
  if (!s->settings.presolve || s->as_given) return FLP_OK;
  const double t0 = flp_wall_seconds();
  flp_rc rc = flp_presolve_run(&s->user, &s->pre, err);
  s->setup_times.presolve = flp_wall_seconds() - t0;
  s->presolve_pending += s->setup_times.presolve;
  if (rc != FLP_OK) return rc;
  if (s->pre.active)
    snprintf(s->presolve_note, sizeof s->presolve_note,
             "presolve  removed %d rows and %d columns: %d rows, %d columns, %lld nonzeros left",
             (int)s->pre.rows_removed, (int)s->pre.cols_removed, (int)s->pre.reduced.num_rows,
             (int)s->pre.reduced.num_cols, (long long)s->pre.reduced.nnz);
  else
    snprintf(s->presolve_note, sizeof s->presolve_note, "presolve  skipped: %s", s->pre.skipped);
  return FLP_OK;
}

static flp_rc postsolve_scratch(flp_solver *s, flp_error *err) {
  free(s->post_x);
  free(s->post_y);
  s->post_x = s->post_y = NULL;
  if (s->problem == &s->user) return FLP_OK;
  s->post_x = malloc(((size_t)s->problem->num_cols + 1) * sizeof *s->post_x);
  s->post_y = malloc(((size_t)s->problem->num_rows + 1) * sizeof *s->post_y);
  if (!s->post_x || !s->post_y) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the postsolve");
  return FLP_OK;
}

/* Norms of the user's data, for the relative termination test: those of the
 * presolved LP can be far larger (greenbeb's row bounds are all 0; fixed
 * columns moved into them make them large), and the test on them loose. */
static void data_norms(flp_solver *s) {
  flp_data_norms l2 = flp_problem_norms(&s->user, FLP_NORM_L2);
  flp_data_norms linf = flp_problem_norms(&s->user, FLP_NORM_LINF);
  s->rhs_norm2 = l2.rhs;
  s->rhs_norm_inf = linf.rhs;
  s->c_norm2 = l2.obj;
  s->c_norm_inf = linf.obj;
}

flp_rc flp_solver_presolve(flp_solver *s, flp_error *err) {
  flp_rc rc = presolve(s, err);
  s->presolved = rc == FLP_OK;
  return rc;
}

flp_rc flp_solver_prepare(flp_solver *s, flp_error *err) {
  if (!s->dirty && s->A) return FLP_OK;
  /* presolve's seconds kept when flp_solver_presolve ran it first */
  s->setup_times = (flp_setup_times){.presolve = s->presolved ? s->setup_times.presolve : 0};
  flp_rc rc = s->presolved ? FLP_OK : presolve(s, err);
  s->presolved = 0; /* used once: later changes presolve again */
  if (rc != FLP_OK) return rc;
  double t0 = flp_wall_seconds();
  s->problem = s->pre.active ? &s->pre.reduced : &s->user;
  if ((rc = postsolve_scratch(s, err)) != FLP_OK) return rc;
  data_norms(s);
  uint64_t mh = flp_matrix_hash(s->problem); /* the device matrix is kept while it matches */
  s->setup_times.data = flp_wall_seconds() - t0;
  if (!s->A || mh != s->matrix_hash) {
    if (s->borrow && s->borrow->hash != mh && !s->A)
      return flp_error_set(err, FLP_ERR_UNAVAILABLE, "presolve reduced the LP to another matrix "
                           "than the one it shares");
    if (s->borrow && s->borrow->hash == mh && !s->cpu_fallback) rc = flp_device_borrow(s, err);
    else rc = s->A ? flp_device_rebuild(s, err) : flp_device_setup(s, err);
    if (rc != FLP_OK) return rc;
    s->matrix_hash = mh;
  }
  t0 = flp_wall_seconds();
  if ((rc = flp_scale_data(s, err)) != FLP_OK) return rc;
  s->setup_times.data += flp_wall_seconds() - t0;
  s->dirty = 0;
  return FLP_OK;
}
