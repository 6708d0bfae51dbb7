// Every writer under faults (issue 22): a path that is a directory, a
// read-only folder, a full disk, and SIGKILL at random moments. Whatever
// happens: never a torn file under the final name, the previous file of that
// name intact, a message naming the file, the documented exit code (README,
// "Statuses and exit codes"). bench/fault_kill.py runs many more kills.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "fault_fs.h"
#include "fleetlp_io.h"
#include "kkt_gen.h"
#include "owned.h"
#include "temp_files.h"

namespace {

using flptest::TempDir;

std::string shq(const std::string &s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

std::string slurp(const std::string &p) { return exists(p) ? flptest::read_file(p) : ""; }

// The inputs every writer needs, made once per test.
struct Inputs {
  std::string small_lp, big_lp, fleet, plan, list;
  std::string small_scen, big_scen; // two scenarios of each LP (scenario files)
};

// One writer: the command that writes `out`, and what it answers.
struct Writer {
  const char *name;
  // `out` is a file path, or for the folder writers a folder; `big`: the
  // larger input (so that a nearly full disk fills up in mid-write)
  std::string (*cmd)(const Inputs &in, const std::string &out, bool big);
  const char *file;  // the file checked inside `out` ("" : out itself)
  int ok_exit;       // exit code of a healthy run
  int fail_exit;     // exit code when the output cannot be written
};

const char *const kOpts = " --quiet --device cpu --threads 1";

std::string lp(const Inputs &in, bool big) { return shq(big ? in.big_lp : in.small_lp); }

const Writer kWriters[] = {
    {"solution_h5", [](const Inputs &in, const std::string &o, bool big) {
       return "solve " + lp(in, big) + kOpts + " --solution " + shq(o); }, "", 0, 2},
    {"solution_txt", [](const Inputs &in, const std::string &o, bool big) {
       return "solve " + lp(in, big) + kOpts + " --solution " + shq(o); }, "", 0, 2},
    {"json", [](const Inputs &in, const std::string &o, bool big) {
       return "solve " + lp(in, big) + kOpts + " --json " + shq(o); }, "", 0, 2},
    // at a limit a checkpoint that cannot be written is a warning: the run
    // still ended at its limit (12); at a signal it is 3 (docs/checkpoint.md)
    {"checkpoint", [](const Inputs &in, const std::string &o, bool big) {
       return "solve " + lp(in, big) + kOpts + " --iter-limit 64 --checkpoint " + shq(o); }, "", 12, 12},
    {"plan", [](const Inputs &in, const std::string &o, bool) {
       return "plan " + shq(in.fleet) + kOpts + " -o " + shq(o); }, "", 0, 2},
    {"export_lp", [](const Inputs &in, const std::string &o, bool) {
       return "plan " + shq(in.fleet) + kOpts + " -o " + shq(o + ".plan.h5") + " --export-lp " + shq(o); },
     "", 0, 2},
    {"convert_h5", [](const Inputs &in, const std::string &o, bool big) {
       return "convert " + lp(in, big) + " " + shq(o); }, "", 0, 2},
    {"convert_mps", [](const Inputs &in, const std::string &o, bool big) {
       return "convert " + lp(in, big) + " " + shq(o); }, "", 0, 2},
    {"convert_gz", [](const Inputs &in, const std::string &o, bool big) {
       return "convert " + lp(in, big) + " " + shq(o); }, "", 0, 2},
    {"fleet_generate", [](const Inputs &, const std::string &o, bool big) {
       return "fleet generate -o " + shq(o) + (big ? " --nodes 200" : " --nodes 10") + " --slots 4 --classes 2"; },
     "", 0, 2},
    {"fleet_build", [](const Inputs &in, const std::string &o, bool) {
       return "fleet build " + shq(in.fleet) + " -o " + shq(o); }, "", 0, 2},
    {"report", [](const Inputs &in, const std::string &o, bool) {
       return "report " + shq(in.plan) + " --quiet --out-dir " + shq(o); }, "report.txt", 0, 2},
    {"batch", [](const Inputs &in, const std::string &o, bool) {
       return "solve --batch " + shq(in.list) + kOpts + " --out-dir " + shq(o); }, "small.h5", 0, 2},
    {"scenarios", [](const Inputs &in, const std::string &o, bool big) {
       return "solve " + lp(in, big) + " --scenarios " + shq(big ? in.big_scen : in.small_scen) + kOpts +
              " --out-dir " + shq(o); }, "scenario-0.h5", 0, 2},
};

std::string suffix_of(const Writer &w) {
  const std::string n = w.name;
  if (n == "solution_txt") return ".txt";
  if (n == "json") return ".json";
  if (n == "convert_mps" || n == "export_lp" || n == "fleet_build") return ".mps";
  if (n == "convert_gz") return ".mps.gz";
  if (n == "report" || n == "batch" || n == "scenarios") return "";
  return ".h5";
}

class FaultBase : public testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(exists(FLEETLP_CLI)) << FLEETLP_CLI;
    in.small_lp = write_lp(30, 40, 1, "small.mps", &in.small_scen);
    in.big_lp = write_lp(400, 600, 2, "big.mps", &in.big_scen);
    in.fleet = dir.file("fleet.h5");
    in.plan = dir.file("plan.h5");
    ASSERT_EQ(run("fleet generate -o " + shq(in.fleet) + " --nodes 6 --slots 3 --classes 2 --seed 4"), 0) << err;
    ASSERT_EQ(run("plan " + shq(in.fleet) + kOpts + " -o " + shq(in.plan)), 0) << err;
    in.list = dir.file("list.txt");
    flptest::write_file(in.list, in.small_lp + "\n");
  }
  // The LP as MPS, and a scenario file of two scenarios of it (the base's data).
  std::string write_lp(int rows, int cols, uint64_t seed, const std::string &name, std::string *scen) {
    kkt_options o;
    kkt_options_default(&o, rows, cols, seed);
    flptest::GenLP g;
    flp_error e{};
    EXPECT_EQ(kkt_generate(&o, &g.p, &g.cert, &e), FLP_OK) << e.msg;
    const std::string p = dir.file(name);
    EXPECT_EQ(kkt_write_mps(&g.p, p.c_str()), 0);
    *scen = dir.file(name + ".scen.h5");
    flp_problem back{};  // the LP as the reader sees the file (it drops empty free rows)
    EXPECT_EQ(flp_read_mps(p.c_str(), &back, nullptr, nullptr, &e), FLP_OK) << e.msg;
    flp_scenarios sc{};
    sc.count = 2;
    sc.num_rows = back.num_rows;
    sc.num_cols = back.num_cols;
    sc.objective_sense = back.objective_sense;
    flp_problem_free(&back);
    EXPECT_EQ(flp_write_scenarios(scen->c_str(), &sc, &e), FLP_OK) << e.msg;
    return p;
  }
  int run(const std::string &args) {
    const std::string cmd = shq(FLEETLP_CLI) + " " + args + " >" + shq(dir.file("out.log")) + " 2>" +
                            shq(dir.file("err.log"));
    int st = std::system(cmd.c_str());
    err = slurp(dir.file("err.log")) + slurp(dir.file("out.log"));
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
  }
  Inputs in;
  TempDir dir;
  std::string err;
};

