/* Postsolve (see presolve.h): undoes the recorded steps last to first. The
 * rows of steps not yet undone have y = 0, which makes each reduced cost the
 * one of the LP as it was when that step was made. A ray is postsolved the
 * same way with the data of its homogeneous LP: costs, fixed values and
 * right-hand sides 0. */
#include <math.h>
#include <string.h>

#include "presolve.h"
#include "presolve_steps.h"

/* The reduced cost of the column doubleton step st eliminated, as that
 * column was then; its equation's y is still 0 when this is asked. */
static double eliminated_reduced_cost(const flp_presolve *pre, const flp_presolve_step *st,
                                      const double *y, int with_cost) {
  double r = with_cost ? st->c_elim : 0.0;
  for (int64_t k = st->elim_begin; k < st->elim_end; ++k)
    r -= pre->elim_cols.val[k] * y[pre->elim_cols.idx[k]];
  return r;
}

/* r_j of the LP before step `limit`: the user's reduced cost less the share
 * of each column that a doubleton step before `limit` substituted into x_j
 * (c and the rows of x_j took -a/a_elim times the eliminated column's).
 * No recursion: the eliminated column's share is read from its record. */
static double stage_reduced_cost(const flp_presolve *pre, const double *y, int with_cost, int32_t j,
                                 int32_t limit) {
  double r = with_cost ? pre->user->obj[j] : 0.0;
  for (int64_t k = pre->col_ptr[j]; k < pre->col_ptr[j + 1]; ++k) r -= pre->col_val[k] * y[pre->col_row[k]];
  for (int32_t s = pre->last_kept[j]; s >= 0; s = pre->steps[s].prev_kept) {
    const flp_presolve_step *st = &pre->steps[s];
    if (s < limit) r -= st->a / st->a_elim * eliminated_reduced_cost(pre, st, y, with_cost);
  }
  return r;
}

/* y of the removed rows, from yr of the kept ones. */
static void undo_duals(const flp_presolve *pre, const double *yr, int with_cost, double *y) {
  memset(y, 0, (size_t)pre->user->num_rows * sizeof *y);
  for (int32_t i = 0; i < pre->reduced.num_rows; ++i) y[pre->row_map[i]] = yr[i];
  for (int32_t s = pre->num_steps - 1; s >= 0; --s) {
    const flp_presolve_step *st = &pre->steps[s];
    if (st->kind == STEP_DOUBLETON) {
      /* the row's dual leaves the column whose bound is active (x_col's,
       * when it came from x_elim's bounds through the equation) with the
       * reduced cost and zeroes the other's */
      double rj = stage_reduced_cost(pre, y, with_cost, st->col, s);
      double re = eliminated_reduced_cost(pre, st, y, with_cost);
      double merged = rj - st->a / st->a_elim * re; /* x_col's after the substitution */
      int col_takes = (merged > 0 && st->lower_from_row) || (merged < 0 && st->upper_from_row);
      y[st->row] = col_takes ? rj / st->a : re / st->a_elim;
    } else if (st->kind == STEP_SINGLETON) {
      /* the row takes the reduced cost its bound absorbed */
      double r = stage_reduced_cost(pre, y, with_cost, st->col, s);
      if ((r > 0 && st->lower_from_row) || (r < 0 && st->upper_from_row)) y[st->row] = r / st->a;
    } else {
      /* forcing: the smallest |y_i| of the row's sign that leaves each forced
       * column's reduced cost with the sign of the bound it sits at */
      double yi = 0;
      for (int64_t f = st->forced_begin; f < st->forced_end; ++f) {
        double q = stage_reduced_cost(pre, y, with_cost, pre->forced.idx[f], s) / pre->forced.val[f];
        yi = st->at_lower ? fmax(yi, q) : fmin(yi, q);
      }
      y[st->row] = yi;
    }
  }
}

/* x of the removed columns: fixed values (0 for a ray), then the eliminated
 * columns of the doubleton equations, last first. */
static void undo_primal(const flp_presolve *pre, const double *xr, int ray, double *x) {
  const flp_problem *p = pre->user;
  if (ray) memset(x, 0, (size_t)p->num_cols * sizeof *x);
  else memcpy(x, pre->col_value, (size_t)p->num_cols * sizeof *x);
  for (int32_t j = 0; j < pre->reduced.num_cols; ++j) x[pre->col_map[j]] = xr[j];
  for (int32_t s = pre->num_steps - 1; s >= 0; --s) {
    const flp_presolve_step *st = &pre->steps[s];
    if (st->kind != STEP_DOUBLETON) continue;
    double xe = ((ray ? 0.0 : st->rhs) - st->a * x[st->col]) / st->a_elim;
    x[st->elim] = ray ? xe : fmin(fmax(xe, p->col_lower[st->elim]), p->col_upper[st->elim]);
  }
}

void flp_postsolve(const flp_presolve *pre, const double *xr, const double *yr, double *x,
                   double *y) {
  undo_primal(pre, xr, 0, x);
  undo_duals(pre, yr, 1, y);
}

void flp_postsolve_dual_ray(const flp_presolve *pre, const double *yr, double *y) {
  undo_duals(pre, yr, 0, y);
}

void flp_postsolve_primal_ray(const flp_presolve *pre, const double *xr, double *x) {
  undo_primal(pre, xr, 1, x);
}
