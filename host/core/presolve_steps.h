/* What presolve records for postsolve: the row reductions whose dual (and, for
 * a doubleton equation, whose eliminated column) postsolve must set. Only
 * presolve.c and postsolve.c include this. */
#ifndef FLEETLP_PRESOLVE_STEPS_H
#define FLEETLP_PRESOLVE_STEPS_H

#include <stdint.h>

enum { STEP_SINGLETON, STEP_FORCING, STEP_DOUBLETON };

struct flp_presolve_step {
  int kind;
  int32_t row;
  int32_t col;        /* singleton: the row's column; doubleton: the kept column j */
  double a;           /* the row's coefficient of col at the time */
  /* singleton, doubleton: the row (with the eliminated column's bounds) made
   * col's lower / upper bound */
  int lower_from_row, upper_from_row;
  /* doubleton: a x_col + a_elim x_elim = rhs, x_elim substituted out. The
   * eliminated column as it was then (postsolve needs its reduced cost at
   * that stage): cost c_elim, coefficients pre->elim_cols[elim_begin, elim_end) */
  int32_t elim;
  double a_elim, rhs, c_elim;
  int64_t elim_begin, elim_end;
  int32_t prev_kept;  /* doubleton: the previous doubleton step that kept col, -1 none */
  /* forcing: the row is held at its lower bound; its columns and coefficients
   * are pre->forced[forced_begin, forced_end) */
  int at_lower;
  int64_t forced_begin, forced_end;
};

#endif
