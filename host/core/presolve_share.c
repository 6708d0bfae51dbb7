/* The presolve matrices a scenario batch's members have alike, held once
 * (presolve.h: flp_presolve_matrices): with K members, K - 1 copies of A by
 * columns and of the reduced A fewer. */
#include <stdlib.h>
#include <string.h>

#include "presolve.h"

void flp_presolve_lend(flp_presolve *pre, flp_presolve_matrices *out) {
  memset(out, 0, sizeof *out);
  if (!pre->active || pre->borrowed) return;
  const flp_problem *r = &pre->reduced;
  *out = (flp_presolve_matrices){.user_col_idx = pre->user->col_idx, .col_ptr = pre->col_ptr,
                                 .col_row = pre->col_row, .col_val = pre->col_val,
                                 .rows = r->num_rows, .cols = r->num_cols, .nnz = r->nnz,
                                 .row_ptr = r->row_ptr, .col_idx = r->col_idx, .values = r->values};
  pre->borrowed = 1;
}

int flp_presolve_borrow(flp_presolve *pre, const flp_presolve_matrices *m) {
  flp_problem *r = &pre->reduced;
  if (!pre->active || pre->borrowed || !m->row_ptr || pre->user->col_idx != m->user_col_idx ||
      r->num_rows != m->rows || r->num_cols != m->cols || r->nnz != m->nnz ||
      memcmp(r->row_ptr, m->row_ptr, ((size_t)m->rows + 1) * sizeof *m->row_ptr) != 0 ||
      memcmp(r->col_idx, m->col_idx, (size_t)m->nnz * sizeof *m->col_idx) != 0 ||
      memcmp(r->values, m->values, (size_t)m->nnz * sizeof *m->values) != 0)
    return 0;
  free(pre->col_ptr);
  free(pre->col_row);
  free(pre->col_val);
  free(r->row_ptr);
  free(r->col_idx);
  free(r->values);
  pre->col_ptr = m->col_ptr, pre->col_row = m->col_row, pre->col_val = m->col_val;
  r->row_ptr = m->row_ptr, r->col_idx = m->col_idx, r->values = m->values;
  pre->borrowed = 1;
  return 1;
}

void flp_presolve_matrices_free(flp_presolve_matrices *m) {
  free(m->col_ptr);
  free(m->col_row);
  free(m->col_val);
  free(m->row_ptr);
  free(m->col_idx);
  free(m->values);
  memset(m, 0, sizeof *m);
}
