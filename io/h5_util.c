/* HDF5 helpers: quiet error handling, attribute and dataset I/O with checks. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "h5_checksum.h"
#include "h5_chunks.h"
#include "h5_image.h"
#include "h5_util.h"
#include "io_util.h"

/* ---- writing ------------------------------------------------------------- */
static flp_rc write_atomic(const char *path, flp_h5_write_fn write, const void *ctx,
                           int checksummed, flp_error *err) {
  char *tmp = flp_io_tmp_path(path);
  if (!tmp) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
  /* the folder is checked first, so that a bad path fails before the work */
  flp_rc rc = flp_io_probe_writable(tmp, path, err);
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  unsigned char *image = NULL;
  size_t size = 0;
  hid_t file = rc == FLP_OK ? flp_h5_image_create(path, checksummed, err) : -1;
  if (rc == FLP_OK && file < 0) rc = err ? err->code : FLP_ERR_NOMEM;
  if (rc == FLP_OK) {
    rc = write(file, ctx, err);
    if (rc == FLP_OK) rc = flp_h5_image_take(file, &image, &size, path, err);
    else H5Fclose(file); /* in memory: closing cannot fail for want of room */
  }
  if (rc == FLP_OK && checksummed) rc = flp_h5_checksum_seal_image(image, size, path, err);
  flp_h5_quiet_end(&q);
  if (rc == FLP_OK) rc = flp_h5_image_write(tmp, image, size, path, err);
  free(image);
  if (rc == FLP_OK) rc = flp_io_commit(tmp, path, err);
  free(tmp);
  return rc;
}

flp_rc flp_h5_write_atomic(const char *path, flp_h5_write_fn write, const void *ctx,
                           flp_error *err) {
  return write_atomic(path, write, ctx, 0, err);
}

flp_rc flp_h5_write_atomic_checksummed(const char *path, flp_h5_write_fn write, const void *ctx,
                                       flp_error *err) {
  return write_atomic(path, write, ctx, 1, err);
}

static flp_rc write_attr(hid_t loc, const char *name, hid_t file_type, hid_t mem_type, hid_t space,
                         const void *buf, flp_error *err) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  hid_t a = H5Acreate2(loc, name, file_type, space, H5P_DEFAULT, H5P_DEFAULT);
  if (a < 0) return flp_h5_fail(err, FLP_ERR_IO, "cannot create attribute %s", name);
  herr_t st = H5Awrite(a, mem_type, buf);
  H5Aclose(a);
  if (st < 0) return flp_h5_fail(err, FLP_ERR_IO, "cannot write attribute %s", name);
  return FLP_OK;
}

static hid_t vlen_utf8(void) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  H5Tset_cset(t, H5T_CSET_UTF8);
  return t;
}

flp_rc flp_h5_attr_str(hid_t loc, const char *name, const char *value, flp_error *err) {
  hid_t t = vlen_utf8();
  hid_t s = H5Screate(H5S_SCALAR);
  const char *v = value ? value : "";
  flp_rc rc = write_attr(loc, name, t, t, s, &v, err);
  H5Sclose(s);
  H5Tclose(t);
  return rc;
}

flp_rc flp_h5_attr_str_vec(hid_t loc, const char *name, const char *const *v, int n,
                           flp_error *err) {
  hid_t t = vlen_utf8();
  hsize_t dim = (hsize_t)n;
  hid_t s = H5Screate_simple(1, &dim, NULL);
  flp_rc rc = write_attr(loc, name, t, t, s, v, err);
  H5Sclose(s);
  H5Tclose(t);
  return rc;
}

flp_rc flp_h5_attr_i64(hid_t loc, const char *name, int64_t value, flp_error *err) {
  hid_t s = H5Screate(H5S_SCALAR);
  flp_rc rc = write_attr(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, s, &value, err);
  H5Sclose(s);
  return rc;
}

