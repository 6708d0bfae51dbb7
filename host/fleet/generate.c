/* Synthetic fleets that look like real ones: racks of one SKU (with some
 * mixing), CPU, high-memory, GPU and accelerator SKUs in several generations,
 * diurnal demand, maintenance windows, oversubscribed rack power and uplinks,
 * energy prices and carbon intensity that vary by datacenter and hour.
 * Everything is drawn from one PRNG stream in a fixed order, so a seed and
 * the options fix the fleet bit for bit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

enum { RES_CORES, RES_GPUS, RES_MEM, RES_POWER, RES_NET, NUM_RES };
static const char *const resource_names[NUM_RES] = {"cores", "gpus", "memory_gb", "power_w",
                                                    "net_gbps"};

/* SKU archetypes: capacity per resource, idle W, $ per hour, share of racks. */
typedef struct sku_kind {
  const char *name;
  double cap[NUM_RES];
  double idle_w, cost_per_hour, rack_weight;
} sku_kind;
enum { SKU_CPU, SKU_HIGHMEM, SKU_GPU, SKU_ACCEL, NUM_SKU_KINDS };
static const sku_kind sku_kinds[NUM_SKU_KINDS] = {
    {"cpu", {64, 0, 256, 550, 25}, 150, 1.6, 0.50},
    {"highmem", {96, 0, 1024, 800, 50}, 220, 3.2, 0.15},
    {"gpu", {48, 8, 1024, 6500, 400}, 1200, 28.0, 0.15},
    {"accel", {32, 4, 512, 2200, 200}, 400, 9.0, 0.20},
};

/* Workload archetypes: needs per unit, compatible SKU kinds (bit set),
 * deferral window as a share of the horizon, penalty multiplier, diurnal
 * amplitude and peak hour. */
typedef struct class_kind {
  const char *name;
  double needs[NUM_RES];
  unsigned compat;
  double window_share, penalty_mult, amplitude, peak_hour;
} class_kind;
#define B(k) (1u << (k))
enum { NUM_CLASS_KINDS = 6 };
static const class_kind class_kinds[NUM_CLASS_KINDS] = {
    {"web", {2, 0, 4, 12, 0.05}, B(SKU_CPU) | B(SKU_HIGHMEM), 0.0, 6.0, 0.55, 15.0},
    {"batch", {8, 0, 32, 50, 0.02}, B(SKU_CPU) | B(SKU_HIGHMEM), 0.25, 2.0, 0.15, 3.0},
    {"train", {4, 1, 96, 600, 10}, B(SKU_GPU) | B(SKU_ACCEL), 0.15, 3.0, 0.10, 12.0},
    {"inference", {4, 1, 32, 300, 1}, B(SKU_GPU) | B(SKU_ACCEL), 0.0, 5.0, 0.45, 19.0},
    {"analytics", {4, 0, 64, 30, 0.2}, B(SKU_HIGHMEM) | B(SKU_CPU), 0.12, 2.5, 0.30, 10.0},
    {"stream", {2, 0, 8, 10, 1}, B(SKU_CPU), 0.0, 4.0, 0.35, 20.0},
};

void flp_fleet_gen_default(flp_fleet_gen_options *o) {
  memset(o, 0, sizeof *o);
  o->nodes = 200;
  o->slots = 24;
  o->classes = 6;
  o->eligibility = 0.6;
  o->heterogeneity = 0.5;
  o->cost_range = 4.0;
  o->tightness = 0.9;
  o->budget_row = 0;
  o->seed = 1;
}

static flp_rc set_name(char **slot, const char *text, flp_error *err) {
  char *s = strdup(text);
  if (!s) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory naming the fleet");
  free(*slot);
  *slot = s;
  return FLP_OK;
}

static double hour_of_slot(const flp_fleet *f, int32_t t) {
  double start = 0;
  for (int32_t s = 0; s < t; ++s) start += f->slot_hours[s];
  return fmod(start + 0.5 * f->slot_hours[t], 24.0);
}

