/* A fleet and its scenarios -> the base LP and an flp_scenarios for a batch.
 * Each scenario's numbers come from the builder itself, run on the scenario's
 * fleet, so they cannot drift from the LP layout; its matrix is checked equal
 * to the base's, which is what lets the scenarios share one A. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

void flp_fleet_scenario_lp_free(flp_fleet_scenario_lp *s) {
  if (!s) return;
  flp_fleet_lp_free(&s->lp);
  flp_scenarios_free(&s->sc);
  memset(s, 0, sizeof *s);
}

static int same_values(const double *a, const double *b, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (a[i] != b[i]) return 0;
  return 1;
}

/* Where scenario k's matrix differs from the base's: -1 when it does not. */
static int64_t matrix_difference(const flp_problem *a, const flp_problem *b) {
  if (a->num_rows != b->num_rows || a->num_cols != b->num_cols || a->nnz != b->nnz) return 0;
  for (int32_t i = 0; i < a->num_rows; ++i) {
    if (a->row_ptr[i + 1] != b->row_ptr[i + 1]) return i;
    for (int64_t p = a->row_ptr[i]; p < a->row_ptr[i + 1]; ++p)
      if (a->col_idx[p] != b->col_idx[p] || a->values[p] != b->values[p]) return i;
  }
  return -1;
}

static int prices_differ(const flp_fleet *a, const flp_fleet *b) {
  return !same_values(a->energy_price, b->energy_price,
                      (size_t)a->num_datacenters * (size_t)a->num_slots);
}

/* One side (obj, a bound) of scenario k: allocated the first time a scenario
 * differs from the base; the scenarios before it get the base's values. */
static flp_rc take_side(double **all, const double *base, const double *mine, int32_t k,
                        int32_t K, size_t len, flp_error *err) {
  if (!*all && same_values(base, mine, len)) return FLP_OK;
  if (!*all) {
    *all = malloc((size_t)K * len * sizeof **all + 1);
    if (!*all) return flp_error_set(err, FLP_ERR_NOMEM, "scenarios: out of memory");
    for (int32_t j = 0; j < k; ++j) memcpy(*all + (size_t)j * len, base, len * sizeof **all);
  }
  memcpy(*all + (size_t)k * len, mine, len * sizeof **all);
  return FLP_OK;
}

/* An outage also fixes the node's columns at 0 (its capacity rows already
 * allow nothing): a column bound, which keeps A as it is. */
static void outage_columns(const flp_fleet_lp *lp, const flp_fleet_scenarios *fs, int32_t k,
                           double *col_upper) {
  if (!fs->outage) return;
  const uint8_t *out = fs->outage + (size_t)k * (size_t)lp->num_nodes;
  for (int32_t n = 0; n < lp->num_nodes; ++n) {
    if (!out[n]) continue;
    for (int32_t t = 0; t < lp->num_slots; ++t)
      for (int64_t p = lp->node_pair_ptr[n]; p < lp->node_pair_ptr[n + 1]; ++p)
        col_upper[(int64_t)t * lp->num_pairs + p] = 0;
  }
}

static flp_rc one_scenario(const flp_fleet *f, const flp_fleet_scenarios *fs, int32_t k,
                           flp_fleet *work, flp_fleet_scenario_lp *out, flp_error *err) {
  flp_rc rc = flp_fleet_scenario_apply(f, fs, k, work, err);
  if (rc != FLP_OK) return rc;
  flp_fleet_lp lk;
  if ((rc = flp_fleet_build(work, FLP_FLEET_NAMES_OFF, &lk, err)) != FLP_OK) {
    char why[sizeof err->msg];
    snprintf(why, sizeof why, "%s", err ? err->msg : "");
    return flp_error_set(err, rc, "scenario '%s' (%d): %s", fs->names[k], (int)k, why);
  }
  const flp_problem *b = &out->lp.problem, *p = &lk.problem;
  int64_t row = matrix_difference(b, p);
  if (row >= 0) {
    if (isfinite(f->budget) && prices_differ(f, work))
      rc = flp_error_set(err, FLP_ERR_INPUT,
                         "scenario '%s' (%d) changes the energy price and the fleet has a budget "
                         "(/limits budget): the price is in the budget row's coefficients, and the "
                         "scenarios of a batch share the LP's matrix; drop the price path or the "
                         "budget", fs->names[k], (int)k);
    else
      rc = flp_error_set(err, FLP_ERR_INTERNAL,
                         "scenario '%s' (%d) changes the LP's matrix at row %lld; scenarios may "
                         "change only costs and bounds", fs->names[k], (int)k, (long long)row);
    flp_fleet_lp_free(&lk);
    return rc;
  }
  outage_columns(&lk, fs, k, lk.problem.col_upper);
  const int32_t K = fs->count;
  const size_t m = (size_t)b->num_rows, n = (size_t)b->num_cols;
  flp_scenarios *sc = &out->sc;
  if ((rc = take_side(&sc->obj, b->obj, p->obj, k, K, n, err)) == FLP_OK &&
      (rc = take_side(&sc->col_lower, b->col_lower, p->col_lower, k, K, n, err)) == FLP_OK &&
      (rc = take_side(&sc->col_upper, b->col_upper, p->col_upper, k, K, n, err)) == FLP_OK &&
      (rc = take_side(&sc->row_lower, b->row_lower, p->row_lower, k, K, m, err)) == FLP_OK)
    rc = take_side(&sc->row_upper, b->row_upper, p->row_upper, k, K, m, err);
  out->sc.obj_offset[k] = p->obj_offset;
  flp_fleet_lp_free(&lk);
  return rc;
}

flp_rc flp_fleet_build_scenarios(const flp_fleet *f, const flp_fleet_scenarios *fs,
                                 flp_fleet_names names, flp_fleet_scenario_lp *out,
                                 flp_error *err) {
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_fleet_scenarios_validate(f, fs, f->name ? f->name : "fleet", err);
  if (rc != FLP_OK) return rc;
  if ((rc = flp_fleet_build(f, names, &out->lp, err)) != FLP_OK) return rc;
  const int32_t K = fs->count;
  flp_scenarios *sc = &out->sc;
  sc->count = K;
  sc->num_rows = out->lp.problem.num_rows;
  sc->num_cols = out->lp.problem.num_cols;
  sc->names = calloc((size_t)K, sizeof *sc->names);
  sc->obj_offset = calloc((size_t)K, sizeof *sc->obj_offset);
  if (!sc->names || !sc->obj_offset) rc = flp_error_set(err, FLP_ERR_NOMEM, "scenarios: out of memory");
  for (int32_t k = 0; rc == FLP_OK && k < K; ++k)
    if (!(sc->names[k] = strdup(fs->names[k])))
      rc = flp_error_set(err, FLP_ERR_NOMEM, "scenarios: out of memory");
  flp_fleet work;
  memset(&work, 0, sizeof work);
  if (rc == FLP_OK) rc = flp_fleet_copy(f, &work, err);
  for (int32_t k = 0; rc == FLP_OK && k < K; ++k) rc = one_scenario(f, fs, k, &work, out, err);
  flp_fleet_free(&work);
  if (rc == FLP_OK) rc = flp_scenarios_validate(&out->lp.problem, sc, err);
  if (rc != FLP_OK) flp_fleet_scenario_lp_free(out);
  return rc;
}

flp_rc flp_fleet_scenario_problem(const flp_fleet_scenario_lp *s, int32_t k, flp_problem *out,
                                  flp_error *err) {
  return flp_scenario_problem(&s->lp.problem, &s->sc, k, out, err);
}
