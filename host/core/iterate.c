/* The pieces of the PDHG loop that touch the device: iterations, the check
 * evaluation and restarts with the PID primal-weight update (DESIGN section 3). */
#include <math.h>
#include <stdlib.h>

#include "iterate.h"

static flp_pdhg_args step_args(flp_solver *s, const flp_restart_state *rs, int halpern) {
  flp_vectors *v = &s->v;
  flp_pdhg_args a = {.A = s->A, .x = v->x, .y = v->y, .x0 = v->x0, .y0 = v->y0, .xh = v->xh,
                     .yh = v->yh, .aty = v->aty, .xbar = v->xbar, .v = v->v, .c = v->c, .l = v->l,
                     .u = v->u, .rl = v->rl, .ru = v->ru};
  a.tau = s->eta / s->weight;
  a.sigma = s->eta * s->weight;
  a.gamma = s->settings.reflection;
  a.k0 = rs ? rs->k : 0;
  a.halpern = halpern;
  return a;
}

flp_rc flp_run_iterations(flp_solver *s, const flp_restart_state *rs, int count, flp_error *err) {
  flp_pdhg_args a = step_args(s, rs, 1);
  s->matrix_passes += count;
  return s->be->pdhg_iterate(s->ctx, &a, count, err);
}

flp_rc flp_run_iterations_batch(flp_solver *const *s, const flp_restart_state *const *rs, int K,
                                int count, flp_error *err) {
  if (K == 1 || !s[0]->be->pdhg_iterate_batch) {
    for (int k = 0; k < K; ++k) {
      flp_rc rc = flp_run_iterations(s[k], rs[k], count, err);
      if (rc != FLP_OK) return rc;
    }
    return FLP_OK;
  }
  flp_pdhg_args *args = malloc((size_t)K * sizeof *args);
  const flp_pdhg_args **ptrs = malloc((size_t)K * sizeof *ptrs);
  if (!args || !ptrs) {
    free(args);
    free(ptrs);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a batch of %d iterations", K);
  }
  for (int k = 0; k < K; ++k) {
    args[k] = step_args(s[k], rs[k], 1);
    ptrs[k] = &args[k];
    s[k]->matrix_passes += count;
  }
  flp_rc rc = s[0]->be->pdhg_iterate_batch(s[0]->ctx, ptrs, K, count, err);
  free(args);
  free(ptrs);
  return rc;
}

