/* Presolve and postsolve (see presolve.h). Duals are in minimisation form:
 * y_i > 0 holds a row at its lower bound, y_i < 0 at its upper; a reduced cost
 * r_j = c_j - a_j'y > 0 holds a column at its lower bound. */
#include "presolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { STEP_SINGLETON, STEP_FORCING };
enum { MAX_PASSES = 50 };

/* A row reduction whose dual the postsolve must set. */
struct flp_presolve_step {
  int kind;
  int32_t row, col;      /* singleton: the row's one column */
  double a;              /* singleton: its coefficient */
  int lower_from_row;    /* singleton: the row made the column's lower bound */
  int upper_from_row;    /* singleton: ... its upper bound */
  int at_lower;          /* forcing: the row is held at its lower bound */
  int64_t forced_begin, forced_end; /* forcing: its columns in pre->forced */
};

typedef struct work {
  const flp_problem *p;
  flp_presolve *pre;
  double *rl, *ru, *l, *u; /* current bounds */
  char *row_alive, *col_alive;
  const char *stop;        /* why presolve gave up (infeasible, unbounded, memory) */
  int changed;
} work;

/* Slack allowed when a row is judged by the bounds of its activity. */
static double feas_eps(double b) { return 1e-9 * (1.0 + (isfinite(b) ? fabs(b) : 0.0)); }

static int push_step(work *w, const flp_presolve_step *s) {
  flp_presolve *pre = w->pre;
  if (pre->num_steps == pre->cap_steps) {
    int32_t cap = pre->cap_steps ? 2 * pre->cap_steps : 64;
    flp_presolve_step *st = realloc(pre->steps, (size_t)cap * sizeof *st);
    if (!st) return 0;
    pre->steps = st;
    pre->cap_steps = cap;
  }
  pre->steps[pre->num_steps++] = *s;
  return 1;
}

static int push_forced(work *w, int32_t j) {
  flp_presolve *pre = w->pre;
  if (pre->num_forced == pre->cap_forced) {
    int64_t cap = pre->cap_forced ? 2 * pre->cap_forced : 64;
    int32_t *f = realloc(pre->forced, (size_t)cap * sizeof *f);
    if (!f) return 0;
    pre->forced = f;
    pre->cap_forced = cap;
  }
  pre->forced[pre->num_forced++] = j;
  return 1;
}

/* Fixes column j at v and moves its terms into the row bounds. */
static void remove_col(work *w, int32_t j, double v) {
  const flp_presolve *pre = w->pre;
  w->col_alive[j] = 0;
  pre->col_value[j] = v;
  for (int64_t k = pre->col_ptr[j]; k < pre->col_ptr[j + 1]; ++k) {
    int32_t i = pre->col_row[k];
    if (!w->row_alive[i]) continue;
    w->rl[i] -= pre->col_val[k] * v; /* an infinite bound stays infinite */
    w->ru[i] -= pre->col_val[k] * v;
  }
  w->changed = 1;
}

static void remove_row(work *w, int32_t i) {
  w->row_alive[i] = 0;
  w->changed = 1;
}

/* Fixed columns, and columns every live row lets move toward the bound their
 * cost prefers (empty columns among them): some optimum has them there. */
static void column_pass(work *w) {
  const flp_presolve *pre = w->pre;
  const double *c = w->p->obj;
  for (int32_t j = 0; j < w->p->num_cols && !w->stop; ++j) {
    if (!w->col_alive[j]) continue;
    double l = w->l[j], u = w->u[j];
    if (l == u) {
      remove_col(w, j, l);
      continue;
    }
    int down_free = 1, up_free = 1; /* moving x_j down (up) can violate no live row */
    for (int64_t k = pre->col_ptr[j]; k < pre->col_ptr[j + 1]; ++k) {
      int32_t i = pre->col_row[k];
      if (!w->row_alive[i]) continue;
      int pos = pre->col_val[k] > 0;
      if (pos ? isfinite(w->rl[i]) : isfinite(w->ru[i])) down_free = 0;
      if (pos ? isfinite(w->ru[i]) : isfinite(w->rl[i])) up_free = 0;
    }
    if (down_free && c[j] >= 0 && isfinite(l)) remove_col(w, j, l);
    else if (up_free && c[j] <= 0 && isfinite(u)) remove_col(w, j, u);
    else if (down_free && up_free && c[j] == 0) remove_col(w, j, fmin(fmax(0.0, l), u));
    else if ((down_free && c[j] > 0) || (up_free && c[j] < 0)) w->stop = "a column improves without bound";
  }
}

