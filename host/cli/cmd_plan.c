/* `fleetlp plan FLEET -o PLAN`: read a fleet, build its LP, solve, write the plan. */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "exit_codes.h"
#include "solver_options.h"
#include "plan_scenarios.h"
#include "production.h"

static const char PLAN_HELP[] =
    "Usage: fleetlp plan FLEET -o PLAN [options]\n"
    "\n"
    "Reads the fleet file FLEET (HDF5, docs/fleet.md), builds its LP, solves it\n"
    "with restarted Halpern PDHG and writes the plan PLAN (HDF5): allocations,\n"
    "utilisation, unserved and deferred demand, the cost breakdown, shadow prices\n"
    "of capacity, power, bandwidth and budget, and the solver's solution and\n"
    "history under /solver. The plan is written also when a limit stops the\n"
    "solve (its status attribute says so). See `fleetlp report PLAN`.\n"
    "\n"
    "Options:\n"
    "  -o, --output PLAN    the plan file (required)\n"
    FLP_SOLVER_OPTIONS_HELP
    "  --json FILE          write the solver's JSON summary\n"
    "  --export-lp FILE     also write the LP (.mps, .mps.gz or .h5), e.g. for another solver\n"
    "  --names auto|on|off  row/column names in the LP (auto: up to 200,000 columns)\n"
    FLP_CLI_PLAN_SCENARIOS_HELP
    FLP_CLI_PRODUCTION_HELP
    "  --quiet              no log; errors still go to stderr\n"
    "  -h, --help           this help\n"
    "\n" FLP_EXIT_CODES_HELP;

typedef struct plan_options {
  const char *fleet, *out, *json, *export_lp, *export_scenarios;
  flp_fleet_names names;
  int scenarios; /* --scenarios */
  flp_settings settings;
  flp_cli_production prod; /* --checkpoint, --resume, --warm-start (production.h) */
} plan_options;

/* 1: parsed; 0: usage error (message printed); -1: help printed. */
static int parse(int argc, char **argv, plan_options *o) {
  flp_settings_default(&o->settings);
  flp_settings *s = &o->settings;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = NULL;
    int64_t n;
    int r;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(PLAN_HELP, stdout);
      return -1;
    } else if (!strcmp(a, "--quiet")) {
      s->verbose = 0;
    } else if (!strcmp(a, "--scenarios")) {
      o->scenarios = 1;
    } else if (a[0] != '-') {
      if (o->fleet) return flp_cli_error("more than one fleet given ('%s' and '%s')", o->fleet, a), 0;
      o->fleet = a;
    } else if ((v = flp_arg_value(argc, argv, &i)) == NULL) {
      return 0;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--output")) {
      o->out = v;
    } else if ((r = flp_solver_option(s, a, v)) != 0) {
      if (r < 0) return 0;
    } else if (!strcmp(a, "--json")) {
      o->json = v;
    } else if (!strcmp(a, "--export-lp")) {
      o->export_lp = v;
    } else if (!strcmp(a, "--export-scenarios")) {
      o->export_scenarios = v;
    } else if ((n = flp_cli_production_option(&o->prod, a, v)) != 0) {
      if (n < 0) return 0;
    } else if (!strcmp(a, "--names")) {
      if (!strcmp(v, "auto")) o->names = FLP_FLEET_NAMES_AUTO;
      else if (!strcmp(v, "on")) o->names = FLP_FLEET_NAMES_ON;
      else if (!strcmp(v, "off")) o->names = FLP_FLEET_NAMES_OFF;
      else return flp_cli_error("--names expects auto, on or off, got '%s'", v), 0;
    } else {
      return flp_cli_error("unknown option %s (see fleetlp plan --help)", a), 0;
    }
  }
  if (!o->fleet) return flp_cli_error("no fleet given (usage: fleetlp plan FLEET -o PLAN)"), 0;
  if (!o->out) return flp_cli_error("no plan file given (usage: fleetlp plan FLEET -o PLAN)"), 0;
  if (o->scenarios && (o->prod.checkpoint || o->prod.resume || o->prod.warm_start || o->json))
    return flp_cli_error("--scenarios solves a batch: --checkpoint, --resume, --warm-start and "
                         "--json are for one LP (the summary has each scenario's numbers)"), 0;
  if (o->export_scenarios && !o->scenarios)
    return flp_cli_error("--export-scenarios writes the scenarios of --scenarios: give both"), 0;
  return 1;
}

