/* HDF5 problem files ("fleetlp-lp", docs/hdf5.md): read with full checks, write. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_util.h"
#include "io_util.h"

#define PROBLEM_FORMAT "fleetlp-lp"
#define PROBLEM_VERSION_MAJOR 1
#define PROBLEM_VERSION_MINOR 0
/* Rows of indices checked per block when the file stores them as int64. */
#define INDEX_BLOCK ((int64_t)1 << 20)

/* ---- writing ------------------------------------------------------------- */
static flp_rc write_names(hid_t file, const flp_problem *p, int level, const char *label,
                          flp_error *err) {
  if (!p->row_names && !p->col_names) return FLP_OK;
  hid_t g = H5Gcreate2(file, "names", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create group /names", label);
  flp_rc rc = FLP_OK;
  if (p->row_names)
    rc = flp_h5_write_strings(g, "rows", p->row_names, p->num_rows, level, label, err);
  if (rc == FLP_OK && p->col_names)
    rc = flp_h5_write_strings(g, "cols", p->col_names, p->num_cols, level, label, err);
  H5Gclose(g);
  return rc;
}

static flp_rc write_contents(hid_t file, const flp_problem *p, int level, const char *label,
                             flp_error *err) {
  const int sense = p->objective_sense == -1 ? -1 : 1;
  flp_rc rc = flp_h5_attr_str(file, "format", PROBLEM_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_major", PROBLEM_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_minor", PROBLEM_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(file, "writer", "fleetlp " FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "sense", sense, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(file, "objective_offset", sense * p->obj_offset, err);
  if (rc == FLP_OK && p->name) rc = flp_h5_attr_str(file, "name", p->name, err);
  if (rc == FLP_OK && p->obj_name) rc = flp_h5_attr_str(file, "objective_name", p->obj_name, err);
  if (rc == FLP_OK && p->num_integer > 0)
    rc = flp_h5_attr_i64(file, "num_integer_relaxed", p->num_integer, err);
  if (rc != FLP_OK) return rc;

  hid_t a = H5Gcreate2(file, "A", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create group /A", label);
  const int64_t shape[2] = {p->num_rows, p->num_cols};
  rc = flp_h5_attr_i64_vec(a, "shape", shape, 2, err);
  /* anndata's tags for a CSR matrix group, so anndata.io.read_elem works too. */
  if (rc == FLP_OK) rc = flp_h5_attr_str(a, "encoding-type", "csr_matrix", err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(a, "encoding-version", "0.1.0", err);
  if (rc == FLP_OK)
    rc = flp_h5_write_1d(a, "data", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, p->values, p->nnz, level,
                         label, err);
  if (rc == FLP_OK)
    rc = flp_h5_write_1d(a, "indices", H5T_STD_I32LE, H5T_NATIVE_INT32, p->col_idx, p->nnz,
                         level, label, err);
  if (rc == FLP_OK)
    rc = flp_h5_write_1d(a, "indptr", H5T_STD_I64LE, H5T_NATIVE_INT64, p->row_ptr,
                         (int64_t)p->num_rows + 1, level, label, err);
  H5Gclose(a);
  if (rc != FLP_OK) return rc;

  /* The file holds c in the user's sense; memory holds minimisation form. */
  const double *c = p->obj;
  double *flipped = NULL;
  if (sense == -1) {
    flipped = malloc(((size_t)p->num_cols + 1) * sizeof *flipped);
    if (!flipped) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", label);
    for (int32_t j = 0; j < p->num_cols; ++j) flipped[j] = -p->obj[j];
    c = flipped;
  }
  rc = flp_h5_write_1d(file, "c", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, c, p->num_cols, level, label,
                       err);
  free(flipped);
  const struct {
    const char *name;
    const double *v;
    int64_t len;
  } vecs[] = {{"row_lower", p->row_lower, p->num_rows},
              {"row_upper", p->row_upper, p->num_rows},
              {"col_lower", p->col_lower, p->num_cols},
              {"col_upper", p->col_upper, p->num_cols}};
  for (size_t k = 0; k < sizeof vecs / sizeof vecs[0] && rc == FLP_OK; ++k)
    rc = flp_h5_write_1d(file, vecs[k].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, vecs[k].v,
                         vecs[k].len, level, label, err);
  if (rc == FLP_OK) rc = write_names(file, p, level, label, err);
  return rc;
}

typedef struct problem_out {
  const flp_problem *p;
  int level;
  const char *label;
} problem_out;

static flp_rc write_problem_file(hid_t file, const void *ctx, flp_error *err) {
  const problem_out *o = ctx;
  return write_contents(file, o->p, o->level, o->label, err);
}

flp_rc flp_write_problem_h5(const char *path, const flp_problem *p, int compression,
                            flp_error *err) {
  if (compression < 0) compression = FLP_H5_DEFAULT_COMPRESSION;
  if (compression > 9) compression = 9;
  flp_rc rc = flp_problem_validate(p, path, err);
  if (rc != FLP_OK) return rc;
  problem_out o = {p, compression, path};
  return flp_h5_write_atomic(path, write_problem_file, &o, err);
}

/* ---- reading ------------------------------------------------------------- */
/* Opens a 1-D dataset whose length must be expect, explaining where the
 * expectation comes from (`why`). */
static flp_rc open_sized(const flp_h5_in *in, const char *dpath, flp_h5_kind kind, int64_t expect,
                         const char *why, hid_t *d) {
  int64_t len;
  flp_rc rc = flp_h5_open_1d(in, dpath, kind, -1, d, &len);
  if (rc != FLP_OK) return rc;
  if (len != expect) {
    H5Dclose(*d);
    *d = -1;
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: has %lld entries, expected %lld (%s)",
                         in->label, dpath, (long long)len, (long long)expect, why);
  }
  return FLP_OK;
}

static int32_t row_of(const int64_t *row_ptr, int32_t m, int64_t k) {
  int32_t lo = 0, hi = m; /* the row i with row_ptr[i] <= k < row_ptr[i+1] */
  while (hi - lo > 1) {
    int32_t mid = lo + (hi - lo) / 2;
    if (row_ptr[mid] <= k) lo = mid;
    else hi = mid;
  }
  return lo;
}

static flp_rc read_shape(const flp_h5_in *in, int64_t *m, int64_t *n) {
  if (!flp_h5_exists(in, "/A"))
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /A: missing group (the CSR constraint matrix)",
                         in->label);
  hid_t g = H5Oopen(in->file, "/A", H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /A: cannot open", in->label);
  if (H5Iget_type(g) != H5I_GROUP) {
    H5Oclose(g);
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /A: expected a group holding data, indices, indptr (CSR)", in->label);
  }
  int64_t shape[2];
  int found;
  flp_rc rc = flp_h5_read_attr_i64_vec(in, g, "/A", "shape", shape, 2, &found);
  H5Oclose(g);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /A: missing attribute shape = [rows, cols]",
                         in->label);
  if (shape[0] < 0 || shape[1] < 0 || shape[0] > INT32_MAX || shape[1] > INT32_MAX)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /A: shape [%lld, %lld] out of range (0 .. 2^31-1 each)", in->label,
                         (long long)shape[0], (long long)shape[1]);
  *m = shape[0];
  *n = shape[1];
  return FLP_OK;
}

static flp_rc read_indptr(const flp_h5_in *in, flp_problem *p) {
  hid_t d;
  flp_rc rc = open_sized(in, "/A/indptr", FLP_H5_INTEGER, (int64_t)p->num_rows + 1,
                         "rows + 1, rows from /A shape", &d);
  if (rc != FLP_OK) return rc;
  rc = flp_h5_read_all(in, "/A/indptr", d, H5T_NATIVE_INT64, p->row_ptr, (int64_t)p->num_rows + 1);
  H5Dclose(d);
  if (rc != FLP_OK) return rc;
  if (p->row_ptr[0] != 0)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /A/indptr: starts at %lld, expected 0",
                         in->label, (long long)p->row_ptr[0]);
  for (int32_t i = 0; i < p->num_rows; ++i)
    if (p->row_ptr[i + 1] < p->row_ptr[i])
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /A/indptr: not non-decreasing at row %d",
                           in->label, (int)i);
  if (p->row_ptr[p->num_rows] != p->nnz)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /A/indptr: ends at %lld, expected %lld (the length of /A/data)",
                         in->label, (long long)p->row_ptr[p->num_rows], (long long)p->nnz);
  return FLP_OK;
}

