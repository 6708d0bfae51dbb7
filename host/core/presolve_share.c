/* The presolve matrices a scenario batch's members have alike, held once
 * (presolve.h: flp_presolve_matrices): with K members, K - 1 copies of A by
 * columns and of the reduced A fewer. */
#include <stdlib.h>
#include <string.h>

#include "presolve.h"
#include "problem.h"

void flp_presolve_lend(flp_presolve *pre, flp_presolve_matrices *out) {
  memset(out, 0, sizeof *out);
  if (!pre->active || pre->borrowed) return;
  const flp_problem *r = &pre->reduced;
  *out = (flp_presolve_matrices){
      .user_col_idx = pre->user->col_idx, .col_ptr = pre->col_ptr, .col_row = pre->col_row,
      .col_val = pre->col_val,
      .reduced = {.num_rows = r->num_rows, .num_cols = r->num_cols, .nnz = r->nnz,
                  .row_ptr = r->row_ptr, .col_idx = r->col_idx, .values = r->values}};
  pre->borrowed = 1;
}

int flp_presolve_borrow(flp_presolve *pre, const flp_presolve_matrices *m) {
  if (!pre->active || pre->borrowed || !m->reduced.row_ptr || pre->user->col_idx != m->user_col_idx ||
      flp_problem_matrix_difference(&m->reduced, &pre->reduced))
    return 0;
  flp_presolve_matrices own;
  flp_presolve_lend(pre, &own); /* its own copies, to be freed */
  flp_presolve_matrices_free(&own);
  pre->col_ptr = m->col_ptr, pre->col_row = m->col_row, pre->col_val = m->col_val;
  pre->reduced.row_ptr = m->reduced.row_ptr;
  pre->reduced.col_idx = m->reduced.col_idx;
  pre->reduced.values = m->reduced.values;
  return 1;
}

void flp_presolve_matrices_free(flp_presolve_matrices *m) {
  free(m->col_ptr);
  free(m->col_row);
  free(m->col_val);
  flp_problem_free(&m->reduced); /* only the matrix arrays are set */
  memset(m, 0, sizeof *m);
}
