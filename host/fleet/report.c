/* `fleetlp report`: a plan file -> a text summary and two SVG pictures. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fleet.h"
#include "h5_checksum.h"
#include "h5_nd.h"
#include "io_util.h"
#include "report_text.h"

#define TOP_ADDITIONS 10
#define TOP_LIMITS 5
#define HEATMAP_MAX_ROWS 160

/* Everything the report reads from the plan file. */
typedef struct plan_view {
  int64_t N, T, K, R, Q, D, iterations, lp_rows, lp_cols, lp_nnz;
  double objective, dual_objective, rel_pres, rel_dres, rel_gap, solve_seconds, tolerance;
  double horizon_hours, budget, value_budget;
  double cost[8]; /* total, then the parts */
  char status[64], device[128], fleet[512], fleet_name[256];
  char **nodes, **racks, **classes, **resources;
  double *capacity, *availability; /* N x R, N x T */
  double *slot_hours, *util_nodes, *util_racks, *demand, *served, *unserved, *deferred;
  double *demand_price, *value_node_h, *value_rack_power_h, *value_dc_power_h, *value_bw_h;
  char **datacenters;
  double *history;
  int64_t history_rows;
} plan_view;

static void view_free(plan_view *v) {
  flp_free_strings(v->nodes, v->N);
  flp_free_strings(v->racks, v->Q);
  flp_free_strings(v->classes, v->K);
  flp_free_strings(v->resources, v->R);
  flp_free_strings(v->datacenters, v->D);
  free(v->capacity);
  free(v->availability);
  free(v->slot_hours);
  free(v->util_nodes);
  free(v->util_racks);
  free(v->demand);
  free(v->served);
  free(v->unserved);
  free(v->deferred);
  free(v->demand_price);
  free(v->value_node_h);
  free(v->value_rack_power_h);
  free(v->value_dc_power_h);
  free(v->value_bw_h);
  free(v->history);
}

static flp_rc root_i64(const flp_h5_in *in, const char *name, int64_t *v) {
  int found = 0;
  flp_rc rc = flp_h5_read_attr_i64(in, in->file, "/", name, v, &found);
  if (rc == FLP_OK && !found)
    rc = flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute %s", in->label, name);
  return rc;
}

static flp_rc root_f64(const flp_h5_in *in, const char *name, double *v) {
  int found = 0;
  *v = NAN;
  return flp_h5_read_attr_f64(in, in->file, "/", name, v, &found);
}

static flp_rc read_array(const flp_h5_in *in, const char *dpath, int rank, int64_t a, int64_t b,
                         double **out) {
  const int64_t dims[3] = {a, b, 1};
  static const char *const what[3] = {"", "", ""};
  size_t n = (size_t)a * (size_t)(rank > 1 ? b : 1);
  *out = malloc((n ? n : 1) * sizeof **out);
  if (!*out) return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  return fleet_h5_read_nd(in, dpath, rank, dims, what, *out);
}

