/* Presolve (see presolve.h): passes over the rows and columns until nothing
 * changes. The matrix is held as row and column lists that a doubleton
 * substitution can change; dead rows and columns stay in the lists and are
 * skipped. Duals are in minimisation form: y_i > 0 holds a row at its lower
 * bound; a reduced cost r_j > 0 holds a column at its lower bound. */
#include "presolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "presolve_steps.h"
#include "presolve_work.h"

enum { MAX_PASSES = 50 };

typedef flp_presolve_entries entries;
typedef flp_presolve_work work;

const char FLP_PRESOLVE_OUT_OF_MEMORY[] = "out of memory";

/* ---- coefficient lists ---------------------------------------------------- */

static int entries_push(entries *e, int32_t idx, double val) {
  if (e->len == e->cap && e->in_slab) { /* full in the slab: a storage of its own */
    int32_t cap = 2 * e->cap + 4;
    int32_t *i = malloc((size_t)cap * sizeof *i);
    double *v = malloc((size_t)cap * sizeof *v);
    if (!i || !v) {
      free(i);
      free(v);
      return 0;
    }
    memcpy(i, e->idx, (size_t)e->len * sizeof *i);
    memcpy(v, e->val, (size_t)e->len * sizeof *v);
    e->idx = i, e->val = v, e->cap = cap, e->in_slab = 0;
  }
  if (e->len == e->cap) {
    int32_t cap = e->cap ? 2 * e->cap : 4;
    int32_t *i = realloc(e->idx, (size_t)cap * sizeof *i);
    if (i) e->idx = i;
    double *v = realloc(e->val, (size_t)cap * sizeof *v);
    if (v) e->val = v;
    if (!i || !v) return 0;
    e->cap = cap;
  }
  e->idx[e->len] = idx;
  e->val[e->len++] = val;
  return 1;
}

static int32_t entries_find(const entries *e, int32_t idx) {
  for (int32_t k = 0; k < e->len; ++k)
    if (e->idx[k] == idx) return k;
  return -1;
}

static void entries_remove(entries *e, int32_t k) {
  e->idx[k] = e->idx[--e->len];
  e->val[k] = e->val[e->len];
}

/* a_ij += delta in both lists; an entry that cancels is dropped. */
static void add_coefficient(work *w, int32_t i, int32_t j, double delta) {
  entries *r = &w->rows[i], *c = &w->cols[j];
  int32_t kr = entries_find(r, j), kc = entries_find(c, i);
  if (kr < 0) {
    if (!entries_push(r, j, delta) || !entries_push(c, i, delta)) w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
    return;
  }
  double v = r->val[kr] + delta;
  if (fabs(v) <= 1e-12 * fmax(fabs(r->val[kr]), fabs(delta))) {
    entries_remove(r, kr);
    entries_remove(c, kc);
  } else {
    r->val[kr] = v;
    c->val[kc] = v;
  }
}

/* ---- postsolve records ---------------------------------------------------- */

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

/* ---- reductions ------------------------------------------------------------ */

/* Fixes column j at v and moves its terms into the row bounds. */
static void remove_col(work *w, int32_t j, double v) {
  const entries *e = &w->cols[j];
  w->col_alive[j] = 0;
  w->pre->col_value[j] = v;
  w->offset += w->c[j] * v;
  for (int32_t k = 0; k < e->len; ++k) {
    int32_t i = e->idx[k];
    if (!w->row_alive[i]) continue;
    w->rl[i] -= e->val[k] * v; /* an infinite bound stays infinite */
    w->ru[i] -= e->val[k] * v;
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
  for (int32_t j = 0; j < w->p->num_cols && !w->stop; ++j) {
    if (!w->col_alive[j]) continue;
    double l = w->l[j], u = w->u[j], c = w->c[j];
    if (l == u) {
      remove_col(w, j, l);
      continue;
    }
    const entries *e = &w->cols[j];
    int down_free = 1, up_free = 1; /* moving x_j down (up) can violate no live row */
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t i = e->idx[k];
      if (!w->row_alive[i]) continue;
      int pos = e->val[k] > 0;
      if (pos ? isfinite(w->rl[i]) : isfinite(w->ru[i])) down_free = 0;
      if (pos ? isfinite(w->ru[i]) : isfinite(w->rl[i])) up_free = 0;
    }
    if (down_free && c >= 0 && isfinite(l)) remove_col(w, j, l);
    else if (up_free && c <= 0 && isfinite(u)) remove_col(w, j, u);
    else if (down_free && up_free && c == 0) remove_col(w, j, fmin(fmax(0.0, l), u));
    else if ((down_free && c > 0) || (up_free && c < 0)) w->stop = "a column improves without bound";
  }
}

