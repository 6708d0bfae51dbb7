/* The solver object's lifecycle: create (the setup, once), the runtime
 * hooks, settings, interrupt and free (fleetlp.h). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "solver.h"

struct flp_stop_flag {
  atomic_int requested;
};

int flp_stop_requested(const flp_solver *s) {
  return atomic_load_explicit(&s->stop->requested, memory_order_relaxed) != 0;
}

void flp_stop_clear(flp_solver *s) { atomic_store_explicit(&s->stop->requested, 0, memory_order_relaxed); }

void flp_solver_interrupt(flp_solver *s) {
  /* lock-free on every platform we build for, so async-signal-safe */
  if (s && s->stop) atomic_store_explicit(&s->stop->requested, 1, memory_order_relaxed);
}

void flp_solver_free(flp_solver *s) {
  if (!s) return;
  flp_device_release(s);
  flp_presolve_free(&s->pre);
  if (s->shares_user_matrix) s->user.row_ptr = NULL, s->user.col_idx = NULL, s->user.values = NULL;
  flp_problem_free(&s->user);
  free(s->post_x);
  free(s->post_y);
  free(s->warm_x);
  free(s->warm_y);
  free(s->stop);
  free(s);
}

/* s->user := a copy of p; with share_matrix, p's row_ptr, col_idx and values
 * themselves (the members of a batch, whose base LP outlives them). */
static flp_rc copy_user(flp_solver *s, const flp_problem *p, int share_matrix, flp_error *err) {
  if (!share_matrix) return flp_problem_copy(p, &s->user, err);
  flp_problem data = *p;
  data.nnz = 0; /* copies no nonzeros */
  flp_rc rc = flp_problem_copy(&data, &s->user, err);
  if (rc != FLP_OK) return rc;
  free(s->user.row_ptr);
  free(s->user.col_idx);
  free(s->user.values);
  s->user.row_ptr = p->row_ptr;
  s->user.col_idx = p->col_idx;
  s->user.values = p->values;
  s->user.nnz = p->nnz;
  s->shares_user_matrix = 1;
  return FLP_OK;
}

/* With presolve_only, the device side is left for flp_solver_end_sharing. */
static flp_rc create(flp_context *shared, const flp_problem *p, const flp_settings *st,
                     const flp_backend *gpu, const flp_shared_matrix *borrow, int share_matrix,
                     int presolve_only, flp_solver **out, flp_error *err) {
  double t0 = flp_wall_seconds();
  *out = NULL;
  flp_rc rc = flp_settings_validate(st, err);
  if (rc == FLP_OK) rc = flp_problem_validate(p, p->name, err);
  if (rc != FLP_OK) return rc;
  if (shared && (!shared->be || !shared->ctx))
    return flp_error_set(err, FLP_ERR_INPUT, "the shared context is not open");
  flp_solver *s = calloc(1, sizeof *s);
  if (!s || !(s->stop = calloc(1, sizeof *s->stop))) {
    free(s);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a solver");
  }
  atomic_init(&s->stop->requested, 0);
  s->settings = *st;
  s->shared = shared;
  s->gpu = gpu;
  s->borrow = borrow;
  s->problem = &s->user;
  s->dirty = FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS | FLP_DIRTY_COLS;
  rc = copy_user(s, p, share_matrix, err);
  if (rc == FLP_OK && presolve_only) rc = flp_solver_presolve(s, err);
  else if (rc == FLP_OK) rc = flp_solver_prepare(s, err); /* presolve, upload, scaling, ||A|| */
  if (rc != FLP_OK) {
    flp_solver_free(s);
    return rc;
  }
  s->setup_pending = flp_wall_seconds() - t0;
  *out = s;
  return FLP_OK;
}

flp_rc flp_solver_create_with_gpu(flp_context *shared, const flp_problem *p, const flp_settings *st,
                                  const flp_backend *gpu, flp_solver **out, flp_error *err) {
  return create(shared, p, st, gpu, NULL, 0, 0, out, err);
}

flp_rc flp_solver_create(const flp_problem *p, const flp_settings *st, flp_solver **out,
                         flp_error *err) {
  return create(NULL, p, st, flp_backend_find("cuda"), NULL, 0, 0, out, err);
}

flp_rc flp_solver_create_in(flp_context *c, const flp_problem *p, const flp_settings *st,
                            flp_solver **out, flp_error *err) {
  if (!c) return flp_error_set(err, FLP_ERR_INPUT, "no shared context given");
  return create(c, p, st, flp_backend_find("cuda"), NULL, 0, 0, out, err);
}

flp_rc flp_solver_create_sharing(flp_context *c, const flp_problem *p, const flp_settings *st,
                                 const flp_shared_matrix *borrow, flp_solver **out, flp_error *err) {
  return create(c, p, st, flp_backend_find("cuda"), borrow, 1, 0, out, err);
}

flp_rc flp_solver_begin_sharing(flp_context *c, const flp_problem *p, const flp_settings *st,
                                const flp_shared_matrix *borrow, flp_solver **out, flp_error *err) {
  return create(c, p, st, flp_backend_find("cuda"), borrow, 1, 1, out, err);
}

flp_rc flp_solver_end_sharing(flp_solver *s, flp_error *err) {
  double t0 = flp_wall_seconds();
  flp_rc rc = flp_solver_prepare(s, err);
  s->setup_pending += flp_wall_seconds() - t0;
  return rc;
}

void flp_solver_set_log(flp_solver *s, flp_message_fn fn, void *user) {
  s->log = fn;
  s->log_user = user;
}

void flp_solver_set_check_callback(flp_solver *s, flp_check_fn fn, void *user) {
  s->on_check = fn;
  s->on_check_user = user;
}

void flp_solver_set_checkpoint_sink(flp_solver *s, flp_checkpoint_fn fn, void *user) {
  s->checkpoint = fn;
  s->checkpoint_user = user;
}

void flp_solver_set_resume(flp_solver *s, const flp_checkpoint *state) { s->resume = state; }

const flp_problem *flp_solver_problem(const flp_solver *s) { return &s->user; }

const char *flp_solver_device(const flp_solver *s) { return s ? s->device : ""; }

/* Whether a setting that shapes the setup differs between a and b. */
static int setup_changed(const flp_settings *a, const flp_settings *b) {
  for (int i = 0; i < flp_settings_count(); ++i) {
    const flp_setting_info *in = flp_setting_at(i);
    double va, vb;
    if (!(in->flags & FLP_SETTING_NEEDS_SETUP)) continue;
    flp_settings_get_real(a, in->name, &va, NULL);
    flp_settings_get_real(b, in->name, &vb, NULL);
    if (va != vb) return 1;
  }
  return 0;
}

flp_rc flp_solver_set_settings(flp_solver *s, const flp_settings *st, flp_error *err) {
  flp_rc rc = flp_settings_validate(st, err);
  if (rc != FLP_OK) return rc;
  int again = setup_changed(&s->settings, st);
  s->settings = *st;
  if (!again) {
    s->eta = st->step_safety / s->norm_A;
    s->dirty |= FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS; /* bound/objective rescaling may have changed */
    return FLP_OK;
  }
  double t0 = flp_wall_seconds();
  flp_device_release(s);
  s->cpu_fallback = 0;
  s->matrix_hash = 0;
  s->dirty = FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS | FLP_DIRTY_COLS;
  rc = flp_solver_prepare(s, err);
  s->setup_pending += flp_wall_seconds() - t0;
  return rc;
}
