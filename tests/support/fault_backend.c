/* The fault-injecting backend double (fault_backend.h).
 *
 * Its context is a struct fault_ctx handed out as an opaque flp_backend_ctx
 * pointer (this file never defines struct flp_backend_ctx: that tag belongs to
 * the backend that owns the inner context). Each operation counts the call,
 * decides whether the plan fails it, and otherwise forwards it to the CPU
 * backend with the inner context; vector and matrix handles are the CPU
 * backend's, passed through. */
#include "fault_backend.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const op_names[FLP_FAULT_NOPS] = {
    "ctx_create", "vec_alloc",  "vec_free",    "vec_upload", "vec_download", "vec_copy",
    "vec_fill",   "axpby",      "vec_mul",     "vec_div",    "vec_map",      "dot",
    "norm2",      "norm_inf",   "project_box", "mat_upload", "mat_free",     "spmv",
    "spmv_t",     "mat_norms",  "mat_scale",   "pdhg_iterate", "kkt_sums"};

const char *flp_fault_op_name(int op) {
  return op >= 0 && op < FLP_FAULT_NOPS ? op_names[op] : NULL;
}

int flp_fault_op_find(const char *name) {
  if (!name) return -1;
  if (strcmp(name, "any") == 0) return FLP_FAULT_NOPS;
  for (int i = 0; i < FLP_FAULT_NOPS; ++i)
    if (strcmp(name, op_names[i]) == 0) return i;
  return -1;
}

flp_fault_plan flp_fault_at(const char *op, int64_t nth, flp_rc code) {
  flp_fault_plan p;
  memset(&p, 0, sizeof p);
  p.op = op;
  p.nth = nth;
  p.code = code;
  return p;
}

typedef struct fault_ctx {
  const flp_backend *cpu;
  flp_backend_ctx *inner;
  int op;          /* planned operation, FLP_FAULT_NOPS for "any", -1 for none */
  int64_t nth, repeat;
  flp_rc code;
  int sticky;
  char message[208]; /* "" : the default message */
  flp_fault_report *report;
  int64_t calls[FLP_FAULT_NOPS];
  int64_t any_calls;
  int fired; /* the planned fault happened in this context */
  int fired_op;
  int64_t fired_call;
  int64_t live_vecs, live_mats;
} fault_ctx;

static fault_ctx *fc_of(flp_backend_ctx *ctx) { return (fault_ctx *)(void *)ctx; }
static const fault_ctx *fc_of_const(const flp_backend_ctx *ctx) {
  return (const fault_ctx *)(const void *)ctx;
}

static const char *code_words(flp_rc code) {
  switch (code) {
    case FLP_ERR_NOMEM: return "out of memory";
    case FLP_ERR_BACKEND: return "device fault";
    case FLP_ERR_UNAVAILABLE: return "device unavailable";
    default: return "failure";
  }
}

/* Answers call `call` of op with the injected failure: the planned one
 * (recorded as the fault when it is the first), or, after a sticky fault,
 * the lost device's. */
static flp_rc fail_now(fault_ctx *c, int op, int64_t call, int after_sticky, flp_error *err) {
  if (c->report) c->report->failed++;
  if (after_sticky)
    return flp_error_set(err, c->code,
                         "fault: %s: the device is unusable after the injected %s in %s "
                         "(call %lld)",
                         op_names[op], code_words(c->code), op_names[c->fired_op],
                         (long long)c->fired_call);
  if (!c->fired) {
    c->fired = 1;
    c->fired_op = op;
    c->fired_call = call;
    if (c->report && !c->report->fired) {
      c->report->fired = 1;
      c->report->fired_op = op;
      c->report->fired_call = call;
    }
  }
  if (c->message[0]) return flp_error_set(err, c->code, "%s", c->message);
  return flp_error_set(err, c->code, "fault: %s (call %lld): injected %s", op_names[op],
                       (long long)call, code_words(c->code));
}