flp_rc flp_h5_attr_f64(hid_t loc, const char *name, double value, flp_error *err) {
  hid_t s = H5Screate(H5S_SCALAR);
  flp_rc rc = write_attr(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, s, &value, err);
  H5Sclose(s);
  return rc;
}

flp_rc flp_h5_attr_i64_vec(hid_t loc, const char *name, const int64_t *v, int n, flp_error *err) {
  hsize_t dim = (hsize_t)n;
  hid_t s = H5Screate_simple(1, &dim, NULL);
  flp_rc rc = write_attr(loc, name, H5T_STD_I64LE, H5T_NATIVE_INT64, s, v, err);
  H5Sclose(s);
  return rc;
}

/* Dataset creation properties for count elements of elem_size bytes. */
static hid_t layout_for(hsize_t count, size_t elem_size, int level) {
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (count >= FLP_H5_CONTIGUOUS_BELOW) {
    hsize_t chunk = count < FLP_H5_CHUNK_ELEMS ? count : FLP_H5_CHUNK_ELEMS;
    H5Pset_chunk(dcpl, 1, &chunk);
    if (level > 0) {
      if (elem_size > 1) H5Pset_shuffle(dcpl);
      H5Pset_deflate(dcpl, (unsigned)(level > 9 ? 9 : level));
    }
  }
  return dcpl;
}

