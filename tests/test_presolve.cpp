// Presolve (host/core/presolve.h): each reduction on a small LP whose primal
// and dual solution are known by hand, the postsolve of both, and solves
// with and without presolve agreeing.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include <string>

#include "fleetlp_fleet.h"
#include "kkt_gen.h"
#include "log_capture.h"
extern "C" {
#include "kkt_host.h"
}
#include "owned.h"
#include "test_settings.h"
#include "presolve.h"

namespace {

const double kInf = INFINITY;

struct Presolved {
  flp_presolve pre{};
  ~Presolved() { flp_presolve_free(&pre); }
};

struct Triplet {
  int row, col;
  double value;
};

// Builds an LP from triplets, rows in order.
void build(flp_problem &p, int m, int n, const std::vector<Triplet> &a, const std::vector<double> &c,
           const std::vector<double> &l, const std::vector<double> &u, const std::vector<double> &rl,
           const std::vector<double> &ru) {
  flp_error err{};
  ASSERT_EQ(flp_problem_alloc(&p, m, n, (int64_t)a.size(), &err), FLP_OK) << err.msg;
  p.objective_sense = 1;
  int64_t k = 0;
  for (int i = 0; i < m; ++i) {
    for (const Triplet &t : a)
      if (t.row == i) {
        p.col_idx[k] = t.col;
        p.values[k++] = t.value;
      }
    p.row_ptr[i + 1] = k;
    p.row_lower[i] = rl[i];
    p.row_upper[i] = ru[i];
  }
  for (int j = 0; j < n; ++j) {
    p.obj[j] = c[j];
    p.col_lower[j] = l[j];
    p.col_upper[j] = u[j];
  }
}

/* min -x0 - x1 + x2 + x5 + 2 x6 + x7 - x8
 *   r0: x0 + x1 <= 2      x0, x1 in [1, 5]: forcing (both at 1), y0 = -1
 *   r1: 2 x2 >= 4         singleton: x2 >= 2, x2 in [0, 10]; y1 = 1/2
 *   r2: x2 + x3 <= 100    x3 in [0, 1]: redundant, y2 = 0 (x3 then empty, c = 0)
 *   r3: x4 + x5 + x6 >= 5 x4 fixed at 3; x5, x6 >= 0: stays, y3 = 1
 *   r4: x7 + x5 <= 10     x7 >= 0 with c > 0 only loosens r4: dominated at 0,
 *                         then r4 is a singleton on x5 (x5 <= 10), y4 = 0
 *   x8 in [0, 4], in no row, c < 0: at 4
 * Optimum: x = (1, 1, 2, 0, 3, 2, 0, 0, 4), objective -2. */
void every_reduction(flp_problem &p) {
  build(p, 5, 9,
        {{0, 0, 1}, {0, 1, 1}, {1, 2, 2}, {2, 2, 1}, {2, 3, 1}, {3, 4, 1}, {3, 5, 1}, {3, 6, 1},
         {4, 7, 1}, {4, 5, 1}},
        {-1, -1, 1, 0, 0, 1, 2, 1, -1}, {1, 1, 0, 0, 3, 0, 0, 0, 0},
        {5, 5, 10, 1, 3, kInf, kInf, kInf, 4}, {-kInf, 4, -kInf, 5, -kInf},
        {2, kInf, 100, kInf, 10});
}

TEST(Presolve, EveryReductionAndItsExactPostsolve) {
  flptest::GenLP lp;
  every_reduction(lp.p);
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(ps.pre.active) << (ps.pre.skipped ? ps.pre.skipped : "");
  const flp_problem &r = ps.pre.reduced;
  // left: r3 over x5, x6 (x5 <= 10 from r4)
  ASSERT_EQ(r.num_rows, 1);
  ASSERT_EQ(r.num_cols, 2);
  EXPECT_EQ(ps.pre.row_map[0], 3);
  EXPECT_EQ(ps.pre.col_map[0], 5);
  EXPECT_EQ(ps.pre.col_map[1], 6);
  EXPECT_DOUBLE_EQ(r.row_lower[0], 2.0);  // 5 - x4
  EXPECT_EQ(r.row_upper[0], kInf);
  EXPECT_DOUBLE_EQ(r.col_upper[0], 10.0);
  // -1 - 1 + 2 (x2) + 0 (x4's cost) - 4 (x8)
  EXPECT_DOUBLE_EQ(r.obj_offset, -4.0);

  const double xr[2] = {2, 0}, yr[1] = {1};
  std::vector<double> x(9), y(5);
  flp_postsolve(&ps.pre, xr, yr, x.data(), y.data());
  const double x_want[9] = {1, 1, 2, 0, 3, 2, 0, 0, 4}, y_want[5] = {-1, 0.5, 0, 1, 0};
  for (int j = 0; j < 9; ++j) EXPECT_DOUBLE_EQ(x[j], x_want[j]) << "x" << j;
  for (int i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(y[i], y_want[i]) << "y" << i;
}

// A batch's members hold the presolve matrices once (flp_presolve_matrices):
// a scenario of the same user matrix with other row bounds borrows them and
// postsolves as its own copy does; another matrix does not borrow them.
TEST(Presolve, ScenariosBorrowTheMatricesTheyHaveAlike) {
  flptest::GenLP lp;
  every_reduction(lp.p);
  std::vector<double> rl(lp.p.row_lower, lp.p.row_lower + 5);
  rl[3] = 6;  // r3: x4 + x5 + x6 >= 6, the same matrix
  flp_problem scen = lp.p;  // the user's matrix arrays, by identity
  scen.row_lower = rl.data();
  Presolved owner, member, alone, other;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &owner.pre, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_presolve_run(&scen, &member.pre, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_presolve_run(&scen, &alone.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(owner.pre.active && member.pre.active);
  flp_presolve_matrices held{};
  flp_presolve_lend(&owner.pre, &held);
  ASSERT_TRUE(owner.pre.borrowed);
  EXPECT_EQ(held.reduced.values, owner.pre.reduced.values);
  ASSERT_EQ(flp_presolve_borrow(&member.pre, &held), 1);
  EXPECT_EQ(member.pre.reduced.values, held.reduced.values);
  EXPECT_EQ(member.pre.col_val, held.col_val);
  EXPECT_DOUBLE_EQ(member.pre.reduced.row_lower[0], 3.0);  // its own bounds: 6 - x4
  const double xr[2] = {3, 0}, yr[1] = {1};
  std::vector<double> x(9), y(5), xa(9), ya(5);
  flp_postsolve(&member.pre, xr, yr, x.data(), y.data());
  flp_postsolve(&alone.pre, xr, yr, xa.data(), ya.data());
  for (int j = 0; j < 9; ++j) EXPECT_EQ(x[j], xa[j]) << "x" << j;
  for (int i = 0; i < 5; ++i) EXPECT_EQ(y[i], ya[i]) << "y" << i;
  // an LP of another matrix (a copy: not the same user matrix) keeps its own
  flptest::GenLP copy;
  every_reduction(copy.p);
  ASSERT_EQ(flp_presolve_run(&copy.p, &other.pre, &err), FLP_OK) << err.msg;
  EXPECT_EQ(flp_presolve_borrow(&other.pre, &held), 0);
  EXPECT_FALSE(other.pre.borrowed);
  // the members are freed first (Presolved), then what they borrowed
  flp_presolve_free(&owner.pre);
  flp_presolve_free(&member.pre);
  flp_presolve_matrices_free(&held);
}

/* min x0 + x1 + x2 + 3 x3
 *   r0: x0 - x1 = 1            x0 in [0, 10], x1 in [2, 10]: a doubleton;
 *                              x1 = x0 - 1 goes, x0 >= 3 comes from x1 >= 2
 *   r1: x1 + x2 + x3 >= 4      becomes x0 + x2 + x3 >= 5
 *   r2: x0 + x2 + x3 <= 20     x2, x3 in [0, 10]
 * Optimum x = (3, 2, 2, 0), objective 7; y = (1, 1, 0): x0 sits at the bound
 * it got from x1, so r0's dual zeroes x0's reduced cost and x1 keeps 1 > 0. */
TEST(Presolve, DoubletonEquationAndItsPostsolve) {
  flptest::GenLP lp;
  build(lp.p, 3, 4, {{0, 0, 1}, {0, 1, -1}, {1, 1, 1}, {1, 2, 1}, {1, 3, 1}, {2, 0, 1}, {2, 2, 1}, {2, 3, 1}},
        {1, 1, 1, 3}, {0, 2, 0, 0}, {10, 10, 10, 10}, {1, 4, -kInf}, {1, kInf, 20});
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(ps.pre.active) << (ps.pre.skipped ? ps.pre.skipped : "");
  const flp_problem &r = ps.pre.reduced;
  ASSERT_EQ(r.num_rows, 2);
  ASSERT_EQ(r.num_cols, 3);
  EXPECT_EQ(ps.pre.col_map[0], 0);
  EXPECT_DOUBLE_EQ(r.col_lower[0], 3.0);
  EXPECT_DOUBLE_EQ(r.obj[0], 2.0);
  EXPECT_DOUBLE_EQ(r.obj_offset, -1.0);
  EXPECT_DOUBLE_EQ(r.row_lower[0], 5.0);
  ASSERT_EQ(r.row_ptr[1] - r.row_ptr[0], 3);  // x0 filled into r1
  const double xr[3] = {3, 2, 0}, yr[2] = {1, 0};
  std::vector<double> x(4), y(3);
  flp_postsolve(&ps.pre, xr, yr, x.data(), y.data());
  const double x_want[4] = {3, 2, 2, 0}, y_want[3] = {1, 1, 0};
  for (int j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(x[j], x_want[j]) << "x" << j;
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(y[i], y_want[i]) << "y" << i;
}

/* min -x0 - 2 x1 - x2 - x3/2, x >= 0
 *   r0: x0 + x1 + x2 <= 1   implies x0, x1, x2 <= 1
 *   r1: x0 + x1 <= 3        met by those implied bounds: removed, y1 = 0,
 *                           while r0, which it relied on, stays
 *   r2: x1 + x3 <= 2
 * No column has an upper bound, so no row is redundant by the bounds alone.
 * Optimum x = (0, 1, 0, 1), objective -2.5; y = (-1.5, 0, -0.5). */
TEST(Presolve, ARowTheOtherRowsImplyGoesWithDualZero) {
  flptest::GenLP lp;
  build(lp.p, 3, 4, {{0, 0, 1}, {0, 1, 1}, {0, 2, 1}, {1, 0, 1}, {1, 1, 1}, {2, 1, 1}, {2, 3, 1}},
        {-1, -2, -1, -0.5}, {0, 0, 0, 0}, {kInf, kInf, kInf, kInf}, {-kInf, -kInf, -kInf},
        {1, 3, 2});
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(ps.pre.active) << (ps.pre.skipped ? ps.pre.skipped : "");
  const flp_problem &r = ps.pre.reduced;
  ASSERT_EQ(r.num_rows, 2);
  ASSERT_EQ(r.num_cols, 4);
  EXPECT_EQ(ps.pre.row_map[0], 0);
  EXPECT_EQ(ps.pre.row_map[1], 2);
  for (int j = 0; j < 4; ++j) EXPECT_EQ(r.col_upper[j], kInf) << "the implied bounds stay out of the LP";
  const double xr[4] = {0, 1, 0, 1}, yr[2] = {-1.5, -0.5};
  std::vector<double> x(4), y(3);
  flp_postsolve(&ps.pre, xr, yr, x.data(), y.data());
  const double y_want[3] = {-1.5, 0, -0.5};
  for (int j = 0; j < 4; ++j) EXPECT_DOUBLE_EQ(x[j], xr[j]) << "x" << j;
  for (int i = 0; i < 3; ++i) EXPECT_DOUBLE_EQ(y[i], y_want[i]) << "y" << i;

  flp_settings st = flptest::quiet_settings(1e-8);
  flptest::Result res;
  ASSERT_EQ(flp_solve(&lp.p, &st, &res.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_OPTIMAL);
  EXPECT_NEAR(res.r.primal_obj, -2.5, 1e-7);
  EXPECT_NEAR(res.r.y[1], 0.0, 1e-9);
}

// Two rows that each the other would imply (the same row twice, and a
// row between two copies of a bound): one of each pair stays, so the
// reduced LP keeps the user's feasible set.
TEST(Presolve, OfTwoRowsThatImplyEachOtherOneStays) {
  flptest::GenLP lp;
  // r0 and r1: x0 + x1 <= 1 twice; r2: x0 + 2 x1 >= -5 (x >= 0: redundant by the bounds)
  build(lp.p, 3, 2, {{0, 0, 1}, {0, 1, 1}, {1, 0, 1}, {1, 1, 1}, {2, 0, 1}, {2, 1, 2}}, {-1, -1},
        {0, 0}, {kInf, kInf}, {-kInf, -kInf, -5}, {1, 1, kInf});
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(ps.pre.active) << (ps.pre.skipped ? ps.pre.skipped : "");
  EXPECT_GE(ps.pre.reduced.num_rows, 1);
  bool kept = false;
  for (int i = 0; i < ps.pre.reduced.num_rows; ++i) kept |= ps.pre.row_map[i] <= 1;
  EXPECT_TRUE(kept);
  flp_settings st = flptest::quiet_settings(1e-8);
  flptest::Result res;
  ASSERT_EQ(flp_solve(&lp.p, &st, &res.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_OPTIMAL);
  EXPECT_NEAR(res.r.primal_obj, -1.0, 1e-7);
}

flp_settings quiet(double tol, int presolve) {
  flp_settings s = flptest::quiet_settings(tol);
  s.presolve = presolve;
  return s;
}

TEST(Presolve, SolveThroughPresolveIsCertifiedOnTheUsersLp) {
  flptest::GenLP lp;
  every_reduction(lp.p);
  flp_settings st = quiet(1e-8, 1);
  flptest::Result res;
  flp_error err{};
  ASSERT_EQ(flp_solve(&lp.p, &st, &res.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_OPTIMAL);
  ASSERT_EQ(res.r.num_rows, 5);
  ASSERT_EQ(res.r.num_cols, 9);
  EXPECT_NEAR(res.r.primal_obj, -2.0, 1e-7);
  EXPECT_NEAR(res.r.y[0], -1.0, 1e-6);
  EXPECT_NEAR(res.r.y[1], 0.5, 1e-6);
}

TEST(Presolve, ContradictingRowsLeaveTheProofToTheSolve) {
  // x0 >= 3 (a singleton row) and x0 + x1 <= 1: presolve stops, the solve certifies
  flptest::GenLP lp;
  build(lp.p, 2, 2, {{0, 0, 1}, {1, 0, 1}, {1, 1, 1}}, {1, 1}, {0, 0}, {10, 10}, {3, -kInf},
        {kInf, 1});
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  EXPECT_FALSE(ps.pre.active);
  ASSERT_NE(ps.pre.skipped, nullptr);
  flp_settings st = quiet(1e-6, 1);
  flptest::Result res;
  ASSERT_EQ(flp_solve(&lp.p, &st, &res.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(res.r.status, FLP_PRIMAL_INFEASIBLE);
  EXPECT_NE(res.r.dual_ray, nullptr);
}

// Generated LPs with every row and bound kind: with and without presolve the
// same known optimum; infeasible and unbounded ones keep their certificates
// in the user's LP.
TEST(Presolve, AgreesWithTheUnpresolvedSolveOnGeneratedLps) {
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    kkt_options o;
    kkt_options_default(&o, 40, 60, seed);
    flptest::GenLP g;
    flp_error err{};
    ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
    double obj[2];
    for (int on = 0; on <= 1; ++on) {
      flp_settings st = quiet(1e-8, on);
      flptest::Result res;
      ASSERT_EQ(flp_solve(&g.p, &st, &res.r, &err), FLP_OK) << err.msg;
      ASSERT_EQ(res.r.status, FLP_OPTIMAL) << "seed " << seed << " presolve " << on;
      obj[on] = res.r.primal_obj;
    }
    EXPECT_NEAR(obj[0], obj[1], 1e-6 * (1 + std::fabs(obj[0]))) << "seed " << seed;
  }
  for (kkt_kind kind : {KKT_INFEASIBLE_FARKAS, KKT_UNBOUNDED}) {
    kkt_options o;
    kkt_options_default(&o, 30, 40, 7);
    o.kind = kind;
    flptest::GenLP g;
    flp_error err{};
    ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
    flp_settings st = quiet(1e-6, 1);
    flptest::Result res;
    ASSERT_EQ(flp_solve(&g.p, &st, &res.r, &err), FLP_OK) << err.msg;
    if (kind == KKT_INFEASIBLE_FARKAS) {
      EXPECT_EQ(res.r.status, FLP_PRIMAL_INFEASIBLE);
      EXPECT_NE(res.r.dual_ray, nullptr);
    } else {
      EXPECT_EQ(res.r.status, FLP_DUAL_INFEASIBLE);
      EXPECT_NE(res.r.primal_ray, nullptr);
    }
  }
}

// An infeasible LP that presolve reduces: the Farkas ray found on the reduced
// LP is postsolved into one of the LP as given (no second solve), and passes
// the certificate check there.
TEST(Presolve, FarkasRayIsPostsolvedAndCheckedOnTheUsersLp) {
  flptest::GenLP lp;
  // r0: x0 + x1 + x2 >= 4, r1: x0 + x1 + x2 <= 3 (infeasible pair),
  // r2: 2 x3 >= 2 (singleton), r3: x0 + x3 - x4 = 1 (x4 fixed at 0)
  build(lp.p, 4, 5, {{0, 0, 1}, {0, 1, 1}, {0, 2, 1}, {1, 0, 1}, {1, 1, 1}, {1, 2, 1}, {2, 3, 2},
                     {3, 0, 1}, {3, 3, 1}, {3, 4, -1}},
        {1, 1, 1, 1, 0}, {0, 0, 0, 0, 0}, {kInf, kInf, kInf, kInf, 0}, {4, -kInf, 2, 1},
        {kInf, 3, kInf, kInf});
  Presolved ps;
  flp_error err{};
  ASSERT_EQ(flp_presolve_run(&lp.p, &ps.pre, &err), FLP_OK) << err.msg;
  ASSERT_TRUE(ps.pre.active) << (ps.pre.skipped ? ps.pre.skipped : "");
  flp_settings st = quiet(1e-6, 1);
  std::string log;
  flptest::Result res;
  ASSERT_EQ(flptest::solve_logged(&lp.p, &st, &res.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_PRIMAL_INFEASIBLE) << log;
  ASSERT_NE(res.r.dual_ray, nullptr);
  EXPECT_EQ(log.find("solving the LP as given"), std::string::npos) << log;
  std::vector<double> work(5);
  double quality;
  EXPECT_TRUE(flp_check_dual_ray(&lp.p, res.r.dual_ray, 1e-8, work.data(), &quality)) << quality;
}

}  // namespace
