/* Fleet capacity planning, internal to the library: helpers shared by the
 * files in host/fleet (the public API is the fleet section of fleetlp.h).
 *
 *   fleet_model.c   flp_fleet alloc / free / validate
 *   fleet_h5.c      the fleet file ("fleetlp-fleet"): read with checks, write
 *   h5_nd.c/.h      N-D datasets (the io/ helpers are 1-D only)
 *   generate.c      synthetic fleets (own PRNG, deterministic per seed)
 *   build.c         fleet -> LP in CSR
 *   plan.c          LP solution -> plan (allocations, utilisation, costs, shadow prices)
 *   plan_h5.c       the plan file ("fleetlp-plan"): write, read back for the report
 *   report.c        text summary of a plan
 *   svg.c           a small SVG writer and the two plots
 *   fleet_copy.c    a deep copy of a fleet
 *   scenarios.c     scenarios: alloc / free / validate / apply to a fleet copy
 *   scenarios_h5.c  the /scenarios group of the fleet file
 *   scenarios_gen.c synthetic scenarios (forecast spread, price path, outages)
 *   scenarios_build.c  fleet + scenarios -> base LP + flp_scenarios (one A)
 *   scenario_summary.c the summary across scenarios (HDF5 + CSV)
 *   scenario_report.c  its report (text, cost and shadow-price SVGs) */
#ifndef FLEETLP_FLEET_H
#define FLEETLP_FLEET_H

#include <stdint.h>
#include <stdio.h>

#include "fleetlp_fleet.h"

#define FLEET_FORMAT "fleetlp-fleet"
#define FLEET_VERSION_MAJOR 1
#define FLEET_VERSION_MINOR 0
#define PLAN_FORMAT "fleetlp-plan"
#define PLAN_VERSION_MAJOR 1
#define PLAN_VERSION_MINOR 1 /* 1: checksum table (io/h5_checksum.h) */

/* ---- PRNG: splitmix64-seeded xoshiro256**, one state per user (no globals) */
typedef struct fleet_rng {
  uint64_t s[4];
} fleet_rng;

void fleet_rng_seed(fleet_rng *r, uint64_t seed);
uint64_t fleet_rng_next(fleet_rng *r);
double fleet_rng_uniform(fleet_rng *r);                 /* [0, 1) */
double fleet_rng_range(fleet_rng *r, double lo, double hi); /* [lo, hi) */
int32_t fleet_rng_below(fleet_rng *r, int32_t n);       /* [0, n) */
double fleet_rng_normal(fleet_rng *r);                  /* N(0, 1) */

#define SUMMARY_FORMAT "fleetlp-scenario-summary"
#define SUMMARY_VERSION_MAJOR 1
#define SUMMARY_VERSION_MINOR 0
/* Statistics across scenarios, in this order (the summary's "columns"). */
#define FLEET_STATS 6 /* min, p10, p50, p90, max, mean */

/* The FLEET_STATS of v[0..n) (NaN where n == 0), quantiles interpolated
 * linearly between order statistics (numpy's default); v is reordered. */
void fleet_stats(double *v, int64_t n, double out[FLEET_STATS]);

/* ---- model helpers ------------------------------------------------------- */
/* 1 when class k may be placed on node n: eligible for the node's class and
 * every resource the class needs is present on the node (power: above idle). */
int fleet_pair_fits(const flp_fleet *f, int32_t k, int32_t n);
/* Fraction of node n that one unit of class k occupies (its dominant share
 * over the resources other than power and bandwidth); the running cost of a
 * unit is running_cost[n] * share. */
double fleet_unit_share(const flp_fleet *f, int32_t k, int32_t n);
/* Capacity of resource r on node n usable by work in slot t (power: minus idle). */
double fleet_usable_capacity(const flp_fleet *f, int32_t n, int32_t r, int32_t t);

/* ---- SVG (svg.c) --------------------------------------------------------- */
typedef struct svg_doc {
  FILE *f;
  double width, height;
} svg_doc;

int svg_begin(svg_doc *d, FILE *f, double width, double height);
void svg_end(svg_doc *d);
void svg_rect(svg_doc *d, double x, double y, double w, double h, const char *fill,
              const char *stroke);
void svg_line(svg_doc *d, double x1, double y1, double x2, double y2, const char *stroke,
              double width, const char *dash);
/* anchor: "start", "middle" or "end"; rotate in degrees about (x, y). */
void svg_text(svg_doc *d, double x, double y, double size, const char *anchor, double rotate,
              const char *fill, const char *text);
/* Polyline through n points; points with a NaN coordinate break the line. */
void svg_polyline(svg_doc *d, const double *xs, const double *ys, int64_t n, const char *stroke,
                  double width, const char *dash);
/* Colour of v in [0, 1] on a perceptually ordered scale (dark blue -> yellow) as "#rrggbb". */
void svg_scale_colour(double v, char out[8]);

/* Heatmap of values[rows x cols] (row-major, in [0, 1]; NaN drawn grey). */
typedef struct svg_heatmap {
  const double *values;
  int32_t rows, cols;
  const char *title, *row_label, *col_label;
  char *const *row_names; /* optional: rows labels (drawn when few) */
} svg_heatmap;
flp_rc svg_write_heatmap(const char *path, const svg_heatmap *h, flp_error *err);

/* Convergence curve: series over iterations on a log-scale y axis. */
typedef struct svg_series {
  const char *label, *colour;
  const double *ys;
} svg_series;
typedef struct svg_curve {
  const double *xs;
  int64_t n;
  const svg_series *series;
  int num_series;
  double reference; /* drawn as a dashed horizontal line when > 0 (the tolerance) */
  const char *title, *x_label, *y_label;
} svg_curve;
flp_rc svg_write_log_curve(const char *path, const svg_curve *c, flp_error *err);

#endif
