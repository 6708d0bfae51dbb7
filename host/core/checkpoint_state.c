/* The solver state <-> checkpoint mapping, resume and warm start (DESIGN
 * section 7, docs/checkpoint.md). A checkpoint holds the PDHG iterate z and
 * the Halpern anchor in the scaled space, the step and weight, the restart and
 * PID state, the loop counters and the history. The scaling is not stored: it
 * is a deterministic function of the problem and the settings, so a resume
 * recomputes it and compares its hash. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint_state.h"
#include "log.h"

#define STATE_LAYOUT 5 /* 2: next_polish; 3: next_certify; 4: probe_next_iteration; 5: polish_order */
#define HISTORY_COLS 10

/* ---- hashes -------------------------------------------------------------- */
static uint64_t feed_u64(uint64_t h, uint64_t v) {
  unsigned char b[8];
  for (int k = 0; k < 8; ++k) b[k] = (unsigned char)(v >> (8 * k)); /* little-endian */
  return flp_fnv1a64(h, b, sizeof b);
}

static uint64_t feed_f64(uint64_t h, double v) {
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  return feed_u64(h, bits);
}

uint64_t flp_scaling_hash(const flp_solver *s) {
  const flp_scaling *sc = &s->scaling;
  uint64_t h = FLP_FNV1A64_INIT;
  h = feed_f64(h, sc->bound_scale);
  h = feed_f64(h, sc->obj_scale);
  for (int32_t i = 0; i < s->m; ++i) h = feed_f64(h, sc->row_scale[i]);
  for (int32_t j = 0; j < s->n; ++j) h = feed_f64(h, sc->col_scale[j]);
  return h;
}

static uint64_t device_hash(const flp_solver *s) {
  return flp_fnv1a64(FLP_FNV1A64_INIT, s->device, strlen(s->device));
}

/* ---- saving -------------------------------------------------------------- */
static flp_rc put_history(flp_checkpoint *c, const flp_result *res, flp_error *err) {
  int64_t rows = res->history_len;
  double *h = malloc(((size_t)rows * HISTORY_COLS + 1) * sizeof *h);
  if (!h) return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory for the history");
  for (int64_t i = 0; i < rows; ++i) {
    const flp_check_record *r = &res->history[i];
    double *row = h + i * HISTORY_COLS;
    row[0] = (double)r->iteration;
    row[1] = r->seconds;
    row[2] = r->primal_obj;
    row[3] = r->dual_obj;
    row[4] = r->rel_primal_res;
    row[5] = r->rel_dual_res;
    row[6] = r->rel_gap;
    row[7] = r->step;
    row[8] = r->primal_weight;
    row[9] = (double)r->restarted;
  }
  flp_rc rc = flp_checkpoint_set_vector(c, "history", h, rows * HISTORY_COLS, err);
  free(h);
  return rc;
}

static flp_rc put_vectors(flp_solver *s, flp_checkpoint *c, flp_error *err) {
  const struct {
    const char *name;
    const flp_vec *v;
    int64_t len;
  } vs[] = {{"x", s->v.x, s->n}, {"y", s->v.y, s->m}, {"x0", s->v.x0, s->n}, {"y0", s->v.y0, s->m}};
  double *buf = malloc(((size_t)(s->m > s->n ? s->m : s->n) + 1) * sizeof *buf);
  if (!buf) return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory");
  flp_rc rc = FLP_OK;
  for (size_t k = 0; k < sizeof vs / sizeof vs[0] && rc == FLP_OK; ++k) {
    rc = s->be->vec_download(s->ctx, vs[k].v, buf, err);
    if (rc == FLP_OK) rc = flp_checkpoint_set_vector(c, vs[k].name, buf, vs[k].len, err);
  }
  free(buf);
  return rc;
}

