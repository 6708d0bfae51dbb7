// flp_read_mps: every feature on small models written to a scratch folder,
// every error (file and line in the message, *out zeroed), a mutation test
// that nothing crashes, and every model of the shared data folder.
#include <gtest/gtest.h>

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "fleetlp_fleet.h"
#include "temp_files.h"

namespace {

using flptest::TempDir;

const double kInf = INFINITY;

struct Read {
  flp_rc rc = FLP_OK;
  flp_problem p{};
  flp_error err{};
  std::vector<std::string> notices;
  std::string path;
  ~Read() { flp_problem_free(&p); }
};

void collect(void *user, const char *line) {
  static_cast<std::vector<std::string> *>(user)->push_back(line);
}

std::unique_ptr<Read> read_mps(const std::string &path) {
  auto r = std::make_unique<Read>();
  r->path = path;
  std::memset(&r->p, 0xab, sizeof r->p);  // must come back zeroed or filled
  r->rc = flp_read_mps(path.c_str(), &r->p, collect, &r->notices, &r->err);
  return r;
}

bool is_zeroed(const flp_problem &p) {
  flp_problem zero;
  std::memset(&zero, 0, sizeof zero);
  return std::memcmp(&p, &zero, sizeof zero) == 0;
}

int row_of(const flp_problem &p, const std::string &name) {
  for (int i = 0; i < p.num_rows; ++i)
    if (p.row_names && name == p.row_names[i]) return i;
  ADD_FAILURE() << "no row " << name;
  return 0;
}

int col_of(const flp_problem &p, const std::string &name) {
  for (int j = 0; j < p.num_cols; ++j)
    if (p.col_names && name == p.col_names[j]) return j;
  ADD_FAILURE() << "no column " << name;
  return 0;
}

// A(i, j), 0 when absent; fails on a repeated (i, j).
double coef(const flp_problem &p, int i, int j) {
  double v = 0;
  int seen = 0;
  for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k)
    if (p.col_idx[k] == j) v = p.values[k], ++seen;
  EXPECT_LE(seen, 1);
  return v;
}

double rlo(const flp_problem &p, const char *r) { return p.row_lower[row_of(p, r)]; }
double rhi(const flp_problem &p, const char *r) { return p.row_upper[row_of(p, r)]; }
double clo(const flp_problem &p, const char *c) { return p.col_lower[col_of(p, c)]; }
double chi(const flp_problem &p, const char *c) { return p.col_upper[col_of(p, c)]; }

bool any_notice(const Read &r, const std::string &needle) {
  for (const auto &n : r.notices)
    if (n.find(needle) != std::string::npos) return true;
  return false;
}

// One line of fixed-format MPS: fields at columns 2-3, 5-12, 15-22, 25-36,
// 40-47, 50-61 (1-based), the way a fixed-format writer places them.
std::string fixed(const std::vector<std::string> &fields) {
  static const size_t kCol[] = {1, 4, 14, 24, 39, 49};
  std::string line;
  for (size_t k = 0; k < fields.size() && k < 6; ++k) {
    if (line.size() < kCol[k]) line.resize(kCol[k], ' ');
    line += fields[k];
  }
  return line + "\n";
}

const char *kBasic =
    "NAME          TESTLP\n"
    "ROWS\n"
    " N  COST\n"
    " L  LIM1\n"
    " G  LIM2\n"
    " E  MYEQN\n"
    "COLUMNS\n"
    "    X1        COST         1.0   LIM1         1.0\n"
    "    X1        LIM2         1.0\n"
    "    X2        COST         2.0   LIM1         1.0\n"
    "    X2        MYEQN       -1.0\n"
    "    X3        COST        -1.0   MYEQN        1.0\n"
    "RHS\n"
    "    RHS       LIM1         4.0   LIM2         1.0\n"
    "    RHS       MYEQN        7.0\n"
    "BOUNDS\n"
    " UP BND       X1           4.0\n"
    " LO BND       X2          -1.0\n"
    " UP BND       X2           1.0\n"
    "ENDATA\n";

class MpsTest : public testing::Test {
 protected:
  TempDir dir;
  std::unique_ptr<Read> parse(const std::string &text, const std::string &name = "model.mps") {
    std::string path = dir.file(name);
    flptest::write_file(path, text);
    return read_mps(path);
  }
  // Parses text and expects success (with the message on failure).
  std::unique_ptr<Read> parse_ok(const std::string &text) {
    auto r = parse(text);
    EXPECT_EQ(r->rc, FLP_OK) << r->err.msg;
    return r;
  }
};

void expect_basic(const Read &r) {
  ASSERT_EQ(r.rc, FLP_OK) << r.err.msg;
  const flp_problem &p = r.p;
  ASSERT_EQ(p.num_rows, 3);
  ASSERT_EQ(p.num_cols, 3);
  ASSERT_EQ(p.nnz, 5);
  EXPECT_STREQ(p.name, "TESTLP");
  EXPECT_STREQ(p.obj_name, "COST");
  EXPECT_STREQ(p.row_names[0], "LIM1");
  EXPECT_STREQ(p.row_names[1], "LIM2");
  EXPECT_STREQ(p.row_names[2], "MYEQN");
  EXPECT_STREQ(p.col_names[0], "X1");
  EXPECT_STREQ(p.col_names[2], "X3");
  EXPECT_EQ(p.objective_sense, 1);
  EXPECT_EQ(p.obj_offset, 0.0);
  EXPECT_EQ(p.num_integer, 0);
  EXPECT_EQ(p.obj[0], 1.0);
  EXPECT_EQ(p.obj[1], 2.0);
  EXPECT_EQ(p.obj[2], -1.0);
  // CSR, column indices ascending within each row
  const int64_t row_ptr[] = {0, 2, 3, 5};
  const int32_t col_idx[] = {0, 1, 0, 1, 2};
  const double values[] = {1, 1, 1, -1, 1};
  for (int i = 0; i <= 3; ++i) EXPECT_EQ(p.row_ptr[i], row_ptr[i]);
  for (int k = 0; k < 5; ++k) {
    EXPECT_EQ(p.col_idx[k], col_idx[k]);
    EXPECT_EQ(p.values[k], values[k]);
  }
  EXPECT_EQ(p.row_lower[0], -kInf);
  EXPECT_EQ(p.row_upper[0], 4.0);
  EXPECT_EQ(p.row_lower[1], 1.0);
  EXPECT_EQ(p.row_upper[1], kInf);
  EXPECT_EQ(p.row_lower[2], 7.0);
  EXPECT_EQ(p.row_upper[2], 7.0);
  EXPECT_EQ(p.col_lower[0], 0.0);
  EXPECT_EQ(p.col_upper[0], 4.0);
  EXPECT_EQ(p.col_lower[1], -1.0);
  EXPECT_EQ(p.col_upper[1], 1.0);
  EXPECT_EQ(p.col_lower[2], 0.0);  // default [0, inf)
  EXPECT_EQ(p.col_upper[2], kInf);
  EXPECT_TRUE(r.notices.empty());
}

