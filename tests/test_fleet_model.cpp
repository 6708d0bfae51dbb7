// Fleet model: generator determinism, the fleet file (round trip, validation
// errors naming file and dataset), and the LP builder's shape (row, column and
// nonzero counts from the fleet's dimensions; CSR well formed).
#include <gtest/gtest.h>
#include <hdf5.h>

#include <sys/wait.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
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

struct LP {
  flp_fleet_lp lp{};
  LP() = default;
  LP(const LP &) = delete;
  LP &operator=(const LP &) = delete;
  ~LP() { flp_fleet_lp_free(&lp); }
};

flp_fleet_gen_options opts(int nodes, int slots, int classes, uint64_t seed = 7) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = nodes;
  o.slots = slots;
  o.classes = classes;
  o.seed = seed;
  return o;
}

void generate(Fleet &fl, const flp_fleet_gen_options &o) {
  flp_error err{};
  ASSERT_EQ(flp_fleet_generate(&o, &fl.f, &err), FLP_OK) << err.msg;
}

template <typename T>
bool same(const T *a, const T *b, size_t n) {
  return std::memcmp(a, b, n * sizeof(T)) == 0;
}

bool same_names(char **a, char **b, int32_t n) {
  for (int32_t i = 0; i < n; ++i)
    if (std::strcmp(a[i], b[i]) != 0) return false;
  return true;
}

// Every number and name of two fleets, bit for bit.
void expect_equal_fleets(const flp_fleet &a, const flp_fleet &b) {
  ASSERT_EQ(a.num_nodes, b.num_nodes);
  ASSERT_EQ(a.num_slots, b.num_slots);
  ASSERT_EQ(a.num_classes, b.num_classes);
  ASSERT_EQ(a.num_resources, b.num_resources);
  ASSERT_EQ(a.num_node_classes, b.num_node_classes);
  ASSERT_EQ(a.num_racks, b.num_racks);
  ASSERT_EQ(a.num_datacenters, b.num_datacenters);
  const size_t N = a.num_nodes, T = a.num_slots, K = a.num_classes, R = a.num_resources;
  const size_t S = a.num_node_classes, Q = a.num_racks, D = a.num_datacenters;
  EXPECT_EQ(a.power_resource, b.power_resource);
  EXPECT_EQ(a.bandwidth_resource, b.bandwidth_resource);
  EXPECT_TRUE(same_names(a.node_ids, b.node_ids, a.num_nodes));
  EXPECT_TRUE(same_names(a.rack_names, b.rack_names, a.num_racks));
  EXPECT_TRUE(same_names(a.class_names, b.class_names, a.num_classes));
  EXPECT_TRUE(same_names(a.resource_names, b.resource_names, a.num_resources));
  EXPECT_TRUE(same_names(a.node_class_names, b.node_class_names, a.num_node_classes));
  EXPECT_TRUE(same_names(a.datacenter_names, b.datacenter_names, a.num_datacenters));
  EXPECT_TRUE(same(a.node_class, b.node_class, N));
  EXPECT_TRUE(same(a.node_rack, b.node_rack, N));
  EXPECT_TRUE(same(a.node_datacenter, b.node_datacenter, N));
  EXPECT_TRUE(same(a.capacity, b.capacity, N * R));
  EXPECT_TRUE(same(a.availability, b.availability, N * T));
  EXPECT_TRUE(same(a.running_cost, b.running_cost, N));
  EXPECT_TRUE(same(a.idle_power, b.idle_power, N));
  EXPECT_TRUE(same(a.slot_hours, b.slot_hours, T));
  EXPECT_TRUE(same(a.energy_price, b.energy_price, D * T));
  EXPECT_TRUE(same(a.carbon_intensity, b.carbon_intensity, D * T));
  EXPECT_EQ(a.carbon_price, b.carbon_price);
  EXPECT_TRUE(same(a.demand, b.demand, K * T));
  EXPECT_TRUE(same(a.needs, b.needs, K * R));
  EXPECT_TRUE(same(a.eligible, b.eligible, K * S));
  EXPECT_TRUE(same(a.penalty, b.penalty, K));
  EXPECT_TRUE(same(a.defer_window, b.defer_window, K));
  EXPECT_TRUE(same(a.defer_cost, b.defer_cost, K));
  EXPECT_TRUE(same(a.rack_power, b.rack_power, Q * T));
  EXPECT_TRUE(same(a.datacenter_power, b.datacenter_power, D * T));
  EXPECT_TRUE(same(a.rack_bandwidth, b.rack_bandwidth, Q * T));
  EXPECT_TRUE(a.budget == b.budget);
}

