/* `fleetlp solve MODEL --scenarios FILE --out-dir DIR [--json FILE]`: every
 * scenario of FILE (docs/scenarios.md) solved as one batch on the base LP
 * MODEL, with the usual solver options applied to each. */
#ifndef FLEETLP_CLI_SCENARIOS_H
#define FLEETLP_CLI_SCENARIOS_H

#include "fleetlp_fleet.h"

typedef struct flp_cli_scenarios {
  const char *model;     /* the base LP */
  const char *scenarios; /* --scenarios FILE */
  const char *out_dir;   /* --out-dir DIR */
  const char *json;      /* --json FILE, or NULL */
} flp_cli_scenarios;

#define FLP_CLI_SCENARIOS_HELP                                                             \
  "  --scenarios FILE     solve every scenario of FILE (fleetlp-scenarios HDF5: costs\n"    \
  "                       and bounds per scenario, docs/scenarios.md) on MODEL as one\n"    \
  "                       batch; needs --out-dir DIR, which gets NAME.h5 per scenario\n"    \
  "                       (NAME: its name, made safe as a file name) and summary.csv;\n"    \
  "                       --json FILE then writes a summary with a scenarios array.\n"      \
  "                       Exit code: 0 when every scenario is optimal, else the most\n"     \
  "                       severe scenario's (order below); a bad FILE is 2\n"

/* Runs it; returns the exit code described above (messages printed). */
int flp_cli_scenarios_run(const flp_cli_scenarios *o, const flp_settings *s);

#endif