TEST_F(MpsTest, ReadsBasicModel) { expect_basic(*parse(kBasic)); }

TEST_F(MpsTest, GzipIsDetectedFromContentNotName) {
  flptest::write_gzip(dir.file("a.mps.gz"), kBasic);
  flptest::write_gzip(dir.file("compressed_but_named.mps"), kBasic);
  flptest::write_file(dir.file("plain_but_named.mps.gz"), kBasic);
  expect_basic(*read_mps(dir.file("a.mps.gz")));
  expect_basic(*read_mps(dir.file("compressed_but_named.mps")));
  expect_basic(*read_mps(dir.file("plain_but_named.mps.gz")));
}

TEST_F(MpsTest, TabsCrlfBlankAndCommentLinesAndTextAfterEndata) {
  std::string text;
  for (const char *c = kBasic; *c; ++c) {
    if (*c == '\n') text += "  \r";  // trailing blanks and CRLF
    text += *c;
  }
  text = "* a comment\n\n" + text + "IMPORTANCES\nthis is not read\n";
  std::replace(text.begin() + 40, text.end(), ' ', '\t');  // tabs everywhere after the header
  expect_basic(*parse(text));
}

TEST_F(MpsTest, FreeFormatLongNamesAndLowercaseTypes) {
  auto r = parse_ok(
      "NAME\n"
      "ROWS\n"
      " n objective_with_a_long_name\n"
      " l a_constraint_with_a_very_long_name_indeed\n"
      "COLUMNS\n"
      " x_variable_number_000001 objective_with_a_long_name 1.5 "
      "a_constraint_with_a_very_long_name_indeed 2\n"
      "RHS\n"
      " rhs a_constraint_with_a_very_long_name_indeed 3\n"
      "BOUNDS\n"
      " up bnd x_variable_number_000001 8\n"
      "ENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(p.name, nullptr);
  EXPECT_STREQ(p.obj_name, "objective_with_a_long_name");
  EXPECT_STREQ(p.col_names[0], "x_variable_number_000001");
  EXPECT_EQ(p.obj[0], 1.5);
  EXPECT_EQ(coef(p, 0, 0), 2.0);
  EXPECT_EQ(p.row_upper[0], 3.0);
  EXPECT_EQ(p.col_upper[0], 8.0);
}

TEST_F(MpsTest, FixedFormatNamesWithBlanks) {
  std::string text = "NAME          SPACE MODEL\nROWS\n";
  text += fixed({"N", "OBJ ROW"});
  text += fixed({"L", "ROW 1"});
  text += fixed({"G", "ROW 2"});
  text += fixed({"E", "R 10"});
  text += "COLUMNS\n";
  text += fixed({"", "COL 1", "OBJ ROW", "1.0", "ROW 1", "2.0"});
  text += fixed({"", "COL 1", "ROW 2", "3.0"});
  text += fixed({"", "COL 2", "ROW 1", "4.0", "R 10", "1.0"});
  text += fixed({"", "C3", "ROW 2", "5.0"});
  text += "RHS\n";
  text += fixed({"", "RHS 1", "ROW 1", "10.0", "ROW 2", "1.0"});
  // blank-split this reads as vector "RHS" with rows "1" and "R": wrong
  text += fixed({"", "RHS 1", "R 10", "6.0"});
  text += "RANGES\n";
  text += fixed({"", "RNG 1", "ROW 1", "3.0"});
  text += "BOUNDS\n";
  text += fixed({"UP", "BND 1", "COL 2", "5.0"});
  text += fixed({"LO", "BND 1", "C3", "1.0"});
  text += "ENDATA\n";
  auto r = parse_ok(text);
  const flp_problem &p = r->p;
  ASSERT_EQ(p.num_rows, 3);
  ASSERT_EQ(p.num_cols, 3);
  EXPECT_STREQ(p.name, "SPACE MODEL");
  EXPECT_STREQ(p.obj_name, "OBJ ROW");
  EXPECT_STREQ(p.row_names[0], "ROW 1");
  EXPECT_STREQ(p.row_names[2], "R 10");
  EXPECT_STREQ(p.col_names[0], "COL 1");
  EXPECT_STREQ(p.col_names[1], "COL 2");
  EXPECT_EQ(p.obj[0], 1.0);
  EXPECT_EQ(coef(p, row_of(p, "ROW 1"), col_of(p, "COL 1")), 2.0);
  EXPECT_EQ(coef(p, row_of(p, "ROW 2"), col_of(p, "COL 1")), 3.0);
  EXPECT_EQ(coef(p, row_of(p, "R 10"), col_of(p, "COL 2")), 1.0);
  EXPECT_EQ(coef(p, row_of(p, "ROW 2"), col_of(p, "C3")), 5.0);
  EXPECT_EQ(rlo(p, "ROW 1"), 7.0);
  EXPECT_EQ(rhi(p, "ROW 1"), 10.0);
  EXPECT_EQ(rlo(p, "ROW 2"), 1.0);
  EXPECT_EQ(rlo(p, "R 10"), 6.0);
  EXPECT_EQ(rhi(p, "R 10"), 6.0);
  EXPECT_EQ(chi(p, "COL 2"), 5.0);
  EXPECT_EQ(clo(p, "C3"), 1.0);
  EXPECT_TRUE(r->notices.empty()) << r->notices[0];
}

const char *kSenseModel =
    "ROWS\n"
    " N obj\n"
    " L c1\n"
    "COLUMNS\n"
    " x obj 3 c1 1\n"
    " y obj -2 c1 1\n"
    " z c1 1\n"
    "RHS\n"
    " rhs obj 5 c1 10\n"
    "ENDATA\n";

void expect_sense(const Read &r, int sense) {
  ASSERT_EQ(r.rc, FLP_OK) << r.err.msg;
  const flp_problem &p = r.p;
  EXPECT_EQ(p.objective_sense, sense);
  // user objective 3x - 2y + c0 with c0 = -5 (RHS of the objective = -c0);
  // stored in minimisation form, i.e. negated for MAX.
  EXPECT_EQ(p.obj[0], 3.0 * sense);
  EXPECT_EQ(p.obj[1], -2.0 * sense);
  EXPECT_EQ(p.obj[2], 0.0);
  EXPECT_FALSE(std::signbit(p.obj[2])) << "no -0.0";
  EXPECT_EQ(p.obj_offset, -5.0 * sense);
}

TEST_F(MpsTest, ObjectiveConstantIsMinusTheObjectiveRhs) { expect_sense(*parse(kSenseModel), 1); }

TEST_F(MpsTest, ObjsenseSectionAndInline) {
  const struct {
    const char *header;
    int sense;
  } cases[] = {
      {"OBJSENSE\n    MAX\n", -1},        {"OBJSENSE\n    MAXIMIZE\n", -1},
      {"OBJSENSE MAX\n", -1},             {"OBJSENSE    MAXIMIZE\n", -1},
      {"OBJSENSE\n  MIN\n", 1},           {"OBJSENSE MINIMIZE\n", 1},
      {"NAME  sense\nOBJSENSE\n max\n", -1},   {"OBJSENSE\nMAX\n", -1},
  };
  for (const auto &c : cases) {
    SCOPED_TRACE(c.header);
    expect_sense(*parse(std::string(c.header) + kSenseModel), c.sense);
  }
  // OBJSENSE may also come after the other sections
  std::string late = kSenseModel;
  late.insert(late.find("ENDATA"), "OBJSENSE\n    MAX\n");
  expect_sense(*parse(late), -1);
}

TEST_F(MpsTest, RangesFollowTheSignRules) {
  auto r = parse_ok(
      "ROWS\n N obj\n E e1\n E e2\n E e3\n E e4\n E e5\n L l1\n G g1\n L l2\n G g2\n L l3\n"
      "COLUMNS\n"
      " x obj 1 e1 1\n x e2 1 e3 1\n x e4 1 e5 1\n x l1 1 g1 1\n x l2 1 g2 1\n x l3 1\n"
      "RHS\n"
      " rhs e1 10 e2 10\n rhs e3 10 e4 10\n rhs e5 10 l1 10\n rhs g1 10 l2 10\n rhs g2 10\n"
      "RANGES\n"
      " rng e1 4 e2 -4\n rng e4 1e30 e5 -1e30\n rng l1 4 g1 4\n rng l2 -4 g2 -4\n"
      " rng l3 Infinity\n rng obj 3\n"
      "ENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(rlo(p, "e1"), 10.0);  // E, R > 0: [rhs, rhs + R]
  EXPECT_EQ(rhi(p, "e1"), 14.0);
  EXPECT_EQ(rlo(p, "e2"), 6.0);  // E, R < 0: [rhs + R, rhs]
  EXPECT_EQ(rhi(p, "e2"), 10.0);
  EXPECT_EQ(rlo(p, "e3"), 10.0);  // no range
  EXPECT_EQ(rhi(p, "e3"), 10.0);
  EXPECT_EQ(rlo(p, "e4"), 10.0);
  EXPECT_EQ(rhi(p, "e4"), kInf);
  EXPECT_EQ(rlo(p, "e5"), -kInf);
  EXPECT_EQ(rhi(p, "e5"), 10.0);
  EXPECT_EQ(rlo(p, "l1"), 6.0);  // L: [rhs - |R|, rhs]
  EXPECT_EQ(rhi(p, "l1"), 10.0);
  EXPECT_EQ(rlo(p, "l2"), 6.0);
  EXPECT_EQ(rhi(p, "l2"), 10.0);
  EXPECT_EQ(rlo(p, "g1"), 10.0);  // G: [rhs, rhs + |R|]
  EXPECT_EQ(rhi(p, "g1"), 14.0);
  EXPECT_EQ(rlo(p, "g2"), 10.0);
  EXPECT_EQ(rhi(p, "g2"), 14.0);
  EXPECT_EQ(rlo(p, "l3"), -kInf);  // rhs 0, infinite range
  EXPECT_EQ(rhi(p, "l3"), 0.0);
  ASSERT_EQ(r->notices.size(), 1u);
  EXPECT_NE(r->notices[0].find("ignored 1 RANGES entry on N rows"), std::string::npos)
      << r->notices[0];
}

TEST_F(MpsTest, BoundTypes) {
  std::string cols;
  for (const char *c : {"a", "b", "c", "d", "e", "f", "g", "g2", "g3", "g4", "h", "i", "j", "k",
                        "l", "m", "n", "o", "q"})
    cols += std::string(" ") + c + " c1 1\n";
  auto r = parse_ok("ROWS\n N obj\n L c1\nCOLUMNS\n" + cols +
                    "RHS\n rhs c1 100\n"
                    "BOUNDS\n"
                    " UP bnd a 4\n LO bnd b -3\n FX bnd c 2.5\n FR bnd d\n MI bnd e\n PL bnd f\n"
                    " BV bnd g\n BV bnd g2 1\n BV g3\n BV g4 1\n"
                    " LI bnd h -2\n UI bnd h 7\n"
                    " UP bnd i -5\n"
                    " LO bnd j -10\n UP bnd j -5\n"
                    " UP bnd k 1e30\n LO bnd l -1e20\n UP bnd m Infinity\n LO bnd n -inf\n"
                    " MI bnd o\n UP bnd o 3\n"
                    " UP bnd q 0\n"
                    "ENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(clo(p, "a"), 0.0);
  EXPECT_EQ(chi(p, "a"), 4.0);
  EXPECT_EQ(clo(p, "b"), -3.0);
  EXPECT_EQ(chi(p, "b"), kInf);
  EXPECT_EQ(clo(p, "c"), 2.5);
  EXPECT_EQ(chi(p, "c"), 2.5);
  EXPECT_EQ(clo(p, "d"), -kInf);
  EXPECT_EQ(chi(p, "d"), kInf);
  EXPECT_EQ(clo(p, "e"), -kInf);
  EXPECT_EQ(chi(p, "e"), kInf);
  EXPECT_EQ(clo(p, "f"), 0.0);
  EXPECT_EQ(chi(p, "f"), kInf);
  for (const char *g : {"g", "g2", "g3", "g4"}) {
    EXPECT_EQ(clo(p, g), 0.0) << g;
    EXPECT_EQ(chi(p, g), 1.0) << g;
  }
  EXPECT_EQ(clo(p, "h"), -2.0);
  EXPECT_EQ(chi(p, "h"), 7.0);
  EXPECT_EQ(clo(p, "i"), -kInf);  // negative UP with lower 0: lower becomes -inf
  EXPECT_EQ(chi(p, "i"), -5.0);
  EXPECT_EQ(clo(p, "j"), -10.0);  // negative UP with an explicit lower: kept
  EXPECT_EQ(chi(p, "j"), -5.0);
  EXPECT_EQ(chi(p, "k"), kInf);
  EXPECT_EQ(clo(p, "l"), -kInf);
  EXPECT_EQ(chi(p, "m"), kInf);
  EXPECT_EQ(clo(p, "n"), -kInf);
  EXPECT_EQ(clo(p, "o"), -kInf);
  EXPECT_EQ(chi(p, "o"), 3.0);
  EXPECT_EQ(clo(p, "q"), 0.0);  // UP 0 is not negative
  EXPECT_EQ(chi(p, "q"), 0.0);
  EXPECT_EQ(p.num_integer, 5);  // BV x4, LI/UI
  ASSERT_EQ(r->notices.size(), 2u);
  EXPECT_TRUE(any_notice(*r, "negative upper bound with lower bound 0 for column 'i'"));
  EXPECT_TRUE(any_notice(*r, "relaxed 5 integer columns to their LP relaxation"));
}

TEST_F(MpsTest, IntegerMarkersAreRelaxedWithOneNotice) {
  auto r = parse_ok(
      "NAME mip\nROWS\n N obj\n L c1\nCOLUMNS\n"
      " x obj 1 c1 1\n"
      " M1 'MARKER' 'INTORG'\n"
      " y obj 1 c1 1\n"
      " z obj 1 c1 1\n"
      " M2 'MARKER' 'INTEND'\n"
      " w obj 1 c1 1\n"
      " M3 MARKER INTORG\n"  // unquoted, as some writers do
      " v obj 1 c1 1\n"
      " M4 MARKER INTEND\n"
      "RHS\n rhs c1 4\nBOUNDS\n UP bnd v 3\nENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(p.num_cols, 5);
  EXPECT_EQ(p.num_integer, 3);
  for (const char *c : {"y", "z"}) {  // integer without bounds: [0, inf), not [0, 1]
    EXPECT_EQ(clo(p, c), 0.0);
    EXPECT_EQ(chi(p, c), kInf);
  }
  EXPECT_EQ(chi(p, "v"), 3.0);
  ASSERT_EQ(r->notices.size(), 1u);
  EXPECT_NE(r->notices[0].find("relaxed 3 integer columns to their LP relaxation"), std::string::npos)
      << r->notices[0];
  EXPECT_NE(r->notices[0].find("model.mps"), std::string::npos);
}

TEST_F(MpsTest, MissingVectorNames) {
  auto r = parse_ok(
      "ROWS\n N obj\n L c1\n G c2\nCOLUMNS\n x obj 1 c1 1\n y c2 1\n z c1 1\n"
      "RHS\n    c1 5 c2 6\n    obj 2\n"
      "RANGES\n    c1 2\n"
      "BOUNDS\n UP x 4\n LO y 1\n FR z\n"
      "ENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(rlo(p, "c1"), 3.0);
  EXPECT_EQ(rhi(p, "c1"), 5.0);
  EXPECT_EQ(rlo(p, "c2"), 6.0);
  EXPECT_EQ(p.obj_offset, -2.0);
  EXPECT_EQ(chi(p, "x"), 4.0);
  EXPECT_EQ(clo(p, "y"), 1.0);
  EXPECT_EQ(clo(p, "z"), -kInf);
  EXPECT_TRUE(r->notices.empty());
}

TEST_F(MpsTest, OnlyTheFirstVectorIsUsed) {
  auto r = parse_ok(
      "ROWS\n N obj\n L c1\n L c2\nCOLUMNS\n x obj 1 c1 1\n y c2 1\n"
      "RHS\n rhs1 c1 5\n rhs2 c1 7\n rhs2 c2 8\n rhs1 c2 6\n"
      "RANGES\n r1 c1 2\n r2 c2 3\n"
      "BOUNDS\n UP b1 x 4\n UP b2 x 9\n UP b2 y 9\n"
      "ENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(rhi(p, "c1"), 5.0);
  EXPECT_EQ(rhi(p, "c2"), 6.0);
  EXPECT_EQ(rlo(p, "c1"), 3.0);
  EXPECT_EQ(rlo(p, "c2"), -kInf);
  EXPECT_EQ(chi(p, "x"), 4.0);
  EXPECT_EQ(chi(p, "y"), kInf);
  ASSERT_EQ(r->notices.size(), 3u);
  EXPECT_TRUE(any_notice(*r, "model.mps:10: ignored RHS vector 'rhs2'"));
  EXPECT_TRUE(any_notice(*r, "only the first, 'rhs1', is used"));
  EXPECT_TRUE(any_notice(*r, "ignored RANGES vector 'r2'"));
  EXPECT_TRUE(any_notice(*r, "ignored BOUNDS vector 'b2'"));
}

TEST_F(MpsTest, ExtraNRowsAreDropped) {
  auto r = parse_ok(
      "ROWS\n N obj\n L c1\n N free1\n N free2\n"
      "COLUMNS\n x obj 1 free1 5\n x c1 1 free2 3\n y free1 1\n"
      "RHS\n rhs free1 4 c1 2\n"
      "RANGES\n rng free2 1\n"
      "ENDATA\n");
  const flp_problem &p = r->p;
  ASSERT_EQ(p.num_rows, 1);
  EXPECT_EQ(p.num_cols, 2);
  EXPECT_EQ(p.nnz, 1);
  EXPECT_STREQ(p.obj_name, "obj");
  EXPECT_EQ(p.obj[0], 1.0);
  EXPECT_EQ(p.row_upper[0], 2.0);
  EXPECT_EQ(p.obj_offset, 0.0);
  EXPECT_TRUE(any_notice(*r, "model.mps:4: dropped 2 extra N rows (first: 'free1'); the objective is row 'obj'"));
  EXPECT_TRUE(any_notice(*r, "ignored 1 RANGES entry on N rows"));
}

TEST_F(MpsTest, ObjnameChoosesTheObjective) {
  for (const char *head : {"OBJNAME second\n", "OBJNAME\n    second\n", "OBJNAME\nsecond\n"}) {
    SCOPED_TRACE(head);
    auto r = parse_ok(std::string(head) +
                      "ROWS\n N first\n L c1\n N second\nCOLUMNS\n x first 1 second 7\n x c1 1\n"
                      "ENDATA\n");
    EXPECT_STREQ(r->p.obj_name, "second");
    EXPECT_EQ(r->p.obj[0], 7.0);
    EXPECT_TRUE(any_notice(*r, "dropped 1 extra N row (first: 'first')"));
  }
}

TEST_F(MpsTest, LargeValuesMeanInfinityAndZerosAreDropped) {
  auto r = parse_ok(
      "ROWS\n N obj\n L c1\n G c2\n L c3\nCOLUMNS\n x obj 1 c1 0\n x c2 1 c3 1\n"
      "RHS\n rhs c1 1e20 c2 -1e25\n rhs c3 1.5e19\nENDATA\n");
  const flp_problem &p = r->p;
  EXPECT_EQ(p.nnz, 2);  // the explicit zero is not stored
  EXPECT_EQ(rlo(p, "c1"), -kInf);
  EXPECT_EQ(rhi(p, "c1"), kInf);
  EXPECT_EQ(rlo(p, "c2"), -kInf);
  EXPECT_EQ(rhi(p, "c2"), kInf);
  EXPECT_EQ(rhi(p, "c3"), 1.5e19);
}

TEST_F(MpsTest, EmptyModelWithOnlyRows) {
  auto r = parse_ok("NAME empty\nROWS\n N obj\nCOLUMNS\nRHS\nBOUNDS\nENDATA\n");
  EXPECT_EQ(r->p.num_rows, 0);
  EXPECT_EQ(r->p.num_cols, 0);
  EXPECT_EQ(r->p.nnz, 0);
}

TEST_F(MpsTest, LargeModelMatchesItsGenerator) {
  // 3000 rows, 20000 columns, 5 entries per column at rows j*7+k*613 mod m.
  const int m = 3000, n = 20000;
  std::string text = "NAME big\nROWS\n N obj\n";
  text.reserve(4 << 20);
  for (int i = 0; i < m; ++i) text += " L r" + std::to_string(i) + "\n";
  text += "COLUMNS\n";
  auto row = [&](int j, int k) { return (j * 7 + k * 613) % m; };
  for (int j = 0; j < n; ++j) {
    std::string c = " c" + std::to_string(j) + " ";
    text += c + "obj " + std::to_string(j % 10) + "\n";
    for (int k = 0; k < 5; ++k)
      text += c + "r" + std::to_string(row(j, k)) + " " + std::to_string(k + 1) + ".5\n";
  }
  text += "RHS\n";
  for (int i = 0; i < m; ++i) text += " rhs r" + std::to_string(i) + " " + std::to_string(i) + "\n";
  text += "ENDATA\n";
  auto r = parse_ok(text);
  const flp_problem &p = r->p;
  ASSERT_EQ(p.num_rows, m);
  ASSERT_EQ(p.num_cols, n);
  ASSERT_EQ(p.nnz, 5LL * n);
  for (int j = 0; j < n; j += 997)
    for (int k = 0; k < 5; ++k) EXPECT_EQ(coef(p, row(j, k), j), k + 1.5);
  for (int i = 0; i < m; ++i) {
    EXPECT_EQ(p.row_upper[i], i);
    for (int64_t k = p.row_ptr[i] + 1; k < p.row_ptr[i + 1]; ++k)
      ASSERT_LT(p.col_idx[k - 1], p.col_idx[k]) << "row " << i;
  }
  EXPECT_STREQ(p.col_names[12345], "c12345");
  EXPECT_EQ(p.obj[12345], 5.0);
}

// ---- errors ----------------------------------------------------------------

struct BadCase {
  const char *name;
  std::string text;
  int line;             // expected line in the message, 0: none
  const char *expect;   // substring of the message
};

std::vector<BadCase> bad_cases() {
  const std::string basic = kBasic;
  auto replace = [&](const std::string &from, const std::string &to) {
    std::string s = basic;
    size_t at = s.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    return s.replace(at, from.size(), to);
  };
  const std::string head = "ROWS\n N obj\n L c1\nCOLUMNS\n x obj 1 c1 1\n";
  return {
      {"truncated_mid_line", basic.substr(0, basic.find("LIM2         1.0")), 9, "found 1 field"},
      {"truncated_at_line_end", basic.substr(0, basic.find("RHS\n")), 12, "end of file before ENDATA"},
      {"missing_endata", replace("ENDATA\n", ""), 19, "expected more sections or ENDATA"},
      {"unknown_section", replace("BOUNDS\n", "BOUNDARIES\n"), 16, "unknown section 'BOUNDARIES'"},
      {"data_line_in_column_1", replace("    X3  ", "X3  "), 12, "data lines begin with a blank"},
      {"malformed_number_dots", replace("4.0   LIM2", "4.0.0 LIM2"), 14, "malformed number '4.0.0'"},
      {"number_with_junk", replace("-1.0\n", "-1.0abc\n"), 11, "malformed number '-1.0abc'"},
      {"hex_number", replace("7.0\n", "0x7\n"), 15, "malformed number '0x7'"},
      {"nan_coefficient", replace("2.0   LIM1", "nan   LIM1"), 10, "NaN value 'nan'"},
      {"inf_coefficient", replace("2.0   LIM1", "1e30  LIM1"), 10, "infinite coefficient '1e30'"},
      {"inf_token_coefficient", replace("-1.0\n", "-Infinity\n"), 11, "infinite coefficient"},
      {"inf_objective", replace("COST        -1.0", "COST         Inf"), 12, "infinite coefficient"},
      {"unknown_row", replace("X2        MYEQN", "X2        R9   "), 11, "unknown row 'R9' in COLUMNS"},
      {"unknown_row_in_rhs", replace("RHS       MYEQN", "RHS       R9   "), 15, "unknown row 'R9' in RHS"},
      {"unknown_column_in_bounds", replace("BND       X2           1.0", "BND       X9           1.0"), 19,
       "unknown column 'X9' in BOUNDS"},
      {"unknown_bound_type", replace(" UP BND       X1", " XX BND       X1"), 17, "unknown bound type 'XX'"},
      {"semicontinuous", replace(" UP BND       X1", " SC BND       X1"), 17, "SC (semi-continuous) is not supported"},
      {"missing_bound_value", replace("X1           4.0", "X1"), 17, "missing value for bound UP of column 'X1'"},
      {"duplicate_row", replace(" G  LIM2", " G  LIM1"), 5, "duplicate row 'LIM1'"},
      {"duplicate_column", replace("    X3  ", "    X1  "), 12, "column 'X1' appears again"},
      {"duplicate_entry_next_line", replace("LIM1         1.0\n    X1        LIM2", "LIM1         1.0\n    X1        LIM1"),
       9, "duplicate entry for column 'X1' in row 'LIM1'"},
      {"duplicate_entry_in_pair", replace("COST         2.0   LIM1", "LIM1         2.0   LIM1"), 10,
       "duplicate entry for column 'X2' in row 'LIM1'"},
      {"duplicate_objective_entry", replace("X2        MYEQN       -1.0", "X2        COST        -1.0"), 11,
       "duplicate entry for column 'X2' in row 'COST'"},
      {"duplicate_rhs", replace("MYEQN        7.0", "LIM1         7.0"), 15, "duplicate RHS entry for row 'LIM1'"},
      {"lower_above_upper", replace(" UP BND       X2           1.0", " UP BND       X2          -3.0"), 19,
       "lower bound -1 above upper bound -3 for column 'X2'"},
      {"negative_upper_after_lower", replace(" UP BND       X1           4.0\n", " LO BND       X1           0\n UP BND       X1          -4\n"),
       18, "lower bound 0 above upper bound -4 for column 'X1'"},
      {"infinite_rhs_on_equality", replace("MYEQN        7.0", "MYEQN        1e21"), 15,
       "leaves the row without a feasible value"},
      {"infinite_lower_bound", replace(" LO BND       X2          -1.0", " LO BND       X2           1e30"), 18,
       "leaves the column without a feasible value"},
      {"empty_file", "", 0, "file is empty"},
      {"only_comments", "* nothing\n\n   \n", 3, "no MPS section"},
      {"endata_only", "NAME x\nENDATA\n", 2, "without a ROWS section"},
      {"data_outside_section", "NAME x\n  ROWS\n", 2, "data line outside a data section"},
      {"rows_field_count", "ROWS\n N obj extra\nENDATA\n", 2, "found 3 fields"},
      {"unknown_row_type", "ROWS\n X obj\nENDATA\n", 2, "unknown row type 'X'"},
      {"columns_before_rows", "NAME x\nCOLUMNS\n", 2, "COLUMNS section before ROWS"},
      {"bounds_before_columns", "ROWS\n N obj\nBOUNDS\n", 3, "BOUNDS section before COLUMNS"},
      {"second_rows_section", "ROWS\n N obj\nROWS\n", 3, "second ROWS section"},
      {"quadratic", head + "QUADOBJ\n x x 1\nENDATA\n", 6, "QUADOBJ is not supported"},
      {"bad_objsense", "OBJSENSE SIDEWAYS\n" + head + "ENDATA\n", 1, "unknown objective sense 'SIDEWAYS'"},
      {"objsense_without_value", "OBJSENSE\nROWS\n", 2, "expected MIN or MAX"},
      {"objname_not_n_row", "OBJNAME c1\n" + head + "ENDATA\n", 5, "OBJNAME 'c1' is not an N row"},
      {"unknown_marker", head + " M 'MARKER' 'SOSORG'\nENDATA\n", 6, "unknown marker 'SOSORG'"},
      {"columns_field_count", head + " y obj 1 c1\nENDATA\n", 6, "found 4 fields"},
      {"binary_nul", std::string("NAME x\nROWS\n N o\0bj\n", 20), 3, "byte 0x00 at column 5 is not text"},
      {"binary_garbage", std::string("\x7f" "ELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x03\0>\0", 20), 1, "is not text"},
      {"long_line", std::string(100000, 'A'), 1, "line longer than"},
  };
}

class MpsErrorTest : public MpsTest, public testing::WithParamInterface<size_t> {};

TEST_P(MpsErrorTest, FailsWithFileAndLine) {
  static const std::vector<BadCase> cases = bad_cases();
  const BadCase &c = cases[GetParam()];
  SCOPED_TRACE(c.name);
  auto r = parse(c.text, std::string(c.name) + ".mps");
  ASSERT_EQ(r->rc, FLP_ERR_INPUT) << r->err.msg;
  EXPECT_EQ(r->err.code, FLP_ERR_INPUT);
  const std::string msg = r->err.msg;
  const std::string where = c.line ? r->path + ":" + std::to_string(c.line) + ": " : r->path + ": ";
  EXPECT_EQ(msg.rfind(where, 0), 0u) << "message: " << msg << "\nexpected prefix: " << where;
  EXPECT_NE(msg.find(c.expect), std::string::npos) << "message: " << msg;
  EXPECT_TRUE(is_zeroed(r->p));
  EXPECT_TRUE(r->notices.empty());
}

INSTANTIATE_TEST_SUITE_P(Cases, MpsErrorTest, testing::Range<size_t>(0, bad_cases().size()),
                         [](const testing::TestParamInfo<size_t> &info) {
                           return std::string(bad_cases()[info.param].name);
                         });

TEST_F(MpsTest, NonexistentFileIsAnIoError) {
  auto r = read_mps(dir.file("does_not_exist.mps"));
  EXPECT_EQ(r->rc, FLP_ERR_IO);
  EXPECT_NE(std::string(r->err.msg).find(r->path), std::string::npos) << r->err.msg;
  EXPECT_TRUE(is_zeroed(r->p));
}

TEST_F(MpsTest, DirectoryIsAnIoError) {
  auto r = read_mps(dir.path());
  EXPECT_EQ(r->rc, FLP_ERR_IO) << r->err.msg;
  EXPECT_NE(std::string(r->err.msg).find(dir.path()), std::string::npos) << r->err.msg;
  EXPECT_TRUE(is_zeroed(r->p));
}

// A long model, so that the compressed stream spans several zlib blocks.
std::string long_model() {
  std::string text = "NAME long\nROWS\n N obj\n";
  for (int i = 0; i < 500; ++i) text += " L r" + std::to_string(i) + "\n";
  text += "COLUMNS\n";
  for (int j = 0; j < 5000; ++j)
    text += " x" + std::to_string(j) + " r" + std::to_string((j * 31) % 500) + " " +
            std::to_string(j * 0.37) + "\n";
  return text + "ENDATA\n";
}

TEST_F(MpsTest, TruncatedGzipNamesTheFile) {
  const std::string full = dir.file("full.mps.gz");
  flptest::write_gzip(full, long_model());
  ASSERT_EQ(read_mps(full)->rc, FLP_OK);
  const std::string bytes = flptest::read_file(full);
  for (size_t cut : {bytes.size() / 2, bytes.size() - 4, size_t{20}}) {
    SCOPED_TRACE(cut);
    const std::string path = dir.file("cut.mps.gz");
    flptest::write_file(path, bytes.substr(0, cut));
    auto r = read_mps(path);
    ASSERT_EQ(r->rc, FLP_ERR_INPUT) << r->err.msg;
    EXPECT_EQ(std::string(r->err.msg).rfind(path + ":", 0), 0u) << r->err.msg;
    EXPECT_NE(std::string(r->err.msg).find("gzip data is truncated or corrupt"), std::string::npos)
        << r->err.msg;
    EXPECT_TRUE(is_zeroed(r->p));
  }
}

TEST_F(MpsTest, CorruptGzipIsAnError) {
  std::string bytes = "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03";
  bytes += std::string(200, '\x55');
  auto r = parse(bytes, "corrupt.mps.gz");
  EXPECT_EQ(r->rc, FLP_ERR_INPUT) << r->err.msg;
  EXPECT_EQ(std::string(r->err.msg).rfind(r->path + ":", 0), 0u) << r->err.msg;
}

TEST_F(MpsTest, LargeBinaryFileFailsAtItsStart) {
  std::mt19937 rng(7);
  std::string bytes(8 << 20, '\0');
  for (auto &b : bytes) b = static_cast<char>(rng());
  auto r = parse(bytes, "random.bin");
  EXPECT_EQ(r->rc, FLP_ERR_INPUT);
  EXPECT_EQ(std::string(r->err.msg).rfind(r->path + ":", 0), 0u) << r->err.msg;
}

// Mutations of valid models (bytes flipped, lines cut, duplicated, dropped,
// swapped): every read either succeeds with a valid problem or fails with
// FLP_ERR_INPUT, a message naming the file, and *out zeroed. Under the
// sanitizer build this also checks that nothing leaks or overflows.
TEST_F(MpsTest, MutatedModelsNeverCrash) {
  std::vector<std::string> seeds = {kBasic, kSenseModel};
  {
    std::string fx = "NAME          SPACE MODEL\nROWS\n" + fixed({"N", "OBJ ROW"}) + fixed({"L", "ROW 1"}) +
                     "COLUMNS\n" + fixed({"", "COL 1", "OBJ ROW", "1.0", "ROW 1", "2.0"}) +
                     " M 'MARKER' 'INTORG'\n" + fixed({"", "COL 2", "ROW 1", "4.0"}) +
                     " M 'MARKER' 'INTEND'\nRHS\n" + fixed({"", "RHS 1", "ROW 1", "10.0"}) +
                     "RANGES\n" + fixed({"", "RNG", "ROW 1", "-3"}) + "BOUNDS\n" +
                     fixed({"UP", "BND 1", "COL 2", "-5.0"}) + fixed({"BV", "BND 1", "COL 1"}) + "ENDATA\n";
    seeds.push_back(fx);
  }
  const char kAlphabet[] = " \t\n*0123456789.-+eE'NLGEMRXUPFOBIV\x00";
  std::mt19937 rng(12345);
  int ok = 0, failed = 0;
  for (int it = 0; it < 1500; ++it) {
    std::string s = seeds[it % seeds.size()];
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits && !s.empty(); ++e) {
      size_t at = rng() % s.size();
      switch (rng() % 6) {
        case 0: s[at] = kAlphabet[rng() % (sizeof kAlphabet - 1)]; break;
        case 1: s.erase(at, 1 + rng() % 8); break;
        case 2: s.insert(at, 1, kAlphabet[rng() % (sizeof kAlphabet - 1)]); break;
        case 3: s.resize(at); break;
        case 4: {  // duplicate a line
          size_t b = s.rfind('\n', at), en = s.find('\n', at);
          b = b == std::string::npos ? 0 : b + 1;
          if (en != std::string::npos) s.insert(b, s.substr(b, en - b + 1));
          break;
        }
        default: {  // drop a line
          size_t b = s.rfind('\n', at), en = s.find('\n', at);
          b = b == std::string::npos ? 0 : b + 1;
          s.erase(b, en == std::string::npos ? std::string::npos : en - b + 1);
        }
      }
    }
    auto r = parse(s, "mutant.mps");
    if (r->rc == FLP_OK) {
      ++ok;
      ASSERT_EQ(flp_problem_validate(&r->p, "mutant", nullptr), FLP_OK);
    } else {
      ++failed;
      ASSERT_EQ(r->rc, FLP_ERR_INPUT) << r->err.msg << "\n--- input ---\n" << s;
      ASSERT_EQ(std::string(r->err.msg).rfind(r->path + ":", 0), 0u) << r->err.msg;
      ASSERT_TRUE(is_zeroed(r->p));
    }
  }
  EXPECT_GT(ok, 50);
  EXPECT_GT(failed, 50);
}

TEST(MpsApi, NullArguments) {
  flp_problem p;
  flp_error err{};
  EXPECT_EQ(flp_read_mps(nullptr, &p, nullptr, nullptr, &err), FLP_ERR_INPUT);
  EXPECT_TRUE(is_zeroed(p));
  EXPECT_EQ(flp_read_mps("x.mps", nullptr, nullptr, nullptr, &err), FLP_ERR_INPUT);
  EXPECT_EQ(flp_read_mps("/nonexistent/x.mps", &p, nullptr, nullptr, nullptr), FLP_ERR_IO);
}

// ---- the shared data sets ---------------------------------------------------

std::vector<std::string> list_models(const std::string &dir) {
  std::vector<std::string> files;
  if (DIR *d = opendir(dir.c_str())) {
    while (const dirent *e = readdir(d)) {
      std::string name = e->d_name;
      if (name.size() > 7 && name.compare(name.size() - 7, 7, ".mps.gz") == 0) files.push_back(dir + "/" + name);
    }
    closedir(d);
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool is_dir(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

TEST(MpsData, EveryModelParsesAndValidates) {
  const std::string root = flptest::data_dir();
  if (!is_dir(root + "/netlib"))
    GTEST_SKIP() << "no test data at " << root << " (set FLEETLP_DATA_DIR to the folder holding netlib/)";
  size_t count = 0;
  for (const char *set : {"netlib", "infeasible", "kennington", "miplib3", "unbounded"}) {
    for (const std::string &path : list_models(root + "/" + set)) {
      SCOPED_TRACE(path);
      auto r = read_mps(path);
      ASSERT_EQ(r->rc, FLP_OK) << r->err.msg;
      EXPECT_EQ(flp_problem_validate(&r->p, path.c_str(), nullptr), FLP_OK);
      EXPECT_GT(r->p.num_rows, 0);
      EXPECT_GT(r->p.num_cols, 0);
      if (std::string(set) == "miplib3") EXPECT_GT(r->p.num_integer, 0);
      else EXPECT_EQ(r->p.num_integer, 0);
      ++count;
    }
  }
  EXPECT_GE(count, 190u);
}

TEST(MpsData, SpotChecks) {
  const std::string root = flptest::data_dir();
  if (!is_dir(root + "/netlib")) GTEST_SKIP() << "no test data at " << root;
  {
    // afiro: 27 rows besides the objective, 32 columns, 83 nonzeros outside it
    auto r = read_mps(root + "/netlib/afiro.mps.gz");
    ASSERT_EQ(r->rc, FLP_OK) << r->err.msg;
    EXPECT_EQ(r->p.num_rows, 27);
    EXPECT_EQ(r->p.num_cols, 32);
    EXPECT_EQ(r->p.nnz, 83);
    EXPECT_STREQ(r->p.name, "AFIRO");
    EXPECT_STREQ(r->p.obj_name, "COST");
    const flp_problem &p = r->p;
    EXPECT_EQ(p.obj[col_of(p, "X02")], -0.4);
    EXPECT_EQ(coef(p, row_of(p, "X48"), col_of(p, "X01")), 0.301);
    EXPECT_EQ(rhi(p, "X50"), 310.0);
    EXPECT_EQ(rlo(p, "X50"), -kInf);
    EXPECT_EQ(rlo(p, "R23"), 44.0);  // "B  R23  44." on an E row
    EXPECT_EQ(rhi(p, "R23"), 44.0);
  }
  {
    // e226: an RHS of -7.113 on the objective row, i.e. objective constant +7.113
    auto r = read_mps(root + "/netlib/e226.mps.gz");
    ASSERT_EQ(r->rc, FLP_OK) << r->err.msg;
    EXPECT_EQ(r->p.obj_offset, 7.113);
  }
  {
    // forplan: fixed format with blanks in names, RANGES
    auto r = read_mps(root + "/netlib/forplan.mps.gz");
    ASSERT_EQ(r->rc, FLP_OK) << r->err.msg;
    EXPECT_EQ(r->p.num_rows, 161);
    EXPECT_EQ(r->p.num_cols, 421);
    EXPECT_EQ(rhi(r->p, "AZ 100"), 2800.0);
    EXPECT_TRUE(r->notices.empty());
  }
}

}  // namespace
