/* `fleetlp convert IN OUT`: between MPS (fixed or free, plain or .gz) and HDF5. */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "exit_codes.h"

static const char CONVERT_HELP[] =
    "Usage: fleetlp convert IN OUT [options]\n"
    "\n"
    "Converts an LP between MPS and HDF5. IN is recognised by its content (HDF5,\n"
    "or MPS fixed or free, plain or gzip); OUT by its extension:\n"
    "  .h5, .hdf5        HDF5 problem layout \"fleetlp-lp\" (docs/hdf5.md)\n"
    "  .mps, .mps.gz     free MPS (gzip-compressed for .gz)\n"
    "OUT is written atomically: OUT.tmp first, renamed to OUT when complete.\n"
    "\n"
    "Options:\n"
    "  --compression N   deflate level 0-9 of large HDF5 datasets (default 1; 0: none)\n"
    "  --quiet           print nothing but errors\n"
    "  -h, --help        this help\n"
    "\n"
    "Exit codes: 0 converted, 2 bad input file or usage, 3 internal error.\n";

static void print_notice(void *user, const char *line) {
  const int *quiet = user;
  if (!*quiet) fprintf(stderr, "fleetlp: note: %s\n", line);
}

int flp_cli_convert(int argc, char **argv) {
  const char *in = NULL, *out = NULL;
  int quiet = 0;
  int64_t level = -1;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(CONVERT_HELP, stdout);
      return FLP_EXIT_OPTIMAL;
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--compression")) {
      const char *v = flp_arg_value(argc, argv, &i);
      if (!v || !flp_arg_int64(a, v, 0, 9, &level)) return FLP_EXIT_BAD_INPUT;
    } else if (a[0] == '-' && a[1] != '\0') {
      flp_cli_error("unknown option %s (see fleetlp convert --help)", a);
      return FLP_EXIT_BAD_INPUT;
    } else if (!in) {
      in = a;
    } else if (!out) {
      out = a;
    } else {
      flp_cli_error("convert takes two files, got a third: '%s'", a);
      return FLP_EXIT_BAD_INPUT;
    }
  }
  if (!in || !out) {
    flp_cli_error("usage: fleetlp convert IN OUT [--compression N] (see --help)");
    return FLP_EXIT_BAD_INPUT;
  }

  flp_problem p;
  flp_error err;
  memset(&p, 0, sizeof p);
  memset(&err, 0, sizeof err);
  double t0 = flp_wall_seconds();
  flp_rc rc = flp_read_problem(in, &p, print_notice, &quiet, &err);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  double t1 = flp_wall_seconds();
  rc = flp_write_problem(out, &p, (int)level, &err);
  double t2 = flp_wall_seconds();
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    flp_problem_free(&p);
    return flp_exit_code_for_rc(rc);
  }
  if (!quiet)
    printf("%s -> %s: %d rows, %d columns, %lld nonzeros (read %.2f s, write %.2f s)\n", in, out,
           (int)p.num_rows, (int)p.num_cols, (long long)p.nnz, t1 - t0, t2 - t1);
  flp_problem_free(&p);
  return FLP_EXIT_OPTIMAL;
}
