// End-to-end tests: LPs with a known answer (tests/support/kkt_gen) solved
// through flp_solve and through the fleetlp command.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "fleetlp_fleet.h"
#include "kkt_gen.h"
#include "log_capture.h"
#include "owned.h"
#include "row_share.h"
#include "test_settings.h"

namespace {

const double kInf = INFINITY;

using flptest::GenLP;
using flptest::Result;

void generate(GenLP &g, int rows, int cols, uint64_t seed, kkt_kind kind = KKT_OPTIMAL,
              bool maximize = false, int coef_exponent = 3, double density = 0.0) {
  kkt_options o;
  kkt_options_default(&o, rows, cols, seed);
  o.kind = kind;
  o.maximize = maximize ? 1 : 0;
  o.coef_exponent = coef_exponent;
  if (density > 0) o.density = density;
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
}

flp_settings settings(double tol) { return flptest::quiet_settings(tol); }

std::vector<double> times_A(const flp_problem &p, const double *x) {
  std::vector<double> ax(p.num_rows, 0.0);
  for (int32_t i = 0; i < p.num_rows; ++i)
    for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k) ax[i] += p.values[k] * x[p.col_idx[k]];
  return ax;
}

std::vector<double> times_At(const flp_problem &p, const double *y) {
  std::vector<double> aty(p.num_cols, 0.0);
  for (int32_t i = 0; i < p.num_rows; ++i)
    for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k) aty[p.col_idx[k]] += p.values[k] * y[i];
  return aty;
}

// ---- the generator itself: exact KKT, independent of the solver ------------

void expect_exact_kkt(const flp_problem &p, const kkt_certificate &c) {
  const double *x = c.x, *y = c.y, *r = c.r;
  std::vector<double> ax = times_A(p, x), aty = times_At(p, y);
  double dual = p.obj_offset, primal = p.obj_offset;
  for (int32_t j = 0; j < p.num_cols; ++j) {
    const double l = p.col_lower[j], u = p.col_upper[j];
    EXPECT_TRUE(l <= x[j] && x[j] <= u) << "column " << j;
    EXPECT_EQ(p.obj[j], aty[j] + r[j]) << "c = A'y + r fails at column " << j;
    if (r[j] > 0) { EXPECT_EQ(x[j], l) << "r > 0 off the lower bound at column " << j; }
    if (r[j] < 0) { EXPECT_EQ(x[j], u) << "r < 0 off the upper bound at column " << j; }
    dual += r[j] > 0 ? r[j] * l : r[j] < 0 ? r[j] * u : 0.0;
    primal += p.obj[j] * x[j];
  }
  for (int32_t i = 0; i < p.num_rows; ++i) {
    const double rl = p.row_lower[i], ru = p.row_upper[i];
    EXPECT_TRUE(rl <= ax[i] && ax[i] <= ru) << "row " << i;
    if (y[i] > 0) { EXPECT_EQ(ax[i], rl) << "y > 0 off the lower side at row " << i; }
    if (y[i] < 0) { EXPECT_EQ(ax[i], ru) << "y < 0 off the upper side at row " << i; }
    dual += y[i] > 0 ? y[i] * rl : y[i] < 0 ? y[i] * ru : 0.0;
  }
  EXPECT_TRUE(std::isfinite(dual));
  EXPECT_EQ(primal, dual);
  EXPECT_EQ(primal, c.min_objective);
  EXPECT_EQ(c.objective, p.objective_sense == -1 ? -primal : primal);
}

// Farkas ray w: A'w = 0, w only on finite sides, and the bound it proves > 0.
void expect_exact_farkas(const flp_problem &p, const kkt_certificate &c) {
  std::vector<double> aw = times_At(p, c.dual_ray);
  for (int32_t j = 0; j < p.num_cols; ++j) EXPECT_EQ(aw[j], 0.0) << "A'w at column " << j;
  double bound = 0.0;
  for (int32_t i = 0; i < p.num_rows; ++i) {
    const double w = c.dual_ray[i];
    if (w > 0) { ASSERT_TRUE(std::isfinite(p.row_lower[i])) << "row " << i; }
    if (w < 0) { ASSERT_TRUE(std::isfinite(p.row_upper[i])) << "row " << i; }
    bound += w > 0 ? w * p.row_lower[i] : w < 0 ? w * p.row_upper[i] : 0.0;
  }
  EXPECT_GT(bound, 0.0);
}

