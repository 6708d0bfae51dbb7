// The fault-injecting backend double (tests/support/fault_backend.h): it
// forwards every operation to the CPU backend and fails exactly the call its
// plan names, the way the CUDA backend can (out of memory, a device fault
// that leaves the context unusable). Exercised directly here, and as the
// "GPU" of whole solves on a shared context: the error under --device gpu,
// the fallback to the CPU under auto. (The conformance suite also runs on
// it, without a plan: see test_backend_conformance.cpp.)
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "fault_backend.h"
#include "kkt_gen.h"
#include "owned.h"
#include "test_settings.h"

extern "C" {
#include "solver.h"  // struct flp_context: a solve on a context made by hand
}

namespace {

using flptest::GenLP;
using flptest::Result;

// A context of the double and the vectors made in it, freed at the end.
class FaultCtx {
 public:
  explicit FaultCtx(const flp_fault_plan *plan) {
    rc_ = flp_fault_ctx_create(plan, 1, &ctx_, &err_);
  }
  ~FaultCtx() {
    for (flp_vec *v : vecs_) be()->vec_free(ctx_, v);
    be()->ctx_destroy(ctx_);
  }
  FaultCtx(const FaultCtx &) = delete;
  FaultCtx &operator=(const FaultCtx &) = delete;

  static const flp_backend *be() { return flp_fault_backend(); }
  flp_backend_ctx *ctx() const { return ctx_; }
  flp_rc created() const { return rc_; }
  flp_error &err() { return err_; }
  // vec_alloc; a vector it returns is kept for freeing.
  flp_rc Alloc(int64_t n, flp_vec **out) {
    flp_rc rc = be()->vec_alloc(ctx_, n, out, &err_);
    if (*out) vecs_.push_back(*out);
    return rc;
  }
  void Free(flp_vec *v) {
    for (auto it = vecs_.begin(); it != vecs_.end(); ++it)
      if (*it == v) {
        vecs_.erase(it);
        break;
      }
    be()->vec_free(ctx_, v);
  }

