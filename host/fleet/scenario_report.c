/* `fleetlp report SUMMARY`: the summary across scenarios (scenario_summary.c)
 * as text, costs.svg (cost per scenario) and shadow_prices.svg (the spread of
 * the top shadow prices across the optimal scenarios). */
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

#define TOP_PRICES 12

typedef struct summary_view {
  int64_t K, Q, R, D, optimal, exit_code;
  char fleet[512];
  char **names, **status, **racks, **resources, **datacenters;
  double *cost, *unserved_share, *objective;
  double cost_stats[FLEET_STATS], budget_stats[FLEET_STATS];
  double *cap_stats, *cap_positive, *rack_power_stats, *bw_stats, *dc_stats;
} summary_view;

static void view_free(summary_view *v) {
  flp_free_strings(v->names, v->K);
  flp_free_strings(v->status, v->K);
  flp_free_strings(v->racks, v->Q);
  flp_free_strings(v->resources, v->R);
  flp_free_strings(v->datacenters, v->D);
  free(v->cost);
  free(v->unserved_share);
  free(v->objective);
  free(v->cap_stats);
  free(v->cap_positive);
  free(v->rack_power_stats);
  free(v->bw_stats);
  free(v->dc_stats);
}

static flp_rc read_nd(const flp_h5_in *in, const char *dpath, int rank, int64_t a, int64_t b,
                      int64_t c, double **out, double *into) {
  const int64_t dims[3] = {a, b, c};
  static const char *const what[3] = {"", "", ""};
  size_t n = (size_t)a * (size_t)(rank > 1 ? b : 1) * (size_t)(rank > 2 ? c : 1);
  double *dst = into;
  if (!dst && !(dst = *out = malloc((n ? n : 1) * sizeof *dst)))
    return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: out of memory", in->label);
  return fleet_h5_read_nd(in, dpath, rank, dims, what, dst);
}

static flp_rc root_i64(const flp_h5_in *in, const char *name, int64_t *v) {
  int found = 0;
  flp_rc rc = flp_h5_read_attr_i64(in, in->file, "/", name, v, &found);
  if (rc == FLP_OK && !found)
    rc = flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute %s", in->label, name);
  return rc;
}

static flp_rc read_view(const flp_h5_in *in, void *out) {
  summary_view *v = out;
  int64_t major, minor;
  int found = 0;
  flp_rc rc = flp_h5_check_format(in, SUMMARY_FORMAT, SUMMARY_VERSION_MAJOR, &major, &minor);
  if (rc == FLP_OK) rc = flp_h5_checksum_required(in, SUMMARY_FORMAT, major, minor, 1, 0);
  if (rc == FLP_OK) rc = root_i64(in, "num_scenarios", &v->K);
  if (rc == FLP_OK) rc = root_i64(in, "num_optimal", &v->optimal);
  if (rc == FLP_OK) rc = root_i64(in, "exit_code", &v->exit_code);
  if (rc == FLP_OK)
    rc = flp_h5_read_attr_str(in, in->file, "/", "fleet", v->fleet, sizeof v->fleet, &found);
  if (rc != FLP_OK) return rc;
  if ((v->Q = fleet_h5_length(in, "/names/racks")) < 0 ||
      (v->R = fleet_h5_length(in, "/names/resources")) < 0 ||
      (v->D = fleet_h5_length(in, "/names/datacenters")) < 0)
    return in->err->code;
  const int64_t K = v->K, Q = v->Q, R = v->R, D = v->D, S = FLEET_STATS;
  if ((rc = flp_h5_read_strings(in, "/scenarios/names", K, &v->names)) != FLP_OK ||
      (rc = flp_h5_read_strings(in, "/scenarios/status", K, &v->status)) != FLP_OK ||
      (rc = flp_h5_read_strings(in, "/names/racks", Q, &v->racks)) != FLP_OK ||
      (rc = flp_h5_read_strings(in, "/names/resources", R, &v->resources)) != FLP_OK ||
      (rc = flp_h5_read_strings(in, "/names/datacenters", D, &v->datacenters)) != FLP_OK)
    return rc;
  if ((rc = read_nd(in, "/scenarios/cost", 1, K, 0, 0, &v->cost, NULL)) != FLP_OK ||
      (rc = read_nd(in, "/scenarios/objective", 1, K, 0, 0, &v->objective, NULL)) != FLP_OK ||
      (rc = read_nd(in, "/scenarios/unserved_share", 1, K, 0, 0, &v->unserved_share, NULL)) !=
          FLP_OK ||
      (rc = read_nd(in, "/costs/stats", 1, S, 0, 0, NULL, v->cost_stats)) != FLP_OK ||
      (rc = read_nd(in, "/shadow_prices/budget_stats", 1, S, 0, 0, NULL, v->budget_stats)) !=
          FLP_OK ||
      (rc = read_nd(in, "/shadow_prices/rack_capacity_stats", 3, Q, R, S, &v->cap_stats, NULL)) !=
          FLP_OK ||
      (rc = read_nd(in, "/shadow_prices/rack_capacity_positive", 2, Q, R, 0, &v->cap_positive,
                    NULL)) != FLP_OK ||
      (rc = read_nd(in, "/shadow_prices/rack_power_stats", 2, Q, S, 0, &v->rack_power_stats,
                    NULL)) != FLP_OK ||
      (rc = read_nd(in, "/shadow_prices/rack_bandwidth_stats", 2, Q, S, 0, &v->bw_stats, NULL)) !=
          FLP_OK)
    return rc;
  return read_nd(in, "/shadow_prices/datacenter_power_stats", 2, D, S, 0, &v->dc_stats, NULL);
}

