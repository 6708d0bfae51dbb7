// A generated fleet and its LP, freed once (also when an assertion ends the
// test early): for tests that solve the fleet model's LP.
#ifndef FLEETLP_TESTS_GEN_FLEET_H
#define FLEETLP_TESTS_GEN_FLEET_H

#include "fleetlp_fleet.h"

namespace flptest {

struct GenFleet {
  flp_fleet f{};
  flp_fleet_lp lp{};
  GenFleet() = default;
  GenFleet(const GenFleet &) = delete;
  GenFleet &operator=(const GenFleet &) = delete;
  ~GenFleet() {
    flp_fleet_lp_free(&lp);
    flp_fleet_free(&f);
  }
};

// The fleet of o, and its LP without names.
inline flp_rc generate_fleet(const flp_fleet_gen_options &o, GenFleet *g, flp_error *err) {
  flp_rc rc = flp_fleet_generate(&o, &g->f, err);
  return rc == FLP_OK ? flp_fleet_build(&g->f, FLP_FLEET_NAMES_OFF, &g->lp, err) : rc;
}

}  // namespace flptest

#endif
