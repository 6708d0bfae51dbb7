// Default settings for tests: quiet, one thread, no time limit, and the
// device the end-to-end tests solve on. A time limit would make a test's
// outcome depend on how fast (and how loaded) the machine is; with one thread
// the CPU backend is deterministic, so an iteration limit stops every run at
// the same point everywhere: the guard below against a solve that never ends
// (ctest's timeout backs it). There is deliberately no time-limit parameter.
//
// FLEETLP_TEST_DEVICE=cpu|gpu|auto picks that device (default cpu): on a GPU
// machine the many small end-to-end solves are launch-bound on the GPU and
// would only be slow there, so they stay on the CPU unless asked. The GPU is
// tested explicitly: the backend conformance suite runs on every backend
// whatever this says, and tests that name a device keep it.
#ifndef FLEETLP_TESTS_TEST_SETTINGS_H
#define FLEETLP_TESTS_TEST_SETTINGS_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "fleetlp.h"

namespace flptest {

// The device's name as the CLI spells it ("cpu", "gpu", "auto"). An unknown
// value is reported on stderr and taken as cpu.
inline const char *test_device_name() {
  const char *s = std::getenv("FLEETLP_TEST_DEVICE");
  if (!s || !*s || std::strcmp(s, "cpu") == 0) return "cpu";
  if (std::strcmp(s, "gpu") == 0) return "gpu";
  if (std::strcmp(s, "auto") == 0) return "auto";
  std::fprintf(stderr, "FLEETLP_TEST_DEVICE=%s is not cpu, gpu or auto: using cpu\n", s);
  return "cpu";
}

inline flp_device test_device() {
  const std::string d = test_device_name();
  return d == "gpu" ? FLP_DEVICE_GPU : d == "auto" ? FLP_DEVICE_AUTO : FLP_DEVICE_CPU;
}

// CLI arguments with " --device <test device>" added to a `solve` or `plan`
// command that names no device itself (other commands take no --device).
inline std::string with_test_device(const std::string &args) {
  const bool solves = args.rfind("solve", 0) == 0 || args.rfind("plan", 0) == 0;
  if (!solves || args.find("--device") != std::string::npos) return args;
  return args + " --device " + test_device_name();
}

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
  s.device = test_device();
  return s;
}

}  // namespace flptest

#endif