// ---- generator ----------------------------------------------------------------

TEST(FleetGenerator, SameSeedSameFleet) {
  flp_fleet_gen_options o = opts(300, 24, 8, 42);
  o.budget_row = 1;
  Fleet a, b, c;
  generate(a, o);
  generate(b, o);
  expect_equal_fleets(a.f, b.f);
  o.seed = 43;
  generate(c, o);
  EXPECT_FALSE(same(a.f.demand, c.f.demand, (size_t)a.f.num_classes * a.f.num_slots));
}

TEST(FleetGenerator, KnobsShapeTheFleet) {
  flp_fleet_gen_options o = opts(400, 48, 6, 3);
  o.racks = 20;
  o.datacenters = 2;
  Fleet f;
  generate(f, o);
  EXPECT_EQ(f.f.num_racks, 20);
  EXPECT_EQ(f.f.num_datacenters, 2);
  EXPECT_EQ(f.f.power_resource, 3);
  EXPECT_EQ(f.f.bandwidth_resource, 4);
  EXPECT_TRUE(std::isinf(f.f.budget)) << "budget row off by default";
  double hours = 0;
  for (int t = 0; t < f.f.num_slots; ++t) hours += f.f.slot_hours[t];
  EXPECT_NEAR(hours, 24.0, 1e-9) << "up to 96 slots cover one day";
  // tighter fleets carry more demand
  o.tightness = 1.5;
  Fleet g;
  generate(g, o);
  double d1 = 0, d2 = 0;
  for (int i = 0; i < f.f.num_classes * f.f.num_slots; ++i) d1 += f.f.demand[i], d2 += g.f.demand[i];
  EXPECT_GT(d2, 1.4 * d1);
  o.budget_row = 1;
  Fleet h;
  generate(h, o);
  EXPECT_TRUE(std::isfinite(h.f.budget));
  // bad knobs are input errors
  flp_error err{};
  Fleet bad;
  o.eligibility = 0;
  EXPECT_EQ(flp_fleet_generate(&o, &bad.f, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("eligibility"), std::string::npos) << err.msg;
}

TEST(FleetGenerator, TinyFleetsAreValid) {
  for (int nodes : {1, 2, 5}) {
    for (int slots : {1, 3}) {
      Fleet f;
      generate(f, opts(nodes, slots, 7, nodes * 10 + slots));
      LP lp;
      flp_error err{};
      ASSERT_EQ(flp_fleet_build(&f.f, FLP_FLEET_NAMES_ON, &lp.lp, &err), FLP_OK) << err.msg;
      EXPECT_EQ(flp_problem_validate(&lp.lp.problem, "tiny", &err), FLP_OK) << err.msg;
    }
  }
}

// ---- fleet file -----------------------------------------------------------------

TEST(FleetFile, RoundTrip) {
  flptest::TempDir dir;
  flp_fleet_gen_options o = opts(150, 12, 5, 11);
  o.budget_row = 1;
  Fleet a, b;
  generate(a, o);
  a.f.rack_bandwidth[3] = INFINITY;  // one missing limit survives as inf
  std::string path = dir.file("fleet.h5");
  flp_error err{};
  ASSERT_EQ(flp_fleet_write_h5(path.c_str(), &a.f, -1, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_fleet_read_h5(path.c_str(), &b.f, &err), FLP_OK) << err.msg;
  expect_equal_fleets(a.f, b.f);
  EXPECT_STREQ(a.f.name, b.f.name);
  EXPECT_FALSE(std::ifstream(path + ".tmp").good()) << "no temporary left behind";
}

// A valid file, then one change made with plain HDF5 calls; the reader must
// fail naming the file, the dataset and what is wrong.
class FleetFileErrors : public testing::Test {
 protected:
  flptest::TempDir dir;
  std::string path;

  void SetUp() override {
    Fleet f;
    generate(f, opts(20, 4, 3, 5));
    path = dir.file("fleet.h5");
    flp_error err{};
    ASSERT_EQ(flp_fleet_write_h5(path.c_str(), &f.f, 0, &err), FLP_OK) << err.msg;
  }

  void spoil(const std::function<void(hid_t)> &change) {
    hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(file, 0);
    change(file);
    H5Fclose(file);
  }

  static void overwrite(hid_t file, const char *dset, const std::vector<double> &values) {
    hid_t d = H5Dopen2(file, dset, H5P_DEFAULT);
    ASSERT_GE(d, 0) << dset;
    ASSERT_GE(H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), 0);
    H5Dclose(d);
  }

  static std::vector<double> read(hid_t file, const char *dset, size_t n) {
    std::vector<double> v(n);
    hid_t d = H5Dopen2(file, dset, H5P_DEFAULT);
    EXPECT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), 0);
    H5Dclose(d);
    return v;
  }

  // Reads path, expects FLP_ERR_INPUT with every fragment in the message.
  void expect_error(std::initializer_list<const char *> fragments) {
    Fleet f;
    flp_error err{};
    EXPECT_EQ(flp_fleet_read_h5(path.c_str(), &f.f, &err), FLP_ERR_INPUT);
    std::string msg = err.msg;
    EXPECT_NE(msg.find(path), std::string::npos) << msg;
    for (const char *frag : fragments) EXPECT_NE(msg.find(frag), std::string::npos) << msg;
    // the CLI turns it into exit code 2 with the same message
    std::string cmd = std::string("'") + FLEETLP_CLI + "' plan '" + path + "' -o '" +
                      dir.file("plan.h5") + "' --quiet --device " + flptest::test_device_name() +
                      " 2>/dev/null";
    int st = std::system(cmd.c_str());
    EXPECT_TRUE(WIFEXITED(st) && WEXITSTATUS(st) == 2) << cmd;
  }
};

