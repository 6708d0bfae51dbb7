/* Presolve: reductions that make the LP smaller before PDHG sees it, and the
 * postsolve that maps a point of the reduced LP back to the user's LP.
 *
 * Reductions: empty, singleton, redundant and forcing rows; rows the other
 * rows imply (presolve_implied.c); fixed, empty and dominated columns;
 * doubleton equations (one column substituted out). Each
 * has an exact dual postsolve. PDHG's iteration counts grow with the
 * redundancy those leave in a model (netlib's agg: 3 M iterations in 20 s
 * unsolved; presolved, 22 k). The result is
 * always certified on the user's LP after postsolve, so a presolve mistake
 * can hold a solve but not make a wrong answer OPTIMAL. */
#ifndef FLEETLP_PRESOLVE_H
#define FLEETLP_PRESOLVE_H

#include "fleetlp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct flp_presolve_step flp_presolve_step;

/* A growable list of (index, coefficient) pairs. */
typedef struct flp_presolve_entries {
  int32_t len, cap;
  int32_t in_slab; /* idx and val lie in the work's slab (presolve_work.h): not freed alone */
  int32_t *idx;
  double *val;
} flp_presolve_entries;

typedef struct flp_presolve {
  int active;               /* 0: solve the user's LP as it is (see skipped) */
  const char *skipped;      /* why not active (static text), NULL when active */
  flp_problem reduced;      /* arrays owned here; no names */
  int32_t *row_map, *col_map; /* reduced index -> user index */
  int32_t rows_removed, cols_removed;
  /* postsolve data */
  const flp_problem *user;
  double *col_value;        /* value of each fixed column (user index) */
  int64_t *col_ptr;         /* A by columns (user indices), for reduced costs */
  int32_t *col_row;
  double *col_val;
  flp_presolve_step *steps; /* see presolve_steps.h, in the order made */
  int32_t num_steps, cap_steps;
  int32_t *last_kept;       /* per column: the last doubleton step that kept it, -1 none */
  flp_presolve_entries forced; /* forcing rows' columns and coefficients */
  flp_presolve_entries elim_cols; /* doubleton-eliminated columns as they were, by row */
  int borrowed;             /* col_* and reduced's matrix are a flp_presolve_matrices' */
} flp_presolve;

/* What the presolves of a scenario batch's members have alike, held once
 * for all of them: the user's matrix by columns (the members share the
 * user's matrix) and the reduced matrix (equal when they share the device
 * matrix). Owned by the batch; each member's presolve borrows it. */
typedef struct flp_presolve_matrices {
  const int32_t *user_col_idx; /* the user matrix the columns are of (by identity) */
  int64_t *col_ptr;
  int32_t *col_row;
  double *col_val;
  flp_problem reduced;         /* the reduced matrix: shape and matrix arrays only */
} flp_presolve_matrices;

/* Moves an active presolve's matrices into *out, which it then borrows. */
void flp_presolve_lend(flp_presolve *pre, flp_presolve_matrices *out);
/* Frees pre's own matrices for m's when they are equal (the same user
 * matrix, an equal reduced one); returns whether it did. */
int flp_presolve_borrow(flp_presolve *pre, const flp_presolve_matrices *m);
void flp_presolve_matrices_free(flp_presolve_matrices *m);

/* Reduces p. On FLP_OK, pre->active says whether a reduced LP was made; it is
 * not when nothing was removed, when every row or column was, or when the
 * reductions found the LP infeasible or unbounded (the solve of the user's LP
 * then finds and certifies that). */
flp_rc flp_presolve_run(const flp_problem *p, flp_presolve *pre, flp_error *err);

/* Maps (xr, yr) of the reduced LP, y in minimisation form, to (x, y) of the
 * user's LP. */
void flp_postsolve(const flp_presolve *pre, const double *xr, const double *yr, double *x,
                   double *y);

/* A certificate of the reduced LP as one of the user's LP: a Farkas ray yr
 * (rows) or an unbounded direction xr (columns). The caller checks it. */
void flp_postsolve_dual_ray(const flp_presolve *pre, const double *yr, double *y);
void flp_postsolve_primal_ray(const flp_presolve *pre, const double *xr, double *x);

void flp_presolve_free(flp_presolve *pre);

#ifdef __cplusplus
}
#endif

#endif