static flp_rc build(flp_solver *s, const flp_result *res, const flp_loop_vars *lv, double elapsed,
                    flp_checkpoint **out, flp_error *err) {
  const flp_restart_state *rs = lv->rs;
  flp_checkpoint *c = NULL;
  const uint64_t ph = flp_problem_hash(&s->user), sh = flp_settings_hash(&s->settings);
  flp_rc rc = flp_checkpoint_create(ph, sh, &c, err);
  if (rc != FLP_OK) return rc;
  const struct {
    const char *name;
    int64_t v;
  } ints[] = {{"state_layout", STATE_LAYOUT},
              {"num_rows", s->m},
              {"num_cols", s->n},
              {"iteration", *lv->it},
              {"next_log", *lv->next_log},
              {"next_polish", *lv->next_polish},
              {"next_certify", *lv->next_certify},
              {"restart_k", rs->k},
              {"restarts", rs->restarts},
              {"probe_calls", lv->probe->calls},
              {"probe_next_iteration", lv->probe->next_it},
              {"polish_order", s->polish_order},
              {"problem_hash", (int64_t)ph},
              {"settings_hash", (int64_t)sh},
              {"scaling_hash", (int64_t)flp_scaling_hash(s)},
              {"device_hash", (int64_t)device_hash(s)}};
  const struct {
    const char *name;
    double v;
  } reals[] = {{"weight", s->weight},
               {"eta", s->eta},
               {"norm_A", s->norm_A},
               {"r0", rs->r0},
               {"r_prev", rs->r_prev},
               {"pid_integral", rs->pid_integral},
               {"pid_prev_error", rs->pid_prev_error},
               {"best_weight", rs->best_weight},
               {"best_balance", rs->best_balance},
               {"elapsed", elapsed}};
  for (size_t k = 0; k < sizeof ints / sizeof ints[0] && rc == FLP_OK; ++k)
    rc = flp_checkpoint_set_int(c, ints[k].name, ints[k].v, err);
  for (size_t k = 0; k < sizeof reals / sizeof reals[0] && rc == FLP_OK; ++k)
    rc = flp_checkpoint_set_real(c, reals[k].name, reals[k].v, err);
  if (rc == FLP_OK) rc = put_vectors(s, c, err);
  if (rc == FLP_OK) rc = put_history(c, res, err);
  if (rc != FLP_OK) {
    flp_checkpoint_free(c);
    return rc;
  }
  *out = c;
  return FLP_OK;
}

flp_rc flp_loop_boundary(flp_solver *s, const flp_result *res, flp_loop_vars *lv, flp_error *err) {
  const flp_settings *st = &s->settings;
  lv->stop = flp_stop_requested(s);
  if (!s->checkpoint) return FLP_OK;
  double elapsed = flp_wall_seconds() - *lv->t0;
  int due = st->checkpoint_every > 0 && elapsed - lv->last_written >= st->checkpoint_every;
  /* A solve about to stop at its iteration or time limit leaves its state
   * too, so that a job that ran out of time resumes with a longer limit (the
   * limits are not in the settings hash). The iteration limit is seen here
   * exactly; a time limit that passes while this check is evaluated is not. */
  int at_limit = (st->iteration_limit > 0 && *lv->it >= st->iteration_limit) ||
                 (st->time_limit > 0 && elapsed >= st->time_limit);
  if (!lv->stop && !due && !at_limit) return FLP_OK;
  lv->last_written = elapsed;
  double t = flp_wall_seconds();
  flp_checkpoint *c = NULL;
  flp_rc rc = build(s, res, lv, elapsed, &c, err);
  if (rc != FLP_OK) return rc; /* out of memory or a device failure: the solve cannot go on either */
  flp_error werr = {0};
  if (s->checkpoint(s->checkpoint_user, c, &werr) != FLP_OK)
    flp_log_line(s, "warning: checkpoint at iteration %lld not written: %s", (long long)*lv->it,
                 werr.msg);
  else
    flp_log_line(s, "checkpoint at iteration %lld written in %.3f s", (long long)*lv->it,
                 flp_wall_seconds() - t);
  flp_checkpoint_free(c);
  return FLP_OK;
}

/* ---- resuming ------------------------------------------------------------ */
static flp_rc get_int(const flp_checkpoint *c, const char *name, int64_t *v, flp_error *err) {
  return flp_checkpoint_get_int(c, name, v, err);
}

