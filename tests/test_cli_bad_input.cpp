// `fleetlp solve FILE --quiet` on bad input files: exit code 2 (bad input) and
// one error message on stderr that names the file (and the line, where one
// applies), never a crash or a hang.
#include <gtest/gtest.h>

#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>
#include <vector>

#include "temp_files.h"
#include "test_settings.h"

namespace {

using flptest::TempDir;

const char *kModel =
    "NAME          CLI\n"           // 1
    "ROWS\n"                        // 2
    " N  COST\n"                    // 3
    " L  LIM1\n"                    // 4
    " G  LIM2\n"                    // 5
    "COLUMNS\n"                     // 6
    "    X1   COST  1.0   LIM1  1.0\n"  // 7
    "    X2   COST  2.0   LIM2  1.0\n"  // 8
    "RHS\n"                         // 9
    "    RHS  LIM1  4.0   LIM2  1.0\n"  // 10
    "BOUNDS\n"                      // 11
    " UP BND  X1    4.0\n"          // 12
    "ENDATA\n";                     // 13

std::string model_with(const std::string &from, const std::string &to) {
  std::string s = kModel;
  size_t at = s.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) s.replace(at, from.size(), to);
  return s;
}

std::string quoted(const std::string &s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

struct Run {
  int exit_code = -1;
  std::string err;  // stderr
};

// Runs the CLI with stdout discarded and stderr captured.
Run run_cli(const std::string &args) {
  Run r;
  const std::string cmd = quoted(FLEETLP_CLI) + " " + flptest::with_test_device(args) + " 2>&1 >/dev/null";
  FILE *f = popen(cmd.c_str(), "r");
  if (!f) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) r.err.append(buf, n);
  int status = pclose(f);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
  return r;
}

struct Case {
  const char *name;
  std::string bytes;
  int line;       // the line the message must name, 0: none
  bool gzip;      // write compressed
};

std::vector<Case> cases() {
  const std::string m = kModel;
  return {
      {"truncated", m.substr(0, m.find("RHS\n")), 8, false},
      {"missing_endata", model_with("ENDATA\n", ""), 12, false},
      {"unknown_section", model_with("BOUNDS\n", "BOUNDZ\n"), 11, false},
      {"malformed_number", model_with("2.0", "2.x0"), 8, false},
      {"nan_coefficient", model_with("2.0", "NaN"), 8, false},
      {"inf_coefficient", model_with("2.0", "1e30"), 8, false},
      {"unknown_row", model_with("LIM2  1.0\n", "LIM9  1.0\n"), 8, false},
      {"unknown_bound_type", model_with(" UP BND", " ZZ BND"), 12, false},
      {"duplicate_row", model_with(" G  LIM2", " G  LIM1"), 5, false},
      {"lower_above_upper", model_with(" UP BND  X1    4.0\n", " UP BND  X1    4.0\n LO BND  X1    5.0\n"), 13,
       false},
      {"empty_file", "", 0, false},
      {"binary_garbage", std::string("\x1f\x8c\x00\x00garbage\x00\x01\x02\x03", 15), 1, false},
  };
}

class CliBadInput : public testing::Test {
 protected:
  void SetUp() override {
    struct stat st;
    ASSERT_EQ(stat(FLEETLP_CLI, &st), 0) << "CLI binary not built: " << FLEETLP_CLI;
  }
  TempDir dir;
};

void expect_bad_input(const Run &r, const std::string &path, int line) {
  EXPECT_EQ(r.exit_code, 2) << "stderr: " << r.err;
  EXPECT_NE(r.err.find(path), std::string::npos) << "stderr: " << r.err;
  EXPECT_NE(r.err.find("error"), std::string::npos) << "stderr: " << r.err;
  if (line > 0)
    EXPECT_NE(r.err.find(path + ":" + std::to_string(line) + ":"), std::string::npos) << "stderr: " << r.err;
}

TEST_F(CliBadInput, EveryBadFileExitsWithTwoAndNamesTheFile) {
  for (const Case &c : cases()) {
    SCOPED_TRACE(c.name);
    const std::string path = dir.file(std::string(c.name) + ".mps");
    flptest::write_file(path, c.bytes);
    expect_bad_input(run_cli("solve " + quoted(path) + " --quiet"), path, c.line);
  }
}

TEST_F(CliBadInput, TruncatedGzip) {
  std::string text = "NAME big\nROWS\n N obj\n";
  for (int i = 0; i < 300; ++i) text += " L r" + std::to_string(i) + "\n";
  text += "COLUMNS\n";
  for (int j = 0; j < 3000; ++j)
    text += " x" + std::to_string(j) + " r" + std::to_string(j % 300) + " " + std::to_string(1 + j % 7) + "\n";
  text += "ENDATA\n";
  const std::string full = dir.file("full.mps.gz");
  flptest::write_gzip(full, text);
  const std::string bytes = flptest::read_file(full);
  const std::string path = dir.file("truncated.mps.gz");
  flptest::write_file(path, bytes.substr(0, bytes.size() / 2));
  expect_bad_input(run_cli("solve " + quoted(path) + " --quiet"), path, 0);
}

TEST_F(CliBadInput, NonexistentFile) {
  const std::string path = dir.file("no_such_model.mps");
  expect_bad_input(run_cli("solve " + quoted(path) + " --quiet"), path, 0);
}

}  // namespace
