/* Free-format MPS writer (plain or gzip), atomic (PATH.tmp, then rename).
 *
 * The output is in the user's sense: OBJSENSE MAX and the user's objective
 * coefficients for a maximisation problem, and the objective constant as the
 * RHS of the objective row with the opposite sign (HiGHS/Clp convention).
 * Numbers are printed in the shortest form that reads back to the same double,
 * and ranged rows pick the form (G + range or L + range) that reads back
 * exactly, so MPS -> fleetlp -> MPS reproduces the problem bit for bit. */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "io_util.h"

/* ---- buffered output to a FILE or a gzFile -------------------------------- */
typedef struct out_t {
  FILE *fp;
  gzFile gz;
  char *buf;
  size_t len, cap;
  int failed;
} out_t;

static void out_flush(out_t *o) {
  if (o->failed || o->len == 0) return;
  if (o->gz) {
    if (gzwrite(o->gz, o->buf, (unsigned)o->len) != (int)o->len) o->failed = 1;
  } else if (fwrite(o->buf, 1, o->len, o->fp) != o->len) {
    o->failed = 1;
  }
  o->len = 0;
}

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void out_printf(out_t *o, const char *fmt, ...) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    va_list ap;
    va_start(ap, fmt);
    int w = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
    va_end(ap);
    if (w < 0) {
      o->failed = 1;
      return;
    }
    if ((size_t)w < o->cap - o->len) {
      o->len += (size_t)w;
      return;
    }
    out_flush(o); /* lines are far shorter than the buffer: the retry fits */
    if (o->failed) return;
  }
  o->failed = 1;
}

/* Shortest %g form that parses back to exactly v (v finite). */
static const char *num(double v, char *buf) {
  if (v == 0) return "0";
  for (int prec = 15; prec <= 17; ++prec) {
    snprintf(buf, 32, "%.*g", prec, v);
    if (strtod(buf, NULL) == v) break;
  }
  return buf;
}

/* ---- names ----------------------------------------------------------------- */
typedef struct name_set {
  const char **slots;
  size_t cap;
} name_set;

static uint64_t str_hash(const char *s) { return flp_fnv1a64(FLP_FNV1A64_INIT, s, strlen(s)); }

/* Inserts s; returns 0 when already present, -1 when out of memory. */
static int set_insert(name_set *set, const char *s) {
  size_t i = (size_t)str_hash(s) & (set->cap - 1);
  while (set->slots[i]) {
    if (strcmp(set->slots[i], s) == 0) return 0;
    i = (i + 1) & (set->cap - 1);
  }
  set->slots[i] = s;
  return 1;
}

static int set_contains(const name_set *set, const char *s) {
  if (!set->slots) return 0;
  size_t i = (size_t)str_hash(s) & (set->cap - 1);
  while (set->slots[i]) {
    if (strcmp(set->slots[i], s) == 0) return 1;
    i = (i + 1) & (set->cap - 1);
  }
  return 0;
}

static int set_init(name_set *set, int64_t count) {
  set->cap = 16;
  while (set->cap < 2 * (size_t)count + 16) set->cap *= 2;
  set->slots = calloc(set->cap, sizeof *set->slots);
  return set->slots != NULL;
}

static int usable_name(const char *s) {
  if (!s || !*s) return 0;
  for (const char *c = s; *c; ++c)
    if (*c == ' ' || *c == '\t' || *c == '\r' || *c == '\n' || *c == '\v' || *c == '\f') return 0;
  return 1;
}

/* Keeps the given names when all are usable in free MPS and distinct, and
 * fills set with them; otherwise returns 0 (generated names are used). */
static int names_usable(char *const *names, int32_t count, name_set *set, int *nomem) {
  if (!names) return 0;
  for (int32_t i = 0; i < count; ++i)
    if (!usable_name(names[i])) return 0;
  if (!set_init(set, count)) {
    *nomem = 1;
    return 0;
  }
  for (int32_t i = 0; i < count; ++i)
    if (set_insert(set, names[i]) != 1) {
      free(set->slots);
      set->slots = NULL;
      return 0;
    }
  return 1;
}

