/* fleetlp_pdhg_bench: time per PDHG iteration of one or more backends,
 * through the backend table (not the solver), on random feasible LPs made in
 * memory.
 *
 *   fleetlp_pdhg_bench --backend cuda --nnz 1e6,4e6,16e6,50e6 --header
 *   fleetlp_pdhg_bench --backend cpu --threads 2 --nnz 1e6 --bandwidth 20
 *   fleetlp_pdhg_bench --backend cuda,cpu --cpu-count 2 --nnz 1e6,16e6,100e6
 *
 * With several backends each size's LP is made once and timed on each in
 * turn (making a 100e6-nonzero LP takes longer than timing it on a GPU).
 *
 * For each size: A has --per-row distinct random columns per row (uniform,
 * so x gathers are realistic, not cache-friendly), n = --col-ratio * m
 * columns; x0 is drawn inside the bounds and the row bounds are placed around
 * A x0 (equalities, <= and >= rows), so the LP is feasible. The timed loop
 * calls pdhg_iterate(count) repeatedly (Halpern on, k0 advancing), after one
 * untimed warm-up call (which on the GPU captures the graph), and waits for
 * the device once at the end (through norm2).
 *
 * One CSV line per size (stdout): timings, and the bytes one iteration of
 * that backend must move, counted from its data structures (see
 * bytes_per_iter); with --bandwidth GB/s also the floor time and the ratio
 * of the measured time to it. Progress and errors go to stderr. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend.h"

typedef struct bench_opts {
  const char *backend; /* comma-separated names */
  int threads, device, per_row, count, header, halpern;
  double col_ratio, min_time, bandwidth_gbs;
  int cpu_count;       /* iterations per call on the cpu backend (0: count) */
  double cpu_min_time; /* seconds to time on the cpu backend (< 0: min_time) */
  uint64_t seed;
  int64_t sizes[64];
  int nsizes;
} bench_opts;

