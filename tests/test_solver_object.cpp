// The solver object (fleetlp.h): set up once, change data, solve again; the
// settings table; interrupt from another thread.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "fleetlp_fleet.h"
#include "gen_fleet.h"
#include "kkt_gen.h"
#include "owned.h"
#include "problem.h"
#include "test_settings.h"

namespace {

using flptest::GenLP;
using flptest::Result;
using flptest::Solver;

void generate(GenLP &g, int rows, int cols, uint64_t seed, bool maximize = false) {
  kkt_options o;
  kkt_options_default(&o, rows, cols, seed);
  o.maximize = maximize ? 1 : 0;
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
}

flp_settings settings(double tol = 1e-6) {
  flp_settings s = flptest::quiet_settings(tol);
  s.device = FLP_DEVICE_CPU;
  return s;
}

// ---- the settings table ---------------------------------------------------------

// Sets the setting to a value other than its default that validation
// accepts (the library's own rules decide); false when none was found.
bool set_other_value(const flp_setting_info *in, flp_settings *s, double *v) {
  const double d = in->default_value;
  const double tries[] = {d * 0.5, d * 1.5, d + 1, d - 1, 0, 1, 0.5};
  for (double t : tries) {
    flp_settings copy = *s;
    if (t == d || flp_settings_set_real(&copy, in->name, t, nullptr) != FLP_OK ||
        flp_settings_validate(&copy, nullptr) != FLP_OK)
      continue;
    *s = copy;
    *v = t;
    return true;
  }
  return false;
}

TEST(SettingsTable, EverySettingThatShapesTheIteratesChangesTheHash) {
  flp_settings base;
  flp_settings_default(&base);
  flp_error err{};
  ASSERT_EQ(flp_settings_validate(&base, &err), FLP_OK) << err.msg;
  const uint64_t h0 = flp_settings_hash(&base);
  ASSERT_GT(flp_settings_count(), 20);
  int shaping = 0;
  for (int i = 0; i < flp_settings_count(); ++i) {
    const flp_setting_info *in = flp_setting_at(i);
    SCOPED_TRACE(in->name);
    flp_settings s = base;
    double v;
    ASSERT_TRUE(set_other_value(in, &s, &v));
    double back;
    ASSERT_EQ(flp_settings_get_real(&s, in->name, &back, &err), FLP_OK);
    EXPECT_EQ(back, v);
    if (in->flags & FLP_SETTING_SHAPES_ITERATES) {
      ++shaping;
      EXPECT_NE(flp_settings_hash(&s), h0) << "changing it must change the checkpoint's tag";
    } else {
      EXPECT_EQ(flp_settings_hash(&s), h0) << "limits, device and output are not in the tag";
    }
  }
  EXPECT_GE(shaping, 20);
  for (const char *name : {"polish", "presolve", "tol", "guard_tol", "check_every"})
    EXPECT_TRUE(flp_setting_find(name)->flags & FLP_SETTING_SHAPES_ITERATES) << name;
}

TEST(SettingsTable, ByNameWithClearErrors) {
  flp_settings s;
  flp_settings_default(&s);
  flp_error err{};
  EXPECT_EQ(flp_settings_set(&s, "tol", "1e-6", &err), FLP_OK) << err.msg;
  EXPECT_EQ(s.tol, 1e-6);
  EXPECT_EQ(flp_settings_set(&s, "norm", "linf", &err), FLP_OK) << err.msg;
  EXPECT_EQ(s.norm, FLP_NORM_LINF);
  EXPECT_EQ(flp_settings_set(&s, "device", "cpu", &err), FLP_OK) << err.msg;
  EXPECT_EQ(s.device, FLP_DEVICE_CPU);
  EXPECT_EQ(flp_settings_set(&s, "polish", "off", &err), FLP_OK) << err.msg;
  EXPECT_EQ(s.polish, 0);
  EXPECT_EQ(flp_settings_set(&s, "iteration_limit", "5000000000", &err), FLP_OK) << err.msg;
  EXPECT_EQ(s.iteration_limit, 5000000000LL);
  char buf[64];
  ASSERT_EQ(flp_settings_format(&s, "norm", buf, sizeof buf, &err), FLP_OK);
  EXPECT_STREQ(buf, "linf");

  const flp_settings before = s;
  struct Bad {
    const char *name, *value, *says;
  } bad[] = {{"tol", "2", "tol"},          {"tol", "abc", "tol"},       {"check_every", "0", "check_every"},
             {"check_every", "1.5", "whole"}, {"norm", "l3", "norm"},   {"polish", "2", "polish"},
             {"nonsense", "1", "nonsense"}, {"step_safety", "nan", "step_safety"}};
  for (const Bad &b : bad) {
    EXPECT_EQ(flp_settings_set(&s, b.name, b.value, &err), FLP_ERR_INPUT) << b.name << "=" << b.value;
    EXPECT_NE(std::string(err.msg).find(b.says), std::string::npos) << err.msg;
  }
  EXPECT_EQ(std::memcmp(&before, &s, sizeof s), 0) << "a refused value changes nothing";
  s.pock_chambolle_alpha = 0.5;
  EXPECT_EQ(flp_settings_validate(&s, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("pock_chambolle_alpha"), std::string::npos) << err.msg;
}

TEST(SettingsTable, CreateValidatesBeforeAnyUpload) {
  GenLP g;
  generate(g, 20, 30, 1);
  flp_settings s = settings();
  s.restart_sufficient = 1.5;
  Solver solver;
  flp_error err{};
  EXPECT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_ERR_INPUT);
  EXPECT_EQ(solver.s, nullptr);
  EXPECT_NE(std::string(err.msg).find("restart_sufficient"), std::string::npos) << err.msg;
}

// ---- re-solves ------------------------------------------------------------------

// The changed LP solved cold, for comparison.
void cold_solve(const flp_problem &p, const flp_settings &s, flp_result *r) {
  flp_error err{};
  ASSERT_EQ(flp_solve(&p, &s, r, &err), FLP_OK) << err.msg;
}

void expect_same_answer(const flp_result &warm, const flp_result &cold, double tol) {
  ASSERT_EQ(warm.status, cold.status);
  if (cold.status != FLP_OPTIMAL) return;
  EXPECT_NEAR(warm.primal_obj, cold.primal_obj, 10 * tol * (1 + std::fabs(cold.primal_obj)));
}

enum class Change { Objective, RowBounds, ColBounds, Problem };

void apply(Change c, flp_problem &p, flp_solver *s, uint64_t salt) {
  flp_error err{};
  auto factor = [salt](int32_t k) { return ((k + salt) % 3 == 0) ? 1.05 : 1.0; };
  switch (c) {
  case Change::Objective:
    for (int32_t j = 0; j < p.num_cols; ++j) p.obj[j] *= factor(j);
    ASSERT_EQ(flp_solver_set_objective(s, p.obj, p.obj_offset + 1, &err), FLP_OK) << err.msg;
    p.obj_offset += 1;
    break;
  case Change::RowBounds:
  case Change::ColBounds:
  case Change::Problem: {
    bool rows = c != Change::ColBounds;
    int32_t len = rows ? p.num_rows : p.num_cols;
    double *lo = rows ? p.row_lower : p.col_lower, *hi = rows ? p.row_upper : p.col_upper;
    for (int32_t k = 0; k < len; ++k) {
      if (std::isfinite(lo[k])) lo[k] *= factor(k);
      if (std::isfinite(hi[k])) hi[k] *= factor(k);
      if (lo[k] > hi[k]) std::swap(lo[k], hi[k]);
    }
    if (c == Change::Problem) ASSERT_EQ(flp_solver_set_problem(s, &p, &err), FLP_OK) << err.msg;
    else if (rows) ASSERT_EQ(flp_solver_set_row_bounds(s, lo, hi, &err), FLP_OK) << err.msg;
    else ASSERT_EQ(flp_solver_set_col_bounds(s, lo, hi, &err), FLP_OK) << err.msg;
    break;
  }
  }
}

class Resolve : public testing::TestWithParam<Change> {};

// After each kind of change the re-solve (warm from the last point, on the
// same setup) equals a cold solve of the changed LP.
TEST_P(Resolve, EqualsAColdSolve) {
  const flp_settings s = settings(1e-6);
  for (uint64_t seed = 31; seed <= 33; ++seed) {
    SCOPED_TRACE(seed);
    GenLP g;
    generate(g, 120, 160, seed, seed % 2 == 0);
    Solver solver;
    flp_error err{};
    ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
    Result first;
    ASSERT_EQ(flp_solver_solve(solver.s, &first.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(first.r.status, FLP_OPTIMAL);
    apply(GetParam(), g.p, solver.s, seed);
    if (HasFatalFailure()) return;
    Result warm, cold;
    ASSERT_EQ(flp_solver_solve(solver.s, &warm.r, &err), FLP_OK) << err.msg;
    cold_solve(g.p, s, &cold.r);
    expect_same_answer(warm.r, cold.r, s.tol);
  }
}

std::string change_name(const testing::TestParamInfo<Change> &i) {
  static const char *const names[] = {"Objective", "RowBounds", "ColBounds", "Problem"};
  return names[static_cast<int>(i.param)];
}

INSTANTIATE_TEST_SUITE_P(Kinds, Resolve,
                         testing::Values(Change::Objective, Change::RowBounds, Change::ColBounds,
                                         Change::Problem),
                         change_name);

// The nightly case: yesterday's fleet with 5% more demand, or with prices
// 3-5% off, re-solved from yesterday's point needs fewer iterations than a
// cold solve of the changed LP (summed over six fleets: on one alone a warm
// start can lose), for the same plan.
void fleet_resolve(bool demand) {
  int64_t warm_total = 0, cold_total = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE(seed);
    flp_fleet_gen_options o;
    flp_fleet_gen_default(&o);
    o.nodes = 200;
    o.slots = 24;
    o.classes = 6;
    o.seed = seed;
    flptest::GenFleet g;
    flp_error err{};
    ASSERT_EQ(flptest::generate_fleet(o, &g, &err), FLP_OK) << err.msg;
    flp_problem &p = g.lp.problem;
    const flp_fleet &f = g.f;
    const flp_settings s = settings(1e-4);
    Solver solver;
    Result first, warm, cold;
    ASSERT_EQ(flp_solver_create(&p, &s, &solver.s, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_solver_solve(solver.s, &first.r, &err), FLP_OK) << err.msg;
    if (demand) {
      for (int32_t i = 0; i < f.num_classes * f.num_slots; ++i) { /* demand(k, t) rows */
        p.row_lower[i] *= 1.05;
        p.row_upper[i] *= 1.05;
      }
      ASSERT_EQ(flp_solver_set_row_bounds(solver.s, p.row_lower, p.row_upper, &err), FLP_OK);
    } else {
      for (int32_t j = 0; j < p.num_cols; ++j) p.obj[j] *= j % 2 ? 1.05 : 0.97;
      ASSERT_EQ(flp_solver_set_objective(solver.s, p.obj, p.obj_offset, &err), FLP_OK);
    }
    ASSERT_EQ(flp_solver_solve(solver.s, &warm.r, &err), FLP_OK) << err.msg;
    cold_solve(p, s, &cold.r);
    ASSERT_EQ(warm.r.status, FLP_OPTIMAL);
    ASSERT_EQ(cold.r.status, FLP_OPTIMAL);
    EXPECT_NEAR(warm.r.primal_obj, cold.r.primal_obj, 1e-3 * (1 + std::fabs(cold.r.primal_obj)));
    warm_total += warm.r.iterations;
    cold_total += cold.r.iterations;
  }
  EXPECT_LT(warm_total, cold_total);
  testing::Test::RecordProperty("warm_iterations", std::to_string(warm_total));
  testing::Test::RecordProperty("cold_iterations", std::to_string(cold_total));
}

TEST(FleetResolve, FivePercentMoreDemandIsFasterWarm) { fleet_resolve(true); }
TEST(FleetResolve, PricesOffByAFewPercentAreFasterWarm) { fleet_resolve(false); }

TEST(SolverObject, RejectsBadDataAndChangesNothing) {
  GenLP g;
  generate(g, 30, 40, 5);
  flp_settings s = settings();
  Solver solver;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  std::vector<double> c(g.p.obj, g.p.obj + g.p.num_cols);
  c[7] = NAN;
  EXPECT_EQ(flp_solver_set_objective(solver.s, c.data(), 0, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("[7]"), std::string::npos) << err.msg;
  std::vector<double> lo(g.p.row_lower, g.p.row_lower + g.p.num_rows);
  std::vector<double> hi(g.p.row_upper, g.p.row_upper + g.p.num_rows);
  lo[3] = 5;
  hi[3] = 4;
  EXPECT_EQ(flp_solver_set_row_bounds(solver.s, lo.data(), hi.data(), &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("[3]"), std::string::npos) << err.msg;
  const flp_problem *held = flp_solver_problem(solver.s);
  EXPECT_EQ(held->obj[7], g.p.obj[7]);
  EXPECT_EQ(held->row_lower[3], g.p.row_lower[3]);

  GenLP other;
  generate(other, 30, 41, 5);
  EXPECT_EQ(flp_solver_set_problem(solver.s, &other.p, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("shape"), std::string::npos) << err.msg;
  Result r;
  ASSERT_EQ(flp_solver_solve(solver.s, &r.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(r.r.status, FLP_OPTIMAL);
  EXPECT_NEAR(r.r.primal_obj, g.cert.objective, 1e-4 * (1 + std::fabs(g.cert.objective)));
}

// A re-solve without a change starts at the last point: it ends within a
// check or two, and a cold start asked for goes back to the full count.
// The hash that decides whether a re-solve keeps the device matrix sees
// every change of the matrix: one value, two signs at once (the high bits of
// two words), an index, an offset; and equal matrices hash alike.
TEST(SolverObject, MatrixHashSeesEveryChange) {
  GenLP g, h;
  generate(g, 60, 80, 5);
  generate(h, 60, 80, 5);
  ASSERT_GE(g.p.nnz, 3);
  const uint64_t base = flp_matrix_hash(&g.p);
  EXPECT_EQ(flp_matrix_hash(&h.p), base) << "the same matrix";
  h.p.values[0] = std::nextafter(h.p.values[0], INFINITY);
  EXPECT_NE(flp_matrix_hash(&h.p), base) << "one value by one ulp";
  h.p.values[0] = g.p.values[0];
  h.p.values[1] = -h.p.values[1], h.p.values[2] = -h.p.values[2];
  EXPECT_NE(flp_matrix_hash(&h.p), base) << "two signs";
  h.p.values[1] = g.p.values[1], h.p.values[2] = g.p.values[2];
  h.p.col_idx[0] ^= 1;
  EXPECT_NE(flp_matrix_hash(&h.p), base) << "an index";
  h.p.col_idx[0] = g.p.col_idx[0];
  ASSERT_EQ(flp_matrix_hash(&h.p), base);
  h.p.row_ptr[1] += 1;
  EXPECT_NE(flp_matrix_hash(&h.p), base) << "a row offset";
  h.p.row_ptr[1] -= 1;
}

TEST(SolverObject, SolveAgainStartsFromTheLastPoint) {
  GenLP g;
  generate(g, 150, 200, 8);
  flp_settings s = settings();
  Solver solver;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  Result a, b, c;
  ASSERT_EQ(flp_solver_solve(solver.s, &a.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_solver_solve(solver.s, &b.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_solver_set_warm_start(solver.s, nullptr, nullptr, &err), FLP_OK);
  ASSERT_EQ(flp_solver_solve(solver.s, &c.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(a.r.status, FLP_OPTIMAL);
  EXPECT_EQ(b.r.status, FLP_OPTIMAL);
  EXPECT_LE(b.r.iterations, 2 * s.check_every) << "first solve " << a.r.iterations;
  EXPECT_EQ(c.r.iterations, a.r.iterations) << "a cold start repeats the first solve";
  EXPECT_EQ(c.r.primal_obj, a.r.primal_obj);
  EXPECT_GT(a.r.matrix_passes, a.r.iterations);
}

TEST(SolverObject, NewSettingsWithoutANewSetup) {
  GenLP g;
  generate(g, 100, 150, 12);
  flp_settings s = settings(1e-4);
  Solver solver;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  Result loose, tight;
  ASSERT_EQ(flp_solver_solve(solver.s, &loose.r, &err), FLP_OK) << err.msg;
  s.tol = 1e-8;
  ASSERT_EQ(flp_solver_set_settings(solver.s, &s, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_solver_solve(solver.s, &tight.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(tight.r.status, FLP_OPTIMAL);
  EXPECT_LE(tight.r.rel_gap, 1e-8);
  EXPECT_NEAR(tight.r.primal_obj, g.cert.objective, 1e-6 * (1 + std::fabs(g.cert.objective)));
  s.presolve = 0; /* needs a new setup */
  ASSERT_EQ(flp_solver_set_settings(solver.s, &s, &err), FLP_OK) << err.msg;
  Result again;
  ASSERT_EQ(flp_solver_solve(solver.s, &again.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(again.r.status, FLP_OPTIMAL);
  // presolve's seconds are a part of the setup's, and none without presolve
  for (const Result *r : {&loose, &tight}) {
    EXPECT_GE(r->r.presolve_seconds, 0.0);
    EXPECT_LE(r->r.presolve_seconds, r->r.setup_seconds);
  }
  EXPECT_EQ(again.r.presolve_seconds, 0.0);
  s.tol = 7;
  EXPECT_EQ(flp_solver_set_settings(solver.s, &s, &err), FLP_ERR_INPUT);
}

// ---- interrupt ------------------------------------------------------------------

// From another thread, once the solve is under way (three checks seen): the
// solve stops at a next check with INTERRUPTED, and the object solves on
// normally afterwards.
TEST(SolverObject, InterruptFromAnotherThread) {
  GenLP g;
  generate(g, 400, 600, 17);
  flp_settings s = settings(1e-14); /* never met: only the interrupt ends it */
  s.time_limit = 0;
  s.iteration_limit = 50000000;
  s.polish = 0;
  Solver solver;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  std::atomic<int> checks{0};
  flp_solver_set_check_callback(
      solver.s, [](void *user, const flp_check_record *) { ++*static_cast<std::atomic<int> *>(user); },
      &checks);
  std::thread stopper([&] {
    while (checks.load() < 3) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    flp_solver_interrupt(solver.s);
  });
  Result r;
  ASSERT_EQ(flp_solver_solve(solver.s, &r.r, &err), FLP_OK) << err.msg;
  stopper.join();
  EXPECT_EQ(r.r.status, FLP_INTERRUPTED) << flp_status_name(r.r.status);
  EXPECT_LT(r.r.iterations, s.iteration_limit);
  ASSERT_NE(r.r.x, nullptr);

  s.tol = 1e-4;
  s.iteration_limit = 0;
  ASSERT_EQ(flp_solver_set_settings(solver.s, &s, &err), FLP_OK) << err.msg;
  Result next;
  ASSERT_EQ(flp_solver_solve(solver.s, &next.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(next.r.status, FLP_OPTIMAL) << "the request ended with the solve it stopped";
}

TEST(SolverObject, InterruptBeforeSolveStopsItAtTheFirstCheck) {
  GenLP g;
  generate(g, 50, 80, 2);
  flp_settings s = settings();
  Solver solver;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  flp_solver_interrupt(solver.s);
  Result r;
  ASSERT_EQ(flp_solver_solve(solver.s, &r.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(r.r.status, FLP_INTERRUPTED);
  EXPECT_EQ(r.r.iterations, 0);
  flp_solver_interrupt(nullptr); /* NULL-safe */
  flp_solver_free(nullptr);
}

}  // namespace
