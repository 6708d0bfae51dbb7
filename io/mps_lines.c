/* One data line of ROWS, COLUMNS, RHS, RANGES or BOUNDS.
 *
 * Every handler checks the whole line first (names resolved, numbers parsed,
 * duplicates found) and only then changes the state, so a line that fails as
 * whitespace-separated fields can be retried as fixed columns (mps_read.c).
 * Growing an array before the commit is not a change: capacities are free. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps_reader.h"

static int field_is(const flp_mps_fields *f, int i, const char *s) {
  return strlen(s) == f->n[i] && memcmp(f->p[i], s, f->n[i]) == 0;
}

static int field_is_nocase(const flp_mps_fields *f, int i, const char *s) {
  if (strlen(s) != f->n[i]) return 0;
  for (size_t k = 0; k < f->n[i]; ++k)
    if (toupper((unsigned char)f->p[i][k]) != s[k]) return 0;
  return 1;
}

static int name_is(const char *name, const flp_mps_fields *f, int i) {
  return strncmp(name, f->p[i], f->n[i]) == 0 && name[f->n[i]] == '\0';
}

static char *field_dup(const flp_mps_fields *f, int i) {
  char *s = malloc(f->n[i] + 1);
  if (!s) return NULL;
  memcpy(s, f->p[i], f->n[i]);
  s[f->n[i]] = '\0';
  return s;
}

/* Parses field i as a number. strtod must consume the whole field; NaN is
 * refused; magnitudes of FLP_MPS_INFINITY or more (and "inf", "infinity")
 * become IEEE inf. Hexadecimal floats are refused: no MPS writer makes them,
 * so "0x1" is far more likely a mangled name than a number. strtod follows
 * the C locale's decimal point, the library's default. */
static flp_rc field_number(const flp_mps_state *st, const flp_mps_fields *f, int i,
                           const char *where, double *out, flp_error *err) {
  char buf[80];
  size_t n = f->n[i];
  if (n == 0 || n >= sizeof buf || memchr(f->p[i], 'x', n) || memchr(f->p[i], 'X', n))
    return flp_mps_fail(st, err, "malformed number '%.*s' in %s; expected a decimal number such as -1.5e3",
                        FLP_MPS_FIELD(f, i), where);
  memcpy(buf, f->p[i], n);
  buf[n] = '\0';
  char *end = NULL;
  double v = strtod(buf, &end);
  if (end != buf + n)
    return flp_mps_fail(st, err, "malformed number '%s' in %s; expected a decimal number such as -1.5e3",
                        buf, where);
  if (isnan(v))
    return flp_mps_fail(st, err, "NaN value '%s' in %s; expected a number", buf, where);
  if (v >= FLP_MPS_INFINITY) v = INFINITY;
  if (v <= -FLP_MPS_INFINITY) v = -INFINITY;
  *out = v;
  return FLP_OK;
}

/* Grows an array to cap elements; the pointer is kept on failure. */
static int resize(void **ptr, size_t cap, size_t elem) {
  if (cap > SIZE_MAX / elem) return -1;
  void *q = realloc(*ptr, cap * elem);
  if (!q) return -1;
  *ptr = q;
  return 0;
}

static int grow_rows(flp_mps_state *st) {
  if ((size_t)st->num_rows < st->row_cap) return 0;
  size_t cap = st->row_cap ? st->row_cap * 2 : 64;
  if (resize((void **)&st->row_names, cap, sizeof(char *)) || resize((void **)&st->row_type, cap, 1) ||
      resize((void **)&st->rhs, cap, sizeof(double)) || resize((void **)&st->range, cap, sizeof(double)) ||
      resize((void **)&st->row_flags, cap, 1))
    return -1;
  st->row_cap = cap;
  return 0;
}

