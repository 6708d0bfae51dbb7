/* fleetlp's fleet capacity-planning model: the fleet file, synthetic fleets,
 * the LP builder, plans and reports. The fleet library (fleetlp_fleet) sits on
 * the core and io libraries. */
#ifndef FLEETLP_PUBLIC_FLEET_H
#define FLEETLP_PUBLIC_FLEET_H

#include "fleetlp_io.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ==== fleet capacity planning (host/fleet/) ================================
 * The fleet file ("fleetlp-fleet") and the plan file ("fleetlp-plan") are
 * documented in docs/fleet.md. Arrays are row-major: an [A x B] array holds
 * element (a, b) at a * B + b; slots are always the last axis. Units: power in
 * W, bandwidth in Gb/s, money in $ (any currency, used consistently), time in
 * hours, energy prices in $/kWh, carbon intensity in kg CO2e/kWh. */
typedef struct flp_fleet {
  int32_t num_nodes, num_slots, num_classes;       /* N, T, K (workload classes) */
  int32_t num_resources, num_node_classes;         /* R, S (node classes = SKUs) */
  int32_t num_racks, num_datacenters;              /* Q, D */
  char *name;                                      /* optional */
  char **resource_names;      /* R, e.g. cores, gpus, memory_gb, power_w, net_gbps */
  int32_t power_resource;     /* index of the power resource (W), -1: none */
  int32_t bandwidth_resource; /* index of the uplink bandwidth resource (Gb/s), -1: none */
  char **node_class_names;    /* S */
  char **rack_names;          /* Q */
  char **datacenter_names;    /* D */
  char **class_names;         /* K */
  /* nodes */
  char **node_ids;            /* N */
  int32_t *node_class;        /* N, in [0, S) */
  int32_t *node_rack;         /* N, in [0, Q) */
  int32_t *node_datacenter;   /* N, in [0, D); one datacenter per rack */
  double *capacity;           /* N x R */
  double *availability;       /* N x T, in [0, 1] (0: maintenance) */
  double *running_cost;       /* N, $ per hour of a fully used node */
  double *idle_power;         /* N, W drawn while available */
  /* slots */
  double *slot_hours;         /* T, > 0 */
  double *energy_price;       /* D x T, $/kWh */
  double *carbon_intensity;   /* D x T, kg CO2e/kWh */
  double carbon_price;        /* $ per kg CO2e */
  /* workload classes */
  double *demand;             /* K x T, units running during the slot */
  double *needs;              /* K x R, resources one unit needs */
  uint8_t *eligible;          /* K x S, 1: the class may run on the node class */
  double *penalty;            /* K, $ per unit-hour of unserved demand */
  int32_t *defer_window;      /* K, slots that work may be deferred by (0: none) */
  double *defer_cost;         /* K, $ per unit and slot of deferral */
  /* limits: +inf entries mean no limit (and no row) */
  double *rack_power;         /* Q x T, W */
  double *datacenter_power;   /* D x T, W */
  double *rack_bandwidth;     /* Q x T, Gb/s */
  double budget;              /* $ over the horizon for running + energy cost; inf: none */
} flp_fleet;

/* Allocates every array of an N x T x K fleet with R resources, S node
 * classes, Q racks and D datacenters: names "node0", "rack0", ...; zero
 * capacities, costs and demand; availability 1; slot_hours 1; penalty 1;
 * limits and budget +inf; power and bandwidth resources -1. f is overwritten. */
flp_rc flp_fleet_alloc(flp_fleet *f, int32_t nodes, int32_t slots, int32_t classes,
                       int32_t resources, int32_t node_classes, int32_t racks,
                       int32_t datacenters, flp_error *err);
void flp_fleet_free(flp_fleet *f);
/* Checks indices, ranges and consistency; what names the source in messages,
 * which name the dataset at fault (e.g. "fleet.h5: /nodes/availability: 1.5 at
 * node 'n7' slot 3 is outside [0, 1]"). */
flp_rc flp_fleet_validate(const flp_fleet *f, const char *what, flp_error *err);
/* Reads and validates a fleet file; FLP_ERR_INPUT names file and dataset. */
flp_rc flp_fleet_read_h5(const char *path, flp_fleet *out, flp_error *err);
/* Atomic (PATH.tmp, then rename); compression as flp_write_problem_h5. */
flp_rc flp_fleet_write_h5(const char *path, const flp_fleet *f, int compression, flp_error *err);

