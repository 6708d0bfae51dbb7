/* The device side of a solver: pick the backend, upload the matrix, allocate
 * the vectors, scale, size the step; and release all of it. Under
 * --device auto a GPU that fails on the way is given up for the CPU with a
 * one-line notice, not reported as an error. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver.h"

static void notify(flp_message_fn fn, void *user, const char *line) {
  if (fn) fn(user, line);
}

static flp_rc open_ctx(const flp_settings *st, const flp_backend *be, flp_context *out,
                       flp_error *err) {
  flp_backend_options opt = {.threads = st->threads, .device_index = 0};
  flp_rc rc = be->ctx_create(&opt, &out->ctx, err);
  if (rc != FLP_OK) return rc;
  out->be = be;
  be->describe(out->ctx, out->device, sizeof out->device);
  return FLP_OK;
}

flp_rc flp_backend_open(const flp_settings *st, const flp_backend *gpu, flp_message_fn notice,
                        void *user, flp_context *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  char why[1100] = "this binary was built without the CUDA backend";
  const flp_backend *cpu = flp_backend_find("cpu");
  if (st->device == FLP_DEVICE_CPU) return open_ctx(st, cpu, out, err);
  if (gpu && gpu->probe(why, sizeof why) == FLP_OK) {
    flp_error gerr = {0};
    flp_rc rc = open_ctx(st, gpu, out, &gerr);
    if (rc == FLP_OK) return FLP_OK;
    snprintf(why, sizeof why, "%s", gerr.msg);
    if (st->device == FLP_DEVICE_GPU) return flp_error_set(err, rc, "GPU backend failed: %s", gerr.msg);
  } else if (st->device == FLP_DEVICE_GPU) {
    return flp_error_set(err, FLP_ERR_UNAVAILABLE, "no usable GPU: %s", why);
  }
  char line[1200];
  snprintf(line, sizeof line, "notice: using the CPU: no usable GPU (%s)", why);
  notify(notice, user, line);
  return open_ctx(st, cpu, out, err);
}

/* Setup happens before a log sink is set: the solve's header shows the note. */
static void keep_note(void *user, const char *line) {
  flp_solver *s = user;
  snprintf(s->device_note, sizeof s->device_note, "%s", line);
}

