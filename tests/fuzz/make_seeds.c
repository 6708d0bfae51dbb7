/* Seeds for the fuzz targets: valid files of every format, written by
 * fleetlp itself and turned into fuzz programs (h5_program.h), plus text and
 * byte seeds. bench/fuzz.sh runs it before a campaign:
 *   fuzz_make_seeds OUTDIR     (writes OUTDIR/<target>/seed-*) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fleetlp_fleet.h"
#include "fuzz_tiny.h"
#include "h5_program.h"

static const char *out_dir;

static void die(const char *what, const flp_error *err) {
  fprintf(stderr, "fuzz_make_seeds: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
  exit(1);
}

static void mkdir_p(const char *path) {
  if (mkdir(path, 0777) != 0 && errno != EEXIST) die(path, NULL);
}

static void put(const char *target, const char *name, const void *prefix, size_t plen,
                const void *data, size_t len) {
  char dir[4096], path[4200];
  snprintf(dir, sizeof dir, "%s/%s", out_dir, target);
  mkdir_p(dir);
  snprintf(path, sizeof path, "%s/seed-%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (!f || (plen && fwrite(prefix, 1, plen, f) != plen) || (len && fwrite(data, 1, len, f) != len) ||
      fclose(f) != 0)
    die(path, NULL);
}

/* The HDF5 file at h5 as a program seed of target. */
static void put_h5(const char *target, const char *name, const char *h5, const uint8_t *prefix,
                   size_t plen) {
  size_t len = 0;
  uint8_t *prog = h5_program_encode(h5, &len);
  if (!prog) die(h5, NULL);
  put(target, name, prefix, plen, prog, len);
  free(prog);
}

static void scratch(char *buf, size_t cap, const char *name) {
  snprintf(buf, cap, "%s/tmp", out_dir);
  mkdir_p(buf);
  snprintf(buf, cap, "%s/tmp/%s", out_dir, name);
}

typedef struct sink {
  const char *path;
} sink;

static flp_rc write_checkpoint(void *user, const flp_checkpoint *c, flp_error *err) {
  return flp_checkpoint_write(c, ((const sink *)user)->path, err);
}

/* A checkpoint of the tiny LP at its iteration limit (or at once: limit 0
 * with a stop asked before the solve). */
static void tiny_checkpoint(const char *path, int64_t limit) {
  flp_problem p;
  flp_settings s;
  flp_error err;
  if (fuzz_tiny_lp(&p) != 0) die("tiny LP", NULL);
  fuzz_tiny_settings(&s);
  if (limit > 0) s.iteration_limit = limit;
  flp_solver *solver;
  if (flp_solver_create(&p, &s, &solver, &err) != FLP_OK) die("solver", &err);
  sink k = {path};
  flp_solver_set_checkpoint_sink(solver, write_checkpoint, &k);
  if (limit == 0) flp_solver_interrupt(solver);
  flp_result res;
  memset(&res, 0, sizeof res);
  if (flp_solver_solve(solver, &res, &err) != FLP_OK) die("tiny solve", &err);
  flp_result_free(&res);
  flp_solver_free(solver);
  flp_problem_free(&p);
}

static void problems_and_solutions(void) {
  char h5[4096];
  flp_problem p;
  flp_error err;
  flp_settings s;
  if (fuzz_tiny_lp(&p) != 0) die("tiny LP", NULL);
  scratch(h5, sizeof h5, "tiny.h5");
  if (flp_write_problem_h5(h5, &p, 0, &err) != FLP_OK) die("problem", &err);
  put_h5("h5_problem", "tiny", h5, NULL, 0);
  scratch(h5, sizeof h5, "tiny.mps");
  if (flp_write_mps(h5, &p, &err) != FLP_OK) die("mps", &err);
  FILE *f = fopen(h5, "rb");
  char text[8192];
  size_t n = f ? fread(text, 1, sizeof text, f) : 0;
  if (f) fclose(f);
  put("mps", "tiny", NULL, 0, text, n);

  fuzz_tiny_settings(&s);
  s.iteration_limit = 0;
  flp_result res;
  memset(&res, 0, sizeof res);
  if (flp_solve(&p, &s, &res, &err) != FLP_OK) die("tiny solve", &err);
  scratch(h5, sizeof h5, "tiny_sol.h5");
  if (flp_write_solution_h5(h5, &p, &s, &res, &err) != FLP_OK) die("solution", &err);
  const uint8_t shape[2] = {(uint8_t)p.num_rows, (uint8_t)p.num_cols};
  put_h5("h5_solution", "tiny", h5, shape, 2);
  flp_result_free(&res);
  flp_problem_free(&p);

  scratch(h5, sizeof h5, "tiny_ck.h5");
  tiny_checkpoint(h5, 64);
  put_h5("h5_checkpoint", "limit64", h5, NULL, 0);
  tiny_checkpoint(h5, 0);
  put_h5("h5_checkpoint", "stop0", h5, NULL, 0);
}