/* Counts a call of op and says whether it fails (setting err). */
static flp_rc enter(fault_ctx *c, int op, flp_error *err) {
  if (!c) return flp_error_set(err, FLP_ERR_INPUT, "fault: %s: NULL context", op_names[op]);
  const int64_t call = ++c->calls[op];
  const int64_t any = ++c->any_calls;
  if (c->report) {
    c->report->calls[op]++;
    c->report->any_calls++;
  }
  if (c->fired && c->sticky) return fail_now(c, op, call, 1, err);
  if (c->op < 0 || c->nth <= 0) return FLP_OK;
  if (c->op != op && c->op != FLP_FAULT_NOPS) return FLP_OK;
  const int64_t k = c->op == FLP_FAULT_NOPS ? any : call;
  const int64_t last = c->repeat < 0 ? INT64_MAX : c->nth + (c->repeat > 1 ? c->repeat : 1) - 1;
  if (k < c->nth || k > last) return FLP_OK;
  return fail_now(c, op, k, 0, err);
}

/* Counts a call that cannot fail (the frees). */
static void count(fault_ctx *c, int op) {
  c->calls[op]++;
  if (c->report) c->report->calls[op]++;
}

#define ENTER(op)                                      \
  fault_ctx *c = fc_of(ctx);                           \
  do {                                                 \
    flp_rc rc_ = enter(c, (op), err);                  \
    if (rc_ != FLP_OK) return rc_;                     \
  } while (0)

/* ---- context ------------------------------------------------------------- */

static flp_rc fb_probe(char *desc, size_t cap) {
  char inner[400] = "";
  flp_rc rc = flp_cpu_backend()->probe(inner, sizeof inner);
  if (desc && cap > 0) snprintf(desc, cap, "fault double over %s", inner);
  return rc;
}

static void fb_ctx_destroy(flp_backend_ctx *ctx) {
  fault_ctx *c = fc_of(ctx);
  if (!c) return;
  if (c->report) {
    c->report->contexts_destroyed++;
    c->report->vecs_at_destroy = c->live_vecs;
    c->report->mats_at_destroy = c->live_mats;
  }
  c->cpu->ctx_destroy(c->inner);
  free(c);
}

static flp_rc fb_ctx_create(const flp_backend_options *opt, flp_backend_ctx **out,
                            flp_error *err) {
  if (!out) return flp_error_set(err, FLP_ERR_INPUT, "fault: ctx_create: out is NULL");
  *out = NULL;
  const flp_fault_plan *plan = opt ? (const flp_fault_plan *)opt->extra : NULL;
  int op = -1;
  if (plan && plan->op && plan->op[0]) {
    op = flp_fault_op_find(plan->op);
    if (op < 0)
      return flp_error_set(err, FLP_ERR_INPUT, "fault: no operation named '%s' to fail", plan->op);
  }
  flp_fault_report *rep = plan ? plan->report : NULL;
  /* ctx_create is decided here: there is no context to count in yet, so
   * its calls are counted in the report (each attempt, failed or not). */
  const int64_t creation = rep ? ++rep->calls[FLP_FAULT_CTX_CREATE] : 1;
  const flp_rc code = plan && plan->code != FLP_OK ? plan->code : FLP_ERR_BACKEND;
  if (op == FLP_FAULT_CTX_CREATE && creation == plan->nth) {
    if (rep) {
      rep->failed++;
      if (!rep->fired) {
        rep->fired = 1;
        rep->fired_op = FLP_FAULT_CTX_CREATE;
        rep->fired_call = creation;
      }
    }
    if (plan->message) return flp_error_set(err, code, "%.200s", plan->message);
    return flp_error_set(err, code, "fault: ctx_create (call %lld): injected %s",
                         (long long)creation, code_words(code));
  }
  fault_ctx *c = calloc(1, sizeof *c);
  if (!c) return flp_error_set(err, FLP_ERR_NOMEM, "fault: out of memory creating a context");
  c->cpu = flp_cpu_backend();
  flp_backend_options inner_opt = {.threads = opt ? opt->threads : 0, .device_index = 0,
                                   .extra = NULL};
  flp_rc rc = c->cpu->ctx_create(&inner_opt, &c->inner, err);
  if (rc != FLP_OK) {
    free(c);
    return rc;
  }
  if (rep) rep->contexts_created++;
  c->op = op;
  c->fired_op = -1;
  if (plan) {
    c->nth = plan->nth;
    c->repeat = plan->repeat;
    c->sticky = plan->sticky;
    if (plan->message) snprintf(c->message, sizeof c->message, "%.200s", plan->message);
  }
  c->code = code;
  c->report = rep;
  c->calls[FLP_FAULT_CTX_CREATE] = 1;
  *out = (flp_backend_ctx *)(void *)c;
  return FLP_OK;
}

