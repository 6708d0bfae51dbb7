// Backend conformance: every operation of flp_backend, run through the table
// against plain reference loops written here, on every registered backend.
//
// A backend joins by being registered (flp_backends()); one whose probe()
// fails here is skipped with its reason. Nothing in the parameterised suite
// knows which backend it runs. Tolerance: |got - ref| <= 1e-12 * mag, where
// mag bounds the magnitudes that went into the value (so the error a correct
// floating-point evaluation in any summation order can make is far inside).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "backend.h"
#include "fault_backend.h"

namespace {

using ld = long double;
using Vec = std::vector<double>;
using LVec = std::vector<ld>;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kRelTol = 1e-12;

// ---- random data ----------------------------------------------------------

struct Rng {
  std::mt19937_64 g;
  explicit Rng(uint64_t seed) : g(seed) {}
  int64_t Below(int64_t n) { return std::uniform_int_distribution<int64_t>(0, n - 1)(g); }
  double Uni(double a, double b) { return std::uniform_real_distribution<double>(a, b)(g); }
  // Signed, magnitudes spread over 2^-8 .. 2^9.
  double Val() {
    double m = std::ldexp(Uni(1.0, 2.0), static_cast<int>(Below(17)) - 8);
    return Below(2) ? m : -m;
  }
  double Pos() { return std::ldexp(Uni(1.0, 2.0), static_cast<int>(Below(9)) - 4); }
  Vec Vals(int64_t n) {
    Vec v(static_cast<size_t>(n));
    for (auto &e : v) e = Below(10) == 0 ? 0.0 : Val();
    return v;
  }
  Vec Positives(int64_t n) {
    Vec v(static_cast<size_t>(n));
    for (auto &e : v) e = Pos();
    return v;
  }
};

struct Csr {
  int32_t m = 0, n = 0;
  std::vector<int64_t> ptr{0};
  std::vector<int32_t> idx;
  Vec val;
  int64_t nnz() const { return static_cast<int64_t>(idx.size()); }
};

// Rows with i % 5 == 3 are empty and columns with j % 7 == 4 are never used
// (when n > 4); the columns of a row come in random, unsorted order.
Csr RandomCsr(int32_t m, int32_t n, int per_row, uint64_t seed) {
  Rng r(seed);
  Csr A;
  A.m = m;
  A.n = n;
  std::vector<int32_t> usable;
  for (int32_t j = 0; j < n; ++j)
    if (n <= 4 || j % 7 != 4) usable.push_back(j);
  A.ptr.assign(static_cast<size_t>(m) + 1, 0);
  std::vector<int32_t> row;
  for (int32_t i = 0; i < m; ++i) {
    row.clear();
    if (per_row > 0 && i % 5 != 3 && !usable.empty()) {
      int64_t k = 1 + r.Below(2 * per_row - 1);
      k = std::min<int64_t>(k, static_cast<int64_t>(usable.size()));
      while (static_cast<int64_t>(row.size()) < k) {
        int32_t j = usable[static_cast<size_t>(r.Below(static_cast<int64_t>(usable.size())))];
        if (std::find(row.begin(), row.end(), j) == row.end()) row.push_back(j);
      }
    }
    for (int32_t j : row) {
      A.idx.push_back(j);
      A.val.push_back(r.Val());
    }
    A.ptr[static_cast<size_t>(i) + 1] = A.nnz();
  }
  return A;
}

struct Shape {
  int32_t m, n;
  int per_row;
};
// Single element; tiny; one GPU block / one thread; many blocks and threads;
// no nonzeros at all; no rows.
const Shape kShapes[] = {{1, 1, 1}, {7, 5, 3}, {1000, 700, 6}, {100003, 50001, 5},
                         {3, 4, 0}, {0, 4, 0}};
const int64_t kSizes[] = {0, 1, 7, 1000, 100003};

// FLEETLP_TEST_LIGHT=1 (bench/gpu_check.sh's compute-sanitizer stages): the
// sweeps that launch thousands of kernels run a subset of their cases.
bool light_sweep() {
  const char *v = std::getenv("FLEETLP_TEST_LIGHT");
  return v && *v && std::strcmp(v, "0") != 0;
}

// Column bounds cycling through free, lower only, upper only, boxed, fixed.
void ColumnBounds(Rng &r, int64_t n, Vec &l, Vec &u) {
  l.assign(static_cast<size_t>(n), 0.0);
  u.assign(static_cast<size_t>(n), 0.0);
  for (int64_t j = 0; j < n; ++j) {
    double a = r.Val(), w = r.Pos();
    double lo = a, hi = a + w;
    switch (j % 5) {
      case 0: lo = -kInf, hi = kInf; break;
      case 1: hi = kInf; break;
      case 2: lo = -kInf; break;
      case 3: break;
      case 4: hi = lo; break;
    }
    l[static_cast<size_t>(j)] = lo;
    u[static_cast<size_t>(j)] = hi;
  }
}

// ---- comparison -------------------------------------------------------------

// Checks got against ref element by element: |got - ref| <= kRelTol * mag.
// Infinite and NaN references must be matched exactly.
void ExpectClose(const char *what, const Vec &got, const LVec &ref, const LVec &mag) {
  ASSERT_EQ(got.size(), ref.size()) << what;
  int bad = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    ld r = ref[i], g = got[i];
    bool ok;
    if (std::isnan(r))
      ok = std::isnan(got[i]);
    else if (std::isinf(r))
      ok = g == r;
    else
      ok = std::fabs(g - r) <= kRelTol * mag[i] || g == r;
    if (!ok && bad++ < 5)
      ADD_FAILURE() << what << "[" << i << "]: got " << got[i] << ", expected "
                    << static_cast<double>(r) << " (scale " << static_cast<double>(mag[i]) << ")";
  }
  EXPECT_EQ(bad, 0) << what << ": " << bad << " of " << got.size() << " elements differ";
}

void ExpectCloseScalar(const char *what, double got, ld ref, ld mag) {
  ExpectClose(what, Vec{got}, LVec{ref}, LVec{mag});
}

void ExpectBitwise(const char *what, const Vec &got, const Vec &want) {
  ASSERT_EQ(got.size(), want.size()) << what;
  if (got.empty()) return;
  EXPECT_EQ(std::memcmp(got.data(), want.data(), got.size() * sizeof(double)), 0) << what;
}

// ---- reference implementations ---------------------------------------------

ld Clamp(ld t, ld lo, ld hi) { return std::min(std::max(t, lo), hi); }

// y = a A x + b y with magnitudes |a| sum |A_ik x_k| + |b y_i|.
void RefSpmv(const Csr &A, double a, const Vec &x, double b, const Vec &y, LVec &out,
             LVec &mag) {
  out.assign(static_cast<size_t>(A.m), 0);
  mag.assign(static_cast<size_t>(A.m), 0);
  for (int32_t i = 0; i < A.m; ++i) {
    ld s = 0, sa = 0;
    for (int64_t k = A.ptr[static_cast<size_t>(i)]; k < A.ptr[static_cast<size_t>(i) + 1]; ++k) {
      ld t = static_cast<ld>(A.val[static_cast<size_t>(k)]) * x[static_cast<size_t>(A.idx[static_cast<size_t>(k)])];
      s += t;
      sa += std::fabs(t);
    }
    out[static_cast<size_t>(i)] = a * s + (b == 0.0 ? 0 : static_cast<ld>(b) * y[static_cast<size_t>(i)]);
    mag[static_cast<size_t>(i)] = std::fabs(a) * sa + (b == 0.0 ? 0 : std::fabs(static_cast<ld>(b) * y[static_cast<size_t>(i)]));
  }
}

