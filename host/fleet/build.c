/* Fleet -> LP, straight into CSR: the length of every row is known from the
 * fleet (pairs per class, per node and resource, per rack, per datacenter),
 * so one pass sizes the rows and a second, parallel over rows, fills each in
 * increasing column order. No triplets, no sort; time linear in the nonzeros.
 * The layout is documented in fleetlp.h (flp_fleet_lp) and docs/fleet.md. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

#define AUTO_NAMES_MAX_COLS 200000

/* Nodes grouped by rack or datacenter, ascending within a group. */
typedef struct groups {
  int64_t *ptr; /* G + 1 */
  int32_t *node;
} groups;

static int groups_make(groups *g, const int32_t *of, int32_t N, int32_t G) {
  g->ptr = calloc((size_t)G + 1, sizeof *g->ptr);
  g->node = malloc(((size_t)N + 1) * sizeof *g->node);
  if (!g->ptr || !g->node) return 0;
  for (int32_t n = 0; n < N; ++n) g->ptr[of[n] + 1]++;
  for (int32_t i = 0; i < G; ++i) g->ptr[i + 1] += g->ptr[i];
  int64_t *fill = malloc(((size_t)G + 1) * sizeof *fill);
  if (!fill) return 0;
  memcpy(fill, g->ptr, ((size_t)G + 1) * sizeof *fill);
  for (int32_t n = 0; n < N; ++n) g->node[fill[of[n]]++] = n;
  free(fill);
  return 1;
}

static void groups_free(groups *g) {
  free(g->ptr);
  free(g->node);
}

/* Working state of one build. */
typedef struct builder {
  const flp_fleet *f;
  flp_fleet_lp *lp;
  int32_t N, T, K, R, Q, D;
  int64_t E;
  int64_t *class_ptr;   /* K + 1: pairs of each class (ascending p) */
  int64_t *class_pairs;
  groups racks, dcs;
  double *rack_power_scale, *rack_bw_scale, *dc_power_scale; /* per rack / datacenter */
  double *rack_idle, *dc_idle; /* W, Q x T and D x T (availability applied) */
  double budget_scale;
  /* row kinds in slot-major blocks after demand and capacity */
  int64_t rack_power_begin, dc_power_begin, bandwidth_begin;
} builder;

static void builder_free(builder *b) {
  free(b->class_ptr);
  free(b->class_pairs);
  groups_free(&b->racks);
  groups_free(&b->dcs);
  free(b->rack_power_scale);
  free(b->rack_bw_scale);
  free(b->dc_power_scale);
  free(b->rack_idle);
  free(b->dc_idle);
}

void flp_fleet_lp_free(flp_fleet_lp *lp) {
  if (!lp) return;
  flp_problem_free(&lp->problem);
  free(lp->pair_class);
  free(lp->pair_node);
  free(lp->node_pair_ptr);
  free(lp->pair_running);
  free(lp->pair_kw);
  free(lp->deferrable_index);
  free(lp->capacity_ptr);
  free(lp->capacity_resource);
  free(lp->rack_power_row);
  free(lp->datacenter_power_row);
  free(lp->rack_bandwidth_row);
  free(lp->row_scale);
  memset(lp, 0, sizeof *lp);
}

static double need(const flp_fleet *f, int32_t k, int32_t r) {
  return f->needs[(size_t)k * (size_t)f->num_resources + (size_t)r];
}

static double cap(const flp_fleet *f, int32_t n, int32_t r) {
  return f->capacity[(size_t)n * (size_t)f->num_resources + (size_t)r];
}

#define NOMEM() flp_error_set(err, FLP_ERR_NOMEM, "fleet LP: out of memory")

/* Capacity of resource r on node n that work can use (power: above idle). */
static double usable(const flp_fleet *f, int32_t n, int32_t r) {
  double c = cap(f, n, r);
  return r == f->power_resource ? c - f->idle_power[n] : c;
}

/* Which capacity rows node n gets (keep[r] = 1). A resource gets a row when a
 * class placed on the node needs it, unless another resource's row implies it:
 * every class uses no larger a share of r than of r' (both rows read
 * sum share * x <= availability), so r' binds first. Dropping such rows
 * changes no optimum and only zero duals, and spares PDHG rows that can
 * never bind (a web server's network share next to its cores). Among equal
 * rows the lowest resource index stays. */
