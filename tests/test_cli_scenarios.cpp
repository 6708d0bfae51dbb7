// `fleetlp solve MODEL --scenarios FILE --out-dir DIR [--json FILE]` end to
// end on the transport LP of scenario_lp.h with four scenarios, one of them
// infeasible: the files it writes, their order and statuses, the exit code,
// and each scenario's objective against a solo `fleetlp solve` of that
// scenario as an LP of its own. Bad scenario files and usage: exit 2.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "fleetlp_io.h"
#include "scenario_lp.h"
#include "temp_files.h"
#include "test_settings.h"

namespace {

using flptest::Scenarios;
using flptest::TempDir;

std::string shq(const std::string &s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct CliRun {
  int exit_code = -1;
  std::string out;  // stdout and stderr
};

CliRun run_cli(const std::string &args) {
  CliRun r;
  const std::string cmd = shq(FLEETLP_CLI) + " " + flptest::with_test_device(args) + " 2>&1";
  FILE *f = popen(cmd.c_str(), "r");
  if (!f) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.out.append(buf, n);
  int status = pclose(f);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

// The values of every "key": occurrence in a JSON text, in order (strings
// without their quotes, numbers as written).
std::vector<std::string> json_values(const std::string &text, const std::string &key) {
  std::vector<std::string> out;
  const std::string pat = "\"" + key + "\": ";
  for (size_t at = text.find(pat); at != std::string::npos; at = text.find(pat, at + 1)) {
    size_t b = at + pat.size();
    if (text[b] == '"') {
      size_t e = text.find('"', b + 1);
      out.push_back(text.substr(b + 1, e - b - 1));
    } else {
      size_t e = text.find_first_of(",}\n", b);
      out.push_back(text.substr(b, e - b));
    }
  }
  return out;
}

struct Problem {
  flp_problem p{};
  Problem() = default;
  Problem(const Problem &) = delete;
  Problem &operator=(const Problem &) = delete;
  ~Problem() { flp_problem_free(&p); }
};

// Tight enough that two solves of the same LP agree far inside the check below.
const char *kSolveOptions = " --tol 1e-7 --threads 1 --iter-limit 20000000 --quiet";

class CliScenarios : public ::testing::Test {
 protected:
  void SetUp() override {
    flp_error err{};
    ASSERT_EQ(flptest::make_transport(&base_.p, false, &err), FLP_OK) << err.msg;
    flptest::make_transport_scenarios(base_.p, &sc_.sc);
    model_ = dir_.file("transport.h5");
    ASSERT_EQ(flp_write_problem_h5(model_.c_str(), &base_.p, -1, &err), FLP_OK) << err.msg;
    scen_ = dir_.file("scen.h5");
    ASSERT_EQ(flp_write_scenarios(scen_.c_str(), &sc_.sc, &err), FLP_OK) << err.msg;
  }
  TempDir dir_;
  Problem base_;
  Scenarios sc_;
  std::string model_, scen_;
};

TEST_F(CliScenarios, EndToEnd) {
  const std::string out = dir_.file("out"), json = dir_.file("summary.json");
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + " --out-dir " +
                  shq(out) + " --json " + shq(json) + kSolveOptions);
  ASSERT_EQ(r.exit_code, 10) << r.out;  // scenario 2 is primal infeasible
  // one solution per scenario, named after it (made safe)
  const std::vector<std::string> files = {"base.h5", "peak.h5", "outage__plant_2.h5", "cheap.h5"};
  for (const auto &f : files) EXPECT_TRUE(exists(out + "/" + f)) << f << "\n" << r.out;
  EXPECT_FALSE(exists(out + "/summary.csv.tmp"));
  EXPECT_FALSE(exists(json + ".tmp"));

  // summary.csv: a header and one row per scenario in order
  std::istringstream csv(flptest::read_file(out + "/summary.csv"));
  std::string line;
  ASSERT_TRUE(std::getline(csv, line));
  EXPECT_EQ(line.rfind("index,name,file,status,exit_code,objective,dual_objective,iterations,"
                       "matrix_passes,rel_primal,rel_dual,rel_gap,seconds", 0), 0u) << line;
  const char *statuses[4] = {"OPTIMAL", "OPTIMAL", "PRIMAL_INFEASIBLE", "OPTIMAL"};
  const char *names[4] = {"base", "peak", "outage: plant/2", "cheap"};
  for (int k = 0; k < 4; ++k) {
    ASSERT_TRUE(std::getline(csv, line)) << k;
    const std::string want = std::to_string(k) + "," + names[k] + "," + files[k] + "," +
                             statuses[k] + "," + (k == 2 ? "10" : "0") + ",";
    EXPECT_EQ(line.rfind(want, 0), 0u) << line;
  }
  EXPECT_FALSE(std::getline(csv, line)) << line;

  // the JSON: counts, then the scenarios in order
  const std::string text = flptest::read_file(json);
  EXPECT_EQ(json_values(text, "count"), std::vector<std::string>{"4"}) << text;
  EXPECT_EQ(json_values(text, "optimal"), std::vector<std::string>{"3"}) << text;
  EXPECT_EQ(json_values(text, "PRIMAL_INFEASIBLE"), std::vector<std::string>{"1"}) << text;
  EXPECT_EQ(json_values(text, "exit_code").front(), "10") << text;
  EXPECT_EQ(json_values(text, "status"),
            (std::vector<std::string>{statuses[0], statuses[1], statuses[2], statuses[3]}));
  EXPECT_EQ(json_values(text, "name"),
            (std::vector<std::string>{names[0], names[1], names[2], names[3]}));
  const auto objectives = json_values(text, "objective");
  const auto iterations = json_values(text, "iterations");
  const auto passes = json_values(text, "matrix_passes");
  ASSERT_EQ(objectives.size(), 4u) << text;
  ASSERT_EQ(iterations.size(), 4u);
  ASSERT_EQ(passes.size(), 4u);

  // each optimal scenario against a solo solve of the same LP
  for (int k = 0; k < 4; ++k) {
    EXPECT_GT(std::atoll(passes[k].c_str()), 0) << k;
    if (k == 2) continue;
    Problem pk;
    flp_error err{};
    ASSERT_EQ(flp_scenario_problem(&base_.p, &sc_.sc, k, &pk.p, &err), FLP_OK) << err.msg;
    const std::string lp = dir_.file("lp" + std::to_string(k) + ".h5");
    const std::string solo = dir_.file("solo" + std::to_string(k) + ".json");
    ASSERT_EQ(flp_write_problem(lp.c_str(), &pk.p, -1, &err), FLP_OK) << err.msg;
    CliRun s = run_cli("solve " + shq(lp) + " --json " + shq(solo) + kSolveOptions);
    ASSERT_EQ(s.exit_code, 0) << s.out;
    const auto want = json_values(flptest::read_file(solo), "objective");
    ASSERT_EQ(want.size(), 1u);
    const double a = std::atof(objectives[k].c_str()), b = std::atof(want[0].c_str());
    EXPECT_NEAR(a, b, 1e-5 * (1 + std::fabs(b))) << "scenario " << k;
  }
  // the known optimum of the base: every market served from its own plant
  EXPECT_NEAR(std::atof(objectives[0].c_str()), 3 * 1.0 + 4 * 1.1 + 5 * 1.2, 1e-4);
}

TEST_F(CliScenarios, ProgressAndReportWhenNotQuiet) {
  const std::string out = dir_.file("out");
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + " --out-dir " +
                  shq(out) + " --threads 1 --iter-limit 20000000");
  EXPECT_EQ(r.exit_code, 10) << r.out;
  EXPECT_NE(r.out.find("scenarios: 4 of 4 finished"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[3/4] outage: plant/2: PRIMAL_INFEASIBLE"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 of 4 optimal"), std::string::npos) << r.out;
}

TEST_F(CliScenarios, AllOptimalIsZero) {
  sc_.sc.row_upper[2 * flptest::kTransportRows + 5] = 6;  // plant 2 back
  flp_error err{};
  ASSERT_EQ(flp_write_scenarios(scen_.c_str(), &sc_.sc, &err), FLP_OK) << err.msg;
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + " --out-dir " +
                  shq(dir_.file("out")) + kSolveOptions);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(CliScenarios, BadScenarioFilesAreExit2) {
  struct Bad {
    const char *what;
    std::vector<std::string> named;  // in the message
  };
  flptest::RawScenarioFile nan = flptest::raw_transport_file(sc_.sc);
  nan.datasets["row_lower"].v[2 * flptest::kTransportRows + 3] = NAN;
  flptest::RawScenarioFile shape = flptest::raw_transport_file(sc_.sc);
  shape.datasets["c"].cols = 8;
  shape.datasets["c"].v.resize(32);
  flptest::RawScenarioFile lu = flptest::raw_transport_file(sc_.sc);
  lu.datasets["row_lower"].v[1 * flptest::kTransportRows + 5] = 100;
  const std::vector<std::pair<flptest::RawScenarioFile *, Bad>> cases = {
      {&nan, {"nan", {"/row_lower", "scenario 2", "index 3"}}},
      {&shape, {"shape", {"/c", "shape [4, 8]"}}},
      {&lu, {"lower_above_upper", {"row_lower", "scenario 1", "index 5"}}},
  };
  for (const auto &c : cases) {
    const std::string path = dir_.file(std::string(c.second.what) + ".h5");
    ASSERT_TRUE(c.first->write(path));
    const std::string out = dir_.file(std::string("out_") + c.second.what);
    CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(path) + " --out-dir " +
                    shq(out) + kSolveOptions);
    EXPECT_EQ(r.exit_code, 2) << c.second.what << "\n" << r.out;
    EXPECT_NE(r.out.find("fleetlp: error: " + path), std::string::npos) << r.out;
    for (const auto &n : c.second.named)
      EXPECT_NE(r.out.find(n), std::string::npos) << n << "\n" << r.out;
    EXPECT_FALSE(exists(out + "/summary.csv"));
  }
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(dir_.file("none.h5")) +
                  " --out-dir " + shq(dir_.file("o")) + kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
}

TEST_F(CliScenarios, UsageErrors) {
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--out-dir"), std::string::npos) << r.out;
  r = run_cli("solve --scenarios " + shq(scen_) + " --out-dir " + shq(dir_.file("o")) +
              kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = run_cli("solve " + shq(model_) + " " + shq(model_) + " --scenarios " + shq(scen_) +
              " --out-dir " + shq(dir_.file("o")) + kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + " --out-dir " +
              shq(dir_.file("o")) + " --solution x.h5" + kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_FALSE(exists(dir_.file("o")));
}

TEST_F(CliScenarios, UnwritableOutDirIsExit2) {
  flptest::write_file(dir_.file("afile"), "x");
  CliRun r = run_cli("solve " + shq(model_) + " --scenarios " + shq(scen_) + " --out-dir " +
                  shq(dir_.file("afile")) + kSolveOptions);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--out-dir"), std::string::npos) << r.out;
}

}  // namespace
