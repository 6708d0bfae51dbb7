/* The plan file ("fleetlp-plan", docs/fleet.md), written atomically. The
 * solver's solution and history go under /solver in the solution file's own
 * layout: flp_write_solution_h5 writes them to a side file, which is copied
 * in (H5Ocopy) and removed, so there is one writer of that layout. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "h5_image.h"
#include "h5_nd.h"
#include "io_util.h"

typedef struct plan_out {
  hid_t file;
  int level;
  const char *label;
  flp_error *err;
} plan_out;

static flp_rc nd(const plan_out *o, hid_t g, const char *name, const double *v, int rank,
                 int64_t a, int64_t b, int64_t c) {
  const int64_t dims[3] = {a, b, c};
  return fleet_h5_write_nd(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, rank, dims, o->level,
                           o->label, o->err);
}

static flp_rc attr_columns(hid_t g, const char *dset, const char *const *cols, int n,
                           flp_error *err) {
  hid_t d = H5Dopen2(g, dset, H5P_DEFAULT);
  if (d < 0) return flp_h5_fail(err, FLP_ERR_IO, "cannot reopen %s", dset);
  flp_rc rc = flp_h5_attr_str_vec(d, "columns", cols, n, err);
  H5Dclose(d);
  return rc;
}

static flp_rc write_header(const plan_out *o, const flp_fleet *f, const flp_fleet_lp *lp,
                           const flp_settings *s, const flp_result *res, const char *fleet_label) {
  hid_t F = o->file;
  flp_error *err = o->err;
  flp_rc rc = flp_h5_attr_str(F, "format", PLAN_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "version_major", PLAN_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "version_minor", PLAN_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(F, "writer", "fleetlp " FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(F, "fleet", fleet_label ? fleet_label : "", err);
  if (rc == FLP_OK && f->name) rc = flp_h5_attr_str(F, "fleet_name", f->name, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(F, "status", flp_status_name(res->status), err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "objective", res->primal_obj, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "dual_objective", res->dual_obj, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "relative_primal_residual", res->rel_primal_res, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "relative_dual_residual", res->rel_dual_res, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "relative_gap", res->rel_gap, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "iterations", res->iterations, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "solve_seconds", res->solve_seconds, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "total_seconds", res->total_seconds, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(F, "device", res->device, err);
  if (rc == FLP_OK && s) rc = flp_h5_attr_f64(F, "tolerance", s->tol, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_nodes", f->num_nodes, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_slots", f->num_slots, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_classes", f->num_classes, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_resources", f->num_resources, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_racks", f->num_racks, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "num_datacenters", f->num_datacenters, err);
  if (rc == FLP_OK) {
    double hours = 0;
    for (int32_t t = 0; t < f->num_slots; ++t) hours += f->slot_hours[t];
    rc = flp_h5_attr_f64(F, "horizon_hours", hours, err);
  }
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "lp_rows", lp->problem.num_rows, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "lp_cols", lp->problem.num_cols, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(F, "lp_nonzeros", lp->problem.nnz, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "budget", f->budget, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(F, "carbon_price", f->carbon_price, err);
  return rc;
}

static flp_rc write_names(const plan_out *o, const flp_fleet *f) {
  hid_t g = fleet_h5_group(o->file, "names", o->label, o->err);
  if (g < 0) return FLP_ERR_IO;
  const int level = o->level;
  flp_rc rc = flp_h5_write_strings(g, "nodes", f->node_ids, f->num_nodes, level, o->label, o->err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "racks", f->rack_names, f->num_racks, level, o->label, o->err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "datacenters", f->datacenter_names, f->num_datacenters, level,
                              o->label, o->err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "classes", f->class_names, f->num_classes, level, o->label, o->err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "resources", f->resource_names, f->num_resources, level, o->label,
                              o->err);
  if (rc == FLP_OK)
    rc = flp_h5_write_strings(g, "node_classes", f->node_class_names, f->num_node_classes, level,
                              o->label, o->err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  g = fleet_h5_group(o->file, "nodes", o->label, o->err);
  if (g < 0) return FLP_ERR_IO;
  rc = fleet_h5_write_i32(g, "rack", f->node_rack, f->num_nodes, level, o->label, o->err);
  if (rc == FLP_OK)
    rc = fleet_h5_write_i32(g, "datacenter", f->node_datacenter, f->num_nodes, level, o->label,
                            o->err);
  if (rc == FLP_OK)
    rc = fleet_h5_write_i32(g, "class", f->node_class, f->num_nodes, level, o->label, o->err);
  if (rc == FLP_OK) rc = nd(o, g, "capacity", f->capacity, 2, f->num_nodes, f->num_resources, 0);
  if (rc == FLP_OK)
    rc = nd(o, g, "availability", f->availability, 2, f->num_nodes, f->num_slots, 0);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  if ((g = fleet_h5_group(o->file, "slots", o->label, o->err)) < 0) return FLP_ERR_IO;
  rc = fleet_h5_write_f64(g, "duration", f->slot_hours, f->num_slots, level, o->label, o->err);
  H5Gclose(g);
  return rc;
}

static flp_rc write_results(const plan_out *o, const flp_fleet *f, const flp_fleet_plan *p) {
  const int64_t N = p->num_nodes, T = p->num_slots, K = p->num_classes, R = p->num_resources;
  const int64_t Q = p->num_racks, D = p->num_datacenters, M = p->num_allocations;
  flp_error *err = o->err;
  hid_t g = fleet_h5_group(o->file, "allocations", o->label, err);
  if (g < 0) return FLP_ERR_IO;
  flp_rc rc = fleet_h5_write_i32(g, "class", p->alloc_class, M, o->level, o->label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_i32(g, "node", p->alloc_node, M, o->level, o->label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_i32(g, "slot", p->alloc_slot, M, o->level, o->label, err);
  if (rc == FLP_OK) rc = nd(o, g, "amount", p->alloc_amount, 1, M, 0, 0);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  if ((g = fleet_h5_group(o->file, "utilisation", o->label, err)) < 0) return FLP_ERR_IO;
  rc = nd(o, g, "nodes", p->utilisation, 3, N, T, R);
  if (rc == FLP_OK) rc = nd(o, g, "node_peak", p->node_utilisation, 2, N, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "racks", p->rack_utilisation, 2, Q, T, 0);
  if (rc == FLP_OK && p->rack_power_used) rc = nd(o, g, "rack_power", p->rack_power_used, 2, Q, T, 0);
  if (rc == FLP_OK && p->datacenter_power_used)
    rc = nd(o, g, "datacenter_power", p->datacenter_power_used, 2, D, T, 0);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  if ((g = fleet_h5_group(o->file, "demand", o->label, err)) < 0) return FLP_ERR_IO;
  rc = nd(o, g, "demand", f->demand, 2, K, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "served", p->served, 2, K, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "unserved", p->unserved, 2, K, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "deferred", p->deferred, 2, K, T, 0);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  static const char *const parts[FLP_FLEET_COST_PARTS] = {
      "running", "energy", "carbon", "unserved_penalty", "deferral", "fixed_energy", "fixed_carbon"};
  if ((g = fleet_h5_group(o->file, "costs", o->label, err)) < 0) return FLP_ERR_IO;
  const double totals[FLP_FLEET_COST_PARTS] = {p->cost_running,  p->cost_energy,
                                               p->cost_carbon,   p->cost_unserved,
                                               p->cost_deferral, p->cost_fixed_energy,
                                               p->cost_fixed_carbon};
  rc = flp_h5_attr_f64(g, "total", p->cost_total, err);
  for (int i = 0; i < FLP_FLEET_COST_PARTS && rc == FLP_OK; ++i)
    rc = flp_h5_attr_f64(g, parts[i], totals[i], err);
  if (rc == FLP_OK) rc = nd(o, g, "per_slot", p->cost_per_slot, 2, T, FLP_FLEET_COST_PARTS, 0);
  if (rc == FLP_OK) rc = attr_columns(g, "per_slot", parts, FLP_FLEET_COST_PARTS, err);
  H5Gclose(g);
  return rc;
}

/* Shadow prices, per slot and summed over the horizon (what one more unit of
 * capacity present in every slot it is available is worth). */