static void node_rows(const flp_fleet *f, int32_t n, const int32_t *classes, int32_t count,
                      char *keep) {
  const int32_t R = f->num_resources;
  for (int32_t r = 0; r < R; ++r) {
    keep[r] = 0;
    for (int32_t i = 0; i < count; ++i) keep[r] |= need(f, classes[i], r) > 0;
  }
  for (int32_t r = 0; r < R; ++r) {
    if (!keep[r]) continue;
    for (int32_t o = 0; o < R && keep[r]; ++o) {
      if (o == r || !keep[o]) continue;
      int dominated = 1, strict = 0;
      for (int32_t i = 0; i < count && dominated; ++i) {
        double a = need(f, classes[i], r) / usable(f, n, r);
        double b = need(f, classes[i], o) / usable(f, n, o);
        if (a > b) dominated = 0;
        else if (a < b) strict = 1;
      }
      if (dominated && (strict || o < r)) keep[r] = 0;
    }
  }
}

/* Eligible pairs (node-major), their unit costs, capacity rows per node. */
static flp_rc make_pairs(builder *b, flp_error *err) {
  const flp_fleet *f = b->f;
  flp_fleet_lp *lp = b->lp;
  lp->node_pair_ptr = calloc((size_t)b->N + 1, sizeof *lp->node_pair_ptr);
  lp->capacity_ptr = calloc((size_t)b->N + 1, sizeof *lp->capacity_ptr);
  char *keep = calloc((size_t)b->R, 1);
  int32_t *classes = malloc(((size_t)b->K + 1) * sizeof *classes);
  if (!lp->node_pair_ptr || !lp->capacity_ptr || !keep || !classes) {
    free(keep);
    free(classes);
    return NOMEM();
  }
  for (int32_t n = 0; n < b->N; ++n) {
    int32_t c = 0;
    int64_t rows = 0;
    for (int32_t k = 0; k < b->K; ++k)
      if (fleet_pair_fits(f, k, n)) classes[c++] = k;
    node_rows(f, n, classes, c, keep);
    for (int32_t r = 0; r < b->R; ++r) rows += keep[r];
    lp->node_pair_ptr[n + 1] = lp->node_pair_ptr[n] + c;
    lp->capacity_ptr[n + 1] = lp->capacity_ptr[n] + rows;
  }
  b->E = lp->num_pairs = lp->node_pair_ptr[b->N];
  lp->capacity_per_slot = lp->capacity_ptr[b->N];
  size_t E = (size_t)b->E;
  lp->pair_class = malloc((E + 1) * sizeof *lp->pair_class);
  lp->pair_node = malloc((E + 1) * sizeof *lp->pair_node);
  lp->pair_running = malloc((E + 1) * sizeof *lp->pair_running);
  lp->pair_kw = malloc((E + 1) * sizeof *lp->pair_kw);
  lp->capacity_resource = malloc(((size_t)lp->capacity_per_slot + 1) * sizeof *lp->capacity_resource);
  b->class_ptr = calloc((size_t)b->K + 1, sizeof *b->class_ptr);
  b->class_pairs = malloc((E + 1) * sizeof *b->class_pairs);
  if (!lp->pair_class || !lp->pair_node || !lp->pair_running || !lp->pair_kw ||
      !lp->capacity_resource || !b->class_ptr || !b->class_pairs) {
    free(keep);
    free(classes);
    return NOMEM();
  }
  int64_t p = 0;
  for (int32_t n = 0; n < b->N; ++n) {
    int64_t row = lp->capacity_ptr[n];
    int32_t c = 0;
    for (int32_t k = 0; k < b->K; ++k) {
      if (!fleet_pair_fits(f, k, n)) continue;
      classes[c++] = k;
      lp->pair_class[p] = k;
      lp->pair_node[p] = n;
      lp->pair_running[p] = f->running_cost[n] * fleet_unit_share(f, k, n);
      lp->pair_kw[p] = f->power_resource >= 0 ? need(f, k, f->power_resource) / 1000 : 0;
      b->class_ptr[k + 1]++;
      ++p;
    }
    node_rows(f, n, classes, c, keep);
    for (int32_t r = 0; r < b->R; ++r)
      if (keep[r]) lp->capacity_resource[row++] = r;
  }
  free(keep);
  free(classes);
  for (int32_t k = 0; k < b->K; ++k) b->class_ptr[k + 1] += b->class_ptr[k];
  int64_t *fill = malloc(((size_t)b->K + 1) * sizeof *fill);
  if (!fill) return NOMEM();
  memcpy(fill, b->class_ptr, ((size_t)b->K + 1) * sizeof *fill);
  for (int64_t q = 0; q < b->E; ++q) b->class_pairs[fill[lp->pair_class[q]]++] = q;
  free(fill);
  return FLP_OK;
}