/* ---- text ---------------------------------------------------------------- */

/* One shadow price across scenarios: a rack's resource, power or uplink, a
 * datacenter's power or the budget. */
typedef struct price_item {
  char label[160];
  const double *stats; /* FLEET_STATS */
  double positive;     /* share of optimal scenarios where it is > 0 (NaN: not kept) */
} price_item;

static int by_median_desc(const void *x, const void *y) {
  const price_item *a = x, *b = y;
  double p = a->stats[2], q = b->stats[2];
  if (p != q) return p < q ? 1 : -1;
  if (a->stats[5] != b->stats[5]) return a->stats[5] < b->stats[5] ? 1 : -1;
  return strcmp(a->label, b->label);
}

/* Items whose largest value across scenarios is > 0, best median first. */
static price_item *rank_prices(const summary_view *v, int64_t *count) {
  const int64_t n = v->Q * v->R + 2 * v->Q + v->D + 1;
  price_item *it = calloc((size_t)n, sizeof *it);
  if (!it) return NULL;
  int64_t m = 0;
#define ADD(st, pos, ...)                                           \
  do {                                                              \
    const double *s_ = (st);                                        \
    if (s_[4] > 0) {                                                \
      snprintf(it[m].label, sizeof it[m].label, __VA_ARGS__);       \
      it[m].stats = s_;                                             \
      it[m].positive = (pos);                                       \
      ++m;                                                          \
    }                                                               \
  } while (0)
  for (int64_t q = 0; q < v->Q; ++q) {
    for (int64_t r = 0; r < v->R; ++r)
      ADD(v->cap_stats + (q * v->R + r) * FLEET_STATS, v->cap_positive[q * v->R + r],
          "%s %s (per unit on a node)", v->racks[q], v->resources[r]);
    ADD(v->rack_power_stats + q * FLEET_STATS, NAN, "%s power (per W)", v->racks[q]);
    ADD(v->bw_stats + q * FLEET_STATS, NAN, "%s uplink (per Gb/s)", v->racks[q]);
  }
  for (int64_t d = 0; d < v->D; ++d)
    ADD(v->dc_stats + d * FLEET_STATS, NAN, "%s power (per W)", v->datacenters[d]);
  ADD(v->budget_stats, NAN, "budget (per $)");
#undef ADD
  qsort(it, (size_t)m, sizeof *it, by_median_desc);
  *count = m;
  return it;
}

