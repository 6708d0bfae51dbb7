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

/* The bound on x_j that row i gives with its other live columns at the
 * bounds that leave x_j the most room; per column the tightest over the live
 * rows, and which row gave it. Relaxed by feas_eps, as it only ever proves a
 * row redundant. */
static void implied_bounds(work *w) {
  const int32_t m = w->p->num_rows, n = w->p->num_cols;
  for (int32_t j = 0; j < n; ++j) {
    w->il[j] = -INFINITY, w->iu[j] = INFINITY;
    w->il_row[j] = w->iu_row[j] = -1;
  }
  for (int32_t i = 0; i < m; ++i) {
    if (!w->row_alive[i]) continue;
    const entries *e = &w->rows[i];
    double lo = 0, hi = 0; /* finite parts of the activity bounds */
    int32_t lo_inf = 0, hi_inf = 0;
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      double a = e->val[k], tl = a > 0 ? a * w->l[j] : a * w->u[j], th = a > 0 ? a * w->u[j] : a * w->l[j];
      if (isfinite(tl)) lo += tl; else ++lo_inf;
      if (isfinite(th)) hi += th; else ++hi_inf;
    }
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      double a = e->val[k], tl = a > 0 ? a * w->l[j] : a * w->u[j], th = a > 0 ? a * w->u[j] : a * w->l[j];
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
      if (up < w->iu[j]) w->iu[j] = up, w->iu_row[j] = i;
      if (down > w->il[j]) w->il[j] = down, w->il_row[j] = i;
    }
  }
}

/* The bound implied_bounds found for x_j on side `upper`, when it is tighter
 * than x_j's own and comes from a live row other than i; else -1. */
static int32_t implied_source(const work *w, int32_t j, int upper, int32_t i) {
  int32_t src = upper ? w->iu_row[j] : w->il_row[j];
  int tighter = upper ? w->iu[j] < w->u[j] : w->il[j] > w->l[j];
  return src >= 0 && src != i && w->row_alive[src] && tighter ? src : -1;
}

/* Row i's activity bounds with the implied bounds of the other rows. */
static void implied_activity(const work *w, int32_t i, double *lo, double *hi, int64_t *live) {
  const entries *e = &w->rows[i];
  double a_lo = 0, a_hi = 0;
  int64_t n = 0;
  for (int32_t k = 0; k < e->len; ++k) {
    int32_t j = e->idx[k];
    if (!w->col_alive[j]) continue;
    double l = implied_source(w, j, 0, i) >= 0 ? w->il[j] : w->l[j];
    double u = implied_source(w, j, 1, i) >= 0 ? w->iu[j] : w->u[j], a = e->val[k];
    a_lo += a > 0 ? a * l : a * u;
    a_hi += a > 0 ? a * u : a * l;
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
void flp_presolve_implied_rows(work *w) {
  const int32_t m = w->p->num_rows;
  int32_t *removed = malloc(((size_t)m + 1) * sizeof *removed);
  char *relied = calloc((size_t)m + 1, 1); /* relied on by this call's removals */
  if (!removed || !relied) {
    free(removed);
    free(relied);
    w->stop = FLP_PRESOLVE_OUT_OF_MEMORY;
    return;
  }
  implied_bounds(w);
  int32_t count = 0;
  int64_t live_nnz = 0, removed_nnz = 0;
  for (int32_t i = 0; i < m; ++i) {
    if (!w->row_alive[i]) continue;
    double lo, hi;
    int64_t live;
    implied_activity(w, i, &lo, &hi, &live);
    live_nnz += live;
    if (w->row_relied_on[i] || relied[i] || lo < w->rl[i] - feas_eps(w->rl[i]) ||
        hi > w->ru[i] + feas_eps(w->ru[i]))
      continue;
    const entries *e = &w->rows[i];
    for (int32_t k = 0; k < e->len; ++k) {
      int32_t j = e->idx[k];
      if (!w->col_alive[j]) continue;
      for (int upper = 0; upper <= 1; ++upper) {
        int32_t src = implied_source(w, j, upper, i);
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
  free(removed);
  free(relied);
}