static void summary(const plan_options *o, const flp_fleet_plan *p, const flp_result *res) {
  if (!o->settings.verbose) return;
  double demand = 0, unserved = 0;
  for (int64_t i = 0; i < (int64_t)p->num_classes * p->num_slots; ++i) {
    demand += p->served[i] + (p->unserved[i] > 0 ? p->unserved[i] : 0);
    unserved += p->unserved[i] > 0 ? p->unserved[i] : 0;
  }
  printf("plan      %s: cost %.6g (running %.4g, energy %.4g, carbon %.4g, unserved %.4g, "
         "deferral %.4g, idle %.4g)\n",
         o->out, p->cost_total, p->cost_running, p->cost_energy, p->cost_carbon,
         p->cost_unserved, p->cost_deferral, p->cost_fixed_energy + p->cost_fixed_carbon);
  printf("          %lld allocations; unserved %.4g%% of demand; status %s\n",
         (long long)p->num_allocations, demand > 0 ? 100 * unserved / demand : 0.0,
         flp_status_name(res->status));
}

int flp_cli_plan(int argc, char **argv) {
  plan_options o;
  memset(&o, 0, sizeof o);
  int parsed = parse(argc, argv, &o);
  if (parsed <= 0) return parsed < 0 ? FLP_EXIT_OPTIMAL : FLP_EXIT_BAD_INPUT;
  if (o.scenarios) return flp_cli_plan_scenarios(o.fleet, o.out, o.names, o.export_lp, o.export_scenarios,
                                               &o.settings);

  flp_fleet fleet;
  flp_fleet_lp lp;
  flp_fleet_plan plan;
  flp_result res;
  flp_error err = {0};
  memset(&lp, 0, sizeof lp);
  memset(&plan, 0, sizeof plan);
  memset(&res, 0, sizeof res);
  flp_rc rc = flp_fleet_read_h5(o.fleet, &fleet, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  int code = FLP_EXIT_OPTIMAL;
  double t0 = flp_wall_seconds();
  rc = flp_fleet_build(&fleet, o.names, &lp, &err);
  if (rc == FLP_OK && o.settings.verbose)
    printf("fleet     %s: %d nodes x %d slots x %d classes -> LP %d rows, %d columns, %lld "
           "nonzeros (built in %.2f s)\n",
           o.fleet, (int)fleet.num_nodes, (int)fleet.num_slots, (int)fleet.num_classes,
           (int)lp.problem.num_rows, (int)lp.problem.num_cols, (long long)lp.problem.nnz,
           flp_wall_seconds() - t0);
  if (rc == FLP_OK && o.export_lp) rc = flp_write_problem(o.export_lp, &lp.problem, -1, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_for_rc(rc);
    goto done;
  }
  flp_cli_stop_on_signals();
  if ((code = flp_cli_production_begin(&o.prod, &lp.problem, &o.settings)) != 0) goto done;
  rc = flp_cli_solve_lp(&lp.problem, &o.settings, NULL, &o.prod, NULL, NULL, &res, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_for_rc(rc);
    goto done;
  }
  code = flp_exit_code_for_status(res.status);
  if (!res.x || !res.y) {
    flp_cli_error("%s: the solve ended with %s before it had a solution; no plan written", o.fleet,
                  flp_status_name(res.status));
    goto done;
  }
  if ((rc = flp_fleet_plan_compute(&fleet, &lp, &res, &plan, &err)) != FLP_OK ||
      (rc = flp_fleet_write_plan(o.out, &fleet, &lp, &plan, &o.settings, &res, o.fleet, &err)) !=
          FLP_OK ||
      (o.json && (rc = flp_write_json_summary(o.json, &lp.problem, &o.settings, &res, &err)) !=
                     FLP_OK)) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_for_rc(rc); /* an unwritable path is a usage error (2) */
    goto done;
  }
  summary(&o, &plan, &res);
done:
  code = flp_cli_production_exit_code(&o.prod, code);
  flp_cli_production_end(&o.prod);
  flp_fleet_plan_free(&plan);
  flp_result_free(&res);
  flp_fleet_lp_free(&lp);
  flp_fleet_free(&fleet);
  return code;
}