flp_rc flp_h5_write_1d(hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                       const void *data, int64_t count, int level, const char *label,
                       flp_error *err) {
  hsize_t dim = (hsize_t)count;
  hid_t space = H5Screate_simple(1, &dim, NULL);
  hid_t dcpl = layout_for(dim, H5Tget_size(file_type), level);
  hid_t d = H5Dcreate2(loc, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (d < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create dataset %s", label, name);
  flp_rc rc = FLP_OK;
  if (count > 0 && !flp_h5_write_parallel(d, mem_type, data, count, label, name, err, &rc) &&
      H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot write dataset %s", label, name);
  H5Dclose(d);
  return rc;
}

flp_rc flp_h5_write_strings(hid_t loc, const char *name, char *const *strs, int64_t count,
                            int level, const char *label, flp_error *err) {
  size_t width = 1;
  for (int64_t i = 0; i < count; ++i) {
    size_t len = strs[i] ? strlen(strs[i]) : 0;
    if (len > width) width = len;
  }
  char *buf = calloc(count > 0 ? (size_t)count : 1, width);
  if (!buf)
    return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory writing %s", label, name);
  for (int64_t i = 0; i < count; ++i)
    if (strs[i]) memcpy(buf + (size_t)i * width, strs[i], strlen(strs[i]));
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, width);
  H5Tset_strpad(t, H5T_STR_NULLPAD);
  H5Tset_cset(t, H5T_CSET_UTF8);
  flp_rc rc = flp_h5_write_1d(loc, name, t, t, buf, count, level, label, err);
  H5Tclose(t);
  free(buf);
  return rc;
}

/* ---- reading ------------------------------------------------------------- */
flp_rc flp_h5_open_read(flp_h5_in *in, const char *path, flp_error *err) {
  in->label = path;
  in->err = err;
  in->file = -1;
  in->checksummed = 0;
  FILE *f = fopen(path, "rb");
  if (!f) return flp_error_set(err, FLP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  fclose(f);
  /* before HDF5 parses anything: it may loop forever on a damaged heap */
  flp_rc rc = flp_h5_checksum_verify(path, &in->checksummed, err);
  if (rc != FLP_OK) return rc;
#if H5_VERSION_GE(1, 12, 0)
  htri_t is_h5 = H5Fis_accessible(path, H5P_DEFAULT);
#else
  htri_t is_h5 = H5Fis_hdf5(path);
#endif
  if (is_h5 <= 0) {
    H5Eclear2(H5E_DEFAULT);
    return flp_error_set(err, FLP_ERR_INPUT, "%s: not an HDF5 file", path);
  }
  in->file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  /* readable and signed as HDF5, yet unopenable: damaged (typically
   * truncated), which is bad input rather than an I/O failure */
  if (in->file < 0) return flp_h5_fail(err, FLP_ERR_INPUT, "%s: cannot open as HDF5", path);
  return FLP_OK;
}

void flp_h5_close_in(flp_h5_in *in) {
  if (in->file >= 0) H5Fclose(in->file);
  in->file = -1;
}

flp_rc flp_h5_read_file(const char *path, flp_h5_read_fn read, void *ctx, flp_error *err) {
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  flp_h5_in in;
  flp_rc rc = flp_h5_open_read(&in, path, err);
  if (rc == FLP_OK) rc = read(&in, ctx);
  flp_h5_close_in(&in);
  flp_h5_quiet_end(&q);
  return rc;
}

int flp_h5_exists(const flp_h5_in *in, const char *dpath) {
  char buf[512];
  size_t len = strlen(dpath);
  if (len >= sizeof buf) return 0;
  memcpy(buf, dpath, len + 1);
  /* H5Lexists needs every intermediate group to exist, so walk the path. */
  for (size_t i = 1; i <= len; ++i) {
    if (buf[i] == '/' || buf[i] == '\0') {
      char keep = buf[i];
      buf[i] = '\0';
      htri_t ok = H5Lexists(in->file, buf, H5P_DEFAULT);
      buf[i] = keep;
      if (ok <= 0) return 0;
    }
  }
  return 1;
}

typedef struct member_list {
  char text[256];
  size_t used;
} member_list;

static herr_t add_member(hid_t g, const char *name, const H5L_info_t *info, void *user) {
  member_list *ml = (member_list *)user;
  (void)g;
  (void)info;
  int w = snprintf(ml->text + ml->used, sizeof ml->text - ml->used, "%s%s",
                   ml->used ? ", " : "", name);
  if (w < 0 || (size_t)w >= sizeof ml->text - ml->used) return 1; /* full: stop */
  ml->used += (size_t)w;
  return 0;
}

/* "missing dataset" with a list of what the parent group holds, which makes
 * a misspelled name obvious. */
flp_rc flp_h5_missing(const flp_h5_in *in, const char *dpath, const char *what) {
  char parent[512];
  snprintf(parent, sizeof parent, "%s", dpath);
  char *slash = strrchr(parent, '/');
  if (slash == parent) parent[1] = '\0';
  else if (slash) *slash = '\0';
  member_list ml = {{0}, 0};
  if (strcmp(parent, "/") == 0 || flp_h5_exists(in, parent)) {
    hid_t g = H5Gopen2(in->file, parent, H5P_DEFAULT);
    if (g >= 0) {
      H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, add_member, &ml);
      H5Gclose(g);
    }
    H5Eclear2(H5E_DEFAULT);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: missing %s (%s holds: %s)", in->label,
                         dpath, what, parent, ml.used ? ml.text : "nothing");
  }
  return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: missing %s (no group %s)", in->label,
                       dpath, what, parent);
}

static const char *class_name(H5T_class_t c) {
  switch (c) {
  case H5T_INTEGER: return "integer";
  case H5T_FLOAT: return "float";
  case H5T_STRING: return "string";
  case H5T_COMPOUND: return "compound";
  case H5T_ENUM: return "enum";
  case H5T_ARRAY: return "array";
  case H5T_VLEN: return "variable-length";
  case H5T_OPAQUE: return "opaque";
  case H5T_BITFIELD: return "bitfield";
  case H5T_REFERENCE: return "reference";
  default: return "unknown";
  }
}

