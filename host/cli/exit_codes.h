/* Process exit codes of the fleetlp command (documented in --help and README). */
#ifndef FLEETLP_CLI_EXIT_CODES_H
#define FLEETLP_CLI_EXIT_CODES_H

#include "fleetlp_fleet.h"

enum {
  FLP_EXIT_OPTIMAL = 0,
  FLP_EXIT_BAD_INPUT = 2,     /* bad input file or usage */
  FLP_EXIT_INTERNAL = 3,      /* internal or numerical error, device failure */
  FLP_EXIT_PRIMAL_INFEASIBLE = 10,
  FLP_EXIT_DUAL_INFEASIBLE = 11,
  FLP_EXIT_LIMIT = 12,        /* time or iteration limit reached */
  FLP_EXIT_INTERRUPTED = 75   /* stopped by a signal (EX_TEMPFAIL: requeue) */
};

#define FLP_EXIT_CODES_HELP                                                         \
  "Exit codes:\n"                                                                   \
  "  0   optimal\n"                                                                 \
  "  2   bad input file or usage, or an output that cannot be written\n"              \
  "  3   internal or numerical error (also: GPU failure under --device gpu)\n"      \
  "  10  primal infeasible (a Farkas certificate was found and checked)\n"          \
  "  11  dual infeasible: unbounded if feasible (a primal ray was checked)\n"       \
  "  12  time or iteration limit reached\n"                                         \
  "  75  interrupted by SIGINT/SIGTERM/SIGUSR1 (EX_TEMPFAIL, so Slurm can requeue)\n"

int flp_exit_code_for_status(flp_status s);
/* Several outcomes in one exit code (a batch of inputs, a scenario batch):
 * 0 when all are 0, else the most severe in the order
 *   75 (stopped by a signal: requeue) > 3 > 2 > 11 > 10 > 12 > 0.
 * Unknown codes count as 3. */
#define FLP_EXIT_WORST_ORDER_HELP "75 (stopped by a signal), 3, 2, 11, 10, 12"
int flp_exit_code_severity(int code);
int flp_exit_code_worst(int a, int b);
int flp_exit_code_for_rc(flp_rc rc);

#endif
