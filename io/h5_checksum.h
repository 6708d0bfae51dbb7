/* Checksums of the HDF5 files fleetlp writes for itself to read back:
 * checkpoints, solutions and plans (docs/hdf5.md, "Checksums"). Problem and
 * fleet files are inputs that users write and edit with h5py; they carry none.
 *
 * The file starts with an HDF5 user block (FLP_H5_CHECKSUM_BLOCK bytes, which
 * HDF5, h5py and h5dump skip) holding a text table: the file's size and the
 * digest (digest.h) of each part of the rest of the file, named, in file
 * order: the stored values of each dataset (each chunk of a chunked one),
 * each object's header (its attributes), and the HDF5 metadata between them.
 * The table is written after HDF5 has closed the file and checked before
 * HDF5 opens it, so a damaged file is refused before the HDF5 library parses
 * a byte of it (HDF5 1.10 can loop forever on a damaged heap), and the
 * message names the part: any changed byte, a truncation or a missing part. */
#ifndef FLEETLP_H5_CHECKSUM_H
#define FLEETLP_H5_CHECKSUM_H

#include "h5_util.h"

#define FLP_H5_CHECKSUM_BLOCK 8192

/* A file creation property list with the user block the table goes into
 * (H5Pclose it). */
hid_t flp_h5_checksum_fcpl(void);

/* Fills the user block of a complete file image (of a file created with
 * flp_h5_checksum_fcpl, h5_image.h); label names it in messages. */
flp_rc flp_h5_checksum_seal_image(unsigned char *image, size_t size, const char *label,
                                  flp_error *err);
/* The same for a file on disk (rewrites its first block; for tests and tools). */
flp_rc flp_h5_checksum_seal(const char *path, const char *label, flp_error *err);

/* Checks the table of `path` before HDF5 opens it: *present = 0 (and FLP_OK)
 * when the file has none (no user block: HDF5's signature at offset 0, or a
 * user block of another size), else every part must match. A file with the
 * table's user block but no table in it (its first line damaged, the block
 * wiped) is refused (FLP_ERR_INPUT) before HDF5 parses it. */
flp_rc flp_h5_checksum_verify(const char *path, int *present, flp_error *err);

/* For format readers: a file of version >= since_major.since_minor must have
 * had a table (in->checksummed). */
flp_rc flp_h5_checksum_required(const flp_h5_in *in, const char *format, int64_t major,
                                int64_t minor, int64_t since_major, int64_t since_minor);

#endif
