/* Problem files by kind: read by content (HDF5 signature or MPS), write by
 * extension. */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io_util.h"

/* HDF5 files start with this signature at offset 0, 512, 1024, 2048, ...
 * (after an optional user block). */
static const unsigned char hdf5_signature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

static int looks_like_hdf5(FILE *f) {
  unsigned char sig[8];
  for (long off = 0; off <= (1L << 24); off = off ? off * 2 : 512) {
    if (fseek(f, off, SEEK_SET) != 0 || fread(sig, 1, 8, f) != 8) return 0;
    if (memcmp(sig, hdf5_signature, 8) == 0) return 1;
  }
  return 0;
}

flp_rc flp_read_problem(const char *path, flp_problem *out, flp_message_fn notice,
                        void *notice_user, flp_error *err) {
  memset(out, 0, sizeof *out);
  FILE *f = fopen(path, "rb");
  if (!f) return flp_error_set(err, FLP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  int h5 = looks_like_hdf5(f);
  fclose(f);
  if (h5) return flp_read_problem_h5(path, out, err);
  return flp_read_mps(path, out, notice, notice_user, err);
}

flp_rc flp_write_problem(const char *path, const flp_problem *p, int compression,
                         flp_error *err) {
  if (flp_io_ends_with(path, ".h5") || flp_io_ends_with(path, ".hdf5") ||
      flp_io_ends_with(path, ".hdf"))
    return flp_write_problem_h5(path, p, compression, err);
  if (flp_io_ends_with(path, ".mps") || flp_io_ends_with(path, ".mps.gz") ||
      flp_io_ends_with(path, ".freemps") || flp_io_ends_with(path, ".freemps.gz"))
    return flp_write_mps(path, p, err);
  return flp_error_set(err, FLP_ERR_INPUT,
                       "%s: unknown output format; use a name ending in .h5, .hdf5, .mps or .mps.gz",
                       path);
}
