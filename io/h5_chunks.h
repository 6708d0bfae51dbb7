/* Parallel (de)compression of fleetlp's chunked 1-D datasets (see h5_chunks.c). */
#ifndef FLEETLP_H5_CHUNKS_H
#define FLEETLP_H5_CHUNKS_H

#include "h5_error.h"

/* Each returns 0 when the dataset is not one it handles (the caller then uses
 * H5Dread / H5Dwrite), else 1 with *rc the outcome. */
int flp_h5_read_parallel(hid_t d, hid_t mem_type, void *dst, int64_t len, const char *label,
                         const char *dpath, flp_error *err, flp_rc *rc);
int flp_h5_write_parallel(hid_t d, hid_t mem_type, const void *src, int64_t len, const char *label,
                          const char *name, flp_error *err, flp_rc *rc);

#endif
