/* Named access to the numeric settings (see settings_names.h). */
#include "settings_names.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"

typedef struct named_setting {
  const char *name;
  size_t offset;
  int is_int;
  const char *help;
} named_setting;

#define REAL(field, help) {#field, offsetof(flp_settings, field), 0, help}
#define INT(field, help) {#field, offsetof(flp_settings, field), 1, help}

static const named_setting NAMES[] = {
    REAL(tol, "relative KKT tolerance"),
    REAL(guard_tol, "per-row feasibility guard (<= 0: tol)"),
    REAL(infeas_tol, "quality a certificate must reach"),
    INT(check_every, "iterations between checks"),
    REAL(step_safety, "step = step_safety / ||A||"),
    REAL(power_iter_tol, "power iteration: relative change to stop at"),
    INT(power_iter_max, "power iteration: most iterations"),
    REAL(reflection, "reflection coefficient gamma of the Halpern step"),
    REAL(restart_sufficient, "restart when r <= this * r0"),
    REAL(restart_necessary, "restart when r <= this * r0 and r grew"),
    REAL(restart_artificial, "restart when the epoch is this share of all iterations"),
    REAL(pid_kp, "primal weight PID: proportional gain"),
    REAL(pid_ki, "primal weight PID: integral gain"),
    REAL(pid_kd, "primal weight PID: derivative gain"),
    REAL(pid_integral_decay, "primal weight PID: integral decay"),
    REAL(weight_guard_ratio, "residual ratio above which the weight moves only toward the lagging side"),
    INT(ruiz_iterations, "Ruiz equilibration passes"),
    REAL(pock_chambolle_alpha, "Pock-Chambolle alpha (1, or <= 0 to skip)"),
    INT(bound_objective_rescaling, "1: rescale bounds and objective"),
    INT(presolve, "1: presolve (remove redundant rows, fixed columns, ...)"),
    INT(polish, "1: feasibility polish when converged in norm but a row guard fails"),
};

int flp_settings_set(flp_settings *s, const char *assignment) {
  const char *eq = strchr(assignment, '=');
  if (!eq) {
    flp_cli_error("--set expects NAME=VALUE, got '%s'", assignment);
    return 0;
  }
  size_t len = (size_t)(eq - assignment);
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; ++i) {
    if (strlen(NAMES[i].name) != len || strncmp(NAMES[i].name, assignment, len) != 0) continue;
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (end == eq + 1 || *end != '\0' || errno == ERANGE || !isfinite(v) ||
        (NAMES[i].is_int && (v != floor(v) || fabs(v) > 1e9))) {
      flp_cli_error("--set %s: '%s' is not a valid %s", NAMES[i].name, eq + 1,
                    NAMES[i].is_int ? "integer" : "number");
      return 0;
    }
    char *field = (char *)s + NAMES[i].offset;
    if (NAMES[i].is_int) *(int *)field = (int)v;
    else *(double *)field = v;
    return 1;
  }
  flp_cli_error("--set: unknown setting '%.*s' (see fleetlp solve --list-settings)", (int)len, assignment);
  return 0;
}

void flp_settings_list(const flp_settings *s, FILE *out) {
  for (size_t i = 0; i < sizeof NAMES / sizeof NAMES[0]; ++i) {
    const char *field = (const char *)s + NAMES[i].offset;
    if (NAMES[i].is_int) fprintf(out, "  %-26s %-12d %s\n", NAMES[i].name, *(const int *)field, NAMES[i].help);
    else fprintf(out, "  %-26s %-12g %s\n", NAMES[i].name, *(const double *)field, NAMES[i].help);
  }
}
