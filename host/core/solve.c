/* flp_solve: the restarted Halpern PDHG loop (DESIGN section 3) and the
 * result, certified on the host in the user's space before it is reported. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint_state.h"
#include "infeasibility.h"
#include "iterate.h"
#include "kkt_host.h"
#include "log.h"
#include "polish.h"
#include "presolve.h"

static void forward_notice(void *user, const char *line) {
  flp_log_line((const flp_settings *)user, "%s", line);
}

static flp_rc push_history(flp_result *res, const flp_check_record *r, flp_error *err) {
  if (res->history_len == res->history_cap) {
    int64_t cap = res->history_cap ? 2 * res->history_cap : 64;
    flp_check_record *h = realloc(res->history, (size_t)cap * sizeof *h);
    if (!h) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the solve history");
    res->history = h;
    res->history_cap = cap;
  }
  res->history[res->history_len++] = *r;
  return FLP_OK;
}

static double user_sense(const flp_problem *p, double v) { return p->objective_sense * v; }

static flp_check_record make_record(const flp_solver *s, const flp_check *c, int64_t it, double t,
                                    int restarted) {
  const flp_problem *p = s->problem;
  flp_check_record r = {.iteration = it, .seconds = t,
                        .primal_obj = user_sense(p, c->primal_obj), .dual_obj = user_sense(p, c->dual_obj),
                        .rel_primal_res = c->rel_primal, .rel_dual_res = c->rel_dual, .rel_gap = c->rel_gap,
                        .step = s->eta, .primal_weight = s->weight, .restarted = restarted};
  return r;
}

static flp_rc alloc_result(flp_result *res, int32_t m, int32_t n, flp_error *err) {
  res->num_rows = m;
  res->num_cols = n;
  res->x = calloc((size_t)n + 1, sizeof(double));
  res->reduced_costs = calloc((size_t)n + 1, sizeof(double));
  res->y = calloc((size_t)m + 1, sizeof(double));
  res->row_activity = calloc((size_t)m + 1, sizeof(double));
  if (!res->x || !res->reduced_costs || !res->y || !res->row_activity)
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the solution");
  return FLP_OK;
}

/* Brings T(z) back to the user's space (through the postsolve when the LP
 * was presolved) and evaluates it there, on the user's LP. */
static flp_rc unscale_point(flp_solver *s, flp_result *res, flp_kkt_report *rep, flp_error *err) {
  const flp_problem *p = s->problem;
  const flp_scaling *sc = &s->scaling;
  double *x = s->presolve ? s->post_x : res->x, *y = s->presolve ? s->post_y : res->y;
  flp_rc rc = s->be->vec_download(s->ctx, s->v.xh, x, err);
  if (rc == FLP_OK) rc = s->be->vec_download(s->ctx, s->v.yh, y, err);
  if (rc != FLP_OK) return rc;
  for (int32_t j = 0; j < s->n; ++j) {
    double xj = sc->col_scale[j] * x[j] / sc->bound_scale;
    x[j] = fmin(fmax(xj, p->col_lower[j]), p->col_upper[j]); /* undo rounding of the unscale */
  }
  for (int32_t i = 0; i < s->m; ++i) y[i] = sc->row_scale[i] * y[i] / sc->obj_scale;
  if (s->presolve) flp_postsolve(s->presolve, x, y, res->x, res->y);
  flp_kkt_evaluate(s->user, res->x, res->y, s->settings->norm, res->row_activity, res->reduced_costs,
                   rep);
  return FLP_OK;
}

static void fill_result(const flp_solver *s, flp_result *res, const flp_kkt_report *rep) {
  const flp_problem *p = s->user;
  res->primal_obj = user_sense(p, rep->primal_obj);
  res->dual_obj = user_sense(p, rep->dual_obj);
  res->rel_primal_res = rep->rel_primal;
  res->rel_dual_res = rep->rel_dual;
  res->rel_gap = rep->rel_gap;
  res->abs_primal_res = rep->primal_res;
  res->abs_dual_res = rep->dual_res;
  if (p->objective_sense < 0) { /* duals in the user's sense: d(objective)/d(rhs) */
    for (int32_t i = 0; i < res->num_rows; ++i) res->y[i] = -res->y[i];
    for (int32_t j = 0; j < res->num_cols; ++j) res->reduced_costs[j] = -res->reduced_costs[j];
  }
}

