// The feasibility polish (host/core/polish.h): a solve that is converged in
// norm while rows are still off by more than the row guard allows moves x
// onto the rows, and keeps the moved point only when it meets every criterion.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <string>
#include <vector>

#include "fleetlp_io.h"
#include "gen_fleet.h"
#include "kkt_gen.h"
#include "log_capture.h"
#include "owned.h"
#include "row_share.h"
#include "temp_files.h"
#include "test_settings.h"
extern "C" {
#include "polish.h"
}

namespace {

using flptest::GenLP;
using flptest::Result;

void generate(GenLP &g, int rows, int cols, uint64_t seed) {
  kkt_options o;
  kkt_options_default(&o, rows, cols, seed);
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
}

double max_bound_violation(const flp_problem &p, const double *x) {
  double worst = 0;
  for (int32_t j = 0; j < p.num_cols; ++j)
    worst = std::fmax(worst, std::fmax(p.col_lower[j] - x[j], x[j] - p.col_upper[j]));
  return worst;
}

// From the known optimum moved off every row, the feasibility run of the
// solver object ends at a point that meets each row to 1e-8 of its size, inside the bounds, and near
// where it started.
TEST(Polish, FeasibilitySolveClosesEveryRow) {
  GenLP g;
  generate(g, 200, 300, 51);
  std::vector<double> start(g.cert.x, g.cert.x + g.p.num_cols);
  for (int32_t j = 0; j < g.p.num_cols; ++j) {
    double l = g.p.col_lower[j], u = g.p.col_upper[j];
    double moved = start[j] + ((j % 7) - 3) * 1e-2 * (1 + std::fabs(start[j]));
    start[j] = std::fmin(std::fmax(moved, l), u);
  }
  int32_t row;
  ASSERT_GT(flptest::worst_row_share(g.p, start.data(), &row), 1e-4) << "the start must be off the rows";

  flp_settings s = flptest::quiet_settings(1e-8);
  s.presolve = 0;
  flptest::Solver solver;
  Result res;
  flp_error err{};
  ASSERT_EQ(flp_solver_create(&g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_polish_from(solver.s, start.data(), 1000000, &res.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(res.r.status, FLP_OPTIMAL) << flp_status_name(res.r.status);
  EXPECT_LE(flptest::worst_row_share(g.p, res.r.x, &row), 1e-8) << "row " << row;
  EXPECT_LE(max_bound_violation(g.p, res.r.x), 0.0);
  double moved = 0, offset = 0;
  for (int32_t j = 0; j < g.p.num_cols; ++j) {
    moved += (res.r.x[j] - start[j]) * (res.r.x[j] - start[j]);
    offset += (g.cert.x[j] - start[j]) * (g.cert.x[j] - start[j]);
  }
  EXPECT_LE(std::sqrt(moved), 2 * std::sqrt(offset)) << "the polish should stay near its start";
}

// Asked for an objective to 1e-4 but every row to 1e-8 of its size, PDHG is
// converged in norm long before it closes the rows; the polish closes them.
// Checked from x here, and against the same solve without the polish.
TEST(Polish, MeetsATightRowGuardSoonerThanPdhgAlone) {
  GenLP g;
  generate(g, 100, 150, 31);
  flp_settings s = flptest::quiet_settings(1e-4);
  s.guard_tol = 1e-8;
  std::string log;
  Result with;
  flp_error err{};
  ASSERT_EQ(flptest::solve_logged(&g.p, &s, &with.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(with.r.status, FLP_OPTIMAL) << log;
  EXPECT_GT(with.r.polish_iterations, 0);
  EXPECT_NE(log.find("feasibility polish"), std::string::npos) << log;
  EXPECT_NE(log.find("; accepted"), std::string::npos) << log;
  int32_t row;
  EXPECT_LE(flptest::worst_row_share(g.p, with.r.x, &row), 1e-8) << "row " << row;
  EXPECT_LE(max_bound_violation(g.p, with.r.x), 0.0);
  EXPECT_LE(std::fabs(with.r.primal_obj - g.cert.objective), 1e-3 * (1 + std::fabs(g.cert.objective)));

  s.polish = 0;
  s.verbose = 0;
  Result without;
  ASSERT_EQ(flp_solve(&g.p, &s, &without.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(without.r.status, FLP_OPTIMAL);
  EXPECT_EQ(without.r.polish_iterations, 0);
  EXPECT_LT(with.r.iterations + with.r.polish_iterations, without.r.iterations);
}

// A generated 400 x 24 x 6 fleet.
void fleet_400x24(uint64_t seed, flptest::GenFleet *g) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 400;
  o.slots = 24;
  o.classes = 6;
  o.seed = seed;
  flp_error err{};
  ASSERT_EQ(flptest::generate_fleet(o, g, &err), FLP_OK) << err.msg;
}

// On a fleet the zero-objective polish mends the rows by raising dear
// allocations, and the gap then fails; run again on the main point's face
// (the columns its reduced costs call dear stay at their bounds), the polish
// at the same check is kept. Generated 400 x 24 x 6 fleet, seed 5 (one of
// the seeds where the face decides it; tuning.md, "The polish on the optimal
// face"), CPU, 1 thread: deterministic.
TEST(Polish, OnTheFaceAFleetPolishIsKeptWhereThePlainOneIsNot) {
  flptest::GenFleet g;
  fleet_400x24(5, &g);
  if (HasFatalFailure()) return;
  flp_error err{};
  flp_settings s = flptest::quiet_settings(1e-4);
  ASSERT_GT(s.polish_face, 0) << "the face is the default";
  std::string face_log, plain_log;
  Result face, plain;
  ASSERT_EQ(flptest::solve_logged(&g.lp.problem, &s, &face.r, &face_log, &err), FLP_OK) << err.msg;
  s.polish_face = 0;
  ASSERT_EQ(flptest::solve_logged(&g.lp.problem, &s, &plain.r, &plain_log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(face.r.status, FLP_OPTIMAL) << face_log;
  ASSERT_EQ(plain.r.status, FLP_OPTIMAL) << plain_log;
  EXPECT_LE(std::fabs(face.r.primal_obj - plain.r.primal_obj), 1e-3 * (1 + std::fabs(plain.r.primal_obj)));
  auto line_of = [](const std::string &log, const std::string &what) {
    size_t at = log.find(what);
    return at == std::string::npos ? std::string() : log.substr(at, log.find('\n', at) - at);
  };
  // the same first plain polish in both; then, with the face, a run on it that is kept
  const std::string first = line_of(plain_log, "feasibility polish, ");
  EXPECT_NE(first.find("; not kept"), std::string::npos) << plain_log;
  EXPECT_EQ(line_of(face_log, "feasibility polish, "), first) << face_log;
  EXPECT_NE(line_of(face_log, "feasibility polish on the face").find("; accepted"), std::string::npos)
      << face_log;
  EXPECT_EQ(plain_log.find("on the face"), std::string::npos) << "polish_face=0 has no face";
  EXPECT_LT(face.r.iterations, plain.r.iterations);
}

// Once a plain polish has met the rows at too high a cost (and the run on
// the face followed it), the solver's next polish goes to the face first
// (polish.h, s->polish_order). Generated 400 x 24 x 6 fleet, seed 2: two
// polishes, the first one's runs both not kept; CPU, 1 thread: deterministic.
// The polish lines of a log, grouped by the main run's iteration they were
// made at.
std::vector<std::vector<std::string>> polish_lines(const std::string &log) {
  std::vector<std::vector<std::string>> polishes;
  long last = -1;
  for (size_t at = log.find("notice: iteration "); at != std::string::npos;
       at = log.find("notice: iteration ", at + 1)) {
    const std::string line = log.substr(at, log.find('\n', at) - at);
    if (line.find("feasibility polish") == std::string::npos) continue;
    const long it = std::stol(line.substr(std::string("notice: iteration ").size()));
    if (it != last) polishes.emplace_back();
    polishes.back().push_back(line);
    last = it;
  }
  return polishes;
}

TEST(Polish, AfterAPlainRunThatCostTooMuchTheNextPolishBeginsOnTheFace) {
  flptest::GenFleet g;
  fleet_400x24(2, &g);
  if (HasFatalFailure()) return;
  flp_error err{};
  flp_settings s = flptest::quiet_settings(1e-4);
  std::string log;
  Result r, plain;
  ASSERT_EQ(flptest::solve_logged(&g.lp.problem, &s, &r.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(r.r.status, FLP_OPTIMAL) << log;
  const auto polishes = polish_lines(log);
  ASSERT_GE(polishes.size(), 2u) << log;
  ASSERT_EQ(polishes[0].size(), 2u) << log;
  EXPECT_NE(polishes[0][0].find("feasibility polish, "), std::string::npos) << "plain first: " << log;
  EXPECT_NE(polishes[0][0].find("; not kept"), std::string::npos) << log;
  EXPECT_NE(polishes[0][1].find("on the face"), std::string::npos) << log;
  for (size_t k = 1; k < polishes.size(); ++k)
    EXPECT_NE(polishes[k][0].find("on the face"), std::string::npos) << "the face first: " << log;
  EXPECT_NE(polishes.back().back().find("; accepted"), std::string::npos) << log;
  // the same answer as a solve that never runs on the face
  s.polish_face = 0;
  ASSERT_EQ(flptest::solve_logged(&g.lp.problem, &s, &plain.r, &log, &err), FLP_OK) << err.msg;
  ASSERT_EQ(plain.r.status, FLP_OPTIMAL) << log;
  EXPECT_LE(std::fabs(r.r.primal_obj - plain.r.primal_obj), 1e-3 * (1 + std::fabs(plain.r.primal_obj)));
}

// Where the face is too small for the rows (netlib's finnis at 1e-4: the
// run on it stops at its budget), a polish that begins there is followed by
// the plain run from the same point, and the solver goes back to plain
// first for good. The order is set by hand here (a re-solve or a batch's
// scenario would have learnt it); CPU, 1 thread: deterministic.
TEST(Polish, WhereTheFaceCannotMeetTheRowsThePlainRunFollowsAndStaysFirst) {
  const std::string path = flptest::data_dir() + "/netlib/finnis.mps.gz";
  struct stat st;
  if (stat(path.c_str(), &st) != 0) GTEST_SKIP() << "shared data not found at " << path;
  struct Problem {
    flp_problem p{};
    ~Problem() { flp_problem_free(&p); }
  } p;
  flp_error err{};
  ASSERT_EQ(flp_read_mps(path.c_str(), &p.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  flp_settings s = flptest::quiet_settings(1e-4);
  s.verbose = 1;
  flptest::Solver solver;
  ASSERT_EQ(flp_solver_create(&p.p, &s, &solver.s, &err), FLP_OK) << err.msg;
  std::string log;
  flp_solver_set_log(solver.s, flptest::append_log_line, &log);
  solver.s->polish_order = FLP_POLISH_FACE_FIRST;
  Result r;
  ASSERT_EQ(flp_solver_solve(solver.s, &r.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(r.r.status, FLP_OPTIMAL) << log;
  EXPECT_EQ(solver.s->polish_order, FLP_POLISH_FACE_SMALL);
  const auto polishes = polish_lines(log);
  ASSERT_GE(polishes.size(), 2u) << log;
  ASSERT_EQ(polishes[0].size(), 2u) << log;
  EXPECT_NE(polishes[0][0].find("polish on the face stopped"), std::string::npos) << log;
  EXPECT_NE(polishes[0][1].find("feasibility polish, "), std::string::npos) << "then plain: " << log;
  for (size_t k = 1; k < polishes.size(); ++k)
    EXPECT_NE(polishes[k][0].find("feasibility polish, "), std::string::npos) << "plain first: " << log;
}

}  // namespace
