/* N-D numeric datasets with the checks every fleetlp reader makes. */
#include "h5_nd.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

flp_rc fleet_h5_write_nd(hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                         const void *data, int rank, const int64_t *dims, int level,
                         const char *label, flp_error *err) {
  hsize_t d[3], chunk[3];
  hsize_t total = 1, inner = 1;
  if (rank < 1 || rank > 3)
    return flp_error_set(err, FLP_ERR_INTERNAL, "%s: %s: rank %d", label, name, rank);
  for (int i = 0; i < rank; ++i) {
    d[i] = (hsize_t)dims[i];
    total *= d[i];
    if (i > 0) inner *= d[i];
  }
  hid_t space = H5Screate_simple(rank, d, NULL);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (total >= FLP_H5_CONTIGUOUS_BELOW && d[0] > 0 && inner > 0) {
    hsize_t rows = FLP_H5_CHUNK_ELEMS / inner;
    if (rows < 1) rows = 1;
    if (rows > d[0]) rows = d[0];
    chunk[0] = rows;
    for (int i = 1; i < rank; ++i) chunk[i] = d[i];
    H5Pset_chunk(dcpl, rank, chunk);
    if (level > 0) {
      if (H5Tget_size(file_type) > 1) H5Pset_shuffle(dcpl);
      H5Pset_deflate(dcpl, (unsigned)(level > 9 ? 9 : level));
    }
  }
  hid_t ds = H5Dcreate2(loc, name, file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (ds < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create dataset %s", label, name);
  flp_rc rc = FLP_OK;
  if (total > 0 && H5Dwrite(ds, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot write dataset %s", label, name);
  H5Dclose(ds);
  return rc;
}

flp_rc fleet_h5_write_f64(hid_t loc, const char *name, const double *v, int64_t n, int level,
                          const char *label, flp_error *err) {
  return fleet_h5_write_nd(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, 1, &n, level, label,
                           err);
}

flp_rc fleet_h5_write_i32(hid_t loc, const char *name, const int32_t *v, int64_t n, int level,
                          const char *label, flp_error *err) {
  return fleet_h5_write_nd(loc, name, H5T_STD_I32LE, H5T_NATIVE_INT32, v, 1, &n, level, label,
                           err);
}

hid_t fleet_h5_group(hid_t loc, const char *name, const char *label, flp_error *err) {
  hid_t g = H5Gcreate2(loc, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create group %s", label, name);
  return g;
}

/* ---- reading ------------------------------------------------------------- */
static flp_rc open_dataset(const flp_h5_in *in, const char *dpath, hid_t *out) {
  *out = -1;
  if (!flp_h5_exists(in, dpath)) return flp_h5_missing(in, dpath, "dataset");
  hid_t o = H5Oopen(in->file, dpath, H5P_DEFAULT);
  if (o < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open", in->label, dpath);
  H5I_type_t type = H5Iget_type(o);
  H5Oclose(o);
  if (type != H5I_DATASET)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected a dataset, found a %s",
                         in->label, dpath, type == H5I_GROUP ? "group" : "named type");
  *out = H5Dopen2(in->file, dpath, H5P_DEFAULT);
  if (*out < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open", in->label, dpath);
  return FLP_OK;
}

int64_t fleet_h5_length(const flp_h5_in *in, const char *dpath) {
  hid_t d;
  if (open_dataset(in, dpath, &d) != FLP_OK) return -1;
  hid_t s = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(s);
  hsize_t dim = 0;
  if (rank == 1) H5Sget_simple_extent_dims(s, &dim, NULL);
  H5Sclose(s);
  H5Dclose(d);
  if (rank != 1) {
    flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected a 1-D dataset, found rank %d",
                  in->label, dpath, rank);
    return -1;
  }
  return (int64_t)dim;
}

flp_rc fleet_h5_shape(const flp_h5_in *in, const char *dpath, int *rank, int64_t dims[3]) {
  hid_t d;
  flp_rc rc = open_dataset(in, dpath, &d);
  if (rc != FLP_OK) return rc;
  hid_t s = H5Dget_space(d);
  int r = H5Sget_simple_extent_ndims(s);
  hsize_t have[H5S_MAX_RANK];
  if (r > 0) H5Sget_simple_extent_dims(s, have, NULL);
  H5Sclose(s);
  H5Dclose(d);
  if (r < 1 || r > 3)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: unexpected rank %d", in->label, dpath, r);
  *rank = r;
  for (int i = 0; i < 3; ++i) dims[i] = i < r ? (int64_t)have[i] : 1;
  return FLP_OK;
}

/* Reads an enum (h5py stores numpy bool as one) through its integer base. */
static flp_rc read_enum(const flp_h5_in *in, const char *dpath, hid_t d, hid_t ft, double *dst,
                        int64_t total) {
  hid_t base = H5Tget_super(ft);
  size_t size = H5Tget_size(base);
  H5T_sign_t sign = H5Tget_sign(base);
  H5Tclose(base);
  hid_t mt = H5Tget_native_type(ft, H5T_DIR_ASCEND);
  size_t msize = H5Tget_size(mt);
  unsigned char *raw = malloc((size_t)total * msize + 1);
  if (!raw) {
    H5Tclose(mt);
    return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
  }
  flp_rc rc = FLP_OK;
  if (size > 8 || msize != size)
    rc = flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: unsupported enum type", in->label, dpath);
  else if (H5Dread(d, mt, H5S_ALL, H5S_ALL, H5P_DEFAULT, raw) < 0)
    rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read", in->label, dpath);
  else
    for (int64_t i = 0; i < total; ++i) {
      const unsigned char *p = raw + (size_t)i * size;
      int64_t v = 0;
      if (size == 1) v = sign == H5T_SGN_2 ? (int64_t)(int8_t)p[0] : (int64_t)p[0];
      else if (size == 2) {
        int16_t s16;
        uint16_t u16;
        memcpy(&s16, p, 2);
        memcpy(&u16, p, 2);
        v = sign == H5T_SGN_2 ? s16 : u16;
      } else if (size == 4) {
        int32_t s32;
        uint32_t u32;
        memcpy(&s32, p, 4);
        memcpy(&u32, p, 4);
        v = sign == H5T_SGN_2 ? s32 : (int64_t)u32;
      } else {
        memcpy(&v, p, 8);
      }
      dst[i] = (double)v;
    }
  free(raw);
  H5Tclose(mt);
  return rc;
}

flp_rc fleet_h5_read_nd(const flp_h5_in *in, const char *dpath, int rank, const int64_t *dims,
                        const char *const *dim_what, double *dst) {
  hid_t d;
  flp_rc rc = open_dataset(in, dpath, &d);
  if (rc != FLP_OK) return rc;
  hid_t s = H5Dget_space(d);
  int got = H5Sget_simple_extent_ndims(s);
  hsize_t have[H5S_MAX_RANK];
  if (got > 0) H5Sget_simple_extent_dims(s, have, NULL);
  H5Sclose(s);
  char want[160] = "", found[160] = "";
  int64_t total = 1;
  for (int i = 0; i < rank; ++i) {
    size_t u = strlen(want);
    snprintf(want + u, sizeof want - u, "%s%lld %s", i ? " x " : "", (long long)dims[i],
             dim_what[i]);
    total *= dims[i];
  }
  int shape_ok = got == rank;
  for (int i = 0; shape_ok && i < rank; ++i) shape_ok = (int64_t)have[i] == dims[i];
  if (!shape_ok) {
    for (int i = 0; i < got && i < H5S_MAX_RANK; ++i) {
      size_t u = strlen(found);
      snprintf(found + u, sizeof found - u, "%s%llu", i ? " x " : "", (unsigned long long)have[i]);
    }
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: has shape [%s], expected [%s]",
                         in->label, dpath, got <= 0 ? "scalar" : found, want);
  }
  hid_t ft = H5Dget_type(d);
  H5T_class_t c = H5Tget_class(ft);
  if (c == H5T_ENUM) {
    rc = read_enum(in, dpath, d, ft, dst, total);
  } else if (c == H5T_INTEGER || c == H5T_FLOAT) {
    if (total > 0 && H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, dst) < 0)
      rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot read", in->label, dpath);
  } else {
    rc = flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected numbers, found type class %d",
                       in->label, dpath, (int)c);
  }
  H5Tclose(ft);
  H5Dclose(d);
  return rc;
}

flp_rc fleet_h5_read_index(const flp_h5_in *in, const char *dpath, int64_t n, int64_t lo,
                           int64_t hi, const char *entry_what, char **names, int32_t *dst) {
  double *tmp = malloc((size_t)(n > 0 ? n : 1) * sizeof *tmp);
  if (!tmp) return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
  const char *what[1] = {entry_what};
  flp_rc rc = fleet_h5_read_nd(in, dpath, 1, &n, what, tmp);
  for (int64_t i = 0; rc == FLP_OK && i < n; ++i) {
    double v = tmp[i];
    if (!(v >= (double)lo && v <= (double)hi) || v != floor(v)) {
      char who[160];
      if (names) snprintf(who, sizeof who, "%s '%s'", entry_what, names[i]);
      else snprintf(who, sizeof who, "%s %lld", entry_what, (long long)i);
      rc = flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: %g at %s is not an integer in [%lld, %lld]",
                         in->label, dpath, v, who, (long long)lo, (long long)hi);
    } else {
      dst[i] = (int32_t)v;
    }
  }
  free(tmp);
  return rc;
}