/* Opens dpath as a dataset of rank 1; *len its length. */
flp_rc flp_h5_open_dataset(const flp_h5_in *in, const char *dpath, hid_t *dset) {
  *dset = -1;
  if (!flp_h5_exists(in, dpath)) return flp_h5_missing(in, dpath, "dataset");
  hid_t o = H5Oopen(in->file, dpath, H5P_DEFAULT);
  if (o < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open", in->label, dpath);
  H5I_type_t type = H5Iget_type(o);
  H5Oclose(o);
  if (type != H5I_DATASET)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected a dataset, found a %s",
                         in->label, dpath, type == H5I_GROUP ? "group" : "named type");
  hid_t d = H5Dopen2(in->file, dpath, H5P_DEFAULT);
  if (d < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open", in->label, dpath);
  *dset = d;
  return FLP_OK;
}

static flp_rc open_rank1(const flp_h5_in *in, const char *dpath, hid_t *dset, int64_t *len) {
  *dset = -1;
  *len = 0;
  hid_t d;
  flp_rc rc = flp_h5_open_dataset(in, dpath, &d);
  if (rc != FLP_OK) return rc;
  hid_t s = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(s);
  hsize_t dim = 0;
  if (rank == 1) H5Sget_simple_extent_dims(s, &dim, NULL);
  H5Sclose(s);
  if (rank != 1) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected a 1-D dataset, found rank %d",
                         in->label, dpath, rank);
  }
  *dset = d;
  *len = (int64_t)dim;
  return FLP_OK;
}

flp_rc flp_h5_open_1d(const flp_h5_in *in, const char *dpath, flp_h5_kind kind, int64_t expect_len,
                      hid_t *dset, int64_t *len) {
  hid_t d;
  flp_rc rc = open_rank1(in, dpath, &d, len);
  if (rc != FLP_OK) return rc;
  hid_t t = H5Dget_type(d);
  H5T_class_t c = H5Tget_class(t);
  H5Tclose(t);
  int ok = kind == FLP_H5_INTEGER ? c == H5T_INTEGER : (c == H5T_FLOAT || c == H5T_INTEGER);
  if (!ok) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected %s values, found type class %s",
                         in->label, dpath, kind == FLP_H5_INTEGER ? "integer" : "numeric",
                         class_name(c));
  }
  if (expect_len >= 0 && *len != expect_len) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: has %lld entries, expected %lld",
                         in->label, dpath, (long long)*len, (long long)expect_len);
  }
  *dset = d;
  return FLP_OK;
}