/* Activity bounds of live row i over its live columns. */
static void activity(const work *w, int32_t i, double *lo, double *hi, int32_t *count,
                     int64_t *last) {
  const flp_problem *p = w->p;
  double a_lo = 0, a_hi = 0;
  int32_t n = 0;
  for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
    int32_t j = p->col_idx[k];
    if (!w->col_alive[j]) continue;
    double a = p->values[k];
    a_lo += a > 0 ? a * w->l[j] : a * w->u[j]; /* -inf once any term is */
    a_hi += a > 0 ? a * w->u[j] : a * w->l[j];
    ++n;
    *last = k;
  }
  *lo = a_lo;
  *hi = a_hi;
  *count = n;
}

static void singleton_row(work *w, int32_t i, int64_t k) {
  const flp_problem *p = w->p;
  int32_t j = p->col_idx[k];
  double a = p->values[k];
  double lo = a > 0 ? w->rl[i] / a : w->ru[i] / a, hi = a > 0 ? w->ru[i] / a : w->rl[i] / a;
  flp_presolve_step s = {.kind = STEP_SINGLETON, .row = i, .col = j, .a = a,
                         .lower_from_row = lo > w->l[j], .upper_from_row = hi < w->u[j]};
  if (s.lower_from_row) w->l[j] = lo;
  if (s.upper_from_row) w->u[j] = hi;
  if (w->l[j] > w->u[j]) {
    if (w->l[j] - w->u[j] > feas_eps(w->l[j])) {
      w->stop = "a row's bound contradicts its column's bounds";
      return;
    }
    w->l[j] = w->u[j] = 0.5 * (w->l[j] + w->u[j]);
  }
  if (!push_step(w, &s)) w->stop = "out of memory";
  remove_row(w, i);
}

/* Row i can only be met with every column at the bound that pushes its
 * activity toward the row's bound: fix them there. */
static void forcing_row(work *w, int32_t i, int at_lower) {
  const flp_problem *p = w->p;
  flp_presolve_step s = {.kind = STEP_FORCING, .row = i, .col = -1, .at_lower = at_lower,
                         .forced_begin = w->pre->num_forced};
  for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1] && !w->stop; ++k) {
    int32_t j = p->col_idx[k];
    if (!w->col_alive[j]) continue;
    int to_upper = (p->values[k] > 0) == at_lower;
    if (w->l[j] < w->u[j] && !push_forced(w, j)) w->stop = "out of memory";
    remove_col(w, j, to_upper ? w->u[j] : w->l[j]);
  }
  s.forced_end = w->pre->num_forced;
  if (!w->stop && !push_step(w, &s)) w->stop = "out of memory";
  remove_row(w, i);
}

static void row_pass(work *w) {
  for (int32_t i = 0; i < w->p->num_rows && !w->stop; ++i) {
    if (!w->row_alive[i]) continue;
    double lo, hi, rl = w->rl[i], ru = w->ru[i];
    int32_t count;
    int64_t last = -1;
    activity(w, i, &lo, &hi, &count, &last);
    if (hi < rl - feas_eps(rl) || lo > ru + feas_eps(ru)) {
      w->stop = "a row cannot be met within its columns' bounds";
    } else if (count == 1) {
      singleton_row(w, i, last);
    } else if (lo >= rl - feas_eps(rl) && hi <= ru + feas_eps(ru)) {
      remove_row(w, i); /* redundant, empty or free: its dual is 0 */
    } else if (isfinite(hi) && hi <= rl + feas_eps(rl)) {
      forcing_row(w, i, 1);
    } else if (isfinite(lo) && lo >= ru - feas_eps(ru)) {
      forcing_row(w, i, 0);
    }
  }
}

