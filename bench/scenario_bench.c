/* Scenario batches against sequential solves, in one run, on a generated
 * fleet with K demand forecasts (each class and slot's demand times a
 * lognormal multiplier, sd --spread, shared by the class across slots in
 * part). Two measurements:
 *
 *   step       time of one iteration of the batched step (backend.h:
 *              pdhg_iterate_batch) at K = 1, 8, 16, 32 against one single
 *              step, on the fleet's matrix, through the backend table of
 *              --backend (cpu, the default, or cuda);
 *   throughput the K scenarios solved by flp_solve one after another and
 *              by one flp_solve_batch: total seconds, matrix passes, and
 *              every scenario's status and objective compared.
 *
 *   fleetlp_scenario_bench [--nodes N] [--slots T] [--classes C] [--seed S]
 *       [--scenarios K] [--spread SD] [--tol EPS] [--threads N] [--backend cpu|cuda]
 *       [--skip-step] [--skip-throughput] [--show K: the log of scenario K's solo solve]
 *       [--batch-only: the batch alone, with its log and a table per scenario] [--set NAME=VALUE ...]
 *
 * --backend only changes the step measurement; the throughput solves use the
 * settings' device (cpu unless --set device=...).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"
#include "fleetlp_fleet.h"

static int fail(const flp_error *err) {
  fprintf(stderr, "scenario_bench: %s\n", err->msg);
  return 3;
}

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

static double normal(uint64_t *s) { /* Box-Muller */
  double u = ((double)(rng_next(s) >> 11) + 0.5) * 0x1.0p-53, v = (double)(rng_next(s) >> 11) * 0x1.0p-53;
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* Row bounds of K forecasts: the demand(k, t) rows (the first C * T) scaled. */
static flp_rc make_scenarios(const flp_problem *p, int32_t classes, int32_t slots, int32_t K,
                             double spread, uint64_t seed, flp_scenarios *sc, flp_error *err) {
  const size_t m = (size_t)p->num_rows;
  memset(sc, 0, sizeof *sc);
  sc->count = K;
  sc->num_rows = p->num_rows;
  sc->num_cols = p->num_cols;
  sc->row_lower = malloc((size_t)K * m * sizeof(double));
  sc->row_upper = malloc((size_t)K * m * sizeof(double));
  if (!sc->row_lower || !sc->row_upper) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory");
  for (int32_t k = 0; k < K; ++k) {
    double *lo = sc->row_lower + (size_t)k * m, *hi = sc->row_upper + (size_t)k * m;
    memcpy(lo, p->row_lower, m * sizeof *lo);
    memcpy(hi, p->row_upper, m * sizeof *hi);
    uint64_t s = seed * 1000003u + (uint64_t)k;
    for (int32_t c = 0; c < classes; ++c) {
      double level = normal(&s);
      for (int32_t t = 0; t < slots; ++t) {
        double f = exp(spread * (0.7 * level + 0.3 * normal(&s)));
        size_t i = (size_t)t * (size_t)classes + (size_t)c;
        lo[i] *= f;
        hi[i] *= f;
      }
    }
  }
  return FLP_OK;
}

/* ---- step: one batched iteration against one single iteration ---- */

typedef struct lp_vectors {
  flp_vec *x, *y, *x0, *y0, *xh, *yh, *aty, *xbar, *v, *c, *l, *u, *rl, *ru;
} lp_vectors;

static flp_rc alloc_lp(const flp_backend *be, flp_backend_ctx *ctx, const flp_problem *p, lp_vectors *o,
                       flp_error *err) {
  flp_vec **cols[] = {&o->x, &o->x0, &o->xh, &o->aty, &o->xbar, &o->c, &o->l, &o->u};
  flp_vec **rows[] = {&o->y, &o->y0, &o->yh, &o->v, &o->rl, &o->ru};
  flp_rc rc = FLP_OK;
  for (size_t i = 0; rc == FLP_OK && i < sizeof cols / sizeof *cols; ++i) rc = be->vec_alloc(ctx, p->num_cols, cols[i], err);
  for (size_t i = 0; rc == FLP_OK && i < sizeof rows / sizeof *rows; ++i) rc = be->vec_alloc(ctx, p->num_rows, rows[i], err);
  if (rc == FLP_OK) rc = be->vec_upload(ctx, o->c, p->obj, err);
  if (rc == FLP_OK) rc = be->vec_upload(ctx, o->l, p->col_lower, err);
  if (rc == FLP_OK) rc = be->vec_upload(ctx, o->u, p->col_upper, err);
  if (rc == FLP_OK) rc = be->vec_upload(ctx, o->rl, p->row_lower, err);
  if (rc == FLP_OK) rc = be->vec_upload(ctx, o->ru, p->row_upper, err);
  return rc;
}

