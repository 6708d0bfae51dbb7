/* Scenario batches (fleetlp.h: flp_batch): K solver objects, one per
 * scenario, in one backend context, that borrow one scaled device matrix
 * (and the presolve's host matrices: presolve.h, flp_presolve_matrices)
 * and run their PDHG loops in lock step. Each loop makes its own checks and
 * decisions (weight, restarts, infeasibility, certification); only the
 * iterations between checks, in the main runs and in polishes alike, are
 * done together, one batched step for all solvers on the same matrix
 * (backend.h: pdhg_iterate_batch). A scenario whose loop has ended is
 * finished and left out of the next steps. Since the batched step is
 * bit-identical to single ones on the CPU, each scenario takes exactly the
 * path its solo solve takes from the same start: from zero, or (the
 * default, batch_warm_start) from the base LP's point, solved first. */
#include <omp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "polish.h"
#include "solve_steps.h"

struct flp_batch {
  flp_problem base;
  int32_t count;
  flp_settings settings;
  flp_context *ctx;
  flp_shared_matrix shared; /* owned: made by member 0's setup */
  flp_solver **members;     /* count of them */
  char note[1200];          /* the context's device notice, for the log */
  char presolve_note[256];  /* why the batch solves the scenarios as given, or "" */
  double setup_seconds;
  int solved;               /* a solve has run: the members start from their last points */
  /* the base LP's solver, when it was solved first; kept until free, so
   * that an interrupt from another thread never meets a freed one */
  _Atomic(flp_solver *) base_solver;
  flp_message_fn log;
  void *log_user;
  flp_batch_progress_fn progress;
  void *progress_user;
};

