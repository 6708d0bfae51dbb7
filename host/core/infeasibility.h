/* Infeasibility detection: candidate rays from the iterates, each checked on
 * the host in the user's space before any status is reported. */
#ifndef FLEETLP_INFEASIBILITY_H
#define FLEETLP_INFEASIBILITY_H

#include "solver.h"

typedef struct flp_infeas_probe {
  double *xs, *ys, *work; /* host scratch: n, m, max(m, n) */
  int64_t next_it;        /* the iteration from which the next probe is due */
  int calls;
  flp_status found;       /* PRIMAL_INFEASIBLE or DUAL_INFEASIBLE once a ray passed */
  double *ray;            /* the ray that passed (owned: moved into the result) */
  double quality;
} flp_infeas_probe;

flp_rc flp_infeas_probe_init(flp_infeas_probe *pr, int32_t m, int32_t n, flp_error *err);
void flp_infeas_probe_free(flp_infeas_probe *pr);

/* Whether a probe is due at iteration it: at the first 8 checks, then with
 * gaps of an eighth of the iterations so far. By iteration count, not time,
 * so that whether and when a ray is found does not depend on the machine's
 * load, and a resumed run probes where an uninterrupted one does. */
int flp_infeas_probe_due(const flp_infeas_probe *pr, int64_t it);

/* Tests T(z) - z (expects dx = x - xh, dy = y - yh on the device, as left by
 * flp_evaluate_check) and the movement since the last restart. Clobbers dx, dy. */
flp_rc flp_infeas_probe_run(flp_solver *s, flp_infeas_probe *pr, int64_t it, flp_error *err);

#endif