void expect_exact_ray(const flp_problem &p, const kkt_certificate &c) {
  const double *d = c.primal_ray;
  std::vector<double> ax = times_A(p, c.x), ad = times_A(p, d);
  double cd = 0.0;
  for (int32_t j = 0; j < p.num_cols; ++j) {
    EXPECT_TRUE(p.col_lower[j] <= c.x[j] && c.x[j] <= p.col_upper[j]) << "column " << j;
    if (d[j] > 0) { EXPECT_EQ(p.col_upper[j], kInf) << "column " << j; }
    if (d[j] < 0) { EXPECT_EQ(p.col_lower[j], -kInf) << "column " << j; }
    cd += p.obj[j] * d[j];
  }
  for (int32_t i = 0; i < p.num_rows; ++i) {
    EXPECT_TRUE(p.row_lower[i] <= ax[i] && ax[i] <= p.row_upper[i]) << "row " << i;
    if (ad[i] > 0) { EXPECT_EQ(p.row_upper[i], kInf) << "row " << i; }
    if (ad[i] < 0) { EXPECT_EQ(p.row_lower[i], -kInf) << "row " << i; }
  }
  EXPECT_LT(cd, 0.0);
}

TEST(KktGenerator, OptimalPairSatisfiesKktExactly) {
  for (uint64_t seed : {1u, 2u, 3u, 17u, 99u}) {
    const std::pair<int, int> sizes[] = {{1, 1}, {3, 2}, {30, 50}, {300, 500}, {200, 100}};
    for (auto [m, n] : sizes) {
      for (bool maximize : {false, true}) {
        GenLP g;
        generate(g, m, n, seed, KKT_OPTIMAL, maximize);
        flp_error err{};
        ASSERT_EQ(flp_problem_validate(&g.p, "generated", &err), FLP_OK) << err.msg;
        SCOPED_TRACE(testing::Message() << m << "x" << n << " seed " << seed << " max " << maximize);
        expect_exact_kkt(g.p, g.cert);
        EXPECT_EQ(g.p.objective_sense, maximize ? -1 : 1);
      }
    }
  }
}

TEST(KktGenerator, CoversEveryRowAndColumnKind) {
  GenLP g;
  generate(g, 300, 500, 5);
  const flp_problem &p = g.p;
  int rows[5] = {0}, cols[5] = {0}, ypos = 0, yneg = 0, rpos = 0, rneg = 0, inside = 0;
  for (int32_t i = 0; i < p.num_rows; ++i) {
    const double l = p.row_lower[i], u = p.row_upper[i];
    rows[l == u ? 0 : std::isfinite(l) && std::isfinite(u) ? 1 : std::isfinite(l) ? 2 : std::isfinite(u) ? 3 : 4]++;
    ypos += g.cert.y[i] > 0, yneg += g.cert.y[i] < 0;
  }
  for (int32_t j = 0; j < p.num_cols; ++j) {
    const double l = p.col_lower[j], u = p.col_upper[j], x = g.cert.x[j];
    cols[l == u ? 0 : std::isfinite(l) && std::isfinite(u) ? 1 : std::isfinite(l) ? 2 : std::isfinite(u) ? 3 : 4]++;
    rpos += g.cert.r[j] > 0, rneg += g.cert.r[j] < 0;
    inside += l < x && x < u;
  }
  for (int k = 0; k < 5; ++k) {
    EXPECT_GT(rows[k], 0) << "row kind " << k << " (eq, ranged, lower, upper, free)";
    EXPECT_GT(cols[k], 0) << "column kind " << k << " (fixed, boxed, lower, upper, free)";
  }
  EXPECT_GT(ypos, 0);
  EXPECT_GT(yneg, 0);
  EXPECT_GT(rpos, 0);
  EXPECT_GT(rneg, 0);
  EXPECT_GT(inside, 0);
}

TEST(KktGenerator, DeterministicForASeed) {
  GenLP a, b, c;
  generate(a, 40, 60, 123);
  generate(b, 40, 60, 123);
  generate(c, 40, 60, 124);
  ASSERT_EQ(a.p.nnz, b.p.nnz);
  EXPECT_EQ(0, std::memcmp(a.p.values, b.p.values, a.p.nnz * sizeof(double)));
  EXPECT_EQ(0, std::memcmp(a.p.col_idx, b.p.col_idx, a.p.nnz * sizeof(int32_t)));
  EXPECT_EQ(0, std::memcmp(a.p.obj, b.p.obj, a.p.num_cols * sizeof(double)));
  EXPECT_EQ(0, std::memcmp(a.p.row_lower, b.p.row_lower, a.p.num_rows * sizeof(double)));
  EXPECT_EQ(a.cert.min_objective, b.cert.min_objective);
  EXPECT_FALSE(a.p.nnz == c.p.nnz &&
               0 == std::memcmp(a.p.values, c.p.values, a.p.nnz * sizeof(double)));
}

