// Checkpoints, solutions and plans that cannot be silently wrong (issue 22):
// damage to the stored data, a truncated file, a missing, extra or changed
// part are refused with FLP_ERR_INPUT (exit 2), naming the file and the part
// (io/h5_checksum.h, docs/hdf5.md "Checksums").
#include <gtest/gtest.h>
#include <hdf5.h>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "fleetlp_fleet.h"
#include "kkt_gen.h"
#include "owned.h"
#include "temp_files.h"

namespace {

using flptest::TempDir;

std::string shq(const std::string &s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Where the stored values of a contiguous dataset lie in the file.
bool data_extent(const std::string &file, const char *dpath, long *offset, long *bytes) {
  hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (f < 0) return false;
  hid_t d = H5Dopen2(f, dpath, H5P_DEFAULT);
  haddr_t at = d >= 0 ? H5Dget_offset(d) : HADDR_UNDEF;
  hsize_t size = d >= 0 ? H5Dget_storage_size(d) : 0;
  if (d >= 0) H5Dclose(d);
  H5Fclose(f);
  if (at == HADDR_UNDEF || size == 0) return false;
  *offset = (long)at;
  *bytes = (long)size;
  return true;
}

// Overwrites `count` bytes at `at` with a pattern that differs from whatever was there.
void overwrite(const std::string &file, long at, int count) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  ASSERT_TRUE(f.good()) << file;
  std::vector<char> old(count);
  f.seekg(at);
  f.read(old.data(), count);
  for (char &c : old) c = (char)~c;
  f.seekp(at);
  f.write(old.data(), count);
  ASSERT_TRUE(f.good());
}

// 64 bytes in the middle of a dataset's stored values.
void damage_middle(const std::string &file, const char *dpath) {
  long at = 0, bytes = 0;
  ASSERT_TRUE(data_extent(file, dpath, &at, &bytes)) << dpath << " is not contiguous in " << file;
  ASSERT_GE(bytes, 64) << dpath;
  overwrite(file, at + bytes / 2 - 32, 64);
}

void truncate_to(const std::string &file, double share) {
  struct stat st;
  ASSERT_EQ(stat(file.c_str(), &st), 0);
  ASSERT_EQ(truncate(file.c_str(), (off_t)(share * (double)st.st_size)), 0);
}

void copy_file(const std::string &from, const std::string &to) {
  flptest::write_file(to, flptest::read_file(from));
}

class Checksums : public testing::Test {
 protected:
  // Runs `fleetlp ARGS`; keeps stderr; returns the exit code.
  int run(const std::string &args) {
    std::string cmd = shq(FLEETLP_CLI) + " " + args + " >" + shq(dir.file("stdout")) + " 2>" +
                      shq(dir.file("stderr"));
    int st = std::system(cmd.c_str());
    err = flptest::read_file(dir.file("stderr"));
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  }
  std::string write_lp(int rows, int cols, uint64_t seed, const std::string &name) {
    kkt_options o;
    kkt_options_default(&o, rows, cols, seed);
    flptest::GenLP g;
    flp_error e{};
    EXPECT_EQ(kkt_generate(&o, &g.p, &g.cert, &e), FLP_OK) << e.msg;
    std::string p = dir.file(name);
    EXPECT_EQ(kkt_write_mps(&g.p, p.c_str()), 0);
    return p;
  }
  // A checkpoint of a solve stopped by its iteration limit (deterministic).
  std::string checkpoint(const std::string &lp, const std::string &name) {
    std::string ck = dir.file(name);
    EXPECT_EQ(run("solve " + shq(lp) + kOpts + " --iter-limit 128 --checkpoint " + shq(ck)), 12)
        << err;
    return ck;
  }
  void expect_refused(const std::string &what, const std::string &part) {
    EXPECT_NE(err.find(what), std::string::npos) << "message should name " << what << ": " << err;
    EXPECT_NE(err.find(part), std::string::npos) << "message should name " << part << ": " << err;
  }
  static constexpr const char *kOpts = " --quiet --device cpu --threads 1";
  TempDir dir;
  std::string err;
};

TEST_F(Checksums, CheckpointWithOverwrittenIterateIsRefusedWithExit2) {
  const std::string lp = write_lp(200, 300, 7, "lp.mps");
  const std::string ck = checkpoint(lp, "ck.h5");
  ASSERT_EQ(run("solve " + shq(lp) + kOpts + " --resume " + shq(ck)), 0) << "intact: " << err;
  damage_middle(ck, "/vectors/x");
  EXPECT_EQ(run("solve " + shq(lp) + kOpts + " --resume " + shq(ck)), 2);
  expect_refused(ck, "/vectors/x (bytes ");
  expect_refused(ck, "does not match its checksum: the file is damaged");
  flp_checkpoint *c = nullptr;
  flp_error e{};
  EXPECT_EQ(flp_checkpoint_read(ck.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &c, &e),
            FLP_ERR_INPUT);
  EXPECT_EQ(c, nullptr);
}

TEST_F(Checksums, TruncatedCheckpointIsRefused) {
  const std::string lp = write_lp(200, 300, 7, "lp.mps");
  const std::string ck = checkpoint(lp, "ck.h5");
  for (double share : {0.9, 0.5, 0.1}) {
    SCOPED_TRACE(share);
    const std::string cut = dir.file("cut.h5");
    copy_file(ck, cut);
    truncate_to(cut, share);
    EXPECT_EQ(run("solve " + shq(lp) + kOpts + " --resume " + shq(cut)), 2);
    EXPECT_NE(err.find(cut), std::string::npos) << err;
  }
}

// The C API on copies edited through HDF5 (as h5py would): every change is
// refused, naming the file, and where it can, the part.
TEST_F(Checksums, PartsChangedThroughHdf5AreRefused) {
  const std::string lp = write_lp(60, 80, 3, "lp.mps");
  const std::string ck = checkpoint(lp, "ck.h5");
  struct Case {
    const char *why;
    void (*edit)(hid_t);
    const char *expect;
  } cases[] = {
      {"dataset removed", [](hid_t f) { H5Ldelete(f, "/vectors/y0", H5P_DEFAULT); },
       "does not match its checksum"},
      {"dataset added",
       [](hid_t f) {
         hsize_t n = 100;
         std::vector<double> v(n, 1.0);
         hid_t s = H5Screate_simple(1, &n, nullptr);
         hid_t d = H5Dcreate2(f, "/vectors/extra", H5T_IEEE_F64LE, s, H5P_DEFAULT, H5P_DEFAULT,
                              H5P_DEFAULT);
         H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data());
         H5Dclose(d);
         H5Sclose(s);
       },
       "were written (the file was changed after it was written)"},
      {"scalar changed",
       [](hid_t f) {
         hid_t g = H5Oopen(f, "/scalars", H5P_DEFAULT);
         hid_t a = H5Aopen(g, "weight", H5P_DEFAULT);
         double w = 0;
         H5Aread(a, H5T_NATIVE_DOUBLE, &w);
         w *= 1.0000001;
         H5Awrite(a, H5T_NATIVE_DOUBLE, &w);
         H5Aclose(a);
         H5Oclose(g);
       },
       "does not match its checksum"},
      {"iterate changed",
       [](hid_t f) {
         hid_t d = H5Dopen2(f, "/vectors/x", H5P_DEFAULT);
         hsize_t one = 1, at = 7;
         hid_t fs = H5Dget_space(d), ms = H5Screate_simple(1, &one, nullptr);
         H5Sselect_hyperslab(fs, H5S_SELECT_SET, &at, nullptr, &one, nullptr);
         double v = 0.5;
         H5Dwrite(d, H5T_NATIVE_DOUBLE, ms, fs, H5P_DEFAULT, &v);
         H5Sclose(ms);
         H5Sclose(fs);
         H5Dclose(d);
       },
       "/vectors/x (bytes "},
  };
  for (const Case &c : cases) {
    SCOPED_TRACE(c.why);
    const std::string copy = dir.file("edited.h5");
    copy_file(ck, copy);
    hid_t f = H5Fopen(copy.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
    ASSERT_GE(f, 0);
    c.edit(f);
    H5Fclose(f);
    flp_checkpoint *got = nullptr;
    flp_error e{};
    EXPECT_EQ(flp_checkpoint_read(copy.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH,
                                  &got, &e),
              FLP_ERR_INPUT);
    EXPECT_EQ(got, nullptr);
    EXPECT_NE(std::string(e.msg).find(c.expect), std::string::npos) << e.msg;
    EXPECT_NE(std::string(e.msg).find(copy), std::string::npos) << e.msg;
    flp_checkpoint_free(got);
  }
}

// The table itself: damaged, or wiped (as a tool that rewrites the file
// without its first block would leave it).
TEST_F(Checksums, DamagedOrMissingTableIsRefused) {
  const std::string lp = write_lp(60, 80, 3, "lp.mps");
  const std::string ck = checkpoint(lp, "ck.h5");
  const std::string copy = dir.file("edited.h5");
  copy_file(ck, copy);
  overwrite(copy, 40, 8);  // inside the table's lines
  flp_checkpoint *got = nullptr;
  flp_error e{};
  EXPECT_EQ(flp_checkpoint_read(copy.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &got, &e),
            FLP_ERR_INPUT);
  EXPECT_NE(std::string(e.msg).find("checksum table"), std::string::npos) << e.msg;
  copy_file(ck, copy);
  {
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    std::string zeros(8192, '\0');
    f.write(zeros.data(), (std::streamsize)zeros.size());
  }
  EXPECT_EQ(flp_checkpoint_read(copy.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &got, &e),
            FLP_ERR_INPUT);
  EXPECT_NE(std::string(e.msg).find("no checksum table"), std::string::npos) << e.msg;
  EXPECT_EQ(got, nullptr);
  // one byte of the table's first line changed, with damage past the table
  // (a fuzz input, tests/corpus/h5_checkpoint: the unrecognised table let
  // HDF5 parse a damaged global heap, which crashed in H5HG_read): refused
  // before HDF5 opens the file, naming it
  for (long at : {0L, 4L, 18L}) {
    copy_file(ck, copy);
    overwrite(copy, at, 1);
    overwrite(copy, 8192 + 200, 64);
    got = nullptr;
    EXPECT_EQ(flp_checkpoint_read(copy.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &got, &e),
              FLP_ERR_INPUT) << "offset " << at;
    EXPECT_NE(std::string(e.msg).find("no checksum table"), std::string::npos) << e.msg;
    EXPECT_NE(std::string(e.msg).find(copy), std::string::npos) << e.msg;
    EXPECT_EQ(got, nullptr);
  }
}

// 64 bytes overwritten anywhere in a checkpoint: refused, or (only in the
// unused end of the table's block, which nothing reads) read back exactly as
// written. Never accepted with different contents, never a hang in HDF5
// (which loops forever on some damaged heaps: the table is checked first).
TEST_F(Checksums, DamageAnywhereIsRefusedOrHarmless) {
  const std::string lp = write_lp(60, 80, 3, "lp.mps");
  const std::string ck = checkpoint(lp, "ck.h5");
  flp_checkpoint *ref = nullptr;
  flp_error e{};
  ASSERT_EQ(flp_checkpoint_read(ck.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &ref, &e),
            FLP_OK)
      << e.msg;
  const std::string bytes = flptest::read_file(ck);
  const long size = (long)bytes.size();
  int refused = 0, harmless = 0;
  const char *vectors[] = {"x", "y", "x0", "y0", "history"};
  const char *ints[] = {"iteration", "restart_k", "restarts", "num_rows", "num_cols", "next_log"};
  const char *reals[] = {"weight", "eta", "norm_A", "r0", "r_prev", "elapsed"};
  for (long at = 0; at + 64 <= size; at += 96) {
    const std::string copy = dir.file("damaged.h5");
    flptest::write_file(copy, bytes);
    overwrite(copy, at, 64);
    flp_checkpoint *got = nullptr;
    flp_rc rc = flp_checkpoint_read(copy.c_str(), FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH,
                                    &got, &e);
    if (at >= 8192) EXPECT_NE(rc, FLP_OK) << "offset " << at << " is past the table: covered";
    if (rc != FLP_OK) {
      EXPECT_EQ(rc, FLP_ERR_INPUT) << "offset " << at << ": " << e.msg;
      EXPECT_NE(std::string(e.msg).find(copy), std::string::npos) << e.msg;
      ++refused;
      continue;
    }
    ++harmless;
    for (const char *v : vectors) {
      int64_t n1 = -1, n2 = -2;
      const double *a = flp_checkpoint_vector(ref, v, &n1), *b = flp_checkpoint_vector(got, v, &n2);
      ASSERT_EQ(n1, n2) << "offset " << at << ", vector " << v;
      ASSERT_TRUE(a && b);
      EXPECT_EQ(0, std::memcmp(a, b, (size_t)n1 * sizeof *a)) << "offset " << at << ", vector " << v;
    }
    for (const char *k : ints) {
      int64_t a = 0, b = 1;
      flp_checkpoint_get_int(ref, k, &a, &e);
      EXPECT_EQ(flp_checkpoint_get_int(got, k, &b, &e), FLP_OK) << k;
      EXPECT_EQ(a, b) << "offset " << at << ", " << k;
    }
    for (const char *k : reals) {
      double a = 0, b = 1;
      flp_checkpoint_get_real(ref, k, &a, &e);
      EXPECT_EQ(flp_checkpoint_get_real(got, k, &b, &e), FLP_OK) << k;
      EXPECT_EQ(0, std::memcmp(&a, &b, sizeof a)) << "offset " << at << ", " << k;
    }
    flp_checkpoint_free(got);
  }
  flp_checkpoint_free(ref);
  RecordProperty("refused", refused);
  RecordProperty("harmless", harmless);
  EXPECT_GT(refused, harmless);
}

TEST_F(Checksums, DamagedSolutionIsRefusedAsAWarmStart) {
  const std::string lp = write_lp(100, 150, 5, "lp.mps");
  const std::string sol = dir.file("sol.h5");
  ASSERT_EQ(run("solve " + shq(lp) + kOpts + " --solution " + shq(sol)), 0) << err;
  ASSERT_EQ(run("solve " + shq(lp) + kOpts + " --warm-start " + shq(sol)), 0) << "intact: " << err;
  for (const char *part : {"/x", "/y"}) {
    SCOPED_TRACE(part);
    const std::string copy = dir.file("damaged.h5");
    copy_file(sol, copy);
    damage_middle(copy, part);
    EXPECT_EQ(run("solve " + shq(lp) + kOpts + " --warm-start " + shq(copy)), 2);
    expect_refused(copy, std::string(part) + " (bytes ");
  }
  const std::string cut = dir.file("cut.h5");
  copy_file(sol, cut);
  truncate_to(cut, 0.6);
  EXPECT_EQ(run("solve " + shq(lp) + kOpts + " --warm-start " + shq(cut)), 2);
  EXPECT_NE(err.find(cut), std::string::npos) << err;
}

// `fleetlp report` checks every dataset of a plan, also those it does not
// show; a warm start from a plan checks /solver/x and /solver/y.
TEST_F(Checksums, DamagedPlanIsRefusedByReportAndWarmStart) {
  const std::string fleet = dir.file("fleet.h5"), plan = dir.file("plan.h5");
  ASSERT_EQ(run("fleet generate -o " + shq(fleet) +
                " --nodes 12 --slots 4 --classes 2 --racks 2 --datacenters 1 --seed 3"),
            0)
      << err;
  ASSERT_EQ(run("plan " + shq(fleet) + " -o " + shq(plan) + kOpts), 0) << err;
  ASSERT_EQ(run("report " + shq(plan) + " --no-files --quiet"), 0) << "intact: " << err;
  ASSERT_EQ(run("plan " + shq(fleet) + " -o " + shq(dir.file("again.h5")) + kOpts +
                " --warm-start " + shq(plan)),
            0)
      << "intact: " << err;
  for (const char *part : {"/allocations/amount", "/utilisation/nodes", "/solver/x"}) {
    SCOPED_TRACE(part);
    const std::string copy = dir.file("damaged.h5");
    copy_file(plan, copy);
    damage_middle(copy, part);
    EXPECT_EQ(run("report " + shq(copy) + " --no-files --quiet"), 2);
    expect_refused(copy, std::string(part) + " (bytes ");
  }
  const std::string copy = dir.file("damaged.h5");
  copy_file(plan, copy);
  damage_middle(copy, "/solver/y");
  EXPECT_EQ(run("plan " + shq(fleet) + " -o " + shq(dir.file("again.h5")) + kOpts +
                " --warm-start " + shq(copy)),
            2);
  expect_refused(copy, "/solver/y (bytes ");
}

}  // namespace