static void fb_describe(const flp_backend_ctx *ctx, char *buf, size_t cap) {
  if (!buf || cap == 0) return;
  const fault_ctx *c = fc_of_const(ctx);
  if (!c) {
    snprintf(buf, cap, "fault");
    return;
  }
  char inner[200] = "";
  c->cpu->describe(c->inner, inner, sizeof inner);
  if (c->fired)
    snprintf(buf, cap, "fault double over %s [injected %s in %s, call %lld]", inner,
             code_words(c->code), op_names[c->fired_op], (long long)c->fired_call);
  else
    snprintf(buf, cap, "fault double over %s", inner);
}

/* ---- vectors ------------------------------------------------------------- */

static flp_rc fb_vec_alloc(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err) {
  if (out) *out = NULL;
  ENTER(FLP_FAULT_VEC_ALLOC);
  flp_rc rc = c->cpu->vec_alloc(c->inner, n, out, err);
  if (rc == FLP_OK && out && *out) {
    c->live_vecs++;
    if (c->report) {
      c->report->live_vecs++;
      if (c->report->live_vecs > c->report->peak_vecs) c->report->peak_vecs = c->report->live_vecs;
    }
  }
  return rc;
}

static void fb_vec_free(flp_backend_ctx *ctx, flp_vec *v) {
  fault_ctx *c = fc_of(ctx);
  if (!c) return;
  count(c, FLP_FAULT_VEC_FREE);
  if (!v) return;
  c->live_vecs--;
  if (c->report) c->report->live_vecs--;
  c->cpu->vec_free(c->inner, v);
}

static int64_t fb_vec_len(const flp_vec *v) { return flp_cpu_backend()->vec_len(v); }

static flp_rc fb_vec_upload(flp_backend_ctx *ctx, flp_vec *dst, const double *src,
                            flp_error *err) {
  ENTER(FLP_FAULT_VEC_UPLOAD);
  return c->cpu->vec_upload(c->inner, dst, src, err);
}

static flp_rc fb_vec_download(flp_backend_ctx *ctx, const flp_vec *src, double *dst,
                              flp_error *err) {
  ENTER(FLP_FAULT_VEC_DOWNLOAD);
  return c->cpu->vec_download(c->inner, src, dst, err);
}

static flp_rc fb_vec_copy(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src,
                          flp_error *err) {
  ENTER(FLP_FAULT_VEC_COPY);
  return c->cpu->vec_copy(c->inner, dst, src, err);
}

static flp_rc fb_vec_fill(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err) {
  ENTER(FLP_FAULT_VEC_FILL);
  return c->cpu->vec_fill(c->inner, dst, value, err);
}

static flp_rc fb_axpby(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                       flp_error *err) {
  ENTER(FLP_FAULT_AXPBY);
  return c->cpu->axpby(c->inner, a, x, b, y, err);
}

static flp_rc fb_vec_mul(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  ENTER(FLP_FAULT_VEC_MUL);
  return c->cpu->vec_mul(c->inner, y, x, err);
}

static flp_rc fb_vec_div(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  ENTER(FLP_FAULT_VEC_DIV);
  return c->cpu->vec_div(c->inner, y, x, err);
}

static flp_rc fb_vec_map(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err) {
  ENTER(FLP_FAULT_VEC_MAP);
  return c->cpu->vec_map(c->inner, v, op, err);
}

static flp_rc fb_dot(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                     flp_error *err) {
  ENTER(FLP_FAULT_DOT);
  return c->cpu->dot(c->inner, x, y, out, err);
}

static flp_rc fb_norm2(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  ENTER(FLP_FAULT_NORM2);
  return c->cpu->norm2(c->inner, x, out, err);
}

static flp_rc fb_norm_inf(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  ENTER(FLP_FAULT_NORM_INF);
  return c->cpu->norm_inf(c->inner, x, out, err);
}

static flp_rc fb_project_box(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo,
                             const flp_vec *hi, flp_error *err) {
  ENTER(FLP_FAULT_PROJECT_BOX);
  return c->cpu->project_box(c->inner, x, lo, hi, err);
}

/* ---- matrix -------------------------------------------------------------- */

