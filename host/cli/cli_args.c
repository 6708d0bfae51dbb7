#include "cli_args.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

void flp_cli_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fputs("fleetlp: error: ", stderr);
  vfprintf(stderr, fmt, ap);
  fputc('\n', stderr);
  va_end(ap);
}

int flp_arg_double(const char *opt, const char *text, double lo, double hi, double *out) {
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE || isnan(v) || v < lo || v > hi) {
    flp_cli_error("%s expects a number in [%g, %g], got '%s'", opt, lo, hi, text);
    return 0;
  }
  *out = v;
  return 1;
}

int flp_arg_int64(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out) {
  char *end;
  errno = 0;
  long long v = strtoll(text, &end, 10);
  if (end == text || *end != '\0' || errno == ERANGE || v < lo || v > hi) {
    flp_cli_error("%s expects an integer in [%lld, %lld], got '%s'", opt, (long long)lo,
                  (long long)hi, text);
    return 0;
  }
  *out = v;
  return 1;
}

const char *flp_arg_value(int argc, char **argv, int *i) {
  if (*i + 1 >= argc) {
    flp_cli_error("option %s needs a value", argv[*i]);
    return NULL;
  }
  return argv[++*i];
}
