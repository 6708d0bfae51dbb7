/* flp_solve: the one-shot wrapper over the solver object (create, solve,
 * free), logging to stdout when the settings say verbose. */
#include <string.h>

#include "fleetlp.h"

flp_rc flp_solve(const flp_problem *p, const flp_settings *st, flp_result *res, flp_error *err) {
  memset(res, 0, sizeof *res);
  flp_solver *s = NULL;
  flp_rc rc = flp_solver_create(p, st, &s, err);
  if (rc == FLP_OK) rc = flp_solver_solve(s, res, err);
  flp_solver_free(s);
  return rc;
}
