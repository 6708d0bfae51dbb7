/* `fleetlp solve MODEL [options]`: read, solve, report, exit with a status code. */
#include <stdio.h>
#include <string.h>

#include <stdlib.h>

#include "batch.h"
#include "cli_args.h"
#include "commands.h"
#include "exit_codes.h"
#include "production.h"
#include "scenarios.h"
#include "settings_cli.h"
#include "solver_options.h"

static const char SOLVE_HELP[] =
    "Usage: fleetlp solve MODEL [options]\n"
    "       fleetlp solve --out-dir DIR [--batch LIST] [MODEL...] [options]\n"
    "       fleetlp solve MODEL --scenarios FILE --out-dir DIR [--json FILE] [options]\n"
    "\n"
    "Solves the LP in MODEL (MPS fixed or free, optionally .gz, or fleetlp HDF5;\n"
    "the format is detected from the content) with restarted Halpern PDHG and\n"
    "prints a progress log and a summary.\n"
    "\n"
    "Options:\n"
    FLP_SOLVER_OPTIONS_HELP
    "  --json FILE          write a JSON summary (status, objective, times, ...)\n"
    "  --solution FILE      write the solution: HDF5 when FILE ends in .h5 or .hdf5\n"
    "                       (x, y, reduced costs, activities, history), else plain\n"
    "                       text (values by name)\n"
    FLP_CLI_PRODUCTION_HELP
    FLP_CLI_BATCH_HELP
    FLP_CLI_SCENARIOS_HELP
    "  --quiet              no log; errors still go to stderr\n"
    "  --list-settings      list the settings --set knows, with their defaults\n"
    "  -h, --help           this help\n"
    "\n"
    "Log columns: iteration, elapsed seconds, primal and dual objective, relative\n"
    "primal residual, relative dual residual, relative gap, step size, primal\n"
    "weight, and the kind of restart made at that check (sufficient, necessary,\n"
    "artificial).\n"
    "\n" FLP_EXIT_CODES_HELP;

typedef struct solve_options {
  const char *model, *json, *solution;
  const char *scenarios; /* --scenarios FILE */
  flp_settings settings;
  flp_cli_production prod;
  flp_cli_batch batch; /* batch.inputs: every MODEL given, argc entries allocated */
} solve_options;

/* --scenarios: one base LP, outputs in --out-dir. 1 fine, 0 usage error. */
static int check_scenarios(const solve_options *o) {
  if (!o->batch.out_dir)
    return flp_cli_error("--scenarios %s needs --out-dir DIR for the solutions of the scenarios",
                         o->scenarios), 0;
  if (o->batch.num_inputs != 1 || o->batch.list)
    return flp_cli_error("--scenarios takes exactly one MODEL, the LP the scenarios vary "
                         "(usage: fleetlp solve MODEL --scenarios FILE --out-dir DIR)"), 0;
  if (o->solution || o->prod.checkpoint || o->prod.resume || o->prod.warm_start)
    return flp_cli_error("--solution, --checkpoint, --resume and --warm-start are for one LP; "
                         "with --scenarios each scenario's solution goes to --out-dir"), 0;
  return 1;
}

/* 1: parsed; 0: usage error (message printed); -1: help printed. */
static int parse(int argc, char **argv, solve_options *o) {
  flp_settings_default(&o->settings);
  flp_settings *s = &o->settings;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = NULL;
    int r;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(SOLVE_HELP, stdout);
      return -1;
    } else if (!strcmp(a, "--list-settings")) {
      flp_cli_list_settings(s, stdout);
      return -1;
    } else if (!strcmp(a, "--quiet")) {
      s->verbose = 0;
    } else if (a[0] == '-' && a[1] == '-' && (v = flp_arg_value(argc, argv, &i)) == NULL) {
      return 0;
    } else if ((r = flp_solver_option(s, a, v)) != 0) {
      if (r < 0) return 0;
    } else if ((r = flp_cli_production_option(&o->prod, a, v)) != 0) {
      if (r < 0) return 0;
    } else if (!strcmp(a, "--batch")) {
      o->batch.list = v;
    } else if (!strcmp(a, "--out-dir")) {
      o->batch.out_dir = v;
    } else if (!strcmp(a, "--scenarios")) {
      o->scenarios = v;
    } else if (!strcmp(a, "--json")) {
      o->json = v;
    } else if (!strcmp(a, "--solution")) {
      o->solution = v;
    } else if (a[0] == '-' && a[1] == '-') {
      return flp_cli_error("unknown option %s (see fleetlp solve --help)", a), 0;
    } else if (a[0] == '-' && a[1] != '\0') {
      return flp_cli_error("unknown option %s (see fleetlp solve --help)", a), 0;
    } else {
      if (!o->model) o->model = a;
      o->batch.inputs[o->batch.num_inputs++] = a;
    }
  }
  if (o->scenarios) return check_scenarios(o);
  if (flp_cli_batch_wanted(&o->batch)) {
    if (!o->batch.out_dir)
      return flp_cli_error("more than one model given ('%s' and '%s'): solve several with "
                           "--out-dir DIR", o->batch.inputs[0], o->batch.inputs[1]), 0;
    if (o->json || o->solution || o->prod.checkpoint || o->prod.resume || o->prod.warm_start)
      return flp_cli_error("--json, --solution, --checkpoint, --resume and --warm-start are for "
                           "one model; a batch writes its outputs to --out-dir"), 0;
    return 1;
  }
  if (!o->model) return flp_cli_error("no model given (usage: fleetlp solve MODEL [options])"), 0;
  return 1;
}