// y = a A' x + b y, scattering over the rows of A.
void RefSpmvT(const Csr &A, double a, const Vec &x, double b, const Vec &y, LVec &out,
              LVec &mag) {
  LVec s(static_cast<size_t>(A.n), 0), sa(static_cast<size_t>(A.n), 0);
  for (int32_t i = 0; i < A.m; ++i)
    for (int64_t k = A.ptr[static_cast<size_t>(i)]; k < A.ptr[static_cast<size_t>(i) + 1]; ++k) {
      size_t j = static_cast<size_t>(A.idx[static_cast<size_t>(k)]);
      ld t = static_cast<ld>(A.val[static_cast<size_t>(k)]) * x[static_cast<size_t>(i)];
      s[j] += t;
      sa[j] += std::fabs(t);
    }
  out.assign(static_cast<size_t>(A.n), 0);
  mag.assign(static_cast<size_t>(A.n), 0);
  for (size_t j = 0; j < s.size(); ++j) {
    out[j] = a * s[j] + (b == 0.0 ? 0 : static_cast<ld>(b) * y[j]);
    mag[j] = std::fabs(a) * sa[j] + (b == 0.0 ? 0 : std::fabs(static_cast<ld>(b) * y[j]));
  }
}

// A value and a bound on the scale of the rounding error it may carry.
struct Tracked {
  LVec v, m;
  void From(const Vec &x) {
    v.assign(x.begin(), x.end());
    m.resize(x.size());
    for (size_t i = 0; i < x.size(); ++i) m[i] = std::fabs(v[i]);
  }
};

struct PdhgCase {
  int count;
  int halpern;
  int64_t k0;
  double gamma;
};

// The formula in backend.h, iterated `count` times, tracking magnitudes.
struct RefPdhg {
  Tracked x, y, xh, yh, aty, xbar, v;
  void Run(const Csr &A, const Vec &x0, const Vec &y0, const Vec &c, const Vec &l, const Vec &u,
           const Vec &rl, const Vec &ru, double tau, double sigma, const PdhgCase &pc) {
    const size_t m = static_cast<size_t>(A.m), n = static_cast<size_t>(A.n);
    for (int t = 0; t < pc.count; ++t) {
      const ld k = static_cast<ld>(pc.k0 + t);
      const ld w1 = (k + 1) / (k + 2), w0 = 1 / (k + 2), g = pc.gamma;
      // aty = A' y
      aty.v.assign(n, 0);
      aty.m.assign(n, 0);
      for (size_t i = 0; i < m; ++i)
        for (int64_t p = A.ptr[i]; p < A.ptr[i + 1]; ++p) {
          size_t j = static_cast<size_t>(A.idx[static_cast<size_t>(p)]);
          ld a = A.val[static_cast<size_t>(p)];
          aty.v[j] += a * y.v[i];
          aty.m[j] += std::fabs(a) * y.m[i];
        }
      xh.v.resize(n), xh.m.resize(n), xbar.v.resize(n), xbar.m.resize(n);
      for (size_t j = 0; j < n; ++j) {
        ld tj = x.v[j] - tau * (c[j] - aty.v[j]);
        ld mt = x.m[j] + tau * (std::fabs(static_cast<ld>(c[j])) + aty.m[j]);
        xh.v[j] = Clamp(tj, l[j], u[j]);
        xh.m[j] = std::max(mt, std::fabs(xh.v[j]));
        xbar.v[j] = 2 * xh.v[j] - x.v[j];
        xbar.m[j] = 2 * xh.m[j] + x.m[j];
      }
      v.v.assign(m, 0);
      v.m.assign(m, 0);
      yh.v.resize(m), yh.m.resize(m);
      for (size_t i = 0; i < m; ++i) {
        for (int64_t p = A.ptr[i]; p < A.ptr[i + 1]; ++p) {
          size_t j = static_cast<size_t>(A.idx[static_cast<size_t>(p)]);
          ld a = A.val[static_cast<size_t>(p)];
          v.v[i] += a * xbar.v[j];
          v.m[i] += std::fabs(a) * xbar.m[j];
        }
        ld q = v.v[i] - y.v[i] / sigma, mq = v.m[i] + y.m[i] / sigma;
        ld cl = Clamp(q, rl[i], ru[i]), mcl = std::max(mq, std::fabs(cl));
        yh.v[i] = y.v[i] - sigma * v.v[i] + sigma * cl;
        yh.m[i] = y.m[i] + sigma * v.m[i] + sigma * mcl;
      }
      if (!pc.halpern) continue;
      for (size_t j = 0; j < n; ++j) {
        x.v[j] = w1 * ((1 - g) * x.v[j] + g * (2 * xh.v[j] - x.v[j])) + w0 * x0[j];
        x.m[j] = w1 * (std::fabs(1 - g) * x.m[j] + std::fabs(g) * xbar.m[j]) +
                 w0 * std::fabs(static_cast<ld>(x0[j]));
      }
      for (size_t i = 0; i < m; ++i) {
        ld yb = 2 * yh.v[i] - y.v[i], myb = 2 * yh.m[i] + y.m[i];
        y.v[i] = w1 * ((1 - g) * y.v[i] + g * yb) + w0 * y0[i];
        y.m[i] = w1 * (std::fabs(1 - g) * y.m[i] + std::fabs(g) * myb) +
                 w0 * std::fabs(static_cast<ld>(y0[i]));
      }
    }
  }
};

// The formulas of flp_kkt_args, plus a scale for each sum.
struct RefKkt {
  ld pobj = 0, dobj = 0, psq = 0, pinf = 0, dsq = 0, dinf = 0;
  ld pobj_m = 0, dobj_m = 0;
  void Run(const Vec &x, const Vec &y, const Vec &ax, const Vec &aty, const Vec &c, const Vec &l,
           const Vec &u, const Vec &rl, const Vec &ru, const Vec &row_w, const Vec &col_w) {
    for (size_t j = 0; j < x.size(); ++j) {
      pobj += static_cast<ld>(c[j]) * x[j];
      pobj_m += std::fabs(static_cast<ld>(c[j]) * x[j]);
      double g = c[j] - aty[j];  // one rounding, the same on every backend
      double lam = ((g > 0 && l[j] > -kInf) || (g < 0 && u[j] < kInf)) ? g : 0.0;
      ld d = static_cast<ld>(col_w[j]) * (static_cast<ld>(g) - lam);
      dsq += d * d;
      dinf = std::max(dinf, std::fabs(d));
      if (std::isfinite(l[j])) {
        dobj += static_cast<ld>(l[j]) * std::max(lam, 0.0);
        dobj_m += std::fabs(static_cast<ld>(l[j]) * std::max(lam, 0.0));
      }
      if (std::isfinite(u[j])) {
        dobj += static_cast<ld>(u[j]) * std::min(lam, 0.0);
        dobj_m += std::fabs(static_cast<ld>(u[j]) * std::min(lam, 0.0));
      }
    }
    for (size_t i = 0; i < y.size(); ++i) {
      ld p = static_cast<ld>(row_w[i]) * (static_cast<ld>(ax[i]) - Clamp(ax[i], rl[i], ru[i]));
      psq += p * p;
      pinf = std::max(pinf, std::fabs(p));
      ld wrong = 0;
      if (rl[i] == -kInf) wrong += std::max(y[i], 0.0);
      if (ru[i] == kInf) wrong += std::min(y[i], 0.0);
      ld e = wrong / row_w[i];
      dsq += e * e;
      dinf = std::max(dinf, std::fabs(e));
      if (std::isfinite(rl[i])) {
        dobj += static_cast<ld>(rl[i]) * std::max(y[i], 0.0);
        dobj_m += std::fabs(static_cast<ld>(rl[i]) * std::max(y[i], 0.0));
      }
      if (std::isfinite(ru[i])) {
        dobj += static_cast<ld>(ru[i]) * std::min(y[i], 0.0);
        dobj_m += std::fabs(static_cast<ld>(ru[i]) * std::min(y[i], 0.0));
      }
    }
  }
};

