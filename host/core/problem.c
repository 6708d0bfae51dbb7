/* The problem struct: allocation, release, validation. */
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "problem.h"

static void free_names(char **names, int32_t count) {
  if (!names) return;
  for (int32_t i = 0; i < count; ++i) free(names[i]);
  free(names);
}

void flp_problem_free(flp_problem *p) {
  if (!p) return;
  free(p->row_ptr);
  free(p->col_idx);
  free(p->values);
  free(p->obj);
  free(p->col_lower);
  free(p->col_upper);
  free(p->row_lower);
  free(p->row_upper);
  free_names(p->row_names, p->num_rows);
  free_names(p->col_names, p->num_cols);
  free(p->name);
  free(p->obj_name);
  memset(p, 0, sizeof *p);
}

flp_rc flp_problem_alloc(flp_problem *p, int32_t m, int32_t n, int64_t nnz, flp_error *err) {
  memset(p, 0, sizeof *p);
  if (m < 0 || n < 0 || nnz < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "negative problem dimension (%d rows, %d cols, %lld nnz)",
                         (int)m, (int)n, (long long)nnz);
  p->num_rows = m;
  p->num_cols = n;
  p->nnz = nnz;
  p->objective_sense = 1;
  /* +1 so that empty arrays are still valid pointers */
  p->row_ptr = calloc((size_t)m + 1, sizeof *p->row_ptr);
  p->col_idx = malloc(((size_t)nnz + 1) * sizeof *p->col_idx);
  p->values = malloc(((size_t)nnz + 1) * sizeof *p->values);
  p->obj = calloc((size_t)n + 1, sizeof *p->obj);
  p->col_lower = calloc((size_t)n + 1, sizeof *p->col_lower);
  p->col_upper = calloc((size_t)n + 1, sizeof *p->col_upper);
  p->row_lower = calloc((size_t)m + 1, sizeof *p->row_lower);
  p->row_upper = calloc((size_t)m + 1, sizeof *p->row_upper);
  if (!p->row_ptr || !p->col_idx || !p->values || !p->obj || !p->col_lower || !p->col_upper ||
      !p->row_lower || !p->row_upper) {
    flp_problem_free(p);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory allocating a problem of %d rows, %d cols, %lld nonzeros",
                         (int)m, (int)n, (long long)nnz);
  }
  return FLP_OK;
}

static const char *row_label(const flp_problem *p, int64_t i, char *buf, size_t cap) {
  if (p->row_names && p->row_names[i]) return p->row_names[i];
  snprintf(buf, cap, "#%lld", (long long)i);
  return buf;
}

static const char *col_label(const flp_problem *p, int64_t j, char *buf, size_t cap) {
  if (p->col_names && p->col_names[j]) return p->col_names[j];
  snprintf(buf, cap, "#%lld", (long long)j);
  return buf;
}

flp_rc flp_problem_validate(const flp_problem *p, const char *what, flp_error *err) {
  char name[64];
  if (!what) what = "problem";
  if (p->num_rows < 0 || p->num_cols < 0 || p->nnz < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: negative dimension", what);
  if (p->objective_sense != 1 && p->objective_sense != -1)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: objective sense must be +1 or -1, got %d", what,
                         p->objective_sense);
  if (p->row_ptr[0] != 0)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: row pointer must start at 0", what);
  for (int32_t i = 0; i < p->num_rows; ++i)
    if (p->row_ptr[i + 1] < p->row_ptr[i])
      return flp_error_set(err, FLP_ERR_INPUT, "%s: row pointer decreases at row %d", what, (int)i);
  if (p->row_ptr[p->num_rows] != p->nnz)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: row pointer ends at %lld, expected nnz = %lld", what,
                         (long long)p->row_ptr[p->num_rows], (long long)p->nnz);
  for (int32_t i = 0; i < p->num_rows; ++i) {
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
      if (p->col_idx[k] < 0 || p->col_idx[k] >= p->num_cols)
        return flp_error_set(err, FLP_ERR_INPUT, "%s: column index %d out of range [0, %d) in row %s",
                             what, (int)p->col_idx[k], (int)p->num_cols,
                             row_label(p, i, name, sizeof name));
      if (!isfinite(p->values[k]))
        return flp_error_set(err, FLP_ERR_INPUT, "%s: coefficient %g in row %s is not finite", what,
                             p->values[k], row_label(p, i, name, sizeof name));
    }
  }
  if (!isfinite(p->obj_offset))
    return flp_error_set(err, FLP_ERR_INPUT, "%s: objective offset is not finite", what);
  for (int32_t j = 0; j < p->num_cols; ++j) {
    if (!isfinite(p->obj[j]))
      return flp_error_set(err, FLP_ERR_INPUT, "%s: objective coefficient of column %s is not finite",
                           what, col_label(p, j, name, sizeof name));
    double lo = p->col_lower[j], hi = p->col_upper[j];
    if (isnan(lo) || isnan(hi) || lo == INFINITY || hi == -INFINITY)
      return flp_error_set(err, FLP_ERR_INPUT, "%s: bounds of column %s are invalid (%g, %g)", what,
                           col_label(p, j, name, sizeof name), lo, hi);
    if (lo > hi)
      return flp_error_set(err, FLP_ERR_INPUT, "%s: lower bound %g above upper bound %g for column %s",
                           what, lo, hi, col_label(p, j, name, sizeof name));
  }
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double lo = p->row_lower[i], hi = p->row_upper[i];
    if (isnan(lo) || isnan(hi) || lo == INFINITY || hi == -INFINITY)
      return flp_error_set(err, FLP_ERR_INPUT, "%s: bounds of row %s are invalid (%g, %g)", what,
                           row_label(p, i, name, sizeof name), lo, hi);
    if (lo > hi)
      return flp_error_set(err, FLP_ERR_INPUT, "%s: lower bound %g above upper bound %g for row %s",
                           what, lo, hi, row_label(p, i, name, sizeof name));
  }
  return FLP_OK;
}