/* cos bump in [0, 1] peaking at `peak` (hours, period 24). */
static double bump(double hour, double peak) {
  return 0.5 * (1 + cos(2 * 3.141592653589793 * (hour - peak) / 24.0));
}

typedef struct gen_state {
  const flp_fleet_gen_options *o;
  flp_fleet *f;
  fleet_rng rng;
  int32_t *sku_kind_of; /* S: archetype of each SKU */
  double *hours;        /* T: hour of day of each slot */
} gen_state;

static flp_rc gen_names_and_skus(gen_state *g, flp_error *err) {
  flp_fleet *f = g->f;
  flp_rc rc = FLP_OK;
  for (int r = 0; r < NUM_RES && rc == FLP_OK; ++r)
    rc = set_name(&f->resource_names[r], resource_names[r], err);
  f->power_resource = RES_POWER;
  f->bandwidth_resource = RES_NET;
  for (int32_t s = 0; s < f->num_node_classes && rc == FLP_OK; ++s) {
    char buf[64];
    g->sku_kind_of[s] = s % NUM_SKU_KINDS;
    snprintf(buf, sizeof buf, "%s-g%d", sku_kinds[s % NUM_SKU_KINDS].name,
             (int)(s / NUM_SKU_KINDS) + 1);
    rc = set_name(&f->node_class_names[s], buf, err);
  }
  for (int32_t d = 0; d < f->num_datacenters && rc == FLP_OK; ++d) {
    char buf[32];
    snprintf(buf, sizeof buf, "dc%d", (int)d);
    rc = set_name(&f->datacenter_names[d], buf, err);
  }
  for (int32_t q = 0; q < f->num_racks && rc == FLP_OK; ++q) {
    char buf[48];
    snprintf(buf, sizeof buf, "dc%d-r%03d", (int)((int64_t)q * f->num_datacenters / f->num_racks),
             (int)q);
    rc = set_name(&f->rack_names[q], buf, err);
  }
  for (int32_t k = 0; k < f->num_classes && rc == FLP_OK; ++k) {
    char buf[48];
    snprintf(buf, sizeof buf, "%s-%d", class_kinds[k % NUM_CLASS_KINDS].name, (int)k);
    rc = set_name(&f->class_names[k], buf, err);
  }
  return rc;
}

