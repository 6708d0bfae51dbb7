// Fleet planning end to end: the builder's LP against Clp (through
// `fleetlp plan --export-lp`), shadow prices against re-planning with a little
// more capacity, power and budget, the plan file, the report and its
// pictures, exit codes, and the example models in datasets/examples.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "fleetlp_fleet.h"
#include "temp_files.h"
#include "test_settings.h"

namespace {

struct Fleet {
  flp_fleet f{};
  Fleet() = default;
  Fleet(const Fleet &) = delete;
  Fleet &operator=(const Fleet &) = delete;
  ~Fleet() { flp_fleet_free(&f); }
};

// A fleet's LP, solved, and its plan.
struct Planned {
  flp_fleet_lp lp{};
  flp_result res{};
  flp_fleet_plan plan{};
  Planned() = default;
  Planned(const Planned &) = delete;
  Planned &operator=(const Planned &) = delete;
  ~Planned() {
    flp_fleet_plan_free(&plan);
    flp_result_free(&res);
    flp_fleet_lp_free(&lp);
  }
};

flp_fleet_gen_options opts(int nodes, int slots, int classes, uint64_t seed) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = nodes;
  o.slots = slots;
  o.classes = classes;
  o.seed = seed;
  return o;
}

flp_settings tight(double tol) { return flptest::quiet_settings(tol); }

// Builds and solves f, after raising the upper bounds of some LP rows.
void plan(const flp_fleet &f, Planned &out, double tol,
          const std::vector<std::pair<int64_t, double>> &bumps = {}) {
  flp_error err{};
  ASSERT_EQ(flp_fleet_build(&f, FLP_FLEET_NAMES_OFF, &out.lp, &err), FLP_OK) << err.msg;
  for (auto &b : bumps) out.lp.problem.row_upper[b.first] += b.second;
  flp_settings s = tight(tol);
  ASSERT_EQ(flp_solve(&out.lp.problem, &s, &out.res, &err), FLP_OK) << err.msg;
  ASSERT_EQ(out.res.status, FLP_OPTIMAL);
  ASSERT_EQ(flp_fleet_plan_compute(&f, &out.lp, &out.res, &out.plan, &err), FLP_OK) << err.msg;
}

bool have_clp() { return std::system("command -v clp >/dev/null 2>&1") == 0; }

// Clp's optimal objective of an MPS file (NaN when it does not say "Optimal").
// Clp ignores an OBJSENSE section, so a maximisation is asked for explicitly.
double clp_objective(const std::string &mps) {
  std::string text = flptest::read_file(mps);
  bool max = text.find("OBJSENSE\n    MAX") != std::string::npos;
  std::string cmd = "clp '" + mps + "'" + (max ? " -maximize" : "") + " -solve 2>&1";
  FILE *p = popen(cmd.c_str(), "r");
  if (!p) return NAN;
  char line[4096];
  double v = NAN;
  while (std::fgets(line, sizeof line, p)) {
    const char *at = std::strstr(line, "Optimal objective");
    if (at) v = std::strtod(at + std::strlen("Optimal objective"), nullptr);
  }
  pclose(p);
  return v;
}