static flp_rc build_columns(flp_presolve *pre, const flp_problem *p, flp_error *err) {
  int32_t n = p->num_cols;
  pre->col_ptr = calloc((size_t)n + 1, sizeof *pre->col_ptr);
  pre->col_row = malloc(((size_t)p->nnz + 1) * sizeof *pre->col_row);
  pre->col_val = malloc(((size_t)p->nnz + 1) * sizeof *pre->col_val);
  pre->col_value = calloc((size_t)n + 1, sizeof *pre->col_value);
  if (!pre->col_ptr || !pre->col_row || !pre->col_val || !pre->col_value)
    return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  for (int64_t k = 0; k < p->nnz; ++k) pre->col_ptr[p->col_idx[k] + 1]++;
  for (int32_t j = 0; j < n; ++j) pre->col_ptr[j + 1] += pre->col_ptr[j];
  int64_t *fill = malloc(((size_t)n + 1) * sizeof *fill);
  if (!fill) return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  memcpy(fill, pre->col_ptr, (size_t)n * sizeof *fill);
  for (int32_t i = 0; i < p->num_rows; ++i)
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
      int64_t at = fill[p->col_idx[k]]++;
      pre->col_row[at] = i;
      pre->col_val[at] = p->values[k];
    }
  free(fill);
  return FLP_OK;
}

/* The reduced LP: live rows and columns, current bounds. */
static flp_rc build_reduced(flp_presolve *pre, const work *w, flp_error *err) {
  const flp_problem *p = w->p;
  int32_t m = 0, n = 0;
  int64_t nnz = 0;
  int32_t *new_col = malloc(((size_t)p->num_cols + 1) * sizeof *new_col);
  if (!new_col) return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  for (int32_t j = 0; j < p->num_cols; ++j) new_col[j] = w->col_alive[j] ? n++ : -1;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    if (!w->row_alive[i]) continue;
    ++m;
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) nnz += w->col_alive[p->col_idx[k]];
  }
  flp_problem *r = &pre->reduced;
  flp_rc rc = flp_problem_alloc(r, m, n, nnz, err);
  pre->row_map = malloc(((size_t)m + 1) * sizeof *pre->row_map);
  pre->col_map = malloc(((size_t)n + 1) * sizeof *pre->col_map);
  if (rc == FLP_OK && (!pre->row_map || !pre->col_map))
    rc = flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  if (rc != FLP_OK) {
    free(new_col);
    return rc;
  }
  r->obj_offset = p->obj_offset;
  r->objective_sense = p->objective_sense;
  for (int32_t j = 0; j < p->num_cols; ++j) {
    if (new_col[j] < 0) {
      r->obj_offset += p->obj[j] * pre->col_value[j];
      continue;
    }
    pre->col_map[new_col[j]] = j;
    r->obj[new_col[j]] = p->obj[j];
    r->col_lower[new_col[j]] = w->l[j];
    r->col_upper[new_col[j]] = w->u[j];
  }
  int32_t ri = 0;
  int64_t at = 0;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    if (!w->row_alive[i]) continue;
    pre->row_map[ri] = i;
    r->row_lower[ri] = w->rl[i];
    r->row_upper[ri] = w->ru[i];
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
      int32_t j = new_col[p->col_idx[k]];
      if (j < 0) continue;
      r->col_idx[at] = j;
      r->values[at++] = p->values[k];
    }
    r->row_ptr[++ri] = at;
  }
  free(new_col);
  pre->rows_removed = p->num_rows - m;
  pre->cols_removed = p->num_cols - n;
  return FLP_OK;
}

static flp_rc reduce(flp_presolve *pre, const flp_problem *p, work *w, flp_error *err) {
  int32_t m = p->num_rows, n = p->num_cols;
  w->p = p;
  w->pre = pre;
  w->rl = malloc(((size_t)m + 1) * sizeof *w->rl);
  w->ru = malloc(((size_t)m + 1) * sizeof *w->ru);
  w->l = malloc(((size_t)n + 1) * sizeof *w->l);
  w->u = malloc(((size_t)n + 1) * sizeof *w->u);
  w->row_alive = malloc((size_t)m + 1);
  w->col_alive = malloc((size_t)n + 1);
  if (!w->rl || !w->ru || !w->l || !w->u || !w->row_alive || !w->col_alive)
    return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  memcpy(w->rl, p->row_lower, (size_t)m * sizeof *w->rl);
  memcpy(w->ru, p->row_upper, (size_t)m * sizeof *w->ru);
  memcpy(w->l, p->col_lower, (size_t)n * sizeof *w->l);
  memcpy(w->u, p->col_upper, (size_t)n * sizeof *w->u);
  memset(w->row_alive, 1, (size_t)m);
  memset(w->col_alive, 1, (size_t)n);
  w->changed = 1;
  for (int pass = 0; pass < MAX_PASSES && w->changed && !w->stop; ++pass) {
    w->changed = 0;
    row_pass(w);
    if (!w->stop) column_pass(w);
  }
  return FLP_OK;
}