 private:
  flp_backend_ctx *ctx_ = nullptr;
  flp_error err_{};
  flp_rc rc_ = FLP_ERR_INTERNAL;
  std::vector<flp_vec *> vecs_;
};

TEST(FaultBackend, NamesAndTable) {
  const flp_backend *be = flp_fault_backend();
  EXPECT_STREQ(be->name, "fault");
  for (int op = 0; op < FLP_FAULT_NOPS; ++op)
    EXPECT_EQ(flp_fault_op_find(flp_fault_op_name(op)), op);
  EXPECT_EQ(flp_fault_op_find("any"), FLP_FAULT_NOPS);
  EXPECT_EQ(flp_fault_op_find("frobnicate"), -1);
  EXPECT_EQ(flp_fault_op_name(FLP_FAULT_NOPS), nullptr);
  char desc[512] = "";
  EXPECT_EQ(be->probe(desc, sizeof desc), FLP_OK);
  EXPECT_NE(std::string(desc).find("fault double over cpu"), std::string::npos) << desc;

  // Without a plan (options.extra NULL) nothing fails.
  flp_backend_options opt{};
  opt.threads = 2;
  flp_backend_ctx *ctx = nullptr;
  flp_error err{};
  ASSERT_EQ(be->ctx_create(&opt, &ctx, &err), FLP_OK) << err.msg;
  be->describe(ctx, desc, sizeof desc);
  EXPECT_STREQ(desc, "fault double over cpu (2 threads)");
  be->ctx_destroy(ctx);
  be->ctx_destroy(nullptr);
}

TEST(FaultBackend, UnknownOperationIsRefused) {
  flp_fault_plan plan = flp_fault_at("vec_alocc", 1, FLP_ERR_NOMEM);
  FaultCtx f(&plan);
  EXPECT_EQ(f.created(), FLP_ERR_INPUT);
  EXPECT_EQ(f.ctx(), nullptr);
  EXPECT_NE(std::string(f.err().msg).find("vec_alocc"), std::string::npos) << f.err().msg;
}

// The nth vec_alloc runs out of memory; the calls before and after succeed.
TEST(FaultBackend, NthVecAllocIsOutOfMemory) {
  flp_fault_report rep{};
  flp_fault_plan plan = flp_fault_at("vec_alloc", 3, FLP_ERR_NOMEM);
  plan.report = &rep;
  {
    FaultCtx f(&plan);
    ASSERT_EQ(f.created(), FLP_OK) << f.err().msg;
    flp_vec *v[4] = {};
    EXPECT_EQ(f.Alloc(10, &v[0]), FLP_OK);
    EXPECT_EQ(f.Alloc(10, &v[1]), FLP_OK);
    EXPECT_EQ(f.Alloc(10, &v[2]), FLP_ERR_NOMEM);
    EXPECT_EQ(v[2], nullptr) << "a failed vec_alloc leaves *out NULL";
    EXPECT_STREQ(f.err().msg, "fault: vec_alloc (call 3): injected out of memory");
    EXPECT_EQ(f.Alloc(10, &v[3]), FLP_OK) << "not sticky: the next call succeeds";
    EXPECT_EQ(flp_fault_calls(f.ctx(), FLP_FAULT_VEC_ALLOC), 4);
    EXPECT_TRUE(flp_fault_fired(f.ctx()));
    char desc[256];
    f.be()->describe(f.ctx(), desc, sizeof desc);
    EXPECT_NE(std::string(desc).find("[injected out of memory in vec_alloc, call 3]"),
              std::string::npos)
        << desc;
    EXPECT_EQ(rep.live_vecs, 3);
    EXPECT_EQ(rep.peak_vecs, 3);
  }
  EXPECT_TRUE(rep.fired);
  EXPECT_EQ(rep.fired_op, FLP_FAULT_VEC_ALLOC);
  EXPECT_EQ(rep.fired_call, 3);
  EXPECT_EQ(rep.failed, 1);
  EXPECT_EQ(rep.calls[FLP_FAULT_VEC_ALLOC], 4);
  EXPECT_EQ(rep.calls[FLP_FAULT_VEC_FREE], 3);
  EXPECT_EQ(rep.live_vecs, 0);
  EXPECT_EQ(rep.contexts_created, 1);
  EXPECT_EQ(rep.contexts_destroyed, 1);
  EXPECT_EQ(rep.vecs_at_destroy, 0);
}

// repeat: the nth and the calls after it fail (device memory used up).
TEST(FaultBackend, RepeatFailsLaterCallsOfTheSameOperation) {
  flp_fault_report rep{};
  flp_fault_plan plan = flp_fault_at("vec_alloc", 2, FLP_ERR_NOMEM);
  plan.repeat = -1;
  plan.report = &rep;
  FaultCtx f(&plan);
  ASSERT_EQ(f.created(), FLP_OK);
  flp_vec *v = nullptr;
  EXPECT_EQ(f.Alloc(5, &v), FLP_OK);
  for (int k = 0; k < 3; ++k) {
    flp_vec *w = nullptr;
    EXPECT_EQ(f.Alloc(5, &w), FLP_ERR_NOMEM);
    EXPECT_NE(std::string(f.err().msg).find("call " + std::to_string(k + 2)), std::string::npos)
        << f.err().msg;
  }
  // Other operations are untouched.
  EXPECT_EQ(f.be()->vec_fill(f.ctx(), v, 1.5, &f.err()), FLP_OK) << f.err().msg;
  EXPECT_EQ(rep.failed, 3);

  // repeat = 2: calls 2 and 3 only.
  flp_fault_plan two = flp_fault_at("vec_fill", 2, FLP_ERR_BACKEND);
  two.repeat = 2;
  FaultCtx g(&two);
  flp_vec *u = nullptr;
  ASSERT_EQ(g.Alloc(5, &u), FLP_OK);
  const flp_rc want[] = {FLP_OK, FLP_ERR_BACKEND, FLP_ERR_BACKEND, FLP_OK};
  for (flp_rc w : want) EXPECT_EQ(g.be()->vec_fill(g.ctx(), u, 2.0, &g.err()), w);
}

// A sticky device fault: the nth pdhg_iterate fails, and so does every later
// operation, as on a CUDA context after an illegal address; frees still free.
TEST(FaultBackend, StickyDeviceFaultInPdhgIterate) {
  GenLP g;
  kkt_options o;
  kkt_options_default(&o, 30, 40, 5);
  flp_error gerr{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &gerr), FLP_OK) << gerr.msg;
  const flp_problem &p = g.p;

