// Small netlib models from the shared data folder, read with flp_read_mps and
// solved at 1e-4 against reference.csv; small infeasible models must never be
// reported OPTIMAL. Skipped when the data folder is absent.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "fleetlp_fleet.h"
#include "test_settings.h"

namespace {

std::string data_dir() {
  const char *env = std::getenv("FLEETLP_DATA_DIR");
  if (env && *env) return env;
#ifdef FLEETLP_DEFAULT_DATA_DIR
  return FLEETLP_DEFAULT_DATA_DIR;
#else
  return "../shared/data";
#endif
}

bool is_file(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// name -> (status, objective) from a reference.csv (name,status,objective).
std::map<std::string, std::pair<std::string, double>> read_reference(const std::string &path) {
  std::map<std::string, std::pair<std::string, double>> ref;
  std::ifstream f(path);
  std::string line;
  std::getline(f, line);  // header
  while (std::getline(f, line)) {
    std::stringstream ss(line);
    std::string name, status, obj;
    std::getline(ss, name, ',');
    std::getline(ss, status, ',');
    std::getline(ss, obj, ',');
    ref[name] = {status, obj.empty() ? NAN : std::strtod(obj.c_str(), nullptr)};
  }
  return ref;
}

struct Model {
  flp_problem p{};
  flp_result r{};
  ~Model() {
    flp_result_free(&r);
    flp_problem_free(&p);
  }
};

// Reads folder/name.mps.gz and solves it at 1e-4 in at most max_iterations
// (an iteration limit, not a time limit: with one thread the run, and so the
// test's outcome, is the same on a fast, a slow or a loaded machine), with
// `tweak` applied to the settings last.
void solve_model(const std::string &folder, const std::string &name, int64_t max_iterations, Model &m,
                 void (*tweak)(flp_settings &) = nullptr) {
  const std::string path = data_dir() + "/" + folder + "/" + name + ".mps.gz";
  if (!is_file(path)) GTEST_SKIP() << "shared data not found at " << path;
  flp_error err{};
  ASSERT_EQ(flp_read_mps(path.c_str(), &m.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  flp_settings s;
  flp_settings_default(&s);
  s.tol = 1e-4;
  s.time_limit = 0;
  s.iteration_limit = max_iterations;
  s.threads = 1;
  s.verbose = 0;
  s.device = flptest::test_device();
  if (tweak) tweak(s);
  ASSERT_EQ(flp_solve(&m.p, &s, &m.r, &err), FLP_OK) << name << ": " << err.msg;
}

class NetlibFeasible : public testing::TestWithParam<const char *> {};

TEST_P(NetlibFeasible, MatchesReferenceAt1e4) {
  const std::string name = GetParam();
  const std::string ref_path = data_dir() + "/netlib/reference.csv";
  if (!is_file(ref_path)) GTEST_SKIP() << "shared data not found at " << ref_path;
  auto ref = read_reference(ref_path);
  ASSERT_TRUE(ref.count(name)) << name << " missing from " << ref_path;
  const double want = ref[name].second;
  Model m;
  solve_model("netlib", name, 1000000, m);  // share2b, the slowest: 29,696
  if (HasFatalFailure() || IsSkipped()) return;
  ASSERT_EQ(m.r.status, FLP_OPTIMAL) << name << ": " << flp_status_name(m.r.status) << " after "
                                     << m.r.iterations << " iterations, " << m.r.solve_seconds << " s";
  EXPECT_LE(std::fabs(m.r.primal_obj - want), 1e-3 * (1.0 + std::fabs(want)))
      << name << ": objective " << m.r.primal_obj << ", reference " << want;
  std::cout << "[ netlib   ] " << name << ": " << m.r.primal_obj << " (reference " << want << "), "
            << m.r.iterations << " iterations, " << m.r.solve_seconds << " s\n";
}

INSTANTIATE_TEST_SUITE_P(Small, NetlibFeasible,
                         testing::Values("afiro", "adlittle", "sc50a", "sc50b", "blend", "kb2",
                                         "share2b", "sc105", "stocfor1"),
                         [](const testing::TestParamInfo<const char *> &i) { return std::string(i.param); });

class NetlibInfeasible : public testing::TestWithParam<const char *> {};

// The firm requirement is "never OPTIMAL"; PRIMAL_INFEASIBLE (with a ray) is
// what a good run reports, and a limit is tolerated but printed.
TEST_P(NetlibInfeasible, NeverOptimal) {
  const std::string name = GetParam();
  Model m;
  solve_model("infeasible", name, 1000000, m);  // klein1 runs to the limit
  if (HasFatalFailure() || IsSkipped()) return;
  ASSERT_NE(m.r.status, FLP_OPTIMAL) << name << " is infeasible but was reported OPTIMAL (objective "
                                     << m.r.primal_obj << ")";
  if (m.r.status == FLP_PRIMAL_INFEASIBLE) {
    EXPECT_NE(m.r.dual_ray, nullptr) << name << ": PRIMAL_INFEASIBLE without a dual ray";
  }
  std::cout << "[ infeas   ] " << name << ": " << flp_status_name(m.r.status) << " after "
            << m.r.iterations << " iterations, " << m.r.solve_seconds << " s"
            << (m.r.status == FLP_PRIMAL_INFEASIBLE ? "" : "  (not detected as infeasible)") << "\n";
}

// The smaller of the 29 (rows x columns): galenet 8x8, itest2 9x4,
// itest6 11x8, bgprtr 20x34, woodinfe 35x89, klein1 54x54, forest6 66x95,
// ex73a 193x211, ex72a 197x215, box1 231x261, bgdbg1 348x407. cplex2 (224x221)
// has its own test below: it fails this one.
INSTANTIATE_TEST_SUITE_P(Small, NetlibInfeasible,
                         testing::Values("galenet", "itest2", "itest6", "bgprtr", "woodinfe", "klein1",
                                         "forest6", "ex73a", "ex72a", "box1", "bgdbg1"),
                         [](const testing::TestParamInfo<const char *> &i) { return std::string(i.param); });

// cplex2 is infeasible only in exact arithmetic: some x within its bounds
// violates no row by more than 1.6e-11 (bench/min_violation.py), so a
// tolerance test cannot reject it and fleetlp reports OPTIMAL (a known
// failure of "never OPTIMAL", README). What must hold: the point meets the
// tolerance it claims, row by row too.
TEST(NetlibInfeasibleLimit, Cplex2OptimalOnlyWithinTolerance) {
  Model m;
  solve_model("infeasible", "cplex2", 1000000, m);
  if (HasFatalFailure() || IsSkipped()) return;
  std::cout << "[ infeas   ] cplex2: " << flp_status_name(m.r.status) << " (infeasible by 1.6e-11 only)\n";
  if (m.r.status != FLP_OPTIMAL) return;
  EXPECT_LE(m.r.rel_primal_res, 1e-4);
  EXPECT_LE(m.r.rel_dual_res, 1e-4);
  EXPECT_LE(m.r.rel_gap, 1e-4);
  double worst = 0;
  for (int32_t i = 0; i < m.p.num_rows; ++i) {
    double a = m.r.row_activity[i], lo = m.p.row_lower[i], hi = m.p.row_upper[i];
    if (a > hi) worst = std::fmax(worst, (a - hi) / (1.0 + std::fabs(hi)));
    if (a < lo) worst = std::fmax(worst, (lo - a) / (1.0 + std::fabs(lo)));
  }
  EXPECT_LE(worst, 1e-3) << "a row is violated beyond the per-row guard";
}

// The primal-weight guard: at a restart where one relative residual is more
// than weight_guard_ratio times both the other one (when that is not exactly
// zero) and the gap, the weight may not move away from the lagging side (up
// helps the primal residual, down the dual). Counted over the history of the
// first 60k iterations of greenbeb, a model that spends that long with its
// primal residual far behind; without the guard the PID controller does move
// the weight the wrong way there, so the test can tell the two apart.
struct GuardCount {
  int guarded = 0, wrong_way = 0;
};

GuardCount count_guarded_restarts(const flp_result &r, double ratio) {
  GuardCount g;
  for (int64_t k = 0; k + 1 < r.history_len; ++k) {
    const flp_check_record &at = r.history[k], &next = r.history[k + 1];
    if (!at.restarted) continue;
    const double p = at.rel_primal_res, d = at.rel_dual_res, gap = at.rel_gap;
    if (d > 0 && p > ratio * std::fmax(d, gap)) {
      g.guarded++;
      if (next.primal_weight < at.primal_weight) g.wrong_way++;
    } else if (p > 0 && d > ratio * std::fmax(p, gap)) {
      g.guarded++;
      if (next.primal_weight > at.primal_weight) g.wrong_way++;
    }
  }
  return g;
}

void first_60k_iterations(flp_settings &s) {
  s.iteration_limit = 60000;
}

void first_60k_iterations_unguarded(flp_settings &s) {
  first_60k_iterations(s);
  s.weight_guard_ratio = 0.0;
}

TEST(NetlibWeightGuard, WeightNeverMovesAwayFromALaggingResidual) {
  Model guarded, free;
  solve_model("netlib", "greenbeb", 60000, guarded, first_60k_iterations);
  if (HasFatalFailure() || IsSkipped()) return;
  solve_model("netlib", "greenbeb", 60000, free, first_60k_iterations_unguarded);
  if (HasFatalFailure()) return;
  flp_settings defaults;
  flp_settings_default(&defaults);
  const double ratio = defaults.weight_guard_ratio;
  ASSERT_GT(ratio, 0.0) << "the guard is off by default";
  GuardCount on = count_guarded_restarts(guarded.r, ratio);
  GuardCount off = count_guarded_restarts(free.r, ratio);
  std::cout << "[ guard    ] greenbeb, 60k iterations: " << on.guarded << " guarded restarts, "
            << on.wrong_way << " wrong way; unguarded " << off.guarded << ", " << off.wrong_way
            << " wrong way\n";
  EXPECT_GT(on.guarded, 0) << "no restart met the guard's condition: the test checks nothing";
  EXPECT_EQ(on.wrong_way, 0);
  EXPECT_GT(off.wrong_way, 0) << "the unguarded PID never moved the wrong way: the test cannot tell";
}

}  // namespace
