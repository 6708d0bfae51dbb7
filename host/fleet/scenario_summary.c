/* The summary across scenarios ("fleetlp-scenario-summary", docs/fleet.md):
 * per scenario its status, cost and unserved demand; across the optimal ones
 * the cost distribution and the spread of each capacity's shadow price,
 * i.e. which capacity is worth buying under most forecasts. HDF5 (read back by
 * the report, so checksummed) and a CSV of one row per scenario, both atomic. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "h5_nd.h"
#include "io_util.h"

static const char *const stat_names[FLEET_STATS] = {"min", "p10", "p50", "p90", "max", "mean"};
static const char *const cost_parts[FLP_FLEET_COST_PARTS] = {
    "running", "energy", "carbon", "unserved_penalty", "deferral", "fixed_energy", "fixed_carbon"};

static int by_value(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

void fleet_stats(double *v, int64_t n, double out[FLEET_STATS]) {
  if (n <= 0) {
    for (int i = 0; i < FLEET_STATS; ++i) out[i] = NAN;
    return;
  }
  qsort(v, (size_t)n, sizeof *v, by_value);
  static const double q[3] = {0.1, 0.5, 0.9};
  out[0] = v[0];
  out[4] = v[n - 1];
  for (int i = 0; i < 3; ++i) {
    double h = (double)(n - 1) * q[i];
    int64_t lo = (int64_t)floor(h);
    double hi = lo + 1 < n ? v[lo + 1] : v[lo];
    out[1 + i] = v[lo] + (h - (double)lo) * (hi - v[lo]);
  }
  double sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += v[i];
  out[5] = sum / (double)n;
}

/* Everything the summary holds: per scenario as added, the stats at write. */
struct flp_fleet_summary {
  const flp_fleet *f;
  int32_t K, Q, R, D, optimal;
  char **names, **status, **plans;
  uint8_t *is_optimal, *added;
  int32_t *rack_nodes;
  double *scratch;
  double *objective, *cost_total, *cost_parts, *demand, *unserved, *unserved_share;
  double *iterations, *seconds;
  int32_t *exit_code;
  double *rack_capacity; /* K x Q x R: mean over the rack's nodes of the horizon value */
  double *rack_power, *rack_bandwidth, *dc_power, *budget; /* K x Q, K x Q, K x D, K */
  /* across the optimal scenarios */
  double cost_stats[FLEET_STATS];
  double *rack_capacity_stats, *rack_capacity_positive; /* Q x R x 6, Q x R */
  double *rack_power_stats, *rack_bandwidth_stats, *dc_power_stats; /* Q x 6, Q x 6, D x 6 */
  double budget_stats[FLEET_STATS];
};
typedef struct flp_fleet_summary summary;

void flp_fleet_summary_free(summary *s) {
  if (!s) return;
  for (int32_t k = 0; k < s->K; ++k) {
    if (s->names) free(s->names[k]);
    if (s->status) free(s->status[k]);
    if (s->plans) free(s->plans[k]);
  }
  free(s->names);
  free(s->status);
  free(s->plans);
  free(s->is_optimal);
  free(s->added);
  free(s->rack_nodes);
  free(s->scratch);
  double *all[] = {s->objective, s->cost_total, s->cost_parts, s->demand, s->unserved,
                   s->unserved_share, s->iterations, s->seconds, s->rack_capacity, s->rack_power,
                   s->rack_bandwidth, s->dc_power, s->budget, s->rack_capacity_stats,
                   s->rack_capacity_positive, s->rack_power_stats, s->rack_bandwidth_stats,
                   s->dc_power_stats};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; ++i) free(all[i]);
  free(s->exit_code);
  free(s);
}

static double *nans(size_t n) {
  double *v = malloc((n ? n : 1) * sizeof *v);
  if (v)
    for (size_t i = 0; i < n; ++i) v[i] = NAN;
  return v;
}

static int optimal(const flp_fleet_scenario_entry *e) {
  return e->plan && e->res && e->res->status == FLP_OPTIMAL;
}