/* Activity bounds of live row i over its live columns; count of those and
 * the position of the last in the row's list. */
static void activity(const work *w, int32_t i, double *lo, double *hi, int32_t *count,
                     int32_t *last) {
  const entries *e = &w->rows[i];
  double a_lo = 0, a_hi = 0;
  int32_t n = 0;
  for (int32_t k = 0; k < e->len; ++k) {
    int32_t j = e->idx[k];
    if (!w->col_alive[j]) continue;
    double tl, th;
    term_range(e->val[k], w->l[j], w->u[j], &tl, &th);
    a_lo += tl; /* -inf once any term is */
    a_hi += th;
    ++n;
    *last = k;
  }
  *lo = a_lo;
  *hi = a_hi;
  *count = n;
}

/* Intersects x_j's bounds with [lo, hi]; records which side came from it. */
static void tighten(work *w, int32_t j, double lo, double hi, flp_presolve_step *s) {
  s->lower_from_row = lo > w->l[j];
  s->upper_from_row = hi < w->u[j];
  if (s->lower_from_row) w->l[j] = lo;
  if (s->upper_from_row) w->u[j] = hi;
  if (w->l[j] > w->u[j]) {
    if (w->l[j] - w->u[j] > feas_eps(w->l[j])) w->stop = "a row's bound contradicts its column's bounds";
    else w->l[j] = w->u[j] = 0.5 * (w->l[j] + w->u[j]);
  }
}

static void singleton_row(work *w, int32_t i, int32_t k) {
  int32_t j = w->rows[i].idx[k];
  double a = w->rows[i].val[k];
  double lo = a > 0 ? w->rl[i] / a : w->ru[i] / a, hi = a > 0 ? w->ru[i] / a : w->rl[i] / a;
  flp_presolve_step s = {.kind = STEP_SINGLETON, .row = i, .col = j, .a = a, .elim = -1, .prev_kept = -1};
  tighten(w, j, lo, hi, &s);
  if (!w->stop && !push_step(w, &s)) w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
  remove_row(w, i);
}

/* Row i can only be met with every column at the bound that pushes its
 * activity toward the row's bound: fix them there. */
static void forcing_row(work *w, int32_t i, int at_lower) {
  const entries *e = &w->rows[i];
  flp_presolve_step s = {.kind = STEP_FORCING, .row = i, .col = -1, .elim = -1, .prev_kept = -1,
                         .at_lower = at_lower, .forced_begin = w->pre->forced.len};
  for (int32_t k = 0; k < e->len && !w->stop; ++k) {
    int32_t j = e->idx[k];
    if (!w->col_alive[j]) continue;
    int to_upper = (e->val[k] > 0) == at_lower;
    if (w->l[j] < w->u[j] && !entries_push(&w->pre->forced, j, e->val[k])) w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
    remove_col(w, j, to_upper ? w->u[j] : w->l[j]);
  }
  s.forced_end = w->pre->forced.len;
  if (!w->stop && !push_step(w, &s)) w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
  remove_row(w, i);
}

static int32_t live_count(const work *w, int32_t j) {
  const entries *e = &w->cols[j];
  int32_t n = 0;
  for (int32_t k = 0; k < e->len; ++k) n += w->row_alive[e->idx[k]];
  return n;
}

/* Keeps x_elim's cost and live coefficients as step s removes it. */
static void record_eliminated(work *w, flp_presolve_step *s) {
  const entries *e = &w->cols[s->elim];
  s->c_elim = w->c[s->elim];
  s->elim_begin = w->pre->elim_cols.len;
  for (int32_t q = 0; q < e->len; ++q)
    if (w->row_alive[e->idx[q]] && !entries_push(&w->pre->elim_cols, e->idx[q], e->val[q]))
      w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
  s->elim_end = w->pre->elim_cols.len;
}

/* Equality row i, a x_j + a_k x_k = b: substitute x_k = (b - a x_j) / a_k
 * into the objective and the other rows; x_k's bounds become x_j's. The
 * column with fewer live entries goes, unless its coefficient is small. */
