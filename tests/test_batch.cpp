// Scenario batches (fleetlp.h: flp_batch): every scenario of a batch is what
// its solo solve is. On the CPU the batched step is bit-identical to single
// steps, so each scenario takes its solo path exactly: same status, same
// iterations, the same bits in x and y.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "fleetlp.h"
#include "gen_fleet.h"
#include "kkt_gen.h"
#include "log_capture.h"
#include "owned.h"
#include "test_settings.h"

namespace {

using flptest::GenLP;
using flptest::quiet_settings;

// Scenario data the caller owns (flp_scenarios borrows these vectors).
struct Scenarios {
  std::vector<double> obj, col_lower, col_upper, row_lower, row_upper;
  flp_scenarios sc{};
  void Bind(const flp_problem &p, int32_t K) {
    sc.count = K;
    sc.num_rows = p.num_rows;
    sc.num_cols = p.num_cols;
    sc.obj = obj.empty() ? nullptr : obj.data();
    sc.col_lower = col_lower.empty() ? nullptr : col_lower.data();
    sc.col_upper = col_upper.empty() ? nullptr : col_upper.data();
    sc.row_lower = row_lower.empty() ? nullptr : row_lower.data();
    sc.row_upper = row_upper.empty() ? nullptr : row_upper.data();
  }
};

struct Results {
  std::vector<flp_result> r;
  explicit Results(int32_t K) : r(static_cast<size_t>(K)) {}
  ~Results() {
    for (flp_result &x : r) flp_result_free(&x);
  }
};

void Generate(GenLP *g, int32_t m, int32_t n, uint64_t seed) {
  kkt_options o;
  kkt_options_default(&o, m, n, seed);
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g->p, &g->cert, &err), FLP_OK) << err.msg;
}

// K variants of p: costs moved by up to 20% and, with `columns`, column
// upper bounds raised (which changes what presolve fixes); row bounds
// relaxed. x* stays feasible, so most stay optimal.
void Perturb(const flp_problem &p, int32_t K, Scenarios *s, bool columns = true) {
  const size_t m = static_cast<size_t>(p.num_rows), n = static_cast<size_t>(p.num_cols);
  for (int32_t k = 0; k < K; ++k) {
    for (size_t j = 0; j < n; ++j) {
      s->obj.push_back(p.obj[j] * (1.0 + 0.2 * std::sin(0.7 * static_cast<double>(j) + k)));
      s->col_lower.push_back(p.col_lower[j]);
      double u = p.col_upper[j];
      s->col_upper.push_back(columns && std::isfinite(u) ? u + 0.25 * k : u);
    }
    for (size_t i = 0; i < m; ++i) {
      double l = p.row_lower[i], u = p.row_upper[i], slack = 0.1 * (k % 3);
      s->row_lower.push_back(std::isfinite(l) ? l - slack : l);
      s->row_upper.push_back(std::isfinite(u) ? u + slack : u);
    }
  }
  s->Bind(p, K);
}

void SolveSolo(const flp_problem &base, const flp_scenarios &sc, int32_t k, const flp_settings &st,
               flp_result *res) {
  flp_problem p{};
  flp_error err{};
  ASSERT_EQ(flp_scenario_problem(&base, &sc, k, &p, &err), FLP_OK) << err.msg;
  flp_rc rc = flp_solve(&p, &st, res, &err);
  flp_problem_free(&p);
  ASSERT_EQ(rc, FLP_OK) << err.msg;
}

// On the CPU a batched step is bit-identical to single ones; a GPU's SpMM
// sums in another order than its SpMV (FLEETLP_TEST_DEVICE=gpu).
bool Exact() { return flptest::test_device() == FLP_DEVICE_CPU; }

void ExpectSameBits(const char *what, const double *a, const double *b, int32_t len) {
  ASSERT_TRUE(a && b) << what;
  if (Exact()) EXPECT_EQ(std::memcmp(a, b, static_cast<size_t>(len) * sizeof(double)), 0) << what;
}

