/* The warm-start reader (flp_read_solution_point_h5) on solution and plan
 * files built from fuzz programs. The input is [rows:u8][cols:u8][program]:
 * the shape the caller expects comes with the file. A read either fills x and
 * y with finite values, or fails with FLP_ERR_INPUT naming the file. */
#include <math.h>

#include "fleetlp_io.h"
#include "fuzz_h5_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  const int32_t m = data[0], n = data[1];
  char path[160];
  if (fuzz_h5_file(data + 2, size - 2, path, sizeof path) != 0) return 0;
  double *x = malloc(((size_t)n + 1) * sizeof *x), *y = malloc(((size_t)m + 1) * sizeof *y);
  FUZZ_REQUIRE(x && y, "out of memory");
  int sense = 0;
  flp_error err;
  flp_rc rc = flp_read_solution_point_h5(path, m, n, x, y, &sense, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc == FLP_OK) {
    FUZZ_REQUIRE(sense == 1 || sense == -1, "sense %d", sense);
    for (int32_t j = 0; j < n; ++j) FUZZ_REQUIRE(isfinite(x[j]), "x[%d] = %g", (int)j, x[j]);
    for (int32_t i = 0; i < m; ++i) FUZZ_REQUIRE(isfinite(y[i]), "y[%d] = %g", (int)i, y[i]);
  } else {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_NAMES_FILE(err, path);
  }
  free(x);
  free(y);
  fuzz_h5_all_closed("by the reader");
  return 0;
}