static int grow_cols(flp_mps_state *st) {
  if ((size_t)st->num_cols < st->col_cap) return 0;
  size_t cap = st->col_cap ? st->col_cap * 2 : 64;
  if (resize((void **)&st->col_names, cap, sizeof(char *)) ||
      resize((void **)&st->obj, cap, sizeof(double)) ||
      resize((void **)&st->col_lower, cap, sizeof(double)) ||
      resize((void **)&st->col_upper, cap, sizeof(double)) ||
      resize((void **)&st->col_start, cap + 1, sizeof(int64_t)) ||
      resize((void **)&st->bound_line, cap, sizeof(int64_t)) ||
      resize((void **)&st->col_int, cap, 1))
    return -1;
  st->col_cap = cap;
  return 0;
}

static int grow_entries(flp_mps_state *st, size_t need) {
  if ((size_t)st->nnz + need <= st->ent_cap) return 0;
  size_t cap = st->ent_cap ? st->ent_cap * 2 : 1024;
  if (resize((void **)&st->ent_row, cap, sizeof(int32_t)) ||
      resize((void **)&st->ent_val, cap, sizeof(double)))
    return -1;
  st->ent_cap = cap;
  return 0;
}

/* ---- ROWS --------------------------------------------------------------- */

flp_rc flp_mps_rows_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  if (f->count != 2)
    return flp_mps_fail(st, err,
                        "expected a row type (N, L, G or E) and a row name in ROWS, found %d field%s",
                        f->count, f->count == 1 ? "" : "s");
  char type = (char)toupper((unsigned char)f->p[0][0]);
  if (f->n[0] != 1 || !strchr("NLGE", type))
    return flp_mps_fail(st, err, "unknown row type '%.*s' for row '%.*s'; expected N, L, G or E",
                        FLP_MPS_FIELD(f, 0), FLP_MPS_FIELD(f, 1));
  if (flp_names_find(&st->row_table, f->p[1], f->n[1], NULL))
    return flp_mps_fail(st, err, "duplicate row '%.*s' in ROWS; each row is declared once",
                        FLP_MPS_FIELD(f, 1));
  int32_t value;
  if (type != 'N') {
    if (st->num_rows == INT32_MAX) return flp_mps_fail(st, err, "too many rows");
    if (grow_rows(st)) return flp_mps_nomem(st, err);
    value = st->num_rows;
  } else if (st->objname_given ? name_is(st->objname, f, 1) : st->obj_name == NULL) {
    value = FLP_MPS_ROW_OBJECTIVE;
  } else {
    if (st->num_dropped == st->dropped_cap) {
      size_t cap = st->dropped_cap ? st->dropped_cap * 2 : 8;
      if (resize((void **)&st->dropped, cap, sizeof(char *))) return flp_mps_nomem(st, err);
      st->dropped_cap = cap;
    }
    value = FLP_MPS_ROW_DROPPED;
  }
  char *name = field_dup(f, 1);
  if (!name || flp_names_insert(&st->row_table, name, value, NULL) != 0) {
    free(name);
    return flp_mps_nomem(st, err);
  }
  if (value == FLP_MPS_ROW_OBJECTIVE) {
    st->obj_name = name;
  } else if (value == FLP_MPS_ROW_DROPPED) {
    if (st->num_dropped == 0) st->dropped_line = st->line_no;
    st->dropped[st->num_dropped++] = name;
  } else {
    st->row_names[value] = name;
    st->row_type[value] = type;
    st->rhs[value] = 0.0;
    st->range[value] = 0.0;
    st->row_flags[value] = 0;
    ++st->num_rows;
  }
  return FLP_OK;
}

/* ---- COLUMNS ------------------------------------------------------------ */

/* "name 'MARKER' 'INTORG'" ... "name 'MARKER' 'INTEND'". Some writers leave
 * out the quotes; that form is a marker too unless a row is named MARKER. */
static int is_marker(const flp_mps_state *st, const flp_mps_fields *f) {
  if (f->count != 3) return 0;
  if (field_is(f, 1, "'MARKER'")) return 1;
  return field_is(f, 1, "MARKER") && !flp_names_find(&st->row_table, "MARKER", 6, NULL);
}