static flp_rc bad_index(const flp_h5_in *in, const flp_problem *p, int64_t k, long long v) {
  return flp_error_set(in->err, FLP_ERR_INPUT,
                       "%s: /A/indices: column index %lld out of range [0, %d) at entry %lld (row %d)",
                       in->label, v, (int)p->num_cols, (long long)k,
                       (int)row_of(p->row_ptr, p->num_rows, k));
}

static flp_rc read_indices(const flp_h5_in *in, flp_problem *p) {
  hid_t d;
  flp_rc rc = open_sized(in, "/A/indices", FLP_H5_INTEGER, p->nnz, "the length of /A/data", &d);
  if (rc != FLP_OK) return rc;
  hid_t t = H5Dget_type(d);
  size_t width = H5Tget_size(t);
  H5Tclose(t);
  if (width <= 4) {
    /* int8..int32 (and uint up to 32 bits, which may exceed INT32_MAX only
     * when out of range anyway: HDF5 clips, and the range check catches it) */
    rc = flp_h5_read_all(in, "/A/indices", d, H5T_NATIVE_INT32, p->col_idx, p->nnz);
    H5Dclose(d);
    if (rc != FLP_OK) return rc;
    for (int64_t k = 0; k < p->nnz; ++k)
      if (p->col_idx[k] < 0 || p->col_idx[k] >= p->num_cols)
        return bad_index(in, p, k, p->col_idx[k]);
    return FLP_OK;
  }
  /* 64-bit indices: convert block by block, so a value beyond int32 is
   * reported as it is, and memory stays at one block. */
  int64_t block = p->nnz < INDEX_BLOCK ? p->nnz : INDEX_BLOCK;
  int64_t *buf = malloc((size_t)(block > 0 ? block : 1) * sizeof *buf);
  if (!buf) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  }
  hid_t fspace = H5Dget_space(d);
  for (int64_t start = 0; start < p->nnz && rc == FLP_OK; start += block) {
    hsize_t off = (hsize_t)start;
    hsize_t cnt = (hsize_t)(p->nnz - start < block ? p->nnz - start : block);
    hid_t mspace = H5Screate_simple(1, &cnt, NULL);
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, &off, NULL, &cnt, NULL);
    if (H5Dread(d, H5T_NATIVE_INT64, mspace, fspace, H5P_DEFAULT, buf) < 0)
      rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /A/indices: cannot read", in->label);
    H5Sclose(mspace);
    for (hsize_t i = 0; i < cnt && rc == FLP_OK; ++i) {
      if (buf[i] < 0 || buf[i] >= p->num_cols)
        rc = bad_index(in, p, start + (int64_t)i, (long long)buf[i]);
      else p->col_idx[start + (int64_t)i] = (int32_t)buf[i];
    }
  }
  H5Sclose(fspace);
  H5Dclose(d);
  free(buf);
  return rc;
}

