// HDF5 problem / solution / checkpoint files and the MPS writer (io/).
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hdf5.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "fleetlp_fleet.h"
#include "h5_reseal.h"
#include "kkt_gen.h"

namespace {

const double kInf = INFINITY;

// A scratch folder removed at the end of each test.
class Hdf5Io : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = "/tmp/fleetlp_h5_XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    ASSERT_NE(mkdtemp(buf.data()), nullptr);
    dir_ = buf.data();
  }
  void TearDown() override {
    std::string cmd = "rm -rf '" + dir_ + "'";
    (void)std::system(cmd.c_str());
  }
  std::string path(const std::string &name) const { return dir_ + "/" + name; }
  std::string dir_;
};

bool exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

struct Problem {
  flp_problem p{};
  Problem() = default;
  Problem(const Problem &) = delete;
  Problem &operator=(const Problem &) = delete;
  ~Problem() { flp_problem_free(&p); }
};

char *dup(const std::string &s) { return strdup(s.c_str()); }

// A small LP with every feature the layout has: a maximisation objective with
// an offset, equality, ranged, one-sided, free and empty rows, an empty
// column, every kind of column bound, and names.
void make_small(flp_problem *p, bool names = true) {
  flp_error err{};
  // rows: 0 E, 1 ranged, 2 G, 3 L, 4 free, 5 empty (L)
  const int m = 6, n = 5;
  const int64_t ptr[] = {0, 3, 5, 7, 9, 10, 10};
  const int32_t idx[] = {0, 1, 3, 1, 2, 0, 3, 2, 3, 0};
  const double val[] = {1, 2, -1, 0.5, 3, 1.25, -4, 1e-3, 7, 2};
  ASSERT_EQ(flp_problem_alloc(p, m, n, 10, &err), FLP_OK) << err.msg;
  memcpy(p->row_ptr, ptr, sizeof ptr);
  memcpy(p->col_idx, idx, sizeof idx);
  memcpy(p->values, val, sizeof val);
  const double c[] = {1, -2, 0.1, 0, 3};
  for (int j = 0; j < n; ++j) p->obj[j] = -c[j];  // user maximises c
  p->objective_sense = -1;
  p->obj_offset = -12.5;                          // user's offset +12.5
  const double cl[] = {0, -kInf, -3, 2, -kInf};
  const double cu[] = {kInf, 4, 5, 2, kInf};
  const double rl[] = {1, -1, 0.1, -kInf, -kInf, -kInf};
  const double ru[] = {1, 0.3, kInf, 8, kInf, 0};
  memcpy(p->col_lower, cl, sizeof cl);
  memcpy(p->col_upper, cu, sizeof cu);
  memcpy(p->row_lower, rl, sizeof rl);
  memcpy(p->row_upper, ru, sizeof ru);
  if (names) {
    p->row_names = static_cast<char **>(calloc(m, sizeof(char *)));
    p->col_names = static_cast<char **>(calloc(n, sizeof(char *)));
    const char *rn[] = {"balance", "band", "floor", "cap", "watch", "nothing"};
    const char *cn[] = {"x[0]", "y_1", "z.2", "fixed", "free"};
    for (int i = 0; i < m; ++i) p->row_names[i] = dup(rn[i]);
    for (int j = 0; j < n; ++j) p->col_names[j] = dup(cn[j]);
    p->name = dup("SMALL");
    p->obj_name = dup("profit");
  }
}

// A random CSR problem large enough for chunked, compressed datasets.
void make_random(flp_problem *p, int32_t m, int32_t n, int per_row, uint64_t seed) {
  flp_error err{};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(-10, 10);
  ASSERT_EQ(flp_problem_alloc(p, m, n, (int64_t)m * per_row, &err), FLP_OK) << err.msg;
  for (int32_t i = 0; i < m; ++i) {
    p->row_ptr[i + 1] = p->row_ptr[i] + per_row;
    for (int k = 0; k < per_row; ++k) {
      p->col_idx[(int64_t)i * per_row + k] = (int32_t)(rng() % (uint64_t)n);
      p->values[(int64_t)i * per_row + k] = u(rng);
    }
    p->row_lower[i] = (i % 3 == 0) ? -kInf : u(rng) - 20;
    p->row_upper[i] = (i % 3 == 1) ? kInf : u(rng) + 20;
  }
  for (int32_t j = 0; j < n; ++j) {
    p->obj[j] = u(rng);
    p->col_lower[j] = (j % 4 == 0) ? -kInf : 0;
    p->col_upper[j] = (j % 5 == 0) ? kInf : 1 + std::fabs(u(rng));
  }
}

void expect_same_names(char **a, char **b, int32_t count, const char *what) {
  ASSERT_EQ(a == nullptr, b == nullptr) << what;
  if (!a) return;
  for (int32_t i = 0; i < count; ++i) EXPECT_STREQ(a[i], b[i]) << what << " " << i;
}

void expect_same_problem(const flp_problem &a, const flp_problem &b, bool compare_names = true) {
  ASSERT_EQ(a.num_rows, b.num_rows);
  ASSERT_EQ(a.num_cols, b.num_cols);
  ASSERT_EQ(a.nnz, b.nnz);
  EXPECT_EQ(a.objective_sense, b.objective_sense);
  EXPECT_EQ(a.obj_offset, b.obj_offset);
  for (int32_t i = 0; i <= a.num_rows; ++i) ASSERT_EQ(a.row_ptr[i], b.row_ptr[i]) << "row_ptr " << i;
  // Entries may come back in another order within a row (MPS is column-wise).
  for (int32_t i = 0; i < a.num_rows; ++i) {
    std::vector<std::pair<int32_t, double>> ea, eb;
    for (int64_t k = a.row_ptr[i]; k < a.row_ptr[i + 1]; ++k) ea.emplace_back(a.col_idx[k], a.values[k]);
    for (int64_t k = b.row_ptr[i]; k < b.row_ptr[i + 1]; ++k) eb.emplace_back(b.col_idx[k], b.values[k]);
    std::sort(ea.begin(), ea.end());
    std::sort(eb.begin(), eb.end());
    ASSERT_EQ(ea, eb) << "row " << i;
  }
  for (int32_t j = 0; j < a.num_cols; ++j) {
    EXPECT_EQ(a.obj[j], b.obj[j]) << "obj " << j;
    EXPECT_EQ(a.col_lower[j], b.col_lower[j]) << "col_lower " << j;
    EXPECT_EQ(a.col_upper[j], b.col_upper[j]) << "col_upper " << j;
  }
  for (int32_t i = 0; i < a.num_rows; ++i) {
    EXPECT_EQ(a.row_lower[i], b.row_lower[i]) << "row_lower " << i;
    EXPECT_EQ(a.row_upper[i], b.row_upper[i]) << "row_upper " << i;
  }
  if (compare_names) {
    expect_same_names(a.row_names, b.row_names, a.num_rows, "row names");
    expect_same_names(a.col_names, b.col_names, a.num_cols, "col names");
  }
}

