/* The PDHG loop (pdhg_loop.h). */
#include <math.h>
#include <string.h>

#include "checkpoint_state.h"
#include "iterate.h"
#include "log.h"
#include "pdhg_loop.h"
#include "result.h"

typedef flp_loop loop_state;

static flp_check_record make_record(const flp_solver *s, const flp_check *c, int64_t it, double t,
                                    int restarted) {
  const double sense = s->user.objective_sense;
  flp_check_record r = {.iteration = it, .seconds = t,
                        .primal_obj = sense * c->primal_obj, .dual_obj = sense * c->dual_obj,
                        .rel_primal_res = c->rel_primal, .rel_dual_res = c->rel_dual, .rel_gap = c->rel_gap,
                        .step = s->eta, .primal_weight = s->weight, .restarted = restarted};
  return r;
}

static flp_status limit_status(const flp_run *run, int stop, int64_t it, double elapsed) {
  if (stop) return FLP_INTERRUPTED; /* latched where the checkpoint was taken */
  if (run->iteration_limit > 0 && it >= run->iteration_limit) return FLP_ITERATION_LIMIT;
  if (run->time_limit > 0 && elapsed >= run->time_limit) return FLP_TIME_LIMIT;
  return FLP_STATUS_UNSET;
}

static flp_rc zero_start(flp_solver *s, flp_error *err) {
  const flp_backend *be = s->be;
  flp_vectors *v = &s->v;
  flp_rc rc;
  if ((rc = be->vec_fill(s->ctx, v->x, 0.0, err)) != FLP_OK) return rc;
  if ((rc = be->project_box(s->ctx, v->x, v->l, v->u, err)) != FLP_OK) return rc;
  return be->vec_fill(s->ctx, v->y, 0.0, err);
}

static flp_rc start(flp_solver *s, flp_run *run, loop_state *ls, flp_error *err) {
  flp_rc rc = run->main ? zero_start(s, err) : FLP_OK;
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, s->v.x0, s->v.x, err);
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, s->v.y0, s->v.y, err);
  ls->lv = (flp_loop_vars){.it = &ls->it, .next_log = &ls->next_log, .next_polish = &ls->next_polish,
                           .next_certify = &ls->next_certify, .rs = &ls->rs, .probe = run->probe,
                           .t0 = &run->t0};
  if (rc == FLP_OK && run->main) rc = flp_loop_start(s, run->res, &ls->lv, err); /* resume or warm start */
  return rc;
}

/* At the first check converged in norm whose x fails the row guard, and then
 * each time the iteration count has grown polish_growth times: a
 * feasibility polish with polish_budget of the iterations so far
 * (run->polish), so that polishes that fail cost the solve a bounded share
 * (at most budget / (1 - 1/growth), 0.69 at 1.1 and 1/16; in practice a
 * polish that fails stops long before its budget: netlib's models that never
 * pass spend under 2% of their iterations in polishes). Nothing to polish when x
 * meets the primal criteria already: then what fails is the dual side or
 * the objective sensitivity, which moving x does not mend. */
static flp_rc maybe_polish(flp_solver *s, flp_run *run, loop_state *ls, double now, flp_status *status,
                           flp_error *err) {
  const flp_settings *st = &s->settings;
  double seconds = run->time_limit > 0 ? run->time_limit - now : 0;
  if (!st->polish || (!run->polish && !run->defer_polish) || ls->it < ls->next_polish || flp_kkt_primal_meets_tolerance(run->rep, st) ||
      (run->time_limit > 0 && seconds <= 0))
    return FLP_OK;
  ls->next_polish = (int64_t)ceil(st->polish_growth * (double)ls->it);
  int accepted;
  int64_t floor = 4 * (int64_t)st->check_every, share = (int64_t)(st->polish_budget * (double)ls->it);
  int64_t budget = share > floor ? share : floor;
  if (run->defer_polish) { /* the driver runs it, then flp_loop_polished */
    ls->polish_due = 1;
    ls->polish_iterations = budget;
    ls->polish_seconds = seconds;
    return FLP_OK;
  }
  flp_rc rc = run->polish(s, ls->it, budget, seconds, run->res, run->rep, &accepted, err);
  if (rc == FLP_OK && accepted) *status = FLP_OPTIMAL;
  return rc;
}

/* Converged in norm on the device: certify on the host in the user's space
 * before claiming optimality (only the primal criteria for the polish). */