static flp_rc marker_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  if (field_is(f, 2, "'INTORG'") || field_is(f, 2, "INTORG")) st->in_integer = 1;
  else if (field_is(f, 2, "'INTEND'") || field_is(f, 2, "INTEND")) st->in_integer = 0;
  else
    return flp_mps_fail(st, err, "unknown marker %.*s in COLUMNS; expected 'INTORG' or 'INTEND'",
                        FLP_MPS_FIELD(f, 2));
  return FLP_OK;
}

flp_rc flp_mps_columns_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  if (is_marker(st, f)) return marker_line(st, f, err);
  if (f->count != 3 && f->count != 5)
    return flp_mps_fail(st, err,
                        "expected a column name and one or two pairs of row name and value in "
                        "COLUMNS, found %d field%s",
                        f->count, f->count == 1 ? "" : "s");
  if (!st->row_last_col && st->num_rows > 0) {
    st->row_last_col = malloc((size_t)st->num_rows * sizeof *st->row_last_col);
    if (!st->row_last_col) return flp_mps_nomem(st, err);
    for (int32_t i = 0; i < st->num_rows; ++i) st->row_last_col[i] = -1;
  }
  const int new_col = st->num_cols == 0 || !name_is(st->col_names[st->num_cols - 1], f, 0);
  const int32_t j = new_col ? st->num_cols : st->num_cols - 1;
  if (new_col) {
    if (flp_names_find(&st->col_table, f->p[0], f->n[0], NULL))
      return flp_mps_fail(st, err,
                          "column '%.*s' appears again after other columns; the entries of a "
                          "column must be on consecutive lines",
                          FLP_MPS_FIELD(f, 0));
    if (st->num_cols == INT32_MAX) return flp_mps_fail(st, err, "too many columns");
  }
  const int pairs = (f->count - 1) / 2;
  int32_t row[2];
  double val[2];
  for (int k = 0; k < pairs; ++k) {
    const int ri = 1 + 2 * k, vi = 2 + 2 * k;
    if (!flp_names_find(&st->row_table, f->p[ri], f->n[ri], &row[k]))
      return flp_mps_fail(st, err, "unknown row '%.*s' in COLUMNS (column '%.*s'); rows are declared in ROWS",
                          FLP_MPS_FIELD(f, ri), FLP_MPS_FIELD(f, 0));
    flp_rc rc = field_number(st, f, vi, "COLUMNS", &val[k], err);
    if (rc != FLP_OK) return rc;
    if (isinf(val[k]))
      return flp_mps_fail(st, err,
                          "infinite coefficient '%.*s' for column '%.*s' in row '%.*s'; "
                          "coefficients must be finite (magnitudes of 1e20 or more mean infinity)",
                          FLP_MPS_FIELD(f, vi), FLP_MPS_FIELD(f, 0), FLP_MPS_FIELD(f, ri));
    int dup = k == 1 && row[1] == row[0] && row[0] != FLP_MPS_ROW_DROPPED;
    if (!new_col && row[k] >= 0 && st->row_last_col[row[k]] == j) dup = 1;
    if (!new_col && row[k] == FLP_MPS_ROW_OBJECTIVE && st->cur_obj_given) dup = 1;
    if (dup)
      return flp_mps_fail(st, err, "duplicate entry for column '%.*s' in row '%.*s'",
                          FLP_MPS_FIELD(f, 0), FLP_MPS_FIELD(f, ri));
  }
  if (new_col) {
    if (grow_cols(st)) return flp_mps_nomem(st, err);
    char *name = field_dup(f, 0);
    if (!name || flp_names_insert(&st->col_table, name, j, NULL) != 0) {
      free(name);
      return flp_mps_nomem(st, err);
    }
    st->col_names[j] = name;
    st->obj[j] = 0.0;
    st->col_lower[j] = 0.0;
    st->col_upper[j] = INFINITY;
    st->col_start[j] = st->nnz;
    st->bound_line[j] = 0;
    st->col_int[j] = (unsigned char)st->in_integer;
    st->cur_obj_given = 0;
    ++st->num_cols;
  }
  if (grow_entries(st, (size_t)pairs)) return flp_mps_nomem(st, err);
  for (int k = 0; k < pairs; ++k) {
    if (row[k] == FLP_MPS_ROW_OBJECTIVE) {
      st->obj[j] = val[k];
      st->cur_obj_given = 1;
    } else if (row[k] >= 0) {
      st->row_last_col[row[k]] = j;
      if (val[k] != 0.0) { /* explicit zeros carry no information for the solver */
        st->ent_row[st->nnz] = row[k];
        st->ent_val[st->nnz] = val[k];
        ++st->nnz;
      }
    }
  }
  return FLP_OK;
}

