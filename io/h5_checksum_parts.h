/* The parts of an HDF5 file that its checksum table names (h5_checksum.h):
 * found with HDF5 in the healthy file just written, sorted, with the gaps
 * between them as "HDF5 metadata", merged until the table fits the user
 * block. Internal to h5_checksum.c. */
#ifndef FLEETLP_H5_CHECKSUM_PARTS_H
#define FLEETLP_H5_CHECKSUM_PARTS_H

#include "h5_util.h"

typedef struct flp_h5_part {
  uint64_t offset, length; /* bytes of the file */
  uint64_t digest;
  char name[96]; /* "/vectors/x", "/history chunk 2", "/scalars header", "HDF5 metadata" */
} flp_h5_part;

typedef struct flp_h5_parts {
  flp_h5_part *v;
  size_t n, cap;
} flp_h5_parts;

void flp_h5_parts_free(flp_h5_parts *p);
flp_rc flp_h5_parts_add(flp_h5_parts *p, uint64_t offset, uint64_t length, const char *name,
                        flp_error *err);

/* The parts covering bytes [begin, end) of the open file f: every dataset's
 * stored values and every object's header, the rest as metadata. */
flp_rc flp_h5_find_parts(hid_t f, const char *label, uint64_t begin, uint64_t end,
                         flp_h5_parts *out, flp_error *err);

/* Merges neighbouring parts, smallest first, until at most max_parts remain. */
void flp_h5_parts_merge(flp_h5_parts *p, size_t max_parts);

#endif