/* Scenario k's shadow prices summed over the horizon (as the plan's *_horizon). */
static void values_of(const flp_fleet_scenario_entry *e, summary *s, int32_t k) {
  const flp_fleet *base = s->f;
  const int32_t *rack_nodes = s->rack_nodes;
  const flp_fleet_plan *p = e->plan;
  const int32_t N = p->num_nodes, T = p->num_slots, Q = s->Q, R = s->R, D = s->D;
  double *rc = s->rack_capacity + (size_t)k * (size_t)Q * (size_t)R;
  for (size_t i = 0; i < (size_t)Q * (size_t)R; ++i) rc[i] = 0;
  for (int32_t n = 0; n < N; ++n)
    for (int32_t t = 0; t < T; ++t) {
      double a = e->fleet->availability[(size_t)n * (size_t)T + (size_t)t];
      for (int32_t r = 0; r < R; ++r)
        rc[(size_t)base->node_rack[n] * (size_t)R + (size_t)r] +=
            p->value_capacity[((size_t)n * (size_t)T + (size_t)t) * (size_t)R + (size_t)r] * a;
    }
  for (int32_t q = 0; q < Q; ++q) {
    for (int32_t r = 0; r < R; ++r)
      if (rack_nodes[q] > 0) rc[(size_t)q * (size_t)R + (size_t)r] /= rack_nodes[q];
    double rp = 0, bw = 0;
    for (int32_t t = 0; t < T; ++t) {
      rp += p->value_rack_power[(size_t)q * (size_t)T + (size_t)t];
      bw += p->value_rack_bandwidth[(size_t)q * (size_t)T + (size_t)t];
    }
    s->rack_power[(size_t)k * (size_t)Q + (size_t)q] = rp;
    s->rack_bandwidth[(size_t)k * (size_t)Q + (size_t)q] = bw;
  }
  for (int32_t d = 0; d < D; ++d) {
    double v = 0;
    for (int32_t t = 0; t < T; ++t) v += p->value_datacenter_power[(size_t)d * (size_t)T + (size_t)t];
    s->dc_power[(size_t)k * (size_t)D + (size_t)d] = v;
  }
  s->budget[k] = p->value_budget;
}

/* Stats of column j of v[K x width] over the optimal scenarios. */
static void column_stats(const double *v, int32_t width, int32_t j, const summary *s,
                         double *out, double *positive) {
  int64_t n = 0, pos = 0;
  double *scratch = s->scratch;
  for (int32_t k = 0; k < s->K; ++k) {
    if (!s->is_optimal[k]) continue;
    double x = v[(size_t)k * (size_t)width + (size_t)j];
    scratch[n++] = x;
    pos += x > 0;
  }
  if (positive) *positive = n ? (double)pos / (double)n : NAN;
  fleet_stats(scratch, n, out);
}

flp_rc flp_fleet_summary_create(const flp_fleet *f, int32_t K, summary **out, flp_error *err) {
  *out = NULL;
  if (K < 1) return flp_error_set(err, FLP_ERR_INPUT, "scenario summary: %d scenarios", (int)K);
  summary *s = calloc(1, sizeof *s);
  if (!s) return flp_error_set(err, FLP_ERR_NOMEM, "scenario summary: out of memory");
  s->f = f;
  s->K = K;
  s->Q = f->num_racks;
  s->R = f->num_resources;
  s->D = f->num_datacenters;
  const size_t k = (size_t)K, Q = (size_t)s->Q, R = (size_t)s->R, D = (size_t)s->D;
  s->names = calloc(k, sizeof *s->names);
  s->status = calloc(k, sizeof *s->status);
  s->plans = calloc(k, sizeof *s->plans);
  s->is_optimal = calloc(k, 1);
  s->added = calloc(k, 1);
  s->rack_nodes = calloc(Q, sizeof *s->rack_nodes);
  s->scratch = malloc((k + 1) * sizeof *s->scratch);
  s->objective = nans(k);
  s->cost_total = nans(k);
  s->cost_parts = nans(k * FLP_FLEET_COST_PARTS);
  s->demand = nans(k);
  s->unserved = nans(k);
  s->unserved_share = nans(k);
  s->iterations = nans(k);
  s->seconds = nans(k);
  s->exit_code = calloc(k, sizeof *s->exit_code);
  s->rack_capacity = nans(k * Q * R);
  s->rack_power = nans(k * Q);
  s->rack_bandwidth = nans(k * Q);
  s->dc_power = nans(k * D);
  s->budget = nans(k);
  s->rack_capacity_stats = nans(Q * R * FLEET_STATS);
  s->rack_capacity_positive = nans(Q * R);
  s->rack_power_stats = nans(Q * FLEET_STATS);
  s->rack_bandwidth_stats = nans(Q * FLEET_STATS);
  s->dc_power_stats = nans(D * FLEET_STATS);
  if (!s->names || !s->status || !s->plans || !s->is_optimal || !s->added || !s->rack_nodes ||
      !s->scratch || !s->objective || !s->cost_total || !s->cost_parts || !s->demand ||
      !s->unserved || !s->unserved_share || !s->iterations || !s->seconds || !s->exit_code ||
      !s->rack_capacity || !s->rack_power || !s->rack_bandwidth || !s->dc_power || !s->budget ||
      !s->rack_capacity_stats || !s->rack_capacity_positive || !s->rack_power_stats ||
      !s->rack_bandwidth_stats || !s->dc_power_stats) {
    flp_fleet_summary_free(s);
    return flp_error_set(err, FLP_ERR_NOMEM, "scenario summary: out of memory");
  }
  for (int32_t n = 0; n < f->num_nodes; ++n) s->rack_nodes[f->node_rack[n]]++;
  *out = s;
  return FLP_OK;
}

