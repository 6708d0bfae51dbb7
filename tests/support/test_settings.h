// Default settings for tests: quiet, one thread, a time limit that a
// sanitizer build stretches (ASan/UBSan run the solver about four times slower).
#ifndef FLEETLP_TESTS_TEST_SETTINGS_H
#define FLEETLP_TESTS_TEST_SETTINGS_H

#include "fleetlp.h"

namespace flptest {

inline flp_settings quiet_settings(double tol, double time_limit) {
  flp_settings s;
  flp_settings_default(&s);
  s.tol = tol;
  s.time_limit = time_limit;
#ifdef FLEETLP_SANITIZED
  s.time_limit = 4 * time_limit;
#endif
  s.threads = 1;
  s.verbose = 0;
  return s;
}

}  // namespace flptest

#endif
