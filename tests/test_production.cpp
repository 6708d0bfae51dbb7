// Production runs (issue 7): checkpoint and bit-identical resume, refusal of
// checkpoints that belong to another problem, settings or version, warm
// start, and batches of LPs in one process.
#include <gtest/gtest.h>
#include <hdf5.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fleetlp_fleet.h"
#include "h5_reseal.h"
#include "kkt_gen.h"
#include "owned.h"
#include "temp_files.h"

namespace {

using flptest::TempDir;

using flptest::GenLP;
using flptest::Result;

void generate(GenLP &g, int rows, int cols, uint64_t seed, bool maximize = false) {
  kkt_options o;
  kkt_options_default(&o, rows, cols, seed);
  o.maximize = maximize ? 1 : 0;
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
}

flp_settings base_settings(int threads, double tol = 1e-7) {
  flp_settings s;
  flp_settings_default(&s);
  s.tol = tol;
  s.threads = threads;
  s.device = FLP_DEVICE_CPU;
  s.verbose = 0;
  s.time_limit = 0; /* no test outcome may depend on the machine's speed */
  return s;
}

// Stops the solve at a given check (counted over on_check calls, which a
// resume replays for the restored history) and writes checkpoints to a file.
struct Harness {
  int64_t checks = 0, stop_at = -1;
  int64_t written = 0;
  std::string path;
  flp_settings s{};
  flp_solver *solver = nullptr;