static flp_rc certify(flp_solver *s, flp_run *run, loop_state *ls, double now, flp_status *status,
                      flp_error *err) {
  const flp_settings *st = &s->settings;
  flp_kkt_report *rep = run->rep;
  flp_rc rc = flp_unscale_point(s, run->res, rep, err);
  if (rc != FLP_OK) return rc;
  if (run->main ? flp_kkt_meets_tolerance(rep, st) : flp_kkt_primal_meets_tolerance(rep, st)) {
    *status = FLP_OPTIMAL;
    return FLP_OK;
  }
  if (!run->main) return FLP_OK;
  if (!ls->told_guard) {
    ls->told_guard = 1; /* once: say why the solve goes on although the log's residuals look converged */
    flp_log_line(s, "notice: iteration %lld: converged in norm, but not yet per row or in objective "
                 "sensitivity (row %.1e, sensitivity %.1e, primal %.1e, dual %.1e, gap %.1e); continuing",
                 (long long)ls->it, rep->rel_primal_rowwise, rep->rel_sensitivity, rep->rel_primal,
                 rep->rel_dual, rep->rel_gap);
  }
  return maybe_polish(s, run, ls, now, status, err);
}

/* What this check decides, up to the certification (and a polish, unless
 * deferred: then ls->polish_due and judge_rest waits for it). */
static flp_rc judge_certify(flp_solver *s, flp_run *run, loop_state *ls, flp_check *c, double now,
                            flp_status *status, flp_error *err) {
  const flp_settings *st = &s->settings;
  *status = FLP_STATUS_UNSET;
  ls->certified = 0;
  if (!c->finite) {
    *status = FLP_NUMERICAL_ERROR;
    return FLP_OK;
  }
  int converged = c->rel_primal <= st->tol && (!run->main || (c->rel_dual <= st->tol && c->rel_gap <= st->tol));
  /* The host evaluation (download, postsolve, KKT on the user's LP) costs
   * about a pass over A on the host, far more than a check on a GPU: after
   * one that did not pass, the next waits a thirty-second of the iterations
   * so far (a check at least), except where a polish is due. By iteration
   * count, not time, so that a resumed run decides as an uninterrupted one. */
  int certify_now = !run->main || ls->it >= ls->next_certify || (st->polish && ls->it >= ls->next_polish);
  if (!converged || !certify_now) return FLP_OK;
  ls->certified = 1;
  ls->polished_before = run->res->polish_iterations;
  return certify(s, run, ls, now, status, err);
}

/* The rest of what the check decides: a status, or FLP_STATUS_UNSET to go on. */
static flp_rc judge_rest(flp_solver *s, flp_run *run, loop_state *ls, flp_check *c, double now,
                         flp_status *status, flp_error *err) {
  const flp_settings *st = &s->settings;
  flp_rc rc;
  if (*status == FLP_NUMERICAL_ERROR) return FLP_OK;
  if (ls->certified) {
    if (*status == FLP_STATUS_UNSET)
      ls->next_certify = ls->it + (ls->it / 32 > st->check_every ? ls->it / 32 : st->check_every);
    /* a polish that was not kept used the check's scratch: evaluate again
     * (the same numbers) for the probe and the restart below */
    if (run->res->polish_iterations != ls->polished_before && *status == FLP_STATUS_UNSET &&
        (rc = flp_evaluate_check(s, c, err)) != FLP_OK)
      return rc;
  }
  if (*status == FLP_STATUS_UNSET && run->probe && flp_infeas_probe_due(run->probe, ls->it)) {
    if ((rc = flp_infeas_probe_run(s, run->probe, ls->it, err)) != FLP_OK) return rc;
    *status = run->probe->found;
  }
  int stop = run->main ? ls->lv.stop : flp_stop_requested(s);
  if (*status == FLP_STATUS_UNSET) *status = limit_status(run, stop, ls->it, now);
  return FLP_OK;
}

/* History, callback and log row of a main run's check. */
static flp_rc record(flp_solver *s, flp_run *run, loop_state *ls, const flp_check *c, double now,
                     int restart, flp_status status, flp_error *err) {
  flp_check_record rec = make_record(s, c, ls->it, now, status == FLP_STATUS_UNSET ? restart : 0);
  flp_rc rc = flp_result_push_history(run->res, &rec, err);
  if (rc != FLP_OK) return rc;
  if (s->on_check) s->on_check(s->on_check_user, &rec);
  if (status != FLP_STATUS_UNSET || ls->it >= ls->next_log) {
    flp_log_row(s, &rec);
    while (ls->next_log <= ls->it) ls->next_log += s->settings.log_every > 0 ? s->settings.log_every : 1;
  }
  return FLP_OK;
}