// ---- fixture ----------------------------------------------------------------

// The registered backends, and the tests' fault-injecting double without a
// fault plan (tests/support/fault_backend.h): it must pass as the CPU backend
// it forwards to, or the failures it injects elsewhere would prove nothing.
std::vector<std::string> BackendNames() {
  int count = 0;
  const flp_backend *const *list = flp_backends(&count);
  std::vector<std::string> names;
  for (int i = 0; i < count; ++i) names.push_back(list[i]->name);
  names.push_back(flp_fault_backend()->name);
  return names;
}

const flp_backend *FindBackend(const std::string &name) {
  if (name == flp_fault_backend()->name) return flp_fault_backend();
  return flp_backend_find(name.c_str());
}

// Owns a backend context and everything allocated through it.
class Device {
 public:
  Device() = default;
  Device(const Device &) = delete;
  Device &operator=(const Device &) = delete;
  ~Device() { Reset(); }

  // Returns FLP_OK, or the probe failure with desc holding the reason.
  flp_rc Open(const flp_backend *be, int threads, std::string *desc) {
    be_ = be;
    char buf[512] = {0};
    flp_rc rc = be->probe(buf, sizeof buf);
    if (desc) *desc = buf;
    if (rc != FLP_OK) return rc;
    flp_backend_options opt{};
    opt.threads = threads;
    opt.device_index = 0;
    rc = be->ctx_create(&opt, &ctx_, &err_);
    if (rc != FLP_OK && desc) *desc = err_.msg;
    return rc;
  }
  void Reset() {
    if (!be_) return;
    for (flp_mat *A : mats_) be_->mat_free(ctx_, A);
    for (flp_vec *v : vecs_) be_->vec_free(ctx_, v);
    mats_.clear();
    vecs_.clear();
    be_->ctx_destroy(ctx_);
    ctx_ = nullptr;
  }

  const flp_backend *be() const { return be_; }
  flp_backend_ctx *ctx() const { return ctx_; }
  flp_error *err() { return &err_; }

  flp_vec *Zeros(int64_t n) {
    flp_vec *v = nullptr;
    EXPECT_EQ(be_->vec_alloc(ctx_, n, &v, &err_), FLP_OK) << err_.msg;
    if (v) vecs_.push_back(v);
    return v;
  }
  flp_vec *Up(const Vec &x) {
    flp_vec *v = Zeros(static_cast<int64_t>(x.size()));
    if (v) {
      EXPECT_EQ(be_->vec_upload(ctx_, v, x.data(), &err_), FLP_OK) << err_.msg;
    }
    return v;
  }
  Vec Down(const flp_vec *v) {
    Vec x(static_cast<size_t>(be_->vec_len(v)));
    EXPECT_EQ(be_->vec_download(ctx_, v, x.data(), &err_), FLP_OK) << err_.msg;
    return x;
  }
  flp_mat *Mat(const Csr &A) {
    flp_mat *M = nullptr;
    EXPECT_EQ(be_->mat_upload(ctx_, A.m, A.n, A.nnz(), A.ptr.data(), A.idx.data(), A.val.data(),
                              &M, &err_),
              FLP_OK)
        << err_.msg;
    if (M) mats_.push_back(M);
    return M;
  }

 private:
  const flp_backend *be_ = nullptr;
  flp_backend_ctx *ctx_ = nullptr;
  flp_error err_{};
  std::vector<flp_vec *> vecs_;
  std::vector<flp_mat *> mats_;
};

class BackendConformance : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    be_ = FindBackend(GetParam());
    ASSERT_NE(be_, nullptr) << GetParam();
    std::string desc;
    flp_rc rc = dev_.Open(be_, 2, &desc);
    if (rc != FLP_OK) {
      // bench/gpu_check.sh sets FLEETLP_REQUIRE_GPU=1 on a GPU machine: there an
      // unusable cuda backend fails instead of skipping.
      const char *req = std::getenv("FLEETLP_REQUIRE_GPU");
      if (GetParam() == "cuda" && req && *req && std::strcmp(req, "0") != 0)
        FAIL() << "cuda backend not usable under FLEETLP_REQUIRE_GPU: " << desc;
      GTEST_SKIP() << GetParam() << " backend not usable: " << desc;
    }
  }
  flp_backend_ctx *ctx() { return dev_.ctx(); }
  flp_error *err() { return dev_.err(); }

  const flp_backend *be_ = nullptr;
  Device dev_;
};

#define FLP_OK_OR_FAIL(call) ASSERT_EQ((call), FLP_OK) << err()->msg

// ---- context and vectors -------------------------------------------------------

TEST_P(BackendConformance, DescribeAndNullSafeFrees) {
  char buf[256] = {0};
  be_->describe(ctx(), buf, sizeof buf);
  EXPECT_GT(std::strlen(buf), 0u);
  EXPECT_EQ(std::string(be_->name), GetParam());
  be_->vec_free(ctx(), nullptr);
  be_->mat_free(ctx(), nullptr);
  be_->ctx_destroy(nullptr);
}

TEST_P(BackendConformance, ImpossibleAllocationIsNoMem) {
  flp_vec *v = nullptr;
  err()->msg[0] = '\0';
  // 2^62 doubles: the byte count does not even fit in 64 bits.
  EXPECT_EQ(be_->vec_alloc(ctx(), INT64_MAX / 2, &v, err()), FLP_ERR_NOMEM);
  EXPECT_GT(std::strlen(err()->msg), 0u);
  if (v) be_->vec_free(ctx(), v);
}

TEST_P(BackendConformance, AllocUploadDownloadCopyFill) {
  Rng r(11);
  for (int64_t n : kSizes) {
    SCOPED_TRACE(n);
    flp_vec *v = dev_.Zeros(n);
    ASSERT_NE(v, nullptr);
    EXPECT_EQ(be_->vec_len(v), n);
    ExpectBitwise("alloc is zeroed", dev_.Down(v), Vec(static_cast<size_t>(n), 0.0));

    Vec x = r.Vals(n);
    const double specials[] = {kInf, -kInf, -0.0, 4.9e-324, kNaN, 1e308};
    for (size_t i = 0; i < x.size() && i < 6; ++i) x[(i * 7919) % x.size()] = specials[i];
    FLP_OK_OR_FAIL(be_->vec_upload(ctx(), v, x.data(), err()));
    ExpectBitwise("upload/download", dev_.Down(v), x);

    flp_vec *w = dev_.Zeros(n);
    FLP_OK_OR_FAIL(be_->vec_copy(ctx(), w, v, err()));
    ExpectBitwise("copy", dev_.Down(w), x);

    FLP_OK_OR_FAIL(be_->vec_fill(ctx(), w, -3.25, err()));
    ExpectBitwise("fill", dev_.Down(w), Vec(static_cast<size_t>(n), -3.25));
    FLP_OK_OR_FAIL(be_->vec_fill(ctx(), w, -kInf, err()));
    ExpectBitwise("fill -inf", dev_.Down(w), Vec(static_cast<size_t>(n), -kInf));
  }
}

