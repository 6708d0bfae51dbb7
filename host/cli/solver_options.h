/* What `solve` and `plan` share: the solver options on the command line,
 * the signals that ask a solve to stop at its next check, and one LP solved
 * through the solver object with the command's hooks. */
#ifndef FLEETLP_CLI_SOLVER_OPTIONS_H
#define FLEETLP_CLI_SOLVER_OPTIONS_H

#include "fleetlp_fleet.h"
#include "production.h"

/* Option a with value v: 1 handled, 0 not a solver option, -1 bad value
 * (message printed). */
int flp_solver_option(flp_settings *s, const char *a, const char *v);

#define FLP_SOLVER_OPTIONS_HELP                                                             \
  "  --tol EPS            relative KKT tolerance (default 1e-4)\n"                          \
  "  --norm l2|linf       norm of the termination test (default l2)\n"                      \
  "  --time-limit SEC     stop after SEC seconds (default: none)\n"                         \
  "  --iter-limit N       stop after N iterations (default: none)\n"                        \
  "  --threads N          CPU threads (default: OpenMP's choice)\n"                         \
  "  --device D           auto (GPU if usable, else CPU), cpu or gpu (default auto)\n"      \
  "  --check-every N      iterations between restart/termination checks (default 64)\n"    \
  "  --log-every N        log a row about every N iterations (default 640)\n"               \
  "  --set NAME=VALUE     change any setting (repeatable; names: fleetlp solve --list-settings)\n"

/* SIGINT, SIGTERM and SIGUSR1 interrupt the watched solver at its next check
 * and are remembered for flp_cli_stop_requested. */
void flp_cli_stop_on_signals(void);
int flp_cli_stop_requested(void);

/* Solves p with settings s through a solver object (in ctx when not NULL):
 * log lines to stdout, on_check (may be NULL) at every check, and the
 * production options (prod may be NULL: checkpoint sink, resume, warm
 * start). A signal interrupts it. rc as flp_solver_solve. */
flp_rc flp_cli_solve_lp(const flp_problem *p, const flp_settings *s, flp_context *ctx,
                        flp_cli_production *prod, flp_check_fn on_check, void *on_check_user,
                        flp_result *res, flp_error *err);

#endif