/* The restart this check makes (0 none, 1 sufficient, 2 necessary, 3
 * artificial), shortening the step first when the check saw ||A|| above
 * its estimate. */
static int restart_decision(flp_solver *s, loop_state *ls, const flp_check *c) {
  int restart = 0;
  if (ls->it == 0) ls->rs.r0 = ls->rs.r_prev = c->fixed_point;
  else restart = flp_restart_kind(&s->settings, &ls->rs, c->fixed_point, ls->it);
  if (c->norm_lower_bound > s->norm_A) {
    /* the norm estimate was low: shorten the step and restart the Halpern sequence */
    s->norm_A = 1.001 * c->norm_lower_bound;
    s->eta = s->settings.step_safety / s->norm_A;
    flp_log_line(s, "notice: ||A|| estimate raised to %.6g at iteration %lld", s->norm_A, (long long)ls->it);
    if (ls->it > 0) restart = 3;
  }
  return restart;
}

/* Restart (or not) and say how many iterations are due before the next check. */
static flp_rc prepare_advance(flp_solver *s, flp_run *run, loop_state *ls, flp_check *c, int restart,
                              int *count, flp_error *err) {
  flp_rc rc;
  if (restart) {
    if ((rc = flp_do_restart(s, &ls->rs, c->fixed_point, err)) != FLP_OK) return rc;
    /* the reference residual is the new anchor's, in the new weight's metric */
    if ((rc = flp_evaluate_check(s, c, err)) != FLP_OK) return rc;
    ls->rs.r0 = ls->rs.r_prev = c->fixed_point;
  } else {
    ls->rs.r_prev = c->fixed_point;
  }
  *count = s->settings.check_every;
  if (run->iteration_limit > 0 && run->iteration_limit - ls->it < *count)
    *count = (int)(run->iteration_limit - ls->it);
  return FLP_OK;
}

flp_rc flp_loop_begin(flp_loop *L, flp_solver *s, flp_run *run, flp_error *err) {
  memset(L, 0, sizeof *L);
  L->s = s;
  L->run = run;
  L->rs.best_balance = INFINITY;
  L->rs.best_weight = s->weight;
  return start(s, run, L, err);
}

/* The check after its certification (and polish). */
static flp_rc finish_check(flp_loop *L, int *count, flp_error *err) {
  flp_solver *s = L->s;
  flp_run *run = L->run;
  flp_check *c = &L->c;
  flp_rc rc;
  *count = 0;
  if ((rc = judge_rest(s, run, L, c, L->now, &L->status, err)) != FLP_OK) return rc;
  flp_track_check(s, &L->rs, c);
  if (run->main && (rc = record(s, run, L, c, L->now, L->restart, L->status, err)) != FLP_OK) return rc;
  if (L->status != FLP_STATUS_UNSET) {
    run->res->status = L->status;
    run->res->iterations = L->it;
    run->res->restarts = L->rs.restarts;
    return FLP_OK;
  }
  return prepare_advance(s, run, L, c, L->restart, count, err);
}

flp_rc flp_loop_check(flp_loop *L, int *count, flp_error *err) {
  flp_solver *s = L->s;
  flp_run *run = L->run;
  flp_rc rc;
  *count = 0;
  if (run->main && (rc = flp_loop_boundary(s, run->res, &L->lv, err)) != FLP_OK) return rc; /* checkpoint */
  if ((rc = flp_evaluate_check(s, &L->c, err)) != FLP_OK) return rc;
  L->now = flp_wall_seconds() - run->t0;
  L->restart = restart_decision(s, L, &L->c);
  if ((rc = judge_certify(s, run, L, &L->c, L->now, &L->status, err)) != FLP_OK) return rc;
  if (L->polish_due) {
    *count = FLP_LOOP_POLISH;
    return FLP_OK;
  }
  return finish_check(L, count, err);
}

flp_rc flp_loop_polished(flp_loop *L, int accepted, int *count, flp_error *err) {
  L->polish_due = 0;
  if (accepted) L->status = FLP_OPTIMAL;
  return finish_check(L, count, err);
}

void flp_loop_advanced(flp_loop *L, int count) {
  L->it += count;
  L->rs.k += count;
}

flp_rc flp_loop_run(flp_loop *L, flp_error *err) {
  int count;
  flp_rc rc;
  while ((rc = flp_loop_check(L, &count, err)) == FLP_OK && count > 0) {
    if ((rc = flp_run_iterations(L->s, &L->rs, count, err)) != FLP_OK) break;
    flp_loop_advanced(L, count);
  }
  return rc;
}