static void free_lp(const flp_backend *be, flp_backend_ctx *ctx, lp_vectors *o) {
  flp_vec **all = (flp_vec **)o;
  for (size_t i = 0; i < sizeof *o / sizeof(flp_vec *); ++i) be->vec_free(ctx, all[i]);
}

/* A step the iteration is stable with: 0.9 / sqrt(||A||_1 ||A||_inf) <= 0.9 / ||A||_2. */
static double stable_step(const flp_problem *p) {
  double *colsum = calloc((size_t)p->num_cols + 1, sizeof *colsum), rmax = 0, cmax = 0;
  if (!colsum) return 1e-3;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double r = 0;
    for (int64_t e = p->row_ptr[i]; e < p->row_ptr[i + 1]; ++e) {
      r += fabs(p->values[e]);
      colsum[p->col_idx[e]] += fabs(p->values[e]);
    }
    rmax = fmax(rmax, r);
  }
  for (int32_t j = 0; j < p->num_cols; ++j) cmax = fmax(cmax, colsum[j]);
  free(colsum);
  return rmax > 0 && cmax > 0 ? 0.9 / sqrt(rmax * cmax) : 1.0;
}

static flp_pdhg_args args_of(const flp_mat *A, lp_vectors *o, int64_t k0, double step) {
  flp_pdhg_args a = {.A = A, .x = o->x, .y = o->y, .x0 = o->x0, .y0 = o->y0, .xh = o->xh, .yh = o->yh,
                     .aty = o->aty, .xbar = o->xbar, .v = o->v, .c = o->c, .l = o->l, .u = o->u,
                     .rl = o->rl, .ru = o->ru, .tau = step, .sigma = step, .gamma = 1.0, .k0 = k0,
                     .halpern = 1};
  return a;
}

/* Waits for the backend's queued work: a reduction reads its result back
 * (the CUDA backend enqueues asynchronously; the CPU one returns done). */
static flp_rc drain(const flp_backend *be, flp_backend_ctx *ctx, const lp_vectors *lp, flp_error *err) {
  double r = 0;
  return be->norm_inf(ctx, lp->x, &r, err);
}

static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Seconds per iteration of K LPs (K = 1: the single step), over >= 1 s of
 * wall time, each LP from zero; *cpu the process's CPU seconds per
 * iteration (which a loaded machine does not inflate). */
static flp_rc time_step(const flp_backend *be, flp_backend_ctx *ctx, const flp_mat *A, lp_vectors *lps,
                        int K, double step, double *out, double *cpu, flp_error *err) {
  flp_pdhg_args args[32];
  const flp_pdhg_args *ptrs[32];
  flp_rc rc = FLP_OK;
  for (int k = 0; k < K; ++k) {
    args[k] = args_of(A, &lps[k], 0, step), ptrs[k] = &args[k];
    flp_vec *zero[] = {lps[k].x, lps[k].y, lps[k].x0, lps[k].y0};
    for (int z = 0; rc == FLP_OK && z < 4; ++z) rc = be->vec_fill(ctx, zero[z], 0.0, err);
  }
  const int count = 64; /* the default check_every */
  if (rc == FLP_OK) rc = K == 1 ? be->pdhg_iterate(ctx, &args[0], count, err) : be->pdhg_iterate_batch(ctx, ptrs, K, count, err);
  if (rc == FLP_OK) rc = drain(be, ctx, &lps[0], err);
  double t0 = flp_wall_seconds(), c0 = cpu_seconds(), t = 0;
  int64_t iters = 0;
  while (rc == FLP_OK && (t = flp_wall_seconds() - t0) < 1.0) {
    rc = K == 1 ? be->pdhg_iterate(ctx, &args[0], count, err) : be->pdhg_iterate_batch(ctx, ptrs, K, count, err);
    iters += count;
  }
  if (rc == FLP_OK) rc = drain(be, ctx, &lps[0], err);
  t = flp_wall_seconds() - t0;
  *out = t / (double)iters;
  *cpu = (cpu_seconds() - c0) / (double)iters;
  return rc;
}

