/* The fleet file ("fleetlp-fleet", docs/fleet.md): read with checks, write atomically. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "h5_nd.h"
#include "io_util.h"

/* ---- writing ------------------------------------------------------------- */
static flp_rc write_names_group(hid_t file, const char *group, char **names, int64_t n,
                                const char *label, flp_error *err, hid_t *keep) {
  hid_t g = fleet_h5_group(file, group, label, err);
  if (g < 0) return err ? err->code : FLP_ERR_IO;
  flp_rc rc = flp_h5_write_strings(g, "names", names, n, 0, label, err);
  if (keep && rc == FLP_OK) *keep = g;
  else H5Gclose(g);
  return rc;
}

static flp_rc write_2d(hid_t g, const char *name, const double *v, int64_t a, int64_t b,
                       int level, const char *label, flp_error *err) {
  const int64_t dims[2] = {a, b};
  return fleet_h5_write_nd(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, 2, dims, level, label,
                           err);
}

static int all_infinite(const double *v, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if (v[i] != INFINITY) return 0;
  return 1;
}

flp_rc fleet_h5_write_contents(hid_t file, const flp_fleet *f, int level, const char *label,
                               flp_error *err) {
  const int64_t N = f->num_nodes, T = f->num_slots, K = f->num_classes, R = f->num_resources;
  const int64_t S = f->num_node_classes, Q = f->num_racks, D = f->num_datacenters;
  flp_rc rc = flp_h5_attr_str(file, "format", FLEET_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_major", FLEET_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version_minor", FLEET_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(file, "writer", "fleetlp " FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_f64(file, "carbon_price", f->carbon_price, err);
  if (rc == FLP_OK && f->name) rc = flp_h5_attr_str(file, "name", f->name, err);
  if (rc != FLP_OK) return rc;

  hid_t g = -1;
  rc = write_names_group(file, "resources", f->resource_names, R, label, err, &g);
  if (rc != FLP_OK) return rc;
  if (f->power_resource >= 0)
    rc = flp_h5_attr_str(g, "power", f->resource_names[f->power_resource], err);
  if (rc == FLP_OK && f->bandwidth_resource >= 0)
    rc = flp_h5_attr_str(g, "bandwidth", f->resource_names[f->bandwidth_resource], err);
  H5Gclose(g);
  if (rc == FLP_OK)
    rc = write_names_group(file, "node_classes", f->node_class_names, S, label, err, NULL);
  if (rc == FLP_OK) rc = write_names_group(file, "racks", f->rack_names, Q, label, err, NULL);
  if (rc == FLP_OK)
    rc = write_names_group(file, "datacenters", f->datacenter_names, D, label, err, NULL);
  if (rc != FLP_OK) return rc;

  /* nodes */
  if ((g = fleet_h5_group(file, "nodes", label, err)) < 0) return err ? err->code : FLP_ERR_IO;
  rc = flp_h5_write_strings(g, "id", f->node_ids, N, level, label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_i32(g, "class", f->node_class, N, level, label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_i32(g, "rack", f->node_rack, N, level, label, err);
  if (rc == FLP_OK)
    rc = fleet_h5_write_i32(g, "datacenter", f->node_datacenter, N, level, label, err);
  if (rc == FLP_OK) rc = write_2d(g, "capacity", f->capacity, N, R, level, label, err);
  if (rc == FLP_OK) rc = write_2d(g, "availability", f->availability, N, T, level, label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_f64(g, "running_cost", f->running_cost, N, level, label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_f64(g, "idle_power", f->idle_power, N, level, label, err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  /* slots */
  if ((g = fleet_h5_group(file, "slots", label, err)) < 0) return err ? err->code : FLP_ERR_IO;
  rc = fleet_h5_write_f64(g, "duration", f->slot_hours, T, level, label, err);
  if (rc == FLP_OK) rc = write_2d(g, "energy_price", f->energy_price, D, T, level, label, err);
  if (rc == FLP_OK)
    rc = write_2d(g, "carbon_intensity", f->carbon_intensity, D, T, level, label, err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  /* workload classes */
  if ((g = fleet_h5_group(file, "workloads", label, err)) < 0) return err ? err->code : FLP_ERR_IO;
  rc = flp_h5_write_strings(g, "names", f->class_names, K, 0, label, err);
  if (rc == FLP_OK) rc = write_2d(g, "demand", f->demand, K, T, level, label, err);
  if (rc == FLP_OK) rc = write_2d(g, "needs", f->needs, K, R, level, label, err);
  if (rc == FLP_OK) {
    const int64_t dims[2] = {K, S};
    rc = fleet_h5_write_nd(g, "eligible", H5T_STD_U8LE, H5T_NATIVE_UINT8, f->eligible, 2, dims,
                           level, label, err);
  }
  if (rc == FLP_OK) rc = fleet_h5_write_f64(g, "penalty", f->penalty, K, level, label, err);
  if (rc == FLP_OK)
    rc = fleet_h5_write_i32(g, "defer_window", f->defer_window, K, level, label, err);
  if (rc == FLP_OK) rc = fleet_h5_write_f64(g, "defer_cost", f->defer_cost, K, level, label, err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;

  /* limits: absent datasets mean no limit */
  if ((g = fleet_h5_group(file, "limits", label, err)) < 0) return err ? err->code : FLP_ERR_IO;
  if (f->budget != INFINITY) rc = flp_h5_attr_f64(g, "budget", f->budget, err);
  if (rc == FLP_OK && !all_infinite(f->rack_power, (size_t)(Q * T)))
    rc = write_2d(g, "rack_power", f->rack_power, Q, T, level, label, err);
  if (rc == FLP_OK && !all_infinite(f->datacenter_power, (size_t)(D * T)))
    rc = write_2d(g, "datacenter_power", f->datacenter_power, D, T, level, label, err);
  if (rc == FLP_OK && !all_infinite(f->rack_bandwidth, (size_t)(Q * T)))
    rc = write_2d(g, "rack_bandwidth", f->rack_bandwidth, Q, T, level, label, err);
  H5Gclose(g);
  return rc;
}

typedef struct fleet_out {
  const flp_fleet *f;
  int level;
  const char *label;
} fleet_out;

static flp_rc write_fleet_file(hid_t file, const void *ctx, flp_error *err) {
  const fleet_out *o = ctx;
  return fleet_h5_write_contents(file, o->f, o->level, o->label, err);
}

flp_rc flp_fleet_write_h5(const char *path, const flp_fleet *f, int compression, flp_error *err) {
  flp_rc rc = flp_fleet_validate(f, path, err);
  if (rc != FLP_OK) return rc;
  fleet_out o = {f, compression < 0 ? FLP_H5_DEFAULT_COMPRESSION : compression, path};
  return flp_h5_write_atomic(path, write_fleet_file, &o, err);
}

/* ---- reading ------------------------------------------------------------- */
/* Length of the 1-D dataset that fixes a dimension; must be >= 1. */
static flp_rc dim_from(const flp_h5_in *in, const char *dpath, const char *what, int32_t *out) {
  int64_t n = fleet_h5_length(in, dpath);
  if (n < 0) return in->err->code;
  if (n < 1 || n > INT32_MAX)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: has %lld entries; a fleet needs 1 to %d %s",
                         in->label, dpath, (long long)n, INT32_MAX, what);
  *out = (int32_t)n;
  return FLP_OK;
}

/* The index of the resource named by attribute `attr` of /resources, or -1. */
static flp_rc resource_attr(const flp_h5_in *in, const flp_fleet *f, const char *attr,
                            int32_t *out) {
  *out = -1;
  hid_t g = H5Gopen2(in->file, "/resources", H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /resources: cannot open", in->label);
  char name[256];
  int found = 0;
  flp_rc rc = flp_h5_read_attr_str(in, g, "/resources", attr, name, sizeof name, &found);
  H5Gclose(g);
  if (rc != FLP_OK || !found) return rc;
  for (int32_t r = 0; r < f->num_resources; ++r)
    if (strcmp(f->resource_names[r], name) == 0) *out = r;
  if (*out < 0)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /resources: attribute %s names '%s', which is not in /resources/names",
                         in->label, attr, name);
  return FLP_OK;
}

static flp_rc read_group_attr_f64(const flp_h5_in *in, const char *group, const char *attr,
                                  double *v, int *found) {
  *found = 0;
  if (!flp_h5_exists(in, group)) return FLP_OK;
  hid_t g = H5Gopen2(in->file, group, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: %s: cannot open", in->label, group);
  flp_rc rc = flp_h5_read_attr_f64(in, g, group, attr, v, found);
  H5Gclose(g);
  return rc;
}

static void replace_names(char ***dst, int32_t n, char **src) {
  for (int32_t i = 0; i < n; ++i) free((*dst)[i]);
  free(*dst);
  *dst = src;
}

static flp_rc read_names(const flp_h5_in *in, const char *dpath, int32_t n, char ***dst) {
  char **names = NULL;
  flp_rc rc = flp_h5_read_strings(in, dpath, n, &names);
  if (rc == FLP_OK) replace_names(dst, n, names);
  return rc;
}

/* Optional dataset: absent keeps the defaults already in dst. */
static flp_rc read_optional(const flp_h5_in *in, const char *dpath, int rank, const int64_t *dims,
                            const char *const *what, double *dst) {
  if (!flp_h5_exists(in, dpath)) return FLP_OK;
  return fleet_h5_read_nd(in, dpath, rank, dims, what, dst);
}

static void map_infinity(double *v, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    if (v[i] >= FLP_IO_INFINITY) v[i] = INFINITY;
    else if (v[i] <= -FLP_IO_INFINITY) v[i] = -INFINITY;
  }
}

static flp_rc read_contents(const flp_h5_in *in, void *out) {
  flp_fleet *f = out;
  flp_error *err = in->err;
  int64_t major, minor;
  flp_rc rc = flp_h5_check_format(in, FLEET_FORMAT, FLEET_VERSION_MAJOR, &major, &minor);
  if (rc != FLP_OK) return rc;
  int32_t N = 0, T = 0, K = 0, R = 0, S = 0, Q = 0, D = 0;
  if ((rc = dim_from(in, "/nodes/id", "nodes", &N)) != FLP_OK ||
      (rc = dim_from(in, "/slots/duration", "slots", &T)) != FLP_OK ||
      (rc = dim_from(in, "/workloads/names", "workload classes", &K)) != FLP_OK ||
      (rc = dim_from(in, "/resources/names", "resources", &R)) != FLP_OK ||
      (rc = dim_from(in, "/node_classes/names", "node classes", &S)) != FLP_OK ||
      (rc = dim_from(in, "/racks/names", "racks", &Q)) != FLP_OK ||
      (rc = dim_from(in, "/datacenters/names", "datacenters", &D)) != FLP_OK)
    return rc;
  if ((rc = flp_fleet_alloc(f, N, T, K, R, S, Q, D, err)) != FLP_OK) return rc;
  if ((rc = read_names(in, "/nodes/id", N, &f->node_ids)) != FLP_OK ||
      (rc = read_names(in, "/workloads/names", K, &f->class_names)) != FLP_OK ||
      (rc = read_names(in, "/resources/names", R, &f->resource_names)) != FLP_OK ||
      (rc = read_names(in, "/node_classes/names", S, &f->node_class_names)) != FLP_OK ||
      (rc = read_names(in, "/racks/names", Q, &f->rack_names)) != FLP_OK ||
      (rc = read_names(in, "/datacenters/names", D, &f->datacenter_names)) != FLP_OK)
    return rc;
  char name[512];
  int found = 0;
  if ((rc = flp_h5_read_attr_str(in, in->file, "/", "name", name, sizeof name, &found)) != FLP_OK)
    return rc;
  if (found && !(f->name = strdup(name))) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory");
  if ((rc = flp_h5_read_attr_f64(in, in->file, "/", "carbon_price", &f->carbon_price, &found)) !=
      FLP_OK)
    return rc;
  if ((rc = resource_attr(in, f, "power", &f->power_resource)) != FLP_OK ||
      (rc = resource_attr(in, f, "bandwidth", &f->bandwidth_resource)) != FLP_OK)
    return rc;

  const int64_t nr[2] = {N, R}, nt[2] = {N, T}, n1[1] = {N}, t1[1] = {T}, dt[2] = {D, T};
  const int64_t kt[2] = {K, T}, kr[2] = {K, R}, ks[2] = {K, S}, k1[1] = {K}, qt[2] = {Q, T};
  const char *w_nr[2] = {"nodes", "resources"}, *w_nt[2] = {"nodes", "slots"};
  const char *w_n[1] = {"nodes"}, *w_t[1] = {"slots"}, *w_dt[2] = {"datacenters", "slots"};
  const char *w_kt[2] = {"classes", "slots"}, *w_kr[2] = {"classes", "resources"};
  const char *w_ks[2] = {"classes", "node classes"}, *w_k[1] = {"classes"};
  const char *w_qt[2] = {"racks", "slots"};
  if ((rc = fleet_h5_read_index(in, "/nodes/class", N, 0, S - 1, "node", f->node_ids,
                                f->node_class)) != FLP_OK ||
      (rc = fleet_h5_read_index(in, "/nodes/rack", N, 0, Q - 1, "node", f->node_ids,
                                f->node_rack)) != FLP_OK ||
      (rc = fleet_h5_read_index(in, "/nodes/datacenter", N, 0, D - 1, "node", f->node_ids,
                                f->node_datacenter)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/nodes/capacity", 2, nr, w_nr, f->capacity)) != FLP_OK ||
      (rc = read_optional(in, "/nodes/availability", 2, nt, w_nt, f->availability)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/nodes/running_cost", 1, n1, w_n, f->running_cost)) != FLP_OK ||
      (rc = read_optional(in, "/nodes/idle_power", 1, n1, w_n, f->idle_power)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/slots/duration", 1, t1, w_t, f->slot_hours)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/slots/energy_price", 2, dt, w_dt, f->energy_price)) != FLP_OK ||
      (rc = read_optional(in, "/slots/carbon_intensity", 2, dt, w_dt, f->carbon_intensity)) !=
          FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/workloads/demand", 2, kt, w_kt, f->demand)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/workloads/needs", 2, kr, w_kr, f->needs)) != FLP_OK ||
      (rc = fleet_h5_read_nd(in, "/workloads/penalty", 1, k1, w_k, f->penalty)) != FLP_OK ||
      (rc = read_optional(in, "/workloads/defer_cost", 1, k1, w_k, f->defer_cost)) != FLP_OK ||
      (rc = read_optional(in, "/limits/rack_power", 2, qt, w_qt, f->rack_power)) != FLP_OK ||
      (rc = read_optional(in, "/limits/datacenter_power", 2, dt, w_dt, f->datacenter_power)) !=
          FLP_OK ||
      (rc = read_optional(in, "/limits/rack_bandwidth", 2, qt, w_qt, f->rack_bandwidth)) != FLP_OK)
    return rc;
  if (flp_h5_exists(in, "/workloads/defer_window") &&
      (rc = fleet_h5_read_index(in, "/workloads/defer_window", K, 0, T - 1, "class",
                                f->class_names, f->defer_window)) != FLP_OK)
    return rc;
  /* eligible: 0/1 of any integer, float or bool type */
  double *el = malloc((size_t)K * (size_t)S * sizeof *el);
  if (!el) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  rc = fleet_h5_read_nd(in, "/workloads/eligible", 2, ks, w_ks, el);
  for (int64_t i = 0; rc == FLP_OK && i < (int64_t)K * S; ++i) {
    if (el[i] != 0 && el[i] != 1)
      rc = flp_error_set(err, FLP_ERR_INPUT,
                         "%s: /workloads/eligible: %g at class '%s' node class '%s' (expected 0 or 1)",
                         in->label, el[i], f->class_names[i / S], f->node_class_names[i % S]);
    else
      f->eligible[i] = (uint8_t)el[i];
  }
  free(el);
  if (rc != FLP_OK) return rc;
  double budget = INFINITY;
  if ((rc = read_group_attr_f64(in, "/limits", "budget", &budget, &found)) != FLP_OK) return rc;
  if (found) f->budget = budget >= FLP_IO_INFINITY ? INFINITY : budget;
  map_infinity(f->rack_power, (size_t)Q * (size_t)T);
  map_infinity(f->datacenter_power, (size_t)D * (size_t)T);
  map_infinity(f->rack_bandwidth, (size_t)Q * (size_t)T);
  return FLP_OK;
}

flp_rc flp_fleet_read_h5(const char *path, flp_fleet *out, flp_error *err) {
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_h5_read_file(path, read_contents, out, err);
  if (rc == FLP_OK) rc = flp_fleet_validate(out, path, err);
  if (rc != FLP_OK) flp_fleet_free(out);
  return rc;
}