/* Mean of resource r's capacity (power: above idle) over the nodes of group g. */
static double group_scale(const builder *b, const groups *gr, int32_t g, int32_t r) {
  double sum = 0;
  int64_t count = 0;
  for (int64_t i = gr->ptr[g]; i < gr->ptr[g + 1]; ++i) {
    int32_t n = gr->node[i];
    double c = cap(b->f, n, r);
    if (r == b->f->power_resource) c -= b->f->idle_power[n];
    sum += c;
    ++count;
  }
  return count > 0 && sum > 0 ? sum / (double)count : 1.0;
}

static flp_rc make_groups(builder *b, flp_error *err) {
  const flp_fleet *f = b->f;
  if (!groups_make(&b->racks, f->node_rack, b->N, b->Q) ||
      !groups_make(&b->dcs, f->node_datacenter, b->N, b->D))
    return NOMEM();
  b->rack_power_scale = malloc((size_t)b->Q * sizeof(double));
  b->rack_bw_scale = malloc((size_t)b->Q * sizeof(double));
  b->dc_power_scale = malloc((size_t)b->D * sizeof(double));
  b->rack_idle = calloc((size_t)b->Q * (size_t)b->T, sizeof(double));
  b->dc_idle = calloc((size_t)b->D * (size_t)b->T, sizeof(double));
  if (!b->rack_power_scale || !b->rack_bw_scale || !b->dc_power_scale || !b->rack_idle ||
      !b->dc_idle)
    return NOMEM();
  for (int32_t q = 0; q < b->Q; ++q) {
    b->rack_power_scale[q] = f->power_resource >= 0 ? group_scale(b, &b->racks, q, f->power_resource) : 1;
    b->rack_bw_scale[q] =
        f->bandwidth_resource >= 0 ? group_scale(b, &b->racks, q, f->bandwidth_resource) : 1;
  }
  for (int32_t d = 0; d < b->D; ++d)
    b->dc_power_scale[d] = f->power_resource >= 0 ? group_scale(b, &b->dcs, d, f->power_resource) : 1;
  double fixed_energy = 0, fixed_carbon = 0;
  for (int32_t n = 0; n < b->N; ++n)
    for (int32_t t = 0; t < b->T; ++t) {
      double w = f->idle_power[n] * f->availability[(size_t)n * (size_t)b->T + (size_t)t];
      size_t di = (size_t)f->node_datacenter[n] * (size_t)b->T + (size_t)t;
      b->rack_idle[(size_t)f->node_rack[n] * (size_t)b->T + (size_t)t] += w;
      b->dc_idle[di] += w;
      double kwh = w / 1000 * f->slot_hours[t];
      fixed_energy += kwh * f->energy_price[di];
      fixed_carbon += kwh * f->carbon_intensity[di] * f->carbon_price;
    }
  b->lp->fixed_energy_cost = fixed_energy;
  b->lp->fixed_carbon_cost = fixed_carbon;
  return FLP_OK;
}

