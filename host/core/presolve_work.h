/* The state presolve's passes share (presolve.c and presolve_implied.c):
 * the LP as row and column lists with its current bounds and objective. */
#ifndef FLEETLP_PRESOLVE_WORK_H
#define FLEETLP_PRESOLVE_WORK_H

#include <math.h>

#include "presolve.h"

typedef struct flp_presolve_work {
  const flp_problem *p;
  flp_presolve *pre;
  flp_presolve_entries *rows, *cols;     /* live coefficients by row and by column */
  int32_t *slab_idx;        /* the lists' first storage: the rows' (CSR order), then the */
  double *slab_val;         /* columns' (CSC); a list that grows moves out of it */
  double *rl, *ru, *l, *u;  /* current bounds */
  double *c, offset;        /* current objective; constant moved out of it */
  char *row_alive, *col_alive;
  char *row_relied_on;      /* a row another row's removal as implied relied on */
  const char *stop;         /* why presolve gave up (infeasible, unbounded, memory) */
  int changed;
} flp_presolve_work;

extern const char FLP_PRESOLVE_OUT_OF_MEMORY[];

/* Slack allowed when a row is judged by the bounds of its activity. */
static inline double feas_eps(double b) { return 1e-9 * (1.0 + (isfinite(b) ? fabs(b) : 0.0)); }

/* The least and greatest of a x for x in [l, u] (-inf or inf when unbounded). */
static inline void term_range(double a, double l, double u, double *lo, double *hi) {
  *lo = a > 0 ? a * l : a * u;
  *hi = a > 0 ? a * u : a * l;
}

/* Removes the rows that the others imply, when enough of them are (presolve_implied.c). */
void flp_presolve_implied_rows(flp_presolve_work *w);

#endif
