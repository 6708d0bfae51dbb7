/* One check of the PDHG loop: evaluate T(z), its KKT residuals in the user's
 * units and the fixed-point residual; and the restart / primal-weight logic. */
#ifndef FLEETLP_ITERATE_H
#define FLEETLP_ITERATE_H

#include "solver.h"

typedef struct flp_check {
  double primal_obj, dual_obj;   /* minimisation form, offset included */
  double abs_primal, abs_dual;   /* in the settings' norm */
  double rel_primal, rel_dual, rel_gap;
  double fixed_point;            /* ||z - T(z)|| in the PDHG metric */
  double norm_lower_bound;       /* a lower bound on ||A_s||_2 seen at this check */
  int finite;                    /* 0 when anything above is NaN or inf */
} flp_check;

typedef struct flp_restart_state {
  int64_t k;             /* iterations since the last restart (Halpern counter) */
  double r0, r_prev;     /* fixed-point residual at the restart and at the last check */
  double pid_integral, pid_prev_error;
  double best_weight, best_balance;
  double rel_primal, rel_dual, rel_gap; /* at the last check: which side lags */
  int64_t restarts;
} flp_restart_state;

/* Runs `count` Halpern iterations from the current z. */
flp_rc flp_run_iterations(flp_solver *s, const flp_restart_state *rs, int count, flp_error *err);

/* The same for K solvers at once (a scenario batch) that share one device
 * matrix: one batched backend call, or K single ones where the backend has
 * none. Each solver counts its own `count` passes. */
flp_rc flp_run_iterations_batch(flp_solver *const *s, const flp_restart_state *const *rs, int K,
                                int count, flp_error *err);

/* Computes T(z), A T(z), residuals and the fixed-point residual. Leaves
 * dx = x - xh and dy = y - yh on the device. */
flp_rc flp_evaluate_check(flp_solver *s, flp_check *out, flp_error *err);

/* Restart decision: 0 none, 1 sufficient, 2 necessary, 3 artificial. */
int flp_restart_kind(const flp_settings *st, const flp_restart_state *rs, double r, int64_t total_iterations);

/* Restart at T(z): updates the primal weight from the movement since the last
 * restart, moves anchor and iterate to T(z), resets the counter. */
flp_rc flp_do_restart(flp_solver *s, flp_restart_state *rs, double r, flp_error *err);

/* Remember the check's residuals (which side lags, for the weight guard) and
 * the weight whose residuals were best balanced (fallback for PID). */
void flp_track_check(flp_solver *s, flp_restart_state *rs, const flp_check *c);

#endif
