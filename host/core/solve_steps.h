/* A solve split where the PDHG loop runs (solver_solve.c), so that a
 * scenario batch (batch.c) can do the iterations of many solves at once:
 *   flp_solve_start   prepares (presolve, device, data) and begins the loop;
 *   the loop          flp_loop_check / iterations / flp_loop_advanced on a->loop;
 *   flp_solve_finish  brings the point back, certifies, and answers a GPU
 *                     failure under auto or a certificate that does not
 *                     survive the postsolve by solving again on its own.
 * flp_solver_solve is exactly these three. */
#ifndef FLEETLP_SOLVE_STEPS_H
#define FLEETLP_SOLVE_STEPS_H

#include "pdhg_loop.h"

typedef struct flp_attempt {
  flp_kkt_report rep;
  flp_infeas_probe probe;
  flp_run run;
  flp_loop loop;  /* must not move once begun */
  double t0;      /* time origin of the limits */
  double t_setup; /* when this solve began preparing */
  double setup;   /* setup seconds the result reports */
} flp_attempt;

/* res is overwritten. On failure the solve is over (res zeroed, the solver
 * ready for the next); otherwise flp_solve_finish must follow. */
flp_rc flp_solve_start(flp_solver *s, flp_result *res, flp_attempt *a, flp_error *err);
/* loop_rc: how the loop ended (FLP_OK once a status is set). */
flp_rc flp_solve_finish(flp_solver *s, flp_attempt *a, flp_rc loop_rc, flp_result *res,
                        flp_error *err);

#endif
