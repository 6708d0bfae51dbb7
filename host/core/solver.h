/* Internal state of one solve. Only host/core includes this. */
#ifndef FLEETLP_SOLVER_H
#define FLEETLP_SOLVER_H

#include "backend.h"

/* Scaling maps the user's problem to the one PDHG iterates on:
 *   A_s = diag(row_scale) A diag(col_scale)
 *   x = col_scale .* x_s / bound_scale,   y = row_scale .* y_s / obj_scale */
typedef struct flp_scaling {
  double *row_scale, *col_scale; /* host copies, sizes m and n */
  double bound_scale, obj_scale;
} flp_scaling;

/* Device vectors of one solve. */
typedef struct flp_vectors {
  flp_vec *c, *l, *u, *rl, *ru;   /* scaled data */
  flp_vec *row_w, *col_w;         /* 1 / row_scale, 1 / col_scale */
  flp_vec *x, *y, *x0, *y0;       /* iterate z and Halpern anchor */
  flp_vec *xh, *yh;               /* T(z) */
  flp_vec *aty, *xbar, *v;        /* pdhg scratch */
  flp_vec *ax, *atyh;             /* A xh, A' yh at checks */
  flp_vec *dx, *dy, *adx;         /* z - T(z) and A (x - xh) at checks */
} flp_vectors;

struct flp_presolve;

typedef struct flp_solver {
  const flp_problem *problem;     /* the LP PDHG iterates on */
  const flp_problem *user;        /* the user's LP: results are certified on it */
  const struct flp_presolve *presolve; /* maps problem's points to user's; NULL: same LP */
  double *post_x, *post_y;        /* host scratch of problem's sizes for the postsolve */
  const flp_settings *settings;
  const flp_backend *be;
  flp_backend_ctx *ctx;
  flp_mat *A;
  flp_vectors v;
  flp_scaling scaling;
  int32_t m, n;
  int shared_ctx;      /* ctx belongs to settings->context: not destroyed here */
  int feasibility_only; /* stop at the first x that meets the primal criteria */
  double norm_A;       /* ||A_s||_2 estimate */
  double eta;          /* step_safety / norm_A */
  double weight;       /* primal weight w: tau = eta / w, sigma = eta * w */
  /* norms of the user's data for relative termination */
  double rhs_norm2, rhs_norm_inf, c_norm2, c_norm_inf;
  char device[128];
} flp_solver;

/* setup.c: backend choice, upload, scaling, step size for the LP p; results
 * are judged on `user` (p itself, or the LP p was presolved from). Cleanup
 * is safe on partial state. */
flp_rc flp_solver_setup(flp_solver *s, const flp_problem *p, const flp_problem *user,
                        const flp_settings *st, flp_message_fn notice, void *notice_user,
                        flp_error *err);
void flp_solver_cleanup(flp_solver *s);
/* Opens s->be / s->ctx for s->settings->device (auto: GPU, else CPU with a notice). */
flp_rc flp_choose_backend(flp_solver *s, flp_message_fn notice, void *user, flp_error *err);
/* context.c: uses the shared context c (sets shared_ctx). */
flp_rc flp_context_attach(flp_solver *s, const flp_context *c, flp_error *err);
/* A context that lends s's open backend to a nested solve (the polish) while
 * s waits; it owns nothing and is never freed. */
struct flp_context {
  const flp_backend *be;
  flp_backend_ctx *ctx;
  char device[128];
};
void flp_context_borrow(const flp_solver *s, flp_context *out);

/* solve.c: flp_solve, except that the first x meeting the primal criteria
 * (relative residual and per-row guard, bounds) ends it as OPTIMAL: the
 * objective and the duals are not judged. For the polish (polish.h). */
flp_rc flp_solve_feasibility(const flp_problem *p, const flp_settings *st, flp_result *res,
                             flp_error *err);

/* scaling.c: Ruiz + Pock-Chambolle on the device matrix, bound/objective
 * rescaling; uploads the scaled data vectors and the residual weights. */
flp_rc flp_scale_problem(flp_solver *s, flp_error *err);

/* power_iteration.c: ||A_s||_2 by power iteration on A_s' A_s. */
flp_rc flp_estimate_norm(flp_solver *s, double *out, flp_error *err);

#endif