class Faults : public FaultBase, public testing::WithParamInterface<Writer> {
 protected:
  // Where the writer puts its output under `base`, and the file checked.
  std::string out_path(const std::string &base) const { return base + "/out" + suffix_of(GetParam()); }
  std::string checked(const std::string &out) const {
    const Writer &w = GetParam();
    return w.file[0] ? out + "/" + w.file : out;
  }
  // The promise after a failed write: the message names the file, the
  // exit code is the documented one, the previous bytes are there, no .tmp.
  void expect_clean_failure(int rc, const std::string &target, const std::string &previous) {
    const Writer &w = GetParam();
    // a batch (of inputs or scenarios) reports an output's failure in its row
    // of summary.csv (and in the progress line, unless quiet)
    if (std::string(w.name) == "batch" || std::string(w.name) == "scenarios")
      err += slurp(target.substr(0, target.rfind('/')) + "/summary.csv");
    EXPECT_EQ(rc, w.fail_exit) << err;
    EXPECT_LT(rc, 128) << "killed by a signal: " << err;
    EXPECT_NE(err.find(target.substr(0, target.rfind('/'))), std::string::npos)
        << "the message must name the file: " << err;
    if (!previous.empty()) EXPECT_EQ(slurp(target), previous) << "the previous " << target << " changed";
    EXPECT_FALSE(exists(target + ".tmp")) << target << ".tmp left behind";
  }
};

// A directory where the output file should go: refused, the directory left alone.
TEST_P(Faults, PathIsADirectory) {
  const Writer &w = GetParam();
  const std::string out = out_path(dir.path()), target = checked(out);
  ASSERT_EQ(mkdir(out.c_str(), 0777) == 0 || is_dir(out), true);
  if (w.file[0]) ASSERT_EQ(mkdir(target.c_str(), 0777), 0);
  flptest::write_file(target + "/keep", "x");
  const int rc = run(w.cmd(in, out, false));
  expect_clean_failure(rc, target, "");
  EXPECT_TRUE(is_dir(target));
  EXPECT_EQ(slurp(target + "/keep"), "x");
}