/* Row index maps for the limit rows: one row per finite limit, slot-major. */
static flp_rc make_limit_rows(builder *b, int64_t *next, flp_error *err) {
  const flp_fleet *f = b->f;
  flp_fleet_lp *lp = b->lp;
  const size_t QT = (size_t)b->Q * (size_t)b->T, DT = (size_t)b->D * (size_t)b->T;
  lp->rack_power_row = malloc((QT + 1) * sizeof(int64_t));
  lp->datacenter_power_row = malloc((DT + 1) * sizeof(int64_t));
  lp->rack_bandwidth_row = malloc((QT + 1) * sizeof(int64_t));
  if (!lp->rack_power_row || !lp->datacenter_power_row || !lp->rack_bandwidth_row) return NOMEM();
  const int power = f->power_resource >= 0, bw = f->bandwidth_resource >= 0;
  b->rack_power_begin = *next;
  for (int32_t t = 0; t < b->T; ++t)
    for (int32_t q = 0; q < b->Q; ++q) {
      size_t i = (size_t)q * (size_t)b->T + (size_t)t;
      lp->rack_power_row[i] = power && isfinite(f->rack_power[i]) ? (*next)++ : -1;
    }
  b->dc_power_begin = *next;
  for (int32_t t = 0; t < b->T; ++t)
    for (int32_t d = 0; d < b->D; ++d) {
      size_t i = (size_t)d * (size_t)b->T + (size_t)t;
      lp->datacenter_power_row[i] = power && isfinite(f->datacenter_power[i]) ? (*next)++ : -1;
    }
  b->bandwidth_begin = *next;
  for (int32_t t = 0; t < b->T; ++t)
    for (int32_t q = 0; q < b->Q; ++q) {
      size_t i = (size_t)q * (size_t)b->T + (size_t)t;
      lp->rack_bandwidth_row[i] = bw && isfinite(f->rack_bandwidth[i]) ? (*next)++ : -1;
    }
  lp->budget_row = isfinite(f->budget) ? (*next)++ : -1;
  return FLP_OK;
}

/* Pairs of the nodes of group g whose class needs resource r. */
static int64_t count_group(const builder *b, const groups *gr, int32_t g, int32_t r) {
  int64_t c = 0;
  for (int64_t i = gr->ptr[g]; i < gr->ptr[g + 1]; ++i) {
    int32_t n = gr->node[i];
    for (int64_t p = b->lp->node_pair_ptr[n]; p < b->lp->node_pair_ptr[n + 1]; ++p)
      c += need(b->f, b->lp->pair_class[p], r) > 0;
  }
  return c;
}

static double budget_coef(const builder *b, int64_t p, int32_t t) {
  const flp_fleet *f = b->f;
  int32_t d = f->node_datacenter[b->lp->pair_node[p]];
  double price = f->energy_price[(size_t)d * (size_t)b->T + (size_t)t];
  return f->slot_hours[t] * (b->lp->pair_running[p] + b->lp->pair_kw[p] * price);
}

/* Row lengths, then the prefix sums, into row_ptr (m + 1). */
static flp_rc size_rows(builder *b, int64_t m, int64_t *row_ptr, flp_error *err) {
  const flp_fleet *f = b->f;
  flp_fleet_lp *lp = b->lp;
  const int32_t T = b->T, K = b->K;
  int64_t *len = row_ptr + 1;
  memset(row_ptr, 0, ((size_t)m + 1) * sizeof *row_ptr);
  for (int32_t t = 0; t < T; ++t)
    for (int32_t k = 0; k < K; ++k) {
      int64_t c = b->class_ptr[k + 1] - b->class_ptr[k] + 1;
      if (lp->deferrable_index[k] >= 0) c += (t > 0) + (t < T - 1);
      len[(int64_t)t * K + k] = c;
    }
  /* capacity rows: the same lengths in every slot */
  const int64_t C = lp->capacity_per_slot;
  for (int32_t n = 0; n < b->N; ++n)
    for (int64_t j = lp->capacity_ptr[n]; j < lp->capacity_ptr[n + 1]; ++j) {
      int32_t r = lp->capacity_resource[j];
      int64_t c = 0;
      for (int64_t p = lp->node_pair_ptr[n]; p < lp->node_pair_ptr[n + 1]; ++p)
        c += need(f, lp->pair_class[p], r) > 0;
      for (int32_t t = 0; t < T; ++t) len[lp->capacity_begin + (int64_t)t * C + j] = c;
    }
  if (f->power_resource >= 0) {
    for (int32_t q = 0; q < b->Q; ++q) {
      int64_t c = count_group(b, &b->racks, q, f->power_resource);
      for (int32_t t = 0; t < T; ++t) {
        int64_t row = lp->rack_power_row[(size_t)q * (size_t)T + (size_t)t];
        if (row >= 0) len[row] = c;
      }
    }
    for (int32_t d = 0; d < b->D; ++d) {
      int64_t c = count_group(b, &b->dcs, d, f->power_resource);
      for (int32_t t = 0; t < T; ++t) {
        int64_t row = lp->datacenter_power_row[(size_t)d * (size_t)T + (size_t)t];
        if (row >= 0) len[row] = c;
      }
    }
  }
  if (f->bandwidth_resource >= 0)
    for (int32_t q = 0; q < b->Q; ++q) {
      int64_t c = count_group(b, &b->racks, q, f->bandwidth_resource);
      for (int32_t t = 0; t < T; ++t) {
        int64_t row = lp->rack_bandwidth_row[(size_t)q * (size_t)T + (size_t)t];
        if (row >= 0) len[row] = c;
      }
    }
  if (lp->budget_row >= 0) {
    int64_t c = 0;
    double sum = 0;
    for (int32_t t = 0; t < T; ++t)
      for (int64_t p = 0; p < b->E; ++p) {
        double v = budget_coef(b, p, t);
        if (v != 0) {
          ++c;
          sum += fabs(v);
        }
      }
    len[lp->budget_row] = c;
    b->budget_scale = c > 0 && sum > 0 ? sum / (double)c : 1.0;
  }
  for (int64_t i = 0; i < m; ++i) row_ptr[i + 1] += row_ptr[i];
  (void)err;
  return FLP_OK;
}