flp_rc flp_evaluate_check(flp_solver *s, flp_check *out, flp_error *err) {
  const flp_backend *be = s->be;
  flp_backend_ctx *ctx = s->ctx;
  flp_vectors *v = &s->v;
  flp_rc rc;
  flp_pdhg_args a = step_args(s, NULL, 0);
  s->matrix_passes += 2; /* T(z), then A xh and A' yh */
  if ((rc = be->pdhg_iterate(ctx, &a, 1, err)) != FLP_OK) return rc;
  if ((rc = be->spmv(ctx, s->A, 1.0, v->xh, 0.0, v->ax, err)) != FLP_OK) return rc;
  if ((rc = be->spmv_t(ctx, s->A, 1.0, v->yh, 0.0, v->atyh, err)) != FLP_OK) return rc;
  flp_kkt_args k = {.x = v->xh, .y = v->yh, .ax = v->ax, .aty = v->atyh, .c = v->c, .l = v->l,
                    .u = v->u, .rl = v->rl, .ru = v->ru, .row_w = v->row_w, .col_w = v->col_w};
  flp_kkt_sums sums;
  if ((rc = be->kkt_sums(ctx, &k, &sums, err)) != FLP_OK) return rc;

  const flp_problem *p = s->problem;
  double b = s->scaling.bound_scale, o = s->scaling.obj_scale;
  int linf = s->settings.norm == FLP_NORM_LINF;
  out->primal_obj = sums.primal_obj / (b * o) + p->obj_offset;
  out->dual_obj = sums.dual_obj / (b * o) + p->obj_offset;
  out->abs_primal = (linf ? sums.primal_res_inf : sqrt(sums.primal_res_sq)) / b;
  out->abs_dual = (linf ? sums.dual_res_inf : sqrt(sums.dual_res_sq)) / o;
  out->rel_primal = out->abs_primal / (1 + (linf ? s->rhs_norm_inf : s->rhs_norm2));
  out->rel_dual = out->abs_dual / (1 + (linf ? s->c_norm_inf : s->c_norm2));
  out->rel_gap = fabs(out->primal_obj - out->dual_obj) /
                 (1 + fabs(out->primal_obj) + fabs(out->dual_obj));

  /* ||z - T(z)||_M^2 = |dx|^2/tau + |dy|^2/sigma + 2 dy'A dx, with
   * A dx = A x - A xh = (2 A xh - v) - A xh = ax - v: no extra product. */
  if ((rc = be->vec_copy(ctx, v->dx, v->x, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(ctx, -1.0, v->xh, 1.0, v->dx, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->dy, v->y, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(ctx, -1.0, v->yh, 1.0, v->dy, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->adx, v->ax, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(ctx, -1.0, v->v, 1.0, v->adx, err)) != FLP_OK) return rc;
  double nx, ny, cross;
  if ((rc = be->dot(ctx, v->dx, v->dx, &nx, err)) != FLP_OK) return rc;
  if ((rc = be->dot(ctx, v->dy, v->dy, &ny, err)) != FLP_OK) return rc;
  if ((rc = be->dot(ctx, v->dy, v->adx, &cross, err)) != FLP_OK) return rc;
  double r2 = nx / a.tau + ny / a.sigma + 2 * cross;
  out->fixed_point = sqrt(fmax(r2, 0.0));
  /* |dy'A dx| <= ||A|| |dx| |dy| bounds ||A|| from below; a bound above the
   * power-iteration estimate means the step is too long for PDHG to be
   * nonexpansive, and the caller must shorten it. */
  out->norm_lower_bound = nx > 0 && ny > 0 ? fabs(cross) / sqrt(nx * ny) : 0.0;
  out->finite = isfinite(out->primal_obj) && isfinite(out->dual_obj) && isfinite(out->abs_primal) &&
                isfinite(out->abs_dual) && isfinite(r2);
  return FLP_OK;
}

int flp_restart_kind(const flp_settings *st, const flp_restart_state *rs, double r, int64_t total) {
  if (rs->k <= 0) return 0;
  if (r <= st->restart_sufficient * rs->r0) return 1;
  if (r <= st->restart_necessary * rs->r0 && r > rs->r_prev) return 2;
  if ((double)rs->k >= st->restart_artificial * (double)total) return 3;
  return 0;
}

void flp_track_check(flp_solver *s, flp_restart_state *rs, const flp_check *c) {
  rs->rel_primal = c->rel_primal;
  rs->rel_dual = c->rel_dual;
  rs->rel_gap = c->rel_gap;
  if (!(c->rel_primal > 0) || !(c->rel_dual > 0)) return;
  double balance = fabs(log(c->rel_primal / c->rel_dual));
  if (isfinite(balance) && balance < rs->best_balance) {
    rs->best_balance = balance;
    rs->best_weight = s->weight;
  }
}

/* PID step on log w toward log(|dy| / |dx|), dx, dy = movement since the last restart. */
static void update_weight(flp_solver *s, flp_restart_state *rs, double nx, double ny) {
  const flp_settings *st = &s->settings;
  if (nx > 1e-10 && ny > 1e-10 && isfinite(nx) && isfinite(ny)) {
    double error = log(ny / nx) - log(s->weight);
    rs->pid_integral = st->pid_integral_decay * rs->pid_integral + error;
    double step = st->pid_kp * error + st->pid_ki * rs->pid_integral +
                  st->pid_kd * (error - rs->pid_prev_error);
    rs->pid_prev_error = error;
    /* A larger weight lengthens the dual step, which is what closes the
     * primal residual, and the reverse. A residual that is exactly zero
     * (every column boxed: no dual residual) says nothing about balance. */
    double g = st->weight_guard_ratio, p = rs->rel_primal, d = rs->rel_dual, gap = rs->rel_gap;
    if (g > 0 && d > 0 && p > g * fmax(d, gap) && step < 0) step = 0;
    if (g > 0 && p > 0 && d > g * fmax(p, gap) && step > 0) step = 0;
    double w = exp(log(s->weight) + step);
    if (isfinite(w) && w > 0) s->weight = w;
  } else if (rs->best_weight > 0) {
    s->weight = rs->best_weight;
  }
}

flp_rc flp_do_restart(flp_solver *s, flp_restart_state *rs, double r, flp_error *err) {
  const flp_backend *be = s->be;
  flp_backend_ctx *ctx = s->ctx;
  flp_vectors *v = &s->v;
  flp_rc rc;
  /* movement since the last restart, reusing the check's scratch */
  if ((rc = be->vec_copy(ctx, v->dx, v->xh, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(ctx, -1.0, v->x0, 1.0, v->dx, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->dy, v->yh, err)) != FLP_OK) return rc;
  if ((rc = be->axpby(ctx, -1.0, v->y0, 1.0, v->dy, err)) != FLP_OK) return rc;
  double nx, ny;
  if ((rc = be->norm2(ctx, v->dx, &nx, err)) != FLP_OK) return rc;
  if ((rc = be->norm2(ctx, v->dy, &ny, err)) != FLP_OK) return rc;
  update_weight(s, rs, nx, ny);
  if ((rc = be->vec_copy(ctx, v->x0, v->xh, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->y0, v->yh, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->x, v->xh, err)) != FLP_OK) return rc;
  if ((rc = be->vec_copy(ctx, v->y, v->yh, err)) != FLP_OK) return rc;
  rs->k = 0;
  rs->r0 = r;
  rs->r_prev = r;
  rs->restarts++;
  return FLP_OK;
}
