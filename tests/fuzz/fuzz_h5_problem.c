/* The HDF5 problem reader (flp_read_problem_h5) on every well-formed HDF5
 * file a fuzz program builds (h5_program.h): it either returns a problem that
 * validates, or FLP_ERR_INPUT naming the file with the problem zeroed. */
#include "fleetlp_io.h"
#include "fuzz_h5_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[160];
  if (fuzz_h5_file(data, size, path, sizeof path) != 0) return 0;
  flp_problem p, zero;
  flp_error err;
  memset(&zero, 0, sizeof zero);
  flp_rc rc = flp_read_problem_h5(path, &p, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc == FLP_OK) {
    FUZZ_REQUIRE(flp_problem_validate(&p, "fuzz", &err) == FLP_OK, "%s", err.msg);
    flp_problem_free(&p);
  } else {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_REQUIRE(memcmp(&p, &zero, sizeof p) == 0, "problem not zeroed after an error");
    FUZZ_NAMES_FILE(err, path);
  }
  fuzz_h5_all_closed("by the reader");
  return 0;
}
