/* What `solve --scenarios` writes besides the solution files: file names
 * made from the scenario names, DIR/summary.csv and the JSON summary. All
 * written atomically (PATH.tmp, then rename). Internal to the command. */
#ifndef FLEETLP_CLI_SCENARIO_OUTPUTS_H
#define FLEETLP_CLI_SCENARIO_OUTPUTS_H

#include "scenarios.h"

typedef struct flp_scen_outcome {
  char *stem;        /* its file in DIR is STEM.h5 (malloc'd) */
  int code;          /* the exit code of this scenario alone */
  int written;       /* STEM.h5 was written */
  char message[1024]; /* why not (or why the code is 2), else "" */
} flp_scen_outcome;

/* oc[k].stem for every scenario: the name with every byte outside
 * [A-Za-z0-9._-] replaced by '_', no leading '.', at most 120 bytes, and
 * distinct ignoring case (a repeat gets "-2", "-3", ...). 0: out of memory. */
int flp_scen_stems(const flp_scenarios *sc, flp_scen_outcome *oc);
void flp_scen_outcomes_free(flp_scen_outcome *oc, int32_t count);

/* DIR/summary.csv, one row per scenario in order: index, name, file,
 * status, exit_code, objective, dual_objective, iterations, matrix_passes,
 * rel_primal, rel_dual, rel_gap, seconds, message. 0: not written (message printed). */
int flp_scen_write_csv(const char *dir, const flp_scenarios *sc, const flp_result *res,
                       const flp_scen_outcome *oc);
/* The JSON summary: inputs, counts per status, the exit code, and the
 * `scenarios` array in scenario order. 0: not written (message printed). */
int flp_scen_write_json(const char *path, const flp_cli_scenarios *o, const flp_scenarios *sc,
                        const flp_result *res, const flp_scen_outcome *oc, int exit_code,
                        double seconds);

#endif