TEST_P(BackendConformance, Axpby) {
  Rng r(12);
  const double ab[][2] = {{1.5, -0.75}, {-2.0, 1.0}, {1.0, 0.0}, {-0.3, 0.0}, {0.0, 2.5}};
  for (int64_t n : kSizes) {
    for (const auto &c : ab) {
      SCOPED_TRACE(testing::Message() << "n=" << n << " a=" << c[0] << " b=" << c[1]);
      Vec x = r.Vals(n), y = r.Vals(n);
      if (c[1] == 0.0)  // b == 0 overwrites: NaN and inf in y must not show through
        for (size_t i = 0; i < y.size(); i += 3) y[i] = (i % 2) ? kNaN : kInf;
      flp_vec *xv = dev_.Up(x), *yv = dev_.Up(y);
      FLP_OK_OR_FAIL(be_->axpby(ctx(), c[0], xv, c[1], yv, err()));
      LVec ref(x.size()), mag(x.size());
      for (size_t i = 0; i < x.size(); ++i) {
        ld by = c[1] == 0.0 ? 0 : static_cast<ld>(c[1]) * y[i];
        ref[i] = static_cast<ld>(c[0]) * x[i] + by;
        mag[i] = std::fabs(static_cast<ld>(c[0]) * x[i]) + std::fabs(by);
      }
      ExpectClose("axpby", dev_.Down(yv), ref, mag);
    }
    // x = 0: y = b y exactly
    Vec y = r.Vals(n);
    flp_vec *zero = dev_.Zeros(n), *yv = dev_.Up(y);
    FLP_OK_OR_FAIL(be_->axpby(ctx(), 3.0, zero, 1.0, yv, err()));
    ExpectBitwise("axpby with x = 0, b = 1", dev_.Down(yv), y);
  }
}

TEST_P(BackendConformance, MulDivMap) {
  Rng r(13);
  for (int64_t n : kSizes) {
    SCOPED_TRACE(n);
    Vec y = r.Vals(n), x = r.Vals(n);
    for (auto &e : x)
      if (e == 0.0) e = 0.5;  // no division by zero
    flp_vec *yv = dev_.Up(y), *xv = dev_.Up(x);
    FLP_OK_OR_FAIL(be_->vec_mul(ctx(), yv, xv, err()));
    LVec ref(y.size()), mag(y.size());
    for (size_t i = 0; i < y.size(); ++i) ref[i] = mag[i] = static_cast<ld>(y[i]) * x[i];
    for (auto &e : mag) e = std::fabs(e);
    ExpectClose("vec_mul", dev_.Down(yv), ref, mag);

    FLP_OK_OR_FAIL(be_->vec_upload(ctx(), yv, y.data(), err()));
    FLP_OK_OR_FAIL(be_->vec_div(ctx(), yv, xv, err()));
    for (size_t i = 0; i < y.size(); ++i) ref[i] = mag[i] = static_cast<ld>(y[i]) / x[i];
    for (auto &e : mag) e = std::fabs(e);
    ExpectClose("vec_div", dev_.Down(yv), ref, mag);

    // Positive, zero, negative, infinite and NaN entries.
    Vec v = r.Vals(n);
    const double specials[] = {0.0, -0.0, -1.0, kInf, kNaN, 4.0};
    for (size_t i = 0; i < v.size() && i < 6; ++i) v[(i * 104729) % v.size()] = specials[i];
    for (int op : {FLP_MAP_RSQRT_OR_ONE, FLP_MAP_INV_OR_ONE}) {
      FLP_OK_OR_FAIL(be_->vec_upload(ctx(), yv, v.data(), err()));
      FLP_OK_OR_FAIL(be_->vec_map(ctx(), yv, static_cast<flp_map_op>(op), err()));
      for (size_t i = 0; i < v.size(); ++i) {
        ld t = v[i];
        ref[i] = t > 0 ? (op == FLP_MAP_RSQRT_OR_ONE ? 1 / std::sqrt(t) : 1 / t) : 1;
        mag[i] = std::fabs(ref[i]);
      }
      ExpectClose(op == FLP_MAP_RSQRT_OR_ONE ? "vec_map rsqrt" : "vec_map inv", dev_.Down(yv), ref,
                  mag);
    }
  }
}

TEST_P(BackendConformance, DotAndNorms) {
  Rng r(14);
  for (int64_t n : kSizes) {
    SCOPED_TRACE(n);
    Vec x = r.Vals(n), y = r.Vals(n);
    if (n > 2) x[static_cast<size_t>(n / 2)] = -1e3;  // the inf-norm comes from a negative entry
    flp_vec *xv = dev_.Up(x), *yv = dev_.Up(y), *zv = dev_.Zeros(n);
    ld dot = 0, dot_m = 0, sq = 0, mx = 0;
    for (size_t i = 0; i < x.size(); ++i) {
      dot += static_cast<ld>(x[i]) * y[i];
      dot_m += std::fabs(static_cast<ld>(x[i]) * y[i]);
      sq += static_cast<ld>(x[i]) * x[i];
      mx = std::max(mx, static_cast<ld>(std::fabs(x[i])));
    }
    double got = -1;
    FLP_OK_OR_FAIL(be_->dot(ctx(), xv, yv, &got, err()));
    ExpectCloseScalar("dot", got, dot, dot_m);
    FLP_OK_OR_FAIL(be_->norm2(ctx(), xv, &got, err()));
    ExpectCloseScalar("norm2", got, std::sqrt(sq), std::sqrt(sq));
    FLP_OK_OR_FAIL(be_->norm_inf(ctx(), xv, &got, err()));
    EXPECT_EQ(got, static_cast<double>(mx)) << "norm_inf";

    FLP_OK_OR_FAIL(be_->dot(ctx(), xv, zv, &got, err()));
    EXPECT_EQ(got, 0.0) << "dot with 0";
    FLP_OK_OR_FAIL(be_->norm2(ctx(), zv, &got, err()));
    EXPECT_EQ(got, 0.0) << "norm2 of 0";
    FLP_OK_OR_FAIL(be_->norm_inf(ctx(), zv, &got, err()));
    EXPECT_EQ(got, 0.0) << "norm_inf of 0";
  }
}

TEST_P(BackendConformance, ProjectBox) {
  Rng r(15);
  for (int64_t n : kSizes) {
    SCOPED_TRACE(n);
    Vec l, u, x = r.Vals(n);
    ColumnBounds(r, n, l, u);
    for (size_t i = 0; i < x.size(); i += 11) x[i] = (i % 2) ? kInf : -kInf;
    flp_vec *xv = dev_.Up(x), *lv = dev_.Up(l), *uv = dev_.Up(u);
    FLP_OK_OR_FAIL(be_->project_box(ctx(), xv, lv, uv, err()));
    Vec want(x.size());
    for (size_t i = 0; i < x.size(); ++i) want[i] = std::min(std::max(x[i], l[i]), u[i]);
    ExpectBitwise("project_box", dev_.Down(xv), want);
  }
}

// ---- matrix ---------------------------------------------------------------------

TEST_P(BackendConformance, SpmvBothWays) {
  const double ab[][2] = {{1.0, 0.0}, {-2.5, 0.0}, {0.5, 1.25}, {1.0, 1.0}, {-1.0, -0.5}};
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(testing::Message() << s.m << "x" << s.n);
    Rng r(100 + static_cast<uint64_t>(s.m));
    Csr A = RandomCsr(s.m, s.n, s.per_row, 21 + static_cast<uint64_t>(s.m));
    flp_mat *M = dev_.Mat(A);
    ASSERT_NE(M, nullptr);
    for (const auto &c : ab) {
      SCOPED_TRACE(testing::Message() << "a=" << c[0] << " b=" << c[1]);
      Vec x = r.Vals(s.n), y = r.Vals(s.m), xt = r.Vals(s.m), yt = r.Vals(s.n);
      if (c[1] == 0.0) {
        for (size_t i = 0; i < y.size(); i += 2) y[i] = kNaN;
        for (size_t j = 0; j < yt.size(); j += 2) yt[j] = kNaN;
      }
      flp_vec *xv = dev_.Up(x), *yv = dev_.Up(y), *xtv = dev_.Up(xt), *ytv = dev_.Up(yt);
      LVec ref, mag;
      FLP_OK_OR_FAIL(be_->spmv(ctx(), M, c[0], xv, c[1], yv, err()));
      RefSpmv(A, c[0], x, c[1], y, ref, mag);
      ExpectClose("spmv", dev_.Down(yv), ref, mag);
      FLP_OK_OR_FAIL(be_->spmv_t(ctx(), M, c[0], xtv, c[1], ytv, err()));
      RefSpmvT(A, c[0], xt, c[1], yt, ref, mag);
      ExpectClose("spmv_t", dev_.Down(ytv), ref, mag);
    }
  }
}

