/* Scenario batches from the command line (scenarios.h): read the base LP
 * and the scenario file, solve them with flp_batch, then write one solution
 * per scenario (the writer of `solve --solution FILE.h5`, for the scenario
 * as an LP of its own), DIR/summary.csv and the JSON summary. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "exit_codes.h"
#include "out_dir.h"
#include "scenario_outputs.h"
#include "solver_options.h"

typedef struct progress_state {
  flp_batch *batch;
  const flp_settings *settings;
} progress_state;

/* Called from the solving thread: the place to hand a stop signal on. */
static void on_progress(void *user, int32_t finished, int32_t count, int64_t iteration) {
  const progress_state *p = user;
  if (flp_cli_stop_requested()) flp_batch_interrupt(p->batch);
  if (!p->settings->verbose) return;
  printf("scenarios: %d of %d finished (iteration %lld)\n", (int)finished, (int)count,
         (long long)iteration);
  fflush(stdout);
}

static void notice(void *user, const char *line) {
  if (((const flp_settings *)user)->verbose) printf("%s\n", line);
}

/* Solves every scenario into res (count entries); an exit code != 0 when
 * the call itself failed (message printed). */
static int solve_all(const flp_problem *base, const flp_scenarios *sc, const flp_settings *s,
                     flp_result *res) {
  flp_batch *b = NULL;
  flp_error err = {0};
  flp_rc rc = flp_batch_create(base, sc, s, &b, &err);
  if (rc == FLP_OK) {
    progress_state ps = {b, s};
    flp_batch_set_progress(b, on_progress, &ps);
    flp_cli_stop_on_signals();
    if (flp_cli_stop_requested()) flp_batch_interrupt(b);
    rc = flp_batch_solve(b, res, &err);
  }
  flp_batch_free(b);
  if (rc == FLP_OK) return 0;
  flp_cli_error("%s", err.msg);
  return flp_exit_code_for_rc(rc);
}

/* DIR/STEM.h5 for scenario k; fills oc (code, written, message). */
static void write_solution(const char *dir, const flp_problem *base, const flp_scenarios *sc,
                           int32_t k, const flp_settings *s, const flp_result *r,
                           flp_scen_outcome *oc) {
  flp_problem p;
  flp_error err = {0};
  char *path = flp_cli_join(dir, oc->stem, ".h5");
  flp_rc rc = path ? flp_scenario_problem(base, sc, k, &p, &err)
                   : flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
  if (rc == FLP_OK) {
    rc = flp_write_solution_h5(path, &p, s, r, &err);
    flp_problem_free(&p);
  }
  oc->code = flp_exit_code_for_status(r->status);
  oc->written = rc == FLP_OK;
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    snprintf(oc->message, sizeof oc->message, "%s", err.msg);
    oc->code = flp_exit_code_worst(oc->code, flp_exit_code_for_rc(rc));
  }
  free(path);
}

static void report(const flp_scenarios *sc, int32_t k, const flp_result *r,
                   const flp_scen_outcome *oc) {
  char buf[32];
  printf("[%d/%d] %s: %s  objective %.10g  iterations %lld  matrix passes %lld  -> %s.h5%s\n",
         (int)k + 1, (int)sc->count, flp_scenario_name(sc, k, buf, sizeof buf),
         flp_status_name(r->status), r->primal_obj, (long long)r->iterations,
         (long long)r->matrix_passes, oc->stem, oc->written ? "" : " (not written)");
}

/* Everything after the batch solved: the files, and the exit code. */
static int write_outputs(const flp_cli_scenarios *o, const flp_problem *base,
                         const flp_scenarios *sc, const flp_settings *s, const flp_result *res,
                         flp_scen_outcome *oc, double t0) {
  int code = FLP_EXIT_OPTIMAL, optimal = 0;
  for (int32_t k = 0; k < sc->count; ++k) {
    write_solution(o->out_dir, base, sc, k, s, &res[k], &oc[k]);
    code = flp_exit_code_worst(code, oc[k].code);
    optimal += res[k].status == FLP_OPTIMAL;
    if (s->verbose) report(sc, k, &res[k], &oc[k]);
  }
  if (!flp_scen_write_csv(o->out_dir, sc, res, oc))
    code = flp_exit_code_worst(code, FLP_EXIT_BAD_INPUT);
  double seconds = flp_wall_seconds() - t0;
  /* the JSON carries the exit code, so it is written last */
  if (o->json && !flp_scen_write_json(o->json, o, sc, res, oc, code, seconds))
    code = flp_exit_code_worst(code, FLP_EXIT_BAD_INPUT);
  if (s->verbose)
    printf("scenarios: %d of %d optimal in %.2f s; summary %s/summary.csv; exit code %d\n", optimal,
           (int)sc->count, seconds, o->out_dir, code);
  return code;
}

int flp_cli_scenarios_run(const flp_cli_scenarios *o, const flp_settings *s) {
  const double t0 = flp_wall_seconds();
  flp_problem base;
  flp_scenarios sc;
  flp_error err = {0};
  memset(&base, 0, sizeof base);
  memset(&sc, 0, sizeof sc);
  flp_rc rc = flp_read_problem(o->model, &base, notice, (void *)s, &err);
  if (rc == FLP_OK) rc = flp_read_scenarios(o->scenarios, &base, &sc, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    flp_problem_free(&base);
    return flp_exit_code_for_rc(rc);
  }
  int code = flp_cli_make_dirs(o->out_dir, "--out-dir") ? FLP_EXIT_OPTIMAL : FLP_EXIT_BAD_INPUT;
  flp_result *res = code ? NULL : calloc((size_t)sc.count, sizeof *res);
  flp_scen_outcome *oc = code ? NULL : calloc((size_t)sc.count, sizeof *oc);
  if (!code && (!res || !oc || !flp_scen_stems(&sc, oc))) {
    flp_cli_error("out of memory for %d scenarios", (int)sc.count);
    code = FLP_EXIT_INTERNAL;
  }
  if (!code && s->verbose)
    printf("scenarios: %d scenarios of %s on %s (%d rows, %d columns)\n", (int)sc.count,
           o->scenarios, o->model, (int)base.num_rows, (int)base.num_cols);
  if (!code) code = solve_all(&base, &sc, s, res);
  if (!code) code = write_outputs(o, &base, &sc, s, res, oc, t0);
  for (int32_t k = 0; res && k < sc.count; ++k) flp_result_free(&res[k]);
  free(res);
  flp_scen_outcomes_free(oc, sc.count);
  flp_scenarios_free(&sc);
  flp_problem_free(&base);
  return code;
}