/* SKU of each rack (weighted by archetype), then nodes: mostly the rack's SKU. */
static flp_rc gen_nodes(gen_state *g, flp_error *err) {
  flp_fleet *f = g->f;
  const flp_fleet_gen_options *o = g->o;
  const int32_t N = f->num_nodes, T = f->num_slots, S = f->num_node_classes, Q = f->num_racks;
  const double H = o->heterogeneity;
  /* Per-SKU multipliers: older generations have less capacity per watt and
   * cost more per unit of work; cost_range spreads the running costs. */
  double sku_scale[64], sku_cost[64];
  for (int32_t s = 0; s < S; ++s) {
    int gen = (int)(s / NUM_SKU_KINDS);
    sku_scale[s] = pow(0.7, gen);
    double spread = o->cost_range > 1 ? pow(o->cost_range, fleet_rng_uniform(&g->rng) - 0.5) : 1;
    sku_cost[s] = sku_kinds[g->sku_kind_of[s]].cost_per_hour * pow(0.8, gen) * spread;
  }
  double total_weight = 0;
  for (int32_t s = 0; s < S; ++s) total_weight += sku_kinds[g->sku_kind_of[s]].rack_weight;
  int32_t *rack_sku = malloc((size_t)Q * sizeof *rack_sku);
  if (!rack_sku) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory generating racks");
  for (int32_t q = 0; q < Q; ++q) {
    double u = fleet_rng_uniform(&g->rng) * total_weight;
    int32_t s = 0;
    for (; s < S - 1; ++s) {
      u -= sku_kinds[g->sku_kind_of[s]].rack_weight;
      if (u < 0) break;
    }
    rack_sku[q] = q < S ? q : s; /* the first racks show every SKU once */
  }
  const double mix = 0.05 + 0.3 * H;
  flp_rc rc = FLP_OK;
  for (int32_t n = 0; n < N && rc == FLP_OK; ++n) {
    int32_t q = (int32_t)((int64_t)n * Q / N);
    int32_t s = rack_sku[q];
    if (n < S && Q < S) s = n; /* tiny fleets: still every SKU */
    else if (fleet_rng_uniform(&g->rng) < mix) s = fleet_rng_below(&g->rng, S);
    const sku_kind *kind = &sku_kinds[g->sku_kind_of[s]];
    f->node_class[n] = s;
    f->node_rack[n] = q;
    f->node_datacenter[n] = (int32_t)((int64_t)q * f->num_datacenters / Q);
    double jitter = 1 + 0.1 * H * fleet_rng_normal(&g->rng);
    if (jitter < 0.7) jitter = 0.7;
    for (int r = 0; r < NUM_RES; ++r) {
      double c = kind->cap[r];
      if (r == RES_CORES || r == RES_MEM) c = round(c * sku_scale[s] * jitter);
      else if (r == RES_NET) c = c * (sku_scale[s] > 0.6 ? 1 : 0.5);
      f->capacity[(size_t)n * NUM_RES + (size_t)r] = c;
    }
    f->idle_power[n] = kind->idle_w * (1 + 0.05 * H * fleet_rng_normal(&g->rng));
    f->running_cost[n] = sku_cost[s] * exp(0.15 * H * fleet_rng_normal(&g->rng));
    /* Maintenance windows and degraded nodes. */
    double u = fleet_rng_uniform(&g->rng);
    if (u < 0.03 + 0.04 * H) {
      int32_t len = 1 + fleet_rng_below(&g->rng, T / 8 > 1 ? T / 8 : 1);
      int32_t start = fleet_rng_below(&g->rng, T);
      for (int32_t t = start; t < start + len && t < T; ++t)
        f->availability[(size_t)n * (size_t)T + (size_t)t] = 0;
    } else if (u < 0.05 + 0.04 * H) {
      for (int32_t t = 0; t < T; ++t) f->availability[(size_t)n * (size_t)T + (size_t)t] = 0.5;
    }
    char buf[96];
    snprintf(buf, sizeof buf, "%s-n%02d", f->rack_names[q],
             (int)(n - (int32_t)(((int64_t)q * N + Q - 1) / Q)));
    rc = set_name(&f->node_ids[n], buf, err);
  }
  free(rack_sku);
  return rc;
}

static void gen_slots(gen_state *g) {
  flp_fleet *f = g->f;
  const int32_t T = f->num_slots, D = f->num_datacenters;
  const double hours = T <= 96 ? 24.0 / T : 1.0;
  for (int32_t t = 0; t < T; ++t) f->slot_hours[t] = hours;
  for (int32_t t = 0; t < T; ++t) g->hours[t] = hour_of_slot(f, t);
  f->carbon_price = 0.08; /* $80 per tonne */
  const double X = g->o->cost_range > 1 ? g->o->cost_range : 1;
  for (int32_t d = 0; d < D; ++d) {
    double base = 0.10 * pow(X, 0.5 * (fleet_rng_uniform(&g->rng) - 0.5));
    double evening = fleet_rng_range(&g->rng, 0.2, 0.6);
    double solar = fleet_rng_range(&g->rng, 0.1, 0.4);
    double carbon = fleet_rng_range(&g->rng, 0.05, 0.6);
    double shift = fleet_rng_range(&g->rng, -3, 3); /* time zones */
    for (int32_t t = 0; t < T; ++t) {
      double h = fmod(g->hours[t] + shift + 24, 24);
      size_t i = (size_t)d * (size_t)T + (size_t)t;
      double sun = bump(h, 13) * (h > 6 && h < 20);
      f->energy_price[i] = base * (1 + evening * bump(h, 19) - solar * sun) *
                           (1 + 0.03 * fleet_rng_normal(&g->rng));
      f->carbon_intensity[i] = carbon * (1 - 0.6 * solar * sun) * (1 + 0.02 * fleet_rng_normal(&g->rng));
      if (f->carbon_intensity[i] < 0) f->carbon_intensity[i] = 0;
    }
  }
}