TEST_F(FleetFileErrors, MissingDataset) {
  spoil([](hid_t f) { H5Ldelete(f, "/nodes/capacity", H5P_DEFAULT); });
  expect_error({"/nodes/capacity", "missing dataset", "/nodes holds"});
}

TEST_F(FleetFileErrors, WrongShape) {
  spoil([](hid_t f) {
    H5Ldelete(f, "/workloads/demand", H5P_DEFAULT);
    hsize_t dims[2] = {3, 5};
    hid_t s = H5Screate_simple(2, dims, nullptr);
    hid_t d = H5Dcreate2(f, "/workloads/demand", H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT,
                         H5P_DEFAULT);
    std::vector<double> zeros(15, 0.0);
    H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data());
    H5Dclose(d);
    H5Sclose(s);
  });
  expect_error({"/workloads/demand", "shape [3 x 5]", "expected [3 classes x 4 slots]"});
}

TEST_F(FleetFileErrors, AvailabilityOutOfRange) {
  spoil([](hid_t f) {
    auto v = read(f, "/nodes/availability", 20 * 4);
    v[7 * 4 + 2] = 1.5;
    overwrite(f, "/nodes/availability", v);
  });
  expect_error({"/nodes/availability", "1.5", "slot 2", "outside [0, 1]"});
}

TEST_F(FleetFileErrors, NaNDemand) {
  spoil([](hid_t f) {
    auto v = read(f, "/workloads/demand", 3 * 4);
    v[5] = NAN;
    overwrite(f, "/workloads/demand", v);
  });
  expect_error({"/workloads/demand", "NaN", "slot 1"});
}

