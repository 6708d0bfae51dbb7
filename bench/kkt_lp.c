/* fleetlp_kkt_lp: writes one LP with a known optimum (tests/support/kkt_gen)
 * as MPS and prints "OUT.mps,rows,cols,nonzeros,optimal,objective".
 *
 *   fleetlp_kkt_lp OUT.mps ROWS COLS SEED [DENSITY]
 *
 * bench/run_peers.py builds its "kkt" instance set with it. The objective is
 * exact (the generator's numbers are small dyadic rationals), so every
 * solver's answer is checked against the truth, not against another solver. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kkt_gen.h"

static int parse_long(const char *s, long lo, long hi, long *out) {
  char *end = NULL;
  long v = strtol(s, &end, 10);
  if (!*s || *end || v < lo || v > hi) return 0;
  *out = v;
  return 1;
}

int main(int argc, char **argv) {
  long rows, cols, seed;
  if (argc < 5 || argc > 6 || !parse_long(argv[2], 1, 100000000, &rows) ||
      !parse_long(argv[3], 1, 100000000, &cols) || !parse_long(argv[4], 0, 1L << 30, &seed)) {
    fprintf(stderr, "usage: fleetlp_kkt_lp OUT.mps ROWS COLS SEED [DENSITY]\n");
    return 2;
  }
  kkt_options o;
  kkt_options_default(&o, (int32_t)rows, (int32_t)cols, (uint64_t)seed);
  if (argc == 6) {
    char *end = NULL;
    o.density = strtod(argv[5], &end);
    if (*end || !(o.density > 0.0 && o.density <= 1.0)) {
      fprintf(stderr, "fleetlp_kkt_lp: DENSITY must be in (0, 1]\n");
      return 2;
    }
  }
  flp_problem p;
  kkt_certificate cert;
  flp_error err;
  memset(&p, 0, sizeof p);
  memset(&cert, 0, sizeof cert);
  if (kkt_generate(&o, &p, &cert, &err) != FLP_OK) {
    fprintf(stderr, "fleetlp_kkt_lp: %s\n", err.msg);
    return 3;
  }
  int rc = 0;
  if (kkt_write_mps(&p, argv[1]) != 0) {
    fprintf(stderr, "fleetlp_kkt_lp: cannot write %s\n", argv[1]);
    rc = 3;
  } else {
    /* %.17g round-trips: the reference is the generator's exact value. */
    printf("%s,%ld,%ld,%lld,optimal,%.17g\n", argv[1], rows, cols, (long long)p.nnz,
           cert.objective);
  }
  kkt_certificate_free(&cert);
  flp_problem_free(&p);
  return rc;
}
