/* `fleetlp report PLAN`: a readable summary of a plan, and its pictures. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "exit_codes.h"

static const char REPORT_HELP[] =
    "Usage: fleetlp report PLAN [options]\n"
    "\n"
    "Prints a summary of the plan file PLAN (written by fleetlp plan): total cost\n"
    "and its parts, unserved demand, mean and peak utilisation, the most valuable\n"
    "capacity additions by shadow price, solver status and accuracy. Writes it to\n"
    "DIR/report.txt with two pictures: DIR/utilisation.svg (racks x slots heatmap)\n"
    "and DIR/convergence.svg (residuals and gap against iterations, log scale).\n"
    "\n"
    "PLAN may also be the summary of `fleetlp plan --scenarios` (PLAN.scenarios.h5):\n"
    "then the report has the cost distribution, each scenario's status, cost and\n"
    "unserved demand, and the top shadow prices with their spread across the\n"
    "scenarios, with DIR/costs.svg (cost per scenario) and DIR/shadow_prices.svg\n"
    "(min-max, P10-P90 and median of the top shadow prices).\n"
    "\n"
    "Options:\n"
    "  --out-dir DIR   folder for the files (default: PLAN without .h5, plus -report)\n"
    "  --no-files      print the summary only\n"
    "  --quiet         write the files only\n"
    "  -h, --help      this help\n"
    "\n" FLP_EXIT_CODES_HELP;

static void print_line(void *user, const char *line) {
  (void)user;
  puts(line);
}

int flp_cli_report(int argc, char **argv) {
  const char *plan = NULL, *dir = NULL;
  int files = 1, quiet = 0;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(REPORT_HELP, stdout);
      return FLP_EXIT_OPTIMAL;
    } else if (!strcmp(a, "--no-files")) {
      files = 0;
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--out-dir")) {
      if ((dir = flp_arg_value(argc, argv, &i)) == NULL) return FLP_EXIT_BAD_INPUT;
    } else if (a[0] == '-') {
      flp_cli_error("unknown option %s (see fleetlp report --help)", a);
      return FLP_EXIT_BAD_INPUT;
    } else if (!plan) {
      plan = a;
    } else {
      flp_cli_error("more than one plan given ('%s' and '%s')", plan, a);
      return FLP_EXIT_BAD_INPUT;
    }
  }
  if (!plan) {
    flp_cli_error("no plan given (usage: fleetlp report PLAN [--out-dir DIR])");
    return FLP_EXIT_BAD_INPUT;
  }
  char *derived = NULL;
  if (files && !dir) {
    size_t len = strlen(plan);
    if (len > 3 && !strcmp(plan + len - 3, ".h5")) len -= 3;
    derived = malloc(len + 8);
    if (!derived) return FLP_EXIT_INTERNAL;
    memcpy(derived, plan, len);
    memcpy(derived + len, "-report", 8);
    dir = derived;
  }
  flp_error err = {0};
  flp_rc rc = flp_fleet_is_scenario_summary(plan)
                  ? flp_fleet_scenario_report(plan, files ? dir : NULL, quiet ? NULL : print_line,
                                              NULL, &err)
                  : flp_fleet_report(plan, files ? dir : NULL, quiet ? NULL : print_line, NULL, &err);
  free(derived);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  return FLP_EXIT_OPTIMAL;
}
