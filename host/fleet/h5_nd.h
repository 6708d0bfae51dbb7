/* N-D numeric datasets for the fleet and plan files (io/h5_util.h covers
 * 1-D). Internal to host/fleet; the only fleet header that includes hdf5.h. */
#ifndef FLEETLP_FLEET_H5_ND_H
#define FLEETLP_FLEET_H5_ND_H

#include "fleetlp_fleet.h"
#include "h5_util.h"

/* Writes a rank-dimensional dataset (rank <= 3) of dims, chunked along the
 * first axis and (level > 0) shuffled + deflated when it has at least 8192
 * elements. */
flp_rc fleet_h5_write_nd(hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                         const void *data, int rank, const int64_t *dims, int level,
                         const char *label, flp_error *err);
/* 1-D shortcuts. */
flp_rc fleet_h5_write_f64(hid_t loc, const char *name, const double *v, int64_t n, int level,
                          const char *label, flp_error *err);
flp_rc fleet_h5_write_i32(hid_t loc, const char *name, const int32_t *v, int64_t n, int level,
                          const char *label, flp_error *err);
/* Creates group `name` under loc; < 0 (err set) on failure. */
hid_t fleet_h5_group(hid_t loc, const char *name, const char *label, flp_error *err);

/* Reads dataset dpath, which must have the given rank and dims (a rank-1 read
 * of a rank-2 dataset is an error), as doubles. Integer, float and enum
 * (h5py's bool) types are accepted. dim_what names the axes in messages, e.g.
 * {"nodes", "slots"}. */
flp_rc fleet_h5_read_nd(const flp_h5_in *in, const char *dpath, int rank, const int64_t *dims,
                        const char *const *dim_what, double *dst);
/* A 1-D integer dataset of n entries, each in [lo, hi]; entry_what names an
 * entry in messages ("node"), names (optional) labels them. */
flp_rc fleet_h5_read_index(const flp_h5_in *in, const char *dpath, int64_t n, int64_t lo,
                           int64_t hi, const char *entry_what, char **names, int32_t *dst);
/* Rank (<= 3) and dims of dataset dpath. */
flp_rc fleet_h5_shape(const flp_h5_in *in, const char *dpath, int *rank, int64_t dims[3]);
/* Length of a 1-D dataset (string or numeric); -1 with err set when absent or not 1-D. */
int64_t fleet_h5_length(const flp_h5_in *in, const char *dpath);

/* Everything of the fleet file but /scenarios (fleet_h5.c; scenarios_h5.c adds them). */
flp_rc fleet_h5_write_contents(hid_t file, const flp_fleet *f, int level, const char *label,
                               flp_error *err);

#endif