static void text_sections(report_out *o, const summary_view *v, const price_item *it, int64_t m) {
  const double *c = v->cost_stats;
  flp_report_line(o, "scenarios %lld, %lld optimal; exit code %lld", (long long)v->K, (long long)v->optimal,
       (long long)v->exit_code);
  flp_report_line(o, "cost      min %.6g  P10 %.6g  P50 %.6g  P90 %.6g  max %.6g  mean %.6g", c[0], c[1], c[2],
       c[3], c[4], c[5]);
  flp_report_line(o, "%s", "");
  flp_report_line(o, "  %-28s %-20s %14s %10s", "scenario", "status", "cost", "unserved");
  for (int64_t k = 0; k < v->K; ++k)
    flp_report_line(o, "  %-28.28s %-20.20s %14.6g %9.3f%%", v->names[k], v->status[k], v->cost[k],
         100 * v->unserved_share[k]);
  flp_report_line(o, "%s", "");
  flp_report_line(o, "shadow prices across the optimal scenarios (what one more unit, present in every");
  flp_report_line(o, "slot of the horizon, saves), by median; 'in' = share of scenarios where it binds");
  if (m == 0) flp_report_line(o, "  none: no capacity, power, uplink or budget limit binds in any scenario");
  for (int64_t i = 0; i < m && i < TOP_PRICES; ++i) {
    const double *s = it[i].stats;
    char in[32] = "";
    if (!isnan(it[i].positive)) snprintf(in, sizeof in, "  in %3.0f%%", 100 * it[i].positive);
    flp_report_line(o, "  %2lld. %-40.40s P50 %10.4g  [P10 %10.4g, P90 %10.4g]%s", (long long)(i + 1),
         it[i].label, s[2], s[1], s[3], in);
  }
  flp_report_line(o, "%s", "");
}

/* ---- pictures ------------------------------------------------------------ */
static double nice_max(double v) {
  if (!(v > 0) || !isfinite(v)) return 1;
  double p = pow(10, floor(log10(v)));
  for (int i = 1; i <= 10; ++i)
    if (i * p >= v) return i * p;
  return 10 * p;
}

static flp_rc costs_svg(const char *path, const summary_view *v, flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  const double left = 90, top = 50, plot_h = 320, bw = fmax(4, fmin(40, 900.0 / (double)v->K));
  const double W = left + bw * (double)v->K + 40, H = top + plot_h + 130;
  double hi = 0;
  for (int64_t k = 0; k < v->K; ++k)
    if (isfinite(v->cost[k]) && v->cost[k] > hi) hi = v->cost[k];
  hi = nice_max(hi);
  svg_doc d;
  svg_begin(&d, out.f, W, H);
  svg_text(&d, left, 28, 16, "start", 0, NULL, "Cost per scenario (dashed: P10, P50, P90 of the optimal ones)");
  char label[64];
  for (int i = 0; i <= 4; ++i) {
    double y = top + plot_h - plot_h * i / 4.0;
    svg_line(&d, left, y, left + bw * (double)v->K, y, "#dddddd", 1, NULL);
    snprintf(label, sizeof label, "%.4g", hi * i / 4.0);
    svg_text(&d, left - 6, y + 4, 10, "end", 0, NULL, label);
  }
  for (int64_t k = 0; k < v->K; ++k) {
    double c = v->cost[k];
    int ok = !strcmp(v->status[k], "OPTIMAL");
    if (isfinite(c) && c > 0)
      svg_rect(&d, left + bw * (double)k + 1, top + plot_h * (1 - c / hi), bw - 2, plot_h * c / hi,
               ok ? "#1f77b4" : "#d62728", NULL);
    if (v->K <= 60)
      svg_text(&d, left + bw * ((double)k + 0.5), top + plot_h + 12, 9, "end", -60, NULL,
               v->names[k]);
  }
  for (int i = 1; i <= 3; ++i) {
    double q = v->cost_stats[i];
    if (!isfinite(q)) continue;
    double y = top + plot_h * (1 - q / hi);
    svg_line(&d, left, y, left + bw * (double)v->K, y, "#ff7f0e", 1.2, "5,3");
  }
  svg_rect(&d, left, top, bw * (double)v->K, plot_h, NULL, "#444444");
  svg_text(&d, 18, top + plot_h / 2, 12, "middle", -90, NULL, "cost ($)");
  svg_end(&d);
  return flp_text_out_commit(&out, err);
}