/* ---- filling ------------------------------------------------------------- */
static void fill_demand(const builder *b, int64_t row, flp_problem *P) {
  const flp_fleet_lp *lp = b->lp;
  const int32_t K = b->K, T = b->T;
  const int32_t t = (int32_t)(row / K), k = (int32_t)(row % K);
  int64_t o = P->row_ptr[row];
  const int64_t base = (int64_t)t * b->E;
  for (int64_t i = b->class_ptr[k]; i < b->class_ptr[k + 1]; ++i) {
    P->col_idx[o] = (int32_t)(base + b->class_pairs[i]);
    P->values[o++] = 1.0;
  }
  P->col_idx[o] = (int32_t)(lp->unserved_begin + (int64_t)t * K + k);
  P->values[o++] = 1.0;
  const int32_t j = lp->deferrable_index[k];
  if (j >= 0) {
    if (t > 0) {
      P->col_idx[o] = (int32_t)(lp->backlog_begin + (int64_t)(t - 1) * lp->num_deferrable + j);
      P->values[o++] = -1.0;
    }
    if (t < T - 1) {
      P->col_idx[o] = (int32_t)(lp->backlog_begin + (int64_t)t * lp->num_deferrable + j);
      P->values[o++] = 1.0;
    }
  }
  double d = b->f->demand[(size_t)k * (size_t)T + (size_t)t];
  P->row_lower[row] = P->row_upper[row] = d;
  lp->row_scale[row] = 1.0;
}

static void fill_capacity(const builder *b, int64_t row, int32_t n, int64_t j, int32_t t,
                          flp_problem *P) {
  const flp_fleet *f = b->f;
  const flp_fleet_lp *lp = b->lp;
  const int32_t r = lp->capacity_resource[j];
  const double c = usable(f, n, r), scale = c > 0 ? c : 1.0;
  int64_t o = P->row_ptr[row];
  const int64_t base = (int64_t)t * b->E;
  for (int64_t p = lp->node_pair_ptr[n]; p < lp->node_pair_ptr[n + 1]; ++p) {
    double v = need(f, lp->pair_class[p], r);
    if (v <= 0) continue;
    P->col_idx[o] = (int32_t)(base + p);
    P->values[o++] = v / scale;
  }
  P->row_lower[row] = -INFINITY;
  P->row_upper[row] = fleet_usable_capacity(f, n, r, t) / scale;
  lp->row_scale[row] = scale;
}

/* A limit over the nodes of group g in slot t: sum need_r x <= head room. */
static void fill_group(const builder *b, int64_t row, const groups *gr, int32_t g, int32_t t,
                       int32_t r, double limit, double scale, flp_problem *P) {
  const flp_fleet_lp *lp = b->lp;
  int64_t o = P->row_ptr[row];
  const int64_t base = (int64_t)t * b->E;
  for (int64_t i = gr->ptr[g]; i < gr->ptr[g + 1]; ++i) {
    int32_t n = gr->node[i];
    for (int64_t p = lp->node_pair_ptr[n]; p < lp->node_pair_ptr[n + 1]; ++p) {
      double v = need(b->f, lp->pair_class[p], r);
      if (v <= 0) continue;
      P->col_idx[o] = (int32_t)(base + p);
      P->values[o++] = v / scale;
    }
  }
  P->row_lower[row] = -INFINITY;
  P->row_upper[row] = (limit > 0 ? limit : 0) / scale;
  lp->row_scale[row] = scale;
}