static char *dup_or_empty(const char *t) { return strdup(t ? t : ""); }

flp_rc flp_fleet_summary_add(summary *s, int32_t i, const flp_fleet_scenario_entry *e,
                             flp_error *err) {
  if (i < 0 || i >= s->K)
    return flp_error_set(err, FLP_ERR_INPUT, "scenario summary: scenario %d outside [0, %d)", (int)i,
                         (int)s->K);
  if (e->plan && (e->plan->num_nodes != s->f->num_nodes || e->plan->num_racks != s->Q ||
                  e->plan->num_resources != s->R || e->plan->num_datacenters != s->D))
    return flp_error_set(err, FLP_ERR_INPUT, "scenario summary: the plan of '%s' is not of this fleet",
                         e->name ? e->name : "?");
  free(s->names[i]);
  free(s->status[i]);
  free(s->plans[i]);
  s->names[i] = dup_or_empty(e->name);
  s->status[i] = dup_or_empty(e->res ? flp_status_name(e->res->status) : "ERROR");
  s->plans[i] = dup_or_empty(e->plan_file);
  if (!s->names[i] || !s->status[i] || !s->plans[i])
    return flp_error_set(err, FLP_ERR_NOMEM, "scenario summary: out of memory");
  s->added[i] = 1;
  s->exit_code[i] = e->exit_code;
  s->is_optimal[i] = (uint8_t)optimal(e);
  if (e->res && e->res->status != FLP_STATUS_UNSET) {
    s->objective[i] = e->res->primal_obj;
    s->iterations[i] = (double)e->res->iterations;
    s->seconds[i] = e->res->total_seconds;
  }
  if (!e->plan) return FLP_OK;
  const flp_fleet_plan *p = e->plan;
  const double parts[FLP_FLEET_COST_PARTS] = {p->cost_running,  p->cost_energy,
                                              p->cost_carbon,   p->cost_unserved,
                                              p->cost_deferral, p->cost_fixed_energy,
                                              p->cost_fixed_carbon};
  s->cost_total[i] = p->cost_total;
  memcpy(s->cost_parts + (size_t)i * FLP_FLEET_COST_PARTS, parts, sizeof parts);
  double demand = 0, unserved = 0;
  for (size_t j = 0; j < (size_t)p->num_classes * (size_t)p->num_slots; ++j) {
    demand += e->fleet->demand[j];
    unserved += p->unserved[j] > 0 ? p->unserved[j] : 0;
  }
  s->demand[i] = demand;
  s->unserved[i] = unserved;
  s->unserved_share[i] = demand > 0 ? unserved / demand : 0;
  values_of(e, s, i);
  return FLP_OK;
}

static void compute_stats(summary *s) {
  const size_t Q = (size_t)s->Q, R = (size_t)s->R, D = (size_t)s->D;
  int64_t m = 0;
  for (int32_t k = 0; k < s->K; ++k)
    if (s->is_optimal[k]) s->scratch[m++] = s->cost_total[k];
  s->optimal = (int32_t)m;
  fleet_stats(s->scratch, m, s->cost_stats);
  for (size_t j = 0; j < Q * R; ++j)
    column_stats(s->rack_capacity, (int32_t)(Q * R), (int32_t)j, s,
                 s->rack_capacity_stats + j * FLEET_STATS, s->rack_capacity_positive + j);
  for (size_t q = 0; q < Q; ++q) {
    column_stats(s->rack_power, (int32_t)Q, (int32_t)q, s, s->rack_power_stats + q * FLEET_STATS,
                 NULL);
    column_stats(s->rack_bandwidth, (int32_t)Q, (int32_t)q, s,
                 s->rack_bandwidth_stats + q * FLEET_STATS, NULL);
  }
  for (size_t d = 0; d < D; ++d)
    column_stats(s->dc_power, (int32_t)D, (int32_t)d, s, s->dc_power_stats + d * FLEET_STATS, NULL);
  column_stats(s->budget, 1, 0, s, s->budget_stats, NULL);
}