int run(const std::string &args) {
  std::string cmd = std::string("'") + FLEETLP_CLI + "' " + flptest::with_test_device(args);
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

double root_attr(const std::string &path, const char *name) {
  double v = NAN;
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return v;
  hid_t a = H5Aopen(f, name, H5P_DEFAULT);
  if (a >= 0) {
    H5Aread(a, H5T_NATIVE_DOUBLE, &v);
    H5Aclose(a);
  }
  H5Fclose(f);
  return v;
}

std::string root_string(const std::string &path, const char *name) {
  std::string out;
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return out;
  hid_t a = H5Aopen(f, name, H5P_DEFAULT);
  if (a >= 0) {
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    H5Tset_cset(t, H5T_CSET_UTF8);
    char *s = nullptr;
    if (H5Aread(a, t, &s) >= 0 && s) {
      out = s;
      H5free_memory(s);
    }
    H5Tclose(t);
    H5Aclose(a);
  }
  H5Fclose(f);
  return out;
}

// ---- the builder's LP against Clp ------------------------------------------------

struct ClpCase {
  const char *what;
  int nodes, slots, classes;
  double tightness;
  int budget;
  uint64_t seed;
};

TEST(FleetPlan, MatchesClp) {
  if (!have_clp()) GTEST_SKIP() << "clp is not installed (apt-get install coinor-clp)";
  const ClpCase cases[] = {
      {"default knobs", 24, 6, 4, 0.9, 0, 1},
      {"tight, budget row", 30, 8, 6, 1.3, 1, 2},
      {"deferrable work over 12 slots", 16, 12, 3, 1.1, 0, 3},
      {"one slot", 20, 1, 5, 1.0, 1, 4},
  };
  for (const ClpCase &c : cases) {
    flptest::TempDir dir;
    flp_fleet_gen_options o = opts(c.nodes, c.slots, c.classes, c.seed);
    o.tightness = c.tightness;
    o.budget_row = c.budget;
    Fleet f;
    flp_error err{};
    ASSERT_EQ(flp_fleet_generate(&o, &f.f, &err), FLP_OK) << err.msg;
    std::string fleet = dir.file("fleet.h5"), out = dir.file("plan.h5"), mps = dir.file("lp.mps");
    ASSERT_EQ(flp_fleet_write_h5(fleet.c_str(), &f.f, -1, &err), FLP_OK) << err.msg;
    ASSERT_EQ(run("plan '" + fleet + "' -o '" + out + "' --export-lp '" + mps +
                  "' --threads 1 --tol 1e-6 --quiet"),
              0)
        << c.what;
    // a relative gap of 1e-6 lets the objective move by about 2e-6 of itself
    double ours = root_attr(out, "objective");
    double clp = clp_objective(mps);
    ASSERT_TRUE(std::isfinite(clp)) << c.what << ": clp gave no optimum";
    EXPECT_NEAR(ours, clp, 1e-5 * (1 + std::fabs(clp))) << c.what;
    EXPECT_EQ(root_string(out, "status"), "OPTIMAL");
  }
}

// ---- shadow prices ---------------------------------------------------------------

// One more unit of a limit must move the optimum by (about) its value. The LP
// is generic (random data), so the duals are unique and small steps stay in
// the same basis.
class ShadowPrices : public testing::Test {
 protected:
  Fleet fleet;
  Planned base;
  static constexpr double kTol = 1e-8;

  void SetUp() override {
    flp_fleet_gen_options o = opts(24, 4, 4, 17);
    o.tightness = 1.25;
    o.budget_row = 1;
    flp_error err{};
    ASSERT_EQ(flp_fleet_generate(&o, &fleet.f, &err), FLP_OK) << err.msg;
    plan(fleet.f, base, kTol);
  }

  void expect_move(double predicted, double actual, const char *what) {
    double scale = 1 + std::fabs(base.res.primal_obj);
    EXPECT_GT(std::fabs(predicted), 1e-6 * scale) << what << ": too small a move to test";
    EXPECT_NEAR(actual, predicted, 0.02 * std::fabs(predicted) + 1e-7 * scale) << what;
  }
};

TEST_F(ShadowPrices, CapacityOfOneNodeSlot) {
  const flp_fleet &f = fleet.f;
  const flp_fleet_lp &lp = base.lp;
  // the binding capacity row worth most
  int64_t best_row = -1, best_n = 0, best_j = 0, best_t = 0;
  double best = 0;
  for (int n = 0; n < f.num_nodes; ++n)
    for (int64_t j = lp.capacity_ptr[n]; j < lp.capacity_ptr[n + 1]; ++j)
      for (int t = 0; t < f.num_slots; ++t) {
        int r = lp.capacity_resource[j];
        double v = base.plan.value_capacity[((size_t)n * f.num_slots + t) * f.num_resources + r];
        if (v > best) {
          best = v;
          best_row = lp.capacity_begin + t * lp.capacity_per_slot + j;
          best_n = n, best_j = j, best_t = t;
        }
      }
  ASSERT_GE(best_row, 0) << "no binding capacity row in the test fleet";
  // a little more of that resource on that node in that slot, in planner units
  int r = lp.capacity_resource[best_j];
  double usable = f.capacity[best_n * f.num_resources + r] -
                  (r == f.power_resource ? f.idle_power[best_n] : 0);
  double delta = 0.002 * usable;
  Planned more;
  plan(f, more, kTol, {{best_row, delta / lp.row_scale[best_row]}});
  expect_move(-best * delta, more.res.primal_obj - base.res.primal_obj, "node-slot capacity");
  (void)best_t;
}

// The report's "one more unit for the whole horizon": the node's capacity
// rises in every slot (times its availability there). Done on the LP rows:
// in the fleet, more capacity would also make each unit's share of the
// node's running cost smaller, which is a different question.
TEST_F(ShadowPrices, CapacityOfOneNodeOverTheHorizon) {
  const flp_fleet &f = fleet.f;
  const flp_fleet_lp &lp = base.lp;
  const int T = f.num_slots, R = f.num_resources;
  int64_t bn = -1, bj = -1;
  double best = 0;
  for (int n = 0; n < f.num_nodes; ++n)
    for (int64_t j = lp.capacity_ptr[n]; j < lp.capacity_ptr[n + 1]; ++j) {
      int r = lp.capacity_resource[j];
      double v = 0;
      for (int t = 0; t < T; ++t)
        v += base.plan.value_capacity[((size_t)n * T + t) * R + r] * f.availability[(size_t)n * T + t];
      if (v > best) best = v, bn = n, bj = j;
    }
  ASSERT_GE(bn, 0);
  int r = lp.capacity_resource[bj];
  double delta = 0.002 * (f.capacity[(size_t)bn * R + r] - (r == f.power_resource ? f.idle_power[bn] : 0));
  std::vector<std::pair<int64_t, double>> bumps;
  for (int t = 0; t < T; ++t) {
    int64_t row = lp.capacity_begin + t * lp.capacity_per_slot + bj;
    bumps.push_back({row, delta * f.availability[(size_t)bn * T + t] / lp.row_scale[row]});
  }
  Planned more;
  plan(f, more, kTol, bumps);
  expect_move(-best * delta, more.res.primal_obj - base.res.primal_obj, "node capacity, all slots");
}

TEST_F(ShadowPrices, Budget) {
  flp_fleet &f = fleet.f;
  ASSERT_TRUE(std::isfinite(f.budget));
  ASSERT_GT(base.plan.value_budget, 0) << "the budget binds in the test fleet";
  double delta = 1e-3 * f.budget;
  f.budget += delta;
  Planned more;
  plan(f, more, kTol);
  expect_move(-base.plan.value_budget * delta, more.res.primal_obj - base.res.primal_obj, "budget");
}

TEST_F(ShadowPrices, RackPower) {
  flp_fleet &f = fleet.f;
  const int T = f.num_slots;
  // squeeze the racks' power to 40% of their head room above idle, so it binds
  for (int q = 0; q < f.num_racks; ++q)
    for (int t = 0; t < T; ++t) {
      double idle = 0;
      for (int n = 0; n < f.num_nodes; ++n)
        if (f.node_rack[n] == q) idle += f.idle_power[n] * f.availability[(size_t)n * T + t];
      double &cap = f.rack_power[(size_t)q * T + t];
      cap = idle + 0.4 * (cap - idle);
    }
  Planned squeezed;
  plan(f, squeezed, kTol);
  int bi = -1;
  double best = 0;
  for (int i = 0; i < f.num_racks * T; ++i)
    if (squeezed.plan.value_rack_power[i] > best) best = squeezed.plan.value_rack_power[i], bi = i;
  ASSERT_GE(bi, 0) << "no rack power limit binds";
  double delta = 1e-3 * f.rack_power[bi];
  f.rack_power[bi] += delta;
  Planned more;
  plan(f, more, kTol);
  double scale = 1 + std::fabs(squeezed.res.primal_obj);
  double predicted = -best * delta, actual = more.res.primal_obj - squeezed.res.primal_obj;
  EXPECT_GT(std::fabs(predicted), 1e-6 * scale);
  EXPECT_NEAR(actual, predicted, 0.02 * std::fabs(predicted) + 1e-7 * scale) << "rack power";
}

TEST_F(ShadowPrices, CostBreakdownAddsUp) {
  const flp_fleet_plan &p = base.plan;
  double parts = p.cost_running + p.cost_energy + p.cost_carbon + p.cost_unserved +
                 p.cost_deferral + p.cost_fixed_energy + p.cost_fixed_carbon;
  EXPECT_NEAR(parts, p.cost_total, 1e-9 * (1 + std::fabs(p.cost_total)));
  EXPECT_NEAR(p.cost_total, base.res.primal_obj, 1e-6 * (1 + std::fabs(p.cost_total)));
  // served + unserved + carried-in - carried-out = demand, per class and slot
  const flp_fleet &f = fleet.f;
  for (int k = 0; k < f.num_classes; ++k)
    for (int t = 0; t < f.num_slots; ++t) {
      size_t i = (size_t)k * f.num_slots + t;
      double carried_in = t > 0 ? p.deferred[i - 1] : 0;
      EXPECT_NEAR(p.served[i] + p.unserved[i] + p.deferred[i] - carried_in, f.demand[i],
                  1e-5 * (1 + f.demand[i]));
    }
}

// ---- plan file, report, exit codes -------------------------------------------------

TEST(FleetCli, PlanAndReport) {
  flptest::TempDir dir;
  std::string fleet = dir.file("fleet.h5"), out = dir.file("plan.h5"), rep = dir.file("rep");
  ASSERT_EQ(run("fleet generate -o '" + fleet +
                "' --nodes 40 --slots 8 --classes 5 --budget-row on --seed 5 >/dev/null"),
            0);
  ASSERT_EQ(run("fleet check '" + fleet + "' >/dev/null"), 0);
  ASSERT_EQ(run("plan '" + fleet + "' -o '" + out + "' --threads 1 --quiet"), 0);
  EXPECT_EQ(root_string(out, "format"), "fleetlp-plan");
  EXPECT_FALSE(std::ifstream(out + ".tmp").good());
  EXPECT_FALSE(std::ifstream(out + ".solver").good());
  ASSERT_EQ(run("report '" + out + "' --out-dir '" + rep + "' > '" + dir.file("stdout") + "'"), 0);
  std::string text = flptest::read_file(rep + "/report.txt");
  EXPECT_EQ(text, flptest::read_file(dir.file("stdout")));
  for (const char *frag : {"OPTIMAL", "total", "unserved", "utilisation", "most valuable",
                           "budget"})
    EXPECT_NE(text.find(frag), std::string::npos) << frag << " in\n" << text;
  for (const char *svg : {"/utilisation.svg", "/convergence.svg"}) {
    std::string s = flptest::read_file(rep + svg);
    EXPECT_GT(s.size(), 500u) << svg;
    EXPECT_EQ(s.rfind("<?xml", 0), 0u) << svg;
    EXPECT_NE(s.find("</svg>"), std::string::npos) << svg;
  }
  EXPECT_NE(flptest::read_file(rep + "/convergence.svg").find("<polyline"), std::string::npos);
  EXPECT_NE(flptest::read_file(rep + "/utilisation.svg").find("<rect"), std::string::npos);
  // the plan's layout: a few of its items through plain HDF5
  hid_t f = H5Fopen(out.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  for (const char *item : {"/allocations/amount", "/utilisation/nodes", "/utilisation/racks",
                           "/demand/unserved", "/demand/deferred", "/costs/per_slot",
                           "/shadow_prices/capacity", "/shadow_prices/rack_power",
                           "/shadow_prices/datacenter_power", "/shadow_prices/rack_bandwidth",
                           "/solver/x", "/solver/y", "/solver/history"})
    EXPECT_GT(H5Lexists(f, item, H5P_DEFAULT), 0) << item;
  H5Fclose(f);
}

TEST(FleetCli, ExitCodes) {
  flptest::TempDir dir;
  std::string fleet = dir.file("fleet.h5"), out = dir.file("plan.h5");
  ASSERT_EQ(run("fleet generate -o '" + fleet + "' --nodes 30 --slots 6 --classes 4 >/dev/null"), 0);
  // a limit still writes the plan, marked as such
  EXPECT_EQ(run("plan '" + fleet + "' -o '" + out + "' --iter-limit 64 --threads 1 --quiet"), 12);
  EXPECT_EQ(root_string(out, "status"), "ITERATION_LIMIT");
  EXPECT_EQ(run("plan '" + dir.file("missing.h5") + "' -o '" + out + "' --quiet 2>/dev/null"), 2);
  EXPECT_EQ(run("plan '" + fleet + "' --quiet 2>/dev/null"), 2) << "no -o";
  EXPECT_EQ(run("plan '" + fleet + "' -o '" + out + "' --tol nope 2>/dev/null"), 2);
  EXPECT_EQ(run("fleet generate -o '" + fleet + "' --tightness -1 2>/dev/null"), 2);
  EXPECT_EQ(run("fleet frobnicate 2>/dev/null"), 2);
  EXPECT_EQ(run("report '" + fleet + "' --no-files >/dev/null 2>&1"), 2) << "a fleet is no plan";
}

// ---- examples (datasets/examples) against Clp ------------------------------------

TEST(FleetExamples, MatchClp) {
  if (!have_clp()) GTEST_SKIP() << "clp is not installed (apt-get install coinor-clp)";
  const char *examples[] = {"procurement.mps", "production.mps", "energy_shift.mps",
                            "capacity_small.mps"};
  for (const char *name : examples) {
    std::string path = std::string(FLEETLP_SOURCE_DIR) + "/datasets/examples/" + name;
    flp_problem p{};
    flp_error err{};
    ASSERT_EQ(flp_read_mps(path.c_str(), &p, nullptr, nullptr, &err), FLP_OK) << err.msg;
    flp_settings s = tight(1e-7);
    flp_result res{};
    ASSERT_EQ(flp_solve(&p, &s, &res, &err), FLP_OK) << err.msg;
    EXPECT_EQ(res.status, FLP_OPTIMAL) << name;
    double clp = clp_objective(path);
    ASSERT_TRUE(std::isfinite(clp)) << name;
    EXPECT_NEAR(res.primal_obj, clp, 1e-4 * (1 + std::fabs(clp))) << name;
    flp_result_free(&res);
    flp_problem_free(&p);
  }
}

// The hand-written fleet of docs/fleet.md, written by h5py (variable-length
// strings, numpy bools as HDF5 enums, inf limits), planned and checked.
TEST(FleetExamples, HandWrittenFleetFromH5py) {
  const char *python = "/usr/bin/python3";
  std::string probe = std::string(python) + " -c 'import h5py, numpy' >/dev/null 2>&1";
  if (access(python, X_OK) != 0 || std::system(probe.c_str()) != 0)
    GTEST_SKIP() << "needs /usr/bin/python3 with h5py and numpy";
  if (!have_clp()) GTEST_SKIP() << "clp is not installed (apt-get install coinor-clp)";
  flptest::TempDir dir;
  std::string fleet = dir.file("tiny.h5"), out = dir.file("plan.h5"), mps = dir.file("tiny.mps");
  std::string script = std::string(FLEETLP_SOURCE_DIR) + "/datasets/examples/tiny_fleet.py";
  ASSERT_EQ(std::system((std::string(python) + " '" + script + "' '" + fleet + "'").c_str()), 0);
  Fleet f;
  flp_error err{};
  ASSERT_EQ(flp_fleet_read_h5(fleet.c_str(), &f.f, &err), FLP_OK) << err.msg;
  EXPECT_EQ(f.f.num_nodes, 4);
  EXPECT_EQ(f.f.power_resource, 3);
  EXPECT_TRUE(std::isinf(f.f.rack_power[1 * 3 + 0])) << "inf in the file: no limit";
  EXPECT_EQ(f.f.eligible[0 * 3 + 2], 0);
  ASSERT_EQ(run("plan '" + fleet + "' -o '" + out + "' --export-lp '" + mps +
                "' --tol 1e-6 --threads 1 --quiet"),
            0);
  double clp = clp_objective(mps);
  EXPECT_NEAR(root_attr(out, "objective"), clp, 1e-4 * (1 + std::fabs(clp)));
}

}  // namespace
