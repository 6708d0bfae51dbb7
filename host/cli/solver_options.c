/* Solver options, stop signals and the solver object of `solve` and `plan`. */
#include "solver_options.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "settings_cli.h"

int flp_solver_option(flp_settings *s, const char *a, const char *v) {
  static const struct {
    const char *option, *setting;
  } named[] = {{"--tol", "tol"},           {"--norm", "norm"},
               {"--time-limit", "time_limit"}, {"--iter-limit", "iteration_limit"},
               {"--threads", "threads"},   {"--device", "device"},
               {"--check-every", "check_every"}, {"--log-every", "log_every"}};
  if (!strcmp(a, "--set")) return flp_cli_set(s, v) ? 1 : -1;
  for (size_t k = 0; k < sizeof named / sizeof named[0]; ++k)
    if (!strcmp(a, named[k].option)) return flp_cli_set_option(s, a, named[k].setting, v) ? 1 : -1;
  return 0;
}

/* The handler only sets this process-wide flag (signals are per process);
 * the check callback below hands it to the solver from the solving thread,
 * so a signal never touches a solver that is being freed. */
static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig) {
  (void)sig;
  stop_requested = 1;
}

void flp_cli_stop_on_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGUSR1, &sa, NULL);
}

int flp_cli_stop_requested(void) { return stop_requested != 0; }

static void print_line(void *user, const char *line) {
  (void)user;
  fputs(line, stdout);
  fputc('\n', stdout);
  fflush(stdout);
}

typedef struct watch {
  flp_solver *solver;
  flp_check_fn on_check;
  void *on_check_user;
} watch;

static void check_and_watch(void *user, const flp_check_record *rec) {
  watch *w = user;
  if (w->on_check) w->on_check(w->on_check_user, rec);
  if (stop_requested) flp_solver_interrupt(w->solver); /* stops at the next check boundary */
}

flp_rc flp_cli_solve_lp(const flp_problem *p, const flp_settings *s, flp_context *ctx,
                        flp_cli_production *prod, flp_check_fn on_check, void *on_check_user,
                        flp_result *res, flp_error *err) {
  flp_solver *solver = NULL;
  flp_rc rc = ctx ? flp_solver_create_in(ctx, p, s, &solver, err) : flp_solver_create(p, s, &solver, err);
  if (rc != FLP_OK) return rc;
  watch w = {solver, on_check, on_check_user};
  flp_solver_set_log(solver, print_line, NULL);
  flp_solver_set_check_callback(solver, check_and_watch, &w);
  if (prod) rc = flp_cli_production_attach(prod, solver, err);
  if (rc == FLP_OK) {
    if (stop_requested) flp_solver_interrupt(solver); /* a signal during the setup */
    rc = flp_solver_solve(solver, res, err);
  }
  flp_solver_free(solver);
  return rc;
}