/* LP k's data as the step measures it: the base's, with the row bounds
 * (demand scenarios) or every vector (costs, bounds: scenarios that change
 * everything) scaled by 1 + k / 1000, so that the batch cannot share them. */
static flp_rc vary_data(const flp_backend *be, flp_backend_ctx *ctx, const flp_problem *p, lp_vectors *o,
                        int k, int everything, flp_error *err) {
  const int64_t big = p->num_rows > p->num_cols ? p->num_rows : p->num_cols;
  double *t = malloc(((size_t)big + 1) * sizeof *t);
  if (!t) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory");
  const double f = 1.0 + k / 1000.0; /* k = 0: the base's data again */
  const double *src[] = {p->row_lower, p->row_upper, p->obj, p->col_lower, p->col_upper};
  flp_vec *dst[] = {o->rl, o->ru, o->c, o->l, o->u};
  const int64_t len[] = {p->num_rows, p->num_rows, p->num_cols, p->num_cols, p->num_cols};
  flp_rc rc = FLP_OK;
  for (int d = 0; rc == FLP_OK && d < (everything ? 5 : 2); ++d) {
    for (int64_t i = 0; i < len[d]; ++i) t[i] = src[d][i] * f; /* inf stays inf, 0 stays 0 */
    rc = be->vec_upload(ctx, dst[d], t, err);
  }
  free(t);
  return rc;
}

/* Bytes one iteration must move at least, every array read or written once
 * (gathered entries once, as if caches caught all reuse), counted from the
 * kernels: the single step as fleetlp_pdhg_bench counts it, and a batch of K
 * whose scenarios differ in row bounds only (mode 1) or in everything
 * (mode 2; mode 0, nothing, reads as mode 1 on cuda and as shared data on
 * the CPU). The ratio batch / single is what a batched iteration would cost
 * against a single one if both ran at the floor.
 *   cuda single: 2 SpMVs (A' and A, 4-byte indices) + primal (reads x c aty l
 *     u x0, writes xh xbar x) + dual (reads y v rl ru y0, writes yh y).
 *   cuda batch: 2 SpMMs reading each matrix once + per LP primal (reads x c
 *     aty l u x0, writes xbar x), dual (reads y y0 v rl ru, writes y), the
 *     SpMMs' inputs and outputs; every LP's data are its own block.
 *   cpu single: A' and A (8-byte offsets) with the gathers, x c l u x0 read,
 *     aty xh xbar x written; y rl ru y0 read, v yh y written.
 *   cpu batch: A' and A once per group of 8 + per LP x x0 read, xbar x
 *     written, y gathered; y y0 read, y written, xbar gathered; c l u and rl
 *     ru per LP where they differ, once per group where alike. */
static double floor_bytes(const char *backend, const flp_problem *p, int K, int mode) {
  const double m = p->num_rows, n = p->num_cols, nnz = (double)p->nnz;
  if (strcmp(backend, "cuda") == 0) {
    const double mats = nnz * 12.0 + 4.0 * (n + 1.0) + nnz * 12.0 + 4.0 * (m + 1.0);
    if (K == 1) return mats + 16.0 * (m + n) + 72.0 * n + 56.0 * m;
    return mats + K * (80.0 * n + 64.0 * m);
  }
  const double mats = nnz * 24.0 + 8.0 * (m + n + 2.0);
  if (K == 1) return mats + 8.0 * m + 72.0 * n + 8.0 * n + 56.0 * m;
  const double groups = ceil(K / 8.0);
  const double cols_data = mode == 2 ? 24.0 * n * K : 24.0 * n * groups;
  const double rows_data = mode >= 1 ? 16.0 * m * K : 16.0 * m * groups;
  return groups * mats + K * (48.0 * n + 40.0 * m) + cols_data + rows_data;
}