static void doubleton_row(work *w, int32_t i) {
  const entries *e = &w->rows[i];
  int32_t pos[2], n = 0;
  for (int32_t k = 0; k < e->len && n < 2; ++k)
    if (w->col_alive[e->idx[k]]) pos[n++] = k;
  int32_t j = e->idx[pos[0]], k = e->idx[pos[1]];
  double a = e->val[pos[0]], ak = e->val[pos[1]];
  if (j == k) return; /* one column entered twice */
  if (live_count(w, k) > live_count(w, j) || fabs(ak) < 1e-3 * fabs(a)) {
    int32_t t = j; j = k; k = t;
    double ta = a; a = ak; ak = ta;
  }
  if (fabs(ak) < 1e-3 * fabs(a)) return; /* neither pivot is safe */
  const double b = w->rl[i], ratio = a / ak;
  flp_presolve_step s = {.kind = STEP_DOUBLETON, .row = i, .col = j, .a = a, .elim = k,
                         .a_elim = ak, .rhs = b, .prev_kept = w->pre->last_kept[j]};
  double v1 = (b - ak * w->l[k]) / a, v2 = (b - ak * w->u[k]) / a;
  tighten(w, j, fmin(v1, v2), fmax(v1, v2), &s);
  if (w->stop) return;
  record_eliminated(w, &s);
  if (w->stop) return;
  w->offset += w->c[k] * b / ak;
  w->c[j] -= w->c[k] * ratio;
  remove_row(w, i);
  w->col_alive[k] = 0;
  const entries *ek = &w->cols[k];
  for (int32_t q = 0; q < ek->len && !w->stop; ++q) {
    int32_t r = ek->idx[q];
    if (!w->row_alive[r]) continue;
    double ark = ek->val[q];
    w->rl[r] -= ark * b / ak;
    w->ru[r] -= ark * b / ak;
    add_coefficient(w, r, j, -ark * ratio);
  }
  if (!w->stop && !push_step(w, &s)) w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
  w->pre->last_kept[j] = w->pre->num_steps - 1;
}

static void row_pass(work *w) {
  for (int32_t i = 0; i < w->p->num_rows && !w->stop; ++i) {
    if (!w->row_alive[i]) continue;
    double lo, hi, rl = w->rl[i], ru = w->ru[i];
    int32_t count, last = -1;
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
    } else if (count == 2 && rl == ru) {
      doubleton_row(w, i);
    }
  }
}

/* ---- set-up, result, clean-up -------------------------------------------- */

static flp_rc build_columns(flp_presolve *pre, const flp_problem *p, flp_error *err) {
  int32_t n = p->num_cols;
  pre->col_value = calloc((size_t)n + 1, sizeof *pre->col_value);
  pre->last_kept = malloc(((size_t)n + 1) * sizeof *pre->last_kept);
  if (!pre->col_value || !pre->last_kept ||
      flp_problem_columns(p, &pre->col_ptr, &pre->col_row, &pre->col_val) != FLP_OK)
    return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  for (int32_t j = 0; j < n; ++j) pre->last_kept[j] = -1;
  return FLP_OK;
}

static flp_rc work_init(work *w, flp_presolve *pre, const flp_problem *p, flp_error *err) {
  int32_t m = p->num_rows, n = p->num_cols;
  w->p = p;
  w->pre = pre;
  w->rows = calloc((size_t)m + 1, sizeof *w->rows);
  w->cols = calloc((size_t)n + 1, sizeof *w->cols);
  w->rl = malloc(((size_t)m + 1) * sizeof *w->rl);
  w->ru = malloc(((size_t)m + 1) * sizeof *w->ru);
  w->l = malloc(((size_t)n + 1) * sizeof *w->l);
  w->u = malloc(((size_t)n + 1) * sizeof *w->u);
  w->c = malloc(((size_t)n + 1) * sizeof *w->c);
  w->row_alive = malloc((size_t)m + 1);
  w->col_alive = malloc((size_t)n + 1);
  w->row_relied_on = calloc((size_t)m + 1, 1);
  w->slab_idx = malloc((2 * (size_t)p->nnz + 1) * sizeof *w->slab_idx);
  w->slab_val = malloc((2 * (size_t)p->nnz + 1) * sizeof *w->slab_val);
  if (!w->rows || !w->cols || !w->rl || !w->ru || !w->l || !w->u || !w->c || !w->row_alive ||
      !w->col_alive || !w->row_relied_on || !w->slab_idx || !w->slab_val)
    return flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
  memcpy(w->rl, p->row_lower, (size_t)m * sizeof *w->rl);
  memcpy(w->ru, p->row_upper, (size_t)m * sizeof *w->ru);
  memcpy(w->l, p->col_lower, (size_t)n * sizeof *w->l);
  memcpy(w->u, p->col_upper, (size_t)n * sizeof *w->u);
  memcpy(w->c, p->obj, (size_t)n * sizeof *w->c);
  memset(w->row_alive, 1, (size_t)m);
  memset(w->col_alive, 1, (size_t)n);
  /* Every list starts as a slice of one slab, in the order a push per
   * coefficient would give (columns' rows ascending): no allocation per list. */
  const size_t nnz = (size_t)p->nnz;
  memcpy(w->slab_idx, p->col_idx, nnz * sizeof *w->slab_idx);
  memcpy(w->slab_val, p->values, nnz * sizeof *w->slab_val);
  memcpy(w->slab_idx + nnz, pre->col_row, nnz * sizeof *w->slab_idx);
  memcpy(w->slab_val + nnz, pre->col_val, nnz * sizeof *w->slab_val);
  for (int32_t i = 0; i < m; ++i) {
    const int64_t k = p->row_ptr[i];
    w->rows[i] = (entries){.len = (int32_t)(p->row_ptr[i + 1] - k), .cap = (int32_t)(p->row_ptr[i + 1] - k),
                           .in_slab = 1, .idx = w->slab_idx + k, .val = w->slab_val + k};
  }
  for (int32_t j = 0; j < n; ++j) {
    const int64_t k = (int64_t)nnz + pre->col_ptr[j], len = pre->col_ptr[j + 1] - pre->col_ptr[j];
    w->cols[j] = (entries){.len = (int32_t)len, .cap = (int32_t)len, .in_slab = 1,
                           .idx = w->slab_idx + k, .val = w->slab_val + k};
  }
  return FLP_OK;
}