static void print_notice(void *user, const char *line) {
  const flp_settings *s = user;
  if (s->verbose) printf("%s\n", line);
}

static int ends_with(const char *s, const char *suffix) {
  size_t a = strlen(s), b = strlen(suffix);
  return a >= b && strcmp(s + a - b, suffix) == 0;
}

/* An HDF5 solution file is opened before the solve so that the history is
 * streamed into FILE.tmp while solving: a killed job still shows its progress. */
static void append_history(void *user, const flp_check_record *rec) {
  flp_h5_solution_writer *w = user;
  flp_error err = {0};
  if (w && flp_h5_solution_append_history(w, rec, 1, &err) != FLP_OK)
    fprintf(stderr, "fleetlp: warning: %s\n", err.msg);
}

/* FLP_OK, or the first output that could not be written (message printed;
 * the JSON is still attempted after a failed solution file). */
static flp_rc write_outputs(const solve_options *o, const flp_problem *p, const flp_result *res,
                            flp_h5_solution_writer *h5) {
  flp_error err = {0};
  flp_rc rc = FLP_OK, first;
  if (h5) {
    rc = flp_h5_solution_finish(h5, res, &err);
  } else if (o->solution) {
    rc = flp_write_solution_text(o->solution, p, res, &err);
  }
  if (rc != FLP_OK) flp_cli_error("%s", err.msg);
  first = rc;
  if (o->json && (rc = flp_write_json_summary(o->json, p, &o->settings, res, &err)) != FLP_OK)
    flp_cli_error("%s", err.msg);
  return first != FLP_OK ? first : rc;
}

static int solve_model(solve_options *o);

int flp_cli_solve(int argc, char **argv) {
  solve_options o;
  memset(&o, 0, sizeof o);
  o.batch.inputs = calloc((size_t)argc + 1, sizeof *o.batch.inputs);
  if (!o.batch.inputs) return flp_cli_error("out of memory"), FLP_EXIT_INTERNAL;
  int parsed = parse(argc, argv, &o), code;
  if (parsed <= 0) {
    code = parsed < 0 ? FLP_EXIT_OPTIMAL : FLP_EXIT_BAD_INPUT;
  } else if (o.scenarios) {
    flp_cli_scenarios o2 = {o.model, o.scenarios, o.batch.out_dir, o.json};
    code = flp_cli_scenarios_run(&o2, &o.settings);
  } else if (flp_cli_batch_wanted(&o.batch)) {
    flp_cli_stop_on_signals();
    code = flp_cli_batch_run(&o.batch, &o.settings);
  } else {
    code = solve_model(&o);
    code = flp_cli_production_exit_code(&o.prod, code);
  }
  flp_cli_production_end(&o.prod);
  free(o.batch.inputs);
  return code;
}

static int solve_model(solve_options *op) {
  solve_options o = *op; /* the production state lives in *op (callbacks point there) */
  flp_problem problem;
  flp_error err = {0};
  memset(&problem, 0, sizeof problem);
  flp_rc rc = flp_read_problem(o.model, &problem, print_notice, &o.settings, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  flp_cli_stop_on_signals();
  int pcode = flp_cli_production_begin(&op->prod, &problem, &o.settings);
  if (pcode) {
    flp_problem_free(&problem);
    return pcode;
  }

  flp_h5_solution_writer *h5 = NULL;
  if (o.solution && (ends_with(o.solution, ".h5") || ends_with(o.solution, ".hdf5"))) {
    rc = flp_h5_solution_begin(o.solution, &problem, &o.settings, &h5, &err);
    if (rc != FLP_OK) {
      flp_cli_error("%s", err.msg);
      flp_problem_free(&problem);
      return flp_exit_code_for_rc(rc);
    }
  }

  flp_result res;
  memset(&res, 0, sizeof res);
  rc = flp_cli_solve_lp(&problem, &o.settings, NULL, &op->prod, h5 ? append_history : NULL, h5, &res,
                        &err);
  int code;
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    flp_h5_solution_abort(h5);
    code = flp_exit_code_for_rc(rc);
  } else {
    code = flp_exit_code_for_status(res.status);
    /* an output that cannot be written (no folder, read-only, disk full) is
     * exit 2, as in every command: the answer is not where it was asked for */
    flp_rc wrc = write_outputs(&o, &problem, &res, h5);
    if (wrc != FLP_OK) code = flp_exit_code_for_rc(wrc);
  }
  flp_result_free(&res);
  flp_problem_free(&problem);
  return code;
}
