// fleetlp's HDF5 files as h5py / scipy users see them (tests/python/h5_interop.py).
#include <gtest/gtest.h>

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
#include "test_settings.h"

namespace {

const char *kPython = "/usr/bin/python3";

class PythonInterop : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string probe = std::string(kPython) + " -c 'import h5py, numpy, scipy.sparse' >/dev/null 2>&1";
    if (access(kPython, X_OK) != 0 || std::system(probe.c_str()) != 0)
      GTEST_SKIP() << "skipped: " << kPython << " with h5py, numpy and scipy is needed "
                   << "(apt-get install python3-h5py python3-scipy)";
    std::string tmpl = "/tmp/fleetlp_py_XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
  }
  void TearDown() override {
    if (dir_.empty()) return;
    std::string cmd = "rm -rf '" + dir_ + "'";
    (void)std::system(cmd.c_str());
  }
  std::string path(const std::string &name) const { return dir_ + "/" + name; }

  // Runs a shell command; returns its exit code and keeps its output in out_.
  int run(const std::string &cmd) {
    std::string full = cmd + " >'" + path("out.txt") + "' 2>&1";
    int st = std::system(full.c_str());
    std::ifstream in(path("out.txt"));
    std::stringstream ss;
    ss << in.rdbuf();
    out_ = ss.str();
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  int python(const std::string &args) {
    return run(std::string(kPython) + " '" + FLEETLP_SOURCE_DIR + "/tests/python/h5_interop.py' " + args);
  }

  std::string dir_, out_;
};

// The reference LP of h5_interop.py, built in C.
void make_reference(flp_problem *p) {
  flp_error err{};
  ASSERT_EQ(flp_problem_alloc(p, 4, 3, 8, &err), FLP_OK);
  const int64_t ptr[] = {0, 2, 4, 6, 8};
  const int32_t idx[] = {0, 1, 0, 1, 0, 2, 0, 1};
  const double val[] = {1, 1, 1, 3, -1, 1, 1, -1};
  memcpy(p->row_ptr, ptr, sizeof ptr);
  memcpy(p->col_idx, idx, sizeof idx);
  memcpy(p->values, val, sizeof val);
  const double c[] = {3, 2, 0};
  for (int j = 0; j < 3; ++j) p->obj[j] = -c[j];
  p->objective_sense = -1;
  p->obj_offset = -1;
  const double rl[] = {-INFINITY, -INFINITY, 0, -INFINITY}, ru[] = {4, 6, 0, INFINITY};
  const double cl[] = {0, 0, -INFINITY}, cu[] = {3, INFINITY, INFINITY};
  memcpy(p->row_lower, rl, sizeof rl);
  memcpy(p->row_upper, ru, sizeof ru);
  memcpy(p->col_lower, cl, sizeof cl);
  memcpy(p->col_upper, cu, sizeof cu);
  const char *rn[] = {"r_sum", "r_mix", "r_link", "r_free"}, *cn[] = {"x", "y", "z"};
  p->row_names = static_cast<char **>(calloc(4, sizeof(char *)));
  p->col_names = static_cast<char **>(calloc(3, sizeof(char *)));
  for (int i = 0; i < 4; ++i) p->row_names[i] = strdup(rn[i]);
  for (int j = 0; j < 3; ++j) p->col_names[j] = strdup(cn[j]);
}

TEST_F(PythonInterop, FleetlpReadsWhatH5pyWrote) {
  const std::string model = path("model.h5");
  ASSERT_EQ(python("write-model '" + model + "'"), 0) << out_;
  flp_problem got{}, want{};
  flp_error err{};
  make_reference(&want);
  ASSERT_EQ(flp_read_problem(model.c_str(), &got, nullptr, nullptr, &err), FLP_OK) << err.msg;
  ASSERT_EQ(got.num_rows, 4);
  ASSERT_EQ(got.num_cols, 3);
  ASSERT_EQ(got.nnz, 8);
  EXPECT_EQ(got.objective_sense, -1);
  EXPECT_EQ(got.obj_offset, want.obj_offset);
  for (int i = 0; i <= 4; ++i) EXPECT_EQ(got.row_ptr[i], want.row_ptr[i]);
  for (int k = 0; k < 8; ++k) {
    EXPECT_EQ(got.col_idx[k], want.col_idx[k]);
    EXPECT_EQ(got.values[k], want.values[k]);
  }
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(got.obj[j], want.obj[j]);
    EXPECT_EQ(got.col_lower[j], want.col_lower[j]);
    EXPECT_EQ(got.col_upper[j], want.col_upper[j]);
    EXPECT_STREQ(got.col_names[j], want.col_names[j]);
  }
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(got.row_lower[i], want.row_lower[i]);
    EXPECT_EQ(got.row_upper[i], want.row_upper[i]);
    EXPECT_STREQ(got.row_names[i], want.row_names[i]);
  }
  flp_problem_free(&got);
  flp_problem_free(&want);
}

TEST_F(PythonInterop, H5pyAndScipyReadWhatFleetlpWrote) {
  flp_problem p{};
  make_reference(&p);
  flp_error err{};
  const std::string model = path("fleetlp.h5");
  ASSERT_EQ(flp_write_problem_h5(model.c_str(), &p, -1, &err), FLP_OK) << err.msg;
  flp_problem_free(&p);
  EXPECT_EQ(python("check-problem '" + model + "'"), 0) << out_;
}

TEST_F(PythonInterop, CliSolvesH5ModelAndH5pyChecksTheSolution) {
  const std::string model = path("model.h5"), sol = path("sol.h5");
  ASSERT_EQ(python("write-model '" + model + "'"), 0) << out_;
  std::string cli = std::string("'") + FLEETLP_CLI + "' solve '" + model + "' --solution '" + sol +
                    "' --quiet --tol 1e-6 --device " + flptest::test_device_name();
  ASSERT_EQ(run(cli), 0) << cli << "\n" << out_;
  struct stat st;
  ASSERT_EQ(stat(sol.c_str(), &st), 0) << "no solution file; CLI said:\n" << out_;
  EXPECT_NE(stat((sol + ".tmp").c_str(), &st), 0);
  EXPECT_EQ(python("check-solution '" + model + "' '" + sol + "'"), 0) << out_;
}

}  // namespace
