// Fleet scenarios: the /scenarios group (round trip, bad inputs named by
// dataset and scenario, exit 2), the generator, the batch built from them
// (each scenario equal to a solo solve of the fleet with that scenario
// applied, and to Clp), and `plan --scenarios` / `report` end to end.
#include <gtest/gtest.h>
#include <hdf5.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <sstream>
#include <string>
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

struct Scenarios {
  flp_fleet_scenarios s{};
  Scenarios() = default;
  Scenarios(const Scenarios &) = delete;
  Scenarios &operator=(const Scenarios &) = delete;
  ~Scenarios() { flp_fleet_scenarios_free(&s); }
};

struct ScenarioLp {
  flp_fleet_scenario_lp s{};
  ScenarioLp() = default;
  ScenarioLp(const ScenarioLp &) = delete;
  ScenarioLp &operator=(const ScenarioLp &) = delete;
  ~ScenarioLp() { flp_fleet_scenario_lp_free(&s); }
};

struct Results {
  std::vector<flp_result> r;
  explicit Results(size_t n) : r(n) { std::memset(r.data(), 0, n * sizeof(flp_result)); }
  ~Results() {
    for (auto &x : r) flp_result_free(&x);
  }
};

// The size the issue names: 20 nodes x 6 slots x 3 classes.
void small_fleet(Fleet &f, double tightness = 1.1, int budget = 0, uint64_t seed = 3) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 20;
  o.slots = 6;
  o.classes = 3;
  o.tightness = tightness;
  o.budget_row = budget;
  o.seed = seed;
  flp_error err{};
  ASSERT_EQ(flp_fleet_generate(&o, &f.f, &err), FLP_OK) << err.msg;
}