TEST_P(BackendConformance, MatNormsAndScale) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(testing::Message() << s.m << "x" << s.n);
    Rng r(200 + static_cast<uint64_t>(s.m));
    Csr A = RandomCsr(s.m, s.n, s.per_row, 31 + static_cast<uint64_t>(s.m));
    flp_mat *M = dev_.Mat(A);
    ASSERT_NE(M, nullptr);
    flp_vec *rowv = dev_.Zeros(s.m), *colv = dev_.Zeros(s.n);
    for (int pass = 0; pass < 2; ++pass) {  // before and after scaling
      for (int p : {0, 1}) {
        SCOPED_TRACE(testing::Message() << "pass " << pass << " p=" << p);
        FLP_OK_OR_FAIL(be_->mat_norms(ctx(), M, p, rowv, colv, err()));
        LVec row(static_cast<size_t>(s.m), 0), col(static_cast<size_t>(s.n), 0);
        for (int32_t i = 0; i < A.m; ++i)
          for (int64_t k = A.ptr[static_cast<size_t>(i)]; k < A.ptr[static_cast<size_t>(i) + 1]; ++k) {
            ld a = std::fabs(static_cast<ld>(A.val[static_cast<size_t>(k)]));
            size_t j = static_cast<size_t>(A.idx[static_cast<size_t>(k)]);
            row[static_cast<size_t>(i)] = p ? row[static_cast<size_t>(i)] + a : std::max(row[static_cast<size_t>(i)], a);
            col[j] = p ? col[j] + a : std::max(col[j], a);
          }
        ExpectClose("row norms", dev_.Down(rowv), row, row);
        ExpectClose("column norms", dev_.Down(colv), col, col);
      }
      if (pass == 1) break;
      // Scale, then check that A and A' both changed: norms above, products below.
      Vec rs = r.Positives(s.m), cs = r.Positives(s.n);
      flp_vec *rsv = dev_.Up(rs), *csv = dev_.Up(cs);
      FLP_OK_OR_FAIL(be_->mat_scale(ctx(), M, rsv, csv, err()));
      for (int32_t i = 0; i < A.m; ++i)
        for (int64_t k = A.ptr[static_cast<size_t>(i)]; k < A.ptr[static_cast<size_t>(i) + 1]; ++k)
          A.val[static_cast<size_t>(k)] *= rs[static_cast<size_t>(i)] * cs[static_cast<size_t>(A.idx[static_cast<size_t>(k)])];
      // The products above may round differently from the backend's; the
      // 1e-12 tolerance covers it (two roundings per entry).
      Vec x = r.Vals(s.n), xt = r.Vals(s.m);
      flp_vec *xv = dev_.Up(x), *yv = dev_.Zeros(s.m), *xtv = dev_.Up(xt), *ytv = dev_.Zeros(s.n);
      LVec ref, mag;
      FLP_OK_OR_FAIL(be_->spmv(ctx(), M, 1.0, xv, 0.0, yv, err()));
      RefSpmv(A, 1.0, x, 0.0, Vec(static_cast<size_t>(s.m)), ref, mag);
      ExpectClose("spmv after scale", dev_.Down(yv), ref, mag);
      FLP_OK_OR_FAIL(be_->spmv_t(ctx(), M, 1.0, xtv, 0.0, ytv, err()));
      RefSpmvT(A, 1.0, xt, 0.0, Vec(static_cast<size_t>(s.n)), ref, mag);
      ExpectClose("spmv_t after scale", dev_.Down(ytv), ref, mag);
    }
  }
}

TEST_P(BackendConformance, RejectsBadArguments) {
  Csr A = RandomCsr(7, 5, 3, 41);
  flp_mat *M = dev_.Mat(A);
  ASSERT_NE(M, nullptr);
  flp_vec *v5 = dev_.Zeros(5), *v6 = dev_.Zeros(6), *v7 = dev_.Zeros(7);
  err()->msg[0] = '\0';
  EXPECT_NE(be_->axpby(ctx(), 1.0, v5, 1.0, v6, err()), FLP_OK) << "axpby with lengths 5 and 6";
  EXPECT_GT(std::strlen(err()->msg), 0u);
  err()->msg[0] = '\0';
  EXPECT_NE(be_->spmv(ctx(), M, 1.0, v6, 0.0, v7, err()), FLP_OK) << "spmv with x of length 6";
  EXPECT_GT(std::strlen(err()->msg), 0u);
  Csr bad = A;
  bad.idx[2] = 5;  // column index out of range
  flp_mat *B = nullptr;
  err()->msg[0] = '\0';
  EXPECT_NE(be_->mat_upload(ctx(), bad.m, bad.n, bad.nnz(), bad.ptr.data(), bad.idx.data(),
                            bad.val.data(), &B, err()),
            FLP_OK);
  EXPECT_GT(std::strlen(err()->msg), 0u);
  if (B) be_->mat_free(ctx(), B);
}

// ---- fused operations -------------------------------------------------------------

// Problem data for pdhg_iterate / kkt_sums of a given shape.
struct LpData {
  Csr A;
  Vec c, l, u, rl, ru, x, y, x0, y0;
  double tau = 1, sigma = 1;
  LpData(const Shape &s, uint64_t seed) {
    Rng r(seed);
    A = RandomCsr(s.m, s.n, s.per_row, seed + 1);
    c = r.Vals(s.n);
    ColumnBounds(r, s.n, l, u);
    // Rows: free, >=, <=, ranged, equality.
    ColumnBounds(r, s.m, rl, ru);
    x = r.Vals(s.n);
    y = r.Vals(s.m);
    x0 = r.Vals(s.n);
    y0 = r.Vals(s.m);
    // ||A||_2 <= sqrt(||A||_1 ||A||_inf): a step that keeps PDHG nonexpansive.
    Vec rows(static_cast<size_t>(s.m), 0.0), cols(static_cast<size_t>(s.n), 0.0);
    for (int32_t i = 0; i < A.m; ++i)
      for (int64_t k = A.ptr[static_cast<size_t>(i)]; k < A.ptr[static_cast<size_t>(i) + 1]; ++k) {
        rows[static_cast<size_t>(i)] += std::fabs(A.val[static_cast<size_t>(k)]);
        cols[static_cast<size_t>(A.idx[static_cast<size_t>(k)])] += std::fabs(A.val[static_cast<size_t>(k)]);
      }
    double rmax = 0, cmax = 0;
    for (double e : rows) rmax = std::max(rmax, e);
    for (double e : cols) cmax = std::max(cmax, e);
    double bound = std::sqrt(rmax * cmax), eta = bound > 0 ? 0.9 / bound : 1.0, w = 1.7;
    tau = eta / w;
    sigma = eta * w;
  }
};

