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

/* Into the polish's mode: its iterate (x from `x_user`, or the main run's
 * T(z)) and zero objective where the loop looks, y = 0, the weight of no
 * objective, no log; and the feasibility run begun. */
static flp_rc enter(flp_solver *s, const double *x_user, int64_t iterations, double seconds,
                    flp_polish_run *P, flp_error *err) {
  memset(P, 0, sizeof *P);
  P->weight = s->weight;
  P->norm_A = s->norm_A;
  P->eta = s->eta;
  P->quiet = s->quiet;
  flp_rc rc = ensure_vectors(s, err);
  if (rc == FLP_OK) rc = flp_result_alloc(&P->out, s->user.num_rows, s->user.num_cols, err);
  if (rc != FLP_OK) return rc;
  swap_roles(&s->v);
  P->swapped = 1;
  if (x_user) rc = flp_load_point(s, x_user, NULL, s->v.x, s->v.y, err);
  else rc = s->be->vec_copy(s->ctx, s->v.x, s->v.xh, err); /* the main run's T(z) */
  P->run = (flp_run){.res = &P->out, .rep = &P->rep, .probe = NULL, .t0 = flp_wall_seconds(),
                     .iteration_limit = iterations, .time_limit = seconds > 0 ? seconds : 0, .main = 0};
  /* no objective: the data norms balance as bound/objective rescaling leaves them */
  s->weight = s->settings.bound_objective_rescaling ? 1.0 : 1.0 / (1 + s->rhs_norm2);
  s->quiet = 1;
  if (rc == FLP_OK) rc = s->be->vec_fill(s->ctx, s->v.y, 0.0, err);
  if (rc == FLP_OK) rc = flp_loop_begin(&P->loop, s, &P->run, err);
  return rc;
}

/* Back to the main run: its weight, step, iterate and log. */
static void leave(flp_solver *s, flp_polish_run *P) {
  s->weight = P->weight;
  s->norm_A = P->norm_A;
  s->eta = P->eta;
  s->quiet = P->quiet;
  if (P->swapped) swap_roles(&s->v);
  P->swapped = 0;
}

flp_rc flp_polish_begin(flp_solver *s, int64_t iterations, double seconds, flp_polish_run *P,
                        flp_error *err) {
  flp_rc rc = enter(s, NULL, iterations, seconds, P, err);
  if (rc != FLP_OK) {
    leave(s, P);
    flp_result_free(&P->out);
  }
  return rc;
}

flp_rc flp_polish_end(flp_solver *s, flp_polish_run *P, flp_rc loop_rc, int64_t it, flp_result *res,
                      flp_kkt_report *rep, int *accepted, flp_error *err) {
  const flp_problem *p = &s->user;
  const flp_settings *st = &s->settings;
  flp_result *pr = &P->out;
  *accepted = 0;
  leave(s, P);
  if (loop_rc != FLP_OK) {
    flp_result_free(pr);
    return loop_rc;
  }
  res->polish_iterations += pr->iterations;
  flp_kkt_report after = P->rep;
  if (pr->status == FLP_OPTIMAL) {
    /* judged with the y it will be reported with; pr's activity and reduced
     * costs are scratch of the right sizes */
    flp_kkt_evaluate(p, pr->x, res->y, st->norm, pr->row_activity, pr->reduced_costs, &after);
    *accepted = flp_kkt_meets_tolerance(&after, st);
    flp_log_line(s, "notice: iteration %lld: feasibility polish, %lld iterations: row %.1e -> %.1e, "
                 "gap %.1e -> %.1e, sensitivity %.1e -> %.1e; %s", (long long)it, (long long)pr->iterations,
                 rep->rel_primal_rowwise, after.rel_primal_rowwise, rep->rel_gap, after.rel_gap,
                 rep->rel_sensitivity, after.rel_sensitivity, *accepted ? "accepted" : "not kept");
  } else {
    flp_log_line(s, "notice: iteration %lld: feasibility polish stopped after %lld iterations (%s); "
                 "not kept", (long long)it, (long long)pr->iterations, flp_status_name(pr->status));
  }
  if (*accepted) {
    memcpy(res->x, pr->x, (size_t)p->num_cols * sizeof *res->x);
    memcpy(res->row_activity, pr->row_activity, (size_t)p->num_rows * sizeof *res->row_activity);
    memcpy(res->reduced_costs, pr->reduced_costs, (size_t)p->num_cols * sizeof *res->reduced_costs);
    *rep = after;
  }
  flp_result_free(pr);
  (void)err;
  return FLP_OK;
}

flp_rc flp_polish_primal(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err) {
  flp_polish_run P;
  flp_rc rc = flp_polish_begin(s, iterations, seconds, &P, err);
  if (rc != FLP_OK) return rc;
  return flp_polish_end(s, &P, flp_loop_run(&P.loop, err), it, res, rep, accepted, err);
}

flp_rc flp_polish_from(flp_solver *s, const double *x, int64_t iterations, flp_result *out,
                       flp_error *err) {
  flp_polish_run P;
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_solver_prepare(s, err);
  if (rc != FLP_OK) return rc;
  rc = enter(s, x, iterations, 0, &P, err);
  if (rc == FLP_OK) rc = flp_loop_run(&P.loop, err);
  leave(s, &P);
  *out = P.out; /* owned by the caller from here */
  if (rc == FLP_OK && out->status != FLP_OPTIMAL) rc = flp_unscale_point(s, out, &P.rep, err);
  if (rc != FLP_OK) flp_result_free(out);
  return rc;
}