/* Units of class k that fit on node n (all resources, availability ignored). */
static double units_fit(const flp_fleet *f, int32_t k, int32_t n) {
  double best = INFINITY;
  for (int r = 0; r < NUM_RES; ++r) {
    double need = f->needs[(size_t)k * NUM_RES + (size_t)r];
    if (need <= 0) continue;
    double cap = f->capacity[(size_t)n * NUM_RES + (size_t)r];
    if (r == RES_POWER) cap -= f->idle_power[n];
    double u = cap / need;
    if (u < best) best = u;
  }
  return best == INFINITY ? 0 : best;
}

static flp_rc gen_classes(gen_state *g, flp_error *err) {
  flp_fleet *f = g->f;
  const flp_fleet_gen_options *o = g->o;
  const int32_t N = f->num_nodes, T = f->num_slots, K = f->num_classes, S = f->num_node_classes;
  const double H = o->heterogeneity;
  double *weight = malloc((size_t)K * sizeof *weight);
  double *node_weight = calloc((size_t)N, sizeof *node_weight);
  if (!weight || !node_weight) {
    free(weight);
    free(node_weight);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory generating workloads");
  }
  for (int32_t k = 0; k < K; ++k) {
    const class_kind *kind = &class_kinds[k % NUM_CLASS_KINDS];
    for (int r = 0; r < NUM_RES; ++r) {
      double v = kind->needs[r];
      if (v > 0 && r != RES_GPUS) v *= exp(0.25 * H * fleet_rng_normal(&g->rng));
      f->needs[(size_t)k * NUM_RES + (size_t)r] = v;
    }
    int any = 0;
    int32_t fallback = -1, seen = 0;
    for (int32_t s = 0; s < S; ++s) {
      if (!(kind->compat & B(g->sku_kind_of[s]))) continue;
      /* reservoir pick of one compatible SKU, kept eligible in any case */
      if (fleet_rng_below(&g->rng, ++seen) == 0) fallback = s;
      uint8_t e = fleet_rng_uniform(&g->rng) < o->eligibility;
      f->eligible[(size_t)k * (size_t)S + (size_t)s] = e;
      any |= e;
    }
    if (!any && fallback >= 0) f->eligible[(size_t)k * (size_t)S + (size_t)fallback] = 1;
    int32_t w = (int32_t)(kind->window_share * T);
    f->defer_window[k] = w < 0 ? 0 : (w > T - 1 ? T - 1 : w);
    weight[k] = fleet_rng_range(&g->rng, 0.5, 1.5);
  }
  /* Split each node among the classes that fit it, by weight, to estimate
   * the capacity each class can reach; peak demand = tightness x that. */
  for (int32_t n = 0; n < N; ++n)
    for (int32_t k = 0; k < K; ++k)
      if (fleet_pair_fits(f, k, n)) node_weight[n] += weight[k];
  for (int32_t k = 0; k < K; ++k) {
    const class_kind *kind = &class_kinds[k % NUM_CLASS_KINDS];
    double reach = 0, worst_cost = 0;
    for (int32_t n = 0; n < N; ++n) {
      if (!fleet_pair_fits(f, k, n)) continue;
      double avail = 0;
      for (int32_t t = 0; t < T; ++t) avail += f->availability[(size_t)n * (size_t)T + (size_t)t];
      reach += units_fit(f, k, n) * weight[k] / node_weight[n] * avail / T;
      double c = f->running_cost[n] * fleet_unit_share(f, k, n) +
                 f->needs[(size_t)k * NUM_RES + RES_POWER] / 1000 * 0.3;
      if (c > worst_cost) worst_cost = c;
    }
    double amplitude = kind->amplitude * (0.7 + 0.6 * fleet_rng_uniform(&g->rng));
    double peak_hour = fmod(kind->peak_hour + 2 * fleet_rng_normal(&g->rng) + 24, 24);
    for (int32_t t = 0; t < T; ++t) {
      double shape = (1 - amplitude) + amplitude * bump(g->hours[t], peak_hour);
      double noise = 1 + 0.04 * fleet_rng_normal(&g->rng);
      double d = o->tightness * reach * shape * (noise > 0.5 ? noise : 0.5);
      f->demand[(size_t)k * (size_t)T + (size_t)t] = round(d * 100) / 100;
    }
    f->penalty[k] = (worst_cost > 0 ? worst_cost : 1) * kind->penalty_mult *
                    (0.8 + 0.4 * fleet_rng_uniform(&g->rng));
    f->defer_cost[k] = 0.01 * f->penalty[k] * f->slot_hours[0];
  }
  free(weight);
  free(node_weight);
  return FLP_OK;
}

