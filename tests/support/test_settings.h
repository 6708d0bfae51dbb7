// Default settings for tests: quiet, one thread, and no time limit. A time
// limit would make a test's outcome depend on how fast (and how loaded) the
// machine is; with one thread the CPU backend is deterministic, so an
// iteration limit stops every run at the same point everywhere: the guard
// below against a solve that never ends (ctest's timeout backs it). There is
// deliberately no time-limit parameter.
#ifndef FLEETLP_TESTS_TEST_SETTINGS_H
#define FLEETLP_TESTS_TEST_SETTINGS_H

#include <stdint.h>

#include "fleetlp.h"

namespace flptest {

// Far above what any LP in the tests needs (the unbounded rays: 1-2 million).
constexpr int64_t kGuardIterations = 20000000;

inline flp_settings quiet_settings(double tol) {
  flp_settings s;
  flp_settings_default(&s);
  s.tol = tol;
  s.time_limit = 0;
  s.iteration_limit = kGuardIterations;
  s.threads = 1;
  s.verbose = 0;
  return s;
}

}  // namespace flptest

#endif