static flp_rc read_view(const flp_h5_in *in, void *out) {
  plan_view *v = out;
  int64_t major, minor;
  flp_rc rc = flp_h5_check_format(in, PLAN_FORMAT, PLAN_VERSION_MAJOR, &major, &minor);
  if (rc == FLP_OK) rc = flp_h5_checksum_required(in, PLAN_FORMAT, major, minor, 1, 1);
  if (rc == FLP_OK) rc = root_i64(in, "num_nodes", &v->N);
  if (rc == FLP_OK) rc = root_i64(in, "num_slots", &v->T);
  if (rc == FLP_OK) rc = root_i64(in, "num_classes", &v->K);
  if (rc == FLP_OK) rc = root_i64(in, "num_resources", &v->R);
  if (rc == FLP_OK) rc = root_i64(in, "num_racks", &v->Q);
  if (rc == FLP_OK) rc = root_i64(in, "num_datacenters", &v->D);
  if (rc == FLP_OK) rc = root_i64(in, "iterations", &v->iterations);
  if (rc == FLP_OK) rc = root_i64(in, "lp_rows", &v->lp_rows);
  if (rc == FLP_OK) rc = root_i64(in, "lp_cols", &v->lp_cols);
  if (rc == FLP_OK) rc = root_i64(in, "lp_nonzeros", &v->lp_nnz);
  if (rc != FLP_OK) return rc;
  if (v->N < 1 || v->T < 1 || v->K < 1 || v->R < 1 || v->Q < 1 || v->D < 1)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: dimensions must be >= 1", in->label);
  root_f64(in, "objective", &v->objective);
  root_f64(in, "dual_objective", &v->dual_objective);
  root_f64(in, "relative_primal_residual", &v->rel_pres);
  root_f64(in, "relative_dual_residual", &v->rel_dres);
  root_f64(in, "relative_gap", &v->rel_gap);
  root_f64(in, "solve_seconds", &v->solve_seconds);
  root_f64(in, "tolerance", &v->tolerance);
  root_f64(in, "horizon_hours", &v->horizon_hours);
  root_f64(in, "budget", &v->budget);
  int found;
  flp_h5_read_attr_str(in, in->file, "/", "status", v->status, sizeof v->status, &found);
  flp_h5_read_attr_str(in, in->file, "/", "device", v->device, sizeof v->device, &found);
  flp_h5_read_attr_str(in, in->file, "/", "fleet", v->fleet, sizeof v->fleet, &found);
  flp_h5_read_attr_str(in, in->file, "/", "fleet_name", v->fleet_name, sizeof v->fleet_name, &found);
  static const char *const parts[8] = {"total",    "running",      "energy",      "carbon",
                                       "unserved_penalty", "deferral", "fixed_energy",
                                       "fixed_carbon"};
  hid_t g = H5Gopen2(in->file, "/costs", H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /costs: missing group", in->label);
  for (int i = 0; i < 8 && rc == FLP_OK; ++i) {
    v->cost[i] = NAN;
    rc = flp_h5_read_attr_f64(in, g, "/costs", parts[i], &v->cost[i], &found);
  }
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  g = H5Gopen2(in->file, "/shadow_prices", H5P_DEFAULT);
  if (g < 0)
    return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /shadow_prices: missing group", in->label);
  rc = flp_h5_read_attr_f64(in, g, "/shadow_prices", "budget", &v->value_budget, &found);
  H5Gclose(g);
  if (rc == FLP_OK) rc = flp_h5_read_strings(in, "/names/nodes", v->N, &v->nodes);
  if (rc == FLP_OK) rc = flp_h5_read_strings(in, "/names/racks", v->Q, &v->racks);
  if (rc == FLP_OK) rc = flp_h5_read_strings(in, "/names/classes", v->K, &v->classes);
  if (rc == FLP_OK) rc = flp_h5_read_strings(in, "/names/resources", v->R, &v->resources);
  if (rc == FLP_OK) rc = flp_h5_read_strings(in, "/names/datacenters", v->D, &v->datacenters);
  if (rc == FLP_OK) rc = read_array(in, "/slots/duration", 1, v->T, 0, &v->slot_hours);
  if (rc == FLP_OK) rc = read_array(in, "/nodes/capacity", 2, v->N, v->R, &v->capacity);
  if (rc == FLP_OK) rc = read_array(in, "/nodes/availability", 2, v->N, v->T, &v->availability);
  if (rc == FLP_OK) {
    const int64_t dims[3] = {v->N, v->T, v->R};
    static const char *const what[3] = {"nodes", "slots", "resources"};
    v->util_nodes = malloc((size_t)(v->N * v->T * v->R) * sizeof(double));
    if (!v->util_nodes) rc = flp_error_set(in->err, FLP_ERR_NOMEM, "out of memory");
    else rc = fleet_h5_read_nd(in, "/utilisation/nodes", 3, dims, what, v->util_nodes);
  }
  if (rc == FLP_OK) rc = read_array(in, "/utilisation/racks", 2, v->Q, v->T, &v->util_racks);
  if (rc == FLP_OK) rc = read_array(in, "/demand/demand", 2, v->K, v->T, &v->demand);
  if (rc == FLP_OK) rc = read_array(in, "/demand/served", 2, v->K, v->T, &v->served);
  if (rc == FLP_OK) rc = read_array(in, "/demand/unserved", 2, v->K, v->T, &v->unserved);
  if (rc == FLP_OK) rc = read_array(in, "/demand/deferred", 2, v->K, v->T, &v->deferred);
  if (rc == FLP_OK) rc = read_array(in, "/shadow_prices/demand", 2, v->K, v->T, &v->demand_price);
  if (rc == FLP_OK)
    rc = read_array(in, "/shadow_prices/capacity_horizon", 2, v->N, v->R, &v->value_node_h);
  if (rc == FLP_OK)
    rc = read_array(in, "/shadow_prices/rack_power_horizon", 1, v->Q, 0, &v->value_rack_power_h);
  if (rc == FLP_OK)
    rc = read_array(in, "/shadow_prices/datacenter_power_horizon", 1, v->D, 0, &v->value_dc_power_h);
  if (rc == FLP_OK)
    rc = read_array(in, "/shadow_prices/rack_bandwidth_horizon", 1, v->Q, 0, &v->value_bw_h);
  if (rc == FLP_OK && flp_h5_exists(in, "/solver/history")) {
    int rank;
    int64_t dims[3];
    rc = fleet_h5_shape(in, "/solver/history", &rank, dims);
    if (rc == FLP_OK && rank == 2 && dims[1] == 10) {
      v->history_rows = dims[0];
      rc = read_array(in, "/solver/history", 2, dims[0], 10, &v->history);
    }
  }
  return rc;
}

/* ---- text ---------------------------------------------------------------- */
static void money(double v, char *buf, size_t cap) {
  double a = fabs(v);
  if (a >= 1e6) snprintf(buf, cap, "%.4g M", v / 1e6);
  else snprintf(buf, cap, "%.2f", v);
}

static void cost_section(report_out *o, const plan_view *v) {
  static const char *const labels[7] = {"running (load)",  "energy (load)",  "carbon (load)",
                                        "unserved penalty", "deferral",      "energy (idle)",
                                        "carbon (idle)"};
  char buf[64];
  flp_report_line(o, "cost over the horizon (%.4g h)", v->horizon_hours);
  for (int i = 0; i < 7; ++i) {
    money(v->cost[i + 1], buf, sizeof buf);
    double share = v->cost[0] != 0 ? 100 * v->cost[i + 1] / v->cost[0] : 0;
    flp_report_line(o, "  %-18s %16s  %5.1f%%", labels[i], buf, share);
  }
  money(v->cost[0], buf, sizeof buf);
  flp_report_line(o, "  %-18s %16s", "total", buf);
  if (isfinite(v->budget)) {
    char b[64];
    money(v->budget, b, sizeof b);
    money(v->cost[1] + v->cost[2] + v->cost[6], buf, sizeof buf);
    flp_report_line(o, "  budget %s, spent %s (running + energy)", b, buf);
  }
  flp_report_line(o, "%s", "");
}

static void demand_section(report_out *o, const plan_view *v) {
  flp_report_line(o, "demand (unit-hours)");
  flp_report_line(o, "  %-16s %14s %14s %14s %8s %12s", "class", "demand", "served", "unserved", "unserved",
       "deferred");
  double tot_d = 0, tot_u = 0;
  for (int64_t k = 0; k < v->K; ++k) {
    double d = 0, s = 0, u = 0, b = 0;
    for (int64_t t = 0; t < v->T; ++t) {
      double h = v->slot_hours[t];
      d += v->demand[k * v->T + t] * h;
      s += v->served[k * v->T + t] * h;
      u += fmax(0, v->unserved[k * v->T + t]) * h;
      b += fmax(0, v->deferred[k * v->T + t]) * h;
    }
    tot_d += d;
    tot_u += u;
    flp_report_line(o, "  %-16.16s %14.2f %14.2f %14.2f %7.2f%% %12.2f", v->classes[k], d, s, u,
         d > 0 ? 100 * u / d : 0.0, b);
  }
  flp_report_line(o, "  unserved in total: %.2f of %.2f unit-hours (%.2f%%)", tot_u, tot_d,
       tot_d > 0 ? 100 * tot_u / tot_d : 0.0);
  flp_report_line(o, "%s", "");
}

/* Per resource: used over available capacity across the fleet, the busiest
 * node-slot, and how many node-slots run above 90% (of nodes that have it). */
static void utilisation_section(report_out *o, const plan_view *v) {
  flp_report_line(o, "utilisation (of the nodes that have the resource)");
  flp_report_line(o, "  %-12s %8s %8s  %-28s %10s", "resource", "mean", "peak", "peak at (node, slot)",
       "above 90%");
  for (int64_t r = 0; r < v->R; ++r) {
    double used = 0, avail = 0, peak = -1;
    int64_t count = 0, high = 0, at_n = 0, at_t = 0;
    for (int64_t n = 0; n < v->N; ++n) {
      double cap = v->capacity[n * v->R + r];
      if (!(cap > 0)) continue;
      for (int64_t t = 0; t < v->T; ++t) {
        double u = v->util_nodes[(n * v->T + t) * v->R + r], a = v->availability[n * v->T + t];
        if (!(a > 0) || isnan(u)) continue;
        used += u * cap;
        avail += a * cap;
        ++count;
        high += u > 0.9 * a;
        if (u > peak) peak = u, at_n = n, at_t = t;
      }
    }
    if (count == 0) {
      flp_report_line(o, "  %-12.12s no node has it", v->resources[r]);
      continue;
    }
    char where[160];
    snprintf(where, sizeof where, "%.20s, %lld", v->nodes[at_n], (long long)at_t);
    flp_report_line(o, "  %-12.12s %7.1f%% %7.1f%%  %-28s %9.1f%%", v->resources[r],
         avail > 0 ? 100 * used / avail : 0.0, 100 * fmax(peak, 0), where, 100.0 * high / count);
  }
  flp_report_line(o, "%s", "");
}

typedef struct ranked {
  double value;
  int64_t a, b;
} ranked;

static int by_value_desc(const void *x, const void *y) {
  const ranked *p = x, *q = y;
  if (p->value != q->value) return p->value < q->value ? 1 : -1;
  if (p->a != q->a) return p->a < q->a ? -1 : 1;
  return p->b < q->b ? -1 : (p->b > q->b);
}

/* The best `keep` of n values (value > 0) by a partial selection. */
static int64_t top(const double *vals, int64_t n, int64_t inner, ranked *out, int64_t keep) {
  int64_t m = 0;
  for (int64_t i = 0; i < n; ++i) {
    double v = vals[i];
    if (!(v > 0)) continue;
    ranked c = {v, i / inner, i % inner};
    if (m < keep) out[m++] = c;
    else if (by_value_desc(&c, &out[m - 1]) < 0) out[m - 1] = c;
    else continue;
    for (int64_t j = m - 1; j > 0 && by_value_desc(&out[j], &out[j - 1]) < 0; --j) {
      ranked t = out[j];
      out[j] = out[j - 1];
      out[j - 1] = t;
    }
  }
  return m;
}

static void values_section(report_out *o, const plan_view *v) {
  ranked best[TOP_ADDITIONS];
  flp_report_line(o, "most valuable capacity additions (shadow prices: what one more unit, present in");
  flp_report_line(o, "every slot of the horizon, would save)");
  int64_t m = top(v->value_node_h, v->N * v->R, v->R, best, TOP_ADDITIONS);
  if (m == 0) flp_report_line(o, "  none: no node capacity limits the plan");
  for (int64_t i = 0; i < m; ++i)
    flp_report_line(o, "  %2lld. one more %-10.10s on node %-24.24s saves %12.4g", (long long)(i + 1),
         v->resources[best[i].b], v->nodes[best[i].a], best[i].value);
  struct {
    const char *what, *unit;
    const double *vals;
    int64_t n;
    char **names;
  } limits[3] = {{"rack power", "W", v->value_rack_power_h, v->Q, v->racks},
                 {"datacenter power", "W", v->value_dc_power_h, v->D, v->datacenters},
                 {"rack uplink", "Gb/s", v->value_bw_h, v->Q, v->racks}};
  for (int l = 0; l < 3; ++l) {
    m = top(limits[l].vals, limits[l].n, 1, best, TOP_LIMITS);
    for (int64_t i = 0; i < m; ++i)
      flp_report_line(o, "      one more %s of %s in %-16.16s saves %12.4g", limits[l].unit, limits[l].what,
           limits[l].names[best[i].a], best[i].value);
  }
  if (isfinite(v->budget))
    flp_report_line(o, "      one more $ of budget saves %.4g", v->value_budget);
  flp_report_line(o, "%s", "");
}

/* ---- pictures ------------------------------------------------------------ */
static flp_rc heatmap(const char *dir, const plan_view *v, flp_error *err) {
  int64_t rows = v->Q <= HEATMAP_MAX_ROWS ? v->Q : HEATMAP_MAX_ROWS;
  double *binned = malloc((size_t)(rows * v->T) * sizeof *binned);
  int64_t *count = calloc((size_t)(rows * v->T), sizeof *count);
  if (!binned || !count) {
    free(binned);
    free(count);
    return flp_error_set(err, FLP_ERR_NOMEM, "report: out of memory");
  }
  for (int64_t i = 0; i < rows * v->T; ++i) binned[i] = 0;
  for (int64_t q = 0; q < v->Q; ++q) {
    int64_t r = q * rows / v->Q;
    for (int64_t t = 0; t < v->T; ++t) {
      double u = v->util_racks[q * v->T + t];
      if (isnan(u)) continue;
      binned[r * v->T + t] += u;
      count[r * v->T + t]++;
    }
  }
  for (int64_t i = 0; i < rows * v->T; ++i) binned[i] = count[i] ? binned[i] / count[i] : NAN;
  char title[256], rl[64], path[4096];
  snprintf(title, sizeof title, "Rack utilisation (mean of each node's busiest resource)%s",
           rows < v->Q ? ", racks binned" : "");
  snprintf(rl, sizeof rl, rows < v->Q ? "racks (%lld per row)" : "rack",
           (long long)((v->Q + rows - 1) / rows));
  snprintf(path, sizeof path, "%s/utilisation.svg", dir);
  svg_heatmap h = {binned, (int32_t)rows, (int32_t)v->T, title, rl, "slot",
                   rows == v->Q ? v->racks : NULL};
  flp_rc rc = svg_write_heatmap(path, &h, err);
  free(binned);
  free(count);
  return rc;
}

static flp_rc convergence(const char *dir, const plan_view *v, flp_error *err) {
  int64_t n = v->history_rows;
  double *cols = malloc((size_t)(4 * (n > 0 ? n : 1)) * sizeof *cols);
  if (!cols) return flp_error_set(err, FLP_ERR_NOMEM, "report: out of memory");
  for (int64_t i = 0; i < n; ++i) {
    const double *row = v->history + i * 10;
    cols[i] = row[0];
    cols[n + i] = row[4];
    cols[2 * n + i] = row[5];
    cols[3 * n + i] = row[6];
  }
  svg_series s[3] = {{"relative primal residual", "#d62728", cols + n},
                     {"relative dual residual", "#1f77b4", cols + 2 * n},
                     {"relative gap", "#2ca02c", cols + 3 * n}};
  char title[256], path[4096];
  snprintf(title, sizeof title, "Convergence: %s after %lld iterations", v->status,
           (long long)v->iterations);
  snprintf(path, sizeof path, "%s/convergence.svg", dir);
  svg_curve c = {cols, n, s, 3, v->tolerance, title, "iteration", "relative error (log scale)"};
  flp_rc rc = svg_write_log_curve(path, &c, err);
  free(cols);
  return rc;
}

static flp_rc write_text(const char *dir, const report_out *o, flp_error *err) {
  char path[4096];
  snprintf(path, sizeof path, "%s/report.txt", dir);
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  if (o->len) fwrite(o->text, 1, o->len, out.f);
  return flp_text_out_commit(&out, err);
}

flp_rc flp_fleet_report(const char *plan_path, const char *out_dir, flp_message_fn out,
                        void *out_user, flp_error *err) {
  plan_view v;
  memset(&v, 0, sizeof v);
  flp_rc rc = flp_h5_read_file(plan_path, read_view, &v, err);
  if (rc != FLP_OK) {
    view_free(&v);
    return rc;
  }
  if (out_dir && mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot create folder: %s", out_dir, strerror(errno));
    view_free(&v);
    return rc;
  }
  report_out o = {out, out_user, NULL, 0, 0, 0};
  flp_report_line(&o, "fleetlp plan report: %s", plan_path);
  flp_report_line(&o, "fleet     %s%s%s%s: %lld nodes, %lld racks, %lld datacenters, %lld workload classes, "
           "%lld slots",
       v.fleet, v.fleet_name[0] ? " (" : "", v.fleet_name, v.fleet_name[0] ? ")" : "",
       (long long)v.N, (long long)v.Q, (long long)v.D, (long long)v.K, (long long)v.T);
  flp_report_line(&o, "LP        %lld rows, %lld columns, %lld nonzeros", (long long)v.lp_rows,
       (long long)v.lp_cols, (long long)v.lp_nnz);
  flp_report_line(&o, "solver    %s after %lld iterations, %.3f s on %s", v.status, (long long)v.iterations,
       v.solve_seconds, v.device);
  flp_report_line(&o, "accuracy  relative primal residual %.2e, dual residual %.2e, gap %.2e (tolerance %.0e)",
       v.rel_pres, v.rel_dres, v.rel_gap, v.tolerance);
  flp_report_line(&o, "objective %.10g (dual bound %.10g)", v.objective, v.dual_objective);
  flp_report_line(&o, "%s", "");
  cost_section(&o, &v);
  demand_section(&o, &v);
  utilisation_section(&o, &v);
  values_section(&o, &v);
  if (out_dir) {
    flp_report_line(&o, "files     %s/report.txt, %s/utilisation.svg, %s/convergence.svg", out_dir, out_dir,
         out_dir);
    rc = heatmap(out_dir, &v, err);
    if (rc == FLP_OK) rc = convergence(out_dir, &v, err);
    if (rc == FLP_OK) rc = write_text(out_dir, &o, err);
  }
  if (rc == FLP_OK && o.nomem) rc = flp_error_set(err, FLP_ERR_NOMEM, "report: out of memory");
  free(o.text);
  view_free(&v);
  return rc;
}