  flp_fault_report rep{};
  flp_fault_plan plan = flp_fault_at("pdhg_iterate", 2, FLP_ERR_BACKEND);
  plan.sticky = 1;
  plan.report = &rep;
  {
    FaultCtx f(&plan);
    ASSERT_EQ(f.created(), FLP_OK);
    const flp_backend *be = f.be();
    flp_mat *A = nullptr;
    ASSERT_EQ(be->mat_upload(f.ctx(), p.num_rows, p.num_cols, p.nnz, p.row_ptr, p.col_idx,
                             p.values, &A, &f.err()),
              FLP_OK)
        << f.err().msg;
    const int64_t n = p.num_cols, m = p.num_rows;
    std::vector<flp_vec *> cols(8), rows(6);
    for (auto &v : cols) ASSERT_EQ(f.Alloc(n, &v), FLP_OK);
    for (auto &v : rows) ASSERT_EQ(f.Alloc(m, &v), FLP_OK);
    ASSERT_EQ(be->vec_upload(f.ctx(), cols[5], p.obj, &f.err()), FLP_OK);
    ASSERT_EQ(be->vec_upload(f.ctx(), cols[6], p.col_lower, &f.err()), FLP_OK);
    ASSERT_EQ(be->vec_upload(f.ctx(), cols[7], p.col_upper, &f.err()), FLP_OK);
    ASSERT_EQ(be->vec_upload(f.ctx(), rows[4], p.row_lower, &f.err()), FLP_OK);
    ASSERT_EQ(be->vec_upload(f.ctx(), rows[5], p.row_upper, &f.err()), FLP_OK);
    flp_pdhg_args a{};
    a.A = A;
    a.x = cols[0], a.x0 = cols[1], a.xh = cols[2], a.aty = cols[3], a.xbar = cols[4];
    a.c = cols[5], a.l = cols[6], a.u = cols[7];
    a.y = rows[0], a.y0 = rows[1], a.yh = rows[2], a.v = rows[3], a.rl = rows[4], a.ru = rows[5];
    a.tau = a.sigma = 0.1;
    a.gamma = 1.0;
    a.halpern = 1;
    EXPECT_EQ(be->pdhg_iterate(f.ctx(), &a, 4, &f.err()), FLP_OK) << f.err().msg;
    EXPECT_EQ(be->pdhg_iterate(f.ctx(), &a, 4, &f.err()), FLP_ERR_BACKEND);
    EXPECT_STREQ(f.err().msg, "fault: pdhg_iterate (call 2): injected device fault");
    std::vector<double> x(static_cast<size_t>(n));
    EXPECT_EQ(be->vec_download(f.ctx(), a.x, x.data(), &f.err()), FLP_ERR_BACKEND);
    EXPECT_STREQ(f.err().msg,
                 "fault: vec_download: the device is unusable after the injected device fault in "
                 "pdhg_iterate (call 2)");
    double nrm = -1;
    EXPECT_EQ(be->norm2(f.ctx(), a.x, &nrm, &f.err()), FLP_ERR_BACKEND);
    EXPECT_EQ(nrm, -1) << "a failed call writes no result";
    flp_vec *late = nullptr;
    EXPECT_EQ(f.Alloc(3, &late), FLP_ERR_BACKEND);
    EXPECT_EQ(late, nullptr);
    EXPECT_EQ(rep.failed, 4);
    EXPECT_EQ(rep.live_mats, 1);
    be->mat_free(f.ctx(), A);
    EXPECT_EQ(rep.live_mats, 0);
    EXPECT_EQ(rep.live_vecs, 14);
  }
  EXPECT_EQ(rep.live_vecs, 0);
  EXPECT_EQ(rep.fired_op, FLP_FAULT_PDHG_ITERATE);
  EXPECT_EQ(rep.calls[FLP_FAULT_PDHG_ITERATE], 2);
}

