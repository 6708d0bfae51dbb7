/* Default settings: every constant of the algorithm lives here (DESIGN section 3). */
#include <string.h>

#include "fleetlp.h"

void flp_settings_default(flp_settings *s) {
  memset(s, 0, sizeof *s);
  s->tol = 1e-4;
  s->norm = FLP_NORM_L2;
  s->time_limit = 0;
  s->iteration_limit = 0;
  s->infeas_tol = 1e-8;
  s->guard_tol = 0; /* tol: at 10 * tol, netlib ganges passed 1.8% off after presolve */
  s->device = FLP_DEVICE_AUTO;
  s->threads = 0;
  s->check_every = 64;
  s->step_safety = 0.998;
  s->power_iter_tol = 1e-8;
  s->power_iter_max = 5000;
  s->reflection = 1.0;
  s->restart_sufficient = 0.2;
  s->restart_necessary = 0.8;
  s->restart_artificial = 0.36;
  /* 0.5, not the 0.99 of cuPDLPx: on netlib it solved more models in fewer
   * iterations (e.g. ganges 75k vs >200k, nesm 4k vs >200k) and avoids the
   * weight running away when one side barely moves (bench/results/cpu/tuning.md). */
  s->pid_kp = 0.5;
  s->pid_ki = 0.01;
  s->pid_kd = 0.0;
  s->pid_integral_decay = 0.3;
  s->weight_guard_ratio = 30.0;
  s->ruiz_iterations = 10;
  s->pock_chambolle_alpha = 1.0;
  s->bound_objective_rescaling = 1;
  s->presolve = 1;
  s->polish = 1;
  s->verbose = 1;
  s->log_every = 640;
  s->log = NULL;
  s->log_user = NULL;
  s->interrupt = NULL;
}
