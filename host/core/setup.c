/* Setting up a solve: pick the backend, upload the problem, scale it, size the step. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kkt_host.h"
#include "solver.h"

static void notify(flp_message_fn fn, void *user, const char *line) {
  if (fn) fn(user, line);
}

static flp_rc open_backend(flp_solver *s, const flp_backend *be, flp_error *err) {
  flp_backend_options opt = {.threads = s->settings->threads, .device_index = 0};
  flp_rc rc = be->ctx_create(&opt, &s->ctx, err);
  if (rc != FLP_OK) return rc;
  s->be = be;
  be->describe(s->ctx, s->device, sizeof s->device);
  return FLP_OK;
}

/* auto: the GPU when one is usable, else the CPU with a one-line notice. */
flp_rc flp_choose_backend(flp_solver *s, flp_message_fn notice, void *user, flp_error *err) {
  const flp_backend *gpu = flp_cuda_backend();
  flp_device want = s->settings->device;
  char why[1100] = "this binary was built without the CUDA backend";
  if (want == FLP_DEVICE_CPU) return open_backend(s, flp_cpu_backend(), err);
  if (gpu && gpu->probe(why, sizeof why) == FLP_OK) {
    flp_error gerr = {0};
    flp_rc rc = open_backend(s, gpu, &gerr);
    if (rc == FLP_OK) return FLP_OK;
    snprintf(why, sizeof why, "%s", gerr.msg);
    if (want == FLP_DEVICE_GPU) return flp_error_set(err, rc, "GPU backend failed: %s", gerr.msg);
  } else if (want == FLP_DEVICE_GPU) {
    return flp_error_set(err, FLP_ERR_UNAVAILABLE, "no usable GPU: %s", why);
  }
  char line[1200];
  snprintf(line, sizeof line, "notice: using the CPU: no usable GPU (%s)", why);
  notify(notice, user, line);
  return open_backend(s, flp_cpu_backend(), err);
}

static flp_rc alloc_vec(flp_solver *s, int64_t len, flp_vec **out, flp_error *err) {
  return s->be->vec_alloc(s->ctx, len, out, err);
}

static flp_rc alloc_vectors(flp_solver *s, flp_error *err) {
  flp_vectors *v = &s->v;
  flp_vec **cols[] = {&v->c, &v->l, &v->u, &v->col_w, &v->x, &v->x0, &v->xh,
                      &v->aty, &v->xbar, &v->atyh, &v->dx};
  flp_vec **rows[] = {&v->rl, &v->ru, &v->row_w, &v->y, &v->y0, &v->yh,
                      &v->v, &v->ax, &v->dy, &v->adx};
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; ++i) {
    flp_rc rc = alloc_vec(s, s->n, cols[i], err);
    if (rc != FLP_OK) return rc;
  }
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
    flp_rc rc = alloc_vec(s, s->m, rows[i], err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

/* Norms of the user's data, for the relative termination test: those of the
 * presolved LP can be far larger (greenbeb's row bounds are all 0; fixed
 * columns moved into them make them large), and the test on them loose. */
static void data_norms(flp_solver *s) {
  flp_data_norms l2 = flp_problem_norms(s->user, FLP_NORM_L2);
  flp_data_norms linf = flp_problem_norms(s->user, FLP_NORM_LINF);
  s->rhs_norm2 = l2.rhs;
  s->rhs_norm_inf = linf.rhs;
  s->c_norm2 = l2.obj;
  s->c_norm_inf = linf.obj;
}

flp_rc flp_solver_setup(flp_solver *s, const flp_problem *p, const flp_problem *user,
                        const flp_settings *st, flp_message_fn notice, void *notice_user,
                        flp_error *err) {
  memset(s, 0, sizeof *s);
  s->problem = p;
  s->user = user;
  s->settings = st;
  s->m = p->num_rows;
  s->n = p->num_cols;
  flp_rc rc = st->context ? flp_context_attach(s, st->context, err)
                          : flp_choose_backend(s, notice, notice_user, err);
  if (rc != FLP_OK) return rc;
  rc = s->be->mat_upload(s->ctx, p->num_rows, p->num_cols, p->nnz, p->row_ptr, p->col_idx,
                         p->values, &s->A, err);
  if (rc != FLP_OK) return rc;
  rc = alloc_vectors(s, err);
  if (rc != FLP_OK) return rc;
  data_norms(s);
  rc = flp_scale_problem(s, err);
  if (rc != FLP_OK) return rc;
  rc = flp_estimate_norm(s, &s->norm_A, err);
  if (rc != FLP_OK) return rc;
  if (!(s->norm_A > 0) || !isfinite(s->norm_A)) s->norm_A = 1.0; /* empty A: any step works */
  s->eta = st->step_safety / s->norm_A;
  return FLP_OK;
}

void flp_solver_cleanup(flp_solver *s) {
  if (!s) return;
  if (s->be && s->ctx) {
    flp_vec **all = (flp_vec **)&s->v;
    for (size_t i = 0; i < sizeof s->v / sizeof(flp_vec *); ++i) s->be->vec_free(s->ctx, all[i]);
    s->be->mat_free(s->ctx, s->A);
    if (!s->shared_ctx) s->be->ctx_destroy(s->ctx);
  }
  free(s->scaling.row_scale);
  free(s->scaling.col_scale);
  memset(s, 0, sizeof *s);
}
