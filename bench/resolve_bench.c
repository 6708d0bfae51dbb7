/* The nightly re-plan: a generated fleet solved once, its demand changed by
 * a few percent, then solved again two ways, in one run:
 *   re-solve  through the same solver object (no new setup, warm from the
 *             last point);
 *   cold      flp_solve of the changed LP (setup and a start from zero).
 * Prints the setup seconds, iterations, matrix passes and total seconds of
 * each, and the ratio of the totals.
 *
 *   fleetlp_resolve_bench [--nodes N] [--slots T] [--classes K] [--seed S]
 *                         [--change F] [--tol EPS] [--threads N] [--set NAME=VALUE ...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetlp_fleet.h"

typedef struct run {
  double setup, total;
  int64_t iterations, passes;
  double objective;
  flp_status status;
} run;

static run take(const flp_result *r, double total) {
  run out = {r->setup_seconds, total, r->iterations + r->polish_iterations, r->matrix_passes,
             r->primal_obj, r->status};
  return out;
}

static void print_run(const char *what, const run *r) {
  printf("| %s | %.3f | %lld | %lld | %.3f | %s | %.10g |\n", what, r->setup,
         (long long)r->iterations, (long long)r->passes, r->total, flp_status_name(r->status),
         r->objective);
}

static int fail(const flp_error *err) {
  fprintf(stderr, "resolve_bench: %s\n", err->msg);
  return 3;
}

int main(int argc, char **argv) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 2000;
  o.slots = 24;
  o.classes = 8;
  double change = 1.05;
  flp_settings s;
  flp_settings_default(&s);
  s.verbose = 0;
  s.threads = 1;
  s.device = FLP_DEVICE_CPU;
  flp_error err = {0};
  for (int i = 1; i + 1 < argc; i += 2) {
    const char *a = argv[i], *v = argv[i + 1];
    if (!strcmp(a, "--nodes")) o.nodes = atoi(v);
    else if (!strcmp(a, "--slots")) o.slots = atoi(v);
    else if (!strcmp(a, "--classes")) o.classes = atoi(v);
    else if (!strcmp(a, "--seed")) o.seed = strtoull(v, NULL, 10);
    else if (!strcmp(a, "--change")) change = atof(v);
    else if (!strcmp(a, "--tol") && flp_settings_set(&s, "tol", v, &err) != FLP_OK) return fail(&err);
    else if (!strcmp(a, "--threads") && flp_settings_set(&s, "threads", v, &err) != FLP_OK) return fail(&err);
    else if (!strcmp(a, "--set")) {
      char name[64];
      const char *eq = strchr(v, '=');
      if (!eq || eq - v >= (long)sizeof name) return fprintf(stderr, "--set NAME=VALUE\n"), 2;
      snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
      if (flp_settings_set(&s, name, eq + 1, &err) != FLP_OK) return fail(&err);
    }
  }
  flp_fleet f;
  flp_fleet_lp lp;
  if (flp_fleet_generate(&o, &f, &err) != FLP_OK || flp_fleet_build(&f, FLP_FLEET_NAMES_OFF, &lp, &err) != FLP_OK)
    return fail(&err);
  flp_problem *p = &lp.problem;
  printf("fleet %d nodes x %d slots x %d classes (seed %llu): LP %d rows, %d columns, %lld nonzeros; "
         "tol %g, %d thread(s); demand x %g\n\n",
         (int)o.nodes, (int)o.slots, (int)o.classes, (unsigned long long)o.seed, (int)p->num_rows,
         (int)p->num_cols, (long long)p->nnz, s.tol, s.threads, change);

  flp_solver *solver = NULL;
  flp_result first = {0}, again = {0}, cold = {0};
  double t0 = flp_wall_seconds();
  if (flp_solver_create(p, &s, &solver, &err) != FLP_OK || flp_solver_solve(solver, &first, &err) != FLP_OK)
    return fail(&err);
  double t_first = flp_wall_seconds() - t0;
  for (int32_t i = 0; i < f.num_classes * f.num_slots; ++i) { /* the demand(k, t) rows */
    p->row_lower[i] *= change;
    p->row_upper[i] *= change;
  }
  t0 = flp_wall_seconds();
  if (flp_solver_set_row_bounds(solver, p->row_lower, p->row_upper, &err) != FLP_OK ||
      flp_solver_solve(solver, &again, &err) != FLP_OK)
    return fail(&err);
  double t_again = flp_wall_seconds() - t0;
  t0 = flp_wall_seconds();
  if (flp_solve(p, &s, &cold, &err) != FLP_OK) return fail(&err);
  double t_cold = flp_wall_seconds() - t0;

  printf("| solve | setup s | iterations | matrix passes | total s | status | objective |\n");
  printf("|---|---:|---:|---:|---:|---|---:|\n");
  run a = take(&first, t_first), b = take(&again, t_again), c = take(&cold, t_cold);
  print_run("first (create + solve)", &a);
  print_run("re-solve, same solver object", &b);
  print_run("cold flp_solve of the change", &c);
  printf("\nre-solve / cold: time %.3f, iterations %.3f, matrix passes %.3f\n", b.total / c.total,
         (double)b.iterations / (double)c.iterations, (double)b.passes / (double)c.passes);
  flp_result_free(&first);
  flp_result_free(&again);
  flp_result_free(&cold);
  flp_solver_free(solver);
  flp_fleet_lp_free(&lp);
  flp_fleet_free(&f);
  return 0;
}