static double now_s(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* ---- random numbers (splitmix64: small, fast, reproducible) ---- */

static uint64_t rng_next(uint64_t *s) {
  uint64_t z = (*s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rng_uni(uint64_t *s) { return (double)(rng_next(s) >> 11) * 0x1.0p-53; }
static int64_t rng_below(uint64_t *s, int64_t n) { return (int64_t)(rng_next(s) % (uint64_t)n); }

/* ---- the LP ---- */

typedef struct lp {
  int32_t m, n;
  int64_t nnz;
  int64_t *ptr;
  int32_t *idx;
  double *val, *c, *l, *u, *rl, *ru, *x0;
} lp;

static void lp_free(lp *p) {
  free(p->ptr);
  free(p->idx);
  free(p->val);
  free(p->c);
  free(p->l);
  free(p->u);
  free(p->rl);
  free(p->ru);
  free(p->x0);
  memset(p, 0, sizeof *p);
}

static int lp_make(lp *p, int64_t target_nnz, int per_row, double col_ratio, uint64_t seed) {
  memset(p, 0, sizeof *p);
  int64_t m = target_nnz / per_row;
  if (m < 1) m = 1;
  int64_t n = (int64_t)((double)m * col_ratio);
  if (n < per_row) n = per_row;
  if (m > INT32_MAX || n > INT32_MAX) return -1;
  p->m = (int32_t)m;
  p->n = (int32_t)n;
  p->nnz = m * per_row;
  p->ptr = malloc(sizeof *p->ptr * (size_t)(m + 1));
  p->idx = malloc(sizeof *p->idx * (size_t)p->nnz);
  p->val = malloc(sizeof *p->val * (size_t)p->nnz);
  p->c = malloc(sizeof(double) * (size_t)n);
  p->l = malloc(sizeof(double) * (size_t)n);
  p->u = malloc(sizeof(double) * (size_t)n);
  p->x0 = malloc(sizeof(double) * (size_t)n);
  p->rl = malloc(sizeof(double) * (size_t)m);
  p->ru = malloc(sizeof(double) * (size_t)m);
  if (!p->ptr || !p->idx || !p->val || !p->c || !p->l || !p->u || !p->x0 || !p->rl || !p->ru) {
    lp_free(p);
    return -1;
  }
  uint64_t s = seed;
  for (int64_t j = 0; j < n; ++j) {
    p->c[j] = 2.0 * rng_uni(&s) - 1.0;
    p->l[j] = 0.0;
    p->u[j] = (j % 4 == 3) ? INFINITY : 10.0;
    p->x0[j] = 5.0 * rng_uni(&s);
  }
  p->ptr[0] = 0;
  for (int64_t i = 0; i < m; ++i) {
    const int64_t b = i * per_row;
    double ax = 0.0;
    for (int k = 0; k < per_row; ++k) {
      int32_t j;
      int dup;
      do { /* distinct columns in a row */
        j = (int32_t)rng_below(&s, n);
        dup = 0;
        for (int q = 0; q < k; ++q) dup |= p->idx[b + q] == j;
      } while (dup);
      double a = 0.1 + 0.9 * rng_uni(&s);
      if (rng_next(&s) & 1) a = -a;
      p->idx[b + k] = j;
      p->val[b + k] = a;
      ax += a * p->x0[j];
    }
    p->ptr[i + 1] = b + per_row;
    switch (i % 3) {
    case 0: p->rl[i] = p->ru[i] = ax; break;
    case 1: p->rl[i] = -INFINITY; p->ru[i] = ax + rng_uni(&s); break;
    default: p->rl[i] = ax - rng_uni(&s); p->ru[i] = INFINITY; break;
    }
  }
  return 0;
}

/* sqrt(max row 1-norm * max column 1-norm) >= ||A||_2: a safe step bound. */
static double norm_bound(const lp *p) {
  double *col = calloc((size_t)p->n, sizeof *col);
  double rmax = 0.0, cmax = 0.0;
  if (!col) return (double)p->nnz;
  for (int32_t i = 0; i < p->m; ++i) {
    double r = 0.0;
    for (int64_t k = p->ptr[i]; k < p->ptr[i + 1]; ++k) {
      r += fabs(p->val[k]);
      col[p->idx[k]] += fabs(p->val[k]);
    }
    if (r > rmax) rmax = r;
  }
  for (int32_t j = 0; j < p->n; ++j)
    if (col[j] > cmax) cmax = col[j];
  free(col);
  return sqrt(rmax * cmax);
}

/* Bytes one pdhg_iterate iteration must move at least, counted from the
 * backend's data structures, every array read or written once (gathered
 * vector entries counted once: the floor, as if caches caught all reuse).
 *   cuda: 2 cuSPARSE SpMVs (values, indices, row offsets of A' and A; the
 *         input vector; the output vector written) + primal kernel (reads
 *         x c aty l u x0, writes xh xbar x) + dual kernel (reads y v rl ru
 *         y0, writes yh y). Indices and offsets are 4 bytes below 2^31
 *         nonzeros (8 with FLEETLP_CUDA_INDEX64=1).
 *   cpu:  SpMV fused into the passes: A' (8-byte offsets, 4-byte indices),
 *         gather y, read x c l u x0, write aty xh xbar x; A, gather xbar,
 *         read y rl ru y0, write v yh y. */
static double bytes_per_iter(const char *backend, const lp *p) {
  const double m = p->m, n = p->n, nnz = (double)p->nnz;
  if (strcmp(backend, "cuda") == 0) {
    const char *f = getenv("FLEETLP_CUDA_INDEX64");
    const double w = (p->nnz > INT32_MAX || (f && *f && strcmp(f, "0") != 0)) ? 8.0 : 4.0;
    const double spmv_t = nnz * (8.0 + w) + w * (n + 1.0) + 8.0 * m + 8.0 * n;
    const double primal = 8.0 * 6.0 * n + 8.0 * 3.0 * n;
    const double spmv = nnz * (8.0 + w) + w * (m + 1.0) + 8.0 * n + 8.0 * m;
    const double dual = 8.0 * 5.0 * m + 8.0 * 2.0 * m;
    return spmv_t + primal + spmv + dual;
  }
  const double primal = nnz * 12.0 + 8.0 * (n + 1.0) + 8.0 * m + 8.0 * 5.0 * n + 8.0 * 4.0 * n;
  const double dual = nnz * 12.0 + 8.0 * (m + 1.0) + 8.0 * n + 8.0 * 4.0 * m + 8.0 * 3.0 * m;
  return primal + dual;
}

/* ---- one size ---- */

enum { V_C, V_L, V_U, V_RL, V_RU, V_X, V_Y, V_X0, V_Y0, V_XH, V_YH, V_ATY, V_XBAR, V_V, NV };

/* Times pdhg_iterate of one backend on the LP p; one CSV line. */
static int run_backend(const flp_backend *be, flp_backend_ctx *ctx, const bench_opts *o,
                       const lp *pp, int first) {
  flp_error err = {FLP_OK, ""};
  const lp p = *pp;
  const int is_cpu = strcmp(be->name, "cpu") == 0;
  const int count = is_cpu && o->cpu_count > 0 ? o->cpu_count : o->count;
  const double min_time = is_cpu && o->cpu_min_time >= 0 ? o->cpu_min_time : o->min_time;
  const double eta = 0.9 / norm_bound(&p);

  flp_vec *v[NV] = {0};
  flp_mat *A = NULL;
  int ret = -1;
  const int64_t len[NV] = {p.n, p.n, p.n, p.m, p.m, p.n, p.m, p.n, p.m, p.n, p.m, p.n, p.n, p.m};
  const double *src[NV] = {p.c, p.l, p.u, p.rl, p.ru, NULL, NULL, p.x0, NULL,
                           NULL, NULL, NULL, NULL, NULL};
  double t_setup = now_s();
  for (int q = 0; q < NV; ++q) {
    if (be->vec_alloc(ctx, len[q], &v[q], &err) != FLP_OK) goto fail;
    if (src[q] && be->vec_upload(ctx, v[q], src[q], &err) != FLP_OK) goto fail;
  }
  if (be->vec_copy(ctx, v[V_X], v[V_X0], &err) != FLP_OK) goto fail;
  if (be->mat_upload(ctx, p.m, p.n, p.nnz, p.ptr, p.idx, p.val, &A, &err) != FLP_OK) goto fail;
  double sink = 0.0;
  if (be->norm2(ctx, v[V_X], &sink, &err) != FLP_OK) goto fail; /* waits */
  t_setup = now_s() - t_setup;

  flp_pdhg_args a;
  memset(&a, 0, sizeof a);
  a.A = A;
  a.x = v[V_X];
  a.y = v[V_Y];
  a.x0 = v[V_X0];
  a.y0 = v[V_Y0];
  a.xh = v[V_XH];
  a.yh = v[V_YH];
  a.aty = v[V_ATY];
  a.xbar = v[V_XBAR];
  a.v = v[V_V];
  a.c = v[V_C];
  a.l = v[V_L];
  a.u = v[V_U];
  a.rl = v[V_RL];
  a.ru = v[V_RU];
  a.tau = eta;
  a.sigma = eta;
  a.gamma = 1.0;
  a.halpern = o->halpern;
  a.k0 = 0;

  /* Warm-up (graph capture on the GPU), then one timed call to size the run. */
  if (be->pdhg_iterate(ctx, &a, count, &err) != FLP_OK) goto fail;
  if (be->norm2(ctx, v[V_Y], &sink, &err) != FLP_OK) goto fail;
  a.k0 += count;
  double t1 = now_s();
  if (be->pdhg_iterate(ctx, &a, count, &err) != FLP_OK) goto fail;
  if (be->norm2(ctx, v[V_Y], &sink, &err) != FLP_OK) goto fail;
  t1 = now_s() - t1;
  a.k0 += count;
  int64_t calls = (int64_t)ceil(min_time / (t1 > 1e-9 ? t1 : 1e-9));
  if (calls < 2) calls = 2;
  if (calls > 100000) calls = 100000;

  double t = now_s();
  for (int64_t r = 0; r < calls; ++r) {
    if (be->pdhg_iterate(ctx, &a, count, &err) != FLP_OK) goto fail;
    a.k0 += count;
  }
  if (be->norm2(ctx, v[V_Y], &sink, &err) != FLP_OK) goto fail;
  t = now_s() - t;

  {
    const double iters = (double)calls * count;
    const double us = 1e6 * t / iters;
    const double bytes = bytes_per_iter(be->name, &p);
    char dev[256];
    be->describe(ctx, dev, sizeof dev);
    for (char *ch = dev; *ch; ++ch)
      if (*ch == ',' || *ch == '"') *ch = ';';
    if (first && o->header)
      printf("backend,device,m,n,nnz,count,iterations,seconds,us_per_iter,bytes_per_iter,"
             "effective_gbs,bandwidth_gbs,floor_us,ratio_to_floor,setup_s,norm_y\n");
    const double floor_us = o->bandwidth_gbs > 0 ? bytes / (o->bandwidth_gbs * 1e3) : NAN;
    printf("%s,\"%s\",%d,%d,%lld,%d,%.0f,%.6f,%.3f,%.0f,%.1f,%.1f,%.3f,%.3f,%.3f,%.6e\n", be->name,
           dev, (int)p.m, (int)p.n, (long long)p.nnz, count, iters, t, us, bytes,
           bytes / (us * 1e3), o->bandwidth_gbs, floor_us,
           o->bandwidth_gbs > 0 ? us / floor_us : NAN, t_setup, sink);
    fflush(stdout);
  }
  ret = 0;
fail:
  if (ret != 0) fprintf(stderr, "pdhg_bench: %s: %s\n", be->name, err.msg);
  be->mat_free(ctx, A);
  for (int q = 0; q < NV; ++q) be->vec_free(ctx, v[q]);
  return ret;
}

/* Makes the LP of one size and times it on every backend. */
static int run_size(const flp_backend *const *be, flp_backend_ctx *const *ctx, int nbe,
                    const bench_opts *o, int64_t target, int first) {
  lp p;
  double t_gen = now_s();
  if (lp_make(&p, target, o->per_row, o->col_ratio, o->seed) != 0) {
    fprintf(stderr, "pdhg_bench: cannot make an LP with %lld nonzeros (memory or size)\n",
            (long long)target);
    return -1;
  }
  t_gen = now_s() - t_gen;
  fprintf(stderr, "pdhg_bench: m=%d n=%d nnz=%lld (made in %.1f s)\n", (int)p.m, (int)p.n,
          (long long)p.nnz, t_gen);
  int rc = 0;
  for (int b = 0; b < nbe && rc == 0; ++b) rc = run_backend(be[b], ctx[b], o, &p, first && b == 0);
  lp_free(&p);
  return rc;
}

/* ---- command line ---- */

static void usage(FILE *f) {
  fprintf(f,
          "usage: fleetlp_pdhg_bench [options]\n"
          "  --backend LIST      cpu, cuda or both (cuda,cpu); default cuda\n"
          "  --threads N         CPU threads (default 2)\n"
          "  --device N          GPU ordinal (default 0)\n"
          "  --nnz LIST          comma-separated nonzero counts, e.g. 1e6,4e6,50e6\n"
          "  --per-row K         nonzeros per row (default 16)\n"
          "  --col-ratio R       columns per row (default 2)\n"
          "  --count C           iterations per pdhg_iterate call (default 64)\n"
          "  --min-time S        seconds to time per size (default 2)\n"
          "  --cpu-count C       --count for the cpu backend (default: --count)\n"
          "  --cpu-min-time S    --min-time for the cpu backend (default: --min-time)\n"
          "  --bandwidth GBS     measured copy bandwidth in GB/s, for the floor column\n"
          "  --seed S            random seed (default 1)\n"
          "  --no-halpern        time T(z) only (x and y unchanged)\n"
          "  --header            print the CSV header first\n");
}

static int parse_sizes(const char *s, bench_opts *o) {
  o->nsizes = 0;
  while (*s) {
    char *end = NULL;
    errno = 0;
    double d = strtod(s, &end);
    if (end == s || errno || !(d >= 1.0) || d > 9e18 || o->nsizes >= 64) return -1;
    o->sizes[o->nsizes++] = (int64_t)d;
    s = end;
    if (*s == ',') ++s;
    else if (*s) return -1;
  }
  return o->nsizes > 0 ? 0 : -1;
}

int main(int argc, char **argv) {
  bench_opts o = {.backend = "cuda",
                  .threads = 2,
                  .device = 0,
                  .per_row = 16,
                  .count = 64,
                  .header = 0,
                  .halpern = 1,
                  .col_ratio = 2.0,
                  .min_time = 2.0,
                  .bandwidth_gbs = 0.0,
                  .cpu_count = 0,
                  .cpu_min_time = -1.0,
                  .seed = 1,
                  .sizes = {1000000},
                  .nsizes = 1};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    const char *val = i + 1 < argc ? argv[i + 1] : NULL;
    if (!strcmp(a, "--header")) { o.header = 1; continue; }
    if (!strcmp(a, "--no-halpern")) { o.halpern = 0; continue; }
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) { usage(stdout); return 0; }
    if (!val) { usage(stderr); return 2; }
    ++i;
    if (!strcmp(a, "--backend")) o.backend = val;
    else if (!strcmp(a, "--threads")) o.threads = atoi(val);
    else if (!strcmp(a, "--device")) o.device = atoi(val);
    else if (!strcmp(a, "--per-row")) o.per_row = atoi(val);
    else if (!strcmp(a, "--col-ratio")) o.col_ratio = atof(val);
    else if (!strcmp(a, "--count")) o.count = atoi(val);
    else if (!strcmp(a, "--min-time")) o.min_time = atof(val);
    else if (!strcmp(a, "--cpu-count")) o.cpu_count = atoi(val);
    else if (!strcmp(a, "--cpu-min-time")) o.cpu_min_time = atof(val);
    else if (!strcmp(a, "--bandwidth")) o.bandwidth_gbs = atof(val);
    else if (!strcmp(a, "--seed")) o.seed = strtoull(val, NULL, 10);
    else if (!strcmp(a, "--nnz")) {
      if (parse_sizes(val, &o) != 0) {
        fprintf(stderr, "pdhg_bench: bad --nnz list '%s'\n", val);
        return 2;
      }
    } else {
      usage(stderr);
      return 2;
    }
  }
  if (o.per_row < 1 || o.count < 1 || !(o.col_ratio > 0) || !(o.min_time >= 0)) {
    usage(stderr);
    return 2;
  }
  enum { MAX_BE = 4 };
  const flp_backend *be[MAX_BE] = {0};
  flp_backend_ctx *ctx[MAX_BE] = {0};
  int nbe = 0, rc = 0;
  char names[256];
  snprintf(names, sizeof names, "%s", o.backend);
  for (char *save = NULL, *name = strtok_r(names, ",", &save); name;
       name = strtok_r(NULL, ",", &save)) {
    if (nbe == MAX_BE) {
      fprintf(stderr, "pdhg_bench: at most %d backends\n", MAX_BE);
      rc = 2;
      break;
    }
    be[nbe] = flp_backend_find(name);
    if (!be[nbe]) {
      fprintf(stderr, "pdhg_bench: no backend '%s' in this build\n", name);
      rc = 2;
      break;
    }
    char desc[512] = "";
    if (be[nbe]->probe(desc, sizeof desc) != FLP_OK) {
      fprintf(stderr, "pdhg_bench: %s unusable: %s\n", name, desc);
      rc = 3;
      break;
    }
    fprintf(stderr, "pdhg_bench: %s: %s\n", name, desc);
    flp_backend_options bo = {.threads = o.threads, .device_index = o.device, .extra = NULL};
    flp_error err = {FLP_OK, ""};
    if (be[nbe]->ctx_create(&bo, &ctx[nbe], &err) != FLP_OK) {
      fprintf(stderr, "pdhg_bench: %s\n", err.msg);
      rc = 3;
      break;
    }
    ++nbe;
  }
  if (rc == 0 && nbe == 0) rc = 2;
  for (int s = 0; s < o.nsizes && rc == 0; ++s)
    rc = run_size(be, ctx, nbe, &o, o.sizes[s], s == 0) == 0 ? 0 : 1;
  for (int b = 0; b < nbe; ++b) be[b]->ctx_destroy(ctx[b]);
  return rc;
}