int run(const std::string &args) {
  std::string cmd = std::string("'") + FLEETLP_CLI + "' " + flptest::with_test_device(args);
  int st = std::system(cmd.c_str());
  return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

bool have_clp() { return std::system("command -v clp >/dev/null 2>&1") == 0; }

// Clp's optimal objective of a (minimisation) MPS file; NaN when not optimal.
double clp_objective(const std::string &mps) {
  std::string cmd = "clp '" + mps + "' -solve 2>&1";
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

std::vector<double> read_doubles(const std::string &path, const char *dset, size_t n) {
  std::vector<double> v(n, NAN);
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return v;
  hid_t d = H5Dopen2(f, dset, H5P_DEFAULT);
  if (d >= 0) {
    hid_t s = H5Dget_space(d);
    EXPECT_EQ((size_t)H5Sget_simple_extent_npoints(s), n) << dset;
    if ((size_t)H5Sget_simple_extent_npoints(s) == n)
      H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    H5Sclose(s);
    H5Dclose(d);
  }
  H5Fclose(f);
  return v;
}

size_t count_lines(const std::string &text) {
  size_t n = 0;
  for (char c : text) n += c == '\n';
  return n;
}

// ---- generator --------------------------------------------------------------------

TEST(FleetScenarioGenerator, DeterministicAndOrdered) {
  Fleet f;
  small_fleet(f);
  Scenarios a, b, c;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_generate(&f.f, 7, 11, &a.s, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_fleet_scenarios_generate(&f.f, 7, 11, &b.s, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_fleet_scenarios_generate(&f.f, 7, 12, &c.s, &err), FLP_OK) << err.msg;
  const size_t KCT = 7 * 3 * 6;
  ASSERT_TRUE(a.s.demand_scale && a.s.energy_price_scale && a.s.outage);
  EXPECT_EQ(std::memcmp(a.s.demand_scale, b.s.demand_scale, KCT * sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(a.s.outage, b.s.outage, 7 * 20), 0);
  EXPECT_NE(std::memcmp(a.s.demand_scale, c.s.demand_scale, KCT * sizeof(double)), 0);
  EXPECT_STREQ(a.s.names[0], "p10");
  EXPECT_STREQ(a.s.names[1], "p50");
  EXPECT_STREQ(a.s.names[2], "p90");
  for (size_t i = 0; i < 3 * 6; ++i) {  // P10 <= P50 = 1 <= P90, slot by slot
    EXPECT_LT(a.s.demand_scale[i], 1.0);
    EXPECT_EQ(a.s.demand_scale[18 + i], 1.0);
    EXPECT_GT(a.s.demand_scale[36 + i], 1.0);
  }
  int outages = 0, dear = 0;
  for (int k = 0; k < 7; ++k) {
    for (int n = 0; n < 20; ++n) outages += a.s.outage[k * 20 + n];
    dear += a.s.energy_price_scale[k * 6] > 1;
  }
  EXPECT_GE(outages, 1);
  EXPECT_GE(dear, 1);
  EXPECT_EQ(flp_fleet_scenarios_validate(&f.f, &a.s, "gen", &err), FLP_OK) << err.msg;
}

TEST(FleetScenarioGenerator, NoPricePathWithABudget) {
  Fleet f;
  small_fleet(f, 1.1, 1);
  Scenarios a;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_generate(&f.f, 6, 1, &a.s, &err), FLP_OK) << err.msg;
  EXPECT_EQ(a.s.energy_price_scale, nullptr);
  EXPECT_EQ(a.s.energy_price, nullptr);
}

// ---- the file ----------------------------------------------------------------------

TEST(FleetScenarioFile, RoundTrip) {
  flptest::TempDir dir;
  Fleet f;
  small_fleet(f);
  Scenarios a;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_alloc(&a.s, &f.f, 3,
                                      FLP_FLEET_SCEN_DEMAND | FLP_FLEET_SCEN_PRICE |
                                          FLP_FLEET_SCEN_OUTAGE,
                                      &err),
            FLP_OK);
  for (size_t i = 0; i < 3 * 3 * 6; ++i) a.s.demand_scale[i] = 0.5 + 0.01 * (double)i;
  for (size_t i = 0; i < 3 * (size_t)f.f.num_datacenters * 6; ++i) a.s.energy_price[i] = -0.01 * (double)i;
  a.s.outage[2 * 20 + 5] = 1;
  free(a.s.names[1]);
  a.s.names[1] = strdup("high-demand+2");
  std::string path = dir.file("fleet.h5");
  ASSERT_EQ(flp_fleet_write_h5_scenarios(path.c_str(), &f.f, &a.s, 1, &err), FLP_OK) << err.msg;
  EXPECT_EQ(flp_fleet_file_has_scenarios(path.c_str()), 1);
  Fleet g;
  ASSERT_EQ(flp_fleet_read_h5(path.c_str(), &g.f, &err), FLP_OK) << err.msg;
  Scenarios b;
  ASSERT_EQ(flp_fleet_scenarios_read_h5(path.c_str(), &g.f, &b.s, &err), FLP_OK) << err.msg;
  ASSERT_EQ(b.s.count, 3);
  EXPECT_STREQ(b.s.names[0], "s0");
  EXPECT_STREQ(b.s.names[1], "high-demand+2");
  EXPECT_EQ(std::memcmp(a.s.demand_scale, b.s.demand_scale, 54 * sizeof(double)), 0);
  EXPECT_EQ(std::memcmp(a.s.energy_price, b.s.energy_price,
                        3 * (size_t)f.f.num_datacenters * 6 * sizeof(double)),
            0);
  EXPECT_EQ(std::memcmp(a.s.outage, b.s.outage, 60), 0);
  EXPECT_EQ(b.s.energy_price_scale, nullptr);

  // a fleet file without scenarios says so
  std::string plain = dir.file("plain.h5");
  ASSERT_EQ(flp_fleet_write_h5(plain.c_str(), &f.f, 0, &err), FLP_OK);
  EXPECT_EQ(flp_fleet_file_has_scenarios(plain.c_str()), 0);
  Scenarios c;
  EXPECT_EQ(flp_fleet_scenarios_read_h5(plain.c_str(), &g.f, &c.s, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("/scenarios: missing"), std::string::npos) << err.msg;
  EXPECT_EQ(run("plan '" + plain + "' --scenarios -o '" + dir.file("p.h5") + "' --quiet 2>/dev/null"),
            2);
}

class FleetScenarioFileErrors : public testing::Test {
 protected:
  flptest::TempDir dir;
  std::string path;

  void SetUp() override {
    Fleet f;
    small_fleet(f);
    Scenarios s;
    flp_error err{};
    ASSERT_EQ(flp_fleet_scenarios_generate(&f.f, 4, 1, &s.s, &err), FLP_OK) << err.msg;
    path = dir.file("fleet.h5");
    ASSERT_EQ(flp_fleet_write_h5_scenarios(path.c_str(), &f.f, &s.s, 0, &err), FLP_OK) << err.msg;
  }

  void spoil(const std::function<void(hid_t)> &change) {
    hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    change(file);
    H5Fclose(file);
  }

  static void rewrite(hid_t file, const char *dset, int rank, const hsize_t *dims,
                      const std::vector<double> &values) {
    H5Ldelete(file, dset, H5P_DEFAULT);
    hid_t s = H5Screate_simple(rank, dims, nullptr);
    hid_t d = H5Dcreate2(file, dset, H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    ASSERT_GE(d, 0) << dset;
    ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(d);
    H5Sclose(s);
  }

  // Reading fails with every fragment in the message; the CLI exits 2.
  void expect_error(std::initializer_list<const char *> fragments) {
    Fleet f;
    flp_error err{};
    ASSERT_EQ(flp_fleet_read_h5(path.c_str(), &f.f, &err), FLP_OK) << err.msg;
    Scenarios s;
    EXPECT_EQ(flp_fleet_scenarios_read_h5(path.c_str(), &f.f, &s.s, &err), FLP_ERR_INPUT);
    std::string msg = err.msg;
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    for (const char *frag : fragments) EXPECT_NE(msg.find(frag), std::string::npos) << msg;
    EXPECT_EQ(run("plan '" + path + "' --scenarios -o '" + dir.file("plan.h5") +
                  "' --quiet 2>/dev/null"),
              2);
    EXPECT_EQ(run("fleet check '" + path + "' >/dev/null 2>&1"), 2);
  }
};

TEST_F(FleetScenarioFileErrors, NegativeDemandScale) {
  spoil([](hid_t f) {
    const hsize_t dims[3] = {4, 3, 6};
    std::vector<double> v(72, 1.0);
    v[1 * 18 + 2 * 6 + 4] = -0.5;  // scenario 1 (p50), class 2, slot 4
    rewrite(f, "/scenarios/demand_scale", 3, dims, v);
  });
  expect_error({"/scenarios/demand_scale", "-0.5", "scenario 'p50' (1)", "slot 4", "negative"});
}

TEST_F(FleetScenarioFileErrors, NaNPriceScale) {
  spoil([](hid_t f) {
    const hsize_t dims[2] = {4, 6};
    std::vector<double> v(24, 1.0);
    v[3 * 6 + 2] = NAN;
    rewrite(f, "/scenarios/energy_price_scale", 2, dims, v);
  });
  expect_error({"/scenarios/energy_price_scale", "scenario 'mc01", "(3)", "slot 2", "NaN"});
}

TEST_F(FleetScenarioFileErrors, WrongShape) {
  spoil([](hid_t f) {
    const hsize_t dims[2] = {4, 19};
    rewrite(f, "/scenarios/outage", 2, dims, std::vector<double>(76, 0.0));
  });
  expect_error({"/scenarios/outage", "shape [4 x 19]", "expected [4 scenarios x 20 nodes]"});
}

TEST_F(FleetScenarioFileErrors, OutageNotZeroOne) {
  spoil([](hid_t f) {
    const hsize_t dims[2] = {4, 20};
    std::vector<double> v(80, 0.0);
    v[2 * 20 + 7] = 2;
    rewrite(f, "/scenarios/outage", 2, dims, v);
  });
  expect_error({"/scenarios/outage", "scenario 'p90' (2)", "node", "expected 0 or 1"});
}

TEST_F(FleetScenarioFileErrors, DuplicateNamesAndBothPriceForms) {
  spoil([](hid_t f) {
    H5Ldelete(f, "/scenarios/names", H5P_DEFAULT);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 8);
    const hsize_t dims[1] = {4};
    hid_t s = H5Screate_simple(1, dims, nullptr);
    hid_t d = H5Dcreate2(f, "/scenarios/names", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const char names[4][8] = {"a", "b", "a", "c"};
    H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
    H5Dclose(d);
    H5Sclose(s);
    H5Tclose(t);
  });
  expect_error({"/scenarios/names", "scenarios 0 and 2", "'a'"});
  spoil([](hid_t f) {
    H5Ldelete(f, "/scenarios/names", H5P_DEFAULT);
    const char *names[4] = {"a", "b", "c", "d"};
    flp_error err{};
    (void)err;
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    const hsize_t dims[1] = {4};
    hid_t s = H5Screate_simple(1, dims, nullptr);
    hid_t d = H5Dcreate2(f, "/scenarios/names", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
    H5Dclose(d);
    H5Sclose(s);
    H5Tclose(t);
    const hsize_t pd[3] = {4, 1, 6};
    rewrite(f, "/scenarios/energy_price", 3, pd, std::vector<double>(24, 0.1));
  });
  expect_error({"/scenarios", "both energy_price_scale and energy_price"});
}

TEST(FleetScenarioValidate, InMemory) {
  Fleet f;
  small_fleet(f);
  Scenarios s;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_alloc(&s.s, &f.f, 2, FLP_FLEET_SCEN_PRICE_SCALE, &err), FLP_OK);
  EXPECT_EQ(flp_fleet_scenarios_validate(&f.f, &s.s, "mem", &err), FLP_OK) << err.msg;
  s.s.energy_price_scale[6 + 3] = INFINITY;
  EXPECT_EQ(flp_fleet_scenarios_validate(&f.f, &s.s, "mem", &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("scenario 's1' (1) slot 3 must be finite"), std::string::npos)
      << err.msg;
  s.s.energy_price_scale[6 + 3] = 1;
  free(s.s.names[1]);
  s.s.names[1] = strdup("has space");
  EXPECT_EQ(flp_fleet_scenarios_validate(&f.f, &s.s, "mem", &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("[A-Za-z0-9_.+-]"), std::string::npos) << err.msg;
}

// ---- the batch ---------------------------------------------------------------------

// Fleet, its 4 generated scenarios (p10, p50, p90, mc01-hiprice-outage) and
// the batch solved at a tight tolerance.
class ScenarioBatch : public testing::Test {
 protected:
  Fleet fleet;
  Scenarios fs;
  ScenarioLp slp;
  static constexpr double kTol = 1e-7;

  void SetUp() override {
    small_fleet(fleet);
    flp_error err{};
    ASSERT_EQ(flp_fleet_scenarios_generate(&fleet.f, 4, 5, &fs.s, &err), FLP_OK) << err.msg;
    ASSERT_TRUE(fs.s.outage && fs.s.energy_price_scale);
    int out = 0;
    for (int n = 0; n < 20; ++n) out += fs.s.outage[3 * 20 + n];
    ASSERT_EQ(out, 1) << "one outage, in scenario 3";
    ASSERT_EQ(flp_fleet_build_scenarios(&fleet.f, &fs.s, FLP_FLEET_NAMES_ON, &slp.s, &err), FLP_OK)
        << err.msg;
  }

  void solve_batch(Results &res) {
    flp_settings s = flptest::quiet_settings(kTol);
    flp_error err{};
    ASSERT_EQ(flp_solve_batch(&slp.s.lp.problem, &slp.s.sc, &s, res.r.data(), &err), FLP_OK)
        << err.msg;
  }
};

// The scenario's data, taken from the builder on the scenario's fleet, equal
// what a solo build of that fleet gives (the outage node's columns aside,
// which the batch also fixes at 0), and its solve the solo solve's.
TEST_F(ScenarioBatch, EachScenarioEqualsASoloSolve) {
  Results res(4);
  solve_batch(res);
  flp_settings s = flptest::quiet_settings(kTol);
  for (int k = 0; k < 4; ++k) {
    Fleet work;
    flp_error err{};
    ASSERT_EQ(flp_fleet_copy(&fleet.f, &work.f, &err), FLP_OK);
    ASSERT_EQ(flp_fleet_scenario_apply(&fleet.f, &fs.s, k, &work.f, &err), FLP_OK);
    flp_fleet_lp solo{};
    ASSERT_EQ(flp_fleet_build(&work.f, FLP_FLEET_NAMES_OFF, &solo, &err), FLP_OK) << err.msg;
    flp_problem mine{};
    ASSERT_EQ(flp_fleet_scenario_problem(&slp.s, k, &mine, &err), FLP_OK);
    const flp_problem &p = solo.problem;
    ASSERT_EQ(p.num_rows, mine.num_rows);
    ASSERT_EQ(p.num_cols, mine.num_cols);
    EXPECT_EQ(p.obj_offset, mine.obj_offset) << k;
    for (int32_t j = 0; j < p.num_cols; ++j) {
      EXPECT_EQ(p.obj[j], mine.obj[j]) << "scenario " << k << " column " << j;
      EXPECT_EQ(p.col_lower[j], mine.col_lower[j]);
      if (p.col_upper[j] != mine.col_upper[j]) {  // only the outage node's allocations
        EXPECT_EQ(mine.col_upper[j], 0.0);
        EXPECT_LT(j, solo.num_pairs * solo.num_slots);
        EXPECT_EQ(fs.s.outage[k * 20 + solo.pair_node[j % solo.num_pairs]], 1);
      }
    }
    for (int32_t i = 0; i < p.num_rows; ++i) {
      EXPECT_EQ(p.row_lower[i], mine.row_lower[i]) << "scenario " << k << " row " << i;
      EXPECT_EQ(p.row_upper[i], mine.row_upper[i]) << "scenario " << k << " row " << i;
    }
    flp_result one{};
    ASSERT_EQ(flp_solve(&p, &s, &one, &err), FLP_OK) << err.msg;
    EXPECT_EQ(one.status, FLP_OPTIMAL);
    EXPECT_EQ(res.r[k].status, FLP_OPTIMAL) << fs.s.names[k];
    EXPECT_NEAR(res.r[k].primal_obj, one.primal_obj, 1e-5 * (1 + std::fabs(one.primal_obj)))
        << fs.s.names[k];
    // the outage node runs nothing
    if (fs.s.outage)
      for (int64_t q = 0; q < solo.num_pairs; ++q)
        if (fs.s.outage[k * 20 + solo.pair_node[q]])
          for (int t = 0; t < 6; ++t) EXPECT_LE(res.r[k].x[t * solo.num_pairs + q], 1e-9);
    flp_result_free(&one);
    flp_problem_free(&mine);
    flp_fleet_lp_free(&solo);
  }
  // the scenarios differ (else the test would prove little)
  EXPECT_LT(res.r[0].primal_obj, res.r[1].primal_obj);
  EXPECT_LT(res.r[1].primal_obj, res.r[2].primal_obj);
}

TEST_F(ScenarioBatch, MatchesClp) {
  if (!have_clp()) GTEST_SKIP() << "clp is not installed (apt-get install coinor-clp)";
  Results res(4);
  solve_batch(res);
  flptest::TempDir dir;
  for (int k = 0; k < 4; ++k) {
    flp_problem p{};
    flp_error err{};
    ASSERT_EQ(flp_fleet_scenario_problem(&slp.s, k, &p, &err), FLP_OK);
    std::string mps = dir.file(std::string(fs.s.names[k]) + ".mps");
    ASSERT_EQ(flp_write_problem(mps.c_str(), &p, -1, &err), FLP_OK) << err.msg;
    flp_problem_free(&p);
    double clp = clp_objective(mps);
    ASSERT_TRUE(std::isfinite(clp)) << fs.s.names[k];
    EXPECT_NEAR(res.r[k].primal_obj, clp, 1e-5 * (1 + std::fabs(clp))) << fs.s.names[k];
  }
}

TEST(ScenarioBatchBudget, PricePathRefusedDemandAccepted) {
  Fleet f;
  small_fleet(f, 1.1, 1);
  Scenarios s;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_alloc(&s.s, &f.f, 2,
                                      FLP_FLEET_SCEN_DEMAND | FLP_FLEET_SCEN_PRICE_SCALE, &err),
            FLP_OK);
  for (int t = 0; t < 6; ++t) s.s.energy_price_scale[6 + t] = 1.5;
  ScenarioLp lp;
  EXPECT_EQ(flp_fleet_build_scenarios(&f.f, &s.s, FLP_FLEET_NAMES_OFF, &lp.s, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("scenario 's1' (1) changes the energy price"),
            std::string::npos)
      << err.msg;
  EXPECT_NE(std::string(err.msg).find("budget"), std::string::npos) << err.msg;
  // demand forecasts leave the budget row's coefficients alone
  for (int t = 0; t < 6; ++t) s.s.energy_price_scale[6 + t] = 1;
  for (int i = 0; i < 18; ++i) s.s.demand_scale[18 + i] = 1.2;
  ScenarioLp ok;
  ASSERT_EQ(flp_fleet_build_scenarios(&f.f, &s.s, FLP_FLEET_NAMES_OFF, &ok.s, &err), FLP_OK)
      << err.msg;
  EXPECT_EQ(ok.s.sc.obj, nullptr);      // no cost changes
  EXPECT_NE(ok.s.sc.row_lower, nullptr);  // demand rows
  EXPECT_EQ(ok.s.sc.row_lower[0], ok.s.lp.problem.row_lower[0]);
  const int32_t m = ok.s.lp.problem.num_rows;
  EXPECT_DOUBLE_EQ(ok.s.sc.row_lower[m + 0], 1.2 * ok.s.lp.problem.row_lower[0]);
}

// ---- plan --scenarios and report end to end --------------------------------------

TEST(PlanScenarios, EndToEnd) {
  flptest::TempDir dir;
  std::string fleet = dir.file("fleet.h5"), plan = dir.file("plan.h5");
  ASSERT_EQ(run("fleet generate -o '" + fleet +
                "' --nodes 20 --slots 6 --classes 3 --tightness 1.1 --scenarios 4 --seed 5 >/dev/null"),
            0);
  ASSERT_EQ(run("plan '" + fleet + "' --scenarios -o '" + plan +
                "' --threads 1 --tol 1e-6 > '" + dir.file("log.txt") + "'"),
            0);
  std::string log = flptest::read_file(dir.file("log.txt"));
  EXPECT_NE(log.find("scenarios 4 of 4 finished"), std::string::npos) << log;
  const char *names[4] = {"p10", "p50", "p90", "mc01-hiprice-outage"};
  for (const char *n : names) EXPECT_TRUE(exists(dir.file(std::string("plan-") + n + ".h5"))) << n;
  std::string summary = dir.file("plan.scenarios.h5"), csv = dir.file("plan.scenarios.csv");
  ASSERT_TRUE(exists(summary));
  ASSERT_TRUE(exists(csv));
  std::string text = flptest::read_file(csv);
  EXPECT_EQ(count_lines(text), 5u) << text;  // header + K rows
  EXPECT_EQ(text.find("scenario,status,exit_code,objective,cost,"), 0u);
  EXPECT_NE(text.find("\np90,OPTIMAL,0,"), std::string::npos) << text;
  std::vector<double> st = read_doubles(summary, "/costs/stats", 6);
  EXPECT_LE(st[0], st[1]);
  EXPECT_LE(st[1], st[2]);
  EXPECT_LE(st[2], st[3]);
  EXPECT_LE(st[3], st[4]);
  EXPECT_GT(st[4], st[0]);
  std::vector<double> cost = read_doubles(summary, "/scenarios/cost", 4);
  std::vector<double> obj = read_doubles(summary, "/scenarios/objective", 4);
  std::vector<double> uns = read_doubles(summary, "/scenarios/unserved", 4);
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(cost[k], obj[k], 1e-4 * (1 + std::fabs(obj[k]))) << names[k];
    EXPECT_GE(uns[k], 0);
    EXPECT_GE(cost[k], st[0]);
    EXPECT_LE(cost[k], st[4]);
  }
  EXPECT_LE(uns[0], uns[2]);  // P10 demand leaves no more unserved than P90
  // shadow-price quantiles are ordered too
  hid_t f = H5Fopen(summary.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  hid_t d = H5Dopen2(f, "/shadow_prices/rack_capacity_stats", H5P_DEFAULT);
  ASSERT_GE(d, 0);
  hid_t sp = H5Dget_space(d);
  std::vector<double> cap((size_t)H5Sget_simple_extent_npoints(sp));
  H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, cap.data());
  H5Sclose(sp);
  H5Dclose(d);
  H5Fclose(f);
  ASSERT_EQ(cap.size() % 6, 0u);
  double best = 0;
  for (size_t i = 0; i < cap.size(); i += 6) {
    EXPECT_LE(cap[i], cap[i + 1]);
    EXPECT_LE(cap[i + 1], cap[i + 2]);
    EXPECT_LE(cap[i + 2], cap[i + 3]);
    EXPECT_LE(cap[i + 3], cap[i + 4]);
    best = std::fmax(best, cap[i + 4]);
  }
  EXPECT_GT(best, 0) << "some capacity binds in some scenario";
  // each scenario's plan is a plan, of its own scenario
  std::vector<double> p90 = read_doubles(dir.file("plan-p90.h5"), "/demand/demand", 18);
  std::vector<double> p10 = read_doubles(dir.file("plan-p10.h5"), "/demand/demand", 18);
  for (int i = 0; i < 18; ++i) EXPECT_GT(p90[i], p10[i]);
  // the report
  std::string out = dir.file("report");
  ASSERT_EQ(run("report '" + summary + "' --out-dir '" + out + "' > '" + dir.file("r.txt") + "'"), 0);
  std::string rep = flptest::read_file(dir.file("r.txt"));
  EXPECT_NE(rep.find("scenarios 4, 4 optimal"), std::string::npos) << rep;
  EXPECT_NE(rep.find("mc01-hiprice-outage"), std::string::npos) << rep;
  EXPECT_TRUE(exists(out + "/costs.svg"));
  EXPECT_TRUE(exists(out + "/shadow_prices.svg"));
  EXPECT_NE(flptest::read_file(out + "/costs.svg").find("</svg>"), std::string::npos);
  EXPECT_TRUE(exists(out + "/report.txt"));
}

// Column `col` of each data row of a CSV file, by its header name.
std::vector<std::string> csv_column(const std::string &path, const std::string &col) {
  std::istringstream in(flptest::read_file(path));
  std::string line, cell;
  std::vector<std::string> out;
  int at = -1;
  while (std::getline(in, line)) {
    std::istringstream row(line);
    std::vector<std::string> cells;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    if (at < 0) {
      for (size_t i = 0; i < cells.size(); ++i)
        if (cells[i] == col) at = static_cast<int>(i);
      if (at < 0) return out;
    } else if (static_cast<size_t>(at) < cells.size()) {
      out.push_back(cells[static_cast<size_t>(at)]);
    }
  }
  return out;
}

// plan --scenarios hands its LP and scenarios to another tool: solve --scenarios
// of the two exported files gives the plan's statuses and objectives.
TEST(PlanScenarios, ExportedScenariosSolveAlike) {
  flptest::TempDir dir;
  std::string fleet = dir.file("fleet.h5"), plan = dir.file("plan.h5"), lp = dir.file("lp.h5"),
              sc = dir.file("sc.h5");
  ASSERT_EQ(run("fleet generate -o '" + fleet +
                "' --nodes 12 --slots 4 --classes 2 --scenarios 3 --seed 7 >/dev/null"),
            0);
  const std::string opts = " --threads 1 --tol 1e-6 --quiet";
  ASSERT_EQ(run("plan '" + fleet + "' --scenarios -o '" + plan + "' --export-lp '" + lp +
                "' --export-scenarios '" + sc + "'" + opts),
            0);
  ASSERT_EQ(run("solve '" + lp + "' --scenarios '" + sc + "' --out-dir '" + dir.file("out") + "'" + opts), 0);
  std::vector<std::string> ps = csv_column(dir.file("plan.scenarios.csv"), "status"),
                           ss = csv_column(dir.file("out/summary.csv"), "status"),
                           po = csv_column(dir.file("plan.scenarios.csv"), "objective"),
                           so = csv_column(dir.file("out/summary.csv"), "objective");
  ASSERT_EQ(ps.size(), 3u);
  ASSERT_EQ(ss, ps);
  ASSERT_EQ(so.size(), po.size());
  for (size_t k = 0; k < po.size(); ++k) {
    double a = std::stod(po[k]), b = std::stod(so[k]);
    EXPECT_NEAR(a, b, 1e-6 * (1 + std::fabs(a))) << "scenario " << k;
  }
  // the scenario file goes with --scenarios only
  EXPECT_EQ(run("plan '" + fleet + "' -o '" + plan + "' --export-scenarios '" + sc + "' --quiet 2>/dev/null"), 2);
}

TEST(PlanScenarios, ExitCodeIsTheWorstScenarios) {
  flptest::TempDir dir;
  std::string fleet = dir.file("fleet.h5"), plan = dir.file("plan.h5");
  ASSERT_EQ(run("fleet generate -o '" + fleet +
                "' --nodes 20 --slots 6 --classes 3 --scenarios 3 >/dev/null"),
            0);
  // an iteration limit stops every scenario: 12, and the summary says so
  EXPECT_EQ(run("plan '" + fleet + "' --scenarios -o '" + plan +
                "' --threads 1 --tol 1e-9 --iter-limit 2 --quiet"),
            12);
  std::string text = flptest::read_file(dir.file("plan.scenarios.csv"));
  EXPECT_NE(text.find("ITERATION_LIMIT,12,"), std::string::npos) << text;
  // a folder that cannot take the outputs: 2, before any solve
  EXPECT_EQ(run("plan '" + fleet + "' --scenarios -o '" + dir.file("no/such/plan.h5") +
                "' --quiet 2>/dev/null"),
            2);
  // options for one LP are refused
  EXPECT_EQ(run("plan '" + fleet + "' --scenarios -o '" + plan + "' --json x.json --quiet 2>/dev/null"),
            2);
  // a budget with a price path cannot share A: exit 2
  std::string budget = dir.file("budget.h5");
  Fleet f;
  small_fleet(f, 1.0, 1);
  Scenarios s;
  flp_error err{};
  ASSERT_EQ(flp_fleet_scenarios_alloc(&s.s, &f.f, 2, FLP_FLEET_SCEN_PRICE_SCALE, &err), FLP_OK);
  s.s.energy_price_scale[7] = 2;
  ASSERT_EQ(flp_fleet_write_h5_scenarios(budget.c_str(), &f.f, &s.s, 0, &err), FLP_OK) << err.msg;
  EXPECT_EQ(run("plan '" + budget + "' --scenarios -o '" + plan + "' --quiet 2>/dev/null"), 2);
}

}  // namespace
