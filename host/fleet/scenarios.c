/* Fleet scenarios (fleetlp_fleet.h, flp_fleet_scenarios): allocation,
 * validation, and scenario k applied to a copy of the fleet. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

#define NAME_MAX_LEN 63

void flp_fleet_scenarios_free(flp_fleet_scenarios *sc) {
  if (!sc) return;
  if (sc->names)
    for (int32_t k = 0; k < sc->count; ++k) free(sc->names[k]);
  free(sc->names);
  free(sc->demand_scale);
  free(sc->energy_price_scale);
  free(sc->energy_price);
  free(sc->outage);
  memset(sc, 0, sizeof *sc);
}

static double *ones(size_t n) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (v)
    for (size_t i = 0; i < n; ++i) v[i] = 1.0;
  return v;
}

flp_rc flp_fleet_scenarios_alloc(flp_fleet_scenarios *sc, const flp_fleet *f, int32_t count,
                                 unsigned parts, flp_error *err) {
  memset(sc, 0, sizeof *sc);
  if (count < 1)
    return flp_error_set(err, FLP_ERR_INPUT, "scenarios: %d scenarios; at least one is needed",
                         (int)count);
  const size_t K = (size_t)count, T = (size_t)f->num_slots, C = (size_t)f->num_classes;
  const size_t D = (size_t)f->num_datacenters, N = (size_t)f->num_nodes;
  sc->count = count;
  sc->num_nodes = f->num_nodes;
  sc->num_slots = f->num_slots;
  sc->num_classes = f->num_classes;
  sc->num_datacenters = f->num_datacenters;
  int ok = (sc->names = calloc(K, sizeof *sc->names)) != NULL;
  for (int32_t k = 0; ok && k < count; ++k) {
    char buf[32];
    snprintf(buf, sizeof buf, "s%d", (int)k);
    ok = (sc->names[k] = strdup(buf)) != NULL;
  }
  if (ok && (parts & FLP_FLEET_SCEN_DEMAND)) ok = (sc->demand_scale = ones(K * C * T)) != NULL;
  if (ok && (parts & FLP_FLEET_SCEN_PRICE_SCALE))
    ok = (sc->energy_price_scale = ones(K * T)) != NULL;
  if (ok && (parts & FLP_FLEET_SCEN_PRICE)) {
    ok = (sc->energy_price = malloc(K * D * T * sizeof *sc->energy_price)) != NULL;
    for (size_t k = 0; ok && k < K; ++k)
      memcpy(sc->energy_price + k * D * T, f->energy_price, D * T * sizeof(double));
  }
  if (ok && (parts & FLP_FLEET_SCEN_OUTAGE)) ok = (sc->outage = calloc(K * N, 1)) != NULL;
  if (!ok) {
    flp_fleet_scenarios_free(sc);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for %d scenarios", (int)count);
  }
  return FLP_OK;
}

/* ---- validation ---------------------------------------------------------- */
#define FAIL(...) return flp_error_set(err, FLP_ERR_INPUT, __VA_ARGS__)

static int name_char_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '+' || c == '-';
}

static flp_rc check_names(const flp_fleet_scenarios *sc, const char *what, flp_error *err) {
  if (!sc->names) FAIL("%s: /scenarios/names: missing", what);
  for (int32_t k = 0; k < sc->count; ++k) {
    const char *s = sc->names[k];
    size_t len = s ? strlen(s) : 0;
    if (len < 1 || len > NAME_MAX_LEN)
      FAIL("%s: /scenarios/names: scenario %d has %s name (1 to %d characters)", what, (int)k,
           len ? "too long a" : "an empty", NAME_MAX_LEN);
    for (size_t i = 0; i < len; ++i)
      if (!name_char_ok(s[i]))
        FAIL("%s: /scenarios/names: scenario %d '%s': character %zu is not one of "
             "[A-Za-z0-9_.+-] (names go into file names)", what, (int)k, s, i + 1);
    for (int32_t j = 0; j < k; ++j)
      if (!strcmp(sc->names[j], s))
        FAIL("%s: /scenarios/names: scenarios %d and %d are both named '%s'", what, (int)j,
             (int)k, s);
  }
  return FLP_OK;
}

/* v[count x rows x cols]: finite, and >= 0 when nonneg. */
static flp_rc check_values(const flp_fleet_scenarios *sc, const double *v, int32_t rows,
                           int32_t cols, int nonneg, const char *what, const char *dset,
                           const char *row_what, char **row_names, const char *col_what,
                           flp_error *err) {
  for (int32_t k = 0; k < sc->count; ++k)
    for (int32_t i = 0; i < rows; ++i)
      for (int32_t j = 0; j < cols; ++j) {
        double x = v[((size_t)k * (size_t)rows + (size_t)i) * (size_t)cols + (size_t)j];
        if (isfinite(x) && (!nonneg || x >= 0)) continue;
        char where[256] = "";
        if (row_what && row_names)
          snprintf(where, sizeof where, " %s '%s'", row_what, row_names[i]);
        else if (row_what)
          snprintf(where, sizeof where, " %s %d", row_what, (int)i);
        FAIL("%s: /scenarios/%s: %g at scenario '%s' (%d)%s %s %d %s", what, dset, x,
             sc->names[k], (int)k, where, col_what, (int)j,
             isnan(x) ? "is NaN" : !isfinite(x) ? "must be finite" : "is negative");
      }
  return FLP_OK;
}

