// Scenario files ("fleetlp-scenarios", io/h5_scenarios_*.c): the round trip,
// the user's sense of /c, files written without fleetlp (no checksum), and
// bad files, each refused with FLP_ERR_INPUT and a message naming the file,
// the dataset, the scenario and the index.
#include <gtest/gtest.h>

#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <string>
#include <vector>

#include "fleetlp_io.h"
#include "scenario_lp.h"
#include "temp_files.h"

namespace {

using flptest::RawScenarioFile;
using flptest::Scenarios;
using flptest::TempDir;

struct Problem {
  flp_problem p{};
  Problem() = default;
  Problem(const Problem &) = delete;
  Problem &operator=(const Problem &) = delete;
  ~Problem() { flp_problem_free(&p); }
};

class ScenariosIo : public ::testing::Test {
 protected:
  void SetUp() override {
    flp_error err{};
    ASSERT_EQ(flptest::make_transport(&base_.p, false, &err), FLP_OK) << err.msg;
    flptest::make_transport_scenarios(base_.p, &sc_.sc);
  }
  // Reads path against the base, expecting FLP_ERR_INPUT; the message.
  std::string refused(const std::string &path) {
    Scenarios got;
    flp_error err{};
    EXPECT_EQ(flp_read_scenarios(path.c_str(), &base_.p, &got.sc, &err), FLP_ERR_INPUT) << err.msg;
    EXPECT_EQ(got.sc.obj, nullptr);  // left empty
    EXPECT_EQ(got.sc.names, nullptr);
    EXPECT_NE(std::string(err.msg).find(path), std::string::npos) << err.msg;
    return err.msg;
  }
  TempDir dir_;
  Problem base_;
  Scenarios sc_;
};

void expect_same(const double *a, const double *b, size_t len, const char *what) {
  ASSERT_EQ(a == nullptr, b == nullptr) << what;
  for (size_t i = 0; a && i < len; ++i) EXPECT_EQ(a[i], b[i]) << what << " at " << i;
}

TEST_F(ScenariosIo, RoundTrip) {
  flp_scenarios &sc = sc_.sc;
  // a column bound block too, with an infinite bound
  std::vector<double> cu(sc.count * sc.num_cols, 100.0);
  cu[1 * sc.num_cols + 4] = INFINITY;
  sc.col_upper = flptest::copy_of(cu);
  const std::string path = dir_.file("s.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_scenarios(path.c_str(), &sc, &err), FLP_OK) << err.msg;
  EXPECT_NE(access((path + ".tmp").c_str(), F_OK), 0);  // renamed into place
  Scenarios got;
  ASSERT_EQ(flp_read_scenarios(path.c_str(), &base_.p, &got.sc, &err), FLP_OK) << err.msg;
  EXPECT_EQ(got.sc.count, 4);
  EXPECT_EQ(got.sc.num_rows, sc.num_rows);
  EXPECT_EQ(got.sc.num_cols, sc.num_cols);
  EXPECT_EQ(got.sc.objective_sense, 1);
  const size_t kn = size_t(sc.count) * sc.num_cols, km = size_t(sc.count) * sc.num_rows;
  expect_same(got.sc.obj, sc.obj, kn, "obj");
  expect_same(got.sc.col_lower, sc.col_lower, kn, "col_lower");  // both NULL
  expect_same(got.sc.col_upper, sc.col_upper, kn, "col_upper");
  expect_same(got.sc.row_lower, sc.row_lower, km, "row_lower");
  expect_same(got.sc.row_upper, sc.row_upper, km, "row_upper");
  EXPECT_EQ(got.sc.col_upper[1 * sc.num_cols + 4], INFINITY);
  ASSERT_NE(got.sc.names, nullptr);
  for (int k = 0; k < 4; ++k) EXPECT_STREQ(got.sc.names[k], sc.names[k]);
  // scenario k as an LP of its own carries the file's data
  Problem p2;
  ASSERT_EQ(flp_scenario_problem(&base_.p, &got.sc, 2, &p2.p, &err), FLP_OK) << err.msg;
  EXPECT_EQ(p2.p.row_upper[5], 0.0);
}

TEST_F(ScenariosIo, OnlyCountAndNoNamesIsTheBaseKTimes) {
  RawScenarioFile raw;
  raw.count = 3;
  const std::string path = dir_.file("plain.h5");
  ASSERT_TRUE(raw.write(path));
  Scenarios got;
  flp_error err{};
  ASSERT_EQ(flp_read_scenarios(path.c_str(), &base_.p, &got.sc, &err), FLP_OK) << err.msg;
  EXPECT_EQ(got.sc.count, 3);
  EXPECT_EQ(got.sc.obj, nullptr);
  EXPECT_EQ(got.sc.row_lower, nullptr);
  EXPECT_EQ(got.sc.names, nullptr);
  char buf[32];
  EXPECT_STREQ(flp_scenario_name(&got.sc, 2, buf, sizeof buf), "scenario-2");
  // The largest count: nothing varies, so nothing is checked per scenario (a
  // loop over 2^31 base copies ran for minutes; found by fuzzing h5_scenarios).
  raw.count = INT32_MAX;
  ASSERT_TRUE(raw.write(path));
  Scenarios big;
  ASSERT_EQ(flp_read_scenarios(path.c_str(), &base_.p, &big.sc, &err), FLP_OK) << err.msg;
  EXPECT_EQ(big.sc.count, INT32_MAX);
  EXPECT_EQ(flp_scenarios_validate(&base_.p, &big.sc, &err), FLP_OK) << err.msg;
}

TEST_F(ScenariosIo, FileWithoutChecksumAndLargeBoundsAsInfinity) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.datasets["row_upper"].v[0] = 1e30;   // read as +inf
  raw.datasets["row_lower"].v[3] = -1e20;  // read as -inf
  const std::string path = dir_.file("h5py.h5");
  ASSERT_TRUE(raw.write(path));
  Scenarios got;
  flp_error err{};
  ASSERT_EQ(flp_read_scenarios(path.c_str(), &base_.p, &got.sc, &err), FLP_OK) << err.msg;
  EXPECT_EQ(got.sc.row_upper[0], INFINITY);
  EXPECT_EQ(got.sc.row_lower[3], -INFINITY);
  EXPECT_STREQ(got.sc.names[2], "outage: plant/2");
}

// /c holds the costs in the user's sense: a maximisation's minimisation-form
// obj is negated on the way out and back.
TEST_F(ScenariosIo, MaximiseKeepsTheUserSenseInTheFile) {
  Problem maxp;
  flp_error err{};
  ASSERT_EQ(flptest::make_transport(&maxp.p, true, &err), FLP_OK) << err.msg;
  Scenarios sc;
  flptest::make_transport_scenarios(maxp.p, &sc.sc);
  ASSERT_EQ(sc.sc.objective_sense, -1);
  const std::string path = dir_.file("max.h5");
  ASSERT_EQ(flp_write_scenarios(path.c_str(), &sc.sc, &err), FLP_OK) << err.msg;
  // the raw /c: user's sense
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  hid_t d = H5Dopen2(f, "c", H5P_DEFAULT);
  std::vector<double> c(size_t(sc.sc.count) * sc.sc.num_cols);
  ASSERT_GE(H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, c.data()), 0);
  H5Dclose(d);
  H5Fclose(f);
  for (size_t i = 0; i < c.size(); ++i) EXPECT_EQ(c[i], -sc.sc.obj[i]) << i;
  Scenarios got;
  ASSERT_EQ(flp_read_scenarios(path.c_str(), &maxp.p, &got.sc, &err), FLP_OK) << err.msg;
  expect_same(got.sc.obj, sc.sc.obj, c.size(), "obj");
  EXPECT_EQ(got.sc.objective_sense, -1);
  // the same file against the minimising LP: its /c would mean the opposite
  const std::string msg = refused(path);
  EXPECT_NE(msg.find("sense"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, WrongFormat) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.format = "fleetlp-lp";
  ASSERT_TRUE(raw.write(dir_.file("f.h5")));
  const std::string msg = refused(dir_.file("f.h5"));
  EXPECT_NE(msg.find("format"), std::string::npos) << msg;
  EXPECT_NE(msg.find("fleetlp-scenarios"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, MissingVersion) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.version = -1;
  ASSERT_TRUE(raw.write(dir_.file("v.h5")));
  const std::string msg = refused(dir_.file("v.h5"));
  EXPECT_NE(msg.find("missing attribute version"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, NewerVersion) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.version = 2;
  ASSERT_TRUE(raw.write(dir_.file("v2.h5")));
  const std::string msg = refused(dir_.file("v2.h5"));
  EXPECT_NE(msg.find("newer"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, MissingCount) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.count = -1;
  ASSERT_TRUE(raw.write(dir_.file("k.h5")));
  const std::string msg = refused(dir_.file("k.h5"));
  EXPECT_NE(msg.find("count"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, WrongShape) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  auto &c = raw.datasets["c"];
  c.cols = flptest::kTransportCols - 1;  // K x (n - 1)
  c.v.resize(size_t(c.rows * c.cols));
  ASSERT_TRUE(raw.write(dir_.file("shape.h5")));
  const std::string msg = refused(dir_.file("shape.h5"));
  EXPECT_NE(msg.find("/c: shape [4, 8], expected [4, 9]"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, OneDimensionalBlock) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  ASSERT_TRUE(raw.write(dir_.file("r1.h5")));
  hid_t f = H5Fopen(dir_.file("r1.h5").c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  H5Ldelete(f, "row_upper", H5P_DEFAULT);
  hsize_t dim = 24;
  std::vector<double> v(24, 1.0);
  hid_t s = H5Screate_simple(1, &dim, nullptr);
  hid_t d = H5Dcreate2(f, "row_upper", H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(d);
  H5Sclose(s);
  H5Fclose(f);
  const std::string msg = refused(dir_.file("r1.h5"));
  EXPECT_NE(msg.find("/row_upper: expected a 2-D dataset"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, NanInRowLowerOfScenario2) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.datasets["row_lower"].v[2 * flptest::kTransportRows + 3] = NAN;
  ASSERT_TRUE(raw.write(dir_.file("nan.h5")));
  const std::string msg = refused(dir_.file("nan.h5"));
  EXPECT_NE(msg.find("/row_lower: scenario 2 (outage: plant/2), index 3 is NaN"),
            std::string::npos) << msg;
}

TEST_F(ScenariosIo, InfiniteCost) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.datasets["c"].v[3 * flptest::kTransportCols + 7] = -INFINITY;
  ASSERT_TRUE(raw.write(dir_.file("inf.h5")));
  const std::string msg = refused(dir_.file("inf.h5"));
  EXPECT_NE(msg.find("/c: scenario 3 (cheap), index 7 is -inf"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, LowerAboveUpperInScenario1Index5) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.datasets["row_lower"].v[1 * flptest::kTransportRows + 5] = 100;  // upper is 6
  ASSERT_TRUE(raw.write(dir_.file("lu.h5")));
  const std::string msg = refused(dir_.file("lu.h5"));
  EXPECT_NE(msg.find("scenario 1 (peak), index 5"), std::string::npos) << msg;
  EXPECT_NE(msg.find("row_lower 100 above row_upper 6"), std::string::npos) << msg;
}

// Only one side in the file: checked against the base's other side.
TEST_F(ScenariosIo, LowerAboveTheBasesUpper) {
  RawScenarioFile raw;
  raw.count = 2;
  std::vector<double> cl(2 * flptest::kTransportCols, 0.0);
  cl[1 * flptest::kTransportCols + 2] = 101;  // the base's upper is 100
  raw.datasets["col_lower"] = {2, flptest::kTransportCols, cl};
  ASSERT_TRUE(raw.write(dir_.file("side.h5")));
  const std::string msg = refused(dir_.file("side.h5"));
  EXPECT_NE(msg.find("scenario 1 (scenario-1), index 2"), std::string::npos) << msg;
  EXPECT_NE(msg.find("col_lower 101 above col_upper 100"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, NamesCountMismatch) {
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  raw.names.pop_back();
  ASSERT_TRUE(raw.write(dir_.file("names.h5")));
  const std::string msg = refused(dir_.file("names.h5"));
  EXPECT_NE(msg.find("/names: has 3 entries, expected 4"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, MadeForAnotherLp) {
  flp_scenarios other = sc_.sc;  // borrowed arrays: only the count matters here
  other.obj = other.row_lower = other.row_upper = nullptr;
  other.names = nullptr;
  other.num_cols = 8;
  const std::string path = dir_.file("other.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_scenarios(path.c_str(), &other, &err), FLP_OK) << err.msg;
  const std::string msg = refused(path);
  EXPECT_NE(msg.find("num_cols is 8, the LP has 9"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, Truncated) {
  const std::string path = dir_.file("t.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_scenarios(path.c_str(), &sc_.sc, &err), FLP_OK) << err.msg;
  const std::string bytes = flptest::read_file(path);
  flptest::write_file(path, bytes.substr(0, bytes.size() / 2));
  const std::string msg = refused(path);
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
  // the same without a checksum table: HDF5 cannot open it, still bad input
  RawScenarioFile raw = flptest::raw_transport_file(sc_.sc);
  const std::string plain = dir_.file("tp.h5");
  ASSERT_TRUE(raw.write(plain));
  const std::string pb = flptest::read_file(plain);
  flptest::write_file(plain, pb.substr(0, pb.size() / 2));
  refused(plain);
}

TEST_F(ScenariosIo, ChangedByteIsRefused) {
  const std::string path = dir_.file("x.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_scenarios(path.c_str(), &sc_.sc, &err), FLP_OK) << err.msg;
  std::string bytes = flptest::read_file(path);
  bytes[bytes.size() - 9] ^= 0x20;
  flptest::write_file(path, bytes);
  const std::string msg = refused(path);
  EXPECT_NE(msg.find("checksum"), std::string::npos) << msg;
}

TEST_F(ScenariosIo, WriterRefusesNan) {
  sc_.sc.row_upper[5] = NAN;
  flp_error err{};
  const std::string path = dir_.file("w.h5");
  EXPECT_EQ(flp_write_scenarios(path.c_str(), &sc_.sc, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("/row_upper: scenario 0, index 5 is NaN"), std::string::npos)
      << err.msg;
  EXPECT_NE(access(path.c_str(), F_OK), 0);
}

TEST_F(ScenariosIo, MissingFileIsIo) {
  Scenarios got;
  flp_error err{};
  EXPECT_EQ(flp_read_scenarios(dir_.file("none.h5").c_str(), &base_.p, &got.sc, &err), FLP_ERR_IO);
}

}  // namespace
