// Owners for the C objects tests make: a generated LP (with what the
// generator knows about it), a solve result and a solver object, each freed once.
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

struct Solver {
  flp_solver *s = nullptr;
  Solver() = default;
  Solver(const Solver &) = delete;
  Solver &operator=(const Solver &) = delete;
  ~Solver() { flp_solver_free(s); }
};

// One solve through a fresh solver object, started from a warm start (x, y,
// either may be null) or a resume state (may be null), in ctx when given.
inline flp_rc solve_from(const flp_problem *p, const flp_settings *s, const double *x,
                         const double *y, const flp_checkpoint *resume, flp_result *res,
                         flp_error *err, flp_context *ctx = nullptr) {
  Solver solver;
  flp_rc rc = ctx ? flp_solver_create_in(ctx, p, s, &solver.s, err)
                  : flp_solver_create(p, s, &solver.s, err);
  if (rc == FLP_OK && (x || y)) rc = flp_solver_set_warm_start(solver.s, x, y, err);
  if (rc != FLP_OK) return rc;
  if (resume) flp_solver_set_resume(solver.s, resume);
  return flp_solver_solve(solver.s, res, err);
}

}  // namespace flptest

#endif