static void fill_budget(const builder *b, flp_problem *P) {
  const flp_fleet_lp *lp = b->lp;
  const int64_t row = lp->budget_row;
  int64_t o = P->row_ptr[row];
  for (int32_t t = 0; t < b->T; ++t)
    for (int64_t p = 0; p < b->E; ++p) {
      double v = budget_coef(b, p, t);
      if (v == 0) continue;
      P->col_idx[o] = (int32_t)((int64_t)t * b->E + p);
      P->values[o++] = v / b->budget_scale;
    }
  P->row_lower[row] = -INFINITY;
  double room = b->f->budget - lp->fixed_energy_cost;
  P->row_upper[row] = (room > 0 ? room : 0) / b->budget_scale;
  lp->row_scale[row] = b->budget_scale;
}

static void fill_rows(const builder *b, flp_problem *P) {
  const flp_fleet *f = b->f;
  const flp_fleet_lp *lp = b->lp;
  const int32_t T = b->T;
  const int64_t demand_rows = (int64_t)b->K * T, C = lp->capacity_per_slot;
#pragma omp parallel
  {
#pragma omp for schedule(dynamic, 256) nowait
    for (int64_t row = 0; row < demand_rows; ++row) fill_demand(b, row, P);
#pragma omp for schedule(dynamic, 64) nowait
    for (int64_t i = 0; i < (int64_t)b->N * T; ++i) {
      int32_t n = (int32_t)(i / T), t = (int32_t)(i % T);
      for (int64_t j = lp->capacity_ptr[n]; j < lp->capacity_ptr[n + 1]; ++j)
        fill_capacity(b, lp->capacity_begin + (int64_t)t * C + j, n, j, t, P);
    }
#pragma omp for schedule(dynamic, 1) nowait
    for (int64_t i = 0; i < (int64_t)b->Q * T; ++i) {
      int32_t q = (int32_t)(i / T), t = (int32_t)(i % T);
      int64_t row = lp->rack_power_row[i];
      if (row >= 0)
        fill_group(b, row, &b->racks, q, t, f->power_resource,
                   f->rack_power[i] - b->rack_idle[i], b->rack_power_scale[q], P);
      row = lp->rack_bandwidth_row[i];
      if (row >= 0)
        fill_group(b, row, &b->racks, q, t, f->bandwidth_resource, f->rack_bandwidth[i],
                   b->rack_bw_scale[q], P);
    }
#pragma omp for schedule(dynamic, 1) nowait
    for (int64_t i = 0; i < (int64_t)b->D * T; ++i) {
      int32_t d = (int32_t)(i / T), t = (int32_t)(i % T);
      int64_t row = lp->datacenter_power_row[i];
      if (row >= 0)
        fill_group(b, row, &b->dcs, d, t, f->power_resource,
                   f->datacenter_power[i] - b->dc_idle[i], b->dc_power_scale[d], P);
    }
#pragma omp single
    if (lp->budget_row >= 0) fill_budget(b, P);
  }
}

