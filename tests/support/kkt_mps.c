/* A small MPS writer for tests: turns an flp_problem into text the CLI reads.
 * Fields sit in the fixed-format columns when they fit and are always
 * separated by blanks, so both fixed and free readers accept the file as long
 * as names have no blanks. Numbers use %.17g, which round-trips exactly. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kkt_gen.h"

static const char *row_name(const flp_problem *p, int32_t i, char *buf) {
  if (p->row_names && p->row_names[i]) return p->row_names[i];
  snprintf(buf, 32, "R%d", (int)i);
  return buf;
}

static const char *col_name(const flp_problem *p, int32_t j, char *buf) {
  if (p->col_names && p->col_names[j]) return p->col_names[j];
  snprintf(buf, 32, "C%d", (int)j);
  return buf;
}

/* One data line: type (may be ""), name, then one (key, value) pair. Fixed
 * columns: 2-3, 5-12, 15-22, 25-36. */
static void line(FILE *f, const char *type, const char *name, const char *key, double v) {
  char num[40];
  snprintf(num, sizeof num, "%.17g", v);
  fprintf(f, " %-2s %-8s  %-8s  %12s\n", type, name, key, num);
}

int kkt_write_mps(const flp_problem *p, const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) return -1;
  const int32_t m = p->num_rows, n = p->num_cols;
  const double sense = p->objective_sense == -1 ? -1.0 : 1.0;
  const char *obj = p->obj_name ? p->obj_name : "OBJ";
  char a[32], b[32];
  int64_t *cptr = calloc((size_t)n + 1, sizeof *cptr);
  int32_t *crow = malloc(((size_t)p->nnz + 1) * sizeof *crow);
  double *cval = malloc(((size_t)p->nnz + 1) * sizeof *cval);
  int ok = cptr && crow && cval;
  if (ok) { /* CSC of A: MPS lists the matrix by columns */
    for (int64_t k = 0; k < p->nnz; ++k) cptr[p->col_idx[k] + 1]++;
    for (int32_t j = 0; j < n; ++j) cptr[j + 1] += cptr[j];
    for (int32_t i = 0; i < m; ++i)
      for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) {
        int64_t at = cptr[p->col_idx[k]]++;
        crow[at] = i;
        cval[at] = p->values[k];
      }
    for (int32_t j = n; j > 0; --j) cptr[j] = cptr[j - 1];
    cptr[0] = 0;

    fprintf(f, "NAME          %s\n", p->name ? p->name : "generated");
    if (sense < 0) fprintf(f, "OBJSENSE\n    MAX\n");
    fprintf(f, "ROWS\n N  %s\n", obj);
    for (int32_t i = 0; i < m; ++i) {
      double lo = p->row_lower[i], hi = p->row_upper[i];
      const char *t = lo == hi ? "E" : isfinite(lo) ? "G" : isfinite(hi) ? "L" : "N";
      fprintf(f, " %-2s %s\n", t, row_name(p, i, a));
    }
    fprintf(f, "COLUMNS\n");
    for (int32_t j = 0; j < n; ++j) {
      double cj = sense * p->obj[j];
      if (cj != 0.0 || cptr[j] == cptr[j + 1]) line(f, "", col_name(p, j, a), obj, cj);
      for (int64_t k = cptr[j]; k < cptr[j + 1]; ++k)
        line(f, "", col_name(p, j, a), row_name(p, crow[k], b), cval[k]);
    }
    fprintf(f, "RHS\n");
    if (p->obj_offset != 0.0) line(f, "", "RHS", obj, -sense * p->obj_offset);
    for (int32_t i = 0; i < m; ++i) {
      double lo = p->row_lower[i], hi = p->row_upper[i];
      double rhs = isfinite(lo) ? lo : isfinite(hi) ? hi : 0.0;
      if (rhs != 0.0) line(f, "", "RHS", row_name(p, i, a), rhs);
    }
    int ranges = 0;
    for (int32_t i = 0; i < m; ++i) {
      double lo = p->row_lower[i], hi = p->row_upper[i];
      if (!(isfinite(lo) && isfinite(hi) && lo < hi)) continue;
      if (!ranges++) fprintf(f, "RANGES\n");
      line(f, "", "RNG", row_name(p, i, a), hi - lo);
    }
    fprintf(f, "BOUNDS\n");
    for (int32_t j = 0; j < n; ++j) {
      double lo = p->col_lower[j], hi = p->col_upper[j];
      const char *c = col_name(p, j, a);
      if (lo == hi) {
        line(f, "FX", "BND", c, lo);
      } else if (lo == -INFINITY && hi == INFINITY) {
        fprintf(f, " FR BND       %s\n", c);
      } else {
        if (lo == -INFINITY) fprintf(f, " MI BND       %s\n", c);
        else if (lo != 0.0) line(f, "LO", "BND", c, lo);
        if (hi != INFINITY) line(f, "UP", "BND", c, hi);
      }
    }
    fprintf(f, "ENDATA\n");
  }
  free(cptr), free(crow), free(cval);
  if (ferror(f)) ok = 0;
  if (fclose(f) != 0) ok = 0;
  return ok ? 0 : -1;
}