TEST_F(FleetFileErrors, RackIndexOutOfRange) {
  spoil([](hid_t f) {
    auto v = read(f, "/nodes/rack", 20);
    v[3] = 9;
    hid_t d = H5Dopen2(f, "/nodes/rack", H5P_DEFAULT);
    std::vector<int32_t> iv(v.begin(), v.end());
    H5Dwrite(d, H5T_NATIVE_INT32, H5S_ALL, H5S_ALL, H5P_DEFAULT, iv.data());
    H5Dclose(d);
  });
  expect_error({"/nodes/rack", "9", "not an integer in [0, 0]"});
}

TEST_F(FleetFileErrors, EligibleNotBoolean) {
  spoil([](hid_t f) {
    hid_t d = H5Dopen2(f, "/workloads/eligible", H5P_DEFAULT);
    std::vector<uint8_t> v(3 * 6, 1);
    v[4] = 2;
    H5Dwrite(d, H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
    H5Dclose(d);
  });
  expect_error({"/workloads/eligible", "expected 0 or 1"});
}

TEST_F(FleetFileErrors, WrongFormat) {
  spoil([](hid_t f) {
    H5Adelete(f, "format");
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, 10);
    hid_t s = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, "format", t, s, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, t, "fleetlp-lp");
    H5Aclose(a);
    H5Sclose(s);
    H5Tclose(t);
  });
  expect_error({"format is \"fleetlp-lp\"", "expected \"fleetlp-fleet\""});
}

TEST_F(FleetFileErrors, PowerLimitBelowIdle) {
  spoil([](hid_t f) {
    auto v = read(f, "/limits/rack_power", 4);
    v[2] = 10;  // W: far below the idle draw of a rack of servers
    overwrite(f, "/limits/rack_power", v);
  });
  expect_error({"/limits/rack_power", "slot 2", "idle power", "exceeds the limit"});
}

TEST(FleetValidate, InMemoryErrorsNameTheField) {
  Fleet fl;
  generate(fl, opts(10, 3, 2, 9));
  flp_fleet &f = fl.f;
  flp_error err{};
  ASSERT_EQ(flp_fleet_validate(&f, "mem", &err), FLP_OK) << err.msg;
  auto expect = [&](const char *frag) {
    EXPECT_EQ(flp_fleet_validate(&f, "mem", &err), FLP_ERR_INPUT) << frag;
    EXPECT_NE(std::string(err.msg).find(frag), std::string::npos) << err.msg;
  };
  double keep = f.capacity[3];
  f.capacity[3] = -1;
  expect("/nodes/capacity");
  f.capacity[3] = keep;
  f.slot_hours[1] = 0;
  expect("/slots/duration");
  f.slot_hours[1] = 1;
  f.defer_window[0] = 3;
  expect("/workloads/defer_window");
  f.defer_window[0] = 0;
  f.budget = -5;
  expect("budget");
  f.budget = INFINITY;
  f.node_rack[1] = f.num_racks;
  expect("/nodes/rack");
  f.node_rack[1] = f.node_rack[0];
  for (int s = 0; s < f.num_node_classes; ++s) f.eligible[s] = 0;
  expect("may run on no node class");
}

// ---- builder ----------------------------------------------------------------------

// Counts from the fleet's data, written out independently of the builder.
struct Expected {
  int64_t rows = 0, cols = 0, nnz = 0, pairs = 0;
};

bool fits(const flp_fleet &f, int k, int n) {
  if (!f.eligible[(size_t)k * f.num_node_classes + f.node_class[n]]) return false;
  for (int r = 0; r < f.num_resources; ++r) {
    double need = f.needs[(size_t)k * f.num_resources + r];
    double cap = f.capacity[(size_t)n * f.num_resources + r];
    if (r == f.power_resource) cap -= f.idle_power[n];
    if (need > 0 && !(cap > 0)) return false;
  }
  return true;
}

