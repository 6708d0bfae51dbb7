/* Soak of the solver object: one LP (an MPS file), one flp_solver, N
 * re-solves, each after a small change (objective, row bounds, column bounds
 * or the whole problem in turn, every change undone the next time its kind
 * comes round, so the LP stays near the original: objective entries x1.02
 * then /1.02, bounds widened by 2% then put back). Samples this process's
 * resident memory (VmRSS) and open file descriptors after each re-solve;
 * growth is measured from the end of the warm-up (the first 10%) to the end
 * and to the peak; the goal is under 5% (bench/soak.py does the same for a
 * batch process).
 *
 *   fleetlp_soak_resolve LP.mps [N=1000] [THREADS=1]
 *
 * Prints a markdown table and the re-solves' statuses (a bound change can
 * make the LP infeasible: that is a solve too); exit 0 when every re-solve
 * returned FLP_OK, peak RSS growth < 5% and the fd count constant. */
#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fleetlp.h"
#include "fleetlp_io.h"

static long rss_kb(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  long kb = 0;
  if (!f) return 0;
  while (fgets(line, sizeof line, f))
    if (strncmp(line, "VmRSS:", 6) == 0) kb = strtol(line + 6, NULL, 10);
  fclose(f);
  return kb;
}

static int open_fds(void) {
  DIR *d = opendir("/proc/self/fd");
  int n = 0;
  if (!d) return -1;
  while (readdir(d)) ++n;
  closedir(d);
  return n - 3; /* ".", ".." and the directory's own descriptor */
}

