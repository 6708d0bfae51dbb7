/* Rank-2 float64 datasets (h5_2d.h). */
#include "h5_2d.h"

static hid_t layout_2d(hsize_t rows, hsize_t cols, int level) {
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  if (dcpl < 0 || rows * cols < FLP_H5_CONTIGUOUS_BELOW) return dcpl;
  /* whole rows per chunk (a scenario's values stay together), about
   * FLP_H5_CHUNK_ELEMS values; a row longer than that is split */
  hsize_t chunk[2];
  chunk[1] = cols < FLP_H5_CHUNK_ELEMS ? cols : FLP_H5_CHUNK_ELEMS;
  chunk[0] = FLP_H5_CHUNK_ELEMS / chunk[1];
  if (chunk[0] < 1) chunk[0] = 1;
  if (chunk[0] > rows) chunk[0] = rows;
  H5Pset_chunk(dcpl, 2, chunk);
  if (level > 0) {
    H5Pset_shuffle(dcpl);
    H5Pset_deflate(dcpl, (unsigned)(level > 9 ? 9 : level));
  }
  return dcpl;
}

flp_rc flp_h5_write_2d(hid_t loc, const char *name, int64_t rows, int64_t cols,
                       const double *data, int level, const char *label, flp_error *err) {
  hsize_t dims[2] = {(hsize_t)rows, (hsize_t)cols};
  hid_t space = H5Screate_simple(2, dims, NULL);
  hid_t dcpl = layout_2d(dims[0], dims[1], level);
  hid_t d = space >= 0 && dcpl >= 0
                ? H5Dcreate2(loc, name, H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT)
                : -1;
  if (dcpl >= 0) H5Pclose(dcpl);
  if (space >= 0) H5Sclose(space);
  if (d < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create dataset %s", label, name);
  flp_rc rc = FLP_OK;
  if (rows > 0 && cols > 0 &&
      H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, data) < 0)
    rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot write dataset %s", label, name);
  H5Dclose(d);
  return rc;
}

flp_rc flp_h5_open_2d(const flp_h5_in *in, const char *dpath, hid_t *dset, int64_t dims[2]) {
  *dset = -1;
  dims[0] = dims[1] = 0;
  hid_t d;
  flp_rc rc = flp_h5_open_dataset(in, dpath, &d);
  if (rc != FLP_OK) return rc;
  hid_t t = H5Dget_type(d);
  H5T_class_t c = H5Tget_class(t);
  H5Tclose(t);
  hid_t s = H5Dget_space(d);
  int rank = H5Sget_simple_extent_ndims(s);
  hsize_t got[2] = {0, 0};
  if (rank == 2) H5Sget_simple_extent_dims(s, got, NULL);
  H5Sclose(s);
  if (c != H5T_FLOAT && c != H5T_INTEGER) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected numeric values, found another "
                         "type class", in->label, dpath);
  }
  if (rank != 2) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: expected a 2-D dataset "
                         "(scenarios x entries), found rank %d", in->label, dpath, rank);
  }
  *dset = d;
  dims[0] = (int64_t)got[0];
  dims[1] = (int64_t)got[1];
  return FLP_OK;
}