/* ---- RHS and RANGES ----------------------------------------------------- */

/* Decides which fields of an RHS / RANGES / BOUNDS line name the vector.
 * Sets *use = 0 for a line of another vector than the first (ignored, noted
 * once), and *claim = 1 when this line's vector becomes the first. */
static void pick_vector(flp_mps_state *st, flp_mps_vector *vec, const flp_mps_fields *f, int i,
                        int *use, int *claim) {
  *use = 1;
  *claim = 0;
  if (i < 0) return; /* a line without a vector name belongs to the vector in use */
  if (!vec->name) {
    *claim = 1;
  } else if (!name_is(vec->name, f, i)) {
    *use = 0;
    if (vec->ignored_line == 0) {
      snprintf(vec->ignored, sizeof vec->ignored, "%.*s", FLP_MPS_FIELD(f, i));
      vec->ignored_line = st->line_no;
    }
  }
}

static flp_rc claim_vector(flp_mps_state *st, flp_mps_vector *vec, const flp_mps_fields *f, int i,
                           flp_error *err) {
  vec->name = field_dup(f, i);
  return vec->name ? FLP_OK : flp_mps_nomem(st, err);
}

/* RHS and RANGES share the layout [vector] row value [row value]: an odd
 * number of fields has the vector name, an even number has none. */