// Device copies of LpData plus the outputs of pdhg_iterate.
struct DevLp {
  flp_mat *M;
  flp_vec *c, *l, *u, *rl, *ru, *x, *y, *x0, *y0, *xh, *yh, *aty, *xbar, *v;
  // shared: a matrix already on the device with p.A's values (the batch's
  // LPs share one; an upload each made the test slow under compute-sanitizer)
  DevLp(Device &d, const LpData &p, flp_mat *shared = nullptr) {
    M = shared ? shared : d.Mat(p.A);
    c = d.Up(p.c), l = d.Up(p.l), u = d.Up(p.u), rl = d.Up(p.rl), ru = d.Up(p.ru);
    x = d.Up(p.x), y = d.Up(p.y), x0 = d.Up(p.x0), y0 = d.Up(p.y0);
    // Outputs start as NaN: every element must be written.
    Vec nan_n(p.x.size(), kNaN), nan_m(p.y.size(), kNaN);
    xh = d.Up(nan_n), aty = d.Up(nan_n), xbar = d.Up(nan_n);
    yh = d.Up(nan_m), v = d.Up(nan_m);
  }
  flp_pdhg_args Args(const LpData &p, const PdhgCase &pc) const {
    flp_pdhg_args a{};
    a.A = M;
    a.x = x, a.y = y, a.x0 = x0, a.y0 = y0, a.xh = xh, a.yh = yh;
    a.aty = aty, a.xbar = xbar, a.v = v;
    a.c = c, a.l = l, a.u = u, a.rl = rl, a.ru = ru;
    a.tau = p.tau, a.sigma = p.sigma, a.gamma = pc.gamma;
    a.k0 = pc.k0;
    a.halpern = pc.halpern;
    return a;
  }
};

const PdhgCase kPdhgCases[] = {
    {1, 0, 0, 1.0}, {1, 1, 0, 1.0}, {5, 0, 0, 1.0}, {5, 1, 0, 1.0}, {5, 1, 3, 0.7}, {1, 1, 7, 1.3},
};

TEST_P(BackendConformance, PdhgIterate) {
  for (const Shape &s : kShapes) {
    LpData p(s, 300 + static_cast<uint64_t>(s.m));
    for (const PdhgCase &pc : kPdhgCases) {
      SCOPED_TRACE(testing::Message() << s.m << "x" << s.n << " count=" << pc.count
                                      << " halpern=" << pc.halpern << " k0=" << pc.k0
                                      << " gamma=" << pc.gamma);
      DevLp d(dev_, p);
      ASSERT_NE(d.M, nullptr);
      flp_pdhg_args args = d.Args(p, pc);
      FLP_OK_OR_FAIL(be_->pdhg_iterate(ctx(), &args, pc.count, err()));

      RefPdhg ref;
      ref.x.From(p.x);
      ref.y.From(p.y);
      ref.Run(p.A, p.x0, p.y0, p.c, p.l, p.u, p.rl, p.ru, p.tau, p.sigma, pc);
      ExpectClose("x", dev_.Down(d.x), ref.x.v, ref.x.m);
      ExpectClose("y", dev_.Down(d.y), ref.y.v, ref.y.m);
      ExpectClose("xh", dev_.Down(d.xh), ref.xh.v, ref.xh.m);
      ExpectClose("yh", dev_.Down(d.yh), ref.yh.v, ref.yh.m);
      ExpectClose("aty", dev_.Down(d.aty), ref.aty.v, ref.aty.m);
      ExpectClose("xbar", dev_.Down(d.xbar), ref.xbar.v, ref.xbar.m);
      ExpectClose("v", dev_.Down(d.v), ref.v.v, ref.v.m);
      if (!pc.halpern) {
        ExpectBitwise("x unchanged without halpern", dev_.Down(d.x), p.x);
        ExpectBitwise("y unchanged without halpern", dev_.Down(d.y), p.y);
      }
      if (HasFailure()) return;
    }
  }
}

TEST_P(BackendConformance, PdhgIterateCountZeroChangesNothing) {
  LpData p(kShapes[2], 401);
  DevLp d(dev_, p);
  flp_pdhg_args args = d.Args(p, {1, 1, 0, 1.0});
  FLP_OK_OR_FAIL(be_->pdhg_iterate(ctx(), &args, 0, err()));
  ExpectBitwise("x", dev_.Down(d.x), p.x);
  ExpectBitwise("y", dev_.Down(d.y), p.y);
}

// K LPs that share A, each with its own data, step sizes and Halpern counter:
// the batched step leaves every vector as K single steps do (bit for bit on
// the CPU) and as the formula says. 33 LPs: more than one group of the CPU's.
TEST_P(BackendConformance, PdhgIterateBatch) {
  if (!be_->pdhg_iterate_batch) GTEST_SKIP() << GetParam() << " has no batched step (the core loops)";
  const std::vector<Shape> shapes = light_sweep() ? std::vector<Shape>{kShapes[1], {2000, 3000, 4}}
                                                 : std::vector<Shape>{kShapes[1], kShapes[2], kShapes[4], {2000, 3000, 4}};
  // K: the CPU's lane groups (1, 3: pairs and the odd one out; 7, 12: groups
  // of 4 and 6; 33: 8s and more than one launch's 32 members on cuda)
  const std::vector<int> ks = light_sweep() ? std::vector<int>{3, 33} : std::vector<int>{1, 3, 7, 12, 33};
  // alike: 0 every LP its own data; 1 c, l, u alike (demand scenarios:
  // only row bounds differ); 2 all data alike (the CPU reads those once)
  for (const Shape &s : shapes) {
    for (int K : ks) for (int alike : {0, 1, 2}) {
      SCOPED_TRACE(testing::Message() << s.m << "x" << s.n << " K=" << K << " alike=" << alike);
      std::vector<LpData> lps;
      for (int k = 0; k < K; ++k) {
        lps.emplace_back(s, 900 + static_cast<uint64_t>(k));
        LpData &q = lps[static_cast<size_t>(k)];
        if (k == 0) continue;
        q.A = lps[0].A;
        if (alike >= 1) q.c = lps[0].c, q.l = lps[0].l, q.u = lps[0].u;
        if (alike >= 2) q.rl = lps[0].rl, q.ru = lps[0].ru;
      }
      std::vector<std::unique_ptr<DevLp>> batch, single;
      std::vector<flp_pdhg_args> bargs, sargs;
      std::vector<PdhgCase> cases;
      for (int k = 0; k < K; ++k) {
        const LpData &p = lps[static_cast<size_t>(k)];
        batch.push_back(std::make_unique<DevLp>(dev_, p, k ? batch[0]->M : nullptr));
        single.push_back(std::make_unique<DevLp>(dev_, p, batch[0]->M));
        cases.push_back({4, 1, 3 * k, k % 2 ? 0.7 : 1.0});
        bargs.push_back(batch.back()->Args(p, cases.back()));
        bargs.back().gamma = 0.9;  // one reflection for the batch, as the solver has
        sargs.push_back(single.back()->Args(p, cases.back()));
        sargs.back().gamma = 0.9;
      }
      std::vector<const flp_pdhg_args *> ptrs;
      for (const flp_pdhg_args &a : bargs) ptrs.push_back(&a);
      FLP_OK_OR_FAIL(be_->pdhg_iterate_batch(ctx(), ptrs.data(), K, 4, err()));
      for (int k = 0; k < K; ++k) {
        SCOPED_TRACE(testing::Message() << "LP " << k);
        const LpData &p = lps[static_cast<size_t>(k)];
        const DevLp &b = *batch[static_cast<size_t>(k)], &o = *single[static_cast<size_t>(k)];
        FLP_OK_OR_FAIL(be_->pdhg_iterate(ctx(), &sargs[static_cast<size_t>(k)], 4, err()));
        PdhgCase pc = cases[static_cast<size_t>(k)];
        pc.gamma = 0.9;
        RefPdhg ref;
        ref.x.From(p.x);
        ref.y.From(p.y);
        ref.Run(p.A, p.x0, p.y0, p.c, p.l, p.u, p.rl, p.ru, p.tau, p.sigma, pc);
        ExpectClose("x", dev_.Down(b.x), ref.x.v, ref.x.m);
        ExpectClose("y", dev_.Down(b.y), ref.y.v, ref.y.m);
        ExpectClose("xh", dev_.Down(b.xh), ref.xh.v, ref.xh.m);
        ExpectClose("yh", dev_.Down(b.yh), ref.yh.v, ref.yh.m);
        ExpectClose("v", dev_.Down(b.v), ref.v.v, ref.v.m);
        if (GetParam() == "cpu") {
          const char *names[] = {"x", "y", "xh", "yh", "aty", "xbar", "v"};
          flp_vec *bv[] = {b.x, b.y, b.xh, b.yh, b.aty, b.xbar, b.v};
          flp_vec *ov[] = {o.x, o.y, o.xh, o.yh, o.aty, o.xbar, o.v};
          for (int i = 0; i < 7; ++i) ExpectBitwise(names[i], dev_.Down(bv[i]), dev_.Down(ov[i]));
        }
        if (HasFailure()) return;
      }
    }
  }
}

