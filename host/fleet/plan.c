/* LP solution -> plan: allocations, utilisation, served / unserved / deferred
 * demand, the cost breakdown and shadow prices in planner units.
 *
 * Shadow prices: fleetlp's y is d(objective)/d(row bound) of the LP row, and
 * the LP row is the planner's row divided by row_scale, so the planner's
 * d(objective)/d(limit) is y / row_scale. For a "<= limit" row that is <= 0 at
 * an optimum; one more unit of the limit saves -y / row_scale, reported as a
 * value >= 0 (a wrong-sign residue of an inexact solve is reported as 0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

void flp_fleet_plan_free(flp_fleet_plan *p) {
  if (!p) return;
  free(p->alloc_class);
  free(p->alloc_node);
  free(p->alloc_slot);
  free(p->alloc_amount);
  free(p->utilisation);
  free(p->node_utilisation);
  free(p->rack_utilisation);
  free(p->rack_power_used);
  free(p->datacenter_power_used);
  free(p->served);
  free(p->unserved);
  free(p->deferred);
  free(p->cost_per_slot);
  free(p->value_capacity);
  free(p->value_rack_power);
  free(p->value_datacenter_power);
  free(p->value_rack_bandwidth);
  free(p->demand_price);
  memset(p, 0, sizeof *p);
}

static double saving(const flp_fleet_lp *lp, const double *y, int64_t row) {
  if (row < 0) return 0;
  double v = -y[row] / lp->row_scale[row];
  return v > 0 ? v : 0;
}

static double pos(double v) { return v > 0 ? v : 0; }

enum { PART_RUNNING, PART_ENERGY, PART_CARBON, PART_UNSERVED, PART_DEFERRAL, PART_FIXED_ENERGY,
       PART_FIXED_CARBON };

/* Amounts at or below thr[k] are solver noise, not decisions. */
static void allocations(const flp_fleet *f, const flp_fleet_lp *lp, const double *x,
                        const double *thr, flp_fleet_plan *p, int fill) {
  const int32_t T = f->num_slots;
  int64_t m = 0;
  for (int32_t t = 0; t < T; ++t)
    for (int64_t q = 0; q < lp->num_pairs; ++q) {
      double v = x[(int64_t)t * lp->num_pairs + q];
      if (v <= thr[lp->pair_class[q]]) continue;
      if (fill) {
        p->alloc_class[m] = lp->pair_class[q];
        p->alloc_node[m] = lp->pair_node[q];
        p->alloc_slot[m] = t;
        p->alloc_amount[m] = v;
      }
      ++m;
    }
  p->num_allocations = m;
}

static void usage(const flp_fleet *f, const flp_fleet_lp *lp, const double *x, flp_fleet_plan *p) {
  const int32_t N = f->num_nodes, T = f->num_slots, R = f->num_resources, Q = f->num_racks;
  const int64_t E = lp->num_pairs;
  int32_t *rack_nodes = calloc((size_t)Q, sizeof *rack_nodes);
  for (int32_t n = 0; n < N; ++n) {
    for (int32_t t = 0; t < T; ++t) {
      double *u = p->utilisation + ((size_t)n * (size_t)T + (size_t)t) * (size_t)R;
      double avail = f->availability[(size_t)n * (size_t)T + (size_t)t];
      for (int32_t r = 0; r < R; ++r) u[r] = 0;
      for (int64_t q = lp->node_pair_ptr[n]; q < lp->node_pair_ptr[n + 1]; ++q) {
        double v = pos(x[(int64_t)t * E + q]);
        const double *need = f->needs + (size_t)lp->pair_class[q] * (size_t)R;
        for (int32_t r = 0; r < R; ++r) u[r] += v * need[r];
      }
      double dyn_power = f->power_resource >= 0 ? u[f->power_resource] : 0;
      double used_power = dyn_power + f->idle_power[n] * avail;
      if (f->power_resource >= 0) u[f->power_resource] = used_power;
      double peak = 0;
      for (int32_t r = 0; r < R; ++r) {
        double c = f->capacity[(size_t)n * (size_t)R + (size_t)r];
        u[r] = c > 0 ? u[r] / c : 0;
        if (u[r] > peak) peak = u[r];
      }
      p->node_utilisation[(size_t)n * (size_t)T + (size_t)t] = peak;
      size_t qi = (size_t)f->node_rack[n] * (size_t)T + (size_t)t;
      p->rack_utilisation[qi] += peak;
      if (p->rack_power_used) {
        p->rack_power_used[qi] += used_power;
        p->datacenter_power_used[(size_t)f->node_datacenter[n] * (size_t)T + (size_t)t] +=
            used_power;
      }
    }
    if (rack_nodes) rack_nodes[f->node_rack[n]]++;
  }
  for (int32_t q = 0; q < Q; ++q)
    for (int32_t t = 0; t < T; ++t) {
      size_t qi = (size_t)q * (size_t)T + (size_t)t;
      if (rack_nodes && rack_nodes[q] > 0) p->rack_utilisation[qi] /= rack_nodes[q];
      else if (rack_nodes) p->rack_utilisation[qi] = NAN; /* a rack without nodes */
    }
  free(rack_nodes);
}

