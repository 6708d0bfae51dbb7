/* Presolve's rows implied by the others: a row that every point meeting the
 * column bounds and the other rows meets goes, with dual 0. The other rows
 * are used through the column bounds each one implies on its own; the rows a
 * removal relied on are kept, so the reduced LP has the user's feasible set.
 * On generated fleets these are the uplink and most power rows, which the
 * capacity and demand rows already bound (HiGHS removes the same ones). */
#include <stdlib.h>

#include "presolve_work.h"

typedef flp_presolve_entries entries;
typedef flp_presolve_work work;

/* Per column, the tightest bound a single live row implies on each side,
 * and the row (-1: none). Made afresh by each call. */
typedef struct implied {
  double *lo, *hi;
  int32_t *lo_row, *hi_row;
} implied;

/* The bound on x_j that row i gives with its other live columns at the
 * bounds that leave x_j the most room; per column the tightest over the live
 * rows, and which row gave it. Relaxed by feas_eps, as it only ever proves a
 * row redundant. */
static void implied_bounds(const work *w, implied *b) {
  const int32_t m = w->p->num_rows, n = w->p->num_cols;
  for (int32_t j = 0; j < n; ++j) {
    b->lo[j] = -INFINITY, b->hi[j] = INFINITY;
    b->lo_row[j] = b->hi_row[j] = -1;
  }
  for (int32_t i = 0; i < m; ++i) {
    if (!w->row_alive[i]) continue;
    const entries *e = &w->rows[i];
    double lo = 0, hi = 0; /* finite parts of the activity bounds */
    int32_t lo_inf = 0, hi_inf = 0;
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      double tl, th;
      term_range(e->val[k], w->l[j], w->u[j], &tl, &th);
      if (isfinite(tl)) lo += tl; else ++lo_inf;
      if (isfinite(th)) hi += th; else ++hi_inf;
    }
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      double a = e->val[k], tl, th;
      term_range(a, w->l[j], w->u[j], &tl, &th);
      /* the others' least (greatest) activity, when finite */
      double others_lo = isfinite(tl) ? (lo_inf ? NAN : lo - tl) : (lo_inf == 1 ? lo : NAN);
      double others_hi = isfinite(th) ? (hi_inf ? NAN : hi - th) : (hi_inf == 1 ? hi : NAN);
      double up = INFINITY, down = -INFINITY;
      if (isfinite(w->ru[i]) && !isnan(others_lo)) {
        double v = (w->ru[i] - others_lo) / a;
        if (a > 0) up = v; else down = v;
      }
      if (isfinite(w->rl[i]) && !isnan(others_hi)) {
        double v = (w->rl[i] - others_hi) / a;
        if (a > 0) down = fmax(down, v); else up = fmin(up, v);
      }
      up += feas_eps(up), down -= feas_eps(down);
      if (up < b->hi[j]) b->hi[j] = up, b->hi_row[j] = i;
      if (down > b->lo[j]) b->lo[j] = down, b->lo_row[j] = i;
    }
  }
}

/* The row that gave x_j's implied bound on side `upper`, when that bound is
 * tighter than x_j's own and the row is live and not i; else -1. */
static int32_t implied_source(const work *w, const implied *b, int32_t j, int upper, int32_t i) {
  int32_t src = upper ? b->hi_row[j] : b->lo_row[j];
  int tighter = upper ? b->hi[j] < w->u[j] : b->lo[j] > w->l[j];
  return src >= 0 && src != i && w->row_alive[src] && tighter ? src : -1;
}

/* Row i's activity bounds with the implied bounds of the other rows. */
static void implied_activity(const work *w, const implied *b, int32_t i, double *lo, double *hi,
                             int64_t *live) {
  const entries *e = &w->rows[i];
  double a_lo = 0, a_hi = 0;
  int64_t n = 0;
  for (int32_t k = 0; k < e->len; ++k) {
    int32_t j = e->idx[k];
    if (!w->col_alive[j]) continue;
    double l = implied_source(w, b, j, 0, i) >= 0 ? b->lo[j] : w->l[j];
    double u = implied_source(w, b, j, 1, i) >= 0 ? b->hi[j] : w->u[j], tl, th;
    term_range(e->val[k], l, u, &tl, &th);
    a_lo += tl;
    a_hi += th;
    ++n;
  }
  *lo = a_lo, *hi = a_hi, *live = n;
}

/* Share of the live nonzeros that rows implied by the others must hold for
 * their removal to be made: below it the smaller matrix saves next to
 * nothing, while any change of the LP moves PDHG's path (on netlib, one to
 * three such rows removed moved iteration counts by up to 2x either way). */
static const double IMPLIED_MIN_SHARE = 0.01;

/* Removes the rows that the column bounds and the bounds the other live rows
 * imply already meet (their dual is 0), when they are worth it. A row relied
 * on is kept, so every removed row follows from rows that stay. */
static void remove_implied(work *w, implied *b, int32_t *removed, char *relied) {
  const int32_t m = w->p->num_rows;
  implied_bounds(w, b);
  int32_t count = 0;
  int64_t live_nnz = 0, removed_nnz = 0;
  for (int32_t i = 0; i < m; ++i) {
    if (!w->row_alive[i]) continue;
    double lo, hi;
    int64_t live;
    implied_activity(w, b, i, &lo, &hi, &live);
    live_nnz += live;
    if (w->row_relied_on[i] || relied[i] || lo < w->rl[i] - feas_eps(w->rl[i]) ||
        hi > w->ru[i] + feas_eps(w->ru[i]))
      continue;
    const entries *e = &w->rows[i];
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      for (int upper = 0; upper <= 1; ++upper) {
        int32_t src = implied_source(w, b, j, upper, i);
        if (src >= 0) relied[src] = 1;
      }
    }
    w->row_alive[i] = 0;
    removed[count++] = i;
    removed_nnz += live;
  }
  if (count > 0 && removed_nnz >= IMPLIED_MIN_SHARE * (double)live_nnz) {
    for (int32_t i = 0; i < m; ++i) w->row_relied_on[i] |= relied[i];
    w->changed = 1;
  } else {
    for (int32_t q = 0; q < count; ++q) w->row_alive[removed[q]] = 1;
  }
}

/* The pass with its scratch: the implied bounds, the rows removed (put
 * back when too few) and the rows relied on. */
void flp_presolve_implied_rows(work *w) {
  const int32_t m = w->p->num_rows;
  const size_t n1 = (size_t)w->p->num_cols + 1;
  implied b = {malloc(n1 * sizeof *b.lo), malloc(n1 * sizeof *b.hi), malloc(n1 * sizeof *b.lo_row),
               malloc(n1 * sizeof *b.hi_row)};
  int32_t *removed = malloc(((size_t)m + 1) * sizeof *removed);
  char *relied = calloc((size_t)m + 1, 1); /* relied on by this call's removals */
  if (b.lo && b.hi && b.lo_row && b.hi_row && removed && relied) remove_implied(w, &b, removed, relied);
  else w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
  free(b.lo);
  free(b.hi);
  free(b.lo_row);
  free(b.hi_row);
  free(removed);
  free(relied);
}