flp_rc flp_h5_read_all(const flp_h5_in *in, const char *dpath, hid_t dset, hid_t mem_type,
                       void *dst, int64_t len) {
  if (len == 0) return FLP_OK;
  flp_rc rc;
  if (flp_h5_read_parallel(dset, mem_type, dst, len, in->label, dpath, in->err, &rc)) return rc;
  if (H5Dread(dset, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst) < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read", in->label, dpath);
  return FLP_OK;
}

flp_rc flp_h5_read_f64(const flp_h5_in *in, const char *dpath, int64_t expect_len, double *dst) {
  hid_t d;
  int64_t len;
  flp_rc rc = flp_h5_open_1d(in, dpath, FLP_H5_REAL, expect_len, &d, &len);
  if (rc != FLP_OK) return rc;
  rc = flp_h5_read_all(in, dpath, d, H5T_NATIVE_DOUBLE, dst, len);
  H5Dclose(d);
  return rc;
}

void flp_free_strings(char **s, int64_t count) {
  if (!s) return;
  for (int64_t i = 0; i < count; ++i) free(s[i]);
  free(s);
}

flp_rc flp_h5_read_strings(const flp_h5_in *in, const char *dpath, int64_t expect_len,
                           char ***out) {
  *out = NULL;
  hid_t d;
  int64_t len = 0;
  flp_rc rc = open_rank1(in, dpath, &d, &len);
  if (rc != FLP_OK) return rc;
  hid_t ft = H5Dget_type(d);
  if (H5Tget_class(ft) != H5T_STRING) {
    H5T_class_t c = H5Tget_class(ft);
    H5Tclose(ft);
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected strings, found type class %s",
                         in->label, dpath, class_name(c));
  }
  if (expect_len >= 0 && len != expect_len) {
    H5Tclose(ft);
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: has %lld entries, expected %lld",
                         in->label, dpath, (long long)len, (long long)expect_len);
  }
  char **names = calloc(len > 0 ? (size_t)len : 1, sizeof *names);
  if (!names) {
    H5Tclose(ft);
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
  }
  rc = FLP_OK;
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_cset(mt, H5Tget_cset(ft));
  if (H5Tis_variable_str(ft) > 0) {
    H5Tset_size(mt, H5T_VARIABLE);
    char **raw = calloc(len > 0 ? (size_t)len : 1, sizeof *raw);
    if (!raw) rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
    else if (len > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
      rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read", in->label, dpath);
    else {
      for (int64_t i = 0; i < len && rc == FLP_OK; ++i) {
        names[i] = strdup(raw[i] ? raw[i] : "");
        if (!names[i])
          rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
      }
      if (len > 0) {
        hid_t s = H5Dget_space(d);
#if H5_VERSION_GE(1, 12, 0)
        H5Treclaim(mt, s, H5P_DEFAULT, raw);
#else
        H5Dvlen_reclaim(mt, s, H5P_DEFAULT, raw);
#endif
        H5Sclose(s);
      }
    }
    free(raw);
  } else {
    size_t width = H5Tget_size(ft);
    H5Tset_size(mt, width);
    H5Tset_strpad(mt, H5T_STR_NULLPAD);
    char *raw = malloc((len > 0 ? (size_t)len : 1) * width);
    if (!raw) rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
    else if (len > 0 && H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
      rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read", in->label, dpath);
    else {
      for (int64_t i = 0; i < len && rc == FLP_OK; ++i) {
        names[i] = strndup(raw + (size_t)i * width, width);
        if (!names[i])
          rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
      }
    }
    free(raw);
  }
  H5Tclose(mt);
  H5Tclose(ft);
  H5Dclose(d);
  if (rc != FLP_OK) {
    flp_free_strings(names, len);
    return rc;
  }
  *out = names;
  return FLP_OK;
}

/* Opens attribute `name` on loc; *a < 0 with FLP_OK when absent. Checks the
 * class and that it holds exactly n elements (scalar counts as 1). */
static flp_rc open_attr(const flp_h5_in *in, hid_t loc, const char *obj_label, const char *name,
                        int want_string, int n, hid_t *a) {
  *a = -1;
  if (H5Aexists(loc, name) <= 0) return FLP_OK;
  hid_t at = H5Aopen(loc, name, H5P_DEFAULT);
  if (at < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open attribute %s", in->label,
                       obj_label, name);
  hid_t t = H5Aget_type(at);
  H5T_class_t c = H5Tget_class(t);
  H5Tclose(t);
  hid_t s = H5Aget_space(at);
  hssize_t count = H5Sget_simple_extent_npoints(s);
  H5Sclose(s);
  int class_ok = want_string ? c == H5T_STRING : (c == H5T_INTEGER || c == H5T_FLOAT);
  if (!class_ok) {
    H5Aclose(at);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: attribute %s must be %s, found %s",
                         in->label, obj_label, name, want_string ? "a string" : "numeric",
                         class_name(c));
  }
  if (count != n) {
    H5Aclose(at);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: attribute %s must hold %d value%s, found %lld",
                         in->label, obj_label, name, n, n == 1 ? "" : "s", (long long)count);
  }
  *a = at;
  return FLP_OK;
}