static int run_step(const flp_problem *p, const char *backend, int threads, flp_error *err) {
  const flp_backend *be = flp_backend_find(backend);
  if (!be) {
    flp_error_set(err, FLP_ERR_UNAVAILABLE, "no backend '%s' in this build", backend);
    return fail(err);
  }
  if (!be->pdhg_iterate_batch) {
    flp_error_set(err, FLP_ERR_UNAVAILABLE, "the %s backend has no batched step", backend);
    return fail(err);
  }
  flp_backend_options opt = {.threads = threads};
  flp_backend_ctx *ctx = NULL;
  flp_mat *A = NULL;
  lp_vectors lps[32];
  memset(lps, 0, sizeof lps);
  flp_rc rc = be->ctx_create(&opt, &ctx, err);
  if (rc == FLP_OK)
    rc = be->mat_upload(ctx, p->num_rows, p->num_cols, p->nnz, p->row_ptr, p->col_idx, p->values, &A, err);
  for (int k = 0; rc == FLP_OK && k < 32; ++k) rc = alloc_lp(be, ctx, p, &lps[k], err);
  const double step = stable_step(p);
  if (rc == FLP_OK) {
    char desc[256];
    be->describe(ctx, desc, sizeof desc);
    /* this machine's speed drifts by tens of percent over a minute: each
     * batched step is compared with single steps timed just before and after */
    printf("step on %s; each row's single step is timed just before and after its batched step\n\n", desc);
    printf("| K | scenarios differ in | single s per iteration | batched s per iteration | / single | per scenario | CPU / single, per scenario | floor: bytes / single's |\n"
           "|---:|---|---:|---:|---:|---:|---:|---:|\n");
  }
  const char *differ[] = {"nothing", "row bounds", "costs and all bounds"};
  for (int mode = 2; mode >= 0; --mode) {
    for (int k = 1; rc == FLP_OK && k < 32; ++k) rc = vary_data(be, ctx, p, &lps[k], mode == 0 ? 0 : k, mode == 2, err);
    const int ks[] = {8, 16, 32};
    for (int i = 0; rc == FLP_OK && i < 3; ++i) {
      double s0 = 0, c0 = 0, t = 0, c = 0, s1 = 0, c1 = 0;
      rc = time_step(be, ctx, A, lps, 1, step, &s0, &c0, err);
      if (rc == FLP_OK) rc = time_step(be, ctx, A, lps, ks[i], step, &t, &c, err);
      if (rc == FLP_OK) rc = time_step(be, ctx, A, lps, 1, step, &s1, &c1, err);
      const double single = 0.5 * (s0 + s1), single_cpu = 0.5 * (c0 + c1);
      if (rc == FLP_OK)
        printf("| %d | %s | %.3e | %.3e | %.2f | %.3f | %.3f | %.2f |\n", ks[i], differ[mode], single, t, t / single,
               t / single / ks[i], c / single_cpu / ks[i],
               floor_bytes(backend, p, ks[i], mode) / floor_bytes(backend, p, 1, mode));
    }
  }
  for (int k = 0; k < 32; ++k) free_lp(be, ctx, &lps[k]);
  if (A) be->mat_free(ctx, A);
  be->ctx_destroy(ctx);
  printf("\n");
  return rc == FLP_OK ? 0 : fail(err);
}

/* ---- throughput: K solves in turn against one batch ---- */

/* The log of scenario `show`'s solo solve. */
static int show_one(const flp_problem *p, const flp_scenarios *sc, const flp_settings *s, int show,
                    flp_error *err) {
  flp_settings v = *s;
  v.verbose = 1;
  flp_problem q;
  flp_result r = {0};
  if (flp_scenario_problem(p, sc, show, &q, err) != FLP_OK || flp_solve(&q, &v, &r, err) != FLP_OK) return fail(err);
  flp_problem_free(&q);
  flp_result_free(&r);
  return 0;
}