/* Everything that makes the stored state meaningless for this solve. */
static flp_rc validate(flp_solver *s, const flp_checkpoint *c, flp_error *err) {
  const char *ver = flp_checkpoint_solver_version(c);
  if (strcmp(ver, FLP_VERSION_STRING) != 0)
    return flp_error_set(err, FLP_ERR_INPUT,
                         "checkpoint was written by fleetlp %s, this is fleetlp %s; refusing to "
                         "resume from it", ver[0] ? ver : "(unknown)", FLP_VERSION_STRING);
  int64_t layout, m, n, sh, ph, seth;
  flp_rc rc = get_int(c, "state_layout", &layout, err);
  if (rc == FLP_OK) rc = get_int(c, "num_rows", &m, err);
  if (rc == FLP_OK) rc = get_int(c, "num_cols", &n, err);
  if (rc == FLP_OK) rc = get_int(c, "scaling_hash", &sh, err);
  if (rc == FLP_OK) rc = get_int(c, "problem_hash", &ph, err);
  if (rc == FLP_OK) rc = get_int(c, "settings_hash", &seth, err);
  if (rc != FLP_OK) return rc;
  if (layout != STATE_LAYOUT)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint has state layout %lld, expected %d",
                         (long long)layout, STATE_LAYOUT);
  /* the file's tags were checked by flp_checkpoint_read when the caller asked;
   * these copies make the library check them whatever the caller passed, first:
   * another LP or presolve setting also changes the sizes below */
  if ((uint64_t)ph != flp_problem_hash(&s->user))
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint was written for different problem data; "
                         "refusing to resume from it");
  if ((uint64_t)seth != flp_settings_hash(&s->settings))
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint was written with different solver "
                         "settings; refusing to resume from it");
  if (m != s->m || n != s->n)
    return flp_error_set(err, FLP_ERR_INPUT,
                         "checkpoint is for a %lld x %lld problem, this one is %d x %d (after "
                         "presolve); refusing to resume from it",
                         (long long)m, (long long)n, (int)s->m, (int)s->n);
  if ((uint64_t)sh != flp_scaling_hash(s))
    return flp_error_set(err, FLP_ERR_INPUT,
                         "checkpoint was written with a different scaling of the problem (another "
                         "backend or build?); refusing to resume from it");
  return FLP_OK;
}

static flp_rc take_history(flp_solver *s, const flp_checkpoint *c, flp_result *res, flp_error *err) {
  int64_t len;
  const double *h = flp_checkpoint_vector(c, "history", &len);
  if (!h || len % HISTORY_COLS != 0)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: history missing or not %d columns",
                         HISTORY_COLS);
  int64_t rows = len / HISTORY_COLS;
  free(res->history);
  res->history = calloc((size_t)rows + 64, sizeof *res->history);
  res->history_len = 0;
  res->history_cap = res->history ? rows + 64 : 0;
  if (!res->history) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the history");
  for (int64_t i = 0; i < rows; ++i) {
    const double *row = h + i * HISTORY_COLS;
    flp_check_record r = {.iteration = (int64_t)row[0], .seconds = row[1], .primal_obj = row[2],
                          .dual_obj = row[3], .rel_primal_res = row[4], .rel_dual_res = row[5],
                          .rel_gap = row[6], .step = row[7], .primal_weight = row[8],
                          .restarted = (int)row[9]};
    res->history[res->history_len++] = r;
    if (s->on_check) s->on_check(s->on_check_user, &r);
  }
  return FLP_OK;
}

