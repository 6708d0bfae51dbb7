/* Scenario sets (fleetlp.h: flp_scenarios): validation, and scenario k as
 * an LP of its own. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver.h"

void flp_scenarios_free(flp_scenarios *sc) {
  if (!sc) return;
  free(sc->obj);
  free(sc->obj_offset);
  free(sc->col_lower);
  free(sc->col_upper);
  free(sc->row_lower);
  free(sc->row_upper);
  if (sc->names)
    for (int32_t k = 0; k < sc->count; ++k) free(sc->names[k]);
  free(sc->names);
  memset(sc, 0, sizeof *sc);
}

const char *flp_scenario_name(const flp_scenarios *sc, int32_t k, char *buf, size_t cap) {
  if (sc->names && sc->names[k] && sc->names[k][0]) return sc->names[k];
  snprintf(buf, cap, "scenario-%d", (int)k);
  return buf;
}

flp_problem flp_scenario_view(const flp_problem *base, const flp_scenarios *sc, int32_t k) {
  const size_t m = (size_t)base->num_rows, n = (size_t)base->num_cols;
  flp_problem p = *base;
  if (sc->obj) p.obj = sc->obj + k * n;
  if (sc->obj_offset) p.obj_offset = sc->obj_offset[k];
  if (sc->col_lower) p.col_lower = sc->col_lower + k * n;
  if (sc->col_upper) p.col_upper = sc->col_upper + k * n;
  if (sc->row_lower) p.row_lower = sc->row_lower + k * m;
  if (sc->row_upper) p.row_upper = sc->row_upper + k * m;
  return p;
}

static flp_rc check_costs(const flp_scenarios *sc, int32_t k, flp_error *err) {
  char nb[32];
  const double *c = sc->obj + (size_t)k * (size_t)sc->num_cols;
  for (int32_t j = 0; j < sc->num_cols; ++j)
    if (!isfinite(c[j]))
      return flp_error_set(err, FLP_ERR_INPUT, "scenarios: obj of scenario %d (%s), column %d is %g: "
                           "costs must be finite", (int)k, flp_scenario_name(sc, k, nb, sizeof nb),
                           (int)j, c[j]);
  return FLP_OK;
}

/* lower <= upper, no NaN, no +inf lower or -inf upper, in scenario k. */
static flp_rc check_pair(const flp_scenarios *sc, int32_t k, const double *lo, const double *hi,
                         int32_t len, const char *lo_name, const char *hi_name, flp_error *err) {
  char nb[32];
  for (int32_t i = 0; i < len; ++i) {
    const char *bad = isnan(lo[i]) || lo[i] == INFINITY ? lo_name
                      : isnan(hi[i]) || hi[i] == -INFINITY ? hi_name : NULL;
    if (bad)
      return flp_error_set(err, FLP_ERR_INPUT, "scenarios: %s of scenario %d (%s), index %d is %g",
                           bad, (int)k, flp_scenario_name(sc, k, nb, sizeof nb), (int)i,
                           bad == lo_name ? lo[i] : hi[i]);
    if (lo[i] > hi[i])
      return flp_error_set(err, FLP_ERR_INPUT, "scenarios: scenario %d (%s), index %d: %s %g above "
                           "%s %g", (int)k, flp_scenario_name(sc, k, nb, sizeof nb), (int)i,
                           lo_name, lo[i], hi_name, hi[i]);
  }
  return FLP_OK;
}

flp_rc flp_scenarios_validate(const flp_problem *base, const flp_scenarios *sc, flp_error *err) {
  if (!base || !sc) return flp_error_set(err, FLP_ERR_INPUT, "scenarios: NULL argument");
  if (sc->count < 1)
    return flp_error_set(err, FLP_ERR_INPUT, "scenarios: %d scenarios; at least one is needed",
                         (int)sc->count);
  if (sc->num_rows != base->num_rows || sc->num_cols != base->num_cols)
    return flp_error_set(err, FLP_ERR_INPUT, "scenarios: made for %d rows x %d columns, the LP has "
                         "%d x %d", (int)sc->num_rows, (int)sc->num_cols, (int)base->num_rows,
                         (int)base->num_cols);
  const int32_t m = base->num_rows, n = base->num_cols;
  /* Only what a scenario changes is checked: a set of count alone (the base LP
   * K times, docs/scenarios.md) costs nothing here, whatever K is. */
  const int varies = sc->obj || sc->obj_offset || sc->col_lower || sc->col_upper ||
                     sc->row_lower || sc->row_upper;
  for (int32_t k = 0; varies && k < sc->count; ++k) {
    flp_rc rc = sc->obj ? check_costs(sc, k, err) : FLP_OK;
    if (rc == FLP_OK && sc->obj_offset && !isfinite(sc->obj_offset[k]))
      rc = flp_error_set(err, FLP_ERR_INPUT, "scenarios: obj_offset of scenario %d is %g: it must be "
                         "finite", (int)k, sc->obj_offset[k]);
    const flp_problem v = flp_scenario_view(base, sc, k);
    if (rc == FLP_OK && (sc->col_lower || sc->col_upper))
      rc = check_pair(sc, k, v.col_lower, v.col_upper, n, "col_lower", "col_upper", err);
    if (rc == FLP_OK && (sc->row_lower || sc->row_upper))
      rc = check_pair(sc, k, v.row_lower, v.row_upper, m, "row_lower", "row_upper", err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

flp_rc flp_scenario_problem(const flp_problem *base, const flp_scenarios *sc, int32_t k,
                            flp_problem *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  if (k < 0 || k >= sc->count)
    return flp_error_set(err, FLP_ERR_INPUT, "scenario %d outside [0, %d)", (int)k, (int)sc->count);
  const flp_problem v = flp_scenario_view(base, sc, k);
  return flp_problem_copy(&v, out, err);
}