flp_rc flp_problem_columns(const flp_problem *p, int64_t **col_ptr, int32_t **row_idx,
                           double **values) {
  int64_t *ptr = calloc((size_t)p->num_cols + 1, sizeof *ptr);
  int64_t *next = malloc(((size_t)p->num_cols + 1) * sizeof *next);
  int32_t *rows = malloc(((size_t)p->nnz + 1) * sizeof *rows);
  double *vals = malloc(((size_t)p->nnz + 1) * sizeof *vals);
  *col_ptr = NULL;
  *row_idx = NULL;
  *values = NULL;
  if (!ptr || !next || !rows || !vals) {
    free(ptr);
    free(next);
    free(rows);
    free(vals);
    return FLP_ERR_NOMEM;
  }
  for (int64_t k = 0; k < p->nnz; ++k) ptr[p->col_idx[k] + 1]++;
  for (int32_t j = 0; j < p->num_cols; ++j) ptr[j + 1] += ptr[j];
  memcpy(next, ptr, ((size_t)p->num_cols + 1) * sizeof *next);
  for (int32_t i = 0; i < p->num_rows; ++i)
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
      int64_t dst = next[p->col_idx[k]]++;
      rows[dst] = i;
      vals[dst] = p->values[k];
    }
  free(next);
  *col_ptr = ptr;
  *row_idx = rows;
  *values = vals;
  return FLP_OK;
}

static flp_rc copy_names(char **from, int32_t count, char ***to) {
  *to = NULL;
  if (!from) return FLP_OK;
  if (!(*to = calloc((size_t)count + 1, sizeof **to))) return FLP_ERR_NOMEM;
  for (int32_t i = 0; i < count; ++i)
    if (from[i] && !((*to)[i] = strdup(from[i]))) return FLP_ERR_NOMEM;
  return FLP_OK;
}

static flp_rc copy_text(const char *from, char **to) {
  *to = from ? strdup(from) : NULL;
  return from && !*to ? FLP_ERR_NOMEM : FLP_OK;
}

flp_rc flp_problem_copy(const flp_problem *p, flp_problem *out, flp_error *err) {
  flp_rc rc = flp_problem_alloc(out, p->num_rows, p->num_cols, p->nnz, err);
  if (rc != FLP_OK) return rc;
  const size_t m = (size_t)p->num_rows, n = (size_t)p->num_cols, nnz = (size_t)p->nnz;
  memcpy(out->row_ptr, p->row_ptr, (m + 1) * sizeof *p->row_ptr);
  if (nnz) {
    memcpy(out->col_idx, p->col_idx, nnz * sizeof *p->col_idx);
    memcpy(out->values, p->values, nnz * sizeof *p->values);
  }
  if (n) {
    memcpy(out->obj, p->obj, n * sizeof *p->obj);
    memcpy(out->col_lower, p->col_lower, n * sizeof *p->col_lower);
    memcpy(out->col_upper, p->col_upper, n * sizeof *p->col_upper);
  }
  if (m) {
    memcpy(out->row_lower, p->row_lower, m * sizeof *p->row_lower);
    memcpy(out->row_upper, p->row_upper, m * sizeof *p->row_upper);
  }
  out->obj_offset = p->obj_offset;
  out->objective_sense = p->objective_sense;
  out->num_integer = p->num_integer;
  rc = copy_names(p->row_names, p->num_rows, &out->row_names);
  if (rc == FLP_OK) rc = copy_names(p->col_names, p->num_cols, &out->col_names);
  if (rc == FLP_OK) rc = copy_text(p->name, &out->name);
  if (rc == FLP_OK) rc = copy_text(p->obj_name, &out->obj_name);
  if (rc != FLP_OK) {
    flp_problem_free(out);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory copying the problem's names");
  }
  return FLP_OK;
}

const char *flp_problem_matrix_difference(const flp_problem *a, const flp_problem *b) {
  if (b->num_rows != a->num_rows || b->num_cols != a->num_cols) return "its shape";
  if (b->nnz != a->nnz) return "its number of nonzeros";
  if (memcmp(b->row_ptr, a->row_ptr, ((size_t)b->num_rows + 1) * sizeof *b->row_ptr) != 0 ||
      memcmp(b->col_idx, a->col_idx, (size_t)b->nnz * sizeof *b->col_idx) != 0)
    return "its sparsity pattern";
  if (memcmp(b->values, a->values, (size_t)b->nnz * sizeof *b->values) != 0) return "its coefficients";
  return NULL;
}