static flp_rc fb_mat_upload(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                            const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                            flp_mat **out, flp_error *err) {
  if (out) *out = NULL;
  ENTER(FLP_FAULT_MAT_UPLOAD);
  flp_rc rc = c->cpu->mat_upload(c->inner, m, n, nnz, row_ptr, col_idx, values, out, err);
  if (rc == FLP_OK && out && *out) {
    c->live_mats++;
    if (c->report) c->report->live_mats++;
  }
  return rc;
}

static void fb_mat_free(flp_backend_ctx *ctx, flp_mat *A) {
  fault_ctx *c = fc_of(ctx);
  if (!c) return;
  count(c, FLP_FAULT_MAT_FREE);
  if (!A) return;
  c->live_mats--;
  if (c->report) c->report->live_mats--;
  c->cpu->mat_free(c->inner, A);
}

static flp_rc fb_spmv(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                      double b, flp_vec *y, flp_error *err) {
  ENTER(FLP_FAULT_SPMV);
  return c->cpu->spmv(c->inner, A, a, x, b, y, err);
}

static flp_rc fb_spmv_t(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                        double b, flp_vec *y, flp_error *err) {
  ENTER(FLP_FAULT_SPMV_T);
  return c->cpu->spmv_t(c->inner, A, a, x, b, y, err);
}

static flp_rc fb_mat_norms(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                           flp_vec *col, flp_error *err) {
  ENTER(FLP_FAULT_MAT_NORMS);
  return c->cpu->mat_norms(c->inner, A, p, row, col, err);
}

static flp_rc fb_mat_scale(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row,
                           const flp_vec *col, flp_error *err) {
  ENTER(FLP_FAULT_MAT_SCALE);
  return c->cpu->mat_scale(c->inner, A, row, col, err);
}

/* ---- fused --------------------------------------------------------------- */

static flp_rc fb_pdhg_iterate(flp_backend_ctx *ctx, const flp_pdhg_args *a, int n,
                              flp_error *err) {
  ENTER(FLP_FAULT_PDHG_ITERATE);
  return c->cpu->pdhg_iterate(c->inner, a, n, err);
}

static flp_rc fb_kkt_sums(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                          flp_error *err) {
  ENTER(FLP_FAULT_KKT_SUMS);
  return c->cpu->kkt_sums(c->inner, a, out, err);
}

static const flp_backend fault_backend = {
    .name = "fault",
    .probe = fb_probe,
    .ctx_create = fb_ctx_create,
    .ctx_destroy = fb_ctx_destroy,
    .describe = fb_describe,
    .vec_alloc = fb_vec_alloc,
    .vec_free = fb_vec_free,
    .vec_len = fb_vec_len,
    .vec_upload = fb_vec_upload,
    .vec_download = fb_vec_download,
    .vec_copy = fb_vec_copy,
    .vec_fill = fb_vec_fill,
    .axpby = fb_axpby,
    .vec_mul = fb_vec_mul,
    .vec_div = fb_vec_div,
    .vec_map = fb_vec_map,
    .dot = fb_dot,
    .norm2 = fb_norm2,
    .norm_inf = fb_norm_inf,
    .project_box = fb_project_box,
    .mat_upload = fb_mat_upload,
    .mat_free = fb_mat_free,
    .spmv = fb_spmv,
    .spmv_t = fb_spmv_t,
    .mat_norms = fb_mat_norms,
    .mat_scale = fb_mat_scale,
    .pdhg_iterate = fb_pdhg_iterate,
    .kkt_sums = fb_kkt_sums,
};

const flp_backend *flp_fault_backend(void) { return &fault_backend; }

flp_rc flp_fault_ctx_create(const flp_fault_plan *plan, int threads, flp_backend_ctx **out,
                            flp_error *err) {
  flp_backend_options opt = {.threads = threads, .device_index = 0, .extra = plan};
  return fault_backend.ctx_create(&opt, out, err);
}

int64_t flp_fault_calls(const flp_backend_ctx *ctx, int op) {
  const fault_ctx *c = fc_of_const(ctx);
  if (!c || op < 0 || op > FLP_FAULT_NOPS) return 0;
  return op == FLP_FAULT_NOPS ? c->any_calls : c->calls[op];
}

int flp_fault_fired(const flp_backend_ctx *ctx) {
  const fault_ctx *c = fc_of_const(ctx);
  return c ? c->fired : 0;
}