TEST_P(BackendConformance, PdhgIterateBatchRefusesMixedMatrices) {
  if (!be_->pdhg_iterate_batch) GTEST_SKIP() << GetParam() << " has no batched step";
  LpData p(kShapes[1], 41), q(kShapes[1], 42);
  DevLp a(dev_, p), b(dev_, q);
  flp_pdhg_args aa = a.Args(p, {1, 1, 0, 1.0}), ba = b.Args(q, {1, 1, 0, 1.0});
  const flp_pdhg_args *ptrs[] = {&aa, &ba};
  EXPECT_EQ(be_->pdhg_iterate_batch(ctx(), ptrs, 2, 1, err()), FLP_ERR_INPUT);
  EXPECT_NE(std::string(err()->msg).find("another matrix"), std::string::npos) << err()->msg;
  // two LPs that would write one vector
  DevLp c(dev_, p);
  flp_pdhg_args ca = c.Args(p, {1, 1, 0, 1.0});
  ca.A = aa.A;
  ca.x = aa.x;
  const flp_pdhg_args *same[] = {&aa, &ca};
  EXPECT_EQ(be_->pdhg_iterate_batch(ctx(), same, 2, 1, err()), FLP_ERR_INPUT);
}

TEST_P(BackendConformance, KktSums) {
  for (const Shape &s : kShapes) {
    SCOPED_TRACE(testing::Message() << s.m << "x" << s.n);
    LpData p(s, 500 + static_cast<uint64_t>(s.m));
    Rng r(600 + static_cast<uint64_t>(s.m));
    // y of both signs on every kind of row: free rows with y != 0 and y of
    // the wrong sign are dual infeasibility. Some exact zeros of c - aty.
    Vec ax = r.Vals(s.m), aty = r.Vals(s.n), row_w = r.Positives(s.m), col_w = r.Positives(s.n);
    for (size_t j = 0; j < aty.size(); j += 9) aty[j] = p.c[j];
    for (size_t i = 0; i < ax.size(); i += 4)  // some activities inside their bounds
      if (std::isfinite(p.rl[i])) ax[i] = p.rl[i];
    Device &d = dev_;
    flp_kkt_args a{};
    a.x = d.Up(p.x), a.y = d.Up(p.y), a.ax = d.Up(ax), a.aty = d.Up(aty);
    a.c = d.Up(p.c), a.l = d.Up(p.l), a.u = d.Up(p.u), a.rl = d.Up(p.rl), a.ru = d.Up(p.ru);
    a.row_w = d.Up(row_w), a.col_w = d.Up(col_w);
    flp_kkt_sums got{};
    FLP_OK_OR_FAIL(be_->kkt_sums(ctx(), &a, &got, err()));
    RefKkt ref;
    ref.Run(p.x, p.y, ax, aty, p.c, p.l, p.u, p.rl, p.ru, row_w, col_w);
    ExpectCloseScalar("primal_obj", got.primal_obj, ref.pobj, ref.pobj_m);
    ExpectCloseScalar("dual_obj", got.dual_obj, ref.dobj, ref.dobj_m);
    ExpectCloseScalar("primal_res_sq", got.primal_res_sq, ref.psq, ref.psq);
    ExpectCloseScalar("primal_res_inf", got.primal_res_inf, ref.pinf, ref.pinf);
    ExpectCloseScalar("dual_res_sq", got.dual_res_sq, ref.dsq, ref.dsq);
    ExpectCloseScalar("dual_res_inf", got.dual_res_inf, ref.dinf, ref.dinf);
    for (double e : {got.primal_obj, got.dual_obj, got.primal_res_sq, got.primal_res_inf,
                     got.dual_res_sq, got.dual_res_inf})
      EXPECT_TRUE(std::isfinite(e)) << "infinite bounds leaked into a sum";
  }
}

// A hand-checked case: one row and one column of every kind.
TEST_P(BackendConformance, KktSumsByHand) {
  // rows: free (y=2, wrong), >= 1 (y=-1, wrong; y>0 would pay 1*y), <= 3 (y=-2: 3*-2),
  //       ranged [-1, 4] (y=0.5: -1*0.5), equality 2 (y=-1.5: 2*-1.5)
  Vec y{2, -1, -2, 0.5, -1.5}, rl{-kInf, 1, -kInf, -1, 2}, ru{kInf, kInf, 3, 4, 2};
  Vec ax{5, 0, 4, 1, 2}, row_w{1, 2, 1, 1, 0.5};
  // cols: free (g=1: residual), lower 0 (g=2: absorbed, 0*2), upper 5 (g=3: residual),
  //       boxed [1,2] (g=-1: absorbed by u: 2*-1), fixed 3 (g=0.5: absorbed, 3*0.5)
  Vec x{1, 1, 1, 1, 3}, c{1, 2, 3, -1, 0.5}, aty{0, 0, 0, 0, 0};
  Vec l{-kInf, 0, -kInf, 1, 3}, u{kInf, kInf, 5, 2, 3}, col_w{1, 1, 0.5, 1, 1};
  Device &d = dev_;
  flp_kkt_args a{};
  a.x = d.Up(x), a.y = d.Up(y), a.ax = d.Up(ax), a.aty = d.Up(aty);
  a.c = d.Up(c), a.l = d.Up(l), a.u = d.Up(u), a.rl = d.Up(rl), a.ru = d.Up(ru);
  a.row_w = d.Up(row_w), a.col_w = d.Up(col_w);
  flp_kkt_sums got{};
  FLP_OK_OR_FAIL(be_->kkt_sums(ctx(), &a, &got, err()));
  EXPECT_DOUBLE_EQ(got.primal_obj, 1 + 2 + 3 - 1 + 1.5);
  // rows: 1: 0 (y<0 not paid on rl), 2: 3*-2, 3: -1*0.5, 4: 2*-1.5; cols: 0*2 + 2*-1 + 3*0.5
  EXPECT_DOUBLE_EQ(got.dual_obj, -6 - 0.5 - 3 + 0 - 2 + 1.5);
  // p: row 1: 2*(0-1) = -2, row 2: 4-3 = 1, others 0
  EXPECT_DOUBLE_EQ(got.primal_res_sq, 4 + 1);
  EXPECT_DOUBLE_EQ(got.primal_res_inf, 2);
  // d: col 0: 1, col 2: 0.5*3 = 1.5; e: row 0: 2/1 = 2, row 1: -1/2 = -0.5
  EXPECT_DOUBLE_EQ(got.dual_res_sq, 1 + 2.25 + 4 + 0.25);
  EXPECT_DOUBLE_EQ(got.dual_res_inf, 2);
}