/* Synthetic fleets: deterministic for given options (own PRNG, no globals). */
typedef struct flp_fleet_gen_options {
  int32_t nodes, slots, classes;
  int32_t racks, datacenters; /* <= 0: derived (about 40 nodes a rack, 1-4 datacenters) */
  double eligibility;   /* (0, 1]: share of (workload class, compatible SKU) pairs allowed */
  double heterogeneity; /* [0, 1]: spread of SKUs, node capacities and costs */
  double cost_range;    /* >= 1: ratio of the dearest to the cheapest unit cost */
  double tightness;     /* > 0: peak demand / the capacity a class can reach (1: at capacity) */
  int budget_row;       /* 1: a finite budget (a dense LP row) */
  uint64_t seed;
} flp_fleet_gen_options;
void flp_fleet_gen_default(flp_fleet_gen_options *o);
flp_rc flp_fleet_generate(const flp_fleet_gen_options *o, flp_fleet *out, flp_error *err);

/* The LP of a fleet (docs/fleet.md, "The LP"), built directly in CSR in time
 * linear in the nonzeros. Columns, E = num_pairs eligible (class, node) pairs:
 *   x(p, t)        = t * E + p                       units of class pair_class[p]
 *                                                    on node pair_node[p] in slot t
 *   unserved(k, t) = unserved_begin + t * K + k
 *   backlog(k, t)  = backlog_begin + t * num_deferrable + deferrable_index[k]
 *                    (t < T - 1): work of class k carried from slot t into t + 1
 * Rows (the LP row is the planner's row divided by row_scale[i]):
 *   demand(k, t)   = t * K + k                       equality
 *   capacity(n, r, t) = capacity_begin + t * capacity_per_slot + capacity_ptr[n] + j
 *                    where capacity_resource[capacity_ptr[n] + j] == r
 *   rack_power_row[q * T + t], datacenter_power_row[d * T + t],
 *   rack_bandwidth_row[q * T + t]: row index or -1 (no finite limit)
 *   budget_row: index or -1 */
typedef enum flp_fleet_names {
  FLP_FLEET_NAMES_AUTO = 0, /* names when the LP has at most 200,000 columns */
  FLP_FLEET_NAMES_ON = 1,
  FLP_FLEET_NAMES_OFF = 2
} flp_fleet_names;

typedef struct flp_fleet_lp {
  flp_problem problem;       /* minimisation, objective in $ */
  int32_t num_nodes, num_slots, num_classes, num_resources;
  int64_t num_pairs;
  int32_t *pair_class, *pair_node; /* num_pairs, sorted by node then class */
  int64_t *node_pair_ptr;    /* N + 1 */
  double *pair_running;      /* num_pairs, $ per hour of one unit (running cost share) */
  double *pair_kw;           /* num_pairs, kW one unit draws (0 without a power resource) */
  int64_t unserved_begin, backlog_begin;
  int32_t num_deferrable;
  int32_t *deferrable_index; /* K, -1 when not deferrable */
  int64_t capacity_begin, capacity_per_slot;
  int64_t *capacity_ptr;     /* N + 1 */
  int32_t *capacity_resource;/* capacity_per_slot */
  int64_t *rack_power_row, *datacenter_power_row, *rack_bandwidth_row;
  int64_t budget_row;
  double *row_scale;         /* num_rows */
  double fixed_energy_cost, fixed_carbon_cost; /* idle power, in obj_offset */
} flp_fleet_lp;

flp_rc flp_fleet_build(const flp_fleet *f, flp_fleet_names names, flp_fleet_lp *out,
                       flp_error *err);
void flp_fleet_lp_free(flp_fleet_lp *lp);

/* A plan: the LP solution in planner terms. Values ("value_*") are shadow
 * prices as savings: what one more unit of a limit is worth, >= 0, in $ per
 * unit for the slot (capacity: per core, GPU, GB, W, ... on node n in slot t;
 * power: per W; bandwidth: per Gb/s; budget: per $). */
typedef struct flp_fleet_plan {
  int32_t num_nodes, num_slots, num_classes, num_resources, num_racks, num_datacenters;
  int64_t num_allocations;   /* x above a noise threshold */
  int32_t *alloc_class, *alloc_node, *alloc_slot;
  double *alloc_amount;
  double *utilisation;       /* N x T x R: used / capacity (power: idle included) */
  double *node_utilisation;  /* N x T: the largest share over resources */
  double *rack_utilisation;  /* Q x T: mean node_utilisation over the rack's nodes */
  double *rack_power_used;   /* Q x T, W (idle included); NULL without a power resource */
  double *datacenter_power_used; /* D x T, W */
  double *served, *unserved, *deferred; /* K x T units; deferred: carried into the next slot */
  /* cost breakdown ($, the objective = their sum) */
  double cost_total, cost_running, cost_energy, cost_carbon, cost_unserved, cost_deferral;
  double cost_fixed_energy, cost_fixed_carbon;
  double *cost_per_slot;     /* T x FLP_FLEET_COST_PARTS, parts in the order above without total */
  double *value_capacity;    /* N x T x R (0 where the node has no such row) */
  double *value_rack_power;  /* Q x T */
  double *value_datacenter_power; /* D x T */
  double *value_rack_bandwidth;   /* Q x T */
  double value_budget;
  double *demand_price;      /* K x T: $ one more unit of demand costs */
} flp_fleet_plan;
#define FLP_FLEET_COST_PARTS 7

