/* Solver options and stop signals shared by `solve` and `plan`. */
#include "solver_options.h"

#include <signal.h>
#include <string.h>

#include "cli_args.h"
#include "settings_names.h"

int flp_solver_option(flp_settings *s, const char *a, const char *v) {
  int64_t n;
  if (!strcmp(a, "--tol")) return flp_arg_double(a, v, 1e-14, 0.5, &s->tol) ? 1 : -1;
  if (!strcmp(a, "--time-limit")) return flp_arg_double(a, v, 0, 1e9, &s->time_limit) ? 1 : -1;
  if (!strcmp(a, "--iter-limit")) return flp_arg_int64(a, v, 1, INT64_MAX, &s->iteration_limit) ? 1 : -1;
  if (!strcmp(a, "--set")) return flp_settings_set(s, v) ? 1 : -1;
  if (!strcmp(a, "--norm")) {
    if (!strcmp(v, "l2")) s->norm = FLP_NORM_L2;
    else if (!strcmp(v, "linf")) s->norm = FLP_NORM_LINF;
    else return flp_cli_error("--norm expects l2 or linf, got '%s'", v), -1;
    return 1;
  }
  if (!strcmp(a, "--device")) {
    if (!strcmp(v, "auto")) s->device = FLP_DEVICE_AUTO;
    else if (!strcmp(v, "cpu")) s->device = FLP_DEVICE_CPU;
    else if (!strcmp(v, "gpu")) s->device = FLP_DEVICE_GPU;
    else return flp_cli_error("--device expects auto, cpu or gpu, got '%s'", v), -1;
    return 1;
  }
  int *field = !strcmp(a, "--threads")       ? &s->threads
               : !strcmp(a, "--check-every") ? &s->check_every
               : !strcmp(a, "--log-every")   ? &s->log_every
                                             : NULL;
  if (!field) return 0;
  int64_t lo = strcmp(a, "--log-every") ? 1 : 0, hi = !strcmp(a, "--threads") ? 4096 : 1000000000;
  if (!flp_arg_int64(a, v, lo, hi, &n)) return -1;
  *field = (int)n;
  return 1;
}

/* The flag the handler sets: one per process, as signals are. */
static volatile int *stop_flag;

static void on_stop_signal(int sig) {
  (void)sig;
  if (stop_flag) *stop_flag = 1;
}

void flp_cli_stop_on_signals(volatile int *flag) {
  *flag = 0;
  stop_flag = flag;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
}
