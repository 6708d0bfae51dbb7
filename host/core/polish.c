/* Primal feasibility polish (see polish.h). */
#include <stdlib.h>
#include <string.h>

#include "checkpoint_state.h"
#include "log.h"
#include "pdhg_loop.h"
#include "polish.h"
#include "result.h"

#define SWAP(a, b)        \
  do {                    \
    flp_vec *swap_ = (a); \
    (a) = (b);            \
    (b) = swap_;          \
  } while (0)

static flp_rc ensure_vectors(flp_solver *s, flp_error *err) {
  flp_vectors *v = &s->v;
  if (v->zero_c) return FLP_OK;
  flp_vec **cols[] = {&v->px, &v->px0}, **rows[] = {&v->py, &v->py0};
  flp_rc rc = FLP_OK;
  for (int k = 0; k < 2 && rc == FLP_OK; ++k) rc = s->be->vec_alloc(s->ctx, s->n, cols[k], err);
  for (int k = 0; k < 2 && rc == FLP_OK; ++k) rc = s->be->vec_alloc(s->ctx, s->m, rows[k], err);
  if (rc == FLP_OK) rc = s->be->vec_alloc(s->ctx, s->n, &v->zero_c, err); /* zeroed */
  return rc;
}

/* Puts the polish's iterate and zero objective where the loop looks (and
 * back: the swap is its own inverse). */
static void swap_roles(flp_vectors *v) {
  SWAP(v->x, v->px);
  SWAP(v->y, v->py);
  SWAP(v->x0, v->px0);
  SWAP(v->y0, v->py0);
  SWAP(v->c, v->zero_c);
}

/* The feasibility run from the polish's x (already in place) and y = 0;
 * the main run's weight, step and iterate come back as they were. */
static flp_rc feasibility_run(flp_solver *s, int64_t iterations, double seconds, flp_result *out,
                              flp_kkt_report *rep, flp_error *err) {
  double weight = s->weight, norm_A = s->norm_A, eta = s->eta;
  int quiet = s->quiet;
  flp_run run = {.res = out, .rep = rep, .probe = NULL, .t0 = flp_wall_seconds(),
                 .iteration_limit = iterations, .time_limit = seconds > 0 ? seconds : 0, .main = 0};
  /* no objective: the data norms balance as bound/objective rescaling leaves them */
  s->weight = s->settings.bound_objective_rescaling ? 1.0 : 1.0 / (1 + s->rhs_norm2);
  s->quiet = 1;
  flp_rc rc = s->be->vec_fill(s->ctx, s->v.y, 0.0, err);
  if (rc == FLP_OK) rc = flp_pdhg_run(s, &run, err);
  s->weight = weight;
  s->norm_A = norm_A;
  s->eta = eta;
  s->quiet = quiet;
  return rc;
}

/* Runs the polish from the point `place` puts into s->v.x. */
static flp_rc polish_run(flp_solver *s, const double *x_user, int64_t iterations, double seconds,
                         flp_result *out, flp_kkt_report *rep, flp_error *err) {
  flp_rc rc = ensure_vectors(s, err);
  if (rc == FLP_OK) rc = flp_result_alloc(out, s->user.num_rows, s->user.num_cols, err);
  if (rc != FLP_OK) return rc;
  swap_roles(&s->v);
  if (x_user) rc = flp_load_point(s, x_user, NULL, s->v.x, s->v.y, err);
  else rc = s->be->vec_copy(s->ctx, s->v.x, s->v.xh, err); /* the main run's T(z) */
  if (rc == FLP_OK) rc = feasibility_run(s, iterations, seconds, out, rep, err);
  swap_roles(&s->v);
  return rc;
}

flp_rc flp_polish_primal(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err) {
  const flp_problem *p = &s->user;
  const flp_settings *st = &s->settings;
  *accepted = 0;
  flp_result pr;
  flp_kkt_report after;
  memset(&pr, 0, sizeof pr);
  memset(&after, 0, sizeof after);
  flp_rc rc = polish_run(s, NULL, iterations, seconds, &pr, &after, err);
  if (rc != FLP_OK) {
    flp_result_free(&pr);
    return rc;
  }
  res->polish_iterations += pr.iterations;
  if (pr.status == FLP_OPTIMAL) {
    /* judged with the y it will be reported with; pr's activity and reduced
     * costs are scratch of the right sizes */
    flp_kkt_evaluate(p, pr.x, res->y, st->norm, pr.row_activity, pr.reduced_costs, &after);
    *accepted = flp_kkt_meets_tolerance(&after, st);
    flp_log_line(s, "notice: iteration %lld: feasibility polish, %lld iterations: row %.1e -> %.1e, "
                 "gap %.1e -> %.1e, sensitivity %.1e -> %.1e; %s", (long long)it, (long long)pr.iterations,
                 rep->rel_primal_rowwise, after.rel_primal_rowwise, rep->rel_gap, after.rel_gap,
                 rep->rel_sensitivity, after.rel_sensitivity, *accepted ? "accepted" : "not kept");
  } else {
    flp_log_line(s, "notice: iteration %lld: feasibility polish stopped after %lld iterations (%s); "
                 "not kept", (long long)it, (long long)pr.iterations, flp_status_name(pr.status));
  }
  if (*accepted) {
    memcpy(res->x, pr.x, (size_t)p->num_cols * sizeof *res->x);
    memcpy(res->row_activity, pr.row_activity, (size_t)p->num_rows * sizeof *res->row_activity);
    memcpy(res->reduced_costs, pr.reduced_costs, (size_t)p->num_cols * sizeof *res->reduced_costs);
    *rep = after;
  }
  flp_result_free(&pr);
  return FLP_OK;
}

flp_rc flp_polish_from(flp_solver *s, const double *x, int64_t iterations, flp_result *out,
                       flp_error *err) {
  flp_kkt_report rep;
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_solver_prepare(s, err);
  if (rc == FLP_OK) rc = polish_run(s, x, iterations, 0, out, &rep, err);
  if (rc == FLP_OK && out->status != FLP_OPTIMAL) rc = flp_unscale_point(s, out, &rep, err);
  if (rc != FLP_OK) flp_result_free(out);
  return rc;
}
