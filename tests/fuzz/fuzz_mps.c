/* libFuzzer target for flp_read_mps (fuzz_common.h). A read either succeeds
 * with a problem that validates, or fails with FLP_ERR_INPUT naming the file
 * and leaves the problem zeroed; ASan/UBSan catch the rest. */
#include "fleetlp_io.h"
#include "fuzz_common.h"

static void ignore_notice(void *user, const char *line) {
  (void)user;
  (void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[160];
  fuzz_scratch(path, sizeof path, ".mps");
  if (fuzz_write(path, data, size) != 0) return 0;
  flp_problem p, zero;
  flp_error err;
  memset(&zero, 0, sizeof zero);
  flp_rc rc = flp_read_mps(path, &p, ignore_notice, NULL, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc == FLP_OK) {
    FUZZ_REQUIRE(flp_problem_validate(&p, "fuzz", &err) == FLP_OK, "%s", err.msg);
    flp_problem_free(&p);
  } else {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_REQUIRE(memcmp(&p, &zero, sizeof p) == 0, "problem not zeroed after an error");
    FUZZ_NAMES_FILE(err, path);
  }
  return 0;
}