/* Rack and datacenter power below the nameplate sum (oversubscribed, derated
 * in hot afternoons), uplinks oversubscribed 2-4x, and the budget. */
static flp_rc gen_limits(gen_state *g, flp_error *err) {
  flp_fleet *f = g->f;
  const int32_t N = f->num_nodes, T = f->num_slots, Q = f->num_racks, D = f->num_datacenters;
  const int32_t K = f->num_classes;
  double *rack_idle = calloc((size_t)Q, sizeof *rack_idle);
  double *rack_dyn = calloc((size_t)Q, sizeof *rack_dyn);
  double *rack_net = calloc((size_t)Q, sizeof *rack_net);
  flp_rc rc = FLP_OK;
  if (!rack_idle || !rack_dyn || !rack_net) {
    rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory generating limits");
    goto done;
  }
  for (int32_t n = 0; n < N; ++n) {
    int32_t q = f->node_rack[n];
    rack_idle[q] += f->idle_power[n];
    rack_dyn[q] += f->capacity[(size_t)n * NUM_RES + RES_POWER] - f->idle_power[n];
    rack_net[q] += f->capacity[(size_t)n * NUM_RES + RES_NET];
  }
  for (int32_t d = 0; d < D; ++d)
    for (int32_t t = 0; t < T; ++t) f->datacenter_power[(size_t)d * (size_t)T + (size_t)t] = 0;
  for (int32_t q = 0; q < Q; ++q) {
    double share = fleet_rng_range(&g->rng, 0.7, 0.95);
    double oversub = fleet_rng_range(&g->rng, 2, 4);
    int32_t d = (int32_t)((int64_t)q * D / Q);
    for (int32_t t = 0; t < T; ++t) {
      size_t i = (size_t)q * (size_t)T + (size_t)t;
      double derate = 1 - 0.1 * bump(g->hours[t], 15);
      f->rack_power[i] = rack_idle[q] + share * derate * rack_dyn[q];
      f->rack_bandwidth[i] = rack_net[q] / oversub;
      f->datacenter_power[(size_t)d * (size_t)T + (size_t)t] += f->rack_power[i];
    }
  }
  for (int32_t d = 0; d < D; ++d) {
    double share = fleet_rng_range(&g->rng, 0.9, 1.0);
    for (int32_t t = 0; t < T; ++t) f->datacenter_power[(size_t)d * (size_t)T + (size_t)t] *= share;
  }
  if (g->o->budget_row) {
    /* 92% of serving all demand at each class's cheapest node: it binds. */
    double fixed = 0, variable = 0;
    for (int32_t n = 0; n < N; ++n)
      for (int32_t t = 0; t < T; ++t)
        fixed += f->idle_power[n] / 1000 * f->availability[(size_t)n * (size_t)T + (size_t)t] *
                 f->slot_hours[t] *
                 f->energy_price[(size_t)f->node_datacenter[n] * (size_t)T + (size_t)t];
    for (int32_t k = 0; k < K; ++k) {
      double cheapest = INFINITY;
      for (int32_t n = 0; n < N; ++n) {
        if (!fleet_pair_fits(f, k, n)) continue;
        double c = f->running_cost[n] * fleet_unit_share(f, k, n);
        if (c < cheapest) cheapest = c;
      }
      if (cheapest == INFINITY) continue;
      for (int32_t t = 0; t < T; ++t)
        variable += f->demand[(size_t)k * (size_t)T + (size_t)t] * f->slot_hours[t] * cheapest;
    }
    f->budget = fixed + 0.92 * variable;
  }
done:
  free(rack_idle);
  free(rack_dyn);
  free(rack_net);
  return rc;
}