static flp_rc read_values(const flp_h5_in *in, flp_problem *p) {
  hid_t d;
  flp_rc rc = open_sized(in, "/A/data", FLP_H5_REAL, p->nnz, "", &d);
  if (rc != FLP_OK) return rc;
  rc = flp_h5_read_all(in, "/A/data", d, H5T_NATIVE_DOUBLE, p->values, p->nnz);
  H5Dclose(d);
  if (rc != FLP_OK) return rc;
  for (int64_t k = 0; k < p->nnz; ++k)
    if (!isfinite(p->values[k]))
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /A/data: value %g at entry %lld (row %d)",
                           in->label, p->values[k], (long long)k,
                           (int)row_of(p->row_ptr, p->num_rows, k));
  return FLP_OK;
}

static flp_rc read_vector(const flp_h5_in *in, const char *dpath, int64_t len, const char *why,
                          double *dst) {
  hid_t d;
  flp_rc rc = open_sized(in, dpath, FLP_H5_REAL, len, why, &d);
  if (rc != FLP_OK) return rc;
  rc = flp_h5_read_all(in, dpath, d, H5T_NATIVE_DOUBLE, dst, len);
  H5Dclose(d);
  return rc;
}

/* Reads a lower/upper pair, maps |v| >= 1e20 to infinity, and checks them. */
static flp_rc read_bounds(const flp_h5_in *in, const char *lo_path, const char *hi_path,
                          int64_t len, const char *why, double *lo, double *hi,
                          char *const *names) {
  flp_rc rc = read_vector(in, lo_path, len, why, lo);
  if (rc == FLP_OK) rc = read_vector(in, hi_path, len, why, hi);
  if (rc != FLP_OK) return rc;
  for (int64_t i = 0; i < len; ++i) {
    if (lo[i] <= -FLP_IO_INFINITY) lo[i] = -INFINITY;
    if (hi[i] >= FLP_IO_INFINITY) hi[i] = INFINITY;
    if (!isnan(lo[i]) && !isnan(hi[i]) && lo[i] < FLP_IO_INFINITY && hi[i] > -FLP_IO_INFINITY &&
        lo[i] <= hi[i])
      continue;
    char label[160] = "";
    if (names && names[i]) snprintf(label, sizeof label, " (%.140s)", names[i]);
    if (isnan(lo[i]) || lo[i] >= FLP_IO_INFINITY)
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: invalid lower bound %g at index %lld%s",
                           in->label, lo_path, lo[i], (long long)i, label);
    if (isnan(hi[i]) || hi[i] <= -FLP_IO_INFINITY)
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: invalid upper bound %g at index %lld%s",
                           in->label, hi_path, hi[i], (long long)i, label);
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: %s, %s: lower bound %g above upper bound %g at index %lld%s", in->label,
                         lo_path, hi_path, lo[i], hi[i], (long long)i, label);
  }
  return FLP_OK;
}

