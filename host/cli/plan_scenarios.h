/* `fleetlp plan FLEET --scenarios -o PLAN`: every scenario of the fleet file
 * in one scenario batch, a plan per scenario and a summary across them. */
#ifndef FLEETLP_CLI_PLAN_SCENARIOS_H
#define FLEETLP_CLI_PLAN_SCENARIOS_H

#include "fleetlp_fleet.h"

#define FLP_CLI_PLAN_SCENARIOS_HELP                                                       \
  "  --scenarios          solve every scenario in FLEET's /scenarios group as one batch\n" \
  "                       (they share the LP's matrix): a plan per scenario, PLAN with\n"  \
  "                       -NAME before its extension (plan.h5 -> plan-p90.h5), and a\n"     \
  "                       summary across them, PLAN's stem plus .scenarios.h5 and\n"       \
  "                       .scenarios.csv (costs, unserved demand, shadow-price\n"          \
  "                       quantiles). Exit code: 0 when every scenario is optimal, else\n" \
  "                       the most severe outcome's code in the order 75 (stopped by a\n"  \
  "                       signal), 3, 2, 11, 10, 12\n"                                       \
  "  --export-scenarios FILE  with --scenarios: also write the scenarios as a scenario\n"     \
  "                       file (.h5) of the LP --export-lp writes, for solve --scenarios\n"

/* Plans of scenario `name` and the summary for output PLAN (malloc'd; NULL
 * when out of memory). */
char *flp_cli_scenario_plan_path(const char *plan, const char *name);
char *flp_cli_scenario_summary_path(const char *plan);

/* Runs it; returns the exit code described above. s->verbose: progress lines. */
int flp_cli_plan_scenarios(const char *fleet_path, const char *plan, flp_fleet_names names,
                           const char *export_lp, const char *export_scenarios, const flp_settings *s);

#endif