// Batch against solo, scenario by scenario, both from zero (no start from
// the base LP's point); returns how many were OPTIMAL.
int ExpectEqualsSolo(const flp_problem &base, const flp_scenarios &sc, const flp_settings &st,
                     std::string *log = nullptr) {
  Results batch(sc.count);
  flp_error err{};
  flp_batch *b = nullptr;
  flp_settings bst = st;
  bst.verbose = log != nullptr;
  bst.batch_warm_start = 0;
  EXPECT_EQ(flp_batch_create(&base, &sc, &bst, &b, &err), FLP_OK) << err.msg;
  if (!b) return -1;
  if (log) flp_batch_set_log(b, flptest::append_log_line, log);
  EXPECT_EQ(flp_batch_solve(b, batch.r.data(), &err), FLP_OK) << err.msg;
  flp_batch_free(b);
  int optimal = 0;
  for (int32_t k = 0; k < sc.count; ++k) {
    SCOPED_TRACE(testing::Message() << "scenario " << k);
    flptest::Result solo;
    SolveSolo(base, sc, k, st, &solo.r);
    const flp_result &r = batch.r[static_cast<size_t>(k)];
    EXPECT_EQ(r.status, solo.r.status) << flp_status_name(r.status);
    if (Exact()) {
      EXPECT_EQ(r.iterations, solo.r.iterations);
      EXPECT_EQ(r.restarts, solo.r.restarts);
      EXPECT_EQ(r.polish_iterations, solo.r.polish_iterations);
      EXPECT_EQ(r.primal_obj, solo.r.primal_obj);
      EXPECT_EQ(r.dual_obj, solo.r.dual_obj);
    } else if (r.status == FLP_OPTIMAL) {
      EXPECT_LE(std::fabs(r.primal_obj - solo.r.primal_obj) /
                    (1 + std::fabs(r.primal_obj) + std::fabs(solo.r.primal_obj)),
                2 * st.tol);
    }
    ExpectSameBits("x", r.x, solo.r.x, base.num_cols);
    ExpectSameBits("y", r.y, solo.r.y, base.num_rows);
    EXPECT_EQ(r.primal_ray != nullptr, solo.r.primal_ray != nullptr);
    EXPECT_EQ(r.dual_ray != nullptr, solo.r.dual_ray != nullptr);
    optimal += r.status == FLP_OPTIMAL;
  }
  return optimal;
}

TEST(Batch, EachScenarioIsItsSoloSolve) {
  GenLP g;
  Generate(&g, 60, 80, 11);
  Scenarios s;
  Perturb(g.p, 6, &s, false);
  for (double tol : {1e-4, 1e-8}) {
    SCOPED_TRACE(testing::Message() << "tol " << tol);
    std::string log;
    int optimal = ExpectEqualsSolo(g.p, s.sc, quiet_settings(tol), &log);
    EXPECT_GE(optimal, 4) << "the perturbation should keep most scenarios optimal";
    EXPECT_NE(log.find("6 share one matrix"), std::string::npos) << log;
    EXPECT_EQ(log.find("as given"), std::string::npos) << log;
    EXPECT_NE(log.find("6 of 6 scenarios finished"), std::string::npos) << log;
  }
}

// Column bounds that make presolve fix other columns in each scenario: the
// batch solves all as given, each then its solo solve without presolve, and
// within the tolerance of its solo solve with presolve.
TEST(Batch, ScenariosPresolvedApartAreSolvedAsGiven) {
  GenLP g;
  Generate(&g, 60, 80, 11);
  Scenarios s;
  Perturb(g.p, 6, &s);
  const double tol = 1e-6;
  flp_settings st = quiet_settings(tol);
  Results batch(6);
  std::string log;
  flp_settings bst = st;
  bst.verbose = 1;
  flp_batch *b = nullptr;
  flp_error err{};
  ASSERT_EQ(flp_batch_create(&g.p, &s.sc, &bst, &b, &err), FLP_OK) << err.msg;
  flp_batch_set_log(b, flptest::append_log_line, &log);
  ASSERT_EQ(flp_batch_solve(b, batch.r.data(), &err), FLP_OK) << err.msg;
  flp_batch_free(b);
  EXPECT_NE(log.find("every scenario is solved as given"), std::string::npos) << log;
  EXPECT_NE(log.find("base LP first: OPTIMAL"), std::string::npos) << log;
  EXPECT_NE(log.find("6 share one matrix"), std::string::npos) << log;
  for (int32_t k = 0; k < 6; ++k) {
    SCOPED_TRACE(testing::Message() << "scenario " << k);
    flptest::Result solo;
    SolveSolo(g.p, s.sc, k, st, &solo.r);
    const flp_result &r = batch.r[static_cast<size_t>(k)];
    EXPECT_EQ(r.status, solo.r.status);
    if (r.status == FLP_OPTIMAL)
      EXPECT_LE(std::fabs(r.primal_obj - solo.r.primal_obj) / (1 + std::fabs(r.primal_obj) + std::fabs(solo.r.primal_obj)),
                2 * tol);
  }
  flp_settings off = st;
  off.presolve = 0;
  EXPECT_GE(ExpectEqualsSolo(g.p, s.sc, off), 4);
}

