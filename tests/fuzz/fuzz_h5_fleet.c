/* The fleet reader (flp_fleet_read_h5) on files built from fuzz programs. A
 * fleet it accepts must validate and build into an LP that validates; else
 * FLP_ERR_INPUT naming the file. The same for its /scenarios group. */
#include "fleetlp_fleet.h"
#include "fuzz_h5_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[160];
  if (fuzz_h5_file(data, size, path, sizeof path) != 0) return 0;
  flp_fleet f;
  flp_error err;
  flp_rc rc = flp_fleet_read_h5(path, &f, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc != FLP_OK) {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_NAMES_FILE(err, path);
    fuzz_h5_all_closed("by the reader after an error");
    return 0;
  }
  FUZZ_REQUIRE(flp_fleet_validate(&f, "fuzz", &err) == FLP_OK, "%s", err.msg);
  flp_fleet_lp lp;
  memset(&lp, 0, sizeof lp);
  rc = flp_fleet_build(&f, FLP_FLEET_NAMES_AUTO, &lp, &err);
  FUZZ_REQUIRE(rc == FLP_OK || (rc == FLP_ERR_INPUT && strstr(err.msg, "orders of magnitude")),
               "a valid fleet did not build: rc %d: %s", (int)rc, err.msg);
  if (rc == FLP_OK)
    FUZZ_REQUIRE(flp_problem_validate(&lp.problem, "fuzz", &err) == FLP_OK, "%s", err.msg);
  flp_fleet_lp_free(&lp);
  if (flp_fleet_file_has_scenarios(path)) {
    flp_fleet_scenarios sc;
    rc = flp_fleet_scenarios_read_h5(path, &f, &sc, &err);
    fuzz_note("scenarios", (int)rc, err.msg);
    FUZZ_REQUIRE(rc == FLP_OK || rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    if (rc == FLP_OK)
      FUZZ_REQUIRE(flp_fleet_scenarios_validate(&f, &sc, "fuzz", &err) == FLP_OK, "%s", err.msg);
    else
      FUZZ_NAMES_FILE(err, path);
    flp_fleet_scenarios_free(&sc);
  }
  flp_fleet_free(&f);
  fuzz_h5_all_closed("by the reader");
  return 0;
}