flp_rc flp_fleet_scenarios_validate(const flp_fleet *f, const flp_fleet_scenarios *sc,
                                    const char *what, flp_error *err) {
  if (!what) what = "scenarios";
  if (sc->count < 1) FAIL("%s: /scenarios: %d scenarios; at least one is needed", what, (int)sc->count);
  if (sc->num_nodes != f->num_nodes || sc->num_slots != f->num_slots ||
      sc->num_classes != f->num_classes || sc->num_datacenters != f->num_datacenters)
    FAIL("%s: /scenarios: made for %d nodes, %d slots, %d classes, %d datacenters; the fleet has "
         "%d, %d, %d, %d", what, (int)sc->num_nodes, (int)sc->num_slots, (int)sc->num_classes,
         (int)sc->num_datacenters, (int)f->num_nodes, (int)f->num_slots, (int)f->num_classes,
         (int)f->num_datacenters);
  flp_rc rc = check_names(sc, what, err);
  if (rc != FLP_OK) return rc;
  if (sc->energy_price_scale && sc->energy_price)
    FAIL("%s: /scenarios: has both energy_price_scale and energy_price; give one of them", what);
  if (sc->demand_scale &&
      (rc = check_values(sc, sc->demand_scale, f->num_classes, f->num_slots, 1, what,
                         "demand_scale", "class", f->class_names, "slot", err)) != FLP_OK)
    return rc;
  if (sc->energy_price_scale &&
      (rc = check_values(sc, sc->energy_price_scale, 1, f->num_slots, 1, what,
                         "energy_price_scale", NULL, NULL, "slot", err)) != FLP_OK)
    return rc;
  if (sc->energy_price &&
      (rc = check_values(sc, sc->energy_price, f->num_datacenters, f->num_slots, 0, what,
                         "energy_price", "datacenter", f->datacenter_names, "slot", err)) != FLP_OK)
    return rc;
  if (sc->outage)
    for (int32_t k = 0; k < sc->count; ++k)
      for (int32_t n = 0; n < f->num_nodes; ++n) {
        uint8_t v = sc->outage[(size_t)k * (size_t)f->num_nodes + (size_t)n];
        if (v > 1)
          FAIL("%s: /scenarios/outage: %d at scenario '%s' (%d) node '%s' (expected 0 or 1)", what,
               (int)v, sc->names[k], (int)k, f->node_ids[n]);
      }
  return FLP_OK;
}

/* ---- applying ------------------------------------------------------------ */
flp_rc flp_fleet_scenario_apply(const flp_fleet *base, const flp_fleet_scenarios *sc, int32_t k,
                                flp_fleet *work, flp_error *err) {
  if (k < 0 || k >= sc->count)
    return flp_error_set(err, FLP_ERR_INPUT, "scenario %d outside [0, %d)", (int)k, (int)sc->count);
  if (work->num_nodes != base->num_nodes || work->num_slots != base->num_slots ||
      work->num_classes != base->num_classes || work->num_datacenters != base->num_datacenters)
    return flp_error_set(err, FLP_ERR_INPUT, "scenario %d: the working fleet is not a copy of the "
                         "base fleet", (int)k);
  const size_t T = (size_t)base->num_slots, C = (size_t)base->num_classes;
  const size_t D = (size_t)base->num_datacenters, N = (size_t)base->num_nodes;
  const size_t kk = (size_t)k;
  for (size_t i = 0; i < C * T; ++i)
    work->demand[i] = base->demand[i] * (sc->demand_scale ? sc->demand_scale[kk * C * T + i] : 1);
  for (size_t d = 0; d < D; ++d)
    for (size_t t = 0; t < T; ++t) {
      double p = base->energy_price[d * T + t];
      if (sc->energy_price) p = sc->energy_price[(kk * D + d) * T + t];
      else if (sc->energy_price_scale) p *= sc->energy_price_scale[kk * T + t];
      work->energy_price[d * T + t] = p;
    }
  for (size_t n = 0; n < N; ++n) {
    int out = sc->outage && sc->outage[kk * N + n];
    for (size_t t = 0; t < T; ++t)
      work->availability[n * T + t] = out ? 0.0 : base->availability[n * T + t];
  }
  return FLP_OK;
}