static void fill_columns(const builder *b, flp_problem *P) {
  const flp_fleet *f = b->f;
  const flp_fleet_lp *lp = b->lp;
  const int32_t T = b->T, K = b->K;
  const double cp = f->carbon_price;
#pragma omp parallel for schedule(static)
  for (int32_t t = 0; t < T; ++t) {
    const double h = f->slot_hours[t];
    for (int64_t p = 0; p < b->E; ++p) {
      size_t di = (size_t)f->node_datacenter[lp->pair_node[p]] * (size_t)T + (size_t)t;
      int64_t col = (int64_t)t * b->E + p;
      P->obj[col] = h * (lp->pair_running[p] +
                         lp->pair_kw[p] * (f->energy_price[di] + cp * f->carbon_intensity[di]));
      P->col_lower[col] = 0;
      P->col_upper[col] = INFINITY;
    }
    for (int32_t k = 0; k < K; ++k) {
      int64_t col = lp->unserved_begin + (int64_t)t * K + k;
      P->obj[col] = h * f->penalty[k];
      P->col_lower[col] = 0;
      P->col_upper[col] = INFINITY;
    }
    if (t == T - 1) continue;
    for (int32_t k = 0; k < K; ++k) {
      int32_t j = lp->deferrable_index[k];
      if (j < 0) continue;
      int64_t col = lp->backlog_begin + (int64_t)t * lp->num_deferrable + j;
      /* Work still waiting after slot t arrived in the last W slots (FIFO):
       * that is what makes every unit finish within its window. */
      double room = 0;
      int32_t first = t - f->defer_window[k] + 1;
      for (int32_t s = first < 0 ? 0 : first; s <= t; ++s)
        room += f->demand[(size_t)k * (size_t)T + (size_t)s];
      P->obj[col] = f->defer_cost[k];
      P->col_lower[col] = 0;
      P->col_upper[col] = room;
    }
  }
  P->obj_offset = lp->fixed_energy_cost + lp->fixed_carbon_cost;
}

/* ---- names --------------------------------------------------------------- */
static char *fmt_name(const char *fmt, const char *a, const char *b, int t) {
  char buf[256];
  snprintf(buf, sizeof buf, fmt, a, b, t);
  return strdup(buf);
}

static flp_rc make_names(const builder *b, flp_problem *P, flp_error *err) {
  const flp_fleet *f = b->f;
  const flp_fleet_lp *lp = b->lp;
  const int32_t T = b->T, K = b->K;
  P->row_names = calloc((size_t)P->num_rows + 1, sizeof(char *));
  P->col_names = calloc((size_t)P->num_cols + 1, sizeof(char *));
  if (!P->row_names || !P->col_names) return NOMEM();
  for (int32_t t = 0; t < T; ++t) {
    for (int64_t p = 0; p < b->E; ++p)
      P->col_names[(int64_t)t * b->E + p] = fmt_name(
          "x_%s_%s_%d", f->class_names[lp->pair_class[p]], f->node_ids[lp->pair_node[p]], t);
    for (int32_t k = 0; k < K; ++k) {
      P->col_names[lp->unserved_begin + (int64_t)t * K + k] =
          fmt_name("unserved_%s%s_%d", f->class_names[k], "", t);
      P->row_names[(int64_t)t * K + k] = fmt_name("demand_%s%s_%d", f->class_names[k], "", t);
      int32_t j = lp->deferrable_index[k];
      if (j >= 0 && t < T - 1)
        P->col_names[lp->backlog_begin + (int64_t)t * lp->num_deferrable + j] =
            fmt_name("backlog_%s%s_%d", f->class_names[k], "", t);
    }
    for (int32_t n = 0; n < b->N; ++n)
      for (int64_t j = lp->capacity_ptr[n]; j < lp->capacity_ptr[n + 1]; ++j)
        P->row_names[lp->capacity_begin + (int64_t)t * lp->capacity_per_slot + j] =
            fmt_name("cap_%s_%s_%d", f->node_ids[n], f->resource_names[lp->capacity_resource[j]], t);
    for (int32_t q = 0; q < b->Q; ++q) {
      int64_t r1 = lp->rack_power_row[(size_t)q * (size_t)T + (size_t)t];
      int64_t r2 = lp->rack_bandwidth_row[(size_t)q * (size_t)T + (size_t)t];
      if (r1 >= 0) P->row_names[r1] = fmt_name("rackpower_%s%s_%d", f->rack_names[q], "", t);
      if (r2 >= 0) P->row_names[r2] = fmt_name("uplink_%s%s_%d", f->rack_names[q], "", t);
    }
    for (int32_t d = 0; d < b->D; ++d) {
      int64_t r1 = lp->datacenter_power_row[(size_t)d * (size_t)T + (size_t)t];
      if (r1 >= 0) P->row_names[r1] = fmt_name("dcpower_%s%s_%d", f->datacenter_names[d], "", t);
    }
  }
  if (lp->budget_row >= 0) P->row_names[lp->budget_row] = strdup("budget");
  for (int64_t i = 0; i < P->num_rows; ++i)
    if (!P->row_names[i]) return NOMEM();
  for (int64_t j = 0; j < P->num_cols; ++j)
    if (!P->col_names[j]) return NOMEM();
  return FLP_OK;
}