TEST(Batch, TwoThreadsAndMoreThanOneGroup) {
  GenLP g;
  Generate(&g, 120, 150, 12);
  Scenarios s;
  Perturb(g.p, 35, &s, false);  // more than the CPU backend's group of 32
  flp_settings st = quiet_settings(1e-4);
  st.threads = 2;
  EXPECT_GE(ExpectEqualsSolo(g.p, s.sc, st), 20);
}

// Fleets converge in norm before every row is met: their polishes run in
// the batched steps too (the check that asks for one waits for it), and
// each scenario still takes its solo path bit for bit.
TEST(Batch, PolishesRunInTheBatchedSteps) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 60;
  o.slots = 12;
  o.classes = 4;
  flptest::GenFleet g;
  flp_error err{};
  ASSERT_EQ(flptest::generate_fleet(o, &g, &err), FLP_OK) << err.msg;
  const flp_problem &p = g.lp.problem;
  const flp_fleet &f = g.f;
  const size_t m = static_cast<size_t>(p.num_rows);
  Scenarios s;
  for (int k = 0; k < 4; ++k) {
    s.row_lower.insert(s.row_lower.end(), p.row_lower, p.row_lower + m);
    s.row_upper.insert(s.row_upper.end(), p.row_upper, p.row_upper + m);
    for (int32_t i = 0; i < f.num_classes * f.num_slots; ++i) {  // the demand rows
      double scale = 1.0 + 0.06 * (k - 1.5) * (1 + (i % 3));
      s.row_lower[k * m + static_cast<size_t>(i)] *= scale;
      s.row_upper[k * m + static_cast<size_t>(i)] *= scale;
    }
  }
  s.Bind(p, 4);
  flp_settings st = quiet_settings(1e-4);
  Results batch(4);
  flp_settings bst = st;
  bst.batch_warm_start = 0;
  ASSERT_EQ(flp_solve_batch(&p, &s.sc, &bst, batch.r.data(), &err), FLP_OK) << err.msg;
  int64_t polished = 0;
  for (const flp_result &r : batch.r) polished += r.polish_iterations;
  EXPECT_GT(polished, 0) << "no polish ran: the test would prove nothing";
  EXPECT_EQ(ExpectEqualsSolo(p, s.sc, st), 4);
}

// The default start from the base LP's point: each scenario's status is its
// solo solve's and its objective within the tolerance, in fewer iterations
// than the solo solves from zero take in all.
TEST(Batch, StartFromTheBaseLPsPoint) {
  GenLP g;
  Generate(&g, 60, 80, 11);
  Scenarios s;
  Perturb(g.p, 6, &s, false);
  const double tol = 1e-6;
  flp_settings st = quiet_settings(tol);
  ASSERT_EQ(st.batch_warm_start, 1) << "the default";
  Results batch(6);
  flp_error err{};
  ASSERT_EQ(flp_solve_batch(&g.p, &s.sc, &st, batch.r.data(), &err), FLP_OK) << err.msg;
  int64_t batch_iterations = 0, solo_iterations = 0;
  for (int32_t k = 0; k < 6; ++k) {
    SCOPED_TRACE(testing::Message() << "scenario " << k);
    flptest::Result solo;
    SolveSolo(g.p, s.sc, k, st, &solo.r);
    const flp_result &r = batch.r[static_cast<size_t>(k)];
    ASSERT_EQ(r.status, solo.r.status);
    if (r.status == FLP_OPTIMAL)
      EXPECT_LE(std::fabs(r.primal_obj - solo.r.primal_obj) / (1 + std::fabs(r.primal_obj) + std::fabs(solo.r.primal_obj)),
                2 * tol);
    batch_iterations += r.iterations;
    solo_iterations += solo.r.iterations;
  }
  EXPECT_LT(batch_iterations, solo_iterations);
}

