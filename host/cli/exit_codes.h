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
  "  75  interrupted by SIGINT/SIGTERM/SIGUSR1 (EX_TEMPFAIL, so Slurm can requeue)\n"   \
  "Several LPs in one run (--batch, --scenarios): 0 when every one is optimal,\n"    \
  "else the code of the most severe outcome, in the order 75, 3, 2, 11, 10, 12.\n"

int flp_exit_code_for_status(flp_status s);
int flp_exit_code_for_rc(flp_rc rc);

/* Several outcomes in one exit code (batches, scenario batches): the most
 * severe wins, in the order 75 (a signal stopped the run: it must be requeued
 * whatever else happened, or the rest is never solved) > 3 (internal or
 * numerical error) > 2 (bad input, an output not written) > 11 (dual
 * infeasible) > 10 (primal infeasible) > 12 (limit reached) > 0: an error
 * means an answer is missing, a proof of infeasibility is an answer the user
 * must act on, and a limit only asks for more time. Severity 0 (optimal) to
 * 6 (interrupted), in that order; an unknown code counts as 3. */
int flp_exit_code_severity(int code);
/* The more severe of two exit codes. */
int flp_exit_code_worst(int a, int b);

#endif