static void demand_and_costs(const flp_fleet *f, const flp_fleet_lp *lp, const double *x,
                             flp_fleet_plan *p) {
  const int32_t T = f->num_slots, K = f->num_classes;
  const int64_t E = lp->num_pairs;
  for (int32_t t = 0; t < T; ++t) {
    double *c = p->cost_per_slot + (size_t)t * FLP_FLEET_COST_PARTS;
    const double h = f->slot_hours[t];
    for (int64_t q = 0; q < E; ++q) {
      double v = x[(int64_t)t * E + q];
      int32_t k = lp->pair_class[q];
      size_t di = (size_t)f->node_datacenter[lp->pair_node[q]] * (size_t)T + (size_t)t;
      p->served[(size_t)k * (size_t)T + (size_t)t] += v;
      double kwh = h * lp->pair_kw[q] * v;
      c[PART_RUNNING] += h * lp->pair_running[q] * v;
      c[PART_ENERGY] += kwh * f->energy_price[di];
      c[PART_CARBON] += kwh * f->carbon_intensity[di] * f->carbon_price;
    }
    for (int32_t k = 0; k < K; ++k) {
      double u = x[lp->unserved_begin + (int64_t)t * K + k];
      p->unserved[(size_t)k * (size_t)T + (size_t)t] = u;
      c[PART_UNSERVED] += h * f->penalty[k] * u;
      int32_t j = lp->deferrable_index[k];
      if (j >= 0 && t < T - 1) {
        double b = x[lp->backlog_begin + (int64_t)t * lp->num_deferrable + j];
        p->deferred[(size_t)k * (size_t)T + (size_t)t] = b;
        c[PART_DEFERRAL] += f->defer_cost[k] * b;
      }
    }
  }
  /* idle power per slot */
  for (int32_t n = 0; n < f->num_nodes; ++n)
    for (int32_t t = 0; t < T; ++t) {
      size_t di = (size_t)f->node_datacenter[n] * (size_t)T + (size_t)t;
      double kwh = f->idle_power[n] / 1000 * f->availability[(size_t)n * (size_t)T + (size_t)t] *
                   f->slot_hours[t];
      double *c = p->cost_per_slot + (size_t)t * FLP_FLEET_COST_PARTS;
      c[PART_FIXED_ENERGY] += kwh * f->energy_price[di];
      c[PART_FIXED_CARBON] += kwh * f->carbon_intensity[di] * f->carbon_price;
    }
  double sum[FLP_FLEET_COST_PARTS] = {0};
  for (int32_t t = 0; t < T; ++t)
    for (int i = 0; i < FLP_FLEET_COST_PARTS; ++i)
      sum[i] += p->cost_per_slot[(size_t)t * FLP_FLEET_COST_PARTS + (size_t)i];
  p->cost_running = sum[PART_RUNNING];
  p->cost_energy = sum[PART_ENERGY];
  p->cost_carbon = sum[PART_CARBON];
  p->cost_unserved = sum[PART_UNSERVED];
  p->cost_deferral = sum[PART_DEFERRAL];
  p->cost_fixed_energy = sum[PART_FIXED_ENERGY];
  p->cost_fixed_carbon = sum[PART_FIXED_CARBON];
  p->cost_total = 0;
  for (int i = 0; i < FLP_FLEET_COST_PARTS; ++i) p->cost_total += sum[i];
}

static void shadow_prices(const flp_fleet *f, const flp_fleet_lp *lp, const double *y,
                          flp_fleet_plan *p) {
  const int32_t N = f->num_nodes, T = f->num_slots, R = f->num_resources, K = f->num_classes;
  for (int32_t n = 0; n < N; ++n)
    for (int64_t j = lp->capacity_ptr[n]; j < lp->capacity_ptr[n + 1]; ++j) {
      int32_t r = lp->capacity_resource[j];
      for (int32_t t = 0; t < T; ++t) {
        int64_t row = lp->capacity_begin + (int64_t)t * lp->capacity_per_slot + j;
        p->value_capacity[((size_t)n * (size_t)T + (size_t)t) * (size_t)R + (size_t)r] =
            saving(lp, y, row);
      }
    }
  for (size_t i = 0; i < (size_t)f->num_racks * (size_t)T; ++i) {
    p->value_rack_power[i] = saving(lp, y, lp->rack_power_row[i]);
    p->value_rack_bandwidth[i] = saving(lp, y, lp->rack_bandwidth_row[i]);
  }
  for (size_t i = 0; i < (size_t)f->num_datacenters * (size_t)T; ++i)
    p->value_datacenter_power[i] = saving(lp, y, lp->datacenter_power_row[i]);
  p->value_budget = saving(lp, y, lp->budget_row);
  for (int32_t t = 0; t < T; ++t)
    for (int32_t k = 0; k < K; ++k)
      p->demand_price[(size_t)k * (size_t)T + (size_t)t] = y[(int64_t)t * K + k];
}

