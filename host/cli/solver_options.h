/* What `solve` and `plan` share: the solver options on the command line and
 * the signals that ask a solve to stop at its next check. */
#ifndef FLEETLP_CLI_SOLVER_OPTIONS_H
#define FLEETLP_CLI_SOLVER_OPTIONS_H

#include "fleetlp.h"

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
  "  --set NAME=VALUE     change an algorithm setting (repeatable; names: fleetlp solve --list-settings)\n"

/* SIGINT, SIGTERM and SIGUSR1 set *flag (the solver polls it at checks). */
void flp_cli_stop_on_signals(volatile int *flag);

#endif
