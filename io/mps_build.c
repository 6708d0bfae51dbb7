/* The end of an MPS read: row bounds from RHS and RANGES, the CSR matrix from
 * the column-wise COLUMNS entries, the minimisation form, names, notices. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps_reader.h"

static void free_strings(char **s, size_t count) {
  if (!s) return;
  for (size_t i = 0; i < count; ++i) free(s[i]);
  free(s);
}

void flp_mps_state_free(flp_mps_state *st) {
  free_strings(st->row_names, (size_t)st->num_rows);
  free_strings(st->col_names, (size_t)st->num_cols);
  free_strings(st->dropped, st->num_dropped);
  free(st->row_type);
  free(st->rhs);
  free(st->range);
  free(st->row_flags);
  free(st->row_last_col);
  free(st->obj);
  free(st->col_lower);
  free(st->col_upper);
  free(st->col_start);
  free(st->bound_line);
  free(st->col_int);
  free(st->ent_row);
  free(st->ent_val);
  free(st->name);
  free(st->objname);
  free(st->obj_name);
  free(st->rhs_vec.name);
  free(st->range_vec.name);
  free(st->bound_vec.name);
  flp_names_free(&st->row_table);
  flp_names_free(&st->col_table);
  memset(st, 0, sizeof *st);
}

/* RANGES rules (the MPS standard, as CPLEX, Clp and HiGHS read it), R the
 * range value:  E row: R > 0 -> [rhs, rhs + R], R < 0 -> [rhs + R, rhs];
 * L row: [rhs - |R|, rhs];  G row: [rhs, rhs + |R|]. An infinite RHS (only
 * +inf on L rows and -inf on G rows get here) makes the row free. */
static void row_bounds(char type, double rhs, int has_range, double range, double *lo, double *hi) {
  const double r = fabs(range);
  if (type == 'E') {
    *lo = has_range && range < 0 ? rhs - r : rhs;
    *hi = has_range && range > 0 ? rhs + r : rhs;
  } else if (type == 'L') {
    *hi = rhs;
    *lo = has_range && !isinf(rhs) ? rhs - r : -INFINITY;
  } else {
    *lo = rhs;
    *hi = has_range && !isinf(rhs) ? rhs + r : INFINITY;
  }
  if (isinf(rhs)) *lo = -INFINITY, *hi = INFINITY;
}

static double negate(double v) { return v == 0.0 ? 0.0 : -v; } /* no -0.0 in the output */

static flp_rc fill_matrix(flp_mps_state *st, flp_problem *p, flp_error *err) {
  const int32_t m = st->num_rows, n = st->num_cols;
  int64_t *next = malloc(((size_t)m + 1) * sizeof *next);
  if (!next) return flp_mps_nomem(st, err);
  for (int64_t k = 0; k < st->nnz; ++k) ++p->row_ptr[st->ent_row[k] + 1];
  for (int32_t i = 0; i < m; ++i) p->row_ptr[i + 1] += p->row_ptr[i];
  memcpy(next, p->row_ptr, (size_t)m * sizeof *next);
  /* columns in order: column indices come out sorted within each row */
  for (int32_t j = 0; j < n; ++j) {
    const int64_t end = j + 1 < n ? st->col_start[j + 1] : st->nnz;
    for (int64_t k = st->col_start[j]; k < end; ++k) {
      const int64_t pos = next[st->ent_row[k]]++;
      p->col_idx[pos] = j;
      p->values[pos] = st->ent_val[k];
    }
  }
  free(next);
  return FLP_OK;
}

