/* `fleetlp plan FLEET --scenarios -o PLAN` (plan_scenarios.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "io_util.h"
#include "exit_codes.h"
#include "plan_scenarios.h"
#include "solver_options.h"

/* The extension of plan: from its last '.' after the last '/' ("" when none). */
static size_t stem_length(const char *plan) {
  const char *slash = strrchr(plan, '/'), *dot = strrchr(plan, '.');
  if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : plan)) return strlen(plan);
  return (size_t)(dot - plan);
}

static char *join(const char *a, size_t a_len, const char *b, const char *c) {
  size_t nb = strlen(b), nc = strlen(c);
  char *out = malloc(a_len + nb + nc + 1);
  if (!out) return NULL;
  memcpy(out, a, a_len);
  memcpy(out + a_len, b, nb);
  memcpy(out + a_len + nb, c, nc + 1);
  return out;
}

char *flp_cli_scenario_plan_path(const char *plan, const char *name) {
  size_t stem = stem_length(plan);
  char *tail = join("-", 1, name, plan + stem);
  char *out = tail ? join(plan, stem, tail, "") : NULL;
  free(tail);
  return out;
}

char *flp_cli_scenario_summary_path(const char *plan) {
  return join(plan, stem_length(plan), ".scenarios.h5", "");
}

typedef struct run_state {
  const flp_settings *s;
  flp_batch *batch;
} run_state;

static void on_progress(void *user, int32_t finished, int32_t count, int64_t iteration) {
  run_state *r = user;
  if (flp_cli_stop_requested()) flp_batch_interrupt(r->batch);
  if (!r->s->verbose) return;
  printf("scenarios %d of %d finished (iteration %lld)\n", (int)finished, (int)count,
         (long long)iteration);
  fflush(stdout);
}

/* Plan and summary entry of scenario k; returns its exit code. */
static int plan_one(const char *fleet_path, const char *plan_out, const flp_fleet *base,
                    const flp_fleet_scenarios *fs, const flp_fleet_scenario_lp *slp, int32_t k,
                    const flp_settings *s, flp_result *res, flp_fleet *work,
                    flp_fleet_summary *sum) {
  flp_error err = {0};
  flp_fleet_plan plan;
  flp_problem p;
  memset(&plan, 0, sizeof plan);
  memset(&p, 0, sizeof p);
  int code = flp_exit_code_for_status(res->status);
  char *path = flp_cli_scenario_plan_path(plan_out, fs->names[k]);
  flp_rc rc = path ? flp_fleet_scenario_apply(base, fs, k, work, &err)
                   : flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
  int have_plan = 0;
  if (rc == FLP_OK && res->x && res->y) {
    /* the structure is the base LP's, the data the scenario's (for /solver) */
    flp_fleet_lp view = slp->lp;
    if ((rc = flp_fleet_scenario_problem(slp, k, &p, &err)) == FLP_OK) view.problem = p;
    if (rc == FLP_OK) rc = flp_fleet_plan_compute(work, &view, res, &plan, &err);
    if (rc == FLP_OK) have_plan = 1;
    if (rc == FLP_OK)
      rc = flp_fleet_write_plan(path, work, &view, &plan, s, res, fleet_path, &err);
  } else if (rc == FLP_OK) {
    flp_cli_error("scenario '%s': the solve ended with %s before it had a solution; no plan "
                  "written", fs->names[k], flp_status_name(res->status));
  }
  if (rc != FLP_OK) {
    flp_cli_error("scenario '%s': %s", fs->names[k], err.msg);
    code = flp_exit_code_worst(code, flp_exit_code_for_rc(rc));
  }
  flp_fleet_scenario_entry e = {fs->names[k], rc == FLP_OK && have_plan ? path : NULL, res,
                                have_plan ? &plan : NULL, work, code};
  if (flp_fleet_summary_add(sum, k, &e, &err) != FLP_OK) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_worst(code, FLP_EXIT_INTERNAL);
  }
  if (s->verbose)
    printf("scenario  %-20s %-18s cost %.6g%s%s\n", fs->names[k], flp_status_name(res->status),
           have_plan ? plan.cost_total : res->primal_obj, have_plan && rc == FLP_OK ? "  -> " : "",
           have_plan && rc == FLP_OK ? path : "");
  flp_fleet_plan_free(&plan);
  flp_problem_free(&p);
  free(path);
  return code;
}