flp_rc flp_fleet_build(const flp_fleet *f, flp_fleet_names names, flp_fleet_lp *out,
                       flp_error *err) {
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_fleet_validate(f, f->name ? f->name : "fleet", err);
  if (rc != FLP_OK) return rc;
  builder b;
  memset(&b, 0, sizeof b);
  b.f = f;
  b.lp = out;
  b.N = f->num_nodes;
  b.T = f->num_slots;
  b.K = f->num_classes;
  b.R = f->num_resources;
  b.Q = f->num_racks;
  b.D = f->num_datacenters;
  out->num_nodes = b.N;
  out->num_slots = b.T;
  out->num_classes = b.K;
  out->num_resources = b.R;
  int64_t *row_ptr = NULL;
  if ((rc = make_pairs(&b, err)) != FLP_OK || (rc = make_groups(&b, err)) != FLP_OK) goto fail;
  out->deferrable_index = malloc((size_t)b.K * sizeof *out->deferrable_index);
  if (!out->deferrable_index) {
    rc = NOMEM();
    goto fail;
  }
  for (int32_t k = 0; k < b.K; ++k)
    out->deferrable_index[k] = f->defer_window[k] > 0 && b.T > 1 ? out->num_deferrable++ : -1;
  /* columns */
  out->unserved_begin = b.E * b.T;
  out->backlog_begin = out->unserved_begin + (int64_t)b.K * b.T;
  const int64_t n = out->backlog_begin + (int64_t)out->num_deferrable * (b.T - 1);
  /* rows */
  out->capacity_begin = (int64_t)b.K * b.T;
  int64_t m = out->capacity_begin + out->capacity_per_slot * b.T;
  if ((rc = make_limit_rows(&b, &m, err)) != FLP_OK) goto fail;
  if (n > INT32_MAX || m > INT32_MAX) {
    rc = flp_error_set(err, FLP_ERR_INPUT,
                       "fleet LP: %lld rows and %lld columns exceed the solver's 32-bit indices; "
                       "plan fewer nodes, slots or classes at once",
                       (long long)m, (long long)n);
    goto fail;
  }
  row_ptr = malloc(((size_t)m + 1) * sizeof *row_ptr);
  if (!row_ptr) {
    rc = NOMEM();
    goto fail;
  }
  if ((rc = size_rows(&b, m, row_ptr, err)) != FLP_OK) goto fail;
  if ((rc = flp_problem_alloc(&out->problem, (int32_t)m, (int32_t)n, row_ptr[m], err)) != FLP_OK)
    goto fail;
  free(out->problem.row_ptr);
  out->problem.row_ptr = row_ptr;
  row_ptr = NULL;
  out->row_scale = malloc(((size_t)m + 1) * sizeof *out->row_scale);
  if (!out->row_scale) {
    rc = NOMEM();
    goto fail;
  }
  fill_rows(&b, &out->problem);
  fill_columns(&b, &out->problem);
  out->problem.name = strdup(f->name ? f->name : "fleet");
  out->problem.obj_name = strdup("cost");
  if (!out->problem.name || !out->problem.obj_name) {
    rc = NOMEM();
    goto fail;
  }
  if (names == FLP_FLEET_NAMES_ON || (names == FLP_FLEET_NAMES_AUTO && n <= AUTO_NAMES_MAX_COLS))
    if ((rc = make_names(&b, &out->problem, err)) != FLP_OK) goto fail;
  /* Each input is finite, but ratios of them need not be (a need of 1e300
   * over a capacity of 1e-9): refuse the fleet rather than hand on an LP the
   * solver would refuse with a less telling message (found by fuzzing). */
  flp_error why = {0};
  if (flp_problem_validate(&out->problem, "fleet LP", &why) != FLP_OK) {
    rc = flp_error_set(err, FLP_ERR_INPUT, "%s: %s (the fleet's numbers span too many orders of "
                       "magnitude)", f->name ? f->name : "fleet", why.msg);
    goto fail;
  }
  builder_free(&b);
  return FLP_OK;
fail:
  free(row_ptr);
  builder_free(&b);
  flp_fleet_lp_free(out);
  return rc;
}
