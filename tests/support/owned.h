// Owners for the C objects tests make: a generated LP (with what the
// generator knows about it) and a solve result, each freed once.
#ifndef FLEETLP_TESTS_OWNED_H
#define FLEETLP_TESTS_OWNED_H

#include "fleetlp.h"
#include "kkt_gen.h"

namespace flptest {

struct GenLP {
  flp_problem p{};
  kkt_certificate cert{};
  GenLP() = default;
  GenLP(const GenLP &) = delete;
  GenLP &operator=(const GenLP &) = delete;
  ~GenLP() {
    flp_problem_free(&p);
    kkt_certificate_free(&cert);
  }
};

struct Result {
  flp_result r{};
  Result() = default;
  Result(const Result &) = delete;
  Result &operator=(const Result &) = delete;
  ~Result() { flp_result_free(&r); }
};

}  // namespace flptest

#endif