TEST(KktGenerator, InfeasibleAndUnboundedCertificatesHoldExactly) {
  for (uint64_t seed : {1u, 2u, 3u, 4u, 5u, 6u}) {
    const std::pair<int, int> sizes[] = {{1, 1}, {5, 3}, {40, 60}, {200, 300}};
    for (auto [m, n] : sizes) {
      SCOPED_TRACE(testing::Message() << m << "x" << n << " seed " << seed);
      GenLP f, q, u;
      generate(f, m, n, seed, KKT_INFEASIBLE_FARKAS);
      generate(q, m, n, seed, KKT_INFEASIBLE_PAIR);
      generate(u, m, n, seed, KKT_UNBOUNDED);
      flp_error err{};
      ASSERT_EQ(flp_problem_validate(&f.p, "farkas", &err), FLP_OK) << err.msg;
      ASSERT_EQ(flp_problem_validate(&q.p, "pair", &err), FLP_OK) << err.msg;
      ASSERT_EQ(flp_problem_validate(&u.p, "ray", &err), FLP_OK) << err.msg;
      EXPECT_EQ(f.p.num_rows, m + 1);
      EXPECT_EQ(q.p.num_rows, m + 2);
      EXPECT_EQ(u.p.num_cols, n + 1);
      expect_exact_farkas(f.p, f.cert);
      expect_exact_farkas(q.p, q.cert);
      expect_exact_ray(u.p, u.cert);
    }
  }
}

// ---- solving generated LPs ---------------------------------------------------

// Checks an OPTIMAL result against the known optimum and the problem itself.
void expect_solution(const flp_problem &p, const flp_result &r, double known, double tol,
                     double obj_rel) {
  ASSERT_EQ(r.status, FLP_OPTIMAL) << flp_status_name(r.status) << " after " << r.iterations
                                   << " iterations";
  ASSERT_NE(r.x, nullptr);
  EXPECT_LE(std::fabs(r.primal_obj - known), obj_rel * (1.0 + std::fabs(known)))
      << "objective " << r.primal_obj << " known optimum " << known;
  double cx = 0.0;
  for (int32_t j = 0; j < p.num_cols; ++j) {
    cx += p.obj[j] * r.x[j];
    const double l = p.col_lower[j], u = p.col_upper[j], slack = 1e-9 * (1.0 + std::fabs(r.x[j]));
    EXPECT_TRUE(r.x[j] >= l - slack && r.x[j] <= u + slack)
        << "x[" << j << "] = " << r.x[j] << " outside [" << l << ", " << u << "]";
  }
  const double user_obj = p.objective_sense * (cx + p.obj_offset);
  EXPECT_NEAR(r.primal_obj, user_obj, 1e-9 * (1.0 + std::fabs(user_obj)))
      << "reported objective is not c'x + offset in the user's sense";
  std::vector<double> ax = times_A(p, r.x);
  double viol2 = 0.0, bnorm2 = 0.0;
  for (int32_t i = 0; i < p.num_rows; ++i) {
    const double l = p.row_lower[i], u = p.row_upper[i];
    const double v = ax[i] < l ? l - ax[i] : ax[i] > u ? ax[i] - u : 0.0;
    viol2 += v * v;
    if (std::isfinite(l)) bnorm2 += l * l;
    if (std::isfinite(u) && u != l) bnorm2 += u * u;
    if (r.row_activity) {
      EXPECT_NEAR(r.row_activity[i], ax[i], 1e-9 * (1.0 + std::fabs(ax[i]))) << "row " << i;
    }
  }
  EXPECT_LE(std::sqrt(viol2), 10.0 * tol * (1.0 + std::sqrt(bnorm2))) << "rows violated";
}

struct SolveCase {
  int rows, cols;
  uint64_t seed;
  double tol;
  int coef_exponent = 3;  // |A_ij| spans 2^(2e) * 15
  double density = 0.0;   // 0: about 8 entries per row
};

class GeneratedLP : public testing::TestWithParam<SolveCase> {};