typedef struct labels {
  int use_row_names, use_col_names;
  char obj[80];
} labels;

static const char *row_name(const flp_problem *p, const labels *lb, int32_t i, char *buf) {
  if (lb->use_row_names) return p->row_names[i];
  snprintf(buf, 24, "R%d", (int)i + 1);
  return buf;
}

static const char *col_name(const flp_problem *p, const labels *lb, int32_t j, char *buf) {
  if (lb->use_col_names) return p->col_names[j];
  snprintf(buf, 24, "C%d", (int)j + 1);
  return buf;
}

/* Generated row names are "R<k>", so "OBJ" never collides with them. */
static void pick_objective_name(const flp_problem *p, const name_set *rows, labels *lb) {
  if (usable_name(p->obj_name) && strlen(p->obj_name) < sizeof lb->obj &&
      !set_contains(rows, p->obj_name)) {
    snprintf(lb->obj, sizeof lb->obj, "%s", p->obj_name);
    return;
  }
  snprintf(lb->obj, sizeof lb->obj, "OBJ");
  for (int k = 1; set_contains(rows, lb->obj); ++k) snprintf(lb->obj, sizeof lb->obj, "OBJ_%d", k);
}

/* ---- rows ------------------------------------------------------------------ */
typedef struct row_form {
  char type;          /* N E G L */
  double rhs, range;  /* range 0 = none */
} row_form;

/* A range r on a G row means [rhs, rhs + |r|], on an L row [rhs - |r|, rhs]. */
static row_form row_form_of(double lo, double hi) {
  row_form f = {'N', 0, 0};
  if (isinf(lo) && isinf(hi)) return f;
  if (lo == hi) return (row_form){'E', lo, 0};
  if (isinf(hi)) return (row_form){'G', lo, 0};
  if (isinf(lo)) return (row_form){'L', hi, 0};
  double r = hi - lo;
  if (lo + r == hi) return (row_form){'G', lo, r};
  if (hi - r == lo) return (row_form){'L', hi, r};
  /* Rounding in the subtraction: nudge the range until a reader's
   * rhs + range lands exactly on the upper side (a few ulps at most). */
  double up = r, down = r;
  for (int k = 0; k < 8; ++k) {
    up = nextafter(up, INFINITY);
    down = nextafter(down, 0);
    if (lo + up == hi) return (row_form){'G', lo, up};
    if (down > 0 && lo + down == hi) return (row_form){'G', lo, down};
  }
  return (row_form){'G', lo, r};
}