static flp_status limit_status(const flp_settings *st, int stop, int64_t it, double elapsed) {
  if (stop) return FLP_INTERRUPTED; /* latched where the checkpoint was taken */
  if (st->iteration_limit > 0 && it >= st->iteration_limit) return FLP_ITERATION_LIMIT;
  if (st->time_limit > 0 && elapsed >= st->time_limit) return FLP_TIME_LIMIT;
  return FLP_STATUS_UNSET;
}

static flp_rc initial_point(flp_solver *s, flp_error *err) {
  const flp_backend *be = s->be;
  flp_vectors *v = &s->v;
  flp_rc rc;
  if ((rc = be->vec_fill(s->ctx, v->x, 0.0, err)) != FLP_OK) return rc;
  if ((rc = be->project_box(s->ctx, v->x, v->l, v->u, err)) != FLP_OK) return rc;
  if ((rc = be->vec_fill(s->ctx, v->y, 0.0, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(s->ctx, v->x0, v->x, err)) != FLP_OK) return rc;
  return be->vec_copy(s->ctx, v->y0, v->y, err);
}

/* At the first check converged in norm whose x fails the row guard, and then
 * each time the iteration count has doubled: a feasibility polish with an
 * eighth of the iterations so far (polish.h), so that polishes that fail
 * cost the solve about a quarter more at most. Nothing to polish when x
 * meets the primal criteria already: then what fails is the dual side or
 * the objective sensitivity, which moving x does not mend. */
static flp_rc maybe_polish(flp_solver *s, int64_t it, double now, int64_t *next_polish,
                           flp_result *res, flp_kkt_report *rep, flp_status *status, flp_error *err) {
  const flp_settings *st = s->settings;
  double seconds = st->time_limit > 0 ? st->time_limit - now : 0;
  if (!st->polish || it < *next_polish || flp_kkt_primal_meets_tolerance(rep, st) ||
      (st->time_limit > 0 && seconds <= 0))
    return FLP_OK;
  *next_polish = 2 * it;
  int accepted, floor = 4 * (st->check_every > 0 ? st->check_every : 64);
  int64_t budget = it / 8 > floor ? it / 8 : floor;
  flp_rc rc = flp_polish_primal(s, it, budget, seconds, res, rep, &accepted, err);
  if (rc == FLP_OK && accepted) *status = FLP_OPTIMAL;
  return rc;
}

/* The loop: iterate, check, decide. Returns with res->status set. */
static flp_rc pdhg_loop(flp_solver *s, flp_result *res, flp_infeas_probe *probe, double t0,
                        flp_kkt_report *rep, flp_error *err) {
  const flp_settings *st = s->settings;
  flp_restart_state rs = {.best_balance = INFINITY, .best_weight = s->weight};
  int64_t it = 0, next_log = 0, next_polish = 0;
  int told_guard = 0;
  flp_check c;
  flp_rc rc;
  if ((rc = initial_point(s, err)) != FLP_OK) return rc;
  flp_loop_vars lv = {.it = &it, .next_log = &next_log, .next_polish = &next_polish, .rs = &rs,
                      .probe = probe, .t0 = &t0};
  if ((rc = flp_loop_start(s, res, &lv, err)) != FLP_OK) return rc; /* resume or warm start */
  for (;;) {
    if ((rc = flp_loop_boundary(s, res, &lv, err)) != FLP_OK) return rc; /* checkpoint */
    if ((rc = flp_evaluate_check(s, &c, err)) != FLP_OK) return rc;
    double now = flp_wall_seconds() - t0;
    int restart = 0;
    if (it == 0) rs.r0 = rs.r_prev = c.fixed_point;
    else restart = flp_restart_kind(st, &rs, c.fixed_point, it);
    if (c.norm_lower_bound > s->norm_A) {
      /* the norm estimate was low: shorten the step and restart the Halpern sequence */
      s->norm_A = 1.001 * c.norm_lower_bound;
      s->eta = st->step_safety / s->norm_A;
      flp_log_line(st, "notice: ||A|| estimate raised to %.6g at iteration %lld", s->norm_A, (long long)it);
      if (it > 0) restart = 3;
    }

    flp_status status = FLP_STATUS_UNSET;
    if (!c.finite) {
      status = FLP_NUMERICAL_ERROR;
    } else if (c.rel_primal <= st->tol &&
               (s->feasibility_only || (c.rel_dual <= st->tol && c.rel_gap <= st->tol))) {
      /* certify on the host in the user's space before claiming optimality */
      if ((rc = unscale_point(s, res, rep, err)) != FLP_OK) return rc;
      if (s->feasibility_only ? flp_kkt_primal_meets_tolerance(rep, st) : flp_kkt_meets_tolerance(rep, st)) {
        status = FLP_OPTIMAL;
      } else if (!s->feasibility_only) {
        if (!told_guard) {
          told_guard = 1; /* once: say why the solve goes on although the log's residuals look converged */
          flp_log_line(st, "notice: iteration %lld: converged in norm, but not yet per row or in objective "
                       "sensitivity (row %.1e, sensitivity %.1e, primal %.1e, dual %.1e, gap %.1e); continuing",
                       (long long)it, rep->rel_primal_rowwise, rep->rel_sensitivity, rep->rel_primal,
                       rep->rel_dual, rep->rel_gap);
        }
        if ((rc = maybe_polish(s, it, now, &next_polish, res, rep, &status, err)) != FLP_OK) return rc;
      }
    }
    if (status == FLP_STATUS_UNSET && flp_infeas_probe_due(probe, now)) {
      if ((rc = flp_infeas_probe_run(s, probe, err)) != FLP_OK) return rc;
      status = probe->found;
    }
    if (status == FLP_STATUS_UNSET) status = limit_status(st, lv.stop, it, now);

    flp_track_check(s, &rs, &c);
    flp_check_record rec = make_record(s, &c, it, now, status == FLP_STATUS_UNSET ? restart : 0);
    if ((rc = push_history(res, &rec, err)) != FLP_OK) return rc;
    if (st->on_check) st->on_check(st->on_check_user, &rec);
    if (status != FLP_STATUS_UNSET || it >= next_log) {
      flp_log_row(st, &rec);
      while (next_log <= it) next_log += st->log_every > 0 ? st->log_every : 1;
    }
    if (status != FLP_STATUS_UNSET) {
      res->status = status;
      res->iterations = it;
      res->restarts = rs.restarts;
      return FLP_OK;
    }
    if (restart) {
      if ((rc = flp_do_restart(s, &rs, c.fixed_point, err)) != FLP_OK) return rc;
      /* the reference residual is the new anchor's, in the new weight's metric */
      if ((rc = flp_evaluate_check(s, &c, err)) != FLP_OK) return rc;
      rs.r0 = rs.r_prev = c.fixed_point;
    } else {
      rs.r_prev = c.fixed_point;
    }
    int count = st->check_every > 0 ? st->check_every : 64;
    if (st->iteration_limit > 0 && st->iteration_limit - it < count) count = (int)(st->iteration_limit - it);
    if ((rc = flp_run_iterations(s, &rs, count, err)) != FLP_OK) return rc;
    it += count;
    rs.k += count;
  }
}

static flp_rc check_settings(const flp_settings *st, flp_error *err) {
  if (!(st->tol > 0) || !(st->tol < 1))
    return flp_error_set(err, FLP_ERR_INPUT, "tolerance must be in (0, 1), got %g", st->tol);
  if (!(st->infeas_tol > 0))
    return flp_error_set(err, FLP_ERR_INPUT, "infeasibility tolerance must be positive, got %g", st->infeas_tol);
  if (!(st->step_safety > 0 && st->step_safety < 1))
    return flp_error_set(err, FLP_ERR_INPUT, "step safety factor must be in (0, 1), got %g", st->step_safety);
  if (!(st->reflection > 0 && st->reflection <= 1))
    return flp_error_set(err, FLP_ERR_INPUT, "reflection coefficient must be in (0, 1], got %g", st->reflection);
  if (st->ruiz_iterations < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "Ruiz iterations must be >= 0, got %d", st->ruiz_iterations);
  return FLP_OK;
}

/* Moves the probe's certificate into res, postsolved and checked again on p
 * when PDHG solved the presolved LP; one that fails there is dropped (the
 * caller then solves p as given). */
static flp_rc hand_over_certificate(const flp_problem *p, const flp_presolve *pre,
                                    const flp_settings *st, flp_infeas_probe *probe,
                                    flp_result *res, flp_error *err) {
  int dual = res->status == FLP_PRIMAL_INFEASIBLE;
  double *ray = probe->ray, quality = probe->quality;
  probe->ray = NULL;
  if (pre) {
    double *mapped = malloc(((size_t)(dual ? p->num_rows : p->num_cols) + 1) * sizeof *mapped);
    double *work = malloc(((size_t)(p->num_rows > p->num_cols ? p->num_rows : p->num_cols) + 1) *
                          sizeof *work);
    int valid = 0, nomem = !mapped || !work;
    if (!nomem) {
      if (dual) flp_postsolve_dual_ray(pre, ray, mapped);
      else flp_postsolve_primal_ray(pre, ray, mapped);
      valid = dual ? flp_check_dual_ray(p, mapped, st->infeas_tol, work, &quality)
                   : flp_check_primal_ray(p, mapped, st->infeas_tol, work, &quality);
    }
    free(work);
    free(ray);
    ray = valid ? mapped : NULL;
    if (!valid) free(mapped);
    if (nomem) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a certificate");
    if (!ray) return FLP_OK;
  }
  if (dual) res->dual_ray = ray;
  else res->primal_ray = ray;
  res->certificate_quality = quality;
  return FLP_OK;
}

/* One solve of `lp` (the user's LP p, or its presolved form `pre`), with
 * results for p. t0: when the caller's solve began (the time limit counts from it). */
static flp_rc solve_once(const flp_problem *p, const flp_presolve *pre, const flp_settings *st,
                         int feasibility_only, double t0, flp_result *res, flp_error *err) {
  memset(res, 0, sizeof *res);
  const flp_problem *lp = pre ? &pre->reduced : p;
  flp_solver s;
  flp_kkt_report rep;
  flp_infeas_probe probe;
  memset(&probe, 0, sizeof probe);
  double *post_x = NULL, *post_y = NULL;
  flp_rc rc = flp_solver_setup(&s, lp, p, st, forward_notice, (void *)st, err);
  s.feasibility_only = feasibility_only;
  if (rc == FLP_OK) rc = alloc_result(res, p->num_rows, p->num_cols, err);
  if (rc == FLP_OK) rc = flp_infeas_probe_init(&probe, lp->num_rows, lp->num_cols, err);
  if (rc == FLP_OK && pre) {
    post_x = malloc(((size_t)lp->num_cols + 1) * sizeof *post_x);
    post_y = malloc(((size_t)lp->num_rows + 1) * sizeof *post_y);
    if (!post_x || !post_y) rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the postsolve");
    s.presolve = pre;
    s.post_x = post_x;
    s.post_y = post_y;
  }
  if (rc == FLP_OK) {
    /* with bound/objective rescaling the data norms are balanced already;
     * otherwise balance them with the user's finite bounds and objective */
    s.weight = st->bound_objective_rescaling ? 1.0 : (1 + s.c_norm2) / (1 + s.rhs_norm2);
    snprintf(res->device, sizeof res->device, "%s", s.device);
    res->norm_A_estimate = s.norm_A;
    res->setup_seconds = flp_wall_seconds() - t0;
    flp_log_header(&s);
    rc = pdhg_loop(&s, res, &probe, t0, &rep, err);
  }
  if (rc == FLP_OK) {
    /* an OPTIMAL point was unscaled and evaluated when it was certified */
    if (res->status != FLP_OPTIMAL) rc = unscale_point(&s, res, &rep, err);
    if (rc == FLP_OK) fill_result(&s, res, &rep);
    if (rc == FLP_OK && probe.found == res->status && probe.ray)
      rc = hand_over_certificate(p, pre, st, &probe, res, err);
  }
  flp_infeas_probe_free(&probe);
  flp_solver_cleanup(&s);
  free(post_x);
  free(post_y);
  res->total_seconds = flp_wall_seconds() - t0;
  res->solve_seconds = res->total_seconds - res->setup_seconds;
  if (rc != FLP_OK) flp_result_free(res);
  return rc;
}

/* out[k] = full[map[k]] for k < n, in a new array (*out), when full is given. */
static flp_rc gather(const double *full, const int32_t *map, int32_t n, double **out, flp_error *err) {
  if (!full) return FLP_OK;
  if (!(*out = malloc(((size_t)n + 1) * sizeof **out)))
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the warm start");
  for (int32_t k = 0; k < n; ++k) (*out)[k] = full[map[k]];
  return FLP_OK;
}

/* The warm start restricted to the rows and columns presolve kept. */
static flp_rc map_warm_start(const flp_presolve *pre, flp_settings *st, double **wx, double **wy,
                             flp_error *err) {
  const flp_problem *r = &pre->reduced;
  flp_rc rc = gather(st->warm_x, pre->col_map, r->num_cols, wx, err);
  if (rc == FLP_OK) rc = gather(st->warm_y, pre->row_map, r->num_rows, wy, err);
  if (*wx) st->warm_x = *wx;
  if (*wy) st->warm_y = *wy;
  return rc;
}

static int is_infeasibility(flp_status s) { return s == FLP_PRIMAL_INFEASIBLE || s == FLP_DUAL_INFEASIBLE; }

static flp_rc solve_with(const flp_problem *p, const flp_settings *st, int feasibility_only,
                         flp_result *res, flp_error *err) {
  double t0 = flp_wall_seconds();
  memset(res, 0, sizeof *res);
  flp_rc rc = check_settings(st, err);
  if (rc == FLP_OK) rc = flp_problem_validate(p, p->name, err);
  if (rc != FLP_OK) return rc;

  flp_presolve pre;
  memset(&pre, 0, sizeof pre);
  if (st->presolve) {
    if ((rc = flp_presolve_run(p, &pre, err)) != FLP_OK) return rc;
    if (pre.active)
      flp_log_line(st, "presolve  removed %d rows and %d columns: %d rows, %d columns, %lld nonzeros left",
                   (int)pre.rows_removed, (int)pre.cols_removed, (int)pre.reduced.num_rows,
                   (int)pre.reduced.num_cols, (long long)pre.reduced.nnz);
    else
      flp_log_line(st, "presolve  skipped: %s", pre.skipped);
  }
  flp_settings local = *st;
  double *wx = NULL, *wy = NULL;
  if (pre.active) rc = map_warm_start(&pre, &local, &wx, &wy, err);
  if (rc == FLP_OK) rc = solve_once(p, pre.active ? &pre : NULL, &local, feasibility_only, t0, res, err);
  if (rc == FLP_OK && pre.active && is_infeasibility(res->status) && !res->dual_ray &&
      !res->primal_ray) {
    /* its certificate did not survive the postsolve: find one on the LP as given */
    flp_log_line(st, "notice: the presolved LP is %s; solving the LP as given for a certificate of it",
                 flp_status_name(res->status));
    local = *st;
    local.presolve = 0;
    flp_result_free(res);
    rc = solve_once(p, NULL, &local, feasibility_only, t0, res, err);
  }
  free(wx);
  free(wy);
  flp_presolve_free(&pre);
  if (rc == FLP_OK) flp_log_summary(st, p, res);
  return rc;
}

flp_rc flp_solve(const flp_problem *p, const flp_settings *st, flp_result *res, flp_error *err) {
  return solve_with(p, st, 0, res, err);
}

flp_rc flp_solve_feasibility(const flp_problem *p, const flp_settings *st, flp_result *res,
                             flp_error *err) {
  return solve_with(p, st, 1, res, err);
}

void flp_result_free(flp_result *res) {
  if (!res) return;
  free(res->x);
  free(res->y);
  free(res->reduced_costs);
  free(res->row_activity);
  free(res->primal_ray);
  free(res->dual_ray);
  free(res->history);
  memset(res, 0, sizeof *res);
}