flp_rc flp_presolve_run(const flp_problem *p, flp_presolve *pre, flp_error *err) {
  memset(pre, 0, sizeof *pre);
  pre->user = p;
  work w;
  memset(&w, 0, sizeof w);
  flp_rc rc = build_columns(pre, p, err);
  if (rc == FLP_OK) rc = reduce(pre, p, &w, err);
  if (rc == FLP_OK && w.stop && strcmp(w.stop, "out of memory") == 0)
    rc = flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  int32_t rows_left = 0, cols_left = 0;
  for (int32_t i = 0; rc == FLP_OK && i < p->num_rows; ++i) rows_left += w.row_alive[i];
  for (int32_t j = 0; rc == FLP_OK && j < p->num_cols; ++j) cols_left += w.col_alive[j];
  if (rc == FLP_OK) {
    if (w.stop) pre->skipped = w.stop;
    else if (rows_left == p->num_rows && cols_left == p->num_cols) pre->skipped = "nothing to remove";
    else if (rows_left == 0 || cols_left == 0) pre->skipped = "it would remove every row or column";
    else rc = build_reduced(pre, &w, err);
    pre->active = rc == FLP_OK && !pre->skipped;
  }
  free(w.rl);
  free(w.ru);
  free(w.l);
  free(w.u);
  free(w.row_alive);
  free(w.col_alive);
  if (rc != FLP_OK || !pre->active) {
    const char *why = pre->skipped;
    flp_presolve_free(pre);
    pre->skipped = why;
  }
  return rc;
}

static double reduced_cost(const flp_presolve *pre, const double *y, int32_t j) {
  double r = pre->user->obj[j];
  for (int64_t k = pre->col_ptr[j]; k < pre->col_ptr[j + 1]; ++k) r -= pre->col_val[k] * y[pre->col_row[k]];
  return r;
}

static double coefficient(const flp_problem *p, int32_t i, int32_t j) {
  for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k)
    if (p->col_idx[k] == j) return p->values[k];
  return 0;
}

/* Undoes the row reductions last to first; rows not yet undone have y = 0,
 * so each reduced cost is the one of the LP as it was at that step. */
void flp_postsolve(const flp_presolve *pre, const double *xr, const double *yr, double *x,
                   double *y) {
  const flp_problem *p = pre->user;
  memcpy(x, pre->col_value, (size_t)p->num_cols * sizeof *x);
  memset(y, 0, (size_t)p->num_rows * sizeof *y);
  for (int32_t j = 0; j < pre->reduced.num_cols; ++j) x[pre->col_map[j]] = xr[j];
  for (int32_t i = 0; i < pre->reduced.num_rows; ++i) y[pre->row_map[i]] = yr[i];
  for (int32_t s = pre->num_steps - 1; s >= 0; --s) {
    const flp_presolve_step *st = &pre->steps[s];
    if (st->kind == STEP_SINGLETON) {
      /* the row takes the reduced cost its bound absorbed */
      double r = reduced_cost(pre, y, st->col);
      if ((r > 0 && st->lower_from_row) || (r < 0 && st->upper_from_row)) y[st->row] = r / st->a;
      continue;
    }
    /* forcing: the smallest |y_i| of the row's sign that leaves each forced
     * column's reduced cost with the sign of the bound it sits at */
    double yi = 0;
    for (int64_t f = st->forced_begin; f < st->forced_end; ++f) {
      int32_t j = pre->forced[f];
      double a = coefficient(p, st->row, j), q = reduced_cost(pre, y, j) / a;
      yi = st->at_lower ? fmax(yi, q) : fmin(yi, q);
    }
    y[st->row] = yi;
  }
}

void flp_presolve_free(flp_presolve *pre) {
  if (!pre) return;
  flp_problem_free(&pre->reduced);
  free(pre->row_map);
  free(pre->col_map);
  free(pre->col_value);
  free(pre->col_ptr);
  free(pre->col_row);
  free(pre->col_val);
  free(pre->steps);
  free(pre->forced);
  memset(pre, 0, sizeof *pre);
}
