/* HDF5 files built in memory and written to disk by fleetlp (internal).
 *
 * HDF5 1.10 leaves a file whose data could not be flushed (a full disk, a
 * quota) half-open and crashes on it when the process exits, and a failed
 * write can leave it unable to close at all. So fleetlp's writers never let
 * HDF5 touch the disk: HDF5 builds the file in memory (the core driver, no
 * backing store), fleetlp takes the finished image and writes it with plain
 * write(2), where a full disk is one error with its errno, the file named. */
#ifndef FLEETLP_H5_IMAGE_H
#define FLEETLP_H5_IMAGE_H

#include "h5_util.h"

/* A new, empty in-memory file; `checksummed`: with the user block a checksum
 * table goes into (h5_checksum.h). < 0 on failure (err set, naming label). */
hid_t flp_h5_image_create(const char *label, int checksummed, flp_error *err);

/* Flushes and closes the in-memory file (always, also on failure) and hands
 * over its bytes as they go to disk (*image malloc'd, *size bytes), the user
 * block (zeros) included. */
flp_rc flp_h5_image_take(hid_t file, unsigned char **image, size_t *size, const char *label,
                         flp_error *err);

/* The same without closing it (a snapshot of a file still being written). */
flp_rc flp_h5_image_copy(hid_t file, unsigned char **image, size_t *size, const char *label,
                         flp_error *err);

/* A read-only in-memory file opened from bytes (copied), e.g. to copy
 * objects out of an image. H5Fclose it. */
hid_t flp_h5_image_open(const unsigned char *image, size_t size, const char *label,
                        flp_error *err);

/* Writes the bytes to path (created or truncated) and makes them durable
 * (fsync); on failure the error names path and errno, and path is removed. */
flp_rc flp_h5_image_write(const char *path, const unsigned char *image, size_t size,
                          const char *label, flp_error *err);

/* A whole solution file (h5_solution.c) as an image, checksummed, for a
 * writer that copies it into a file of its own (the plan's /solver). */
flp_rc flp_h5_solution_image(const char *label, const flp_problem *p, const flp_settings *s,
                             const flp_result *res, unsigned char **image, size_t *size,
                             flp_error *err);

#endif
