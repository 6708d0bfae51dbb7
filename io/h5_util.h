/* HDF5 helpers shared by the problem, solution and checkpoint files
 * (internal to the library; the only io/ header that includes hdf5.h).
 *
 * Errors: h5_error.h. */
#ifndef FLEETLP_H5_UTIL_H
#define FLEETLP_H5_UTIL_H

#include <hdf5.h>

#include "fleetlp_io.h"
#include "h5_error.h"


/* Elements per chunk of a large dataset; smaller datasets are contiguous. */
#define FLP_H5_CHUNK_ELEMS ((hsize_t)1 << 20)
#define FLP_H5_CONTIGUOUS_BELOW ((hsize_t)8192)

/* ---- writing ------------------------------------------------------------- */
/* Writes an HDF5 file atomically: write() fills it in memory (h5_image.h),
 * its image goes to PATH.tmp, which is renamed to PATH; on any failure
 * PATH.tmp is removed and PATH left as it was. HDF5's own error printing is
 * off throughout. */
typedef flp_rc (*flp_h5_write_fn)(hid_t file, const void *ctx, flp_error *err);
flp_rc flp_h5_write_atomic(const char *path, flp_h5_write_fn write, const void *ctx,
                           flp_error *err);
/* The same for a file fleetlp reads back (checkpoint, plan): sealed with a
 * checksum table (h5_checksum.h) after HDF5 closed it, before the rename. */
flp_rc flp_h5_write_atomic_checksummed(const char *path, flp_h5_write_fn write, const void *ctx,
                                       flp_error *err);

flp_rc flp_h5_attr_str(hid_t loc, const char *name, const char *value, flp_error *err);
flp_rc flp_h5_attr_i64(hid_t loc, const char *name, int64_t value, flp_error *err);
flp_rc flp_h5_attr_f64(hid_t loc, const char *name, double value, flp_error *err);
flp_rc flp_h5_attr_i64_vec(hid_t loc, const char *name, const int64_t *v, int n, flp_error *err);
flp_rc flp_h5_attr_str_vec(hid_t loc, const char *name, const char *const *v, int n,
                           flp_error *err);

/* Writes a 1-D dataset of count elements; chunked and (level > 0) shuffled and
 * deflated when large. label names the file in messages. */
flp_rc flp_h5_write_1d(hid_t loc, const char *name, hid_t file_type, hid_t mem_type,
                       const void *data, int64_t count, int level, const char *label,
                       flp_error *err);
/* Fixed-length, null-padded UTF-8 strings (NULL entries are written empty). */
flp_rc flp_h5_write_strings(hid_t loc, const char *name, char *const *strs, int64_t count,
                            int level, const char *label, flp_error *err);

/* ---- reading ------------------------------------------------------------- */
typedef struct flp_h5_in {
  hid_t file;
  const char *label; /* the file name, for messages */
  flp_error *err;
  int checksummed; /* its checksum table was there and matched (h5_checksum.h) */
} flp_h5_in;

/* Opens path as an HDF5 file for reading, after checking its checksum table
 * when it has one; in->file < 0 on failure (err set). */
flp_rc flp_h5_open_read(flp_h5_in *in, const char *path, flp_error *err);
void flp_h5_close_in(flp_h5_in *in);

/* Opens path, lets read() take what it needs, closes it; HDF5's own error
 * printing is off throughout (the reading twin of flp_h5_write_atomic). */
typedef flp_rc (*flp_h5_read_fn)(const flp_h5_in *in, void *ctx);
flp_rc flp_h5_read_file(const char *path, flp_h5_read_fn read, void *ctx, flp_error *err);

/* 1 when the object at dpath (absolute, e.g. "/A/data") exists. */
int flp_h5_exists(const flp_h5_in *in, const char *dpath);
/* Opens dpath, checked to exist and to be a dataset (not a group or type):
 * messages name the file and the path. */
flp_rc flp_h5_open_dataset(const flp_h5_in *in, const char *dpath, hid_t *dset);

/* Sets in->err to "DPATH: missing WHAT" and lists what the parent group
 * holds (or says the group is missing), which makes a misspelling obvious. */
flp_rc flp_h5_missing(const flp_h5_in *in, const char *dpath, const char *what);

/* What a 1-D numeric dataset must be. */
typedef enum flp_h5_kind { FLP_H5_REAL, FLP_H5_INTEGER } flp_h5_kind;

/* Opens a rank-1 dataset, checks its class (REAL accepts float and integer
 * types, INTEGER only integers) and, when expect_len >= 0, its length. */
flp_rc flp_h5_open_1d(const flp_h5_in *in, const char *dpath, flp_h5_kind kind, int64_t expect_len,
                      hid_t *dset, int64_t *len);
/* Reads the whole (already opened) dataset converted to mem_type into dst. */
flp_rc flp_h5_read_all(const flp_h5_in *in, const char *dpath, hid_t dset, hid_t mem_type,
                       void *dst, int64_t len);
/* open_1d + read_all + close, as doubles. */
flp_rc flp_h5_read_f64(const flp_h5_in *in, const char *dpath, int64_t expect_len, double *dst);
/* A 1-D string dataset (fixed or variable length) of expect_len entries;
 * *out is a malloc'd array of malloc'd strings. */
flp_rc flp_h5_read_strings(const flp_h5_in *in, const char *dpath, int64_t expect_len,
                           char ***out);

/* Attribute readers: *found = 0 (and FLP_OK) when absent; wrong type or shape
 * is FLP_ERR_INPUT naming obj_label and the attribute. */
flp_rc flp_h5_read_attr_str(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, char *buf, size_t cap, int *found);
flp_rc flp_h5_read_attr_i64(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, int64_t *v, int *found);
flp_rc flp_h5_read_attr_f64(const flp_h5_in *in, hid_t loc, const char *obj_label,
                            const char *name, double *v, int *found);
flp_rc flp_h5_read_attr_i64_vec(const flp_h5_in *in, hid_t loc, const char *obj_label,
                                const char *name, int64_t *v, int n, int *found);

/* Reads root attributes format (must equal `format`) and version_major /
 * version_minor (major must be <= max_major). */
flp_rc flp_h5_check_format(const flp_h5_in *in, const char *format, int64_t max_major,
                           int64_t *major, int64_t *minor);

void flp_free_strings(char **s, int64_t count);

#endif