TEST_P(GeneratedLP, SolvesToKnownOptimum) {
  const SolveCase c = GetParam();
  for (bool maximize : {false, true}) {
    SCOPED_TRACE(maximize ? "maximise" : "minimise");
    GenLP g;
    generate(g, c.rows, c.cols, c.seed, KKT_OPTIMAL, maximize, c.coef_exponent, c.density);
    flp_settings s = settings(c.tol);
    Result res;
    flp_error err{};
    ASSERT_EQ(flp_solve(&g.p, &s, &res.r, &err), FLP_OK) << err.msg;
    const double obj_rel = c.tol >= 1e-6 ? 10.0 * c.tol : 1e-6;
    expect_solution(g.p, res.r, g.cert.objective, c.tol, obj_rel);
    EXPECT_LE(std::fabs(res.r.dual_obj - g.cert.objective), obj_rel * (1.0 + std::fabs(g.cert.objective)))
        << "dual objective " << res.r.dual_obj;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Sizes, GeneratedLP,
    testing::Values(SolveCase{30, 50, 1, 1e-4}, SolveCase{30, 50, 2, 1e-4}, SolveCase{100, 150, 3, 1e-4},
                    SolveCase{150, 100, 4, 1e-4}, SolveCase{300, 500, 5, 1e-4},
                    SolveCase{300, 500, 6, 1e-4}, SolveCase{30, 50, 7, 1e-8},
                    SolveCase{60, 40, 8, 1e-8}, SolveCase{100, 150, 9, 1e-8},
                    SolveCase{300, 500, 10, 1e-8}, SolveCase{1000, 1500, 11, 1e-4},
                    SolveCase{200, 300, 12, 1e-8, 6}, SolveCase{200, 300, 13, 1e-4, 7},
                    SolveCase{60, 80, 14, 1e-8, 3, 0.3}, SolveCase{300, 200, 15, 1e-8, 5, 0.05}),
    [](const testing::TestParamInfo<SolveCase> &i) {
      return std::to_string(i.param.rows) + "x" + std::to_string(i.param.cols) + "_seed" +
             std::to_string(i.param.seed) + (i.param.tol < 1e-6 ? "_tol1e8" : "_tol1e4");
    });

// A Farkas ray proves infeasibility when, scaled to max |w| = 1, its weights
// sit on finite sides and the bound it proves on w'Ax beats what the column
// box allows. The sign convention is not fixed by the API, so either sign may pass.
double farkas_margin(const flp_problem &p, const double *ray, double sign, double *bad) {
  double scale = 0.0;
  for (int32_t i = 0; i < p.num_rows; ++i) scale = std::fmax(scale, std::fabs(ray[i]));
  if (!(scale > 0)) return -kInf;
  std::vector<double> w(p.num_rows);
  for (int32_t i = 0; i < p.num_rows; ++i) w[i] = sign * ray[i] / scale;
  std::vector<double> z = times_At(p, w.data());
  double lower = 0.0, upper = 0.0;
  *bad = 0.0;
  for (int32_t i = 0; i < p.num_rows; ++i) {
    if (w[i] > 0) std::isfinite(p.row_lower[i]) ? lower += w[i] * p.row_lower[i] : *bad += w[i];
    if (w[i] < 0) std::isfinite(p.row_upper[i]) ? lower += w[i] * p.row_upper[i] : *bad -= w[i];
  }
  for (int32_t j = 0; j < p.num_cols; ++j) {
    if (z[j] > 0) std::isfinite(p.col_upper[j]) ? upper += z[j] * p.col_upper[j] : *bad += z[j];
    if (z[j] < 0) std::isfinite(p.col_lower[j]) ? upper += z[j] * p.col_lower[j] : *bad -= z[j];
  }
  return lower - upper;
}

void expect_farkas(const flp_problem &p, const flp_result &r) {
  ASSERT_NE(r.dual_ray, nullptr) << "PRIMAL_INFEASIBLE without a dual ray";
  double bad_pos = 0, bad_neg = 0;
  const double pos = farkas_margin(p, r.dual_ray, 1.0, &bad_pos);
  const double neg = farkas_margin(p, r.dual_ray, -1.0, &bad_neg);
  const bool ok_pos = pos > 0 && bad_pos <= 1e-6 * pos, ok_neg = neg > 0 && bad_neg <= 1e-6 * neg;
  EXPECT_TRUE(ok_pos || ok_neg) << "dual ray does not prove infeasibility: margin " << pos << " (bad "
                                << bad_pos << "), negated " << neg << " (bad " << bad_neg << ")";
}

void expect_primal_ray(const flp_problem &p, const flp_result &r) {
  ASSERT_NE(r.primal_ray, nullptr) << "DUAL_INFEASIBLE without a primal ray";
  double scale = 0.0, cd = 0.0, bad = 0.0;
  for (int32_t j = 0; j < p.num_cols; ++j) scale = std::fmax(scale, std::fabs(r.primal_ray[j]));
  ASSERT_GT(scale, 0.0);
  std::vector<double> d(p.num_cols);
  for (int32_t j = 0; j < p.num_cols; ++j) {
    d[j] = r.primal_ray[j] / scale;
    cd += p.obj[j] * d[j];
    if (d[j] > 0 && std::isfinite(p.col_upper[j])) bad += d[j];
    if (d[j] < 0 && std::isfinite(p.col_lower[j])) bad -= d[j];
  }
  std::vector<double> ad = times_A(p, d.data());
  for (int32_t i = 0; i < p.num_rows; ++i) {
    if (ad[i] > 0 && std::isfinite(p.row_upper[i])) bad += ad[i];
    if (ad[i] < 0 && std::isfinite(p.row_lower[i])) bad -= ad[i];
  }
  EXPECT_LT(cd, 0.0) << "primal ray does not decrease the (minimisation) objective";
  EXPECT_LE(bad, 1e-6 * std::fabs(cd)) << "primal ray leaves the recession cone";
}

TEST(SolveE2E, PrimalInfeasibleWithCertificate) {
  for (kkt_kind kind : {KKT_INFEASIBLE_FARKAS, KKT_INFEASIBLE_PAIR}) {
    const std::tuple<int, int, int> cases[] = {{20, 30, 11}, {60, 90, 12}};
    for (auto [m, n, seed] : cases) {
      SCOPED_TRACE(testing::Message() << (kind == KKT_INFEASIBLE_PAIR ? "pair " : "farkas ") << m << "x"
                                      << n << " seed " << seed);
      GenLP g;
      generate(g, m, n, seed, kind);
      flp_settings s = settings(1e-4);
      Result res;
      flp_error err{};
      ASSERT_EQ(flp_solve(&g.p, &s, &res.r, &err), FLP_OK) << err.msg;
      ASSERT_NE(res.r.status, FLP_OPTIMAL) << "OPTIMAL reported for an infeasible LP";
      ASSERT_EQ(res.r.status, FLP_PRIMAL_INFEASIBLE) << flp_status_name(res.r.status);
      expect_farkas(g.p, res.r);
    }
  }
}

TEST(SolveE2E, UnboundedWithRay) {
  const std::tuple<int, int, int> cases[] = {{20, 30, 21}, {60, 90, 22}};
  for (auto [m, n, seed] : cases) {
    SCOPED_TRACE(testing::Message() << m << "x" << n << " seed " << seed);
    GenLP g;
    generate(g, m, n, seed, KKT_UNBOUNDED);
    // A ray takes 1-2M iterations here (5-10 s; several times that under the
    // sanitizers); the settings' iteration guard is far above that.
    flp_settings s = settings(1e-4);
    Result res;
    flp_error err{};
    ASSERT_EQ(flp_solve(&g.p, &s, &res.r, &err), FLP_OK) << err.msg;
    ASSERT_NE(res.r.status, FLP_OPTIMAL) << "OPTIMAL reported for an unbounded LP";
    ASSERT_EQ(res.r.status, FLP_DUAL_INFEASIBLE) << flp_status_name(res.r.status);
    expect_primal_ray(g.p, res.r);
  }
}

TEST(SolveE2E, IterationLimit) {
  GenLP g;
  generate(g, 100, 150, 31);
  flp_settings s = settings(1e-8);
  s.iteration_limit = 10;
  Result res;
  flp_error err{};
  ASSERT_EQ(flp_solve(&g.p, &s, &res.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(res.r.status, FLP_ITERATION_LIMIT) << flp_status_name(res.r.status);
  EXPECT_LE(res.r.iterations, 10);
  EXPECT_GT(res.r.iterations, 0);
  EXPECT_NE(res.r.x, nullptr) << "a limit still returns the last iterate";
}

// The summary at a limit names the row violated by the largest share of its
// own size; recomputed here from the returned x, independently of the solver.
TEST(SolveE2E, LimitSummaryNamesTheWorstRow) {
  GenLP g;
  generate(g, 100, 150, 31);
  flp_settings s = settings(1e-8);
  s.iteration_limit = 10;
  std::string log;
  Result res;
  flp_error err{};
  ASSERT_EQ(flptest::solve_logged(&g.p, &s, &res.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_ITERATION_LIMIT);
  int32_t worst;
  flptest::worst_row_share(g.p, res.r.x, &worst);
  ASSERT_GE(worst, 0) << "10 iterations cannot satisfy every row of this LP";
  std::string want = std::string("worst row   ") + g.p.row_names[worst] + ": violated by ";
  EXPECT_NE(log.find(want), std::string::npos) << want << "\n" << log;

  log.clear();
  s.iteration_limit = 0;
  s.tol = 1e-4;
  Result solved;
  ASSERT_EQ(flptest::solve_logged(&g.p, &s, &solved.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(solved.r.status, FLP_OPTIMAL);
  EXPECT_EQ(log.find("worst row"), std::string::npos) << "only a limit names a row:\n" << log;
}

// The time limit stops the solve at the first check at or past it, whatever
// the machine's speed: each check sleeps 40 ms (so the limit is passed after
// a few checks on any machine, however fast), and the history shows the stop
// at the first check past the limit (however slow: nothing is timed here).
struct SlowChecks {
  static void on_check(void *user, const flp_check_record *) {
    ++*static_cast<int *>(user);
    usleep(40000);
  }
};

TEST(SolveE2E, TimeLimit) {
  GenLP g;
  generate(g, 300, 500, 32);
  flp_settings s = settings(1e-10);
  s.iteration_limit = 0;
  s.time_limit = 0.2;
  int checks = 0;
  Result res;
  flp_error err{};
  flp_solver *solver = nullptr;
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver, &err), FLP_OK) << err.msg;
  flp_solver_set_check_callback(solver, SlowChecks::on_check, &checks);
  flp_rc rc = flp_solver_solve(solver, &res.r, &err);
  flp_solver_free(solver);
  ASSERT_EQ(rc, FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_TIME_LIMIT) << flp_status_name(res.r.status) << " after "
                                          << res.r.iterations << " iterations";
  ASSERT_EQ(res.r.history_len, checks);
  ASSERT_GE(res.r.history_len, 2);
  // 0.2 s of 40 ms sleeps: at most 6 checks (the sleep after the 6th is never reached)
  EXPECT_LE(res.r.history_len, 6);
  EXPECT_GE(res.r.history[res.r.history_len - 1].seconds, 0.2);
  EXPECT_LT(res.r.history[res.r.history_len - 2].seconds, 0.2);
  EXPECT_EQ(res.r.iterations, res.r.history[res.r.history_len - 1].iteration);
}

void solve_twice_identical(int threads) {
  GenLP g;
  generate(g, 120, 200, 41);
  flp_settings s = settings(1e-6);
  s.threads = threads;
  s.device = FLP_DEVICE_CPU;
  Result a, b;
  flp_error err{};
  ASSERT_EQ(flp_solve(&g.p, &s, &a.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_solve(&g.p, &s, &b.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(a.r.status, b.r.status);
  EXPECT_EQ(a.r.iterations, b.r.iterations);
  EXPECT_EQ(0, std::memcmp(&a.r.primal_obj, &b.r.primal_obj, sizeof(double)));
  EXPECT_EQ(0, std::memcmp(&a.r.dual_obj, &b.r.dual_obj, sizeof(double)));
  ASSERT_TRUE(a.r.x && b.r.x && a.r.y && b.r.y);
  EXPECT_EQ(0, std::memcmp(a.r.x, b.r.x, g.p.num_cols * sizeof(double)));
  EXPECT_EQ(0, std::memcmp(a.r.y, b.r.y, g.p.num_rows * sizeof(double)));
}

TEST(SolveE2E, DeterministicOneThread) { solve_twice_identical(1); }
TEST(SolveE2E, DeterministicTwoThreads) { solve_twice_identical(2); }

TEST(SolveE2E, RejectsNaNInput) {
  auto expect_rejected = [](void (*spoil)(flp_problem &), const char *what) {
    GenLP g;
    generate(g, 10, 15, 51);
    spoil(g.p);
    flp_settings s = settings(1e-4);
    Result res;
    flp_error err{};
    EXPECT_EQ(flp_solve(&g.p, &s, &res.r, &err), FLP_ERR_INPUT) << what;
    EXPECT_EQ(res.r.status, FLP_STATUS_UNSET) << what;
    EXPECT_GT(std::strlen(err.msg), 0u) << what;
  };
  expect_rejected([](flp_problem &p) { p.values[0] = NAN; }, "NaN coefficient");
  expect_rejected([](flp_problem &p) { p.obj[1] = NAN; }, "NaN objective");
  expect_rejected([](flp_problem &p) { p.col_lower[2] = NAN; }, "NaN column bound");
  expect_rejected([](flp_problem &p) { p.row_upper[3] = NAN; }, "NaN row bound");
  expect_rejected([](flp_problem &p) { p.obj_offset = NAN; }, "NaN offset");
  expect_rejected([](flp_problem &p) { p.values[0] = INFINITY; }, "infinite coefficient");
  expect_rejected([](flp_problem &p) { p.col_lower[0] = 1.0, p.col_upper[0] = 0.0; }, "lower > upper");
}

// ---- the fleetlp command ------------------------------------------------------

class Cli : public testing::Test {
 protected:
  std::string dir;

  void SetUp() override {
    std::string tmpl = testing::TempDir() + "fleetlp_e2e_XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir = buf.data();
  }
  void TearDown() override {
    if (!dir.empty() && !HasFailure()) {
      std::string cmd = "rm -rf '" + dir + "'";
      (void)std::system(cmd.c_str());
    }
  }

  std::string path(const std::string &name) const { return dir + "/" + name; }

  // Writes a generated LP as MPS; returns its path.
  std::string write(const GenLP &g, const std::string &name) {
    std::string p = path(name);
    EXPECT_EQ(kkt_write_mps(&g.p, p.c_str()), 0);
    return p;
  }

  // Runs `fleetlp ARGS`; returns the exit code, keeps stdout/stderr.
  int run(const std::string &args) {
    std::string cmd = std::string("'") + FLEETLP_CLI + "' " + flptest::with_test_device(args) +
                      " >'" + path("stdout") + "' 2>'" + path("stderr") + "'";
    int st = std::system(cmd.c_str());
    out = slurp(path("stdout"));
    err = slurp(path("stderr"));
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }

  static std::string slurp(const std::string &p) {
    std::ifstream f(p);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
  }

  std::string out, err;
};

// The number after "key": in a JSON text (NaN when missing).
double json_number(const std::string &json, const std::string &key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return NAN;
  at = json.find(':', at);
  if (at == std::string::npos) return NAN;
  const char *s = json.c_str() + at + 1;
  char *end = nullptr;
  double v = std::strtod(s, &end);
  return end == s ? NAN : v;
}

std::string json_string(const std::string &json, const std::string &key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return "";
  at = json.find(':', at);
  size_t q1 = json.find('"', at);
  size_t q2 = q1 == std::string::npos ? q1 : json.find('"', q1 + 1);
  if (q2 == std::string::npos) return "";
  return json.substr(q1 + 1, q2 - q1 - 1);
}

TEST_F(Cli, SolvesGeneratedMpsWithJsonAndSolution) {
  for (bool maximize : {false, true}) {
    SCOPED_TRACE(maximize ? "maximise" : "minimise");
    GenLP g;
    generate(g, 60, 100, 61, KKT_OPTIMAL, maximize);
    const std::string mps = write(g, maximize ? "max.mps" : "min.mps");
    const std::string json = path("out.json"), sol = path("sol.txt");
    ASSERT_EQ(run("solve '" + mps + "' --tol 1e-4 --threads 1 --quiet --json '" + json +
                  "' --solution '" + sol + "'"),
              0)
        << err;
    const std::string j = slurp(json);
    for (const char *key : {"status", "objective", "dual_objective", "iterations", "solve_seconds",
                            "total_seconds", "device", "primal_residual", "dual_residual", "gap"})
      EXPECT_NE(j.find(std::string("\"") + key + "\""), std::string::npos) << "JSON lacks " << key << ":\n" << j;
    EXPECT_EQ(json_string(j, "status"), "OPTIMAL") << j;
    const double obj = json_number(j, "objective"), known = g.cert.objective;
    EXPECT_LE(std::fabs(obj - known), 1e-3 * (1 + std::fabs(known))) << "objective " << obj << " vs " << known;
    for (const char *key : {"dual_objective", "iterations", "solve_seconds", "total_seconds",
                            "primal_residual", "dual_residual", "gap"})
      EXPECT_TRUE(std::isfinite(json_number(j, key))) << key << " is not a number:\n" << j;
    EXPECT_FALSE(json_string(j, "device").empty()) << j;

    std::string text = slurp(sol);
    ASSERT_FALSE(text.empty()) << "--solution wrote nothing";
    for (char &ch : text)
      if (ch == ',' || ch == ';' || ch == '"' || ch == '=' || ch == ':' || ch == '\t') ch = ' ';
    std::set<std::string> tokens;
    std::istringstream ts(text);
    for (std::string t; ts >> t;) tokens.insert(t);
    for (int32_t c = 0; c < g.p.num_cols; ++c)
      EXPECT_TRUE(tokens.count(g.p.col_names[c])) << "solution file lacks column " << g.p.col_names[c];
  }
}

TEST_F(Cli, ExitCodesForInfeasibleUnboundedAndLimits) {
  GenLP inf, unb, opt;
  generate(inf, 30, 40, 71, KKT_INFEASIBLE_FARKAS);
  generate(unb, 30, 40, 72, KKT_UNBOUNDED);
  generate(opt, 100, 150, 73);
  const std::string fi = write(inf, "infeasible.mps"), fu = write(unb, "unbounded.mps"),
                    fo = write(opt, "optimal.mps");
  // an iteration guard, not a time limit: the outcome must not depend on the machine
  EXPECT_EQ(run("solve '" + fi + "' --iter-limit 20000000 --threads 1 --quiet"), 10) << out << err;
  EXPECT_EQ(run("solve '" + fu + "' --iter-limit 20000000 --threads 1 --quiet --json '" +
                path("unbounded.json") + "'"),
            11)
      << out << err;
  EXPECT_EQ(run("solve '" + fo + "' --tol 1e-8 --iter-limit 10 --threads 1 --quiet"), 12) << out << err;
}

TEST_F(Cli, BadUsageAndBadInput) {
  EXPECT_EQ(run("solve"), 2) << "solve without a model\n" << out << err;
  EXPECT_FALSE(err.empty()) << "no message for a missing model";
  GenLP g;
  generate(g, 10, 12, 81);
  const std::string f = write(g, "small.mps");
  EXPECT_EQ(run("solve '" + f + "' --no-such-flag"), 2) << out << err;
  EXPECT_EQ(run("solve '" + f + "' --tol"), 2) << "--tol without a value\n" << out << err;
  EXPECT_EQ(run("solve '" + f + "' --tol abc"), 2) << out << err;
  EXPECT_EQ(run("solve '" + f + "' --device tpu"), 2) << out << err;
  EXPECT_EQ(run("solve '" + path("missing.mps") + "'"), 2) << out << err;
  EXPECT_NE(err.find("missing.mps"), std::string::npos) << "the message should name the file: " << err;
  {
    std::ofstream bad(path("bad.mps"));
    bad << "NAME bad\nROWS\n N obj\n Q r1\nCOLUMNS\n x obj 1 r1 1\nENDATA\n";
  }
  EXPECT_EQ(run("solve '" + path("bad.mps") + "'"), 2) << out << err;
  EXPECT_NE(err.find("bad.mps"), std::string::npos) << "the message should name the file: " << err;
}

// One definite outcome, chosen by what the library reports about this
// machine: with a usable CUDA backend the solve runs on it (exit 0, device
// named in the JSON); without one `--device gpu` is bad usage (exit 2) with
// a message that says so. Never "either".
bool cuda_usable() {
  char buf[4096];
  if (flp_describe_devices(buf, sizeof buf) != FLP_OK) return false;
  std::istringstream lines(buf);
  for (std::string l; std::getline(lines, l);)
    if (l.rfind("cuda", 0) == 0 && l.find(" usable:") != std::string::npos) return true;
  return false;
}

TEST_F(Cli, DeviceGpuRunsOnTheGpuOrIsRefused) {
  GenLP g;
  generate(g, 20, 30, 91);
  const std::string f = write(g, "gpu.mps"), json = path("gpu.json");
  const int rc = run("solve '" + f + "' --device gpu --quiet --json '" + json + "'");
  if (cuda_usable()) {
    ASSERT_EQ(rc, 0) << out << err;
    std::string dev = json_string(slurp(json), "device");
    for (char &ch : dev) ch = (char)std::tolower((unsigned char)ch);
    EXPECT_TRUE(dev.find("gpu") != std::string::npos || dev.find("cuda") != std::string::npos) << dev;
    return;
  }
  EXPECT_EQ(rc, 2) << "exit " << rc << "\n" << out << err;
  EXPECT_NE(err.find("no usable GPU"), std::string::npos) << "no clear message about the GPU: " << err;
}

}  // namespace