flp_rc flp_h5_read_attr_str(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, char *buf, size_t cap, int *found) {
  hid_t a;
  *found = 0;
  flp_rc rc = open_attr(in, loc, obj_label, name, 1, 1, &a);
  if (rc != FLP_OK || a < 0) return rc;
  hid_t ft = H5Aget_type(a);
  hid_t mt = H5Tcopy(H5T_C_S1);
  H5Tset_cset(mt, H5Tget_cset(ft));
  herr_t st;
  if (H5Tis_variable_str(ft) > 0) {
    char *v = NULL;
    H5Tset_size(mt, H5T_VARIABLE);
    st = H5Aread(a, mt, &v);
    if (st >= 0) {
      snprintf(buf, cap, "%s", v ? v : "");
      H5free_memory(v);
    }
  } else {
    size_t width = H5Tget_size(ft);
    char *tmp = calloc(width + 1, 1);
    H5Tset_size(mt, width);
    H5Tset_strpad(mt, H5T_STR_NULLPAD);
    st = tmp ? H5Aread(a, mt, tmp) : -1;
    if (st >= 0) snprintf(buf, cap, "%s", tmp);
    free(tmp);
  }
  H5Tclose(mt);
  H5Tclose(ft);
  H5Aclose(a);
  if (st < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read attribute %s", in->label,
                       obj_label, name);
  *found = 1;
  return FLP_OK;
}

static flp_rc read_attr_num(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, hid_t mem_type, void *v, int n, int *found) {
  hid_t a;
  *found = 0;
  flp_rc rc = open_attr(in, loc, obj_label, name, 0, n, &a);
  if (rc != FLP_OK || a < 0) return rc;
  herr_t st = H5Aread(a, mem_type, v);
  H5Aclose(a);
  if (st < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read attribute %s", in->label,
                       obj_label, name);
  *found = 1;
  return FLP_OK;
}

flp_rc flp_h5_read_attr_f64(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, double *v, int *found) {
  return read_attr_num(in, loc, obj_label, name, H5T_NATIVE_DOUBLE, v, 1, found);
}

flp_rc flp_h5_read_attr_i64_vec(const flp_h5_in *in, hid_t loc, const char *obj_label,
                                const char *name, int64_t *v, int n, int *found) {
  /* Read as double first so that 2.5 is refused rather than truncated. */
  double tmp[8];
  if (n > 8) return flp_error_set(in->err, FLP_ERR_INTERNAL, "attribute vector too long");
  flp_rc rc = read_attr_num(in, loc, obj_label, name, H5T_NATIVE_DOUBLE, tmp, n, found);
  if (rc != FLP_OK || !*found) return rc;
  int64_t ints[8];
  rc = read_attr_num(in, loc, obj_label, name, H5T_NATIVE_INT64, ints, n, found);
  if (rc != FLP_OK) return rc;
  for (int i = 0; i < n; ++i) {
    if (tmp[i] != tmp[i] || tmp[i] != (double)ints[i])
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: attribute %s must hold integers, found %g",
                           in->label, obj_label, name, tmp[i]);
    v[i] = ints[i];
  }
  return FLP_OK;
}

flp_rc flp_h5_read_attr_i64(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, int64_t *v, int *found) {
  return flp_h5_read_attr_i64_vec(in, loc, obj_label, name, v, 1, found);
}

flp_rc flp_h5_check_format(const flp_h5_in *in, const char *format, int64_t max_major,
                           int64_t *major, int64_t *minor) {
  char got[128];
  int found;
  flp_rc rc = flp_h5_read_attr_str(in, in->file, "/", "format", got, sizeof got, &found);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /: missing attribute format (expected \"%s\"); not a fleetlp file?",
                         in->label, format);
  if (strcmp(got, format) != 0)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute format is \"%s\", expected \"%s\"",
                         in->label, got, format);
  rc = flp_h5_read_attr_i64(in, in->file, "/", "version_major", major, &found);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute version_major",
                         in->label);
  *minor = 0;
  rc = flp_h5_read_attr_i64(in, in->file, "/", "version_minor", minor, &found);
  if (rc != FLP_OK) return rc;
  if (*major > max_major)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /: format version %lld.%lld is newer than this fleetlp (%s) reads "
                         "(%lld.x); upgrade fleetlp",
                         in->label, (long long)*major, (long long)*minor, FLP_VERSION_STRING,
                         (long long)max_major);
  if (*major < 1)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: invalid format version %lld.%lld",
                         in->label, (long long)*major, (long long)*minor);
  return FLP_OK;
}