TEST(FaultBackend, CtxCreateCountsContextsThroughTheReport) {
  flp_fault_plan none = flp_fault_at("ctx_create", 1, FLP_ERR_UNAVAILABLE);
  {
    FaultCtx f(&none);
    EXPECT_EQ(f.created(), FLP_ERR_UNAVAILABLE);
    EXPECT_EQ(f.ctx(), nullptr);
    EXPECT_STREQ(f.err().msg, "fault: ctx_create (call 1): injected device unavailable");
  }
  flp_fault_report rep{};
  flp_fault_plan second = flp_fault_at("ctx_create", 2, FLP_ERR_NOMEM);
  second.report = &rep;
  second.message = "cuda: cudaMalloc failed: cudaErrorMemoryAllocation (out of memory)";
  {
    FaultCtx a(&second);
    FaultCtx b(&second);
    FaultCtx c(&second);
    EXPECT_EQ(a.created(), FLP_OK);
    EXPECT_EQ(b.created(), FLP_ERR_NOMEM);
    EXPECT_STREQ(b.err().msg, second.message);
    EXPECT_EQ(c.created(), FLP_OK) << "the third creation is the report's second context";
  }
  EXPECT_EQ(rep.contexts_created, 2);
  EXPECT_EQ(rep.contexts_destroyed, 2);
  EXPECT_EQ(rep.calls[FLP_FAULT_CTX_CREATE], 3);
  EXPECT_EQ(rep.fired_op, FLP_FAULT_CTX_CREATE);
}

// "any": the nth call of whichever operation comes nth.
TEST(FaultBackend, AnyCountsEveryOperationTogether) {
  flp_fault_plan plan = flp_fault_at("any", 4, FLP_ERR_BACKEND);
  FaultCtx f(&plan);
  ASSERT_EQ(f.created(), FLP_OK);
  flp_vec *v = nullptr;
  double out = 0;
  ASSERT_EQ(f.Alloc(8, &v), FLP_OK);                                    // 1
  EXPECT_EQ(f.be()->vec_fill(f.ctx(), v, 2.0, &f.err()), FLP_OK);       // 2
  f.Free(nullptr);                                                      // frees do not count
  EXPECT_EQ(f.be()->norm_inf(f.ctx(), v, &out, &f.err()), FLP_OK);     // 3
  EXPECT_EQ(out, 2.0);
  EXPECT_EQ(f.be()->dot(f.ctx(), v, v, &out, &f.err()), FLP_ERR_BACKEND);  // 4
  EXPECT_STREQ(f.err().msg, "fault: dot (call 4): injected device fault");
  EXPECT_EQ(f.be()->dot(f.ctx(), v, v, &out, &f.err()), FLP_OK);       // 5
  EXPECT_EQ(out, 32.0);
  EXPECT_EQ(flp_fault_calls(f.ctx(), FLP_FAULT_NOPS), 5);
}

// ---- whole solves through the double, on a context made by hand -----------
//
// A solver created in a shared context (flp_solver_create_in) runs on that
// context's backend: here the double, standing in for a GPU. Under --device
// gpu a fault must come back as the solve's error; under auto the solver
// frees what it put on the "GPU" and solves on the CPU (host/core/setup.c,
// flp_device_fall_back). Either way nothing allocated through the double may
// be left when the solver is freed.

struct Solved {
  flp_rc rc = FLP_ERR_INTERNAL;
  std::string msg, device;
  Result res;
  int64_t live_after_create = -1; // vectors alive in the double once create returned
};

void solve_on_double(const flp_problem &p, const flp_fault_plan *plan, flp_device device,
                     Solved *out) {
  flp_context c{};
  flp_error err{};
  ASSERT_EQ(flp_fault_ctx_create(plan, 1, &c.ctx, &err), FLP_OK) << err.msg;
  c.be = flp_fault_backend();
  c.be->describe(c.ctx, c.device, sizeof c.device);
  flp_settings s = flptest::quiet_settings(1e-6);
  s.device = device;
  flptest::Solver solver;
  out->rc = flp_solver_create_in(&c, &p, &s, &solver.s, &err);
  if (plan && plan->report) out->live_after_create = plan->report->live_vecs;
  if (out->rc == FLP_OK) out->rc = flp_solver_solve(solver.s, &out->res.r, &err);
  out->msg = err.msg;
  out->device = out->res.r.device;
  flp_solver_free(solver.s);
  solver.s = nullptr;
  c.be->ctx_destroy(c.ctx);
}