/* ---- writing --------------------------------------------------------------- */
static flp_rc write_body(out_t *o, const flp_problem *p, const labels *lb, const int64_t *cptr,
                         const int32_t *crow, const double *cval) {
  char nb[32], nb2[32], b1[24], b2[24];
  const double sense = p->objective_sense == -1 ? -1.0 : 1.0;
  out_printf(o, "* written by fleetlp %s\n", FLP_VERSION_STRING);
  if (p->name && usable_name(p->name)) out_printf(o, "NAME %s\n", p->name);
  else out_printf(o, "NAME\n");
  if (sense < 0) out_printf(o, "OBJSENSE\n    MAX\n");
  out_printf(o, "ROWS\n N  %s\n", lb->obj);
  for (int32_t i = 0; i < p->num_rows; ++i) {
    row_form f = row_form_of(p->row_lower[i], p->row_upper[i]);
    out_printf(o, " %c  %s\n", f.type, row_name(p, lb, i, b1));
  }
  out_printf(o, "COLUMNS\n");
  for (int32_t j = 0; j < p->num_cols && !o->failed; ++j) {
    const char *cn = col_name(p, lb, j, b1);
    double c = sense * p->obj[j];
    /* An entry on the objective row declares a column that has no others. */
    if (c != 0 || cptr[j] == cptr[j + 1]) out_printf(o, "    %s  %s  %s\n", cn, lb->obj, num(c, nb));
    for (int64_t k = cptr[j]; k < cptr[j + 1]; ++k)
      out_printf(o, "    %s  %s  %s\n", cn, row_name(p, lb, crow[k], b2), num(cval[k], nb));
  }
  out_printf(o, "RHS\n");
  double offset = sense * p->obj_offset;
  if (offset != 0) out_printf(o, "    RHS  %s  %s\n", lb->obj, num(-offset, nb));
  int any_range = 0;
  for (int32_t i = 0; i < p->num_rows && !o->failed; ++i) {
    row_form f = row_form_of(p->row_lower[i], p->row_upper[i]);
    if (f.type != 'N' && f.rhs != 0)
      out_printf(o, "    RHS  %s  %s\n", row_name(p, lb, i, b1), num(f.rhs, nb));
    any_range |= f.range != 0;
  }
  if (any_range) {
    out_printf(o, "RANGES\n");
    for (int32_t i = 0; i < p->num_rows && !o->failed; ++i) {
      row_form f = row_form_of(p->row_lower[i], p->row_upper[i]);
      if (f.range != 0) out_printf(o, "    RNG  %s  %s\n", row_name(p, lb, i, b1), num(f.range, nb));
    }
  }
  out_printf(o, "BOUNDS\n");
  for (int32_t j = 0; j < p->num_cols && !o->failed; ++j) {
    double l = p->col_lower[j], u = p->col_upper[j];
    const char *cn = col_name(p, lb, j, b1);
    if (l == u) out_printf(o, " FX BND  %s  %s\n", cn, num(l, nb));
    else if (isinf(l) && isinf(u)) out_printf(o, " FR BND  %s\n", cn);
    else {
      /* MI before UP, so that a negative upper bound never meets the default
       * lower bound 0 (which readers treat specially). */
      if (isinf(l)) out_printf(o, " MI BND  %s\n", cn);
      else if (l != 0) out_printf(o, " LO BND  %s  %s\n", cn, num(l, nb));
      if (!isinf(u)) out_printf(o, " UP BND  %s  %s\n", cn, num(u, nb2));
    }
  }
  out_printf(o, "ENDATA\n");
  out_flush(o);
  return o->failed ? FLP_ERR_IO : FLP_OK;
}

flp_rc flp_write_mps(const char *path, const flp_problem *p, flp_error *err) {
  flp_rc rc = flp_problem_validate(p, path, err);
  if (rc != FLP_OK) return rc;
  labels lb = {0, 0, {0}};
  name_set rows = {NULL, 0}, cols = {NULL, 0};
  int nomem = 0;
  lb.use_row_names = names_usable(p->row_names, p->num_rows, &rows, &nomem);
  lb.use_col_names = names_usable(p->col_names, p->num_cols, &cols, &nomem);
  free(cols.slots);
  pick_objective_name(p, &rows, &lb);
  free(rows.slots);
  if (nomem) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);

  int64_t *cptr = NULL;
  int32_t *crow = NULL;
  double *cval = NULL;
  char *tmp = flp_io_tmp_path(path);
  out_t o = {NULL, NULL, malloc(1 << 20), 0, 1 << 20, 0};
  if (!tmp || !o.buf || flp_problem_columns(p, &cptr, &crow, &cval) != FLP_OK) {
    rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
    goto done;
  }
  if ((rc = flp_io_probe_writable(tmp, path, err)) != FLP_OK) goto done;
  if (flp_io_ends_with(path, ".gz")) o.gz = gzopen(tmp, "wb");
  else o.fp = fopen(tmp, "wb");
  if (!o.gz && !o.fp) {
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot create %s: %s", path, tmp, strerror(errno));
    goto done;
  }
  if (o.gz) gzbuffer(o.gz, 1 << 18);
  rc = write_body(&o, p, &lb, cptr, crow, cval);
  int close_failed = o.gz ? gzclose(o.gz) != Z_OK : fclose(o.fp) != 0;
  if (rc != FLP_OK || close_failed) {
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write %s: %s", path, tmp, strerror(errno));
    remove(tmp);
    goto done;
  }
  rc = flp_io_commit(tmp, path, err);
done:
  free(o.buf);
  free(tmp);
  free(cptr);
  free(crow);
  free(cval);
  return rc;
}
