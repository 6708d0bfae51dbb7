/* flp_solver_solve: bring the setup up to date, run PDHG, certify the
 * result on the user's LP, and answer the two things a solve can run into:
 * a presolved LP whose infeasibility certificate does not survive the
 * postsolve (solve the LP as given for one), and a GPU that fails under
 * --device auto (go on on the CPU). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "infeasibility.h"
#include "log.h"
#include "pdhg_loop.h"
#include "polish.h"
#include "result.h"
#include "solve_steps.h"

/* Moves the probe's certificate into res, postsolved and checked again on
 * the user's LP when PDHG solved the presolved one; one that fails there is
 * dropped (the caller then solves the LP as given). */
static flp_rc hand_over_certificate(flp_solver *s, flp_infeas_probe *probe, flp_result *res,
                                    flp_error *err) {
  const flp_problem *p = &s->user;
  int dual = res->status == FLP_PRIMAL_INFEASIBLE;
  double *ray = probe->ray, quality = probe->quality;
  probe->ray = NULL;
  if (s->problem != &s->user) {
    double *mapped = malloc(((size_t)(dual ? p->num_rows : p->num_cols) + 1) * sizeof *mapped);
    double *work = malloc(((size_t)(p->num_rows > p->num_cols ? p->num_rows : p->num_cols) + 1) *
                          sizeof *work);
    int valid = 0, nomem = !mapped || !work;
    if (!nomem) {
      if (dual) flp_postsolve_dual_ray(&s->pre, ray, mapped);
      else flp_postsolve_primal_ray(&s->pre, ray, mapped);
      valid = dual ? flp_check_dual_ray(p, mapped, s->settings.infeas_tol, work, &quality)
                   : flp_check_primal_ray(p, mapped, s->settings.infeas_tol, work, &quality);
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

/* With bound/objective rescaling the data norms are balanced already;
 * otherwise balance them with the user's finite bounds and objective. Also
 * for a warm start: the weight the last solve ended with did worse on fleets
 * after a 5% demand change (bench/results/cpu/tuning.md). */
static double first_weight(const flp_solver *s) {
  return s->settings.bound_objective_rescaling ? 1.0 : (1 + s->c_norm2) / (1 + s->rhs_norm2);
}

/* Everything before the loop's first check, on the prepared LP: res
 * (zeroed) and the probe allocated, the first weight, the log header. */
static flp_rc attempt_begin(flp_solver *s, flp_attempt *a, flp_result *res, flp_error *err) {
  memset(&a->probe, 0, sizeof a->probe);
  flp_rc rc = flp_result_alloc(res, s->user.num_rows, s->user.num_cols, err);
  if (rc == FLP_OK) rc = flp_infeas_probe_init(&a->probe, s->m, s->n, err);
  if (rc == FLP_OK) {
    s->weight = first_weight(s);
    snprintf(res->device, sizeof res->device, "%s", s->device);
    res->norm_A_estimate = s->norm_A;
    res->setup_seconds = a->setup;
    res->presolve_seconds = s->presolve_pending;
    flp_log_header(s);
    a->run = (flp_run){.res = res, .rep = &a->rep, .probe = &a->probe, .t0 = a->t0,
                       .iteration_limit = s->settings.iteration_limit,
                       .time_limit = s->settings.time_limit, .main = 1, .polish = flp_polish_primal};
    rc = flp_loop_begin(&a->loop, s, &a->run, err);
  }
  if (rc != FLP_OK) {
    flp_infeas_probe_free(&a->probe);
    flp_result_free(res);
  }
  return rc;
}

/* After the loop ended with rc: the point brought back and evaluated,
 * the certificate handed over; everything is freed on failure. */
static flp_rc attempt_finish(flp_solver *s, flp_attempt *a, flp_rc rc, flp_result *res,
                             flp_error *err) {
  a->t0 = a->run.t0; /* a resume moves the origin back */
  if (rc == FLP_OK) {
    /* an OPTIMAL point was unscaled and evaluated when it was certified */
    if (res->status != FLP_OPTIMAL) rc = flp_unscale_point(s, res, &a->rep, err);
    if (rc == FLP_OK) flp_result_fill(s, res, &a->rep);
    if (rc == FLP_OK && a->probe.found == res->status && a->probe.ray)
      rc = hand_over_certificate(s, &a->probe, res, err);
  }
  flp_infeas_probe_free(&a->probe);
  res->total_seconds = flp_wall_seconds() - a->t0;
  res->solve_seconds = res->total_seconds - res->setup_seconds;
  if (rc != FLP_OK) flp_result_free(res);
  return rc;
}

/* A GPU failure under auto (why): the solver moves to the CPU and begins
 * again from the same start. */
static flp_rc fall_back(flp_solver *s, flp_attempt *a, flp_result *res, const flp_error *why,
                        flp_error *err) {
  int64_t passes = s->matrix_passes;
  flp_rc rc = flp_device_fall_back(s, "during the solve", why, err);
  flp_log_line(s, "%s", s->device_note);
  s->matrix_passes += passes;
  if (rc == FLP_OK) rc = flp_solver_prepare(s, err);
  a->setup = s->setup_pending + (flp_wall_seconds() - a->t_setup);
  if (rc == FLP_OK) rc = attempt_begin(s, a, res, err);
  return rc;
}

/* Prepares and begins (on the CPU when the GPU fails under auto). */
static flp_rc begin(flp_solver *s, flp_attempt *a, flp_result *res, flp_error *err) {
  flp_error derr = {0};
  flp_rc rc = flp_solver_prepare(s, &derr);
  a->setup = s->setup_pending + (flp_wall_seconds() - a->t_setup);
  if (rc == FLP_OK) rc = attempt_begin(s, a, res, &derr);
  if (rc != FLP_OK && flp_device_may_fall_back(s, rc)) return fall_back(s, a, res, &derr, err);
  if (rc != FLP_OK && err) *err = derr;
  return rc;
}

/* Finishes; a GPU failure under auto: the whole attempt again on the CPU. */
static flp_rc finish(flp_solver *s, flp_attempt *a, flp_rc rc, flp_result *res, flp_error *err) {
  flp_error derr = {0};
  if (rc != FLP_OK && err) derr = *err; /* the loop's message */
  rc = attempt_finish(s, a, rc, res, &derr);
  if (rc != FLP_OK && flp_device_may_fall_back(s, rc)) {
    rc = fall_back(s, a, res, &derr, err);
    if (rc == FLP_OK) rc = attempt_finish(s, a, flp_loop_run(&a->loop, err), res, err);
    return rc;
  }
  if (rc != FLP_OK && err) *err = derr;
  return rc;
}

static int is_infeasibility(flp_status st) {
  return st == FLP_PRIMAL_INFEASIBLE || st == FLP_DUAL_INFEASIBLE;
}

/* The next solve starts from this one's point, when it is a point. */
static flp_rc keep_last_point(flp_solver *s, const flp_result *res, flp_error *err) {
  int finite = res->x && res->y;
  for (int32_t j = 0; finite && j < res->num_cols; ++j) finite = isfinite(res->x[j]);
  for (int32_t i = 0; finite && i < res->num_rows; ++i) finite = isfinite(res->y[i]);
  return flp_solver_set_warm_start(s, finite ? res->x : NULL, finite ? res->y : NULL, err);
}

/* What every solve does when it returns, whatever the outcome. */
static flp_rc end_solve(flp_solver *s, flp_rc rc, flp_result *res, flp_error *err) {
  s->resume = NULL;
  s->setup_pending = 0;
  s->presolve_pending = 0;
  memset(&s->setup_times, 0, sizeof s->setup_times); /* reported by this solve's header */
  if (rc == FLP_OK) {
    res->matrix_passes = s->matrix_passes;
    flp_log_summary(s, res);
    rc = keep_last_point(s, res, err);
  }
  flp_stop_clear(s); /* a request applies to the solve in progress (or the next to start) */
  s->matrix_passes = 0;
  if (rc != FLP_OK) flp_result_free(res);
  return rc;
}

flp_rc flp_solve_start(flp_solver *s, flp_result *res, flp_attempt *a, flp_error *err) {
  a->t_setup = flp_wall_seconds();
  a->t0 = a->t_setup - s->setup_pending; /* the first solve's limits count the setup */
  memset(res, 0, sizeof *res);
  if (s->as_given) {
    s->as_given = 0;
    s->dirty |= FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS | FLP_DIRTY_COLS;
  }
  flp_rc rc = begin(s, a, res, err);
  return rc == FLP_OK ? FLP_OK : end_solve(s, rc, res, err);
}

flp_rc flp_solve_finish(flp_solver *s, flp_attempt *a, flp_rc loop_rc, flp_result *res,
                        flp_error *err) {
  flp_rc rc = finish(s, a, loop_rc, res, err);
  if (rc == FLP_OK && s->problem != &s->user && is_infeasibility(res->status) && !res->dual_ray &&
      !res->primal_ray) {
    /* its certificate did not survive the postsolve: find one on the LP as given */
    flp_log_line(s, "notice: the presolved LP is %s; solving the LP as given for a certificate of it",
                 flp_status_name(res->status));
    flp_result_free(res);
    s->as_given = 1;
    s->dirty |= FLP_DIRTY_OBJECTIVE | FLP_DIRTY_ROWS | FLP_DIRTY_COLS;
    a->t_setup = flp_wall_seconds();
    rc = begin(s, a, res, err);
    if (rc == FLP_OK) rc = finish(s, a, flp_loop_run(&a->loop, err), res, err);
  }
  return end_solve(s, rc, res, err);
}

flp_rc flp_solver_solve(flp_solver *s, flp_result *res, flp_error *err) {
  flp_attempt a;
  flp_rc rc = flp_solve_start(s, res, &a, err);
  if (rc != FLP_OK) return rc;
  return flp_solve_finish(s, &a, flp_loop_run(&a.loop, err), res, err);
}