class FaultBackendSolve : public ::testing::Test {
 protected:
  void SetUp() override {
    kkt_options o;
    kkt_options_default(&o, 60, 90, 17);
    flp_error err{};
    ASSERT_EQ(kkt_generate(&o, &g_.p, &g_.cert, &err), FLP_OK) << err.msg;
    flp_settings s = flptest::quiet_settings(1e-6);
    s.device = FLP_DEVICE_CPU;
    ASSERT_EQ(flp_solve(&g_.p, &s, &cpu_.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(cpu_.r.status, FLP_OPTIMAL);
  }
  void ExpectCpuAnswer(const Solved &d) {
    ASSERT_EQ(d.rc, FLP_OK) << d.msg;
    EXPECT_EQ(d.res.r.status, FLP_OPTIMAL);
    EXPECT_EQ(d.res.r.iterations, cpu_.r.iterations);
    EXPECT_EQ(d.res.r.primal_obj, cpu_.r.primal_obj) << "bit for bit: the same kernels";
  }
  GenLP g_;
  Result cpu_;
};

TEST_F(FaultBackendSolve, WithoutAFaultItSolvesAsTheCpuDoes) {
  flp_fault_report rep{};
  flp_fault_plan none{};
  none.report = &rep;
  Solved d;
  solve_on_double(g_.p, &none, FLP_DEVICE_GPU, &d);
  ExpectCpuAnswer(d);
  EXPECT_NE(d.device.find("fault double over cpu (1 thread)"), std::string::npos) << d.device;
  EXPECT_GT(rep.calls[FLP_FAULT_PDHG_ITERATE], 0);
  EXPECT_EQ(rep.live_vecs, 0) << "the solver frees what it allocated";
  EXPECT_EQ(rep.live_mats, 0);
  EXPECT_FALSE(rep.fired);
}

// --device gpu: no fallback, the fault is the solve's error (the CLI's exit 3).
TEST_F(FaultBackendSolve, UnderDeviceGpuADeviceFaultIsTheError) {
  flp_fault_report rep{};
  flp_fault_plan plan = flp_fault_at("pdhg_iterate", 3, FLP_ERR_BACKEND);
  plan.sticky = 1;
  plan.report = &rep;
  Solved d;
  solve_on_double(g_.p, &plan, FLP_DEVICE_GPU, &d);
  EXPECT_EQ(d.rc, FLP_ERR_BACKEND);
  EXPECT_NE(d.msg.find("pdhg_iterate (call 3): injected device fault"), std::string::npos) << d.msg;
  EXPECT_TRUE(rep.fired);
  EXPECT_EQ(rep.live_vecs, 0) << "everything allocated before the fault is freed";
  EXPECT_EQ(rep.live_mats, 0);
}

TEST_F(FaultBackendSolve, UnderDeviceGpuOutOfMemoryInSetupIsTheError) {
  for (const char *op : {"mat_upload", "vec_alloc"}) {
    SCOPED_TRACE(op);
    flp_fault_report rep{};
    flp_fault_plan plan = flp_fault_at(op, 1, FLP_ERR_NOMEM);
    plan.report = &rep;
    Solved d;
    solve_on_double(g_.p, &plan, FLP_DEVICE_GPU, &d);
    EXPECT_EQ(d.rc, FLP_ERR_NOMEM) << d.msg;
    EXPECT_NE(d.msg.find("injected out of memory"), std::string::npos) << d.msg;
    EXPECT_EQ(rep.live_vecs, 0);
    EXPECT_EQ(rep.live_mats, 0);
  }
}

// --device auto: out of memory part-way through the upload (the 7th vector)
// frees what the "GPU" holds and solves on the CPU, with the CPU's answer.
TEST_F(FaultBackendSolve, UnderAutoOutOfMemoryInSetupFallsBackToTheCpu) {
  for (const char *op : {"mat_upload", "vec_alloc"}) {
    SCOPED_TRACE(op);
    flp_fault_report rep{};
    flp_fault_plan plan = flp_fault_at(op, std::string(op) == "vec_alloc" ? 7 : 1, FLP_ERR_NOMEM);
    plan.report = &rep;
    Solved d;
    solve_on_double(g_.p, &plan, FLP_DEVICE_AUTO, &d);
    ExpectCpuAnswer(d);
    EXPECT_TRUE(rep.fired);
    EXPECT_EQ(d.device.rfind("cpu", 0), 0u) << d.device;
    EXPECT_EQ(d.live_after_create, 0) << "the GPU's memory is freed before the CPU takes over";
    EXPECT_EQ(rep.live_mats, 0);
  }
}

// --device auto: a device fault mid-solve (a lost device: every later call
// fails too) is given up for the CPU, which solves from the start.
// DISABLED until flp_device_fall_back marks the data dirty: after the rebuild
// on the CPU, flp_solver_prepare returns at once (dirty == 0, A set), so
// c and the bounds are never uploaded to the new vectors and the CPU solve
// ends NUMERICAL_ERROR at iteration 0. With `s->dirty |= FLP_DIRTY_OBJECTIVE
// | FLP_DIRTY_ROWS | FLP_DIRTY_COLS;` before its flp_device_setup it passes.
TEST_F(FaultBackendSolve, UnderAutoADeviceFaultMidSolveFallsBackToTheCpu) {
  flp_fault_report rep{};
  flp_fault_plan plan = flp_fault_at("pdhg_iterate", 3, FLP_ERR_BACKEND);
  plan.sticky = 1;
  plan.report = &rep;
  Solved d;
  solve_on_double(g_.p, &plan, FLP_DEVICE_AUTO, &d);
  ExpectCpuAnswer(d);
  EXPECT_TRUE(rep.fired);
  EXPECT_EQ(d.device.rfind("cpu", 0), 0u) << d.device;
  EXPECT_EQ(rep.live_vecs, 0);
  EXPECT_EQ(rep.live_mats, 0);
}

}  // namespace

namespace {

// The feasibility polish is a mode of the same solver (host/core/polish.h):
// on the device it adds its own iterate, a zero objective and the column
// bounds of its face (seven vectors) and no matrix, where a second solve
// would have uploaded everything again.
TEST(PolishMemory, AddsSevenVectorsAndNoMatrix) {
  kkt_options o;
  kkt_options_default(&o, 100, 150, 31); /* converged in norm long before the rows close */
  GenLP g;
  flp_error err{};
  ASSERT_EQ(kkt_generate(&o, &g.p, &g.cert, &err), FLP_OK) << err.msg;
  int64_t peak[2], uploads[2], polished[2];
  for (int polish = 0; polish < 2; ++polish) {
    flp_fault_report rep{};
    flp_fault_plan none{};
    none.report = &rep;
    flp_context c{};
    ASSERT_EQ(flp_fault_ctx_create(&none, 1, &c.ctx, &err), FLP_OK) << err.msg;
    c.be = flp_fault_backend();
    flp_settings s = flptest::quiet_settings(1e-4);
    s.device = FLP_DEVICE_GPU;
    s.guard_tol = 1e-8;
    s.polish = polish;
    flptest::Solver solver;
    Result r;
    ASSERT_EQ(flp_solver_create_in(&c, &g.p, &s, &solver.s, &err), FLP_OK) << err.msg;
    ASSERT_EQ(flp_solver_solve(solver.s, &r.r, &err), FLP_OK) << err.msg;
    ASSERT_EQ(r.r.status, FLP_OPTIMAL);
    flp_solver_free(solver.s);
    solver.s = nullptr;
    c.be->ctx_destroy(c.ctx);
    peak[polish] = rep.peak_vecs;
    uploads[polish] = rep.calls[FLP_FAULT_MAT_UPLOAD];
    polished[polish] = r.r.polish_iterations;
    EXPECT_EQ(rep.live_vecs, 0);
  }
  ASSERT_EQ(polished[0], 0);
  ASSERT_GT(polished[1], 0) << "the case must polish";
  EXPECT_EQ(uploads[0], 1);
  EXPECT_EQ(uploads[1], 1) << "the polish reuses the matrix on the device";
  EXPECT_EQ(peak[1] - peak[0], 7) << "its own x, y, anchor, a zero objective and the face's bounds";
}

}  // namespace