/* Three scenarios of the tiny LP with every dataset of the layout. */
static void scenarios(void) {
  char h5[4096];
  flp_problem p;
  flp_error err;
  if (fuzz_tiny_lp(&p) != 0) die("tiny LP", NULL);
  double c[3 * 4], cl[3 * 4], cu[3 * 4], rl[3 * 3], ru[3 * 3];
  char *names[3] = {"base", "high", ""};
  for (int k = 0; k < 3; ++k) {
    for (int j = 0; j < 4; ++j) {
      c[k * 4 + j] = p.obj[j] * (1 + k);
      cl[k * 4 + j] = p.col_lower[j];
      cu[k * 4 + j] = p.col_upper[j] + k;
    }
    for (int i = 0; i < 3; ++i) {
      rl[k * 3 + i] = p.row_lower[i];
      ru[k * 3 + i] = p.row_upper[i] + (k == 1 ? INFINITY : 0);
    }
  }
  flp_scenarios sc = {.count = 3, .num_rows = 3, .num_cols = 4, .obj = c, .col_lower = cl, .col_upper = cu,
                      .row_lower = rl, .row_upper = ru, .names = names, .objective_sense = 1};
  scratch(h5, sizeof h5, "tiny_scen.h5");
  if (flp_write_scenarios(h5, &sc, &err) != FLP_OK) die("scenarios", &err);
  put_h5("h5_scenarios", "tiny", h5, NULL, 0);
  flp_problem_free(&p);
}

static void fleets_and_plans(void) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 3;
  o.slots = 2;
  o.classes = 2;
  o.seed = 5;
  flp_fleet f;
  flp_error err;
  if (flp_fleet_generate(&o, &f, &err) != FLP_OK) die("fleet", &err);
  char h5[4096];
  scratch(h5, sizeof h5, "fleet.h5");
  if (flp_fleet_write_h5(h5, &f, 0, &err) != FLP_OK) die("fleet file", &err);
  put_h5("h5_fleet", "small", h5, NULL, 0);
  flp_fleet_lp lp;
  if (flp_fleet_build(&f, FLP_FLEET_NAMES_ON, &lp, &err) != FLP_OK) die("fleet LP", &err);
  scratch(h5, sizeof h5, "fleet_lp.h5");
  if (flp_write_problem_h5(h5, &lp.problem, 0, &err) != FLP_OK) die("fleet LP file", &err);
  put_h5("h5_problem", "fleet-lp", h5, NULL, 0);
  flp_settings s;
  fuzz_tiny_settings(&s);
  s.iteration_limit = 0;
  flp_result res;
  memset(&res, 0, sizeof res);
  if (flp_solve(&lp.problem, &s, &res, &err) != FLP_OK) die("fleet solve", &err);
  flp_fleet_plan plan;
  if (flp_fleet_plan_compute(&f, &lp, &res, &plan, &err) != FLP_OK) die("plan", &err);
  scratch(h5, sizeof h5, "plan.h5");
  if (flp_fleet_write_plan(h5, &f, &lp, &plan, &s, &res, "fleet.h5", &err) != FLP_OK)
    die("plan file", &err);
  if (lp.problem.num_rows < 256 && lp.problem.num_cols < 256) {
    const uint8_t shape[2] = {(uint8_t)lp.problem.num_rows, (uint8_t)lp.problem.num_cols};
    put_h5("h5_solution", "plan", h5, shape, 2);
  }
  flp_fleet_plan_free(&plan);
  flp_result_free(&res);
  flp_fleet_lp_free(&lp);
  flp_fleet_free(&f);
}

static void texts_and_bytes(void) {
  static const char *const sets[] = {"tol=1e-6", "norm=linf\npresolve=0", "check_every=1\npolish=off",
                                     "ruiz_iterations=0\npock_chambolle_alpha=0",
                                     "restart_sufficient=0.5\nrestart_necessary=0.4",
                                     "device=cpu\nthreads=2", "step_safety=1\nreflection=0.5",
                                     "guard_tol=1e-9\ninfeas_tol=1e-3"};
  for (size_t i = 0; i < sizeof sets / sizeof sets[0]; ++i) {
    char name[16];
    snprintf(name, sizeof name, "%zu", i);
    put("settings", name, NULL, 0, sets[i], strlen(sets[i]));
  }
  uint8_t zeros[256] = {0}, dims[8] = {7, 5, 3, 4, 3, 3, 2, 0};
  put("fleet_validate", "zeros", NULL, 0, zeros, sizeof zeros);
  put("fleet_validate", "large", dims, sizeof dims, zeros, sizeof zeros);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: fuzz_make_seeds OUTDIR\n");
    return 2;
  }
  out_dir = argv[1];
  mkdir_p(out_dir);
  problems_and_solutions();
  scenarios();
  fleets_and_plans();
  texts_and_bytes();
  return 0;
}