static flp_rc load_vectors(flp_solver *s, const flp_checkpoint *c, flp_error *err) {
  struct {
    const char *name;
    flp_vec *v;
    int64_t len;
  } vs[] = {{"x", s->v.x, s->n}, {"y", s->v.y, s->m}, {"x0", s->v.x0, s->n}, {"y0", s->v.y0, s->m}};
  for (size_t k = 0; k < sizeof vs / sizeof vs[0]; ++k) {
    int64_t len;
    const double *v = flp_checkpoint_vector(c, vs[k].name, &len);
    if (!v || len != vs[k].len)
      return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: vector %s missing or not %lld long",
                           vs[k].name, (long long)vs[k].len);
    flp_rc rc = s->be->vec_upload(s->ctx, vs[k].v, v, err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

static flp_rc resume(flp_solver *s, flp_result *res, flp_loop_vars *lv, flp_error *err) {
  const flp_checkpoint *c = s->resume;
  flp_restart_state *rs = lv->rs;
  flp_rc rc = validate(s, c, err);
  int64_t calls = 0, dev = 0, order = 0;
  double elapsed = 0;
  const struct {
    const char *name;
    int64_t *v;
  } ints[] = {{"iteration", lv->it}, {"next_log", lv->next_log}, {"next_polish", lv->next_polish},
              {"next_certify", lv->next_certify},
              {"restart_k", &rs->k},
              {"restarts", &rs->restarts}, {"probe_calls", &calls},
              {"probe_next_iteration", &lv->probe->next_it}, {"polish_order", &order},
              {"device_hash", &dev}};
  const struct {
    const char *name;
    double *v;
  } reals[] = {{"weight", &s->weight}, {"eta", &s->eta}, {"norm_A", &s->norm_A},
               {"r0", &rs->r0}, {"r_prev", &rs->r_prev}, {"pid_integral", &rs->pid_integral},
               {"pid_prev_error", &rs->pid_prev_error}, {"best_weight", &rs->best_weight},
               {"best_balance", &rs->best_balance}, {"elapsed", &elapsed}};
  for (size_t k = 0; k < sizeof ints / sizeof ints[0] && rc == FLP_OK; ++k)
    rc = get_int(c, ints[k].name, ints[k].v, err);
  for (size_t k = 0; k < sizeof reals / sizeof reals[0] && rc == FLP_OK; ++k)
    rc = flp_checkpoint_get_real(c, reals[k].name, reals[k].v, err);
  if (rc == FLP_OK) rc = load_vectors(s, c, err);
  if (rc == FLP_OK) rc = take_history(s, c, res, err);
  if (rc != FLP_OK) return rc;
  if (*lv->it < 0 || rs->k < 0 || rs->k > *lv->it || !(s->weight > 0) || !(s->eta > 0) ||
      !(elapsed >= 0) || order < FLP_POLISH_PLAIN_FIRST || order > FLP_POLISH_FACE_SMALL)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: inconsistent loop state");
  lv->probe->calls = (int)calls;
  s->polish_order = (int)order;
  *lv->t0 -= elapsed; /* the clock goes on from where the checkpoint stopped */
  flp_log_line(s, "resumed   from iteration %lld (%lld restarts, %.2f s before)",
               (long long)*lv->it, (long long)rs->restarts, elapsed);
  if ((uint64_t)dev != device_hash(s))
    flp_log_line(s, "notice: the checkpoint was written on another device or thread "
                 "count: the iterates go on but need not match an uninterrupted run bit for bit");
  return FLP_OK;
}

/* ---- warm start ---------------------------------------------------------- */
flp_rc flp_load_point(flp_solver *s, const double *x, const double *y, flp_vec *to_x, flp_vec *to_y,
                      flp_error *err) {
  const flp_scaling *sc = &s->scaling;
  const int32_t *cols = s->problem != &s->user ? s->pre.col_map : NULL;
  const int32_t *rows = s->problem != &s->user ? s->pre.row_map : NULL;
  const double sense = s->user.objective_sense < 0 ? -1.0 : 1.0;
  double *buf = malloc(((size_t)(s->m > s->n ? s->m : s->n) + 1) * sizeof *buf);
  if (!buf) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the warm start");
  /* x_s = x * bound_scale / col_scale, y_s = y * obj_scale / row_scale, y
   * turned from the user's sense into minimisation form; presolve's rows and
   * columns picked out of the user's */
  for (int32_t j = 0; j < s->n; ++j) buf[j] = (x ? x[cols ? cols[j] : j] : 0.0) * sc->bound_scale / sc->col_scale[j];
  flp_rc rc = s->be->vec_upload(s->ctx, to_x, buf, err);
  if (rc == FLP_OK) rc = s->be->project_box(s->ctx, to_x, s->v.l, s->v.u, err);
  for (int32_t i = 0; i < s->m; ++i)
    buf[i] = (y ? sense * y[rows ? rows[i] : i] : 0.0) * sc->obj_scale / sc->row_scale[i];
  if (rc == FLP_OK) rc = s->be->vec_upload(s->ctx, to_y, buf, err);
  free(buf);
  return rc;
}

static flp_rc warm_start(flp_solver *s, flp_error *err) {
  flp_rc rc = flp_load_point(s, s->warm_x, s->warm_y, s->v.x, s->v.y, err);
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, s->v.x0, s->v.x, err);
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, s->v.y0, s->v.y, err);
  if (rc == FLP_OK)
    flp_log_line(s, "warm start from the given%s%s", s->warm_x ? " x" : "", s->warm_y ? " y" : "");
  return rc;
}

flp_rc flp_loop_start(flp_solver *s, flp_result *res, flp_loop_vars *lv, flp_error *err) {
  flp_rc rc = FLP_OK;
  if (s->resume) rc = resume(s, res, lv, err);
  else if (s->warm_x || s->warm_y) rc = warm_start(s, err);
  lv->last_written = flp_wall_seconds() - *lv->t0;
  return rc;
}
