/* For the HDF5 reader targets: builds the file a fuzz program describes
 * (h5_program.h) at this process's scratch path, with HDF5's error printing
 * off (the readers turn HDF5 errors into their own messages). */
#ifndef FLEETLP_FUZZ_H5_COMMON_H
#define FLEETLP_FUZZ_H5_COMMON_H

#include <hdf5.h>

#include "fuzz_common.h"
#include "h5_program.h"

/* No HDF5 file, group, dataset, type, space or attribute is left open: a
 * reader that forgets to close one on some path leaks memory and keeps the
 * file open (the next create of the same path then fails). */
static inline void fuzz_h5_all_closed(const char *when) {
  ssize_t open_ids = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
  FUZZ_REQUIRE(open_ids == 0, "%ld HDF5 objects left open %s", (long)open_ids, when);
}

/* 0 with the file at path, -1 when the program yields no file. */
static inline int fuzz_h5_file(const uint8_t *data, size_t size, char *path, size_t cap) {
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
  /* HDF5 keeps its freed structures for reuse (no limit): under ASan each
   * file open otherwise maps, zeroes and unmaps the ~0.5 MB metadata cache
   * anew, a fifth of an execution. HDF5 itself is not instrumented, so no
   * check on fleetlp's memory is lost. */
  static int limits_set = 0;
  if (!limits_set) limits_set = H5set_free_list_limits(-1, -1, -1, -1, -1, -1) >= 0;
  fuzz_scratch(path, cap, ".h5");
  int rc = h5_program_build(data, size, path);
  fuzz_h5_all_closed("by the file builder");
  return rc;
}

#endif
