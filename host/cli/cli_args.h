/* Strict parsing of option values: the whole token must be a number in range. */
#ifndef FLEETLP_CLI_ARGS_H
#define FLEETLP_CLI_ARGS_H

#include <stdint.h>

/* Each returns 1 on success, else prints "fleetlp: error: ..." and returns 0. */
int flp_arg_double(const char *opt, const char *text, double lo, double hi, double *out);
int flp_arg_int64(const char *opt, const char *text, int64_t lo, int64_t hi, int64_t *out);
/* The value after option argv[*i], advancing *i; NULL (with a message) if missing. */
const char *flp_arg_value(int argc, char **argv, int *i);
void flp_cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

#endif