// A folder that cannot be written, holding the previous output.
TEST_P(Faults, ReadOnlyFolder) {
  const Writer &w = GetParam();
  flptest::Tmpfs fs(dir.file("ro"), 4096);
  if (!fs.ok()) GTEST_SKIP() << "cannot mount a tmpfs (" << fs.why() << "): needs root";
  const std::string out = out_path(dir.file("ro")), target = checked(out);
  ASSERT_EQ(run(w.cmd(in, out, false)), w.ok_exit) << err;
  const std::string previous = slurp(target);
  ASSERT_FALSE(previous.empty()) << target;
  ASSERT_TRUE(fs.make_read_only());
  const int rc = run(w.cmd(in, out, true));
  expect_clean_failure(rc, target, previous);
}

// A disk that fills up, with the previous output on it: nothing free at all,
// and a few pages free (full in mid-write).
TEST_P(Faults, DiskFull) {
  const Writer &w = GetParam();
  for (unsigned long long leave : {0ull, 12288ull}) {
    SCOPED_TRACE(leave);
    TempDir scratch;
    flptest::Tmpfs fs(scratch.file("full"), 1024);
    if (!fs.ok()) GTEST_SKIP() << "cannot mount a tmpfs (" << fs.why() << "): needs root";
    const std::string out = out_path(scratch.file("full")), target = checked(out);
    ASSERT_EQ(run(w.cmd(in, out, false)), w.ok_exit) << err;
    const std::string previous = slurp(target);
    ASSERT_FALSE(previous.empty()) << target;
    fs.fill(leave);
    const int rc = run(w.cmd(in, out, true));
    if (leave > 0 && rc == w.ok_exit) { /* a small output fits in the pages left */
      EXPECT_FALSE(exists(target + ".tmp"));
      EXPECT_FALSE(slurp(target).empty());
      continue;
    }
    expect_clean_failure(rc, target, previous);
    EXPECT_NE(err.find("No space left on device"), std::string::npos) << err;
  }
}

INSTANTIATE_TEST_SUITE_P(Writers, Faults, testing::ValuesIn(kWriters),
                         [](const testing::TestParamInfo<Writer> &i) { return std::string(i.param.name); });

// ---- SIGKILL ----------------------------------------------------------------

// Runs the command in a child and kills it after `delay`; true when it was
// killed (false: it had finished).
bool run_and_kill(const std::string &cmd, double delay) {
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", ("exec " + cmd + " >/dev/null 2>&1").c_str(), (char *)nullptr);
    _exit(127);
  }
  std::this_thread::sleep_for(std::chrono::duration<double>(delay));
  kill(pid, SIGKILL);
  int st = 0;
  waitpid(pid, &st, 0);
  return WIFSIGNALED(st);
}

// A few kills per writer (bench/fault_kill.py makes hundreds): afterwards the
// file under the final name is the previous one or a complete new one, which
// fleetlp reads back (its checksum matches) -- never torn, never gone.
TEST_F(FaultBase, KilledWritersLeaveTheOldFileOrAWholeNewOne) {
  struct Case {
    const char *name;
    std::string out, write, read_back;
    int read_ok;  // exit code of the read-back for a whole file (besides 0)
  } cases[] = {
      {"solution_h5", dir.file("sol.h5"), "solve " + shq(in.big_lp) + kOpts + " --solution " + shq(dir.file("sol.h5")),
       "solve " + shq(in.big_lp) + kOpts + " --iter-limit 1 --warm-start " + shq(dir.file("sol.h5")), 12},
      {"plan", dir.file("p.h5"), "plan " + shq(in.fleet) + kOpts + " -o " + shq(dir.file("p.h5")),
       "report " + shq(dir.file("p.h5")) + " --no-files --quiet", 0},
      {"convert_h5", dir.file("lp.h5"), "convert " + shq(in.big_lp) + " " + shq(dir.file("lp.h5")),
       "solve " + shq(dir.file("lp.h5")) + kOpts + " --iter-limit 1", 12},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.name);
    ASSERT_EQ(run(c.write), 0) << err;
    const std::string previous = slurp(c.out);
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(run(c.write), 0) << err;
    const double full = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (double share : {0.3, 0.6, 0.9}) {
      const bool killed = run_and_kill(shq(FLEETLP_CLI) + " " + c.write, share * full);
      ASSERT_TRUE(exists(c.out)) << "the previous file is gone (killed " << killed << ")";
      if (slurp(c.out) == previous) continue;
      const int rc = run(c.read_back);
      EXPECT_TRUE(rc == 0 || rc == c.read_ok) << "torn file (exit " << rc << "): " << err;
    }
  }
}

}  // namespace