/* ---- the HDF5 file ------------------------------------------------------- */
typedef struct summary_out {
  const flp_fleet *f;
  const summary *s;
  const char *label, *fleet_label;
  int worst;
} summary_out;

static flp_rc dset(hid_t g, const char *name, const double *v, int rank, int64_t a, int64_t b,
                   int64_t c, const char *label, flp_error *err) {
  const int64_t dims[3] = {a, b, c};
  return fleet_h5_write_nd(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, rank, dims,
                           FLP_H5_DEFAULT_COMPRESSION, label, err);
}

static flp_rc columns(hid_t g, const char *name, const char *const *cols, int n, flp_error *err) {
  hid_t d = H5Dopen2(g, name, H5P_DEFAULT);
  if (d < 0) return flp_h5_fail(err, FLP_ERR_IO, "cannot reopen %s", name);
  flp_rc rc = flp_h5_attr_str_vec(d, "columns", cols, n, err);
  H5Dclose(d);
  return rc;
}

static flp_rc write_per_scenario(hid_t file, const summary_out *o, flp_error *err) {
  const summary *s = o->s;
  const int64_t K = s->K;
  const char *L = o->label;
  hid_t g = fleet_h5_group(file, "scenarios", L, err);
  if (g < 0) return err ? err->code : FLP_ERR_IO;
  flp_rc rc = flp_h5_write_strings(g, "names", s->names, K, 0, L, err);
  if (rc == FLP_OK) rc = flp_h5_write_strings(g, "status", s->status, K, 0, L, err);
  if (rc == FLP_OK) rc = flp_h5_write_strings(g, "plan_files", s->plans, K, 0, L, err);
  if (rc == FLP_OK) rc = fleet_h5_write_i32(g, "exit_code", s->exit_code, K, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "objective", s->objective, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "cost", s->cost_total, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "cost_parts", s->cost_parts, 2, K, FLP_FLEET_COST_PARTS, 0, L, err);
  if (rc == FLP_OK) rc = columns(g, "cost_parts", cost_parts, FLP_FLEET_COST_PARTS, err);
  if (rc == FLP_OK) rc = dset(g, "demand", s->demand, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "unserved", s->unserved, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "unserved_share", s->unserved_share, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "iterations", s->iterations, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "seconds", s->seconds, 1, K, 0, 0, L, err);
  H5Gclose(g);
  return rc;
}