Expected expected_counts(const flp_fleet &f) {
  Expected e;
  const int N = f.num_nodes, T = f.num_slots, K = f.num_classes, R = f.num_resources;
  int64_t cap_rows_per_slot = 0, x_nnz_per_slot = 0;
  std::vector<int64_t> rack_p(f.num_racks), rack_b(f.num_racks), dc_p(f.num_datacenters);
  for (int n = 0; n < N; ++n) {
    // share[k][r]: the share of node n's usable r one unit of class k takes
    std::vector<int> classes;
    std::vector<std::vector<double>> share;
    for (int k = 0; k < K; ++k) {
      if (!fits(f, k, n)) continue;
      classes.push_back(k);
      std::vector<double> s(R);
      for (int r = 0; r < R; ++r) {
        double cap = f.capacity[(size_t)n * R + r] - (r == f.power_resource ? f.idle_power[n] : 0);
        s[r] = f.needs[(size_t)k * R + r] > 0 ? f.needs[(size_t)k * R + r] / cap : 0;
      }
      share.push_back(s);
    }
    // a row for r unless some r' row is at least as tight for every class
    // (ties: the lower index keeps its row)
    std::vector<bool> row(R, false);
    for (int r = 0; r < R; ++r) {
      bool needed = false;
      for (auto &s : share) needed = needed || s[r] > 0;
      if (!needed) continue;
      bool implied = false;
      for (int o = 0; o < R && !implied; ++o) {
        if (o == r) continue;
        bool o_needed = false, le = true, lt = false;
        for (auto &s : share) {
          o_needed = o_needed || s[o] > 0;
          le = le && s[r] <= s[o];
          lt = lt || s[r] < s[o];
        }
        implied = o_needed && le && (lt || o < r);
      }
      row[r] = !implied;
    }
    // implied rows of implied rows are implied by a kept row (a strict order)
    for (size_t i = 0; i < classes.size(); ++i) {
      int k = classes[i];
      ++e.pairs;
      x_nnz_per_slot += 1;  // demand row
      for (int r = 0; r < R; ++r) {
        if (!(f.needs[(size_t)k * R + r] > 0)) continue;
        x_nnz_per_slot += row[r];  // capacity row
        if (r == f.power_resource) ++rack_p[f.node_rack[n]], ++dc_p[f.node_datacenter[n]];
        if (r == f.bandwidth_resource) ++rack_b[f.node_rack[n]];
      }
    }
    for (int r = 0; r < R; ++r) cap_rows_per_slot += row[r];
  }
  int64_t deferrable = 0;
  for (int k = 0; k < K; ++k) deferrable += f.defer_window[k] > 0 && T > 1;
  e.cols = e.pairs * T + (int64_t)K * T + deferrable * (T - 1);
  e.rows = (int64_t)K * T + cap_rows_per_slot * T;
  e.nnz = x_nnz_per_slot * T + (int64_t)K * T + 2 * deferrable * (T - 1);
  for (int t = 0; t < T; ++t) {
    for (int q = 0; q < f.num_racks; ++q) {
      if (f.power_resource >= 0 && std::isfinite(f.rack_power[(size_t)q * T + t]))
        ++e.rows, e.nnz += rack_p[q];
      if (f.bandwidth_resource >= 0 && std::isfinite(f.rack_bandwidth[(size_t)q * T + t]))
        ++e.rows, e.nnz += rack_b[q];
    }
    for (int d = 0; d < f.num_datacenters; ++d)
      if (f.power_resource >= 0 && std::isfinite(f.datacenter_power[(size_t)d * T + t]))
        ++e.rows, e.nnz += dc_p[d];
  }
  if (std::isfinite(f.budget)) ++e.rows, e.nnz += e.pairs * T;  // every unit costs something
  return e;
}