flp_rc flp_fleet_plan_compute(const flp_fleet *f, const flp_fleet_lp *lp, const flp_result *res,
                              flp_fleet_plan *p, flp_error *err) {
  memset(p, 0, sizeof *p);
  if (!res->x || !res->y)
    return flp_error_set(err, FLP_ERR_INPUT, "fleet plan: the solve produced no solution (%s)",
                         flp_status_name(res->status));
  if (res->num_cols != lp->problem.num_cols || res->num_rows != lp->problem.num_rows ||
      lp->num_nodes != f->num_nodes || lp->num_slots != f->num_slots)
    return flp_error_set(err, FLP_ERR_INPUT, "fleet plan: the solution does not belong to this LP");
  const size_t N = (size_t)f->num_nodes, T = (size_t)f->num_slots, K = (size_t)f->num_classes;
  const size_t R = (size_t)f->num_resources, Q = (size_t)f->num_racks;
  const size_t D = (size_t)f->num_datacenters;
  p->num_nodes = f->num_nodes;
  p->num_slots = f->num_slots;
  p->num_classes = f->num_classes;
  p->num_resources = f->num_resources;
  p->num_racks = f->num_racks;
  p->num_datacenters = f->num_datacenters;
  double *thr = malloc(K * sizeof *thr);
  if (!thr) return flp_error_set(err, FLP_ERR_NOMEM, "fleet plan: out of memory");
  for (size_t k = 0; k < K; ++k) {
    double peak = 0;
    for (size_t t = 0; t < T; ++t) peak = fmax(peak, f->demand[k * T + t]);
    thr[k] = 1e-6 * (1 + peak);
  }
  allocations(f, lp, res->x, thr, p, 0);
  size_t M = (size_t)p->num_allocations + 1;
  p->alloc_class = malloc(M * sizeof *p->alloc_class);
  p->alloc_node = malloc(M * sizeof *p->alloc_node);
  p->alloc_slot = malloc(M * sizeof *p->alloc_slot);
  p->alloc_amount = malloc(M * sizeof *p->alloc_amount);
  p->utilisation = calloc(N * T * R, sizeof(double));
  p->node_utilisation = calloc(N * T, sizeof(double));
  p->rack_utilisation = calloc(Q * T, sizeof(double));
  if (f->power_resource >= 0) {
    p->rack_power_used = calloc(Q * T, sizeof(double));
    p->datacenter_power_used = calloc(D * T, sizeof(double));
  }
  p->served = calloc(K * T, sizeof(double));
  p->unserved = calloc(K * T, sizeof(double));
  p->deferred = calloc(K * T, sizeof(double));
  p->cost_per_slot = calloc(T * FLP_FLEET_COST_PARTS, sizeof(double));
  p->value_capacity = calloc(N * T * R, sizeof(double));
  p->value_rack_power = calloc(Q * T, sizeof(double));
  p->value_datacenter_power = calloc(D * T, sizeof(double));
  p->value_rack_bandwidth = calloc(Q * T, sizeof(double));
  p->demand_price = calloc(K * T, sizeof(double));
  if (!p->alloc_class || !p->alloc_node || !p->alloc_slot || !p->alloc_amount ||
      !p->utilisation || !p->node_utilisation || !p->rack_utilisation ||
      (f->power_resource >= 0 && (!p->rack_power_used || !p->datacenter_power_used)) ||
      !p->served || !p->unserved || !p->deferred || !p->cost_per_slot || !p->value_capacity ||
      !p->value_rack_power || !p->value_datacenter_power || !p->value_rack_bandwidth ||
      !p->demand_price) {
    free(thr);
    flp_fleet_plan_free(p);
    return flp_error_set(err, FLP_ERR_NOMEM, "fleet plan: out of memory");
  }
  allocations(f, lp, res->x, thr, p, 1);
  free(thr);
  usage(f, lp, res->x, p);
  demand_and_costs(f, lp, res->x, p);
  shadow_prices(f, lp, res->y, p);
  return FLP_OK;
}