static void note(flp_message_fn fn, void *user, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void note(flp_message_fn fn, void *user, const char *fmt, ...) {
  if (!fn) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fn(user, line);
}

static void vector_notice(const flp_mps_state *st, const flp_mps_vector *v, const char *sec,
                          flp_message_fn fn, void *user) {
  if (v->ignored_line == 0) return;
  note(fn, user, "%s:%lld: ignored %s vector '%s' (and any later ones); only the first, '%s', is used",
       st->path, (long long)v->ignored_line, sec, v->ignored, v->name ? v->name : "");
}

static void send_notices(const flp_mps_state *st, const flp_problem *p, flp_message_fn fn, void *user) {
  if (st->num_dropped > 0)
    note(fn, user, "%s:%lld: dropped %zu extra N row%s (first: '%s'); the objective is row '%s'",
         st->path, (long long)st->dropped_line, st->num_dropped, st->num_dropped == 1 ? "" : "s",
         st->dropped[0], p->obj_name ? p->obj_name : "");
  vector_notice(st, &st->rhs_vec, "RHS", fn, user);
  vector_notice(st, &st->range_vec, "RANGES", fn, user);
  vector_notice(st, &st->bound_vec, "BOUNDS", fn, user);
  if (st->range_on_n_count > 0)
    note(fn, user, "%s:%lld: ignored %lld RANGES entr%s on N rows", st->path,
         (long long)st->range_on_n_line, (long long)st->range_on_n_count,
         st->range_on_n_count == 1 ? "y" : "ies");
  if (st->neg_upper_count > 0)
    note(fn, user,
         "%s:%lld: negative upper bound with lower bound 0 for column '%s'%s: lower bound set to "
         "-inf, as other MPS readers do",
         st->path, (long long)st->neg_upper_line, st->neg_upper_col,
         st->neg_upper_count > 1 ? " and others" : "");
  if (p->num_integer > 0)
    note(fn, user, "%s: relaxed %d integer column%s to %s LP relaxation", st->path,
         (int)p->num_integer, p->num_integer == 1 ? "" : "s", p->num_integer == 1 ? "its" : "their");
}

flp_rc flp_mps_build(flp_mps_state *st, flp_problem *out, flp_message_fn notice, void *user,
                     flp_error *err) {
  const int32_t m = st->num_rows, n = st->num_cols;
  for (int32_t j = 0; j < n; ++j)
    if (st->col_lower[j] > st->col_upper[j])
      return flp_error_set(err, FLP_ERR_INPUT,
                           "%s:%lld: lower bound %g above upper bound %g for column '%s'; "
                           "expected lower <= upper",
                           st->path, (long long)st->bound_line[j], st->col_lower[j],
                           st->col_upper[j], st->col_names[j]);
  flp_rc rc = flp_problem_alloc(out, m, n, st->nnz, err);
  if (rc != FLP_OK) return rc;
  for (int32_t i = 0; i < m; ++i)
    row_bounds(st->row_type[i], st->rhs[i], (st->row_flags[i] & FLP_MPS_HAS_RANGE) != 0,
               st->range[i], &out->row_lower[i], &out->row_upper[i]);
  rc = fill_matrix(st, out, err);
  if (rc != FLP_OK) return rc;
  /* The RHS of the objective row is minus the objective constant (Clp, HiGHS). */
  const double offset = st->obj_rhs_given ? negate(st->obj_rhs) : 0.0;
  out->objective_sense = st->sense;
  out->obj_offset = st->sense < 0 ? negate(offset) : offset;
  for (int32_t j = 0; j < n; ++j) {
    out->obj[j] = st->sense < 0 ? negate(st->obj[j]) : st->obj[j];
    out->col_lower[j] = st->col_lower[j];
    out->col_upper[j] = st->col_upper[j];
    out->num_integer += st->col_int[j] ? 1 : 0;
  }
  out->row_names = st->row_names;
  st->row_names = NULL;
  out->col_names = st->col_names;
  st->col_names = NULL;
  out->name = st->name;
  st->name = NULL;
  out->obj_name = st->obj_name;
  st->obj_name = NULL;
  rc = flp_problem_validate(out, st->path, err);
  if (rc != FLP_OK) return rc;
  send_notices(st, out, notice, user);
  return FLP_OK;
}