static flp_rc prices_svg(const char *path, const price_item *it, int64_t m, flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  const int64_t n = m < TOP_PRICES ? m : TOP_PRICES;
  const double left = 300, top = 50, row = 26, plot_w = 520;
  const double W = left + plot_w + 40, H = top + row * (double)(n > 0 ? n : 1) + 60;
  double hi = 0;
  for (int64_t i = 0; i < n; ++i) hi = fmax(hi, it[i].stats[4]);
  hi = nice_max(hi);
  svg_doc d;
  svg_begin(&d, out.f, W, H);
  svg_text(&d, 20, 28, 16, "start", 0, NULL,
           "Top shadow prices across scenarios: min-max line, P10-P90 box, P50 tick");
  char label[64];
  const double bottom = top + row * (double)(n > 0 ? n : 1);
  for (int i = 0; i <= 4; ++i) {
    double x = left + plot_w * i / 4.0;
    svg_line(&d, x, top, x, bottom, "#dddddd", 1, NULL);
    snprintf(label, sizeof label, "%.4g", hi * i / 4.0);
    svg_text(&d, x, bottom + 16, 10, "middle", 0, NULL, label);
  }
  if (n == 0) svg_text(&d, left, top + 16, 12, "start", 0, NULL, "no limit binds in any scenario");
  for (int64_t i = 0; i < n; ++i) {
    const double *s = it[i].stats, y = top + row * ((double)i + 0.5);
#define X(v) (left + plot_w * (v) / hi)
    svg_text(&d, left - 8, y + 4, 10, "end", 0, NULL, it[i].label);
    svg_line(&d, X(s[0]), y, X(s[4]), y, "#555555", 1, NULL);
    svg_rect(&d, X(s[1]), y - 7, fmax(1, X(s[3]) - X(s[1])), 14, "#9ecae1", "#1f77b4");
    svg_line(&d, X(s[2]), y - 8, X(s[2]), y + 8, "#d62728", 2, NULL);
#undef X
  }
  svg_text(&d, left + plot_w / 2, bottom + 36, 12, "middle", 0, NULL,
           "$ saved by one more unit over the horizon");
  svg_end(&d);
  return flp_text_out_commit(&out, err);
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

flp_rc flp_fleet_scenario_report(const char *summary_path, const char *out_dir,
                                 flp_message_fn out, void *out_user, flp_error *err) {
  summary_view v;
  memset(&v, 0, sizeof v);
  flp_rc rc = flp_h5_read_file(summary_path, read_view, &v, err);
  if (rc == FLP_OK && out_dir && mkdir(out_dir, 0777) != 0 && errno != EEXIST)
    rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot create folder: %s", out_dir, strerror(errno));
  int64_t m = 0;
  price_item *items = rc == FLP_OK ? rank_prices(&v, &m) : NULL;
  if (rc == FLP_OK && !items) rc = flp_error_set(err, FLP_ERR_NOMEM, "report: out of memory");
  report_out o = {out, out_user, NULL, 0, 0, 0};
  if (rc == FLP_OK) {
    flp_report_line(&o, "fleetlp scenario report: %s", summary_path);
    flp_report_line(&o, "fleet     %s", v.fleet);
    text_sections(&o, &v, items, m);
  }
  if (rc == FLP_OK && out_dir) {
    char costs[4096], prices[4096];
    snprintf(costs, sizeof costs, "%s/costs.svg", out_dir);
    snprintf(prices, sizeof prices, "%s/shadow_prices.svg", out_dir);
    flp_report_line(&o, "files     %s/report.txt, %s, %s", out_dir, costs, prices);
    rc = costs_svg(costs, &v, err);
    if (rc == FLP_OK) rc = prices_svg(prices, items, m, err);
    if (rc == FLP_OK) rc = write_text(out_dir, &o, err);
  }
  if (rc == FLP_OK && o.nomem) rc = flp_error_set(err, FLP_ERR_NOMEM, "report: out of memory");
  free(o.text);
  free(items);
  view_free(&v);
  return rc;
}
