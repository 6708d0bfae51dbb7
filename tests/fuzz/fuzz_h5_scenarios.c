/* The scenario file reader (flp_read_scenarios) against the tiny LP
 * (fuzz_tiny.h) on every well-formed HDF5 file a fuzz program builds
 * (h5_program.h): it either returns scenarios that validate against that LP
 * and give each scenario an LP that validates, or FLP_ERR_INPUT naming the
 * file with the scenarios zeroed. */
#include "fleetlp_io.h"
#include "fuzz_h5_common.h"
#include "fuzz_tiny.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[160];
  if (fuzz_h5_file(data, size, path, sizeof path) != 0) return 0;
  flp_problem base;
  FUZZ_REQUIRE(fuzz_tiny_lp(&base) == 0, "tiny LP: out of memory");
  flp_scenarios sc, zero;
  flp_error err;
  memset(&zero, 0, sizeof zero);
  flp_rc rc = flp_read_scenarios(path, &base, &sc, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc == FLP_OK) {
    FUZZ_REQUIRE(flp_scenarios_validate(&base, &sc, &err) == FLP_OK, "%s", err.msg);
    for (int32_t k = 0; k < sc.count && k < 4; ++k) {
      flp_problem p;
      FUZZ_REQUIRE(flp_scenario_problem(&base, &sc, k, &p, &err) == FLP_OK, "%s", err.msg);
      FUZZ_REQUIRE(flp_problem_validate(&p, "fuzz", &err) == FLP_OK, "scenario %d: %s", (int)k,
                   err.msg);
      flp_problem_free(&p);
    }
    flp_scenarios_free(&sc);
  } else {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_REQUIRE(memcmp(&sc, &zero, sizeof sc) == 0, "scenarios not zeroed after an error");
    FUZZ_NAMES_FILE(err, path);
  }
  flp_problem_free(&base);
  fuzz_h5_all_closed("by the reader");
  return 0;
}
