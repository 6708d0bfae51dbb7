// A small transport LP and four scenarios of it, for the scenario file and
// `solve --scenarios` tests; and a plain HDF5 writer for scenario files as
// a user's h5py script would make them (no checksum table), with knobs to
// make them wrong in one way.
//
// The LP: 3 plants i (supply s_i) and 3 markets j (demand d_j), x_ij >= 0
// (column i*3 + j, at most 100), cost c_ij; rows 0..2 the markets
// (sum_i x_ij >= d_j), rows 3..5 the plants (sum_j x_ij <= s_i). Positive
// costs on x >= 0: never unbounded; infeasible exactly when the demand
// exceeds the supply.
#ifndef FLEETLP_TESTS_SCENARIO_LP_H
#define FLEETLP_TESTS_SCENARIO_LP_H

#include <hdf5.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "fleetlp.h"

namespace flptest {

constexpr int kTransportRows = 6, kTransportCols = 9;

// Fills p (maximise: the costs are stored negated, as every reader does).
inline flp_rc make_transport(flp_problem *p, bool maximise, flp_error *err) {
  flp_rc rc = flp_problem_alloc(p, kTransportRows, kTransportCols, 18, err);
  if (rc != FLP_OK) return rc;
  int64_t nz = 0;
  for (int j = 0; j < 3; ++j) {  // market rows
    p->row_ptr[j] = nz;
    for (int i = 0; i < 3; ++i) p->col_idx[nz] = i * 3 + j, p->values[nz++] = 1;
  }
  for (int i = 0; i < 3; ++i) {  // plant rows
    p->row_ptr[3 + i] = nz;
    for (int j = 0; j < 3; ++j) p->col_idx[nz] = i * 3 + j, p->values[nz++] = 1;
  }
  p->row_ptr[6] = nz;
  const double d[3] = {3, 4, 5}, s[3] = {6, 6, 6};
  for (int j = 0; j < 3; ++j) p->row_lower[j] = d[j], p->row_upper[j] = INFINITY;
  for (int i = 0; i < 3; ++i) p->row_lower[3 + i] = -INFINITY, p->row_upper[3 + i] = s[i];
  const double sign = maximise ? -1 : 1;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) {
      p->obj[i * 3 + j] = sign * (1 + std::abs(i - j) + 0.1 * i);
      p->col_lower[i * 3 + j] = 0;
      p->col_upper[i * 3 + j] = 100;
    }
  p->objective_sense = maximise ? -1 : 1;
  return FLP_OK;
}

// Owns what it fills (flp_scenarios_free).
struct Scenarios {
  flp_scenarios sc{};
  Scenarios() = default;
  Scenarios(const Scenarios &) = delete;
  Scenarios &operator=(const Scenarios &) = delete;
  ~Scenarios() { flp_scenarios_free(&sc); }
};

inline double *copy_of(const std::vector<double> &v) {
  double *p = static_cast<double *>(std::malloc(v.size() * sizeof(double)));
  std::memcpy(p, v.data(), v.size() * sizeof(double));
  return p;
}

// Four scenarios of the (minimising) transport LP, costs and row bounds
// set in all of them, column bounds left to the base:
//   0 "base"             the base LP
//   1 "peak"             demand 5, 6, 5; plant 2 costs 1.5 times as much
//   2 "outage: plant/2"  demand 5, 6, 5 and plant 2 down: infeasible (16 > 12)
//   3 "cheap"            demand 2, 2, 2; every route costs 1 + 0.5 |i - j|
inline void make_transport_scenarios(const flp_problem &base, flp_scenarios *sc) {
  const int K = 4, m = kTransportRows, n = kTransportCols;
  std::vector<double> c(K * n), rl(K * m), ru(K * m);
  const double demand[4][3] = {{3, 4, 5}, {5, 6, 5}, {5, 6, 5}, {2, 2, 2}};
  const double supply[4][3] = {{6, 6, 6}, {6, 6, 6}, {6, 6, 0}, {6, 6, 6}};
  for (int k = 0; k < K; ++k) {
    for (int j = 0; j < 3; ++j) rl[k * m + j] = demand[k][j], ru[k * m + j] = INFINITY;
    for (int i = 0; i < 3; ++i) rl[k * m + 3 + i] = -INFINITY, ru[k * m + 3 + i] = supply[k][i];
    for (int i = 0; i < 3; ++i)
      for (int j = 0; j < 3; ++j) {
        double cost = base.obj[i * 3 + j];
        if (k == 1 && i == 2) cost *= 1.5;
        if (k == 3) cost = 1 + 0.5 * std::abs(i - j);
        c[k * n + i * 3 + j] = cost;
      }
  }
  std::memset(sc, 0, sizeof *sc);
  sc->count = K;
  sc->num_rows = m;
  sc->num_cols = n;
  sc->obj = copy_of(c);
  sc->row_lower = copy_of(rl);
  sc->row_upper = copy_of(ru);
  const char *names[4] = {"base", "peak", "outage: plant/2", "cheap"};
  sc->names = static_cast<char **>(std::calloc(K, sizeof(char *)));
  for (int k = 0; k < K; ++k) sc->names[k] = strdup(names[k]);
  sc->objective_sense = base.objective_sense;
}