flp_rc flp_fleet_generate(const flp_fleet_gen_options *o, flp_fleet *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  if (o->nodes < 1 || o->slots < 1 || o->classes < 1)
    return flp_error_set(err, FLP_ERR_INPUT, "fleet generator: nodes, slots and classes must be >= 1");
  if (!(o->eligibility > 0 && o->eligibility <= 1))
    return flp_error_set(err, FLP_ERR_INPUT, "fleet generator: eligibility %g is outside (0, 1]",
                         o->eligibility);
  if (!(o->heterogeneity >= 0 && o->heterogeneity <= 1))
    return flp_error_set(err, FLP_ERR_INPUT, "fleet generator: heterogeneity %g is outside [0, 1]",
                         o->heterogeneity);
  if (!(o->cost_range >= 1 && o->cost_range <= 1e6))
    return flp_error_set(err, FLP_ERR_INPUT, "fleet generator: cost range %g is outside [1, 1e6]",
                         o->cost_range);
  if (!(o->tightness > 0 && o->tightness <= 100))
    return flp_error_set(err, FLP_ERR_INPUT, "fleet generator: tightness %g is outside (0, 100]",
                         o->tightness);
  int32_t Q = o->racks > 0 ? o->racks : (o->nodes + 39) / 40;
  if (Q > o->nodes) Q = o->nodes;
  int32_t D = o->datacenters > 0 ? o->datacenters : (Q < 4 ? 1 : (Q + 24) / 25);
  if (o->datacenters <= 0 && D > 4) D = 4;
  if (D > Q) D = Q;
  int32_t S = NUM_SKU_KINDS + (int32_t)lround(4 * o->heterogeneity);
  flp_rc rc = flp_fleet_alloc(out, o->nodes, o->slots, o->classes, NUM_RES, S, Q, D, err);
  if (rc != FLP_OK) return rc;
  gen_state g;
  memset(&g, 0, sizeof g);
  g.o = o;
  g.f = out;
  fleet_rng_seed(&g.rng, o->seed);
  g.sku_kind_of = malloc((size_t)S * sizeof *g.sku_kind_of);
  g.hours = malloc((size_t)o->slots * sizeof *g.hours);
  if (!g.sku_kind_of || !g.hours)
    rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory generating a fleet");
  char name[128];
  snprintf(name, sizeof name, "generated-n%d-t%d-k%d-s%llu", (int)o->nodes, (int)o->slots,
           (int)o->classes, (unsigned long long)o->seed);
  if (rc == FLP_OK) rc = set_name(&out->name, name, err);
  if (rc == FLP_OK) rc = gen_names_and_skus(&g, err);
  if (rc == FLP_OK) rc = gen_nodes(&g, err);
  if (rc == FLP_OK) gen_slots(&g);
  if (rc == FLP_OK) rc = gen_classes(&g, err);
  if (rc == FLP_OK) rc = gen_limits(&g, err);
  free(g.sku_kind_of);
  free(g.hours);
  if (rc == FLP_OK) rc = flp_fleet_validate(out, "generated fleet", err);
  if (rc != FLP_OK) flp_fleet_free(out);
  return rc;
}
