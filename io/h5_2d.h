/* Rank-2 float64 datasets (rows x cols, row-major), for the scenario file's
 * K x n and K x m blocks (internal to the library). */
#ifndef FLEETLP_H5_2D_H
#define FLEETLP_H5_2D_H

#include "h5_util.h"

/* Writes rows x cols doubles; chunked by whole rows (and shuffled and
 * deflated when level > 0) once it holds FLP_H5_CONTIGUOUS_BELOW values. */
flp_rc flp_h5_write_2d(hid_t loc, const char *name, int64_t rows, int64_t cols,
                       const double *data, int level, const char *label, flp_error *err);

/* Opens dpath as a numeric (float or integer) dataset of rank 2; dims gets
 * its shape. Missing, not a dataset, another rank or type: FLP_ERR_INPUT
 * naming the file and dpath. */
flp_rc flp_h5_open_2d(const flp_h5_in *in, const char *dpath, hid_t *dset, int64_t dims[2]);

#endif
