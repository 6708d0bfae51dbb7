/* `fleetlp solve --batch LIST --out-dir DIR [MODEL...]`: many LPs in one
 * process, one solution (.h5) and JSON summary per input, a summary CSV. */
#ifndef FLEETLP_CLI_BATCH_H
#define FLEETLP_CLI_BATCH_H

#include "fleetlp_fleet.h"

typedef struct flp_cli_batch {
  const char *list;    /* --batch LIST: one input per line (NULL: none) */
  const char *out_dir; /* --out-dir DIR */
  const char **inputs; /* models named on the command line */
  int num_inputs;
} flp_cli_batch;

#define FLP_CLI_BATCH_HELP                                                                \
  "  --batch LIST         solve every input named in LIST (one path a line; blank\n"       \
  "                       lines and lines starting with # are skipped) in one process\n"  \
  "  --out-dir DIR        batch output folder: NAME.h5 and NAME.json per input and\n"      \
  "                       summary.csv; also allows several MODELs on the command line.\n"  \
  "                       A failing input does not stop the others. Exit code: 0 when\n"   \
  "                       every input is optimal, else the most severe outcome's code\n"   \
  "                       in the order 75 (stopped by a signal), 3, 2, 11, 10, 12\n"

/* 1 when the options ask for a batch. */
int flp_cli_batch_wanted(const flp_cli_batch *b);

/* Runs the batch with settings s (a stop signal stops it after the current
 * input); returns the exit code described in FLP_CLI_BATCH_HELP. */
int flp_cli_batch_run(const flp_cli_batch *b, const flp_settings *s);

#endif