static flp_rc write_values(const plan_out *o, const flp_fleet *f, const flp_fleet_plan *p) {
  const int64_t N = p->num_nodes, T = p->num_slots, K = p->num_classes, R = p->num_resources;
  const int64_t Q = p->num_racks, D = p->num_datacenters;
  flp_error *err = o->err;
  hid_t g = fleet_h5_group(o->file, "shadow_prices", o->label, err);
  if (g < 0) return FLP_ERR_IO;
  double *node_h = calloc((size_t)(N * R), sizeof(double));
  double *rp_h = calloc((size_t)Q, sizeof(double));
  double *bw_h = calloc((size_t)Q, sizeof(double));
  double *dp_h = calloc((size_t)D, sizeof(double));
  flp_rc rc = FLP_OK;
  if (!node_h || !rp_h || !bw_h || !dp_h) rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory");
  if (rc == FLP_OK) {
    for (int64_t n = 0; n < N; ++n)
      for (int64_t t = 0; t < T; ++t) {
        double a = f->availability[n * T + t];
        for (int64_t r = 0; r < R; ++r) node_h[n * R + r] += p->value_capacity[(n * T + t) * R + r] * a;
      }
    for (int64_t q = 0; q < Q; ++q)
      for (int64_t t = 0; t < T; ++t) {
        rp_h[q] += p->value_rack_power[q * T + t];
        bw_h[q] += p->value_rack_bandwidth[q * T + t];
      }
    for (int64_t d = 0; d < D; ++d)
      for (int64_t t = 0; t < T; ++t) dp_h[d] += p->value_datacenter_power[d * T + t];
    rc = flp_h5_attr_f64(g, "budget", p->value_budget, err);
  }
  if (rc == FLP_OK) rc = nd(o, g, "capacity", p->value_capacity, 3, N, T, R);
  if (rc == FLP_OK) rc = nd(o, g, "capacity_horizon", node_h, 2, N, R, 0);
  if (rc == FLP_OK) rc = nd(o, g, "rack_power", p->value_rack_power, 2, Q, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "rack_power_horizon", rp_h, 1, Q, 0, 0);
  if (rc == FLP_OK) rc = nd(o, g, "datacenter_power", p->value_datacenter_power, 2, D, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "datacenter_power_horizon", dp_h, 1, D, 0, 0);
  if (rc == FLP_OK) rc = nd(o, g, "rack_bandwidth", p->value_rack_bandwidth, 2, Q, T, 0);
  if (rc == FLP_OK) rc = nd(o, g, "rack_bandwidth_horizon", bw_h, 1, Q, 0, 0);
  if (rc == FLP_OK) rc = nd(o, g, "demand", p->demand_price, 2, K, T, 0);
  free(node_h);
  free(rp_h);
  free(bw_h);
  free(dp_h);
  H5Gclose(g);
  return rc;
}