// A scenario file written with the plain HDF5 API. Attributes left unset
// (empty format, version < 0, count < 0) are not written.
struct RawScenarioFile {
  std::string format = "fleetlp-scenarios";
  long long version = 1;
  long long count = 4;
  struct Block {
    long long rows, cols;
    std::vector<double> v;
  };
  std::map<std::string, Block> datasets;  // "c", "row_lower", ...
  std::vector<std::string> names;         // written when not empty

  bool write(const std::string &path) const {
    hid_t f = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
    if (f < 0) return false;
    bool ok = true;
    if (!format.empty()) {
      hid_t t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, H5T_VARIABLE);
      hid_t s = H5Screate(H5S_SCALAR);
      hid_t a = H5Acreate2(f, "format", t, s, H5P_DEFAULT, H5P_DEFAULT);
      const char *v = format.c_str();
      ok &= a >= 0 && H5Awrite(a, t, &v) >= 0;
      H5Aclose(a);
      H5Sclose(s);
      H5Tclose(t);
    }
    auto int_attr = [&](const char *name, long long v) {
      if (v < 0) return;
      hid_t s = H5Screate(H5S_SCALAR);
      hid_t a = H5Acreate2(f, name, H5T_STD_I64LE, s, H5P_DEFAULT, H5P_DEFAULT);
      ok &= a >= 0 && H5Awrite(a, H5T_NATIVE_LLONG, &v) >= 0;
      H5Aclose(a);
      H5Sclose(s);
    };
    int_attr("version", version);
    int_attr("count", count);
    for (const auto &d : datasets) {
      hsize_t dims[2] = {hsize_t(d.second.rows), hsize_t(d.second.cols)};
      hid_t s = H5Screate_simple(2, dims, nullptr);
      hid_t ds = H5Dcreate2(f, d.first.c_str(), H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT,
                            H5P_DEFAULT);
      ok &= ds >= 0 && H5Dwrite(ds, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT,
                                d.second.v.data()) >= 0;
      H5Dclose(ds);
      H5Sclose(s);
    }
    if (!names.empty()) {
      std::vector<const char *> v;
      for (const auto &s : names) v.push_back(s.c_str());
      hid_t t = H5Tcopy(H5T_C_S1);
      H5Tset_size(t, H5T_VARIABLE);
      hsize_t dim = v.size();
      hid_t s = H5Screate_simple(1, &dim, nullptr);
      hid_t ds = H5Dcreate2(f, "names", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
      ok &= ds >= 0 && H5Dwrite(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) >= 0;
      H5Dclose(ds);
      H5Sclose(s);
      H5Tclose(t);
    }
    ok &= H5Fclose(f) >= 0;
    return ok;
  }
};

// The four transport scenarios as a raw file (the same numbers as
// make_transport_scenarios), to be spoilt by the test.
inline RawScenarioFile raw_transport_file(const flp_scenarios &sc) {
  RawScenarioFile r;
  r.count = sc.count;
  const long long K = sc.count, m = sc.num_rows, n = sc.num_cols;
  r.datasets["c"] = {K, n, std::vector<double>(sc.obj, sc.obj + K * n)};
  r.datasets["row_lower"] = {K, m, std::vector<double>(sc.row_lower, sc.row_lower + K * m)};
  r.datasets["row_upper"] = {K, m, std::vector<double>(sc.row_upper, sc.row_upper + K * m)};
  for (int k = 0; k < sc.count; ++k) r.names.push_back(sc.names[k]);
  return r;
}

}  // namespace flptest

#endif