/* The batch alone (for profiling it). */
static int batch_alone(const flp_problem *p, const flp_scenarios *sc, const flp_settings *s, flp_error *err) {
  flp_result *r = calloc((size_t)sc->count, sizeof *r);
  if (!r) return fprintf(stderr, "out of memory\n"), 3;
  flp_settings v = *s;
  v.verbose = 1;
  double t0 = flp_wall_seconds();
  if (flp_solve_batch(p, sc, &v, r, err) != FLP_OK) return fail(err);
  int64_t it = 0, pol = 0;
  double setup = 0;
  for (int32_t k = 0; k < sc->count; ++k) it += r[k].iterations, pol += r[k].polish_iterations, setup += r[k].setup_seconds;
  printf("batch: %.3f s; %lld iterations, %lld in polishes, %.3f s of setup in the results\n", flp_wall_seconds() - t0,
         (long long)it, (long long)pol, setup);
  printf("| scenario | status | iterations | in polishes | objective |\n|---:|---|---:|---:|---:|\n");
  for (int32_t k = 0; k < sc->count; ++k)
    printf("| %d | %s | %lld | %lld | %.10g |\n", (int)k, flp_status_name(r[k].status), (long long)r[k].iterations,
           (long long)r[k].polish_iterations, r[k].primal_obj);
  for (int32_t k = 0; k < sc->count; ++k) flp_result_free(&r[k]);
  free(r);
  return 0;
}

static int run_throughput(const flp_problem *p, const flp_scenarios *sc, const flp_settings *s,
                          flp_error *err) {
  const int32_t K = sc->count;
  flp_result *seq = calloc((size_t)K, sizeof *seq), *bat = calloc((size_t)K, sizeof *bat);
  if (!seq || !bat) return fprintf(stderr, "out of memory\n"), 3;
  double t0 = flp_wall_seconds();
  for (int32_t k = 0; k < K; ++k) {
    flp_problem q;
    if (flp_scenario_problem(p, sc, k, &q, err) != FLP_OK || flp_solve(&q, s, &seq[k], err) != FLP_OK)
      return fail(err);
    flp_problem_free(&q);
  }
  double t_seq = flp_wall_seconds() - t0;
  t0 = flp_wall_seconds();
  if (flp_solve_batch(p, sc, s, bat, err) != FLP_OK) return fail(err);
  double t_bat = flp_wall_seconds() - t0;
  int64_t it_seq = 0, it_bat = 0, pass_seq = 0, pass_bat = 0, longest = 0;
  int same = 0, optimal = 0;
  double worst = 0;
  printf("| scenario | status (seq / batch) | iterations (seq / batch) | objective seq | objective batch | rel diff |\n");
  printf("|---:|---|---|---:|---:|---:|\n");
  for (int32_t k = 0; k < K; ++k) {
    double d = fabs(seq[k].primal_obj - bat[k].primal_obj) /
               (1 + fabs(seq[k].primal_obj) + fabs(bat[k].primal_obj));
    same += seq[k].status == bat[k].status;
    optimal += bat[k].status == FLP_OPTIMAL;
    worst = d > worst ? d : worst;
    it_seq += seq[k].iterations;
    it_bat += bat[k].iterations;
    pass_seq += seq[k].matrix_passes;
    pass_bat += bat[k].matrix_passes;
    if (bat[k].iterations > longest) longest = bat[k].iterations;
    printf("| %d | %s / %s | %lld / %lld | %.10g | %.10g | %.1e |\n", (int)k, flp_status_name(seq[k].status),
           flp_status_name(bat[k].status), (long long)seq[k].iterations, (long long)bat[k].iterations,
           seq[k].primal_obj, bat[k].primal_obj, d);
  }
  printf("\n%d scenarios: %d with the same status, %d OPTIMAL in the batch; worst objective difference %.1e\n",
         (int)K, same, optimal, worst);
  printf("sequential: %.3f s, %lld iterations, %lld matrix passes\n", t_seq, (long long)it_seq, (long long)pass_seq);
  printf("batch:      %.3f s, %lld iterations, %lld matrix passes (per scenario, summed); the longest "
         "scenario %lld iterations\n", t_bat, (long long)it_bat, (long long)pass_bat, (long long)longest);
  printf("throughput batch / sequential: %.2fx\n", t_seq / t_bat);
  for (int32_t k = 0; k < K; ++k) flp_result_free(&seq[k]), flp_result_free(&bat[k]);
  free(seq);
  free(bat);
  return 0;
}

