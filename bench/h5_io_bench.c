/* HDF5 problem write/read throughput on a large random CSR (not a test).
 *
 *   cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -Ihost/include bench/h5_io_bench.c \
 *      build/libfleetlp.a -L/usr/lib/x86_64-linux-gnu/hdf5/serial -lhdf5 -lz -lm -fopenmp \
 *      -o build/h5_io_bench
 *   /usr/bin/time -v build/h5_io_bench write /tmp/big.h5 50 1   # 50M nonzeros, deflate 1
 *   /usr/bin/time -v build/h5_io_bench read /tmp/big.h5
 *
 * Writing and reading run in separate processes so that /usr/bin/time's peak
 * resident size of `read` is the reader's alone. MB/s counts the problem's
 * in-memory (uncompressed) bytes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fleetlp_fleet.h"

static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static uint64_t next_u64(void) { /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545f4914f6cdd1dULL;
}
static double next_unit(void) { return (double)(next_u64() >> 11) * (1.0 / 9007199254740992.0); }

static double problem_bytes(const flp_problem *p) {
  return (double)p->nnz * (sizeof(double) + sizeof(int32_t)) +
         (double)(p->num_rows + 1) * sizeof(int64_t) + (double)p->num_cols * 3 * sizeof(double) +
         (double)p->num_rows * 2 * sizeof(double);
}

static long long file_size(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static int generate(flp_problem *p, int64_t nnz) {
  const int per_row = 10;
  int32_t m = (int32_t)(nnz / per_row), n = m;
  flp_error err = {0};
  if (flp_problem_alloc(p, m, n, (int64_t)m * per_row, &err) != FLP_OK) {
    fprintf(stderr, "%s\n", err.msg);
    return 0;
  }
  for (int32_t i = 0; i < m; ++i) {
    p->row_ptr[i + 1] = p->row_ptr[i] + per_row;
    for (int k = 0; k < per_row; ++k) {
      int64_t e = (int64_t)i * per_row + k;
      p->col_idx[e] = (int32_t)(next_u64() % (uint64_t)n);
      p->values[e] = 2.0 * next_unit() - 1.0;
    }
    p->row_lower[i] = -1.0 - next_unit();
    p->row_upper[i] = (i % 4 == 0) ? INFINITY : 1.0 + next_unit();
  }
  for (int32_t j = 0; j < n; ++j) {
    p->obj[j] = next_unit();
    p->col_lower[j] = 0;
    p->col_upper[j] = (j % 3 == 0) ? INFINITY : 10.0 * next_unit();
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc < 3) {
    fprintf(stderr, "usage: h5_io_bench write PATH NNZ_MILLIONS [LEVEL] | read PATH\n");
    return 2;
  }
  flp_problem p;
  flp_error err = {0};
  memset(&p, 0, sizeof p);
  if (!strcmp(argv[1], "write") && argc >= 4) {
    int level = argc >= 5 ? atoi(argv[4]) : -1;
    double t0 = flp_wall_seconds();
    if (!generate(&p, (int64_t)(atof(argv[3]) * 1e6))) return 1;
    double t1 = flp_wall_seconds();
    if (flp_write_problem_h5(argv[2], &p, level, &err) != FLP_OK) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    double t2 = flp_wall_seconds();
    double mb = problem_bytes(&p) / 1e6;
    printf("write: %d rows, %d cols, %lld nnz, %.1f MB in memory, level %d\n", (int)p.num_rows,
           (int)p.num_cols, (long long)p.nnz, mb, level);
    printf("write: generate %.2f s, write %.2f s = %.0f MB/s, file %.1f MB\n", t1 - t0, t2 - t1,
           mb / (t2 - t1), (double)file_size(argv[2]) / 1e6);
  } else if (!strcmp(argv[1], "read")) {
    double t0 = flp_wall_seconds();
    if (flp_read_problem_h5(argv[2], &p, &err) != FLP_OK) {
      fprintf(stderr, "%s\n", err.msg);
      return 1;
    }
    double t1 = flp_wall_seconds();
    uint64_t h = flp_problem_hash(&p);
    double t2 = flp_wall_seconds();
    double mb = problem_bytes(&p) / 1e6;
    printf("read: %lld nnz, %.1f MB in memory, file %.1f MB, read %.2f s = %.0f MB/s "
           "(hash %016llx in %.2f s)\n",
           (long long)p.nnz, mb, (double)file_size(argv[2]) / 1e6, t1 - t0, mb / (t1 - t0),
           (unsigned long long)h, t2 - t1);
  } else {
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
  }
  flp_problem_free(&p);
  return 0;
}