static flp_rc row_value_line(flp_mps_state *st, const flp_mps_fields *f, int is_range,
                             flp_error *err) {
  const char *sec = is_range ? "RANGES" : "RHS";
  if (f->count < 2 || f->count > 5)
    return flp_mps_fail(st, err,
                        "expected [vector name] row name value [row name value] in %s, found %d field%s",
                        sec, f->count, f->count == 1 ? "" : "s");
  const int first = f->count % 2;
  flp_mps_vector *vec = is_range ? &st->range_vec : &st->rhs_vec;
  int use, claim;
  pick_vector(st, vec, f, first ? 0 : -1, &use, &claim);
  if (!use) return FLP_OK;
  const int pairs = (f->count - first) / 2;
  int32_t row[2];
  double val[2];
  for (int k = 0; k < pairs; ++k) {
    const int ri = first + 2 * k, vi = ri + 1;
    if (!flp_names_find(&st->row_table, f->p[ri], f->n[ri], &row[k]))
      return flp_mps_fail(st, err, "unknown row '%.*s' in %s; rows are declared in ROWS",
                          FLP_MPS_FIELD(f, ri), sec);
    flp_rc rc = field_number(st, f, vi, sec, &val[k], err);
    if (rc != FLP_OK) return rc;
    const int same = k == 1 && row[1] == row[0];
    const int r = row[k];
    if (r == FLP_MPS_ROW_OBJECTIVE && !is_range) {
      if (st->obj_rhs_given || same)
        return flp_mps_fail(st, err, "duplicate RHS entry for the objective row '%.*s'",
                            FLP_MPS_FIELD(f, ri));
      if (!isfinite(val[k]))
        return flp_mps_fail(st, err,
                            "infinite RHS '%.*s' on the objective row '%.*s'; expected a finite "
                            "objective constant",
                            FLP_MPS_FIELD(f, vi), FLP_MPS_FIELD(f, ri));
    } else if (r >= 0) {
      const unsigned flag = is_range ? FLP_MPS_HAS_RANGE : FLP_MPS_HAS_RHS;
      if ((st->row_flags[r] & flag) || same)
        return flp_mps_fail(st, err, "duplicate %s entry for row '%.*s'", sec, FLP_MPS_FIELD(f, ri));
      const char t = st->row_type[r];
      if (!is_range && isinf(val[k]) &&
          (t == 'E' || (t == 'L' && val[k] < 0) || (t == 'G' && val[k] > 0)))
        return flp_mps_fail(st, err, "RHS '%.*s' of %c row '%.*s' leaves the row without a feasible value; "
                            "expected a finite number",
                            FLP_MPS_FIELD(f, vi), t, FLP_MPS_FIELD(f, ri));
    }
  }
  if (claim && claim_vector(st, vec, f, 0, err) != FLP_OK) return FLP_ERR_NOMEM;
  for (int k = 0; k < pairs; ++k) {
    const int r = row[k];
    if (r == FLP_MPS_ROW_OBJECTIVE && !is_range) {
      st->obj_rhs = val[k];
      st->obj_rhs_given = 1;
    } else if (r < 0) {
      if (is_range) { /* a range on an N row means nothing: noted, ignored */
        if (st->range_on_n_count++ == 0) st->range_on_n_line = st->line_no;
      }
    } else if (is_range) {
      st->range[r] = val[k];
      st->row_flags[r] |= FLP_MPS_HAS_RANGE;
    } else {
      st->rhs[r] = val[k];
      st->row_flags[r] |= FLP_MPS_HAS_RHS;
    }
  }
  return FLP_OK;
}

flp_rc flp_mps_rhs_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  return row_value_line(st, f, 0, err);
}

flp_rc flp_mps_ranges_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  return row_value_line(st, f, 1, err);
}

/* ---- BOUNDS ------------------------------------------------------------- */

enum bound_kind { UP, LO, FX, FR, MI, PL, BV, LI, UI };
static const struct {
  const char *name;
  int needs_value;
} kBoundTypes[] = {{"UP", 1}, {"LO", 1}, {"FX", 1}, {"FR", 0}, {"MI", 0},
                   {"PL", 0}, {"BV", 0}, {"LI", 1}, {"UI", 1}};

static int find_col(const flp_mps_state *st, const flp_mps_fields *f, int i, int32_t *j) {
  return flp_names_find(&st->col_table, f->p[i], f->n[i], j);
}

/* Where the vector, column and value fields are (-1: absent) for a line of
 * `count` fields. Types without a value (FR MI PL BV) may still carry one,
 * which makes three fields ambiguous: "BV set col" or "BV col 1"; a known
 * column name in the third field decides for the first reading. */
static int bound_layout(const flp_mps_state *st, const flp_mps_fields *f, int needs_value,
                        int *vi, int *ci, int *xi) {
  *vi = *ci = *xi = -1;
  if (needs_value) {
    if (f->count == 4) *vi = 1, *ci = 2, *xi = 3;
    else if (f->count == 3) *ci = 1, *xi = 2;
    else return 0;
    return 1;
  }
  if (f->count == 2) *ci = 1;
  else if (f->count == 4) *vi = 1, *ci = 2, *xi = 3;
  else if (f->count == 3) {
    double v;
    int32_t j;
    char *end;
    char buf[80];
    int numeric = f->n[2] < sizeof buf;
    if (numeric) {
      memcpy(buf, f->p[2], f->n[2]);
      buf[f->n[2]] = '\0';
      v = strtod(buf, &end);
      numeric = end == buf + f->n[2] && !isnan(v);
    }
    if (!find_col(st, f, 2, &j) && find_col(st, f, 1, &j) && numeric) *ci = 1, *xi = 2;
    else *vi = 1, *ci = 2;
  } else return 0;
  return 1;
}