  static void on_check(void *user, const flp_check_record *) {
    auto *h = static_cast<Harness *>(user);
    if (++h->checks == h->stop_at) flp_solver_interrupt(h->solver);
  }
  static flp_rc write(void *user, const flp_checkpoint *c, flp_error *err) {
    auto *h = static_cast<Harness *>(user);
    flp_rc rc = flp_checkpoint_write(c, h->path.c_str(), err);
    if (rc == FLP_OK) h->written++;
    return rc;
  }
  Harness(const flp_settings &base, const std::string &file, int64_t at) : stop_at(at), path(file) {
    s = base;
  }
  // Solves p with the hooks above, from `resume` when given.
  flp_rc solve(const flp_problem *p, flp_result *res, flp_error *err,
               const flp_checkpoint *resume = nullptr) {
    flp_rc rc = flp_solver_create(p, &s, &solver, err);
    if (rc != FLP_OK) return rc;
    flp_solver_set_check_callback(solver, on_check, this);
    flp_solver_set_checkpoint_sink(solver, write, this);
    if (resume) flp_solver_set_resume(solver, resume);
    rc = flp_solver_solve(solver, res, err);
    flp_solver_free(solver);
    solver = nullptr;
    return rc;
  }
};

void expect_same_run(const flp_result &a, const flp_result &b) {
  EXPECT_EQ(a.status, b.status);
  EXPECT_EQ(a.iterations, b.iterations);
  EXPECT_EQ(a.restarts, b.restarts);
  EXPECT_EQ(a.primal_obj, b.primal_obj);  // bit for bit, not approximately
  EXPECT_EQ(a.dual_obj, b.dual_obj);
  ASSERT_EQ(a.num_cols, b.num_cols);
  ASSERT_EQ(a.num_rows, b.num_rows);
  for (int32_t j = 0; j < a.num_cols; ++j) ASSERT_EQ(a.x[j], b.x[j]) << "x[" << j << "]";
  for (int32_t i = 0; i < a.num_rows; ++i) ASSERT_EQ(a.y[i], b.y[i]) << "y[" << i << "]";
  ASSERT_EQ(a.history_len, b.history_len);
  for (int64_t k = 0; k < a.history_len; ++k) {
    const flp_check_record &p = a.history[k], &q = b.history[k];
    ASSERT_EQ(p.iteration, q.iteration) << "history row " << k;
    EXPECT_EQ(p.primal_obj, q.primal_obj) << "history row " << k;
    EXPECT_EQ(p.dual_obj, q.dual_obj) << "history row " << k;
    EXPECT_EQ(p.rel_primal_res, q.rel_primal_res) << "history row " << k;
    EXPECT_EQ(p.rel_gap, q.rel_gap) << "history row " << k;
    EXPECT_EQ(p.primal_weight, q.primal_weight) << "history row " << k;
    EXPECT_EQ(p.step, q.step) << "history row " << k;
    EXPECT_EQ(p.restarted, q.restarted) << "history row " << k;
  }
}

// Reads a checkpoint the way the CLI does: tagged with this problem and settings.
flp_checkpoint *read_checkpoint(const std::string &path, const flp_problem &p, const flp_settings &s) {
  flp_checkpoint *c = nullptr;
  flp_error err{};
  EXPECT_EQ(flp_checkpoint_read(path.c_str(), flp_problem_hash(&p), flp_settings_hash(&s), &c, &err),
            FLP_OK)
      << err.msg;
  return c;
}

class Resume : public testing::TestWithParam<int> {};

// Interrupted twice, resumed twice: the same iterates, objective, iteration
// count and history as a run that never stopped.
TEST_P(Resume, InterruptedTwiceIsBitIdentical) {
  const int threads = GetParam();
  GenLP g;
  generate(g, 200, 300, 42);
  TempDir dir;
  const std::string ck = dir.file("state.ckpt.h5");
  flp_settings base = base_settings(threads);
  flp_error err{};

  Result full;
  ASSERT_EQ(flp_solve(&g.p, &base, &full.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(full.r.status, FLP_OPTIMAL);
  ASSERT_GT(full.r.history_len, 40) << "the test LP converges too fast to interrupt";

  Harness h1(base, ck, 17);
  Result part1;
  ASSERT_EQ(h1.solve(&g.p, &part1.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(part1.r.status, FLP_INTERRUPTED);
  EXPECT_EQ(h1.written, 1);
  EXPECT_EQ(part1.r.iterations, full.r.history[17].iteration);

  // resume, and stop again 11 checks later
  flp_checkpoint *c1 = read_checkpoint(ck, g.p, base);
  ASSERT_NE(c1, nullptr);
  Harness h2(base, ck, 17 + 11);
  Result part2;
  ASSERT_EQ(h2.solve(&g.p, &part2.r, &err, c1), FLP_OK) << err.msg;
  flp_checkpoint_free(c1);
  ASSERT_EQ(part2.r.status, FLP_INTERRUPTED);
  EXPECT_EQ(part2.r.iterations, full.r.history[17 + 11].iteration);

  flp_checkpoint *c2 = read_checkpoint(ck, g.p, base);
  ASSERT_NE(c2, nullptr);
  Result rest;
  ASSERT_EQ(flptest::solve_from(&g.p, &base, nullptr, nullptr, c2, &rest.r, &err), FLP_OK) << err.msg;
  flp_checkpoint_free(c2);
  expect_same_run(full.r, rest.r);
}

// Periodic checkpoints: the last one (taken at the check that found the
// optimum) resumes straight into the same answer.
TEST_P(Resume, PeriodicCheckpointsAndResumeAtTheEnd) {
  GenLP g;
  generate(g, 120, 160, 7, /*maximize=*/true);
  TempDir dir;
  const std::string ck = dir.file("every.ckpt.h5");
  flp_settings base = base_settings(GetParam(), 1e-5);
  flp_error err{};
  Harness h(base, ck, -1);
  h.s.checkpoint_every = 1e-9;  // at every check
  Result full;
  ASSERT_EQ(h.solve(&g.p, &full.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(full.r.status, FLP_OPTIMAL);
  EXPECT_EQ(h.written, full.r.history_len);
  EXPECT_NEAR(full.r.primal_obj, g.cert.objective, 1e-4 * (1 + std::fabs(g.cert.objective)));

  flp_checkpoint *c = read_checkpoint(ck, g.p, base);
  ASSERT_NE(c, nullptr);
  Result again;
  ASSERT_EQ(flptest::solve_from(&g.p, &base, nullptr, nullptr, c, &again.r, &err), FLP_OK) << err.msg;
  flp_checkpoint_free(c);
  expect_same_run(full.r, again.r);
}

// A solve stopped by its iteration limit leaves a checkpoint of the point it
// stopped at; resumed without the limit it ends as a run never stopped.
TEST_P(Resume, IterationLimitLeavesACheckpoint) {
  GenLP g;
  generate(g, 200, 300, 42);
  TempDir dir;
  const std::string ck = dir.file("limit.ckpt.h5");
  flp_settings base = base_settings(GetParam());
  flp_error err{};
  Result full;
  ASSERT_EQ(flp_solve(&g.p, &base, &full.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(full.r.status, FLP_OPTIMAL);
  ASSERT_GT(full.r.iterations, 640) << "the test LP converges too fast to stop at 640";

  Harness h(base, ck, -1);
  h.s.iteration_limit = 640;
  Result part;
  ASSERT_EQ(h.solve(&g.p, &part.r, &err), FLP_OK) << err.msg;
  ASSERT_EQ(part.r.status, FLP_ITERATION_LIMIT);
  EXPECT_EQ(part.r.iterations, 640);
  EXPECT_EQ(h.written, 1);

  flp_checkpoint *c = read_checkpoint(ck, g.p, base);
  ASSERT_NE(c, nullptr);
  int64_t at = -1;
  EXPECT_EQ(flp_checkpoint_get_int(c, "iteration", &at, &err), FLP_OK) << err.msg;
  EXPECT_EQ(at, 640);
  Result rest;
  ASSERT_EQ(flptest::solve_from(&g.p, &base, nullptr, nullptr, c, &rest.r, &err), FLP_OK) << err.msg;
  flp_checkpoint_free(c);
  expect_same_run(full.r, rest.r);
}

INSTANTIATE_TEST_SUITE_P(Threads, Resume, testing::Values(1, 2));

// ---- refusals -----------------------------------------------------------------

class Refuse : public testing::Test {
 protected:
  void SetUp() override {
    generate(g, 80, 100, 3);
    base = base_settings(1);
    Harness h(base, ck, 5);
    Result r;
    flp_error err{};
    ASSERT_EQ(h.solve(&g.p, &r.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(r.r.status, FLP_INTERRUPTED);
  }
  // Resumes from the file read without tag checks, so that the solver's own
  // checks are what refuses; returns the error text ("" when accepted).
  std::string resume_msg(const flp_problem &p, const flp_settings &s,
                         void (*edit)(flp_checkpoint *) = nullptr) {
    flp_checkpoint *c = nullptr;
    flp_error err{};
    EXPECT_EQ(flp_checkpoint_read(ck.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &c,
                                  &err),
              FLP_OK)
        << err.msg;
    if (!c) return "no checkpoint";
    if (edit) edit(c);
    Result r;
    flp_rc rc = flptest::solve_from(&p, &s, nullptr, nullptr, c, &r.r, &err);
    flp_checkpoint_free(c);
    if (rc == FLP_OK) return "";
    EXPECT_EQ(rc, FLP_ERR_INPUT);
    return err.msg;
  }
  GenLP g;
  flp_settings base{};
  TempDir dir;
  std::string ck = dir.file("ck.h5");
};

TEST_F(Refuse, AcceptsItsOwn) { EXPECT_EQ(resume_msg(g.p, base), ""); }

TEST_F(Refuse, OtherProblem) {
  GenLP other;
  generate(other, 80, 100, 4);
  flp_checkpoint *c = nullptr;
  flp_error err{};
  EXPECT_EQ(flp_checkpoint_read(ck.c_str(), flp_problem_hash(&other.p), flp_settings_hash(&base), &c,
                                &err),
            FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("different problem data"), std::string::npos) << err.msg;
  EXPECT_NE(resume_msg(other.p, base).find("different problem data"), std::string::npos);
}

TEST_F(Refuse, OtherSettings) {
  flp_settings s = base;
  s.tol = 1e-6;
  flp_checkpoint *c = nullptr;
  flp_error err{};
  EXPECT_EQ(flp_checkpoint_read(ck.c_str(), flp_problem_hash(&g.p), flp_settings_hash(&s), &c, &err),
            FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("different settings"), std::string::npos) << err.msg;
  EXPECT_NE(resume_msg(g.p, s).find("different solver settings"), std::string::npos);
  s = base;
  s.restart_sufficient = 0.3;
  EXPECT_NE(resume_msg(g.p, s).find("different solver settings"), std::string::npos);
  // limits, threads and output are not part of the tag
  s = base;
  s.time_limit = 1000;
  s.iteration_limit = 123456;
  s.threads = 2;
  s.log_every = 7;
  EXPECT_EQ(flp_settings_hash(&s), flp_settings_hash(&base));
}

TEST_F(Refuse, OtherVersion) {
  hid_t f = H5Fopen(ck.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  ASSERT_GE(H5Adelete(f, "solver_version"), 0);
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  hid_t sp = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(f, "solver_version", t, sp, H5P_DEFAULT, H5P_DEFAULT);
  const char *old = "0.0.1";
  ASSERT_GE(H5Awrite(a, t, &old), 0);
  H5Aclose(a);
  H5Sclose(sp);
  H5Tclose(t);
  H5Fclose(f);
  ASSERT_TRUE(flptest::reseal_h5(ck));
  std::string msg = resume_msg(g.p, base);
  EXPECT_NE(msg.find("written by fleetlp 0.0.1"), std::string::npos) << msg;
}

TEST_F(Refuse, OtherScalingOrShape) {
  std::string msg = resume_msg(g.p, base, [](flp_checkpoint *c) {
    flp_checkpoint_set_int(c, "scaling_hash", 12345, nullptr);
  });
  EXPECT_NE(msg.find("different scaling"), std::string::npos) << msg;
  msg = resume_msg(g.p, base, [](flp_checkpoint *c) { flp_checkpoint_set_int(c, "num_rows", 3, nullptr); });
  EXPECT_NE(msg.find("refusing"), std::string::npos) << msg;
  msg = resume_msg(g.p, base, [](flp_checkpoint *c) {
    double v[3] = {1, 2, 3};
    flp_checkpoint_set_vector(c, "x", v, 3, nullptr);
  });
  EXPECT_NE(msg.find("vector x"), std::string::npos) << msg;
}

// ---- warm start ---------------------------------------------------------------

// The solution of a problem is (nearly) a fixed point of its own solve, in the
// user's sense also for maximisation (the sign of y is mapped back).
TEST(WarmStart, FromOwnSolutionStopsAtOnce) {
  for (bool maximize : {false, true}) {
    GenLP g;
    generate(g, 150, 200, 9, maximize);
    flp_settings s = base_settings(1, 1e-6);
    flp_error err{};
    Result cold;
    ASSERT_EQ(flp_solve(&g.p, &s, &cold.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(cold.r.status, FLP_OPTIMAL);
    Result warm;
    ASSERT_EQ(flptest::solve_from(&g.p, &s, cold.r.x, cold.r.y, nullptr, &warm.r, &err), FLP_OK)
        << err.msg;
    EXPECT_EQ(warm.r.status, FLP_OPTIMAL);
    EXPECT_LE(warm.r.iterations, 64) << "maximize " << maximize << ", cold " << cold.r.iterations;
  }
}

// Yesterday's answer after a 5% change of the row bounds: fewer iterations,
// summed over four LPs (on one LP alone a warm start can lose: seed 21 took
// 19,712 warm against 19,200 cold iterations once presolve arrived).
TEST(WarmStart, AfterAFivePercentChangeIsFaster) {
  int64_t cold_total = 0, warm_total = 0;
  int feasible = 0;
  for (uint64_t seed = 21; seed <= 24; ++seed) {
    GenLP g;
    generate(g, 300, 400, seed);
    flp_settings s = base_settings(1, 1e-5);
    flp_error err{};
    Result before;
    ASSERT_EQ(flp_solve(&g.p, &s, &before.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(before.r.status, FLP_OPTIMAL);
    for (int32_t i = 0; i < g.p.num_rows; ++i) {
      double f = (i % 3 == 0) ? 1.05 : 1.0;
      if (std::isfinite(g.p.row_lower[i])) g.p.row_lower[i] *= f;
      if (std::isfinite(g.p.row_upper[i])) g.p.row_upper[i] *= f;
      if (g.p.row_lower[i] > g.p.row_upper[i]) std::swap(g.p.row_lower[i], g.p.row_upper[i]);
    }
    Result cold, warm;
    ASSERT_EQ(flp_solve(&g.p, &s, &cold.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flptest::solve_from(&g.p, &s, before.r.x, before.r.y, nullptr, &warm.r, &err), FLP_OK)
        << err.msg;
    ASSERT_EQ(cold.r.status, warm.r.status) << "seed " << seed;
    if (cold.r.status != FLP_OPTIMAL) continue; /* the changed LP is not feasible */
    EXPECT_NEAR(cold.r.primal_obj, warm.r.primal_obj, 1e-3 * (1 + std::fabs(cold.r.primal_obj)));
    cold_total += cold.r.iterations;
    warm_total += warm.r.iterations;
    ++feasible;
  }
  ASSERT_GE(feasible, 2);
  EXPECT_LT(warm_total, cold_total);
  RecordProperty("cold_iterations", std::to_string(cold_total));
  RecordProperty("warm_iterations", std::to_string(warm_total));
}

TEST(WarmStart, RejectsNonFinite) {
  GenLP g;
  generate(g, 20, 30, 1);
  flp_settings s = base_settings(1);
  std::vector<double> x(g.p.num_cols, 0.0);
  x[3] = NAN;
  Result r;
  flp_error err{};
  EXPECT_EQ(flptest::solve_from(&g.p, &s, x.data(), nullptr, nullptr, &r.r, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("x[3]"), std::string::npos) << err.msg;
}

// ---- a backend context shared by several solves ---------------------------------

TEST(SharedContext, SameAnswersAsOwnContexts) {
  GenLP a, b;
  generate(a, 120, 150, 61);
  generate(b, 90, 200, 62, /*maximize=*/true);
  flp_settings s = base_settings(2, 1e-6);
  flp_error err{};
  flp_context *ctx = nullptr;
  ASSERT_EQ(flp_context_create(&s, nullptr, nullptr, &ctx, &err), FLP_OK) << err.msg;
  EXPECT_NE(std::string(flp_context_device(ctx)).find("cpu"), std::string::npos);
  for (int round = 0; round < 2; ++round) {
    for (GenLP *g : {&a, &b}) {
      Result own, with;
      ASSERT_EQ(flp_solve(&g->p, &s, &own.r, &err), FLP_OK) << err.msg;
      ASSERT_EQ(flptest::solve_from(&g->p, &s, nullptr, nullptr, nullptr, &with.r, &err, ctx), FLP_OK)
          << err.msg;
      expect_same_run(own.r, with.r);
      EXPECT_STREQ(own.r.device, with.r.device);
    }
  }
  flp_context_free(ctx);
  flp_context_free(nullptr);
}

// ---- the command --------------------------------------------------------------

std::string shq(const std::string &s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::string &p) {
  std::ifstream f(p, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// The text after "key": up to the next comma or newline, e.g. a number as written.
std::string json_field(const std::string &json, const std::string &key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return "";
  at = json.find(':', at) + 1;
  while (json[at] == ' ') ++at;
  return json.substr(at, json.find_first_of(",\n", at) - at);
}

bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

class ProductionCli : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(exists(FLEETLP_CLI)) << "CLI binary not built: " << FLEETLP_CLI;
  }
  std::string write_lp(int rows, int cols, uint64_t seed, const std::string &name) {
    GenLP g;
    generate(g, rows, cols, seed);
    std::string p = dir.file(name);
    EXPECT_EQ(kkt_write_mps(&g.p, p.c_str()), 0);
    return p;
  }
  int run(const std::string &args) {
    std::string cmd = shq(FLEETLP_CLI) + " " + args + " >" + shq(dir.file("stdout")) + " 2>" +
                      shq(dir.file("stderr"));
    int st = std::system(cmd.c_str());
    out = slurp(dir.file("stdout"));
    err = slurp(dir.file("stderr"));
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  TempDir dir;
  std::string out, err;
};

// SIGUSR1 during a solve: checkpoint, partial solution, exit 75; --resume
// ends with the same objective and iteration count as a run never stopped.
TEST_F(ProductionCli, SignalCheckpointResume) {
  const std::string lp = write_lp(1500, 2000, 5, "big.mps");
  const std::string opts = " --threads 1 --device cpu --tol 1e-6 --quiet";
  ASSERT_EQ(run("solve " + shq(lp) + opts + " --json " + shq(dir.file("full.json"))), 0) << err;
  const std::string full = slurp(dir.file("full.json"));

  const std::string ck = dir.file("state.ckpt.h5"), sol = dir.file("part.h5");
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    execl(FLEETLP_CLI, FLEETLP_CLI, "solve", lp.c_str(), "--threads", "1", "--device", "cpu", "--tol",
          "1e-6", "--quiet", "--checkpoint", ck.c_str(), "--solution", sol.c_str(), "--json",
          dir.file("part.json").c_str(), (char *)nullptr);
    _exit(127);
  }
  // The streamed solution file appears after the handlers are installed; the
  // signal goes at once (a stop before the first check is a checkpoint at
  // iteration 0, resumed like any other), so the only race left is the whole
  // solve against one poll interval.
  for (int i = 0; i < 20000 && !exists(sol + ".tmp"); ++i) usleep(100);
  kill(pid, SIGUSR1);
  int st = 0;
  ASSERT_EQ(waitpid(pid, &st, 0), pid);
  ASSERT_TRUE(WIFEXITED(st));
  ASSERT_EQ(WEXITSTATUS(st), 75) << "the solve ended before the signal: make the LP larger";
  EXPECT_TRUE(exists(ck));
  EXPECT_FALSE(exists(ck + ".tmp"));
  EXPECT_TRUE(exists(sol));
  EXPECT_EQ(json_field(slurp(dir.file("part.json")), "status"), "\"INTERRUPTED\"");

  ASSERT_EQ(run("solve " + shq(lp) + opts + " --checkpoint " + shq(ck) + " --resume " + shq(ck) +
                " --json " + shq(dir.file("resumed.json")) + " --solution " + shq(dir.file("resumed.h5"))),
            0)
      << err;
  const std::string resumed = slurp(dir.file("resumed.json"));
  EXPECT_EQ(json_field(resumed, "status"), "\"OPTIMAL\"");
  EXPECT_EQ(json_field(resumed, "objective"), json_field(full, "objective"));
  EXPECT_EQ(json_field(resumed, "dual_objective"), json_field(full, "dual_objective"));
  EXPECT_EQ(json_field(resumed, "iterations"), json_field(full, "iterations"));
  EXPECT_EQ(json_field(resumed, "restarts"), json_field(full, "restarts"));
}

// A solve stopped by --iter-limit leaves a checkpoint of that point (exit 12):
// deterministic, unlike a periodic checkpoint of a solve that takes 3 ms.
TEST_F(ProductionCli, RefusesMismatchedCheckpointWithExit2) {
  const std::string a = write_lp(60, 80, 1, "a.mps"), b = write_lp(60, 80, 2, "b.mps");
  const std::string ck = dir.file("ck.h5");
  const std::string opts = " --quiet --device cpu --threads 1";
  ASSERT_EQ(run("solve " + shq(a) + opts + " --iter-limit 64 --checkpoint " + shq(ck) + " --json " +
                shq(dir.file("limit.json"))),
            12)
      << err;
  ASSERT_TRUE(exists(ck));
  EXPECT_FALSE(exists(ck + ".tmp"));
  EXPECT_EQ(json_field(slurp(dir.file("limit.json")), "iterations"), "64");
  // resumed with the limit lifted (limits are not in the settings hash): the
  // same answer as a solve never stopped
  ASSERT_EQ(run("solve " + shq(a) + opts + " --json " + shq(dir.file("full.json"))), 0) << err;
  ASSERT_EQ(run("solve " + shq(a) + opts + " --resume " + shq(ck) + " --json " +
                shq(dir.file("resumed.json"))),
            0)
      << err;
  const std::string full = slurp(dir.file("full.json")), resumed = slurp(dir.file("resumed.json"));
  EXPECT_EQ(json_field(resumed, "iterations"), json_field(full, "iterations"));
  EXPECT_EQ(json_field(resumed, "objective"), json_field(full, "objective"));

  EXPECT_EQ(run("solve " + shq(b) + opts + " --resume " + shq(ck)), 2);
  EXPECT_NE(err.find("different problem data"), std::string::npos) << err;
  EXPECT_EQ(run("solve " + shq(a) + opts + " --tol 1e-6 --resume " + shq(ck)), 2);
  EXPECT_NE(err.find("different settings"), std::string::npos) << err;
  EXPECT_EQ(run("solve " + shq(a) + " --quiet --resume " + shq(dir.file("none.h5"))), 2);
  EXPECT_EQ(run("solve " + shq(a) + " --quiet --checkpoint-every 5"), 2);
  EXPECT_NE(err.find("--checkpoint FILE"), std::string::npos) << err;
}

TEST_F(ProductionCli, WarmStartFromSolutionFile) {
  const std::string a = write_lp(150, 200, 3, "a.mps"), other = write_lp(30, 40, 3, "o.mps");
  const std::string sol = dir.file("a.h5");
  ASSERT_EQ(run("solve " + shq(a) + " --quiet --device cpu --tol 1e-6 --solution " + shq(sol) +
                " --json " + shq(dir.file("cold.json"))),
            0)
      << err;
  ASSERT_EQ(run("solve " + shq(a) + " --quiet --device cpu --tol 1e-6 --warm-start " + shq(sol) +
                " --json " + shq(dir.file("warm.json"))),
            0)
      << err;
  long cold = std::atol(json_field(slurp(dir.file("cold.json")), "iterations").c_str());
  long warm = std::atol(json_field(slurp(dir.file("warm.json")), "iterations").c_str());
  EXPECT_LE(warm, 64) << "cold " << cold;
  EXPECT_EQ(run("solve " + shq(other) + " --quiet --warm-start " + shq(sol)), 2);
  EXPECT_NE(err.find("expected"), std::string::npos) << err;
}

// One failing input does not stop the others; one .h5 and .json per input, a
// summary with a row each; the exit code names the most severe outcome.
TEST_F(ProductionCli, BatchSolvesEveryInput) {
  std::vector<std::string> lps;
  for (int k = 0; k < 3; ++k) lps.push_back(write_lp(40 + 10 * k, 60, 100 + k, "lp" + std::to_string(k) + ".mps"));
  flptest::write_file(dir.file("broken.mps"), "NAME x\nROWS\n N obj\nCOLUMNS\n  X obj zz\nENDATA\n");
  {
    std::ofstream list(dir.file("list.txt"));
    list << "# instances\n" << lps[0] << "\n\n  " << lps[1] << "  \n" << dir.file("broken.mps") << "\n"
         << dir.file("missing.mps") << "\n";
  }
  const std::string out_dir = dir.file("out/nested");
  EXPECT_EQ(run("solve --batch " + shq(dir.file("list.txt")) + " " + shq(lps[2]) +
                " --out-dir " + shq(out_dir) + " --device cpu --tol 1e-6"),
            2)
      << err;
  EXPECT_EQ(out.find('\r'), std::string::npos) << "progress lines must be plain";
  for (int k = 0; k < 3; ++k) {
    const std::string base = out_dir + "/lp" + std::to_string(k);
    EXPECT_TRUE(exists(base + ".h5")) << base;
    EXPECT_EQ(json_field(slurp(base + ".json"), "status"), "\"OPTIMAL\"") << base;
  }
  EXPECT_FALSE(exists(out_dir + "/broken.h5"));
  const std::string csv = slurp(out_dir + "/summary.csv");
  std::vector<std::string> lines;
  std::stringstream ss(csv);
  for (std::string l; std::getline(ss, l);) lines.push_back(l);
  ASSERT_EQ(lines.size(), 6u) << csv;
  EXPECT_EQ(lines[0].rfind("input,name,status,exit_code,objective", 0), 0u);
  int optimal = 0, errors = 0;
  for (size_t i = 1; i < lines.size(); ++i) {
    optimal += lines[i].find(",OPTIMAL,0,") != std::string::npos;
    errors += lines[i].find(",ERROR,2,") != std::string::npos;
  }
  EXPECT_EQ(optimal, 3) << csv;
  EXPECT_EQ(errors, 2) << csv;

  // every input optimal: exit 0; several models on the command line
  EXPECT_EQ(run("solve " + shq(lps[0]) + " " + shq(lps[1]) + " --out-dir " + shq(dir.file("ok")) +
                " --device cpu --quiet"),
            0)
      << err;
  EXPECT_TRUE(exists(dir.file("ok/summary.csv")));
  EXPECT_EQ(out, "");
  // several models without --out-dir, or per-model outputs in a batch: usage errors
  EXPECT_EQ(run("solve " + shq(lps[0]) + " " + shq(lps[1]) + " --quiet"), 2);
  EXPECT_EQ(run("solve --batch " + shq(dir.file("list.txt")) + " --out-dir " + shq(dir.file("x")) +
                " --json " + shq(dir.file("x.json"))),
            2);
}

// A duplicated name gets a suffix instead of overwriting the first output.
TEST_F(ProductionCli, BatchKeepsDuplicateNamesApart) {
  const std::string a = write_lp(30, 40, 1, "same.mps");
  ASSERT_EQ(mkdir(dir.file("sub").c_str(), 0777), 0);
  GenLP g;
  generate(g, 30, 40, 2);
  const std::string b = dir.file("sub/same.mps");
  ASSERT_EQ(kkt_write_mps(&g.p, b.c_str()), 0);
  ASSERT_EQ(run("solve " + shq(a) + " " + shq(b) + " --out-dir " + shq(dir.file("o")) + " --quiet"), 0)
      << err;
  EXPECT_TRUE(exists(dir.file("o/same.h5")));
  EXPECT_TRUE(exists(dir.file("o/same-2.h5")));
}

}  // namespace