/* The solution file, built in memory, copied in as /solver (its one writer
 * is io/h5_solution.c; nothing goes to disk beside the plan). */
static flp_rc write_solver(const plan_out *o, const char *path, const flp_fleet_lp *lp,
                           const flp_settings *s, const flp_result *res) {
  unsigned char *image = NULL;
  size_t size = 0;
  flp_rc rc = flp_h5_solution_image(path, &lp->problem, s, res, &image, &size, o->err);
  hid_t src = rc == FLP_OK ? flp_h5_image_open(image, size, path, o->err) : -1;
  if (rc == FLP_OK && src < 0) rc = o->err ? o->err->code : FLP_ERR_INTERNAL;
  if (src >= 0) {
    if (H5Ocopy(src, "/", o->file, "solver", H5P_DEFAULT, H5P_DEFAULT) < 0)
      rc = flp_h5_fail(o->err, FLP_ERR_INTERNAL, "%s: cannot copy the solution into /solver", path);
    H5Fclose(src);
  }
  free(image);
  return rc;
}

typedef struct plan_parts {
  const flp_fleet *f;
  const flp_fleet_lp *lp;
  const flp_fleet_plan *plan;
  const flp_settings *s;
  const flp_result *res;
  const char *fleet_label, *path;
} plan_parts;

static flp_rc write_plan_file(hid_t file, const void *ctx, flp_error *err) {
  const plan_parts *p = ctx;
  plan_out o = {file, FLP_H5_DEFAULT_COMPRESSION, p->path, err};
  flp_rc rc = write_header(&o, p->f, p->lp, p->s, p->res, p->fleet_label);
  if (rc == FLP_OK) rc = write_names(&o, p->f);
  if (rc == FLP_OK) rc = write_results(&o, p->f, p->plan);
  if (rc == FLP_OK) rc = write_values(&o, p->f, p->plan);
  if (rc == FLP_OK) rc = write_solver(&o, p->path, p->lp, p->s, p->res);
  return rc;
}

flp_rc flp_fleet_write_plan(const char *path, const flp_fleet *f, const flp_fleet_lp *lp,
                            const flp_fleet_plan *plan, const flp_settings *s,
                            const flp_result *res, const char *fleet_label, flp_error *err) {
  plan_parts p = {f, lp, plan, s, res, fleet_label, path};
  return flp_h5_write_atomic_checksummed(path, write_plan_file, &p, err);
}