// Feasible, primal infeasible and unbounded scenarios in one batch, with
// presolve (which reduces each to another matrix, so the batch solves them
// as given) and without.
TEST(Batch, MixedStatusesEachReportedCorrectly) {
  GenLP g;
  Generate(&g, 30, 40, 13);
  const flp_problem &p = g.p;
  const size_t m = static_cast<size_t>(p.num_rows), n = static_cast<size_t>(p.num_cols);
  Scenarios s;
  const double inf = INFINITY;
  for (int k = 0; k < 3; ++k) {
    s.obj.insert(s.obj.end(), p.obj, p.obj + n);
    s.col_lower.insert(s.col_lower.end(), p.col_lower, p.col_lower + n);
    s.col_upper.insert(s.col_upper.end(), p.col_upper, p.col_upper + n);
    s.row_lower.insert(s.row_lower.end(), p.row_lower, p.row_lower + m);
    s.row_upper.insert(s.row_upper.end(), p.row_upper, p.row_upper + m);
  }
  // 1: every column fixed at 0, row 0 asks for 1: A x = 0 cannot meet it
  for (size_t j = 0; j < n; ++j) s.col_lower[n + j] = s.col_upper[n + j] = 0.0;
  s.row_lower[m] = s.row_upper[m] = 1.0;
  // 2: every row free, column 0 free with cost -1: c'x falls without end
  for (size_t i = 0; i < m; ++i) s.row_lower[2 * m + i] = -inf, s.row_upper[2 * m + i] = inf;
  s.col_lower[2 * n] = -inf, s.col_upper[2 * n] = inf, s.obj[2 * n] = -1.0;
  s.Bind(p, 3);
  for (int presolve : {1, 0}) {
    SCOPED_TRACE(testing::Message() << "presolve " << presolve);
    flp_settings st = quiet_settings(1e-6);
    st.presolve = presolve;
    Results r(3);
    flp_error err{};
    ASSERT_EQ(flp_solve_batch(&p, &s.sc, &st, r.r.data(), &err), FLP_OK) << err.msg;
    EXPECT_EQ(r.r[0].status, FLP_OPTIMAL);
    EXPECT_NEAR(r.r[0].primal_obj, g.cert.objective, 1e-5 * (1 + std::fabs(g.cert.objective)));
    EXPECT_EQ(r.r[1].status, FLP_PRIMAL_INFEASIBLE);
    EXPECT_NE(r.r[1].dual_ray, nullptr) << "a checked Farkas certificate";
    EXPECT_EQ(r.r[2].status, FLP_DUAL_INFEASIBLE);
    EXPECT_NE(r.r[2].primal_ray, nullptr) << "a checked ray";
    if (!presolve) ExpectEqualsSolo(p, s.sc, st);  // with presolve the batch ran them as given
  }
}

