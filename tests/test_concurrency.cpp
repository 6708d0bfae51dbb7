// Solves at once (issue 22): eight threads, each solving its own LP through
// the C API (flp_solve and its own solver object), give bit for bit the
// answers of the same solves one at a time. The library keeps no globals, so
// this must hold; the ThreadSanitizer build checks it for data races
// (bench/tsan.sh). One CPU thread per solve, as in a batch of small LPs: the
// answers are then deterministic, and libgomp, which ThreadSanitizer does not
// understand, starts no threads of its own. In-memory problems only: HDF5 is
// not thread-safe.
#include <gtest/gtest.h>

#include <cstring>
#include <thread>
#include <vector>

#include "fleetlp.h"
#include "kkt_gen.h"
#include "owned.h"

namespace {

constexpr int kThreads = 8;

struct Answer {
  flp_rc rc = FLP_ERR_INTERNAL;
  flp_status status = FLP_STATUS_UNSET;
  int64_t iterations = -1;
  double primal = 0, dual = 0;
  std::vector<double> x, y;
  std::string error;
};

flp_settings one_thread() {
  flp_settings s;
  flp_settings_default(&s);
  s.device = FLP_DEVICE_CPU;
  s.threads = 1;
  s.verbose = 0;
  s.tol = 1e-6;
  s.iteration_limit = 2000000; /* a guard, not a clock: see test_settings.h */
  return s;
}

// Solves LP k: even ones through flp_solve, odd ones through a solver object
// that also re-solves after a change of the objective (both paths at once).
void solve(const flp_problem *p, int k, Answer *a) {
  flp_settings s = one_thread();
  flp_result r;
  memset(&r, 0, sizeof r);
  flp_error err{};
  if (k % 2 == 0) {
    a->rc = flp_solve(p, &s, &r, &err);
  } else {
    flp_solver *solver = nullptr;
    a->rc = flp_solver_create(p, &s, &solver, &err);
    if (a->rc == FLP_OK) a->rc = flp_solver_solve(solver, &r, &err);
    if (a->rc == FLP_OK) {
      std::vector<double> c(p->obj, p->obj + p->num_cols);
      for (double &v : c) v *= 1.01;
      flp_result_free(&r);
      memset(&r, 0, sizeof r);
      a->rc = flp_solver_set_objective(solver, c.data(), p->obj_offset, &err);
      if (a->rc == FLP_OK) a->rc = flp_solver_solve(solver, &r, &err);
    }
    flp_solver_free(solver);
  }
  a->error = err.msg;
  if (a->rc == FLP_OK) {
    a->status = r.status;
    a->iterations = r.iterations;
    a->primal = r.primal_obj;
    a->dual = r.dual_obj;
    a->x.assign(r.x, r.x + r.num_cols);
    a->y.assign(r.y, r.y + r.num_rows);
  }
  flp_result_free(&r);
}

TEST(Concurrency, EightThreadsGiveTheAnswersOfOneAtATime) {
  std::vector<flptest::GenLP> lps(kThreads);
  for (int k = 0; k < kThreads; ++k) {
    kkt_options o;
    kkt_options_default(&o, 60 + 10 * k, 90 + 7 * k, 500 + (uint64_t)k);
    o.maximize = k % 3 == 0;
    flp_error err{};
    ASSERT_EQ(kkt_generate(&o, &lps[k].p, &lps[k].cert, &err), FLP_OK) << err.msg;
  }
  std::vector<Answer> alone(kThreads), together(kThreads);
  for (int k = 0; k < kThreads; ++k) solve(&lps[k].p, k, &alone[k]);
  for (int round = 0; round < 3; ++round) {
    std::vector<std::thread> pool;
    for (int k = 0; k < kThreads; ++k) pool.emplace_back(solve, &lps[k].p, k, &together[k]);
    for (std::thread &t : pool) t.join();
    for (int k = 0; k < kThreads; ++k) {
      SCOPED_TRACE(testing::Message() << "round " << round << ", LP " << k);
      const Answer &a = alone[k], &b = together[k];
      ASSERT_EQ(a.rc, FLP_OK) << a.error;
      ASSERT_EQ(b.rc, FLP_OK) << b.error;
      EXPECT_EQ(a.status, FLP_OPTIMAL);
      EXPECT_EQ(a.status, b.status);
      EXPECT_EQ(a.iterations, b.iterations);
      EXPECT_EQ(0, std::memcmp(&a.primal, &b.primal, sizeof a.primal)) << a.primal << " vs " << b.primal;
      EXPECT_EQ(0, std::memcmp(&a.dual, &b.dual, sizeof a.dual));
      EXPECT_EQ(a.x, b.x);
      EXPECT_EQ(a.y, b.y);
    }
  }
}

}  // namespace
