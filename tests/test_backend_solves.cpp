// Whole solves on every backend: the end-to-end, presolve, polish and
// netlib-sample cases run once per backend (cuda is skipped with the reason
// where no GPU is usable, and fails instead under FLEETLP_REQUIRE_GPU=1), and
// one test compares the backends' statuses and objectives on the same LPs.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include "fleetlp_io.h"
#include "kkt_gen.h"
#include "owned.h"
#include "test_settings.h"
extern "C" {
#include "backend.h"
}

namespace {

using flptest::GenLP;
using flptest::Result;

// One LP and what a solve of it must give.
struct Case {
  std::string name;
  std::function<void(flp_problem *, double *want)> make; // fills the LP and the objective expected
  flp_status status;
  void (*tweak)(flp_settings &);
};

void kkt(flp_problem *p, double *want, int rows, int cols, uint64_t seed, kkt_kind kind, bool maximize) {
  kkt_options o;
  kkt_options_default(&o, rows, cols, seed);
  o.kind = kind;
  o.maximize = maximize ? 1 : 0;
  kkt_certificate cert{};
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, p, &cert, &err), FLP_OK) << err.msg;
  *want = cert.objective;
  kkt_certificate_free(&cert);
}

std::string data_dir() {
  const char *env = std::getenv("FLEETLP_DATA_DIR");
  return env && *env ? env : FLEETLP_DEFAULT_DATA_DIR;
}

const char kNetlibPrefix[] = "netlib_"; // the cases read from the shared data

std::string netlib_path(const std::string &name) { return data_dir() + "/netlib/" + name + ".mps.gz"; }

bool file_exists(const std::string &path) {
  struct stat st;
  return stat(path.c_str(), &st) == 0;
}