/* res must carry x and y (any status with an iterate). */
flp_rc flp_fleet_plan_compute(const flp_fleet *f, const flp_fleet_lp *lp, const flp_result *res,
                              flp_fleet_plan *out, flp_error *err);
void flp_fleet_plan_free(flp_fleet_plan *plan);
/* Writes the plan file atomically, with the solver's solution and history
 * under /solver (layout of the solution file). s may be NULL. */
flp_rc flp_fleet_write_plan(const char *path, const flp_fleet *f, const flp_fleet_lp *lp,
                            const flp_fleet_plan *plan, const flp_settings *s,
                            const flp_result *res, const char *fleet_label, flp_error *err);
/* Reads a plan file and writes the summary as lines to out (NULL: none), and
 * into out_dir (created; NULL: no files): report.txt, utilisation.svg (racks x
 * slots), convergence.svg (residuals and gap against iterations). */
flp_rc flp_fleet_report(const char *plan_path, const char *out_dir, flp_message_fn out,
                        void *out_user, flp_error *err);
/* ---- scenarios (docs/fleet.md, "Scenarios") --------------------------------
 * Variants of one fleet that planners solve together: demand forecasts
 * (multipliers per class and slot), energy price paths and node outages. A
 * scenario changes only costs, row bounds and column bounds of the fleet's LP,
 * never its matrix, so all of them solve as one flp_batch. Arrays are
 * scenario-major ([count x ...]); a NULL array leaves that part as the fleet
 * has it. Names: 1..63 characters of [A-Za-z0-9_.+-], unique (they go into
 * file names). */
typedef struct flp_fleet_scenarios {
  int32_t count;               /* >= 1 */
  int32_t num_nodes, num_slots, num_classes, num_datacenters; /* the fleet's */
  char **names;                /* count */
  double *demand_scale;        /* count x K x T, >= 0: demand times this */
  double *energy_price_scale;  /* count x T, >= 0: every datacenter's price times this */
  double *energy_price;        /* count x D x T, $/kWh: replaces the price (not with _scale) */
  uint8_t *outage;             /* count x N, 1: the node is out for the whole horizon */
} flp_fleet_scenarios;

/* Parts to allocate (flp_fleet_scenarios_alloc). */
#define FLP_FLEET_SCEN_DEMAND 1u
#define FLP_FLEET_SCEN_PRICE_SCALE 2u
#define FLP_FLEET_SCEN_PRICE 4u
#define FLP_FLEET_SCEN_OUTAGE 8u

/* count scenarios of fleet f with the parts asked for, neutral (scales 1,
 * the fleet's prices, no outage), named "s0", "s1", ...; sc is overwritten. */
flp_rc flp_fleet_scenarios_alloc(flp_fleet_scenarios *sc, const flp_fleet *f, int32_t count,
                                 unsigned parts, flp_error *err);
void flp_fleet_scenarios_free(flp_fleet_scenarios *sc);
/* Shapes against f, names, finite values, scales >= 0, 0/1 outages, not both
 * price forms; `what` names the source: "fleet.h5: /scenarios/demand_scale:
 * -0.5 at scenario 'p10' (0) class 'web' slot 3 is negative". */
flp_rc flp_fleet_scenarios_validate(const flp_fleet *f, const flp_fleet_scenarios *sc,
                                    const char *what, flp_error *err);
/* Reads the /scenarios group of a fleet file (f: that file's fleet, read
 * first) and validates it; FLP_ERR_INPUT naming file and dataset, also when
 * the file has no /scenarios. */
flp_rc flp_fleet_scenarios_read_h5(const char *path, const flp_fleet *f, flp_fleet_scenarios *out,
                                   flp_error *err);