static flp_rc write_stats(hid_t file, const summary_out *o, flp_error *err) {
  const summary *s = o->s;
  const int64_t K = s->K, Q = s->Q, R = s->R, D = s->D;
  const char *L = o->label;
  hid_t g = fleet_h5_group(file, "costs", L, err);
  if (g < 0) return err ? err->code : FLP_ERR_IO;
  flp_rc rc = dset(g, "stats", s->cost_stats, 1, FLEET_STATS, 0, 0, L, err);
  if (rc == FLP_OK) rc = columns(g, "stats", stat_names, FLEET_STATS, err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  if ((g = fleet_h5_group(file, "shadow_prices", L, err)) < 0) return err ? err->code : FLP_ERR_IO;
  rc = dset(g, "rack_capacity", s->rack_capacity, 3, K, Q, R, L, err);
  if (rc == FLP_OK) rc = dset(g, "rack_capacity_stats", s->rack_capacity_stats, 3, Q, R, FLEET_STATS, L, err);
  if (rc == FLP_OK) rc = columns(g, "rack_capacity_stats", stat_names, FLEET_STATS, err);
  if (rc == FLP_OK) rc = dset(g, "rack_capacity_positive", s->rack_capacity_positive, 2, Q, R, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "rack_power", s->rack_power, 2, K, Q, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "rack_power_stats", s->rack_power_stats, 2, Q, FLEET_STATS, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "rack_bandwidth", s->rack_bandwidth, 2, K, Q, 0, L, err);
  if (rc == FLP_OK)
    rc = dset(g, "rack_bandwidth_stats", s->rack_bandwidth_stats, 2, Q, FLEET_STATS, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "datacenter_power", s->dc_power, 2, K, D, 0, L, err);
  if (rc == FLP_OK)
    rc = dset(g, "datacenter_power_stats", s->dc_power_stats, 2, D, FLEET_STATS, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "budget", s->budget, 1, K, 0, 0, L, err);
  if (rc == FLP_OK) rc = dset(g, "budget_stats", s->budget_stats, 1, FLEET_STATS, 0, 0, L, err);
  H5Gclose(g);
  return rc;
}

static flp_rc write_file(hid_t file, const void *ctx, flp_error *err) {
  const summary_out *o = ctx;
  const flp_fleet *f = o->f;
  flp_rc rc = flp_h5_attr_str(file, "format", SUMMARY_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_major", SUMMARY_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_minor", SUMMARY_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(file, "writer", "fleetlp " FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(file, "fleet", o->fleet_label ? o->fleet_label : "", err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "num_scenarios", o->s->K, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "num_optimal", o->s->optimal, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "exit_code", o->worst, err);
  if (rc != FLP_OK) return rc;
  hid_t g = fleet_h5_group(file, "names", o->label, err);
  if (g < 0) return err ? err->code : FLP_ERR_IO;
  rc = flp_h5_write_strings(g, "racks", f->rack_names, f->num_racks, 0, o->label, err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "resources", f->resource_names, f->num_resources, 0, o->label, err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "datacenters", f->datacenter_names, f->num_datacenters, 0,
                              o->label, err);
  H5Gclose(g);
  if (rc == FLP_OK) rc = write_per_scenario(file, o, err);
  if (rc == FLP_OK) rc = write_stats(file, o, err);
  return rc;
}

/* ---- the CSV ------------------------------------------------------------- */
static char *csv_path(const char *path) {
  size_t len = strlen(path);
  if (flp_io_ends_with(path, ".h5")) len -= 3;
  char *out = malloc(len + 5);
  if (out) {
    memcpy(out, path, len);
    memcpy(out + len, ".csv", 5);
  }
  return out;
}

static flp_rc write_csv(const char *path, const summary_out *o, flp_error *err) {
  const summary *s = o->s;
  flp_text_out t;
  flp_rc rc = flp_text_out_open(&t, path, err);
  if (rc != FLP_OK) return rc;
  fputs("scenario,status,exit_code,objective,cost", t.f);
  for (int i = 0; i < FLP_FLEET_COST_PARTS; ++i) fprintf(t.f, ",%s", cost_parts[i]);
  fputs(",demand,unserved,unserved_share,iterations,seconds,plan\n", t.f);
  for (int32_t k = 0; k < s->K; ++k) {
    fprintf(t.f, "%s,%s,%d,%.17g,%.17g", s->names[k], s->status[k], s->exit_code[k],
            s->objective[k], s->cost_total[k]);
    for (int i = 0; i < FLP_FLEET_COST_PARTS; ++i)
      fprintf(t.f, ",%.17g", s->cost_parts[(size_t)k * FLP_FLEET_COST_PARTS + (size_t)i]);
    fprintf(t.f, ",%.17g,%.17g,%.17g,%.0f,%.6f,%s\n", s->demand[k], s->unserved[k],
            s->unserved_share[k], s->iterations[k], s->seconds[k], s->plans[k]);
  }
  return flp_text_out_commit(&t, err);
}

flp_rc flp_fleet_summary_write(summary *s, const char *path, const char *fleet_label,
                               int worst_exit_code, flp_error *err) {
  for (int32_t k = 0; k < s->K; ++k)
    if (!s->added[k])
      return flp_error_set(err, FLP_ERR_INPUT, "scenario summary: scenario %d was not added", (int)k);
  compute_stats(s);
  summary_out o = {s->f, s, path, fleet_label, worst_exit_code};
  flp_rc rc = flp_h5_write_atomic_checksummed(path, write_file, &o, err);
  char *csv = rc == FLP_OK ? csv_path(path) : NULL;
  if (rc == FLP_OK && !csv) rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory");
  if (rc == FLP_OK) rc = write_csv(csv, &o, err);
  free(csv);
  return rc;
}

static flp_rc probe(const flp_h5_in *in, void *ctx) {
  char fmt[64] = "";
  int found = 0;
  if (flp_h5_read_attr_str(in, in->file, "/", "format", fmt, sizeof fmt, &found) == FLP_OK && found)
    *(int *)ctx = !strcmp(fmt, SUMMARY_FORMAT);
  return FLP_OK;
}

int flp_fleet_is_scenario_summary(const char *path) {
  int yes = 0;
  flp_error err = {0};
  if (flp_h5_read_file(path, probe, &yes, &err) != FLP_OK) return 0;
  return yes;
}