static flp_rc alloc_vectors(flp_solver *s, flp_error *err) {
  flp_vectors *v = &s->v;
  flp_vec **cols[] = {&v->c, &v->l, &v->u, &v->col_w, &v->x, &v->x0, &v->xh,
                      &v->aty, &v->xbar, &v->atyh, &v->dx};
  flp_vec **rows[] = {&v->rl, &v->ru, &v->row_w, &v->y, &v->y0, &v->yh,
                      &v->v, &v->ax, &v->dy, &v->adx};
  for (size_t i = 0; i < sizeof cols / sizeof cols[0]; ++i) {
    flp_rc rc = s->be->vec_alloc(s->ctx, s->n, cols[i], err);
    if (rc != FLP_OK) return rc;
  }
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; ++i) {
    flp_rc rc = s->be->vec_alloc(s->ctx, s->m, rows[i], err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

/* Everything on the device for s->problem, on the backend already open. */
static flp_rc build_device(flp_solver *s, flp_error *err) {
  const flp_problem *p = s->problem;
  s->m = p->num_rows;
  s->n = p->num_cols;
  flp_setup_times *t = &s->setup_times;
  double t0 = flp_wall_seconds();
  flp_rc rc = s->be->mat_upload(s->ctx, p->num_rows, p->num_cols, p->nnz, p->row_ptr, p->col_idx,
                                p->values, &s->A, err);
  s->owns_A = s->A != NULL;
  if (rc == FLP_OK) rc = alloc_vectors(s, err);
  t->upload = flp_wall_seconds() - t0;
  if (rc == FLP_OK) rc = flp_scale_matrix(s, err);
  t->scaling = flp_wall_seconds() - t0 - t->upload;
  if (rc == FLP_OK) rc = flp_estimate_norm(s, &s->norm_A, err);
  t->norm = flp_wall_seconds() - t0 - t->upload - t->scaling;
  if (rc != FLP_OK) return rc;
  if (!(s->norm_A > 0) || !isfinite(s->norm_A)) s->norm_A = 1.0; /* empty A: any step works */
  s->eta = s->settings.step_safety / s->norm_A;
  return FLP_OK;
}

/* Drops what build_device made (the context stays open). */
static void free_device_data(flp_solver *s) {
  if (s->be && s->ctx) {
    flp_vec **all = (flp_vec **)&s->v;
    for (size_t i = 0; i < sizeof s->v / sizeof(flp_vec *); ++i) s->be->vec_free(s->ctx, all[i]);
    if (s->owns_A) s->be->mat_free(s->ctx, s->A);
  }
  memset(&s->v, 0, sizeof s->v);
  s->A = NULL;
  s->owns_A = 0;
  free(s->scaling.row_scale);
  free(s->scaling.col_scale);
  memset(&s->scaling, 0, sizeof s->scaling);
}

static void close_ctx(flp_solver *s) {
  if (s->owns_ctx && s->be && s->ctx) s->be->ctx_destroy(s->ctx);
  s->be = NULL;
  s->ctx = NULL;
  s->owns_ctx = 0;
}

void flp_device_release(flp_solver *s) {
  free_device_data(s);
  close_ctx(s);
}

static flp_rc open_for(flp_solver *s, flp_error *err) {
  if (s->be && s->ctx) return FLP_OK; /* kept across a rebuild */
  flp_context c;
  flp_rc rc;
  if (s->shared && !s->cpu_fallback) {
    c = *s->shared;
  } else {
    flp_settings st = s->settings;
    if (s->cpu_fallback) st.device = FLP_DEVICE_CPU;
    if ((rc = flp_backend_open(&st, s->gpu, keep_note, s, &c, err)) != FLP_OK) return rc;
    s->owns_ctx = 1;
  }
  s->be = c.be;
  s->ctx = c.ctx;
  memcpy(s->device, c.device, sizeof s->device);
  return FLP_OK;
}

int flp_device_may_fall_back(const flp_solver *s, flp_rc rc) {
  return s->settings.device == FLP_DEVICE_AUTO && !s->cpu_fallback && s->be &&
         s->be != flp_backend_find("cpu") && (rc == FLP_ERR_NOMEM || rc == FLP_ERR_BACKEND);
}

flp_rc flp_device_fall_back(flp_solver *s, const char *during, const flp_error *why, flp_error *err) {
  snprintf(s->device_note, sizeof s->device_note,
           "notice: the GPU failed %s (%.900s); freed its memory, solving on the CPU", during, why->msg);
  flp_device_release(s);
  s->cpu_fallback = 1;
  s->dirty |= FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS | FLP_DIRTY_COLS; /* the CPU's vectors are new */
  return flp_device_setup(s, err);
}

flp_rc flp_device_setup(flp_solver *s, flp_error *err) {
  const double t0 = flp_wall_seconds();
  flp_rc rc = open_for(s, err);
  s->setup_times.context = flp_wall_seconds() - t0;
  if (rc != FLP_OK) return rc;
  flp_error derr = {0};
  rc = build_device(s, &derr);
  if (rc == FLP_OK) return FLP_OK;
  if (flp_device_may_fall_back(s, rc)) return flp_device_fall_back(s, "during setup", &derr, err);
  if (err) *err = derr;
  return rc;
}

/* Residual weights 1 / scale, as flp_scale_matrix leaves them (scales are positive). */
static flp_rc upload_weights(flp_solver *s, flp_vec *dst, const double *scale, int32_t len,
                             flp_error *err) {
  double *w = malloc(((size_t)len + 1) * sizeof *w);
  if (!w) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the residual weights");
  for (int32_t i = 0; i < len; ++i) w[i] = 1.0 / scale[i];
  flp_rc rc = s->be->vec_upload(s->ctx, dst, w, err);
  free(w);
  return rc;
}

static flp_rc copy_scale(double **dst, const double *src, int32_t len, flp_error *err) {
  if (!(*dst = malloc(((size_t)len + 1) * sizeof **dst)))
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for scaling vectors");
  memcpy(*dst, src, (size_t)len * sizeof *src);
  return FLP_OK;
}

flp_rc flp_device_borrow(flp_solver *s, flp_error *err) {
  const flp_shared_matrix *b = s->borrow;
  free_device_data(s);
  flp_rc rc = open_for(s, err);
  if (rc != FLP_OK) return rc;
  s->m = b->m;
  s->n = b->n;
  s->A = b->A;
  s->owns_A = 0;
  s->norm_A = b->norm_A;
  s->power_iterations = 0; /* the batch's setup made the estimate */
  flp_presolve_borrow(&s->pre, &b->host); /* the host matrices too, when equal */
  s->eta = s->settings.step_safety / s->norm_A;
  if ((rc = alloc_vectors(s, err)) != FLP_OK) return rc;
  if ((rc = copy_scale(&s->scaling.row_scale, b->row_scale, s->m, err)) != FLP_OK) return rc;
  if ((rc = copy_scale(&s->scaling.col_scale, b->col_scale, s->n, err)) != FLP_OK) return rc;
  if ((rc = upload_weights(s, s->v.row_w, b->row_scale, s->m, err)) != FLP_OK) return rc;
  return upload_weights(s, s->v.col_w, b->col_scale, s->n, err);
}

flp_rc flp_device_share(flp_solver *s, flp_shared_matrix *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  flp_rc rc = copy_scale(&out->row_scale, s->scaling.row_scale, s->m, err);
  if (rc == FLP_OK) rc = copy_scale(&out->col_scale, s->scaling.col_scale, s->n, err);
  if (rc != FLP_OK) return rc;
  out->A = s->A;
  out->hash = s->matrix_hash;
  out->m = s->m;
  out->n = s->n;
  out->norm_A = s->norm_A;
  flp_presolve_lend(&s->pre, &out->host);
  s->owns_A = 0;
  s->borrow = out;
  return FLP_OK;
}

void flp_shared_matrix_free(const flp_context *c, flp_shared_matrix *sh) {
  if (sh->A) c->be->mat_free(c->ctx, sh->A);
  free(sh->row_scale);
  free(sh->col_scale);
  flp_presolve_matrices_free(&sh->host);
  memset(sh, 0, sizeof *sh);
}

flp_rc flp_device_rebuild(flp_solver *s, flp_error *err) {
  free_device_data(s);
  return flp_device_setup(s, err);
}