int main(int argc, char **argv) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  o.nodes = 2000;
  o.slots = 24;
  o.classes = 8;
  int32_t K = 32;
  double spread = 0.1;
  int step = 1, throughput = 1, show = -1, batch_only = 0;
  const char *backend = "cpu";
  flp_settings s;
  flp_settings_default(&s);
  s.verbose = 0;
  s.threads = 2;
  s.device = FLP_DEVICE_CPU;
  s.tol = 1e-4;
  flp_error err = {0};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : "";
    if (!strcmp(a, "--skip-step")) step = 0;
    else if (!strcmp(a, "--show")) show = atoi(v), ++i;
    else if (!strcmp(a, "--batch-only")) batch_only = 1;
    else if (!strcmp(a, "--skip-throughput")) throughput = 0;
    else if (!strcmp(a, "--backend")) backend = v, ++i;
    else if (!strcmp(a, "--nodes")) o.nodes = atoi(v), ++i;
    else if (!strcmp(a, "--slots")) o.slots = atoi(v), ++i;
    else if (!strcmp(a, "--classes")) o.classes = atoi(v), ++i;
    else if (!strcmp(a, "--seed")) o.seed = strtoull(v, NULL, 10), ++i;
    else if (!strcmp(a, "--scenarios")) K = atoi(v), ++i;
    else if (!strcmp(a, "--spread")) spread = atof(v), ++i;
    else if (!strcmp(a, "--tol") || !strcmp(a, "--threads")) {
      if (flp_settings_set(&s, a + 2, v, &err) != FLP_OK) return fail(&err);
      ++i;
    } else if (!strcmp(a, "--set")) {
      char name[64];
      const char *eq = strchr(v, '=');
      if (!eq || eq - v >= (long)sizeof name) return fprintf(stderr, "--set NAME=VALUE\n"), 2;
      snprintf(name, sizeof name, "%.*s", (int)(eq - v), v);
      if (flp_settings_set(&s, name, eq + 1, &err) != FLP_OK) return fail(&err);
      ++i;
    } else {
      return fprintf(stderr, "scenario_bench: unknown argument %s\n", a), 2;
    }
  }
  flp_fleet f;
  flp_fleet_lp lp;
  if (flp_fleet_generate(&o, &f, &err) != FLP_OK || flp_fleet_build(&f, FLP_FLEET_NAMES_OFF, &lp, &err) != FLP_OK)
    return fail(&err);
  const flp_problem *p = &lp.problem;
  printf("fleet %d nodes x %d slots x %d classes (seed %llu): LP %d rows, %d columns, %lld nonzeros; "
         "%d demand scenarios (sd %g); tol %g, %d thread(s); step on %s\n\n",
         (int)o.nodes, (int)o.slots, (int)o.classes, (unsigned long long)o.seed, (int)p->num_rows,
         (int)p->num_cols, (long long)p->nnz, (int)K, spread, s.tol, s.threads, backend);
  int rc = step ? run_step(p, backend, s.threads, &err) : 0;
  flp_scenarios sc;
  if (rc == 0 && throughput) {
    if (make_scenarios(p, f.num_classes, f.num_slots, K, spread, o.seed, &sc, &err) != FLP_OK) return fail(&err);
    rc = show >= 0 ? show_one(p, &sc, &s, show, &err)
         : batch_only ? batch_alone(p, &sc, &s, &err) : run_throughput(p, &sc, &s, &err);
    flp_scenarios_free(&sc);
  }
  flp_fleet_lp_free(&lp);
  flp_fleet_free(&f);
  return rc;
}
