/* Infeasibility detection: candidate rays from the iterates, each checked on
 * the host in the user's space before any status is reported. */
#ifndef FLEETLP_INFEASIBILITY_H
#define FLEETLP_INFEASIBILITY_H

#include "solver.h"

typedef struct flp_infeas_probe {
  double *xs, *ys, *work; /* host scratch: n, m, max(m, n) */
  double seconds;         /* time spent probing, to keep it a small share */
  int calls;
  flp_status found;       /* PRIMAL_INFEASIBLE or DUAL_INFEASIBLE once a ray passed */
  double *ray;            /* the ray that passed (owned: moved into the result) */
  double quality;
} flp_infeas_probe;

flp_rc flp_infeas_probe_init(flp_infeas_probe *pr, int32_t m, int32_t n, flp_error *err);
void flp_infeas_probe_free(flp_infeas_probe *pr);

/* Whether probing now keeps its cost a small share of the elapsed time. */
int flp_infeas_probe_due(const flp_infeas_probe *pr, double elapsed);

/* Tests T(z) - z (expects dx = x - xh, dy = y - yh on the device, as left by
 * flp_evaluate_check) and the movement since the last restart. Clobbers dx, dy. */
flp_rc flp_infeas_probe_run(flp_solver *s, flp_infeas_probe *pr, flp_error *err);

#endif