static double now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* factor for entry k at change number step: 1 or 1.02, undone on the next round */
static double factor(int32_t k, int step) { return (k % 3 == 0) ? ((step / 4) % 2 ? 1.0 / 1.02 : 1.02) : 1.0; }

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s LP.mps [N=1000] [THREADS=1]\n", argv[0]);
    return 2;
  }
  int n = argc > 2 ? atoi(argv[2]) : 1000;
  int threads = argc > 3 ? atoi(argv[3]) : 1;
  flp_error err;
  flp_problem p;
  if (flp_read_mps(argv[1], &p, NULL, NULL, &err) != FLP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 2;
  }
  flp_settings s;
  flp_settings_default(&s);
  s.device = FLP_DEVICE_CPU;
  s.threads = threads;
  s.verbose = 0;
  flp_solver *solver = NULL;
  if (flp_solver_create(&p, &s, &solver, &err) != FLP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 2;
  }
  flp_result r;
  memset(&r, 0, sizeof r);
  if (flp_solver_solve(solver, &r, &err) != FLP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 2;
  }
  flp_status first = r.status;
  flp_result_free(&r);
  double *row_lo0 = malloc(sizeof(double) * (size_t)p.num_rows),
         *row_hi0 = malloc(sizeof(double) * (size_t)p.num_rows),
         *col_lo0 = malloc(sizeof(double) * (size_t)p.num_cols),
         *col_hi0 = malloc(sizeof(double) * (size_t)p.num_cols);
  memcpy(row_lo0, p.row_lower, sizeof(double) * (size_t)p.num_rows);
  memcpy(row_hi0, p.row_upper, sizeof(double) * (size_t)p.num_rows);
  memcpy(col_lo0, p.col_lower, sizeof(double) * (size_t)p.num_cols);
  memcpy(col_hi0, p.col_upper, sizeof(double) * (size_t)p.num_cols);
  long *rss = calloc((size_t)n, sizeof *rss);
  int *fds = calloc((size_t)n, sizeof *fds);
  int bad = 0, same = 0, by_status[32] = {0};
  double t0 = now();
  for (int i = 0; i < n; ++i) {
    int kind = i % 4;
    flp_rc rc = FLP_OK;
    if (kind == 0) {
      for (int32_t j = 0; j < p.num_cols; ++j) p.obj[j] *= factor(j, i);
      rc = flp_solver_set_objective(solver, p.obj, p.obj_offset, &err);
    } else {
      /* bounds: widened by 2% (every third entry), then put back; a wider LP stays feasible */
      int rows = kind != 2;
      int32_t len = rows ? p.num_rows : p.num_cols;
      double *lo = rows ? p.row_lower : p.col_lower, *hi = rows ? p.row_upper : p.col_upper;
      const double *lo0 = rows ? row_lo0 : col_lo0, *hi0 = rows ? row_hi0 : col_hi0;
      int widen = (i / 4) % 2 == 0;
      for (int32_t k = 0; k < len; ++k) {
        lo[k] = lo0[k] - (widen && k % 3 == 0 && isfinite(lo0[k]) ? 0.02 * (1 + fabs(lo0[k])) : 0);
        hi[k] = hi0[k] + (widen && k % 3 == 0 && isfinite(hi0[k]) ? 0.02 * (1 + fabs(hi0[k])) : 0);
      }
      if (kind == 3) rc = flp_solver_set_problem(solver, &p, &err);
      else if (rows) rc = flp_solver_set_row_bounds(solver, lo, hi, &err);
      else rc = flp_solver_set_col_bounds(solver, lo, hi, &err);
    }
    memset(&r, 0, sizeof r);
    if (rc == FLP_OK) rc = flp_solver_solve(solver, &r, &err);
    if (rc != FLP_OK) {
      fprintf(stderr, "re-solve %d: %s\n", i, err.msg);
      ++bad;
    } else {
      same += r.status == first;
      by_status[(unsigned)r.status % 32]++;
    }
    flp_result_free(&r);
    rss[i] = rss_kb();
    fds[i] = open_fds();
  }
  double secs = now() - t0;
  int w = n / 10, mid = w + (n - w) / 2;
  long peak = 0;
  int fd_lo = fds[w], fd_hi = fds[w];
  for (int i = w; i < n; ++i) {
    if (rss[i] > peak) peak = rss[i];
    if (fds[i] < fd_lo) fd_lo = fds[i];
    if (fds[i] > fd_hi) fd_hi = fds[i];
  }
  double end_growth = 100.0 * (double)(rss[n - 1] - rss[w]) / (double)rss[w];
  double peak_growth = 100.0 * (double)(peak - rss[w]) / (double)rss[w];
  printf("# Soak: %d re-solves through one solver object\n\n", n);
  printf("`fleetlp_soak_resolve %s %d %d`: %d x %d LP, first solve %s; %d re-solves in %.1f s "
         "(%.0f a second), %d returned an error, %d ended with the first solve's status. "
         "Sampled after every re-solve; warm-up: the first %d.\n\n",
         argv[1], n, threads, p.num_rows, p.num_cols, flp_status_name(first), n, secs,
         n / (secs > 0 ? secs : 1), bad, same, w);
  printf("Statuses of the re-solves:");
  for (int k = 0; k < 32; ++k)
    if (by_status[k]) printf(" %s %d", flp_status_name((flp_status)k), by_status[k]);
  printf(".\n\n");
  printf("| | re-solves done | VmRSS (KiB) | open fds |\n|---|---:|---:|---:|\n");
  printf("| after warm-up | %d | %ld | %d |\n", w + 1, rss[w], fds[w]);
  printf("| middle | %d | %ld | %d |\n", mid + 1, rss[mid], fds[mid]);
  printf("| end | %d | %ld | %d |\n", n, rss[n - 1], fds[n - 1]);
  printf("\nGrowth after the warm-up: VmRSS %+.2f%% at the end, %+.2f%% at the peak (%ld KiB); "
         "open fds between %d and %d.\n",
         end_growth, peak_growth, peak, fd_lo, fd_hi);
  int ok = bad == 0 && peak_growth < 5 && fd_lo == fd_hi;
  free(rss);
  free(fds);
  free(row_lo0);
  free(row_hi0);
  free(col_lo0);
  free(col_hi0);
  flp_solver_free(solver);
  flp_problem_free(&p);
  return ok ? 0 : 1;
}