// ---- HDF5 helpers for inspecting and crafting files -------------------------
std::string read_attr_string(hid_t loc, const char *name) {
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return "<missing>";
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, H5T_VARIABLE);
  hid_t ft = H5Aget_type(a); /* read in the attribute's own character set */
  H5Tset_cset(t, H5Tget_cset(ft));
  H5Tclose(ft);
  char *v = nullptr;
  std::string out = "<unreadable>";
  if (H5Aread(a, t, &v) >= 0 && v) out = v;
  H5free_memory(v);
  H5Tclose(t);
  H5Aclose(a);
  return out;
}

double read_attr_double(hid_t loc, const char *name) {
  double v = NAN;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return v;
  H5Aread(a, H5T_NATIVE_DOUBLE, &v);
  H5Aclose(a);
  return v;
}

std::vector<double> read_doubles(hid_t file, const char *dpath, std::vector<hsize_t> *dims = nullptr) {
  hid_t d = H5Dopen2(file, dpath, H5P_DEFAULT);
  if (d < 0) return {};
  hid_t s = H5Dget_space(d);
  hssize_t count = H5Sget_simple_extent_npoints(s);
  if (dims) {
    int rank = H5Sget_simple_extent_ndims(s);
    dims->assign(rank, 0);
    H5Sget_simple_extent_dims(s, dims->data(), nullptr);
  }
  H5Sclose(s);
  std::vector<double> v((size_t)count);
  if (count > 0) H5Dread(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(d);
  return v;
}

// Opens a (copy of a) valid problem file for editing; the callback breaks it.
// Edits a file in place; a checksummed one is re-sealed, so that what a test
// provokes is the refusal it is about, not the checksum's.
void edit_file(const std::string &path, const std::function<void(hid_t)> &edit) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  ASSERT_GE(f, 0);
  edit(f);
  H5Fclose(f);
  EXPECT_TRUE(flptest::reseal_h5(path));
}

void replace_f64(hid_t f, const char *name, const std::vector<double> &v) {
  if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
  hsize_t dim = v.size();
  hid_t s = H5Screate_simple(1, &dim, nullptr);
  hid_t d = H5Dcreate2(f, name, H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (!v.empty()) H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(d);
  H5Sclose(s);
}

void replace_i64(hid_t f, const char *name, const std::vector<int64_t> &v, hid_t file_type = H5T_STD_I64LE) {
  if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
  hsize_t dim = v.size();
  hid_t s = H5Screate_simple(1, &dim, nullptr);
  hid_t d = H5Dcreate2(f, name, file_type, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (!v.empty()) H5Dwrite(d, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
  H5Dclose(d);
  H5Sclose(s);
}

void set_attr_i64(hid_t loc, const char *name, int64_t v) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, H5T_STD_I64LE, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, H5T_NATIVE_INT64, &v);
  H5Aclose(a);
  H5Sclose(s);
}

void set_attr_str(hid_t loc, const char *name, const char *v) {
  if (H5Aexists(loc, name) > 0) H5Adelete(loc, name);
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, strlen(v) + 1);
  hid_t s = H5Screate(H5S_SCALAR);
  hid_t a = H5Acreate2(loc, name, t, s, H5P_DEFAULT, H5P_DEFAULT);
  H5Awrite(a, t, v);
  H5Aclose(a);
  H5Sclose(s);
  H5Tclose(t);
}

std::vector<double> small_values(const std::string &path, const char *dpath) {
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  std::vector<double> v = read_doubles(f, dpath);
  H5Fclose(f);
  return v;
}

// ---- hashing ------------------------------------------------------------------
TEST(Hdf5IoHash, Fnv1aKnownValues) {
  EXPECT_EQ(flp_fnv1a64(FLP_FNV1A64_INIT, "", 0), 0xcbf29ce484222325ULL);
  EXPECT_EQ(flp_fnv1a64(FLP_FNV1A64_INIT, "a", 1), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(flp_fnv1a64(FLP_FNV1A64_INIT, "foobar", 6), 0x85944171f73967e8ULL);
  char hex[17];
  flp_hash_hex(0x00ab0000000000ffULL, hex);
  EXPECT_STREQ(hex, "00ab0000000000ff");
}

TEST(Hdf5IoHash, ProblemHashSeesEveryArray) {
  Problem a;
  make_small(&a.p);
  const uint64_t h = flp_problem_hash(&a.p);
  EXPECT_EQ(h, flp_problem_hash(&a.p));
  a.p.col_upper[1] = 4.5;
  EXPECT_NE(h, flp_problem_hash(&a.p));
  a.p.col_upper[1] = 4;
  EXPECT_EQ(h, flp_problem_hash(&a.p));
  free(a.p.row_names[0]);
  a.p.row_names[0] = dup("renamed");  // names are not part of the hash
  EXPECT_EQ(h, flp_problem_hash(&a.p));
  a.p.col_idx[0] = 2;
  EXPECT_NE(h, flp_problem_hash(&a.p));
}

// ---- problem round trips --------------------------------------------------------
TEST_F(Hdf5Io, ProblemRoundTripKeepsEverything) {
  Problem a, b;
  make_small(&a.p);
  flp_error err{};
  const std::string f = path("small.h5");
  ASSERT_EQ(flp_write_problem_h5(f.c_str(), &a.p, -1, &err), FLP_OK) << err.msg;
  EXPECT_FALSE(exists(f + ".tmp"));
  ASSERT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &err), FLP_OK) << err.msg;
  expect_same_problem(a.p, b.p);
  EXPECT_STREQ(b.p.name, "SMALL");
  EXPECT_STREQ(b.p.obj_name, "profit");
  EXPECT_EQ(flp_problem_hash(&a.p), flp_problem_hash(&b.p));
  // The file holds the objective in the user's (maximisation) sense.
  std::vector<double> c = small_values(f, "/c");
  ASSERT_EQ(c.size(), 5u);
  EXPECT_EQ(c[1], -2);
  EXPECT_EQ(c[4], 3);
  hid_t h = H5Fopen(f.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_EQ(read_attr_double(h, "sense"), -1);
  EXPECT_EQ(read_attr_double(h, "objective_offset"), 12.5);
  EXPECT_EQ(read_attr_string(h, "format"), "fleetlp-lp");
  H5Fclose(h);
  // Infinite bounds are IEEE infinities in the file.
  std::vector<double> cu = small_values(f, "/col_upper");
  EXPECT_TRUE(std::isinf(cu[0]) && cu[0] > 0);
}