static void work_free(work *w) {
  for (int32_t i = 0; w->rows && i < w->p->num_rows; ++i) {
    if (w->rows[i].in_slab) continue;
    free(w->rows[i].idx);
    free(w->rows[i].val);
  }
  for (int32_t j = 0; w->cols && j < w->p->num_cols; ++j) {
    if (w->cols[j].in_slab) continue;
    free(w->cols[j].idx);
    free(w->cols[j].val);
  }
  free(w->slab_idx);
  free(w->slab_val);
  free(w->rows);
  free(w->cols);
  free(w->rl);
  free(w->ru);
  free(w->l);
  free(w->u);
  free(w->c);
  free(w->row_alive);
  free(w->col_alive);
  free(w->row_relied_on);
}

/* The reduced LP: live rows and columns, current bounds and coefficients. */
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
    for (int32_t k = 0; k < w->rows[i].len; ++k) nnz += w->col_alive[w->rows[i].idx[k]];
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
  r->obj_offset = p->obj_offset + w->offset;
  r->objective_sense = p->objective_sense;
  for (int32_t j = 0; j < p->num_cols; ++j) {
    if (new_col[j] < 0) continue;
    pre->col_map[new_col[j]] = j;
    r->obj[new_col[j]] = w->c[j];
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
    const entries *e = &w->rows[i];
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = new_col[e->idx[k]];
      if (j < 0) continue;
      r->col_idx[at] = j;
      r->values[at++] = e->val[k];
    }
    r->row_ptr[++ri] = at;
  }
  free(new_col);
  pre->rows_removed = p->num_rows - m;
  pre->cols_removed = p->num_cols - n;
  return FLP_OK;
}

flp_rc flp_presolve_run(const flp_problem *p, flp_presolve *pre, flp_error *err) {
  memset(pre, 0, sizeof *pre);
  pre->user = p;
  work w;
  memset(&w, 0, sizeof w);
  w.p = p;
  flp_rc rc = build_columns(pre, p, err);
  if (rc == FLP_OK) rc = work_init(&w, pre, p, err);
  w.changed = 1;
  for (int pass = 0; rc == FLP_OK && pass < MAX_PASSES && w.changed && !w.stop; ++pass) {
    w.changed = 0;
    row_pass(&w);
    if (!w.stop) column_pass(&w);
    if (!w.stop && !w.changed) flp_presolve_implied_rows(&w); /* once the others are done */
  }
  if (rc == FLP_OK && w.stop == FLP_PRESOLVE_OUT_OF_MEMORY) rc = flp_error_set(err, FLP_ERR_NOMEM, "presolve: out of memory");
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
  work_free(&w);
  if (rc != FLP_OK || !pre->active) {
    const char *why = pre->skipped;
    flp_presolve_free(pre);
    pre->skipped = why;
  }
  return rc;
}

void flp_presolve_free(flp_presolve *pre) {
  if (!pre) return;
  if (pre->borrowed) { /* a flp_presolve_matrices' */
    pre->col_ptr = NULL, pre->col_row = NULL, pre->col_val = NULL;
    pre->reduced.row_ptr = NULL, pre->reduced.col_idx = NULL, pre->reduced.values = NULL;
  }
  flp_problem_free(&pre->reduced);
  free(pre->row_map);
  free(pre->col_map);
  free(pre->col_value);
  free(pre->col_ptr);
  free(pre->col_row);
  free(pre->col_val);
  free(pre->steps);
  free(pre->last_kept);
  free(pre->forced.idx);
  free(pre->forced.val);
  free(pre->elim_cols.idx);
  free(pre->elim_cols.val);
  memset(pre, 0, sizeof *pre);
}