static void batch_log(const flp_batch *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

static void batch_log(const flp_batch *b, const char *fmt, ...) {
  if (!b->settings.verbose) return;
  char line[1400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (b->log) b->log(b->log_user, line);
  else printf("%s\n", line);
}

static void keep_note(void *user, const char *line) {
  flp_batch *b = user;
  snprintf(b->note, sizeof b->note, "%s", line);
}

static void free_members(flp_batch *b) {
  for (int32_t k = 0; k < b->count; ++k) {
    flp_solver_free(b->members[k]);
    b->members[k] = NULL;
  }
  flp_shared_matrix_free(b->ctx, &b->shared);
}

void flp_batch_free(flp_batch *b) {
  if (!b) return;
  flp_solver_free(atomic_load(&b->base_solver));
  if (b->members) free_members(b);
  free(b->members);
  flp_context_free(b->ctx);
  flp_problem_free(&b->base);
  free(b);
}

static flp_rc unavailable(flp_batch *b, int32_t k) {
  snprintf(b->presolve_note, sizeof b->presolve_note, "batch     presolve reduced scenario %d to "
           "another matrix than scenario 0's: every scenario is solved as given, on one matrix",
           (int)k);
  return FLP_ERR_UNAVAILABLE;
}

/* Member 0 sets the matrix up and shares it; the others presolve on the
 * settings' threads at once (presolve is most of a member's setup) and
 * then borrow the matrix one by one. */
static flp_rc create_members(flp_batch *b, const flp_scenarios *sc, const flp_settings *st,
                             flp_error *err) {
  flp_settings quiet = *st;
  quiet.verbose = 0; /* the batch logs for all of them */
  /* the solver copies the view's data and shares the base's matrix */
  flp_problem p0 = flp_scenario_view(&b->base, sc, 0);
  flp_rc rc = flp_solver_create_sharing(b->ctx, &p0, &quiet, NULL, &b->members[0], err);
  if (rc == FLP_OK) rc = flp_device_share(b->members[0], &b->shared, err); /* for all */
  if (rc != FLP_OK) return rc;
  flp_rc *rcs = calloc((size_t)b->count, sizeof *rcs);
  flp_error *errs = calloc((size_t)b->count, sizeof *errs);
  if (!rcs || !errs) {
    free(rcs);
    free(errs);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a batch of %d scenarios", (int)b->count);
  }
  const int threads = st->threads > 0 ? st->threads : omp_get_max_threads();
#pragma omp parallel for schedule(dynamic) num_threads(threads) if (threads > 1)
  for (int32_t k = 1; k < b->count; ++k) {
    flp_problem p = flp_scenario_view(&b->base, sc, k);
    rcs[k] = flp_solver_begin_sharing(b->ctx, &p, &quiet, &b->shared, &b->members[k], &errs[k]);
  }
  for (int32_t k = 1; k < b->count && rc == FLP_OK; ++k) {
    rc = rcs[k] != FLP_OK ? rcs[k] : flp_solver_end_sharing(b->members[k], &errs[k]);
    if (rc == FLP_ERR_UNAVAILABLE) rc = unavailable(b, k);
    else if (rc != FLP_OK) *err = errs[k];
  }
  free(rcs);
  free(errs);
  return rc;
}

/* Every member on one matrix: presolved when presolve reduces every
 * scenario to the same matrix (it usually does when only costs and row
 * bounds change), else as given. */
static flp_rc set_up_members(flp_batch *b, const flp_scenarios *sc, flp_error *err) {
  flp_rc rc = create_members(b, sc, &b->settings, err);
  if (rc != FLP_ERR_UNAVAILABLE) return rc;
  free_members(b);
  flp_settings as_given = b->settings;
  as_given.presolve = 0;
  return create_members(b, sc, &as_given, err);
}

flp_rc flp_batch_create(const flp_problem *base, const flp_scenarios *sc, const flp_settings *st,
                        flp_batch **out, flp_error *err) {
  *out = NULL;
  flp_rc rc = flp_settings_validate(st, err);
  if (rc == FLP_OK) rc = flp_problem_validate(base, base->name, err);
  if (rc == FLP_OK) rc = flp_scenarios_validate(base, sc, err);
  if (rc != FLP_OK) return rc;
  double t0 = flp_wall_seconds();
  flp_batch *b = calloc(1, sizeof *b);
  if (!b || !(b->members = calloc((size_t)sc->count, sizeof *b->members))) {
    free(b);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a batch of %d scenarios", (int)sc->count);
  }
  b->count = sc->count;
  b->settings = *st;
  rc = flp_problem_copy(base, &b->base, err);
  if (rc == FLP_OK) rc = flp_context_create(st, keep_note, b, &b->ctx, err);
  if (rc == FLP_OK) rc = set_up_members(b, sc, err);
  if (rc != FLP_OK) {
    flp_batch_free(b);
    return rc;
  }
  b->setup_seconds = flp_wall_seconds() - t0;
  *out = b;
  return FLP_OK;
}

int32_t flp_batch_count(const flp_batch *b) { return b ? b->count : 0; }

void flp_batch_set_log(flp_batch *b, flp_message_fn fn, void *user) {
  b->log = fn;
  b->log_user = user;
}

void flp_batch_set_progress(flp_batch *b, flp_batch_progress_fn fn, void *user) {
  b->progress = fn;
  b->progress_user = user;
}

void flp_batch_interrupt(flp_batch *b) {
  if (!b) return;
  flp_solver_interrupt(atomic_load(&b->base_solver));
  for (int32_t k = 0; k < b->count; ++k) flp_solver_interrupt(b->members[k]);
}

/* The lock step's bookkeeping, per member. */
typedef enum member_state { RUNNING, ENDED, DONE } member_state;

typedef struct member_run {
  flp_attempt at;
  member_state state; /* ENDED: its loop ended (or failed), to be finished */
  int polishing;      /* its main loop waits for this polish, whose loop runs */
  flp_polish_run pol;
  int due;            /* iterations due before its next check */
  flp_rc rc;          /* FLP_OK, or why it failed */
  flp_error err;
} member_run;

/* The loop whose iterations are due: the polish's while one runs. */
static flp_loop *active_loop(member_run *m) { return m->polishing ? &m->pol.loop : &m->at.loop; }

/* Runs the due iterations of every running member: one batched step for
 * the members that share a matrix and a count (in the main run or in a
 * polish alike); a failure ends their loops. */
static void step_all(flp_batch *b, member_run *mr, flp_solver **group, const flp_restart_state **rs,
                     int32_t *idx) {
  for (int32_t k = 0; k < b->count; ++k) {
    if (mr[k].state != RUNNING || mr[k].due <= 0) continue;
    const flp_mat *A = b->members[k]->A;
    const int due = mr[k].due;
    int K = 0;
    for (int32_t j = k; j < b->count; ++j) {
      if (mr[j].state != RUNNING || mr[j].due != due || b->members[j]->A != A) continue;
      group[K] = b->members[j];
      rs[K] = &active_loop(&mr[j])->rs;
      idx[K++] = j;
    }
    flp_error e = {0};
    flp_rc rc = flp_run_iterations_batch(group, rs, K, due, &e);
    for (int g = 0; g < K; ++g) {
      member_run *m = &mr[idx[g]];
      m->due = 0;
      if (rc == FLP_OK) {
        flp_loop_advanced(active_loop(m), due);
      } else {
        m->state = ENDED;
        m->rc = rc;
        m->err = e;
      }
    }
  }
}

/* A member's failure fails the batch: the others stop at their next check. */
static void note_failure(flp_batch *b, const member_run *mr, int32_t k, int32_t *failed) {
  if (mr[k].rc == FLP_OK || *failed >= 0) return;
  *failed = k;
  flp_batch_interrupt(b);
}

/* A member's polish run has ended: judged, and then either its second run
 * begun (its iterations join the batched steps too) or the main run's
 * check completed. */
static flp_rc end_polish(flp_solver *s, member_run *m, flp_rc loop_rc) {
  for (;;) {
    int accepted = 0, begun = 0;
    flp_rc rc = flp_polish_next(s, &m->pol, loop_rc, m->at.loop.it, m->at.run.res, &m->at.rep,
                                &accepted, &begun, &m->err);
    if (rc == FLP_OK && begun) {
      rc = flp_loop_check(&m->pol.loop, &m->due, &m->err);
      if (rc == FLP_OK && m->due != 0) return FLP_OK; /* still polishing */
      loop_rc = rc; /* the second run's loop ended at its first check */
      continue;
    }
    m->polishing = 0;
    return rc == FLP_OK ? flp_loop_polished(&m->at.loop, accepted, &m->due, &m->err) : rc;
  }
}

/* The member's next check (its polish's while one runs), and the polishes
 * its main loop asks for, until it has iterations due or its loop ended. */
static flp_rc settle(flp_solver *s, member_run *m) {
  flp_rc rc = flp_loop_check(active_loop(m), &m->due, &m->err);
  if (m->polishing && (rc != FLP_OK || m->due == 0)) rc = end_polish(s, m, rc);
  while (rc == FLP_OK && m->due == FLP_LOOP_POLISH) {
    const flp_loop *L = &m->at.loop;
    if ((rc = flp_polish_begin(s, L->polish_iterations, L->polish_seconds, &m->pol, &m->err)) != FLP_OK) break;
    m->polishing = 1;
    rc = flp_loop_check(&m->pol.loop, &m->due, &m->err);
    if (rc != FLP_OK || m->due == 0) rc = end_polish(s, m, rc);
  }
  return rc;
}

/* The check of every running member; those whose loop ended are finished
 * (point brought back, certified). Returns how many are done. */
static int32_t check_all(flp_batch *b, member_run *mr, flp_result *results, int32_t *failed) {
  int32_t done = 0;
  for (int32_t k = 0; k < b->count; ++k) {
    member_run *m = &mr[k];
    if (m->state == RUNNING) {
      m->rc = settle(b->members[k], m);
      if (m->rc != FLP_OK || m->due == 0) m->state = ENDED;
    }
    if (m->state == ENDED) {
      if (m->polishing) m->rc = end_polish(b->members[k], m, m->rc); /* a failed step: the main run back */
      m->rc = flp_solve_finish(b->members[k], &m->at, m->rc, &results[k], &m->err);
      m->state = DONE;
      note_failure(b, mr, k, failed);
    }
    done += m->state == DONE;
  }
  return done;
}

static void log_header(const flp_batch *b) {
  int32_t sharing = 0;
  for (int32_t k = 0; k < b->count; ++k) sharing += b->members[k]->A == b->shared.A;
  if (b->note[0]) batch_log(b, "%s", b->note);
  if (b->presolve_note[0]) batch_log(b, "%s", b->presolve_note);
  batch_log(b, "batch     %d scenarios of %d rows x %d columns, %lld nonzeros on %s; %d share one "
            "matrix; setup %.3f s", (int)b->count, (int)b->base.num_rows, (int)b->base.num_cols,
            (long long)b->base.nnz, b->ctx->device, (int)sharing, b->setup_seconds);
}

static void tell_progress(const flp_batch *b, const member_run *mr, int32_t done) {
  int64_t it = 0;
  for (int32_t k = 0; k < b->count; ++k)
    if (mr[k].at.loop.it > it) it = mr[k].at.loop.it;
  batch_log(b, "batch     iteration %lld: %d of %d scenarios finished", (long long)it, (int)done,
            (int)b->count);
  if (b->progress) b->progress(b->progress_user, done, b->count, it);
}

/* The base LP solved on the batch's matrix (on its own when presolve
 * reduces it to another one); its point becomes every member's start. */
static flp_rc warm_start_from_base(flp_batch *b, flp_error *err) {
  flp_settings st = b->members[0]->settings; /* presolve as the members have it */
  flp_solver *s = NULL;
  flp_result res = {0};
  flp_rc rc = flp_solver_create_sharing(b->ctx, &b->base, &st, &b->shared, &s, err);
  if (rc == FLP_ERR_UNAVAILABLE) rc = flp_solver_create_sharing(b->ctx, &b->base, &st, NULL, &s, err);
  if (rc == FLP_OK) atomic_store(&b->base_solver, s);
  if (rc == FLP_OK) rc = flp_solver_solve(s, &res, err);
  if (rc == FLP_OK) {
    batch_log(b, "batch     base LP first: %s in %lld iterations, %.3f s; every scenario starts from its point",
              flp_status_name(res.status), (long long)res.iterations, res.total_seconds);
    /* a scenario's polish mends the rows its data moved: with the dear
     * columns held (the face) unless the base LP found the face too small
     * (tuning.md, "Which polish run a scenario begins with") */
    const int order = s->polish_order == FLP_POLISH_FACE_SMALL ? FLP_POLISH_FACE_SMALL : FLP_POLISH_FACE_FIRST;
    for (int32_t k = 0; rc == FLP_OK && k < b->count; ++k) {
      rc = flp_solver_set_warm_start(b->members[k], res.x, res.y, err);
      b->members[k]->polish_order = order;
    }
  }
  flp_result_free(&res);
  if (!atomic_load(&b->base_solver)) flp_solver_free(s);
  return rc;
}

flp_rc flp_batch_solve(flp_batch *b, flp_result *results, flp_error *err) {
  const int32_t K = b->count;
  memset(results, 0, (size_t)K * sizeof *results);
  member_run *mr = calloc((size_t)K, sizeof *mr);
  flp_solver **group = malloc((size_t)K * sizeof *group);
  const flp_restart_state **rs = malloc((size_t)K * sizeof *rs);
  int32_t *idx = malloc((size_t)K * sizeof *idx);
  flp_rc rc = FLP_OK;
  if (!mr || !group || !rs || !idx) {
    rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a batch of %d scenarios", (int)K);
    goto out;
  }
  log_header(b);
  if (!b->solved && b->count > 1 && b->settings.batch_warm_start &&
      (rc = warm_start_from_base(b, err)) != FLP_OK)
    goto out;
  b->solved = 1;
  int32_t failed = -1, done = 0, told = 0;
  for (int32_t k = 0; k < K; ++k) {
    mr[k].rc = flp_solve_start(b->members[k], &results[k], &mr[k].at, &mr[k].err);
    mr[k].state = mr[k].rc == FLP_OK ? RUNNING : DONE;
    mr[k].at.run.defer_polish = 1; /* polishes join the batched steps too */
    note_failure(b, mr, k, &failed);
  }
  while ((done = check_all(b, mr, results, &failed)) < K) {
    if (done != told) tell_progress(b, mr, told = done);
    step_all(b, mr, group, rs, idx);
  }
  tell_progress(b, mr, done);
  if (failed >= 0) {
    rc = flp_error_set(err, mr[failed].rc, "scenario %d: %s", (int)failed, mr[failed].err.msg);
    for (int32_t k = 0; k < K; ++k) flp_result_free(&results[k]);
  }
out:
  free(mr);
  free(group);
  free(rs);
  free(idx);
  return rc;
}

flp_rc flp_solve_batch(const flp_problem *base, const flp_scenarios *sc, const flp_settings *st,
                       flp_result *results, flp_error *err) {
  flp_batch *b = NULL;
  if (sc && sc->count > 0) memset(results, 0, (size_t)sc->count * sizeof *results);
  flp_rc rc = flp_batch_create(base, sc, st, &b, err);
  if (rc == FLP_OK) rc = flp_batch_solve(b, results, err);
  flp_batch_free(b);
  return rc;
}