flp_rc flp_mps_bounds_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err) {
  int kind = -1;
  for (int k = 0; k < (int)(sizeof kBoundTypes / sizeof kBoundTypes[0]); ++k)
    if (field_is_nocase(f, 0, kBoundTypes[k].name)) kind = k;
  if (kind < 0 && field_is_nocase(f, 0, "SC"))
    return flp_mps_fail(st, err,
                        "bound type SC (semi-continuous) is not supported; fleetlp solves linear programs");
  if (kind < 0)
    return flp_mps_fail(st, err,
                        "unknown bound type '%.*s' in BOUNDS; expected UP, LO, FX, FR, MI, PL, BV, LI or UI",
                        FLP_MPS_FIELD(f, 0));
  const int needs_value = kBoundTypes[kind].needs_value;
  int vi, ci, xi;
  if (!bound_layout(st, f, needs_value, &vi, &ci, &xi))
    return flp_mps_fail(st, err, "expected %s [vector name] column name%s in BOUNDS, found %d field%s",
                        kBoundTypes[kind].name, needs_value ? " value" : " [value]", f->count,
                        f->count == 1 ? "" : "s");
  int use, claim;
  pick_vector(st, &st->bound_vec, f, vi, &use, &claim);
  if (!use) return FLP_OK;
  int32_t j;
  if (!find_col(st, f, ci, &j)) {
    if (needs_value && f->count == 3 && find_col(st, f, 2, &j))
      return flp_mps_fail(st, err, "missing value for bound %s of column '%.*s' in BOUNDS",
                          kBoundTypes[kind].name, FLP_MPS_FIELD(f, 2));
    return flp_mps_fail(st, err, "unknown column '%.*s' in BOUNDS; columns are declared in COLUMNS",
                        FLP_MPS_FIELD(f, ci));
  }
  double v = 0.0;
  if (xi >= 0) {
    flp_rc rc = field_number(st, f, xi, "BOUNDS", &v, err);
    if (rc != FLP_OK) return rc;
  }
  if (((kind == UP || kind == UI) && v == -INFINITY) || ((kind == LO || kind == LI) && v == INFINITY) ||
      (kind == FX && isinf(v)))
    return flp_mps_fail(st, err,
                        "bound %s '%.*s' of column '%.*s' leaves the column without a feasible value",
                        kBoundTypes[kind].name, FLP_MPS_FIELD(f, xi), FLP_MPS_FIELD(f, ci));
  if (claim && claim_vector(st, &st->bound_vec, f, vi, err) != FLP_OK) return FLP_ERR_NOMEM;
  double *lo = &st->col_lower[j], *hi = &st->col_upper[j];
  switch ((enum bound_kind)kind) {
  case UI:
  case UP:
    /* A negative upper bound on a column without earlier bounds (so with
     * the default lower bound 0) makes it a column without lower bound, the
     * rule of CPLEX and Clp. After an explicit lower bound it is taken as
     * written (and a lower bound above it is an error). */
    if (v < 0 && st->bound_line[j] == 0) {
      *lo = -INFINITY;
      if (st->neg_upper_count++ == 0) {
        st->neg_upper_line = st->line_no;
        snprintf(st->neg_upper_col, sizeof st->neg_upper_col, "%s", st->col_names[j]);
      }
    }
    *hi = v;
    break;
  case LI:
  case LO: *lo = v; break;
  case FX: *lo = *hi = v; break;
  case FR: *lo = -INFINITY, *hi = INFINITY; break;
  case MI: *lo = -INFINITY; break;
  case PL: *hi = INFINITY; break;
  case BV: *lo = 0.0, *hi = 1.0; break;
  }
  if (kind == BV || kind == LI || kind == UI) st->col_int[j] = 1;
  st->bound_line[j] = st->line_no;
  return FLP_OK;
}