static flp_rc read_root_attrs(const flp_h5_in *in, flp_problem *p) {
  int found;
  int64_t sense = 1;
  flp_rc rc = flp_h5_read_attr_i64(in, in->file, "/", "sense", &sense, &found);
  if (rc != FLP_OK) return rc;
  if (sense != 1 && sense != -1)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /: attribute sense must be +1 (minimise) or -1 (maximise), found %lld",
                         in->label, (long long)sense);
  p->objective_sense = (int)sense;
  double offset = 0;
  rc = flp_h5_read_attr_f64(in, in->file, "/", "objective_offset", &offset, &found);
  if (rc != FLP_OK) return rc;
  if (!isfinite(offset))
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute objective_offset is %g",
                         in->label, offset);
  p->obj_offset = (double)sense * offset;
  char buf[1024];
  rc = flp_h5_read_attr_str(in, in->file, "/", "name", buf, sizeof buf, &found);
  if (rc == FLP_OK && found && !(p->name = strdup(buf)))
    rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  if (rc != FLP_OK) return rc;
  rc = flp_h5_read_attr_str(in, in->file, "/", "objective_name", buf, sizeof buf, &found);
  if (rc == FLP_OK && found && !(p->obj_name = strdup(buf)))
    rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  if (rc != FLP_OK) return rc;
  int64_t nint = 0;
  rc = flp_h5_read_attr_i64(in, in->file, "/", "num_integer_relaxed", &nint, &found);
  if (rc == FLP_OK && found && nint >= 0 && nint <= p->num_cols) p->num_integer = (int32_t)nint;
  return rc;
}

static flp_rc read_contents(const flp_h5_in *in, void *out) {
  flp_problem *p = out;
  int64_t major = 0, minor = 0, m = 0, n = 0, nnz = 0;
  flp_rc rc = flp_h5_check_format(in, PROBLEM_FORMAT, PROBLEM_VERSION_MAJOR, &major, &minor);
  if (rc == FLP_OK) rc = read_shape(in, &m, &n);
  if (rc != FLP_OK) return rc;
  hid_t d;
  rc = flp_h5_open_1d(in, "/A/data", FLP_H5_REAL, -1, &d, &nnz);
  if (rc != FLP_OK) return rc;
  H5Dclose(d);
  /* The shape is only an attribute: before memory is allocated for it, the
   * datasets whose lengths it fixes must agree (a 100-byte file claimed 2^31
   * rows and the reader asked for 5 GB: found by fuzzing). */
  rc = open_sized(in, "/A/indptr", FLP_H5_INTEGER, m + 1, "rows + 1, rows from /A shape", &d);
  if (rc != FLP_OK) return rc;
  H5Dclose(d);
  rc = open_sized(in, "/c", FLP_H5_REAL, n, "columns, from /A shape", &d);
  if (rc != FLP_OK) return rc;
  H5Dclose(d);
  rc = flp_problem_alloc(p, (int32_t)m, (int32_t)n, nnz, in->err);
  if (rc != FLP_OK) return rc;
  rc = read_root_attrs(in, p);
  /* Names first, so that bound errors can name the row or column. */
  if (rc == FLP_OK && flp_h5_exists(in, "/names/rows"))
    rc = flp_h5_read_strings(in, "/names/rows", m, &p->row_names);
  if (rc == FLP_OK && flp_h5_exists(in, "/names/cols"))
    rc = flp_h5_read_strings(in, "/names/cols", n, &p->col_names);
  if (rc == FLP_OK) rc = read_indptr(in, p);
  if (rc == FLP_OK) rc = read_indices(in, p);
  if (rc == FLP_OK) rc = read_values(in, p);
  if (rc == FLP_OK) rc = read_vector(in, "/c", n, "columns, from /A shape", p->obj);
  if (rc == FLP_OK) {
    for (int64_t j = 0; j < n; ++j) {
      if (!isfinite(p->obj[j]))
        return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /c: value %g at index %lld", in->label,
                             p->obj[j], (long long)j);
      if (p->objective_sense == -1) p->obj[j] = -p->obj[j];
    }
  }
  if (rc == FLP_OK)
    rc = read_bounds(in, "/row_lower", "/row_upper", m, "rows, from /A shape", p->row_lower,
                     p->row_upper, p->row_names);
  if (rc == FLP_OK)
    rc = read_bounds(in, "/col_lower", "/col_upper", n, "columns, from /A shape", p->col_lower,
                     p->col_upper, p->col_names);
  return rc;
}

flp_rc flp_read_problem_h5(const char *path, flp_problem *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_h5_read_file(path, read_contents, out, err);
  if (rc == FLP_OK) rc = flp_problem_validate(out, path, err);
  if (rc != FLP_OK) flp_problem_free(out);
  return rc;
}
