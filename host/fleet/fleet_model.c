/* The in-memory fleet: allocation, release, validation, and the per-pair rules
 * (fit, unit share, usable capacity) the builder and the plan share. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

/* ---- PRNG ---------------------------------------------------------------- */
static uint64_t splitmix64(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

void fleet_rng_seed(fleet_rng *r, uint64_t seed) {
  uint64_t x = seed;
  for (int i = 0; i < 4; ++i) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

uint64_t fleet_rng_next(fleet_rng *r) {
  uint64_t *s = r->s;
  uint64_t out = rotl(s[1] * 5, 7) * 9;
  uint64_t t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return out;
}

double fleet_rng_uniform(fleet_rng *r) { return (double)(fleet_rng_next(r) >> 11) * 0x1.0p-53; }

double fleet_rng_range(fleet_rng *r, double lo, double hi) {
  return lo + (hi - lo) * fleet_rng_uniform(r);
}

int32_t fleet_rng_below(fleet_rng *r, int32_t n) {
  if (n <= 1) return 0;
  return (int32_t)(fleet_rng_uniform(r) * (double)n);
}

double fleet_rng_normal(fleet_rng *r) {
  /* Box-Muller; one value per call keeps the stream simple to reason about. */
  double u1 = fleet_rng_uniform(r), u2 = fleet_rng_uniform(r);
  if (u1 < 1e-300) u1 = 1e-300;
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* ---- alloc / free -------------------------------------------------------- */
static char **default_names(const char *prefix, int32_t n) {
  char **v = calloc((size_t)n + 1, sizeof *v);
  if (!v) return NULL;
  for (int32_t i = 0; i < n; ++i) {
    char buf[48];
    snprintf(buf, sizeof buf, "%s%d", prefix, (int)i);
    v[i] = strdup(buf);
    if (!v[i]) {
      for (int32_t j = 0; j < i; ++j) free(v[j]);
      free(v);
      return NULL;
    }
  }
  return v;
}

static void free_names(char **v, int32_t n) {
  if (!v) return;
  for (int32_t i = 0; i < n; ++i) free(v[i]);
  free(v);
}

static double *filled(size_t n, double value) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (v)
    for (size_t i = 0; i < n; ++i) v[i] = value;
  return v;
}

flp_rc flp_fleet_alloc(flp_fleet *f, int32_t N, int32_t T, int32_t K, int32_t R, int32_t S,
                       int32_t Q, int32_t D, flp_error *err) {
  memset(f, 0, sizeof *f);
  if (N < 1 || T < 1 || K < 1 || R < 1 || S < 1 || Q < 1 || D < 1)
    return flp_error_set(err, FLP_ERR_INPUT,
                         "fleet dimensions must be >= 1 (nodes %d, slots %d, classes %d, "
                         "resources %d, node classes %d, racks %d, datacenters %d)",
                         (int)N, (int)T, (int)K, (int)R, (int)S, (int)Q, (int)D);
  f->num_nodes = N;
  f->num_slots = T;
  f->num_classes = K;
  f->num_resources = R;
  f->num_node_classes = S;
  f->num_racks = Q;
  f->num_datacenters = D;
  f->power_resource = f->bandwidth_resource = -1;
  f->budget = INFINITY;
  const size_t n = (size_t)N, t = (size_t)T, k = (size_t)K, r = (size_t)R, s = (size_t)S;
  const size_t q = (size_t)Q, d = (size_t)D;
  f->resource_names = default_names("res", R);
  f->node_class_names = default_names("sku", S);
  f->rack_names = default_names("rack", Q);
  f->datacenter_names = default_names("dc", D);
  f->class_names = default_names("class", K);
  f->node_ids = default_names("node", N);
  f->node_class = calloc(n, sizeof *f->node_class);
  f->node_rack = calloc(n, sizeof *f->node_rack);
  f->node_datacenter = calloc(n, sizeof *f->node_datacenter);
  f->capacity = calloc(n * r, sizeof *f->capacity);
  f->availability = filled(n * t, 1.0);
  f->running_cost = calloc(n, sizeof *f->running_cost);
  f->idle_power = calloc(n, sizeof *f->idle_power);
  f->slot_hours = filled(t, 1.0);
  f->energy_price = calloc(d * t, sizeof *f->energy_price);
  f->carbon_intensity = calloc(d * t, sizeof *f->carbon_intensity);
  f->demand = calloc(k * t, sizeof *f->demand);
  f->needs = calloc(k * r, sizeof *f->needs);
  f->eligible = calloc(k * s, sizeof *f->eligible);
  f->penalty = filled(k, 1.0);
  f->defer_window = calloc(k, sizeof *f->defer_window);
  f->defer_cost = calloc(k, sizeof *f->defer_cost);
  f->rack_power = filled(q * t, INFINITY);
  f->datacenter_power = filled(d * t, INFINITY);
  f->rack_bandwidth = filled(q * t, INFINITY);
  if (!f->resource_names || !f->node_class_names || !f->rack_names || !f->datacenter_names ||
      !f->class_names || !f->node_ids || !f->node_class || !f->node_rack ||
      !f->node_datacenter || !f->capacity || !f->availability || !f->running_cost ||
      !f->idle_power || !f->slot_hours || !f->energy_price || !f->carbon_intensity ||
      !f->demand || !f->needs || !f->eligible || !f->penalty || !f->defer_window ||
      !f->defer_cost || !f->rack_power || !f->datacenter_power || !f->rack_bandwidth) {
    flp_fleet_free(f);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory allocating a fleet of %d nodes x %d slots",
                         (int)N, (int)T);
  }
  return FLP_OK;
}

void flp_fleet_free(flp_fleet *f) {
  if (!f) return;
  free(f->name);
  free_names(f->resource_names, f->num_resources);
  free_names(f->node_class_names, f->num_node_classes);
  free_names(f->rack_names, f->num_racks);
  free_names(f->datacenter_names, f->num_datacenters);
  free_names(f->class_names, f->num_classes);
  free_names(f->node_ids, f->num_nodes);
  free(f->node_class);
  free(f->node_rack);
  free(f->node_datacenter);
  free(f->capacity);
  free(f->availability);
  free(f->running_cost);
  free(f->idle_power);
  free(f->slot_hours);
  free(f->energy_price);
  free(f->carbon_intensity);
  free(f->demand);
  free(f->needs);
  free(f->eligible);
  free(f->penalty);
  free(f->defer_window);
  free(f->defer_cost);
  free(f->rack_power);
  free(f->datacenter_power);
  free(f->rack_bandwidth);
  memset(f, 0, sizeof *f);
}

/* ---- pair rules ---------------------------------------------------------- */
double fleet_usable_capacity(const flp_fleet *f, int32_t n, int32_t r, int32_t t) {
  double cap = f->capacity[(size_t)n * (size_t)f->num_resources + (size_t)r];
  if (r == f->power_resource) cap -= f->idle_power[n];
  if (cap < 0) cap = 0;
  return cap * f->availability[(size_t)n * (size_t)f->num_slots + (size_t)t];
}

int fleet_pair_fits(const flp_fleet *f, int32_t k, int32_t n) {
  const int32_t R = f->num_resources;
  if (!f->eligible[(size_t)k * (size_t)f->num_node_classes + (size_t)f->node_class[n]]) return 0;
  for (int32_t r = 0; r < R; ++r) {
    if (f->needs[(size_t)k * (size_t)R + (size_t)r] <= 0) continue;
    double cap = f->capacity[(size_t)n * (size_t)R + (size_t)r];
    if (r == f->power_resource) cap -= f->idle_power[n];
    if (!(cap > 0)) return 0;
  }
  return 1;
}

double fleet_unit_share(const flp_fleet *f, int32_t k, int32_t n) {
  const int32_t R = f->num_resources;
  double share = 0, any = 0;
  for (int32_t r = 0; r < R; ++r) {
    double need = f->needs[(size_t)k * (size_t)R + (size_t)r];
    double cap = f->capacity[(size_t)n * (size_t)R + (size_t)r];
    if (need <= 0 || cap <= 0) continue;
    double s = need / cap;
    if (s > any) any = s;
    if (r != f->power_resource && r != f->bandwidth_resource && s > share) share = s;
  }
  return share > 0 ? share : any;
}

/* ---- validation ---------------------------------------------------------- */
/* Each check fails with "WHAT: DATASET: message". */
#define FAIL(...) return flp_error_set(err, FLP_ERR_INPUT, __VA_ARGS__)

static flp_rc check_names(char **names, int32_t n, const char *what, const char *dset,
                          flp_error *err) {
  if (!names) FAIL("%s: %s: missing", what, dset);
  for (int32_t i = 0; i < n; ++i)
    if (!names[i] || !names[i][0]) FAIL("%s: %s: entry %d is empty", what, dset, (int)i);
  return FLP_OK;
}

static flp_rc check_index(const int32_t *v, int32_t n, int32_t limit, const char *what,
                          const char *dset, char **ids, const char *limit_what, flp_error *err) {
  for (int32_t i = 0; i < n; ++i)
    if (v[i] < 0 || v[i] >= limit)
      FAIL("%s: %s: %d at node '%s' is not a valid index (there are %d %s)", what, dset, (int)v[i],
           ids[i], (int)limit, limit_what);
  return FLP_OK;
}

/* Every entry of v[rows x cols] finite (or +inf when allow_inf) and in [lo, hi]. */
static flp_rc check_matrix(const double *v, int32_t rows, int32_t cols, double lo, double hi,
                           int allow_inf, const char *what, const char *dset, const char *row_what,
                           char **row_names, const char *col_what, char **col_names,
                           flp_error *err) {
  for (int32_t i = 0; i < rows; ++i)
    for (int32_t j = 0; j < cols; ++j) {
      double x = v[(size_t)i * (size_t)cols + (size_t)j];
      int ok = !isnan(x) && x >= lo && x <= hi && (isfinite(x) || (allow_inf && x == INFINITY));
      if (ok) continue;
      char where[256], row[128] = "", col[128] = "";
      if (row_names) snprintf(row, sizeof row, "%s '%s'", row_what, row_names[i]);
      else snprintf(row, sizeof row, "%s %d", row_what, (int)i);
      if (col_what && col_names) snprintf(col, sizeof col, " %s '%s'", col_what, col_names[j]);
      else if (col_what) snprintf(col, sizeof col, " %s %d", col_what, (int)j);
      snprintf(where, sizeof where, "%s%s", row, col);
      if (isnan(x)) FAIL("%s: %s: NaN at %s", what, dset, where);
      if (isinf(x)) FAIL("%s: %s: %g at %s (must be finite)", what, dset, x, where);
      if (hi < INFINITY) FAIL("%s: %s: %g at %s is outside [%g, %g]", what, dset, x, where, lo, hi);
      FAIL("%s: %s: %g at %s is below %g", what, dset, x, where, lo);
    }
  return FLP_OK;
}

static flp_rc validate_structure(const flp_fleet *f, const char *what, flp_error *err) {
  const int32_t N = f->num_nodes, T = f->num_slots, K = f->num_classes, R = f->num_resources;
  const int32_t S = f->num_node_classes, Q = f->num_racks, D = f->num_datacenters;
  if (N < 1 || T < 1 || K < 1 || R < 1 || S < 1 || Q < 1 || D < 1)
    FAIL("%s: empty fleet (nodes %d, slots %d, classes %d, resources %d, node classes %d, "
         "racks %d, datacenters %d; each must be >= 1)",
         what, (int)N, (int)T, (int)K, (int)R, (int)S, (int)Q, (int)D);
  flp_rc rc;
  if ((rc = check_names(f->resource_names, R, what, "/resources/names", err)) != FLP_OK ||
      (rc = check_names(f->node_class_names, S, what, "/node_classes/names", err)) != FLP_OK ||
      (rc = check_names(f->rack_names, Q, what, "/racks/names", err)) != FLP_OK ||
      (rc = check_names(f->datacenter_names, D, what, "/datacenters/names", err)) != FLP_OK ||
      (rc = check_names(f->class_names, K, what, "/workloads/names", err)) != FLP_OK ||
      (rc = check_names(f->node_ids, N, what, "/nodes/id", err)) != FLP_OK)
    return rc;
  if (f->power_resource < -1 || f->power_resource >= R)
    FAIL("%s: /resources: power resource index %d out of range", what, (int)f->power_resource);
  if (f->bandwidth_resource < -1 || f->bandwidth_resource >= R)
    FAIL("%s: /resources: bandwidth resource index %d out of range", what,
         (int)f->bandwidth_resource);
  if (f->power_resource >= 0 && f->power_resource == f->bandwidth_resource)
    FAIL("%s: /resources: power and bandwidth name the same resource '%s'", what,
         f->resource_names[f->power_resource]);
  if ((rc = check_index(f->node_class, N, S, what, "/nodes/class", f->node_ids, "node classes",
                        err)) != FLP_OK ||
      (rc = check_index(f->node_rack, N, Q, what, "/nodes/rack", f->node_ids, "racks", err)) !=
          FLP_OK ||
      (rc = check_index(f->node_datacenter, N, D, what, "/nodes/datacenter", f->node_ids,
                        "datacenters", err)) != FLP_OK)
    return rc;
  /* One datacenter per rack. */
  int32_t *rack_dc = malloc((size_t)Q * sizeof *rack_dc);
  if (!rack_dc) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", what);
  for (int32_t q = 0; q < Q; ++q) rack_dc[q] = -1;
  for (int32_t n = 0; n < N; ++n) {
    int32_t q = f->node_rack[n], d = f->node_datacenter[n];
    if (rack_dc[q] >= 0 && rack_dc[q] != d) {
      int32_t other = rack_dc[q];
      free(rack_dc);
      FAIL("%s: /nodes/datacenter: rack '%s' has nodes in datacenters '%s' and '%s' (node '%s'); "
           "a rack belongs to one datacenter",
           what, f->rack_names[q], f->datacenter_names[other], f->datacenter_names[d],
           f->node_ids[n]);
    }
    rack_dc[q] = d;
  }
  free(rack_dc);
  return FLP_OK;
}

static flp_rc validate_nodes(const flp_fleet *f, const char *what, flp_error *err) {
  const int32_t N = f->num_nodes, T = f->num_slots, R = f->num_resources;
  flp_rc rc;
  if ((rc = check_matrix(f->capacity, N, R, 0, INFINITY, 0, what, "/nodes/capacity", "node",
                         f->node_ids, "resource", f->resource_names, err)) != FLP_OK ||
      (rc = check_matrix(f->availability, N, T, 0, 1, 0, what, "/nodes/availability", "node",
                         f->node_ids, "slot", NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->running_cost, N, 1, 0, INFINITY, 0, what, "/nodes/running_cost",
                         "node", f->node_ids, NULL, NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->idle_power, N, 1, 0, INFINITY, 0, what, "/nodes/idle_power", "node",
                         f->node_ids, NULL, NULL, err)) != FLP_OK)
    return rc;
  if (f->power_resource >= 0)
    for (int32_t n = 0; n < N; ++n) {
      double cap = f->capacity[(size_t)n * (size_t)R + (size_t)f->power_resource];
      if (f->idle_power[n] > cap)
        FAIL("%s: /nodes/idle_power: %g W at node '%s' exceeds its power capacity %g W", what,
             f->idle_power[n], f->node_ids[n], cap);
    }
  return FLP_OK;
}

static flp_rc validate_slots_and_classes(const flp_fleet *f, const char *what, flp_error *err) {
  const int32_t T = f->num_slots, K = f->num_classes, R = f->num_resources;
  const int32_t S = f->num_node_classes, D = f->num_datacenters;
  flp_rc rc;
  if ((rc = check_matrix(f->slot_hours, T, 1, 1e-9, 1e6, 0, what, "/slots/duration", "slot", NULL,
                         NULL, NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->energy_price, D, T, -1e6, 1e6, 0, what, "/slots/energy_price",
                         "datacenter", f->datacenter_names, "slot", NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->carbon_intensity, D, T, 0, 1e6, 0, what, "/slots/carbon_intensity",
                         "datacenter", f->datacenter_names, "slot", NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->demand, K, T, 0, INFINITY, 0, what, "/workloads/demand", "class",
                         f->class_names, "slot", NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->needs, K, R, 0, INFINITY, 0, what, "/workloads/needs", "class",
                         f->class_names, "resource", f->resource_names, err)) != FLP_OK ||
      (rc = check_matrix(f->penalty, K, 1, 0, INFINITY, 0, what, "/workloads/penalty", "class",
                         f->class_names, NULL, NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->defer_cost, K, 1, 0, INFINITY, 0, what, "/workloads/defer_cost",
                         "class", f->class_names, NULL, NULL, err)) != FLP_OK)
    return rc;
  if (!isfinite(f->carbon_price) || f->carbon_price < 0)
    FAIL("%s: /: attribute carbon_price is %g; expected a finite value >= 0", what,
         f->carbon_price);
  for (int32_t k = 0; k < K; ++k) {
    int any_need = 0, any_eligible = 0;
    for (int32_t r = 0; r < R; ++r) any_need |= f->needs[(size_t)k * (size_t)R + (size_t)r] > 0;
    if (!any_need)
      FAIL("%s: /workloads/needs: class '%s' needs no resource (every unit must need some)", what,
           f->class_names[k]);
    for (int32_t s = 0; s < S; ++s) {
      uint8_t e = f->eligible[(size_t)k * (size_t)S + (size_t)s];
      if (e > 1)
        FAIL("%s: /workloads/eligible: %d at class '%s' node class '%s' (expected 0 or 1)", what,
             (int)e, f->class_names[k], f->node_class_names[s]);
      any_eligible |= e;
    }
    if (!any_eligible)
      FAIL("%s: /workloads/eligible: class '%s' may run on no node class", what,
           f->class_names[k]);
    if (f->defer_window[k] < 0 || f->defer_window[k] >= T)
      FAIL("%s: /workloads/defer_window: %d at class '%s' is outside [0, %d] (slots)", what,
           (int)f->defer_window[k], f->class_names[k], (int)(T - 1));
  }
  return FLP_OK;
}

/* Fixed (idle) power of a group of nodes in slot t, for the limits' head room. */
static flp_rc validate_limits(const flp_fleet *f, const char *what, flp_error *err) {
  const int32_t N = f->num_nodes, T = f->num_slots, Q = f->num_racks, D = f->num_datacenters;
  flp_rc rc;
  if ((rc = check_matrix(f->rack_power, Q, T, 0, INFINITY, 1, what, "/limits/rack_power", "rack",
                         f->rack_names, "slot", NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->datacenter_power, D, T, 0, INFINITY, 1, what,
                         "/limits/datacenter_power", "datacenter", f->datacenter_names, "slot",
                         NULL, err)) != FLP_OK ||
      (rc = check_matrix(f->rack_bandwidth, Q, T, 0, INFINITY, 1, what, "/limits/rack_bandwidth",
                         "rack", f->rack_names, "slot", NULL, err)) != FLP_OK)
    return rc;
  if (isnan(f->budget) || f->budget < 0)
    FAIL("%s: /limits: attribute budget is %g; expected a value >= 0 (or inf: none)", what,
         f->budget);
  /* Idle power must fit under each power limit, else no plan exists. */
  double *rack_idle = calloc((size_t)Q * (size_t)T + (size_t)D * (size_t)T + 1, sizeof(double));
  if (!rack_idle) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", what);
  double *dc_idle = rack_idle + (size_t)Q * (size_t)T;
  double fixed_energy = 0;
  for (int32_t n = 0; n < N; ++n)
    for (int32_t t = 0; t < T; ++t) {
      double w = f->idle_power[n] * f->availability[(size_t)n * (size_t)T + (size_t)t];
      rack_idle[(size_t)f->node_rack[n] * (size_t)T + (size_t)t] += w;
      dc_idle[(size_t)f->node_datacenter[n] * (size_t)T + (size_t)t] += w;
      fixed_energy += w / 1000 * f->slot_hours[t] *
                      f->energy_price[(size_t)f->node_datacenter[n] * (size_t)T + (size_t)t];
    }
  rc = FLP_OK;
  for (int32_t q = 0; q < Q && rc == FLP_OK; ++q)
    for (int32_t t = 0; t < T && rc == FLP_OK; ++t) {
      size_t i = (size_t)q * (size_t)T + (size_t)t;
      if (rack_idle[i] > f->rack_power[i] * (1 + 1e-12))
        rc = flp_error_set(err, FLP_ERR_INPUT,
                           "%s: /limits/rack_power: rack '%s' slot %d: the idle power of its "
                           "nodes (%g W) exceeds the limit %g W",
                           what, f->rack_names[q], (int)t, rack_idle[i], f->rack_power[i]);
    }
  for (int32_t d = 0; d < D && rc == FLP_OK; ++d)
    for (int32_t t = 0; t < T && rc == FLP_OK; ++t) {
      size_t i = (size_t)d * (size_t)T + (size_t)t;
      if (dc_idle[i] > f->datacenter_power[i] * (1 + 1e-12))
        rc = flp_error_set(err, FLP_ERR_INPUT,
                           "%s: /limits/datacenter_power: datacenter '%s' slot %d: the idle "
                           "power of its nodes (%g W) exceeds the limit %g W",
                           what, f->datacenter_names[d], (int)t, dc_idle[i],
                           f->datacenter_power[i]);
    }
  free(rack_idle);
  if (rc == FLP_OK && f->budget < fixed_energy * (1 - 1e-12))
    rc = flp_error_set(err, FLP_ERR_INPUT,
                       "%s: /limits: budget %g is below the fixed energy cost of idle power (%g)",
                       what, f->budget, fixed_energy);
  return rc;
}

flp_rc flp_fleet_validate(const flp_fleet *f, const char *what, flp_error *err) {
  if (!what) what = "fleet";
  flp_rc rc = validate_structure(f, what, err);
  if (rc == FLP_OK) rc = validate_nodes(f, what, err);
  if (rc == FLP_OK) rc = validate_slots_and_classes(f, what, err);
  if (rc == FLP_OK) rc = validate_limits(f, what, err);
  return rc;
}