int flp_cli_plan_scenarios(const char *fleet_path, const char *plan_out, flp_fleet_names names,
                           const char *export_lp, const char *export_scenarios,
                           const flp_settings *settings) {
  flp_fleet fleet, work;
  flp_fleet_scenarios fs;
  flp_fleet_scenario_lp slp;
  flp_error err = {0};
  memset(&fleet, 0, sizeof fleet);
  memset(&work, 0, sizeof work);
  memset(&fs, 0, sizeof fs);
  memset(&slp, 0, sizeof slp);
  flp_batch *batch = NULL;
  flp_fleet_summary *sum = NULL;
  flp_result *res = NULL;
  char *summary_path = NULL;
  int code = FLP_EXIT_OPTIMAL;
  flp_settings s = *settings;
  s.verbose = 0; /* K solver logs would bury the progress lines */
  double t0 = flp_wall_seconds();
  flp_rc rc = flp_fleet_read_h5(fleet_path, &fleet, &err);
  if (rc == FLP_OK) rc = flp_fleet_scenarios_read_h5(fleet_path, &fleet, &fs, &err);
  if (rc == FLP_OK) rc = flp_fleet_build_scenarios(&fleet, &fs, names, &slp, &err);
  if (rc == FLP_OK && settings->verbose)
    printf("fleet     %s: %d nodes x %d slots x %d classes, %d scenarios -> LP %d rows, %d "
           "columns, %lld nonzeros, shared (built in %.2f s)\n",
           fleet_path, (int)fleet.num_nodes, (int)fleet.num_slots, (int)fleet.num_classes,
           (int)fs.count, (int)slp.lp.problem.num_rows, (int)slp.lp.problem.num_cols,
           (long long)slp.lp.problem.nnz, flp_wall_seconds() - t0);
  if (rc == FLP_OK && export_lp) rc = flp_write_problem(export_lp, &slp.lp.problem, -1, &err);
  if (rc == FLP_OK && export_scenarios) rc = flp_write_scenarios(export_scenarios, &slp.sc, &err);
  if (rc == FLP_OK) rc = flp_fleet_copy(&fleet, &work, &err);
  if (rc == FLP_OK) rc = flp_fleet_summary_create(&fleet, fs.count, &sum, &err);
  if (rc == FLP_OK && !(res = calloc((size_t)fs.count, sizeof *res)))
    rc = flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
  if (rc == FLP_OK && !(summary_path = flp_cli_scenario_summary_path(plan_out)))
    rc = flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
  if (rc == FLP_OK) { /* a folder that cannot take the outputs fails before the solves */
    char *tmp = flp_io_tmp_path(summary_path);
    rc = tmp ? flp_io_probe_writable(tmp, summary_path, &err)
             : flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
    free(tmp);
  }
  if (rc == FLP_OK) rc = flp_batch_create(&slp.lp.problem, &slp.sc, &s, &batch, &err);
  run_state run = {settings, batch};
  if (rc == FLP_OK) {
    flp_cli_stop_on_signals();
    flp_batch_set_progress(batch, on_progress, &run);
    rc = flp_batch_solve(batch, res, &err);
  }
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_for_rc(rc);
    goto done;
  }
  for (int32_t k = 0; k < fs.count; ++k)
    code = flp_exit_code_worst(code, plan_one(fleet_path, plan_out, &fleet, &fs, &slp, k, settings,
                                              &res[k], &work, sum));
  if (flp_cli_stop_requested()) code = flp_exit_code_worst(code, FLP_EXIT_INTERRUPTED);
  if ((rc = flp_fleet_summary_write(sum, summary_path, fleet_path, code, &err)) != FLP_OK) {
    flp_cli_error("%s", err.msg);
    code = flp_exit_code_worst(code, flp_exit_code_for_rc(rc));
  } else if (settings->verbose) {
    printf("summary   %s (and .csv): %d scenarios in %.2f s; exit code %d\n", summary_path,
           (int)fs.count, flp_wall_seconds() - t0, code);
  }
done:
  if (res)
    for (int32_t k = 0; k < fs.count; ++k) flp_result_free(&res[k]);
  free(res);
  free(summary_path);
  flp_fleet_summary_free(sum);
  flp_batch_free(batch);
  flp_fleet_scenario_lp_free(&slp);
  flp_fleet_scenarios_free(&fs);
  flp_fleet_free(&work);
  flp_fleet_free(&fleet);
  return code;
}