std::string ParamName(const testing::TestParamInfo<std::string> &info) { return info.param; }

INSTANTIATE_TEST_SUITE_P(Backends, BackendConformance, testing::ValuesIn(BackendNames()),
                         ParamName);

// ---- the registry and the CPU backend's own promises ------------------------------

TEST(BackendRegistry, CpuFirstAndFindByName) {
  int count = 0;
  const flp_backend *const *list = flp_backends(&count);
  ASSERT_GE(count, 1);
  EXPECT_EQ(list[0], flp_cpu_backend());
  EXPECT_STREQ(list[0]->name, "cpu");
  EXPECT_EQ(flp_backend_find("cpu"), flp_cpu_backend());
  EXPECT_EQ(flp_backend_find("no-such-backend"), nullptr);
  EXPECT_EQ(flp_backend_find(nullptr), nullptr);
  EXPECT_EQ(count, flp_cuda_backend() ? 2 : 1);
  if (flp_cuda_backend()) {
    EXPECT_EQ(flp_backend_find("cuda"), flp_cuda_backend());
  }
  for (int i = 0; i < count; ++i) {
    const flp_backend *b = list[i];
    // Every slot of the table is filled.
    const void *slots[] = {
        (const void *)b->probe,       (const void *)b->ctx_create,  (const void *)b->ctx_destroy,
        (const void *)b->describe,    (const void *)b->vec_alloc,   (const void *)b->vec_free,
        (const void *)b->vec_len,     (const void *)b->vec_upload,  (const void *)b->vec_download,
        (const void *)b->vec_copy,    (const void *)b->vec_fill,    (const void *)b->axpby,
        (const void *)b->vec_mul,     (const void *)b->vec_div,     (const void *)b->vec_map,
        (const void *)b->dot,         (const void *)b->norm2,       (const void *)b->norm_inf,
        (const void *)b->project_box, (const void *)b->mat_upload,  (const void *)b->mat_free,
        (const void *)b->spmv,        (const void *)b->spmv_t,      (const void *)b->mat_norms,
        (const void *)b->mat_scale,   (const void *)b->pdhg_iterate, (const void *)b->kkt_sums};
    for (const void *s : slots) EXPECT_NE(s, nullptr) << b->name;
  }
}

TEST(CpuBackend, ProbeAndDescribe) {
  const flp_backend *be = flp_cpu_backend();
  char desc[256] = {0};
  EXPECT_EQ(be->probe(desc, sizeof desc), FLP_OK);
  EXPECT_GT(std::strlen(desc), 0u);
  for (int t : {1, 2}) {
    Device d;
    ASSERT_EQ(d.Open(be, t, nullptr), FLP_OK);
    be->describe(d.ctx(), desc, sizeof desc);
    EXPECT_STREQ(desc, t == 1 ? "cpu (1 thread)" : "cpu (2 threads)");
  }
}

// Everything the CPU backend computes for one problem, in one byte string.
struct CpuRun {
  Vec spmv, spmv_t, rown, coln, x, y, xh, yh, aty, xbar, v;
  Vec scalars;  // dot, norm2, norm_inf, kkt sums
};

CpuRun RunCpu(int threads) {
  CpuRun out;
  Device d;
  EXPECT_EQ(d.Open(flp_cpu_backend(), threads, nullptr), FLP_OK);
  const flp_backend *be = d.be();
  const Shape s{100003, 50001, 5};
  LpData p(s, 777);
  DevLp dl(d, p);
  flp_error *err = d.err();
  flp_vec *ym = d.Zeros(s.m), *yn = d.Zeros(s.n), *rn = d.Zeros(s.m), *cn = d.Zeros(s.n);
  EXPECT_EQ(be->spmv(d.ctx(), dl.M, 1.0, dl.x, 0.0, ym, err), FLP_OK);
  EXPECT_EQ(be->spmv_t(d.ctx(), dl.M, 1.0, dl.y, 0.0, yn, err), FLP_OK);
  EXPECT_EQ(be->mat_norms(d.ctx(), dl.M, 1, rn, cn, err), FLP_OK);
  out.spmv = d.Down(ym), out.spmv_t = d.Down(yn), out.rown = d.Down(rn), out.coln = d.Down(cn);
  // Positive weights for kkt_sums (empty rows and columns have norm 0).
  EXPECT_EQ(be->vec_map(d.ctx(), rn, FLP_MAP_RSQRT_OR_ONE, err), FLP_OK);
  EXPECT_EQ(be->vec_map(d.ctx(), cn, FLP_MAP_INV_OR_ONE, err), FLP_OK);
  double dot = 0, n2 = 0, ni = 0;
  EXPECT_EQ(be->dot(d.ctx(), dl.x, dl.c, &dot, err), FLP_OK);
  EXPECT_EQ(be->norm2(d.ctx(), dl.x, &n2, err), FLP_OK);
  EXPECT_EQ(be->norm_inf(d.ctx(), dl.y, &ni, err), FLP_OK);
  flp_pdhg_args args = dl.Args(p, {5, 1, 2, 1.0});
  EXPECT_EQ(be->pdhg_iterate(d.ctx(), &args, 5, err), FLP_OK) << err->msg;
  flp_kkt_args ka{};
  ka.x = dl.x, ka.y = dl.y, ka.ax = dl.v, ka.aty = dl.aty, ka.c = dl.c, ka.l = dl.l, ka.u = dl.u;
  ka.rl = dl.rl, ka.ru = dl.ru, ka.row_w = rn, ka.col_w = cn;
  flp_kkt_sums k{};
  EXPECT_EQ(be->kkt_sums(d.ctx(), &ka, &k, err), FLP_OK) << err->msg;
  out.x = d.Down(dl.x), out.y = d.Down(dl.y), out.xh = d.Down(dl.xh), out.yh = d.Down(dl.yh);
  out.aty = d.Down(dl.aty), out.xbar = d.Down(dl.xbar), out.v = d.Down(dl.v);
  out.scalars = {dot, n2, ni, k.primal_obj, k.dual_obj, k.primal_res_sq, k.primal_res_inf,
                 k.dual_res_sq, k.dual_res_inf};
  return out;
}

void ExpectSameRun(const CpuRun &a, const CpuRun &b, bool with_reductions) {
  ExpectBitwise("spmv", a.spmv, b.spmv);
  ExpectBitwise("spmv_t", a.spmv_t, b.spmv_t);
  ExpectBitwise("row norms", a.rown, b.rown);
  ExpectBitwise("column norms", a.coln, b.coln);
  ExpectBitwise("x", a.x, b.x);
  ExpectBitwise("y", a.y, b.y);
  ExpectBitwise("xh", a.xh, b.xh);
  ExpectBitwise("yh", a.yh, b.yh);
  ExpectBitwise("aty", a.aty, b.aty);
  ExpectBitwise("xbar", a.xbar, b.xbar);
  ExpectBitwise("v", a.v, b.v);
  if (with_reductions) ExpectBitwise("dot, norms, kkt sums", a.scalars, b.scalars);
}

TEST(CpuBackend, DeterministicForAGivenThreadCount) {
  for (int t : {1, 2}) {
    SCOPED_TRACE(testing::Message() << t << " threads");
    ExpectSameRun(RunCpu(t), RunCpu(t), true);
  }
}

// SpMV and the PDHG step sum every row sequentially: their bits do not even
// depend on the thread count (only the reductions do).
TEST(CpuBackend, RowSumsIndependentOfThreadCount) {
  CpuRun one = RunCpu(1);
  ExpectSameRun(one, RunCpu(2), false);
  ExpectSameRun(one, RunCpu(3), false);
}

}  // namespace