// netlib models with their reference objectives (data/netlib/reference.csv).
void netlib(flp_problem *p, double *want, const char *name, double reference) {
  const std::string path = netlib_path(name);
  if (!file_exists(path)) GTEST_SKIP() << "shared data not found at " << path;
  flp_error err{};
  ASSERT_EQ(flp_read_mps(path.c_str(), p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  *want = reference;
}

std::vector<Case> cases() {
  using namespace std::placeholders;
  return {
      {"generated_min", std::bind(kkt, _1, _2, 150, 200, 3, KKT_OPTIMAL, false), FLP_OPTIMAL, nullptr},
      {"generated_max", std::bind(kkt, _1, _2, 120, 100, 4, KKT_OPTIMAL, true), FLP_OPTIMAL, nullptr},
      {"no_presolve", std::bind(kkt, _1, _2, 150, 200, 5, KKT_OPTIMAL, false), FLP_OPTIMAL,
       [](flp_settings &s) { s.presolve = 0; }},
      {"tight_rows_polish", std::bind(kkt, _1, _2, 100, 150, 31, KKT_OPTIMAL, false), FLP_OPTIMAL,
       [](flp_settings &s) { s.guard_tol = 1e-8; }},
      {"infeasible", std::bind(kkt, _1, _2, 60, 80, 7, KKT_INFEASIBLE_FARKAS, false),
       FLP_PRIMAL_INFEASIBLE, nullptr},
      {"unbounded", std::bind(kkt, _1, _2, 60, 80, 8, KKT_UNBOUNDED, false), FLP_DUAL_INFEASIBLE, nullptr},
      {"netlib_afiro", std::bind(netlib, _1, _2, "afiro", -464.7531429), FLP_OPTIMAL, nullptr},
      {"netlib_sc50a", std::bind(netlib, _1, _2, "sc50a", -64.57507706), FLP_OPTIMAL, nullptr},
      {"netlib_blend", std::bind(netlib, _1, _2, "blend", -30.81214985), FLP_OPTIMAL, nullptr},
  };
}

// The backends to run: every registered one, and cuda also when it is not
// built (so that its absence shows as a skip with the reason).
std::vector<std::string> backend_names() {
  std::vector<std::string> names;
  int count = 0;
  const flp_backend *const *list = flp_backends(&count);
  for (int i = 0; i < count; ++i) names.push_back(list[i]->name);
  if (!flp_cuda_backend()) names.push_back("cuda");
  return names;
}

// Empty when usable, else why not.
std::string unusable(const std::string &name) {
  const flp_backend *be = flp_backend_find(name.c_str());
  if (!be) return "this binary was built without the " + name + " backend";
  char desc[512] = "";
  return be->probe(desc, sizeof desc) == FLP_OK ? "" : desc;
}

bool gpu_required() {
  const char *req = std::getenv("FLEETLP_REQUIRE_GPU");
  return req && *req && std::strcmp(req, "0") != 0;
}

flp_settings settings_for(const std::string &backend, const Case &c) {
  flp_settings s = flptest::quiet_settings(1e-6);
  s.device = backend == "cpu" ? FLP_DEVICE_CPU : FLP_DEVICE_GPU;
  if (c.tweak) c.tweak(s);
  return s;
}

void expect_answer(const Case &c, const flp_result &r, double want, double tol) {
  ASSERT_EQ(r.status, c.status) << c.name << ": " << flp_status_name(r.status);
  if (c.status == FLP_OPTIMAL)
    EXPECT_NEAR(r.primal_obj, want, 1e-3 * (1 + std::fabs(want))) << c.name;
  if (c.status == FLP_PRIMAL_INFEASIBLE) EXPECT_NE(r.dual_ray, nullptr) << c.name;
  if (c.status == FLP_DUAL_INFEASIBLE) EXPECT_NE(r.primal_ray, nullptr) << c.name;
  (void)tol;
}

class BackendSolve : public testing::TestWithParam<std::tuple<std::string, int>> {};

TEST_P(BackendSolve, GivesTheKnownAnswer) {
  const std::string backend = std::get<0>(GetParam());
  const Case c = cases()[std::get<1>(GetParam())];
  const std::string why = unusable(backend);
  if (!why.empty()) {
    if (backend == "cuda" && gpu_required()) FAIL() << "cuda not usable under FLEETLP_REQUIRE_GPU: " << why;
    GTEST_SKIP() << backend << " backend not usable: " << why;
  }
  GenLP g;
  double want = 0;
  c.make(&g.p, &want);
  if (HasFatalFailure() || IsSkipped()) return;
  flp_settings s = settings_for(backend, c);
  Result r;
  flp_error err{};
  ASSERT_EQ(flp_solve(&g.p, &s, &r.r, &err), FLP_OK) << err.msg;
  expect_answer(c, r.r, want, s.tol);
  EXPECT_NE(std::string(r.r.device).find(backend == "cpu" ? "cpu" : "cuda"), std::string::npos)
      << r.r.device;
}

std::string case_label(const testing::TestParamInfo<std::tuple<std::string, int>> &i) {
  return std::get<0>(i.param) + "_" + cases()[std::get<1>(i.param)].name;
}

INSTANTIATE_TEST_SUITE_P(Backends, BackendSolve,
                         testing::Combine(testing::ValuesIn(backend_names()),
                                          testing::Range(0, static_cast<int>(cases().size()))),
                         case_label);

// The same LPs on every usable backend: the same statuses, and objectives
// within the tolerance of each other.
TEST(CrossBackend, SameStatusesAndObjectives) {
  std::vector<std::string> usable;
  for (const std::string &b : backend_names())
    if (unusable(b).empty()) usable.push_back(b);
  if (usable.size() < 2) {
    if (gpu_required()) FAIL() << "only one usable backend under FLEETLP_REQUIRE_GPU";
    GTEST_SKIP() << "only one usable backend (" << usable[0] << "): nothing to compare";
  }
  // A case whose shared data are missing is left out, not the whole test:
  // the generated ones are compared on every machine.
  std::string missing;
  for (const Case &c : cases()) {
    SCOPED_TRACE(c.name);
    if (c.name.rfind(kNetlibPrefix, 0) == 0 &&
        !file_exists(netlib_path(c.name.substr(sizeof kNetlibPrefix - 1)))) {
      missing += " " + c.name;
      continue;
    }
    GenLP g;
    double want = 0;
    c.make(&g.p, &want);
    if (HasFatalFailure()) return;
    std::vector<Result> results(usable.size());
    for (size_t b = 0; b < usable.size(); ++b) {
      flp_settings s = settings_for(usable[b], c);
      flp_error err{};
      ASSERT_EQ(flp_solve(&g.p, &s, &results[b].r, &err), FLP_OK) << usable[b] << ": " << err.msg;
    }
    for (size_t b = 1; b < usable.size(); ++b) {
      EXPECT_EQ(results[b].r.status, results[0].r.status) << usable[b] << " vs " << usable[0];
      if (results[0].r.status == FLP_OPTIMAL)
        EXPECT_NEAR(results[b].r.primal_obj, results[0].r.primal_obj,
                    1e-5 * (1 + std::fabs(results[0].r.primal_obj)))
            << usable[b] << " vs " << usable[0];
    }
  }
  if (!missing.empty())
    std::printf("CrossBackend: left out for want of shared data at %s:%s\n", data_dir().c_str(), missing.c_str());
}

}  // namespace