/* 1 when the fleet file at path has a /scenarios group (0 also when unreadable). */
int flp_fleet_file_has_scenarios(const char *path);
/* The fleet file with a /scenarios group (sc may be NULL: flp_fleet_write_h5). Atomic. */
flp_rc flp_fleet_write_h5_scenarios(const char *path, const flp_fleet *f,
                                    const flp_fleet_scenarios *sc, int compression,
                                    flp_error *err);

/* A deep copy of f; out is overwritten. */
flp_rc flp_fleet_copy(const flp_fleet *f, flp_fleet *out, flp_error *err);
/* Scenario k applied to work, a copy of base (same dimensions): its demand,
 * energy prices and availability become base's with the scenario on them (an
 * outage: availability 0 in every slot, so no work and no idle power). */
flp_rc flp_fleet_scenario_apply(const flp_fleet *base, const flp_fleet_scenarios *sc, int32_t k,
                                flp_fleet *work, flp_error *err);

/* Synthetic scenarios for a fleet: demand forecasts around 1 per class
 * (P10 / P50 / P90 first, then correlated lognormal draws whose spread grows
 * along the horizon), a high energy price path in every other drawn scenario
 * (none when the fleet has a budget row: prices are in its coefficients) and
 * outages of a few nodes in every third drawn scenario. Deterministic for a
 * seed. */
flp_rc flp_fleet_scenarios_generate(const flp_fleet *f, int32_t count, uint64_t seed,
                                    flp_fleet_scenarios *out, flp_error *err);

/* The fleet's LP and its scenarios as a batch: lp is the fleet's own LP (the
 * batch's base), sc holds each scenario's c and bounds, each read from the
 * builder run on the scenario's fleet, whose matrix must equal lp's (else
 * FLP_ERR_INPUT naming the scenario, e.g. a price path with a budget row). An
 * outage also sets the upper bounds of the node's columns to 0. Each
 * scenario has its own constant (idle energy and carbon): sc.obj_offset. */
typedef struct flp_fleet_scenario_lp {
  flp_fleet_lp lp;
  flp_scenarios sc;
} flp_fleet_scenario_lp;

flp_rc flp_fleet_build_scenarios(const flp_fleet *f, const flp_fleet_scenarios *fs,
                                 flp_fleet_names names, flp_fleet_scenario_lp *out,
                                 flp_error *err);
void flp_fleet_scenario_lp_free(flp_fleet_scenario_lp *s);
/* Scenario k as an LP of its own (its offset included), e.g. for another solver. */
flp_rc flp_fleet_scenario_problem(const flp_fleet_scenario_lp *s, int32_t k, flp_problem *out,
                                  flp_error *err);

/* The summary across scenarios ("fleetlp-scenario-summary", docs/fleet.md):
 * per scenario its status, cost and unserved demand; across the scenarios
 * that are OPTIMAL the cost distribution and the spread of each rack's
 * capacity, power and bandwidth shadow prices. Scenarios are added one at a
 * time (a plan need not outlive its add), then written as PATH (HDF5) and
 * PATH without .h5 plus .csv (one row per scenario), both atomic. */
typedef struct flp_fleet_scenario_entry {
  const char *name;
  const char *plan_file;        /* may be NULL (none written) */
  const flp_result *res;        /* NULL: the scenario failed before a result */
  const flp_fleet_plan *plan;   /* NULL: no plan */
  const flp_fleet *fleet;       /* the scenario's fleet (demand, availability) */
  int exit_code;
} flp_fleet_scenario_entry;

typedef struct flp_fleet_summary flp_fleet_summary;
/* f (the base fleet) must outlive the summary. */
flp_rc flp_fleet_summary_create(const flp_fleet *f, int32_t count, flp_fleet_summary **out,
                                flp_error *err);
/* Records scenario k (copies what it needs). */
flp_rc flp_fleet_summary_add(flp_fleet_summary *s, int32_t k, const flp_fleet_scenario_entry *e,
                             flp_error *err);
flp_rc flp_fleet_summary_write(flp_fleet_summary *s, const char *path, const char *fleet_label,
                               int worst_exit_code, flp_error *err);
void flp_fleet_summary_free(flp_fleet_summary *s);
/* 1 when path is a scenario summary file (0 also when unreadable). */
int flp_fleet_is_scenario_summary(const char *path);
/* The summary as lines (out may be NULL) and, into out_dir (created; NULL:
 * none), report.txt, costs.svg (cost per scenario) and shadow_prices.svg
 * (the spread of the top shadow prices across scenarios). */
flp_rc flp_fleet_scenario_report(const char *summary_path, const char *out_dir,
                                 flp_message_fn out, void *out_user, flp_error *err);
/* ==== end of fleet capacity planning ====================================== */

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_PUBLIC_FLEET_H */
