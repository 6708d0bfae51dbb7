/* Command-line side of production runs, shared by `solve` and `plan`:
 * --checkpoint FILE, --checkpoint-every SEC, --resume FILE, --warm-start FILE.
 * The library never names files; this module turns the options into the
 * flp_settings callbacks and inputs (docs/checkpoint.md). */
#ifndef FLEETLP_CLI_PRODUCTION_H
#define FLEETLP_CLI_PRODUCTION_H

#include "fleetlp_fleet.h"

typedef struct flp_cli_production {
  /* options */
  const char *checkpoint, *resume, *warm_start;
  double checkpoint_every;
  /* state while solving */
  flp_checkpoint *resume_state;
  double *warm_x, *warm_y;
  int64_t written;    /* checkpoints written */
  int last_failed;    /* the last checkpoint could not be written */
  char last_error[1024];
} flp_cli_production;

#define FLP_CLI_PRODUCTION_HELP                                                          \
  "  --checkpoint FILE    on SIGTERM/SIGUSR1 finish the current interval, write the\n"    \
  "                       solver state to FILE (atomically) and exit with 75\n"           \
  "  --checkpoint-every SEC  also write FILE every SEC seconds\n"                        \
  "  --resume FILE        continue from a checkpoint of the same problem, settings\n"    \
  "                       and fleetlp version (else exit 2); bit-identical on the CPU\n" \
  "                       with the same threads\n"                                        \
  "  --warm-start FILE    start from x and y of an HDF5 solution (or plan) of a\n"       \
  "                       problem with the same shape\n"

/* Handles one option of the list above: 1 consumed (value used), 0 not one
 * of them, -1 bad value (message printed). */
int flp_cli_production_option(flp_cli_production *pr, const char *opt, const char *value);

/* Checks the combination, reads the checkpoint / warm start for problem p and
 * puts --checkpoint-every into s. Returns 0 or an exit code (message
 * printed). s must hold its final settings: the checkpoint is matched
 * against flp_settings_hash(s). */
int flp_cli_production_begin(flp_cli_production *pr, const flp_problem *p, flp_settings *s);
/* Hands the checkpoint sink, the resume state and the warm start to s. */
flp_rc flp_cli_production_attach(flp_cli_production *pr, flp_solver *s, flp_error *err);

/* The exit code after a solve that returned `code`: a stop whose checkpoint
 * could not be written is an error (3), not a requeue (75). */
int flp_cli_production_exit_code(const flp_cli_production *pr, int code);

void flp_cli_production_end(flp_cli_production *pr);

#endif