void expect_shape(const flp_fleet &f, const char *what) {
  LP lp;
  flp_error err{};
  ASSERT_EQ(flp_fleet_build(&f, FLP_FLEET_NAMES_AUTO, &lp.lp, &err), FLP_OK) << err.msg;
  const flp_problem &p = lp.lp.problem;
  Expected e = expected_counts(f);
  EXPECT_EQ(lp.lp.num_pairs, e.pairs) << what;
  EXPECT_EQ(p.num_cols, e.cols) << what;
  EXPECT_EQ(p.num_rows, e.rows) << what;
  EXPECT_EQ(p.nnz, e.nnz) << what;
  EXPECT_EQ(flp_problem_validate(&p, what, &err), FLP_OK) << err.msg;
  // CSR: columns strictly increasing within each row, no explicit zeros
  for (int32_t i = 0; i < p.num_rows; ++i)
    for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k) {
      ASSERT_NE(p.values[k], 0.0) << what << " row " << i;
      if (k > p.row_ptr[i]) {
        ASSERT_LT(p.col_idx[k - 1], p.col_idx[k]) << what << " row " << i;
      }
    }
  // rows in planner-sized units: a row's largest coefficient is O(1) (the
  // spread inside a row is the data's: 0.02 vs 10 Gb/s per unit, say)
  for (int32_t i = 0; i < p.num_rows; ++i) {
    double hi = 0;
    for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k) hi = std::fmax(hi, std::fabs(p.values[k]));
    if (p.row_ptr[i + 1] > p.row_ptr[i]) {
      EXPECT_GE(hi, 1e-3) << what << " row " << i;
      EXPECT_LE(hi, 1e2) << what << " row " << i;
    }
  }
}

TEST(FleetBuilder, CountsMatchTheFleet) {
  {
    Fleet f;
    generate(f, opts(60, 8, 6, 1));
    expect_shape(f.f, "default knobs");
  }
  {
    flp_fleet_gen_options o = opts(90, 12, 9, 2);
    o.budget_row = 1;
    o.eligibility = 1.0;
    o.heterogeneity = 1.0;
    Fleet f;
    generate(f, o);
    expect_shape(f.f, "budget, full eligibility");
  }
  {
    Fleet f;
    generate(f, opts(40, 6, 4, 3));
    // drop some limits and the bandwidth resource: fewer rows
    for (int i = 0; i < f.f.num_racks * f.f.num_slots; i += 2) f.f.rack_power[i] = INFINITY;
    f.f.datacenter_power[0] = INFINITY;
    f.f.bandwidth_resource = -1;
    expect_shape(f.f, "partial limits");
  }
  {
    Fleet f;
    generate(f, opts(30, 1, 5, 4));
    expect_shape(f.f, "one slot");
  }
}

TEST(FleetBuilder, NamesFollowTheSetting) {
  Fleet f;
  generate(f, opts(20, 4, 3, 8));
  flp_error err{};
  LP on, off;
  ASSERT_EQ(flp_fleet_build(&f.f, FLP_FLEET_NAMES_ON, &on.lp, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_fleet_build(&f.f, FLP_FLEET_NAMES_OFF, &off.lp, &err), FLP_OK) << err.msg;
  ASSERT_NE(on.lp.problem.col_names, nullptr);
  ASSERT_NE(on.lp.problem.row_names, nullptr);
  EXPECT_EQ(off.lp.problem.col_names, nullptr);
  EXPECT_EQ(std::string(on.lp.problem.row_names[0]).rfind("demand_", 0), 0u);
  EXPECT_EQ(std::string(on.lp.problem.col_names[0]).rfind("x_", 0), 0u);
  // the same numbers either way
  EXPECT_EQ(flp_problem_hash(&on.lp.problem), flp_problem_hash(&off.lp.problem));
}

TEST(FleetBuilder, Deterministic) {
  flp_fleet_gen_options o = opts(120, 16, 7, 21);
  o.budget_row = 1;
  Fleet a, b;
  generate(a, o);
  generate(b, o);
  LP x, y;
  flp_error err{};
  ASSERT_EQ(flp_fleet_build(&a.f, FLP_FLEET_NAMES_OFF, &x.lp, &err), FLP_OK);
  ASSERT_EQ(flp_fleet_build(&b.f, FLP_FLEET_NAMES_OFF, &y.lp, &err), FLP_OK);
  EXPECT_EQ(flp_problem_hash(&x.lp.problem), flp_problem_hash(&y.lp.problem));
}

}  // namespace