TEST_F(Hdf5Io, ProblemRoundTripWithoutNamesAndEmpty) {
  for (int variant = 0; variant < 3; ++variant) {
    Problem a, b;
    flp_error err{};
    if (variant == 0) make_small(&a.p, false);
    else if (variant == 1) ASSERT_EQ(flp_problem_alloc(&a.p, 0, 0, 0, &err), FLP_OK);
    else {
      ASSERT_EQ(flp_problem_alloc(&a.p, 3, 2, 0, &err), FLP_OK);  // rows without entries
      a.p.row_lower[0] = -kInf;
      a.p.row_upper[1] = kInf;
      a.p.col_upper[0] = kInf;
      a.p.col_upper[1] = 1;
    }
    const std::string f = path("v" + std::to_string(variant) + ".h5");
    ASSERT_EQ(flp_write_problem_h5(f.c_str(), &a.p, 4, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, b.p);
    EXPECT_EQ(b.p.row_names, nullptr);
    EXPECT_EQ(b.p.name, nullptr);
  }
}

// Writes v as a chunked dataset through HDF5's own filter pipeline.
void write_filtered(hid_t f, const char *name, hid_t file_type, hid_t mem_type, const void *v,
                    hsize_t count, hsize_t chunk, bool shuffle, unsigned level) {
  if (H5Lexists(f, name, H5P_DEFAULT) > 0) H5Ldelete(f, name, H5P_DEFAULT);
  hid_t s = H5Screate_simple(1, &count, nullptr);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 1, &chunk);
  if (shuffle) H5Pset_shuffle(dcpl);
  H5Pset_deflate(dcpl, level);
  hid_t d = H5Dcreate2(f, name, file_type, s, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Dwrite(d, mem_type, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
  H5Dclose(d);
  H5Pclose(dcpl);
  H5Sclose(s);
}

TEST_F(Hdf5Io, LargeProblemIsChunkedAndCompressed) {
  Problem a;
  make_random(&a.p, 210000, 30000, 5, 7);  // 1.05M nonzeros: two chunks, the last one partial
  flp_error err{};
  for (int level : {0, 2}) {
    Problem b;
    const std::string f = path("big" + std::to_string(level) + ".h5");
    ASSERT_EQ(flp_write_problem_h5(f.c_str(), &a.p, level, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, b.p);
    hid_t h = H5Fopen(f.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t d = H5Dopen2(h, "/A/data", H5P_DEFAULT);
    hid_t dcpl = H5Dget_create_plist(d);
    EXPECT_EQ(H5Pget_layout(dcpl), H5D_CHUNKED);
    EXPECT_EQ(H5Pget_nfilters(dcpl), level > 0 ? 2 : 0);  // shuffle + deflate
    H5Pclose(dcpl);
    H5Dclose(d);
    hid_t ix = H5Dopen2(h, "/A/indices", H5P_DEFAULT);
    hid_t t = H5Dget_type(ix);
    EXPECT_EQ(H5Tget_size(t), 4u);  // int32 indices
    H5Tclose(t);
    H5Dclose(ix);
    // HDF5's own filter pipeline reads the chunks fleetlp compressed itself.
    std::vector<double> data = read_doubles(h, "/A/data");
    ASSERT_EQ(data.size(), (size_t)a.p.nnz);
    EXPECT_TRUE(std::equal(data.begin(), data.end(), a.p.values));
    H5Fclose(h);
  }
  // ... and fleetlp reads chunks that HDF5's pipeline compressed, with other
  // chunk sizes and with or without shuffle.
  const std::string f = path("hdf5_filtered.h5");
  ASSERT_EQ(flp_write_problem_h5(f.c_str(), &a.p, 0, &err), FLP_OK) << err.msg;
  edit_file(f, [&](hid_t h) {
    write_filtered(h, "A/data", H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, a.p.values, a.p.nnz, 100000, true, 3);
    write_filtered(h, "A/indices", H5T_STD_I32LE, H5T_NATIVE_INT32, a.p.col_idx, a.p.nnz, 300007, false, 1);
    write_filtered(h, "A/indptr", H5T_STD_I64LE, H5T_NATIVE_INT64, a.p.row_ptr, a.p.num_rows + 1, 65536,
                   true, 1);
  });
  Problem b;
  ASSERT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &err), FLP_OK) << err.msg;
  expect_same_problem(a.p, b.p);
}

// ---- MPS <-> HDF5 ------------------------------------------------------------------
const char *kMps =
    "* every section and bound kind\n"
    "NAME          TRIP\n"
    "OBJSENSE\n"
    "    MAX\n"
    "ROWS\n"
    " N  COST\n"
    " E  LIM1\n"
    " L  LIM2\n"
    " G  MYEQN\n"
    " E  R4\n"
    " L  R5\n"
    " G  R6\n"
    "COLUMNS\n"
    "    X1        COST         1.0   LIM1         1.0\n"
    "    X1        MYEQN        1.0\n"
    "    X2        COST         2.0   LIM2         1.0\n"
    "    X2        R4           -1\n"
    "    X3        COST        -1.0   MYEQN        1.0\n"
    "    X3        R5           0.1   R6           0.2\n"
    "    X4        LIM1         3     R6           1e-7\n"
    "    X5        COST         0.3\n"
    "    X6        COST         0.0   LIM2         2.5\n"
    "    X7        R4           1\n"
    "RHS\n"
    "    RHS       COST        -7.5\n"
    "    RHS       LIM1         4.0   LIM2         1.0\n"
    "    RHS       MYEQN        7.0   R4           2\n"
    "    RHS       R5           0.3   R6           -0.7\n"
    "RANGES\n"
    "    RNG       LIM1         2.5   R4           -3\n"
    "    RNG       R5           0.2   R6           0.1\n"
    "BOUNDS\n"
    " UP BND       X1           4.0\n"
    " LO BND       X2          -1.0\n"
    " UP BND       X2           1.0\n"
    " MI BND       X3\n"
    " UP BND       X3           -2\n"
    " FX BND       X4           3.25\n"
    " FR BND       X5\n"
    " PL BND       X6\n"
    " LO BND       X7           -1e30\n"
    "ENDATA\n";

TEST_F(Hdf5Io, MpsToHdf5ToMpsIsIdentical) {
  const std::string mps = path("trip.mps");
  {
    std::ofstream(mps) << kMps;
  }
  Problem orig, fromh5, back, backgz;
  flp_error err{};
  ASSERT_EQ(flp_read_mps(mps.c_str(), &orig.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  EXPECT_EQ(orig.p.objective_sense, -1);
  const std::string h5 = path("trip.h5"), out = path("out.mps"), outgz = path("out.mps.gz");
  ASSERT_EQ(flp_write_problem(h5.c_str(), &orig.p, -1, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_read_problem(h5.c_str(), &fromh5.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  expect_same_problem(orig.p, fromh5.p);
  ASSERT_EQ(flp_write_problem(out.c_str(), &fromh5.p, -1, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_write_problem(outgz.c_str(), &fromh5.p, -1, &err), FLP_OK) << err.msg;
  EXPECT_FALSE(exists(out + ".tmp"));
  ASSERT_EQ(flp_read_problem(out.c_str(), &back.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_read_problem(outgz.c_str(), &backgz.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  expect_same_problem(orig.p, back.p);
  expect_same_problem(orig.p, backgz.p);
  EXPECT_STREQ(back.p.name, "TRIP");
  EXPECT_STREQ(back.p.obj_name, "COST");
  // gzip really is gzip
  unsigned char magic[2] = {0, 0};
  FILE *g = fopen(outgz.c_str(), "rb");
  ASSERT_NE(g, nullptr);
  ASSERT_EQ(fread(magic, 1, 2, g), 2u);
  fclose(g);
  EXPECT_EQ(magic[0], 0x1f);
  EXPECT_EQ(magic[1], 0x8b);
}

TEST_F(Hdf5Io, MpsWriterRangesAndNumbersReadBackExactly) {
  Problem a, b;
  flp_error err{};
  const int m = 400;
  ASSERT_EQ(flp_problem_alloc(&a.p, m, 1, m, &err), FLP_OK);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int i = 0; i < m; ++i) {
    a.p.row_ptr[i + 1] = i + 1;
    a.p.col_idx[i] = 0;
    a.p.values[i] = u(rng) * std::pow(10.0, (int)(rng() % 21) - 10);
    double lo = u(rng) * std::pow(10.0, (int)(rng() % 13) - 6);
    double hi = lo + std::fabs(u(rng)) * std::pow(10.0, (int)(rng() % 13) - 6);
    a.p.row_lower[i] = lo;
    a.p.row_upper[i] = hi;
  }
  a.p.obj[0] = 1.0 / 3.0;
  a.p.obj_offset = 0.1;
  a.p.col_lower[0] = -kInf;
  a.p.col_upper[0] = kInf;
  const std::string f = path("ranges.mps");
  ASSERT_EQ(flp_write_mps(f.c_str(), &a.p, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_read_mps(f.c_str(), &b.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
  expect_same_problem(a.p, b.p, false);
}

TEST_F(Hdf5Io, MpsWriterGeneratesNamesWhenNeeded) {
  flp_error err{};
  {
    Problem a, b;
    make_small(&a.p);
    // A blank in a name (not allowed in free MPS) and duplicate column names.
    free(a.p.row_names[2]);
    a.p.row_names[2] = dup("has blank");
    free(a.p.col_names[1]);
    a.p.col_names[1] = dup("x[0]");
    // Free rows are N rows in MPS, which readers drop: leave none here.
    a.p.row_lower[4] = 0;
    const std::string f = path("gen.mps");
    ASSERT_EQ(flp_write_mps(f.c_str(), &a.p, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_mps(f.c_str(), &b.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, b.p, false);
    EXPECT_STREQ(b.p.row_names[0], "R1");
    EXPECT_STREQ(b.p.col_names[0], "C1");
    EXPECT_STREQ(b.p.obj_name, "profit");
  }
  {
    Problem a, b;
    make_small(&a.p);
    a.p.row_lower[4] = 0;
    free(a.p.obj_name);
    a.p.obj_name = dup("balance");  // collides with a row name: renamed
    const std::string f = path("obj.mps");
    ASSERT_EQ(flp_write_mps(f.c_str(), &a.p, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_mps(f.c_str(), &b.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, b.p);
    EXPECT_STREQ(b.p.obj_name, "OBJ");
  }
}

TEST_F(Hdf5Io, GeneratedProblemsRoundTripThroughBothFormats) {
  for (int seed = 1; seed <= 4; ++seed) {
    Problem a, h, m;
    kkt_options o;
    kkt_options_default(&o, 60, 80, seed);
    o.maximize = seed % 2;
    o.free_rows = 0;  // MPS has no free rows besides N rows, which readers drop
    flp_error err{};
    ASSERT_EQ(kkt_generate(&o, &a.p, nullptr, &err), FLP_OK) << err.msg;
    const std::string fh = path("g.h5"), fm = path("g.mps");
    ASSERT_EQ(flp_write_problem(fh.c_str(), &a.p, -1, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_problem(fh.c_str(), &h.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, h.p);
    ASSERT_EQ(flp_write_problem(fm.c_str(), &h.p, -1, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_read_problem(fm.c_str(), &m.p, nullptr, nullptr, &err), FLP_OK) << err.msg;
    expect_same_problem(a.p, m.p);
  }
}

TEST_F(Hdf5Io, WriteProblemRefusesUnknownExtension) {
  Problem a;
  make_small(&a.p);
  flp_error err{};
  EXPECT_EQ(flp_write_problem(path("x.lp").c_str(), &a.p, -1, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find(".h5"), std::string::npos) << err.msg;
}

// ---- validation of crafted files ------------------------------------------------------
struct BadCase {
  const char *what;
  std::function<void(hid_t)> edit;
  const char *expect;  // substring of the message
};

int quiet_handler_calls = 0;
herr_t counting_handler(hid_t, void *) {
  ++quiet_handler_calls;
  return 0;
}

TEST_F(Hdf5Io, ReaderRejectsEveryKindOfBrokenFile) {
  Problem a;
  make_small(&a.p);
  a.p.row_lower[4] = 0;  // keep rows easy to reason about
  flp_error err{};
  const std::string good = path("good.h5");
  ASSERT_EQ(flp_write_problem_h5(good.c_str(), &a.p, 0, &err), FLP_OK) << err.msg;

  std::vector<BadCase> cases = {
      {"missing /c", [](hid_t f) { H5Ldelete(f, "c", H5P_DEFAULT); }, "/c: missing dataset"},
      {"misnamed /col_lower",
       [](hid_t f) { H5Lmove(f, "col_lower", f, "col_lowr", H5P_DEFAULT, H5P_DEFAULT); },
       "col_lowr"},
      {"missing /A", [](hid_t f) { H5Ldelete(f, "A", H5P_DEFAULT); }, "/A: missing group"},
      {"missing /A/indptr", [](hid_t f) { H5Ldelete(f, "A/indptr", H5P_DEFAULT); },
       "/A/indptr: missing dataset"},
      {"/c too short", [](hid_t f) { replace_f64(f, "c", {1, 2, 3, 4}); }, "/c: has 4 entries, expected 5"},
      {"/c strings",
       [](hid_t f) {
         H5Ldelete(f, "c", H5P_DEFAULT);
         hid_t t = H5Tcopy(H5T_C_S1);
         H5Tset_size(t, 4);
         hsize_t dim = 5;
         hid_t s = H5Screate_simple(1, &dim, nullptr);
         hid_t d = H5Dcreate2(f, "c", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
         H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, "aaaabbbbccccddddeeee");
         H5Dclose(d);
         H5Sclose(s);
         H5Tclose(t);
       },
       "/c: expected numeric values, found type class string"},
      {"/c is a group",
       [](hid_t f) {
         H5Ldelete(f, "c", H5P_DEFAULT);
         H5Gclose(H5Gcreate2(f, "c", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT));
       },
       "/c: expected a dataset, found a group"},
      {"/row_upper 2-D",
       [](hid_t f) {
         H5Ldelete(f, "row_upper", H5P_DEFAULT);
         hsize_t dims[2] = {3, 2};
         double v[6] = {0};
         hid_t s = H5Screate_simple(2, dims, nullptr);
         hid_t d = H5Dcreate2(f, "row_upper", H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v);
         H5Dclose(d);
         H5Sclose(s);
       },
       "/row_upper: expected a 1-D dataset, found rank 2"},
      {"indptr decreasing", [](hid_t f) { replace_i64(f, "A/indptr", {0, 3, 5, 4, 9, 10, 10}); },
       "/A/indptr: not non-decreasing at row 2"},
      {"indptr not at nnz", [](hid_t f) { replace_i64(f, "A/indptr", {0, 3, 5, 7, 9, 9, 9}); },
       "/A/indptr: ends at 9, expected 10"},
      {"indptr not from 0", [](hid_t f) { replace_i64(f, "A/indptr", {1, 3, 5, 7, 9, 10, 10}); },
       "/A/indptr: starts at 1"},
      {"indptr float", [](hid_t f) { replace_f64(f, "A/indptr", {0, 3, 5, 7, 9, 10, 10}); },
       "/A/indptr: expected integer values, found type class float"},
      {"index out of range", [](hid_t f) { replace_i64(f, "A/indices", {0, 1, 3, 1, 2, 0, 5, 2, 3, 0}, H5T_STD_I32LE); },
       "/A/indices: column index 5 out of range [0, 5) at entry 6 (row 2)"},
      {"negative index", [](hid_t f) { replace_i64(f, "A/indices", {0, 1, 3, 1, 2, 0, 3, 2, 3, -1}, H5T_STD_I32LE); },
       "/A/indices: column index -1 out of range"},
      {"int64 index beyond int32",
       [](hid_t f) { replace_i64(f, "A/indices", {0, 1, 3, 1, 2, 0, 3, 2, 3, 5000000000LL}); },
       "/A/indices: column index 5000000000 out of range [0, 5) at entry 9 (row 4)"},
      {"NaN in A", [](hid_t f) { replace_f64(f, "A/data", {1, 2, -1, 0.5, NAN, 1.25, -4, 1e-3, 7, 2}); },
       "/A/data: value nan at entry 4 (row 1)"},
      {"data length", [](hid_t f) { replace_f64(f, "A/data", {1, 2, -1}); }, "/A/indptr: ends at 10, expected 3"},
      {"NaN in c", [](hid_t f) { replace_f64(f, "c", {1, NAN, 0, 0, 0}); }, "/c: value nan at index 1"},
      {"inf in c", [](hid_t f) { replace_f64(f, "c", {1, 0, 0, 0, INFINITY}); }, "/c: value inf at index 4"},
      {"NaN bound", [](hid_t f) { replace_f64(f, "col_lower", {0, NAN, 0, 0, 0}); },
       "/col_lower: invalid lower bound nan at index 1 (y_1)"},
      {"lower above upper", [](hid_t f) { replace_f64(f, "row_lower", {1, -1, 0.1, -INFINITY, 0, 2}); },
       "/row_lower, /row_upper: lower bound 2 above upper bound 0 at index 5 (nothing)"},
      {"upper -inf", [](hid_t f) { replace_f64(f, "col_upper", {1, 1, 1, 2, -INFINITY}); },
       "/col_upper: invalid upper bound -inf at index 4"},
      {"newer major version", [](hid_t f) { set_attr_i64(f, "version_major", 2); }, "format version 2.0 is newer"},
      {"wrong format", [](hid_t f) { set_attr_str(f, "format", "fleetlp-solution"); },
       "attribute format is \"fleetlp-solution\", expected \"fleetlp-lp\""},
      {"no format", [](hid_t f) { H5Adelete(f, "format"); }, "missing attribute format"},
      {"bad sense", [](hid_t f) { set_attr_i64(f, "sense", 3); }, "attribute sense must be +1"},
      {"no shape",
       [](hid_t f) {
         hid_t g = H5Gopen2(f, "A", H5P_DEFAULT);
         H5Adelete(g, "shape");
         H5Gclose(g);
       },
       "/A: missing attribute shape"},
      {"shape wrong",
       [](hid_t f) {
         hid_t g = H5Gopen2(f, "A", H5P_DEFAULT);
         set_attr_i64(g, "shape", 6);
         H5Gclose(g);
       },
       "/A: attribute shape must hold 2 values, found 1"},
      {"names too short",
       [](hid_t f) {
         H5Ldelete(f, "names/rows", H5P_DEFAULT);
         hid_t t = H5Tcopy(H5T_C_S1);
         H5Tset_size(t, 2);
         hsize_t dim = 2;
         hid_t s = H5Screate_simple(1, &dim, nullptr);
         hid_t d = H5Dcreate2(f, "names/rows", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
         H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, "r1r2");
         H5Dclose(d);
         H5Sclose(s);
         H5Tclose(t);
       },
       "/names/rows: has 2 entries, expected 6"},
  };

  // HDF5's printing must stay silent and the caller's handler be restored.
  H5E_auto2_t saved_fn;
  void *saved_data;
  H5Eget_auto2(H5E_DEFAULT, &saved_fn, &saved_data);
  H5Eset_auto2(H5E_DEFAULT, counting_handler, nullptr);
  quiet_handler_calls = 0;
  int k = 0;
  for (const BadCase &c : cases) {
    const std::string f = path("bad" + std::to_string(k++) + ".h5");
    std::string cp = "cp '" + good + "' '" + f + "'";
    ASSERT_EQ(std::system(cp.c_str()), 0);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // the edits themselves may fail on purpose
    edit_file(f, c.edit);
    H5Eset_auto2(H5E_DEFAULT, counting_handler, nullptr);
    Problem b;
    flp_error e{};
    EXPECT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &e), FLP_ERR_INPUT) << c.what;
    EXPECT_EQ(std::string(e.msg).rfind(f + ": ", 0), 0u) << c.what << ": " << e.msg;
    EXPECT_NE(std::string(e.msg).find(c.expect), std::string::npos)
        << c.what << ": got \"" << e.msg << "\", expected to find \"" << c.expect << "\"";
    EXPECT_EQ(b.p.row_ptr, nullptr) << c.what;  // nothing leaks out on failure
    H5E_auto2_t fn;
    void *data;
    H5Eget_auto2(H5E_DEFAULT, &fn, &data);
    EXPECT_EQ(fn, &counting_handler) << c.what;
  }
  EXPECT_EQ(quiet_handler_calls, 0);
  H5Eset_auto2(H5E_DEFAULT, saved_fn, saved_data);
}

TEST_F(Hdf5Io, ReaderRejectsNonHdf5AndMissingFiles) {
  Problem b;
  flp_error err{};
  const std::string txt = path("model.h5");
  {
    std::ofstream(txt) << "NAME x\nROWS\n";
  }
  EXPECT_EQ(flp_read_problem_h5(txt.c_str(), &b.p, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("not an HDF5 file"), std::string::npos) << err.msg;
  EXPECT_EQ(flp_read_problem_h5(path("nope.h5").c_str(), &b.p, &err), FLP_ERR_IO);
  EXPECT_NE(std::string(err.msg).find("nope.h5"), std::string::npos) << err.msg;
  // A checkpoint is HDF5 but not a problem.
  flp_checkpoint *c = nullptr;
  ASSERT_EQ(flp_checkpoint_create(1, 2, &c, &err), FLP_OK);
  const std::string ck = path("ck.h5");
  ASSERT_EQ(flp_checkpoint_write(c, ck.c_str(), &err), FLP_OK) << err.msg;
  flp_checkpoint_free(c);
  EXPECT_EQ(flp_read_problem(ck.c_str(), &b.p, nullptr, nullptr, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("\"fleetlp-checkpoint\", expected \"fleetlp-lp\""), std::string::npos)
      << err.msg;
}

TEST_F(Hdf5Io, ReaderAcceptsScipyStyleTypes) {
  // int32 indptr, int64 indices, float32 data, vlen names, 1e20 as infinity.
  Problem a, b;
  make_small(&a.p);
  flp_error err{};
  const std::string f = path("scipy.h5");
  ASSERT_EQ(flp_write_problem_h5(f.c_str(), &a.p, 0, &err), FLP_OK) << err.msg;
  edit_file(f, [&](hid_t h) {
    std::vector<int64_t> ptr(a.p.row_ptr, a.p.row_ptr + a.p.num_rows + 1);
    replace_i64(h, "A/indptr", ptr, H5T_STD_I32LE);
    std::vector<int64_t> idx(a.p.col_idx, a.p.col_idx + a.p.nnz);
    replace_i64(h, "A/indices", idx, H5T_STD_I64LE);
    std::vector<double> cu(a.p.col_upper, a.p.col_upper + a.p.num_cols);
    cu[0] = 1e20;
    replace_f64(h, "col_upper", cu);
    H5Ldelete(h, "names/cols", H5P_DEFAULT);
    hid_t t = H5Tcopy(H5T_C_S1);
    H5Tset_size(t, H5T_VARIABLE);
    hsize_t dim = 5;
    hid_t s = H5Screate_simple(1, &dim, nullptr);
    hid_t d = H5Dcreate2(h, "names/cols", t, s, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    const char *names[5] = {"x[0]", "y_1", "z.2", "fixed", "free"};
    H5Dwrite(d, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, names);
    H5Dclose(d);
    H5Sclose(s);
    H5Tclose(t);
  });
  ASSERT_EQ(flp_read_problem_h5(f.c_str(), &b.p, &err), FLP_OK) << err.msg;
  expect_same_problem(a.p, b.p);
}

// ---- checkpoints ----------------------------------------------------------------------
TEST_F(Hdf5Io, CheckpointRoundTripAndRefusals) {
  flp_error err{};
  flp_checkpoint *c = nullptr;
  ASSERT_EQ(flp_checkpoint_create(0x1234, 0xabcd, &c, &err), FLP_OK);
  std::vector<double> x(20000), y = {1.5, -kInf, kInf, 0.0};
  for (size_t i = 0; i < x.size(); ++i) x[i] = std::sin((double)i);
  ASSERT_EQ(flp_checkpoint_set_vector(c, "x", x.data(), (int64_t)x.size(), &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_vector(c, "y", y.data(), 4, &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_vector(c, "empty", nullptr, 0, &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_int(c, "iteration", 123456789012LL, &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_int(c, "restarts", 1, &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_int(c, "restarts", 7, &err), FLP_OK);  // replaces
  ASSERT_EQ(flp_checkpoint_set_real(c, "pid.integral", -0.125, &err), FLP_OK);
  ASSERT_EQ(flp_checkpoint_set_real(c, "best_weight", 1.0 / 3.0, &err), FLP_OK);
  EXPECT_EQ(flp_checkpoint_set_real(c, "bad/name", 1, &err), FLP_ERR_INPUT);
  EXPECT_EQ(flp_checkpoint_set_real(c, "", 1, &err), FLP_ERR_INPUT);
  const std::string f = path("state.ckpt.h5");
  ASSERT_EQ(flp_checkpoint_write(c, f.c_str(), &err), FLP_OK) << err.msg;
  flp_checkpoint_free(c);
  EXPECT_FALSE(exists(f + ".tmp"));

  flp_checkpoint *r = nullptr;
  ASSERT_EQ(flp_checkpoint_read(f.c_str(), 0x1234, 0xabcd, &r, &err), FLP_OK) << err.msg;
  EXPECT_STREQ(flp_checkpoint_solver_version(r), FLP_VERSION_STRING);
  std::vector<double> xr(x.size());
  ASSERT_EQ(flp_checkpoint_get_vector(r, "x", (int64_t)x.size(), xr.data(), &err), FLP_OK) << err.msg;
  EXPECT_EQ(xr, x);
  int64_t len = -1;
  const double *yv = flp_checkpoint_vector(r, "y", &len);
  ASSERT_NE(yv, nullptr);
  ASSERT_EQ(len, 4);
  EXPECT_EQ(std::vector<double>(yv, yv + 4), y);
  flp_checkpoint_vector(r, "empty", &len);
  EXPECT_EQ(len, 0);
  EXPECT_EQ(flp_checkpoint_vector(r, "z", &len), nullptr);
  EXPECT_EQ(flp_checkpoint_get_vector(r, "x", 5, xr.data(), &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("x has 20000 entries, expected 5"), std::string::npos) << err.msg;
  int64_t it = 0;
  double v = 0;
  ASSERT_EQ(flp_checkpoint_get_int(r, "iteration", &it, &err), FLP_OK);
  EXPECT_EQ(it, 123456789012LL);
  ASSERT_EQ(flp_checkpoint_get_int(r, "restarts", &it, &err), FLP_OK);
  EXPECT_EQ(it, 7);
  ASSERT_EQ(flp_checkpoint_get_real(r, "pid.integral", &v, &err), FLP_OK);
  EXPECT_EQ(v, -0.125);
  ASSERT_EQ(flp_checkpoint_get_real(r, "best_weight", &v, &err), FLP_OK);
  EXPECT_EQ(v, 1.0 / 3.0);
  EXPECT_EQ(flp_checkpoint_get_real(r, "iteration", &v, &err), FLP_ERR_INPUT);
  EXPECT_EQ(flp_checkpoint_get_int(r, "missing", &it, &err), FLP_ERR_INPUT);
  flp_checkpoint_free(r);

  // Hash mismatches are refused, with both hashes in the message.
  r = nullptr;
  EXPECT_EQ(flp_checkpoint_read(f.c_str(), 0x9999, 0xabcd, &r, &err), FLP_ERR_INPUT);
  EXPECT_EQ(r, nullptr);
  EXPECT_NE(std::string(err.msg).find("different problem data"), std::string::npos) << err.msg;
  EXPECT_NE(std::string(err.msg).find("0000000000001234"), std::string::npos) << err.msg;
  EXPECT_NE(std::string(err.msg).find("0000000000009999"), std::string::npos) << err.msg;
  EXPECT_EQ(flp_checkpoint_read(f.c_str(), 0x1234, 0xabce, &r, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("different settings"), std::string::npos) << err.msg;
  ASSERT_EQ(flp_checkpoint_read(f.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &r, &err),
            FLP_OK)
      << err.msg;
  flp_checkpoint_free(r);

  // A newer checkpoint format is refused.
  edit_file(f, [](hid_t h) { set_attr_i64(h, "version_major", 3); });
  r = nullptr;
  EXPECT_EQ(flp_checkpoint_read(f.c_str(), 0x1234, 0xabcd, &r, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("newer"), std::string::npos) << err.msg;
  // A problem file is not a checkpoint.
  Problem a;
  make_small(&a.p);
  const std::string pf = path("p.h5");
  ASSERT_EQ(flp_write_problem_h5(pf.c_str(), &a.p, -1, &err), FLP_OK);
  EXPECT_EQ(flp_checkpoint_read(pf.c_str(), 0, 0, &r, &err), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err.msg).find("expected \"fleetlp-checkpoint\""), std::string::npos) << err.msg;
}

// ---- solutions ----------------------------------------------------------------------------
flp_check_record record(int64_t k) {
  flp_check_record r{};
  r.iteration = 64 * k;
  r.seconds = 0.01 * (double)k;
  r.primal_obj = 100.0 / (double)(k + 1);
  r.dual_obj = 90.0;
  r.rel_primal_res = 1e-2 / (double)(k + 1);
  r.rel_dual_res = 2e-2 / (double)(k + 1);
  r.rel_gap = 1e-3;
  r.step = 0.5;
  r.primal_weight = 1.25;
  r.restarted = (int)(k % 4);
  return r;
}

TEST_F(Hdf5Io, SolutionWriterStreamsHistoryAndWritesResult) {
  Problem a;
  make_small(&a.p);
  flp_settings s;
  flp_settings_default(&s);
  s.tol = 1e-6;
  const std::string f = path("sol.h5");
  flp_error err{};
  flp_h5_solution_writer *w = nullptr;
  ASSERT_EQ(flp_h5_solution_begin(f.c_str(), &a.p, &s, &w, &err), FLP_OK) << err.msg;
  EXPECT_TRUE(exists(f + ".tmp"));
  EXPECT_FALSE(exists(f));
  std::vector<flp_check_record> hist;
  for (int k = 0; k < 7; ++k) hist.push_back(record(k));
  ASSERT_EQ(flp_h5_solution_append_history(w, hist.data(), 3, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_h5_solution_append_history(w, hist.data() + 3, 2, &err), FLP_OK) << err.msg;
  ASSERT_EQ(flp_h5_solution_flush(w, &err), FLP_OK) << err.msg;

  flp_result res{};
  res.status = FLP_OPTIMAL;
  res.primal_obj = 42.5;
  res.dual_obj = 42.25;
  res.rel_gap = 1e-7;
  res.iterations = 384;
  res.restarts = 3;
  res.total_seconds = 0.5;
  snprintf(res.device, sizeof res.device, "cpu (2 threads)");
  res.num_rows = a.p.num_rows;
  res.num_cols = a.p.num_cols;
  std::vector<double> x = {1, 2, 3, 2, -4}, y = {0.5, 0, -1, 2, 0, 0}, rc = {0, 0, 1, -1, 0}, ax(6, 0.25);
  res.x = x.data();
  res.y = y.data();
  res.reduced_costs = rc.data();
  res.row_activity = ax.data();
  res.history = hist.data();  // 7 rows: the last 2 are appended by finish
  res.history_len = 7;
  ASSERT_EQ(flp_h5_solution_finish(w, &res, &err), FLP_OK) << err.msg;
  EXPECT_FALSE(exists(f + ".tmp"));
  ASSERT_TRUE(exists(f));

  hid_t h = H5Fopen(f.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h, 0);
  EXPECT_EQ(read_attr_string(h, "format"), "fleetlp-solution");
  EXPECT_EQ(read_attr_string(h, "status"), "OPTIMAL");
  EXPECT_EQ(read_attr_string(h, "device"), "cpu (2 threads)");
  EXPECT_EQ(read_attr_string(h, "solver_version"), FLP_VERSION_STRING);
  char hex[17];
  flp_hash_hex(flp_problem_hash(&a.p), hex);
  EXPECT_EQ(read_attr_string(h, "problem_hash"), hex);
  EXPECT_EQ(read_attr_double(h, "primal_objective"), 42.5);
  EXPECT_EQ(read_attr_double(h, "tolerance"), 1e-6);
  EXPECT_EQ(read_attr_double(h, "iterations"), 384);
  EXPECT_EQ(read_doubles(h, "/x"), x);
  EXPECT_EQ(read_doubles(h, "/y"), y);
  EXPECT_EQ(read_doubles(h, "/reduced_costs"), rc);
  EXPECT_EQ(read_doubles(h, "/row_activity"), ax);
  EXPECT_LT(H5Lexists(h, "certificate", H5P_DEFAULT), 1);
  std::vector<hsize_t> dims;
  std::vector<double> hv = read_doubles(h, "/history", &dims);
  ASSERT_EQ(dims.size(), 2u);
  ASSERT_EQ(dims[0], 7u);
  ASSERT_EQ(dims[1], 10u);
  for (int k = 0; k < 7; ++k) {
    EXPECT_EQ(hv[k * 10 + 0], 64.0 * k);
    EXPECT_EQ(hv[k * 10 + 2], hist[k].primal_obj);
    EXPECT_EQ(hv[k * 10 + 9], (double)(k % 4));
  }
  // names travel along so users can label x and y
  EXPECT_GT(H5Lexists(h, "names", H5P_DEFAULT), 0);
  H5Fclose(h);
}

TEST_F(Hdf5Io, SolutionWithCertificate) {
  Problem a;
  make_small(&a.p, false);
  flp_result res{};
  res.status = FLP_PRIMAL_INFEASIBLE;
  res.num_rows = a.p.num_rows;
  res.num_cols = a.p.num_cols;
  std::vector<double> ray = {1, 0, 0, 0, 0, 2};
  res.dual_ray = ray.data();
  res.certificate_quality = 1e-12;
  const std::string f = path("inf.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_solution_h5(f.c_str(), &a.p, nullptr, &res, &err), FLP_OK) << err.msg;
  hid_t h = H5Fopen(f.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  EXPECT_EQ(read_attr_string(h, "status"), "PRIMAL_INFEASIBLE");
  EXPECT_EQ(read_doubles(h, "/certificate/dual_ray"), ray);
  EXPECT_LT(H5Lexists(h, "x", H5P_DEFAULT), 1);
  std::vector<hsize_t> dims;
  read_doubles(h, "/history", &dims);
  EXPECT_EQ(dims[0], 0u);
  H5Fclose(h);
  // A result of the wrong size is refused and leaves nothing behind.
  res.num_rows = 2;
  const std::string g = path("wrong.h5");
  EXPECT_NE(flp_write_solution_h5(g.c_str(), &a.p, nullptr, &res, &err), FLP_OK);
  EXPECT_FALSE(exists(g));
  EXPECT_FALSE(exists(g + ".tmp"));
}

TEST_F(Hdf5Io, SolutionAbortLeavesNothing) {
  Problem a;
  make_small(&a.p);
  const std::string f = path("aborted.h5");
  flp_error err{};
  flp_h5_solution_writer *w = nullptr;
  ASSERT_EQ(flp_h5_solution_begin(f.c_str(), &a.p, nullptr, &w, &err), FLP_OK) << err.msg;
  flp_check_record r = record(1);
  ASSERT_EQ(flp_h5_solution_append_history(w, &r, 1, &err), FLP_OK);
  flp_h5_solution_abort(w);
  EXPECT_FALSE(exists(f));
  EXPECT_FALSE(exists(f + ".tmp"));
  flp_h5_solution_abort(nullptr);
}

// ---- atomicity under SIGKILL -----------------------------------------------------------------
TEST_F(Hdf5Io, KilledSolutionWriterLeavesOnlyTheTempFile) {
  Problem a;
  make_small(&a.p);
  const std::string f = path("killed.h5");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  fflush(nullptr);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    close(fds[0]);
    flp_error err{};
    flp_h5_solution_writer *w = nullptr;
    if (flp_h5_solution_begin(f.c_str(), &a.p, nullptr, &w, &err) != FLP_OK) _exit(1);
    for (int k = 0; k < 5; ++k) {
      flp_check_record r = record(k);
      if (flp_h5_solution_append_history(w, &r, 1, &err) != FLP_OK) _exit(2);
    }
    if (flp_h5_solution_flush(w, &err) != FLP_OK) _exit(3);
    char c = 'x';
    if (write(fds[1], &c, 1) != 1) _exit(4);
    for (;;) pause();  // "solving" until killed
  }
  close(fds[1]);
  char c = 0;
  ASSERT_EQ(read(fds[0], &c, 1), 1) << "child failed before the kill";
  close(fds[0]);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_FALSE(exists(f));
  ASSERT_TRUE(exists(f + ".tmp"));
  // The partial file still shows the progress made.
  hid_t h = H5Fopen((f + ".tmp").c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h, 0);
  EXPECT_EQ(read_attr_string(h, "status"), "RUNNING");
  std::vector<hsize_t> dims;
  std::vector<double> hv = read_doubles(h, "/history", &dims);
  ASSERT_EQ(dims.size(), 2u);
  EXPECT_EQ(dims[0], 5u);
  EXPECT_EQ(hv[4 * 10], 64.0 * 4);
  H5Fclose(h);
}

// Kills a child while it writes a problem big enough to take a while;
// `f` never exists in a torn state: absent, or (pre) the old complete file.
void kill_while_writing(const std::string &f, const flp_problem &p, bool h5) {
  fflush(nullptr);
  pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    flp_error err{};
    flp_rc rc = h5 ? flp_write_problem_h5(f.c_str(), &p, 9, &err) : flp_write_mps(f.c_str(), &p, &err);
    _exit(rc == FLP_OK ? 0 : 1);
  }
  const std::string tmp = f + ".tmp";
  for (int k = 0; k < 20000 && !exists(tmp); ++k) usleep(100);
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the write finished before the kill; make the problem bigger";
}

TEST_F(Hdf5Io, KilledProblemWriterLeavesNoTornFile) {
  Problem a;
  make_random(&a.p, 400000, 300000, 8, 3);
  for (bool h5 : {true, false}) {
    const std::string f = path(h5 ? "big.h5" : "big.mps");
    kill_while_writing(f, a.p, h5);
    EXPECT_FALSE(exists(f)) << (h5 ? "h5" : "mps");
  }
  // With an earlier version in place, the kill leaves that version intact.
  Problem small, back;
  make_small(&small.p);
  const std::string f = path("model.h5");
  flp_error err{};
  ASSERT_EQ(flp_write_problem_h5(f.c_str(), &small.p, -1, &err), FLP_OK) << err.msg;
  kill_while_writing(f, a.p, true);
  ASSERT_EQ(flp_read_problem_h5(f.c_str(), &back.p, &err), FLP_OK) << err.msg;
  expect_same_problem(small.p, back.p);
}

}  // namespace