// K = 1 is the ordinary solve, bit for bit.
TEST(Batch, OneScenarioIsTheOrdinarySolve) {
  GenLP g;
  Generate(&g, 50, 70, 14);
  flp_scenarios sc{};
  sc.count = 1;
  sc.num_rows = g.p.num_rows;
  sc.num_cols = g.p.num_cols;
  flp_settings st = quiet_settings(1e-6);
  Results b(1);
  flptest::Result solo;
  flp_error err{};
  ASSERT_EQ(flp_solve_batch(&g.p, &sc, &st, b.r.data(), &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_solve(&g.p, &st, &solo.r, &err), FLP_OK) << err.msg;
  EXPECT_EQ(b.r[0].status, FLP_OPTIMAL);
  EXPECT_EQ(b.r[0].iterations, solo.r.iterations);
  EXPECT_EQ(b.r[0].matrix_passes, solo.r.matrix_passes);
  EXPECT_EQ(b.r[0].primal_obj, solo.r.primal_obj);
  ExpectSameBits("x", b.r[0].x, solo.r.x, g.p.num_cols);
  ExpectSameBits("y", b.r[0].y, solo.r.y, g.p.num_rows);
}

TEST(Batch, BadScenariosNameThePartTheScenarioAndTheIndex) {
  GenLP g;
  Generate(&g, 10, 12, 15);
  Scenarios s;
  Perturb(g.p, 3, &s);
  flp_settings st = quiet_settings(1e-4);
  struct Case {
    std::vector<double> *v;
    size_t at;
    double value;
    const char *says;
  } cases[] = {
      {&s.row_lower, 2 * 10 + 4, NAN, "row_lower of scenario 2 (scenario-2), index 4"},
      {&s.col_lower, 1 * 12 + 5, 1e30, "scenario 1 (scenario-1), index 5: col_lower 1e+30 above col_upper"},
      {&s.obj, 7, INFINITY, "obj of scenario 0 (scenario-0), column 7"},
  };
  for (const Case &c : cases) {
    double keep = (*c.v)[c.at];
    (*c.v)[c.at] = c.value;
    flp_batch *b = nullptr;
    flp_error err{};
    EXPECT_EQ(flp_batch_create(&g.p, &s.sc, &st, &b, &err), FLP_ERR_INPUT);
    EXPECT_EQ(b, nullptr);
    EXPECT_NE(std::string(err.msg).find(c.says), std::string::npos) << err.msg;
    (*c.v)[c.at] = keep;
  }
  flp_scenarios wrong = s.sc;
  wrong.num_cols = 11;
  flp_batch *b = nullptr;
  flp_error err{};
  EXPECT_EQ(flp_batch_create(&g.p, &wrong, &st, &b, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("made for 10 rows x 11 columns"), std::string::npos) << err.msg;
  wrong = s.sc;
  wrong.count = 0;
  EXPECT_EQ(flp_batch_create(&g.p, &wrong, &st, &b, &err), FLP_ERR_INPUT);
}

TEST(Batch, InterruptStopsEveryScenario) {
  GenLP g;
  Generate(&g, 40, 50, 16);
  Scenarios s;
  Perturb(g.p, 4, &s);
  flp_settings st = quiet_settings(1e-8);
  flp_batch *b = nullptr;
  flp_error err{};
  ASSERT_EQ(flp_batch_create(&g.p, &s.sc, &st, &b, &err), FLP_OK) << err.msg;
  EXPECT_EQ(flp_batch_count(b), 4);
  flp_batch_interrupt(b);  // before the solve: each stops at its first check
  Results r(4);
  ASSERT_EQ(flp_batch_solve(b, r.r.data(), &err), FLP_OK) << err.msg;
  for (const flp_result &x : r.r) {
    EXPECT_EQ(x.status, FLP_INTERRUPTED);
    EXPECT_EQ(x.iterations, 0);
  }
  flp_batch_free(b);
}

struct Progress {
  std::vector<int32_t> finished;
  static void Record(void *user, int32_t done, int32_t count, int64_t) {
    auto *p = static_cast<Progress *>(user);
    EXPECT_EQ(count, 5);
    p->finished.push_back(done);
  }
};

TEST(Batch, ProgressCountsUpToAll) {
  GenLP g;
  Generate(&g, 40, 50, 17);
  Scenarios s;
  Perturb(g.p, 5, &s);
  flp_settings st = quiet_settings(1e-6);
  flp_batch *b = nullptr;
  flp_error err{};
  ASSERT_EQ(flp_batch_create(&g.p, &s.sc, &st, &b, &err), FLP_OK) << err.msg;
  Progress pr;
  flp_batch_set_progress(b, Progress::Record, &pr);
  Results r(5);
  ASSERT_EQ(flp_batch_solve(b, r.r.data(), &err), FLP_OK) << err.msg;
  flp_batch_free(b);
  ASSERT_FALSE(pr.finished.empty());
  EXPECT_EQ(pr.finished.back(), 5);
  for (size_t i = 1; i < pr.finished.size(); ++i) EXPECT_GE(pr.finished[i], pr.finished[i - 1]);
}

}  // namespace
