/* Random sparse LPs built around a chosen KKT point (see kkt_gen.h).
 *
 * Every value is k * 2^e with k of at most 8 bits and |e| small, so sums of
 * products stay far inside the 53-bit mantissa: the generated KKT conditions
 * hold exactly, and a test may compare with ==. */
#include "kkt_gen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a small deterministic PRNG (splitmix64) ------------------------------ */
typedef struct rng_t {
  uint64_t s;
} rng_t;

static uint64_t rng_u64(rng_t *g) {
  uint64_t z = (g->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}
static double rng_unit(rng_t *g) { return (double)(rng_u64(g) >> 11) * 0x1.0p-53; }
/* Uniform in 0..n-1 (modulo bias is irrelevant for n this small). */
static int32_t rng_below(rng_t *g, int32_t n) { return (int32_t)(rng_u64(g) % (uint64_t)n); }
static double rng_sign(rng_t *g) { return (rng_u64(g) >> 63) ? -1.0 : 1.0; }
/* k / 16 with k in 1..kmax: a positive multiplier, gap or magnitude. */
static double rng_pos16(rng_t *g, int32_t kmax) { return (double)(1 + rng_below(g, kmax)) / 16.0; }

/* ---- triplets ------------------------------------------------------------- */
typedef struct trip_t {
  int32_t *i, *j;
  double *v;
  int64_t n, cap;
} trip_t;

static int trip_push(trip_t *t, int32_t i, int32_t j, double v) {
  if (t->n == t->cap) {
    int64_t cap = t->cap ? 2 * t->cap : 1024;
    int32_t *ni = realloc(t->i, (size_t)cap * sizeof *ni);
    if (ni) t->i = ni;
    int32_t *nj = realloc(t->j, (size_t)cap * sizeof *nj);
    if (nj) t->j = nj;
    double *nv = realloc(t->v, (size_t)cap * sizeof *nv);
    if (nv) t->v = nv;
    if (!ni || !nj || !nv) return -1;
    t->cap = cap;
  }
  t->i[t->n] = i;
  t->j[t->n] = j;
  t->v[t->n] = v;
  t->n++;
  return 0;
}

static void trip_free(trip_t *t) {
  free(t->i);
  free(t->j);
  free(t->v);
}

void kkt_options_default(kkt_options *o, int32_t rows, int32_t cols, uint64_t seed) {
  memset(o, 0, sizeof *o);
  o->rows = rows;
  o->cols = cols;
  o->seed = seed;
  o->density = cols > 0 ? (8.0 / cols < 1.0 ? 8.0 / cols : 1.0) : 0.0; /* ~8 per row */
  o->coef_exponent = 3;
  o->free_rows = 1;
  o->kind = KKT_OPTIMAL;
}

void kkt_certificate_free(kkt_certificate *c) {
  if (!c) return;
  free(c->x);
  free(c->y);
  free(c->r);
  free(c->dual_ray);
  free(c->primal_ray);
  memset(c, 0, sizeof *c);
}

enum { COL_FREE, COL_LOWER, COL_UPPER, COL_BOXED, COL_FIXED };
enum { ROW_EQ, ROW_LOWER, ROW_UPPER, ROW_RANGED, ROW_FREE };

/* Column j: bound kind, x*, r* and bounds consistent with complementarity. */
static void make_column(rng_t *g, double *x, double *r, double *lo, double *hi) {
  double u = rng_unit(g);
  int kind = u < 0.10 ? COL_FREE : u < 0.45 ? COL_LOWER : u < 0.60 ? COL_UPPER : u < 0.90 ? COL_BOXED : COL_FIXED;
  double v = (double)(rng_below(g, 512) - 256) / 16.0;
  double gap = rng_unit(g) < 0.2 ? 0.0 : rng_pos16(g, 127); /* 0: degenerate */
  double rc = rng_pos16(g, 255);
  int side = rng_below(g, 3); /* 0 at lower (r > 0), 1 at upper (r < 0), 2 inside (r = 0) */
  *x = v;
  *lo = -INFINITY;
  *hi = INFINITY;
  *r = 0.0;
  switch (kind) {
  case COL_FREE: break;
  case COL_LOWER:
    if (side == 0) *lo = v, *r = rc;
    else *lo = v - gap;
    break;
  case COL_UPPER:
    if (side == 1) *hi = v, *r = -rc;
    else *hi = v + gap;
    break;
  case COL_BOXED:
    if (side == 0) *lo = v, *hi = v + rng_pos16(g, 127), *r = rc;
    else if (side == 1) *hi = v, *lo = v - rng_pos16(g, 127), *r = -rc;
    else *lo = v - gap, *hi = v + rng_pos16(g, 127);
    break;
  default: /* fixed: any reduced cost */
    *lo = *hi = v;
    *r = side == 2 ? 0.0 : rng_sign(g) * rc;
    break;
  }
}

/* Row i with activity a: kind, y* and sides. */
static void make_row(rng_t *g, int free_rows, double a, double *y, double *lo, double *hi) {
  double u = rng_unit(g);
  int kind = u < 0.20 ? ROW_EQ : u < 0.50 ? ROW_LOWER : u < 0.75 ? ROW_UPPER : u < 0.95 ? ROW_RANGED : ROW_FREE;
  if (kind == ROW_FREE && !free_rows) kind = ROW_LOWER;
  double mag = rng_pos16(g, 255);
  double gap = rng_unit(g) < 0.2 ? 0.0 : rng_pos16(g, 127);
  int active = rng_unit(g) < 0.6;
  *lo = -INFINITY;
  *hi = INFINITY;
  *y = 0.0;
  switch (kind) {
  case ROW_EQ:
    *lo = *hi = a;
    *y = active ? rng_sign(g) * mag : 0.0;
    break;
  case ROW_LOWER:
    if (active) *lo = a, *y = mag;
    else *lo = a - gap;
    break;
  case ROW_UPPER:
    if (active) *hi = a, *y = -mag;
    else *hi = a + gap;
    break;
  case ROW_RANGED:
    if (!active) *lo = a - gap, *hi = a + rng_pos16(g, 127);
    else if (rng_u64(g) & 1) *lo = a, *hi = a + rng_pos16(g, 127), *y = mag;
    else *hi = a, *lo = a - rng_pos16(g, 127), *y = -mag;
    break;
  default: break; /* free row: y = 0 */
  }
}

/* The extra row of KKT_INFEASIBLE_FARKAS: minus a combination w of up to three
 * rows (w_i > 0 on a finite lower side, w_i < 0 on a finite upper side) whose
 * lower side is beyond what those rows allow: for feasible x,
 * sum w_i a_i x >= B, so the new row a x = -sum w_i a_i x <= -B < bound. */
static int add_farkas_row(rng_t *g, int32_t m, int32_t n, trip_t *t, double *rl, double *ru,
                          double *w, double *dense) {
  int32_t picked[3], np = 0, start = rng_below(g, m);
  for (int pass = 0; pass < 2 && np == 0; ++pass) {
    for (int32_t s = 0; s < m && np < 3; ++s) {
      int32_t i = (start + s) % m;
      if ((isfinite(rl[i]) || isfinite(ru[i])) && (pass == 1 || rng_unit(g) < 0.5)) picked[np++] = i;
    }
  }
  if (np == 0) return 0;
  memset(dense, 0, (size_t)n * sizeof *dense);
  double bound = 1.0 + (double)rng_below(g, 8) / 4.0; /* the contradiction margin */
  for (int q = 0; q < np; ++q) {
    int32_t i = picked[q];
    int lower = isfinite(rl[i]) && (!isfinite(ru[i]) || (rng_u64(g) & 1));
    w[i] = (lower ? 1.0 : -1.0) * (double)(1 + rng_below(g, 8)) / 4.0;
    bound -= w[i] * (lower ? rl[i] : ru[i]);
  }
  int64_t base_n = t->n;
  for (int64_t k = 0; k < base_n; ++k)
    if (w[t->i[k]] != 0.0) dense[t->j[k]] -= w[t->i[k]] * t->v[k];
  for (int32_t j = 0; j < n; ++j)
    if (dense[j] != 0.0 && trip_push(t, m, j, dense[j])) return -1;
  w[m] = 1.0;
  rl[m] = bound;
  ru[m] = INFINITY;
  return np;
}

/* The extra column of KKT_UNBOUNDED, completing a ray d (d_q = 1) with c'd < 0. */
static int add_ray_column(rng_t *g, int32_t m, int32_t n, trip_t *t, const double *rl,
                          const double *ru, double *cl, double *cu, double *c, double *d,
                          double *dense) {
  int32_t start = rng_below(g, n), np = 0;
  for (int32_t s = 0; s < n && np < 3; ++s) {
    int32_t j = (start + s) % n;
    if (cu[j] == INFINITY && rng_unit(g) < 0.5) {
      double mag = (double)(1 + rng_below(g, 8)) / 4.0;
      d[j] = cl[j] == -INFINITY ? rng_sign(g) * mag : mag;
      np++;
    }
  }
  memset(dense, 0, (size_t)m * sizeof *dense);
  int64_t base_n = t->n;
  for (int64_t k = 0; k < base_n; ++k)
    if (d[t->j[k]] != 0.0) dense[t->i[k]] += t->v[k] * d[t->j[k]];
  double cd = 0.0;
  for (int32_t j = 0; j < n; ++j) cd += c[j] * d[j];
  int entries = 0;
  for (int32_t i = 0; i < m; ++i) {
    double a = -dense[i]; /* makes (A d)_i = 0 */
    int lower_only = isfinite(rl[i]) && ru[i] == INFINITY;
    int upper_only = rl[i] == -INFINITY && isfinite(ru[i]);
    int free_row = rl[i] == -INFINITY && ru[i] == INFINITY;
    if ((lower_only || upper_only || free_row) && rng_unit(g) < 0.3) {
      double slack = (double)(1 + rng_below(g, 8)) / 4.0; /* (A d)_i moves into the open side */
      a += upper_only ? -slack : slack;
    }
    if (a != 0.0) {
      if (trip_push(t, i, n, a)) return -1;
      entries++;
    }
  }
  d[n] = 1.0;
  cl[n] = 0.0;
  cu[n] = INFINITY;
  c[n] = -cd - (1.0 + (double)rng_below(g, 8) / 4.0);
  return entries;
}

static char *dup_name(const char *prefix, long k) {
  char buf[32];
  if (k < 0) snprintf(buf, sizeof buf, "%s", prefix); /* no number */
  else snprintf(buf, sizeof buf, "%s%ld", prefix, k);
  char *s = malloc(strlen(buf) + 1);
  if (s) strcpy(s, buf);
  return s;
}

flp_rc kkt_generate(const kkt_options *o, flp_problem *p, kkt_certificate *cert, flp_error *err) {
  memset(p, 0, sizeof *p);
  if (cert) memset(cert, 0, sizeof *cert);
  if (o->rows < 1 || o->cols < 1 || !(o->density >= 0.0) || o->coef_exponent < 0 ||
      o->coef_exponent > 8)
    return flp_error_set(err, FLP_ERR_INPUT, "kkt_generate: bad options (%d x %d, density %g)",
                         (int)o->rows, (int)o->cols, o->density);
  rng_t g = {o->seed * 0x2545F4914F6CDD1Dull + 1};
  const int32_t m = o->rows, n = o->cols;
  const int32_t mm = m + (o->kind == KKT_INFEASIBLE_FARKAS ? 1 : o->kind == KKT_INFEASIBLE_PAIR ? 2 : 0);
  const int32_t nn = n + (o->kind == KKT_UNBOUNDED ? 1 : 0);
  const int32_t big = mm > nn ? mm : nn;
  flp_rc rc = FLP_ERR_NOMEM;
  trip_t t = {0};
  kkt_certificate k = {0};
  k.num_rows = mm;
  k.num_cols = nn;
  k.x = calloc((size_t)nn, sizeof(double));
  k.r = calloc((size_t)nn, sizeof(double));
  k.y = calloc((size_t)mm, sizeof(double));
  k.dual_ray = calloc((size_t)mm, sizeof(double));
  k.primal_ray = calloc((size_t)nn, sizeof(double));
  double *cl = malloc((size_t)nn * sizeof(double)), *cu = malloc((size_t)nn * sizeof(double));
  double *rl = malloc((size_t)mm * sizeof(double)), *ru = malloc((size_t)mm * sizeof(double));
  double *c = calloc((size_t)nn, sizeof(double)), *act = calloc((size_t)mm, sizeof(double));
  double *dense = calloc((size_t)big, sizeof(double));
  int32_t *force_row = malloc((size_t)n * sizeof(int32_t));
  if (!k.x || !k.r || !k.y || !k.dual_ray || !k.primal_ray || !cl || !cu || !rl || !ru || !c ||
      !act || !dense || !force_row)
    goto done;

  /* A: each entry with probability density, plus one forced entry per column
   * (in a random row) and per row (in a random column). */
  for (int32_t j = 0; j < n; ++j) force_row[j] = rng_below(&g, m);
  for (int32_t i = 0; i < m; ++i) {
    int32_t force_col = rng_below(&g, n);
    for (int32_t j = 0; j < n; ++j) {
      if (!(rng_unit(&g) < o->density || force_row[j] == i || force_col == j)) continue;
      int e = rng_below(&g, 2 * o->coef_exponent + 1) - o->coef_exponent;
      double v = rng_sign(&g) * ldexp((double)(1 + rng_below(&g, 15)), e);
      if (trip_push(&t, i, j, v)) goto done;
    }
  }
  for (int32_t j = 0; j < n; ++j) make_column(&g, &k.x[j], &k.r[j], &cl[j], &cu[j]);
  for (int64_t q = 0; q < t.n; ++q) act[t.i[q]] += t.v[q] * k.x[t.j[q]];
  for (int32_t i = 0; i < m; ++i) make_row(&g, o->free_rows && i > 0, act[i], &k.y[i], &rl[i], &ru[i]);
  for (int32_t j = 0; j < n; ++j) c[j] = k.r[j];
  for (int64_t q = 0; q < t.n; ++q) c[t.j[q]] += t.v[q] * k.y[t.i[q]];
  double offset = (double)(rng_below(&g, 2001) - 1000) / 8.0;

  if (o->kind == KKT_INFEASIBLE_FARKAS) {
    int got = add_farkas_row(&g, m, n, &t, rl, ru, k.dual_ray, dense);
    if (got == 0) { /* cannot happen: row 0 is never free */
      rc = flp_error_set(err, FLP_ERR_INTERNAL, "kkt_generate: no row with a finite side");
      goto done;
    }
    if (got < 0) goto done;
  } else if (o->kind == KKT_INFEASIBLE_PAIR) {
    int32_t cnt = 2 + rng_below(&g, 3), start = rng_below(&g, n);
    double sum = 0.0;
    for (int32_t q = 0; q < cnt && q < n; ++q) {
      int32_t j = (start + q) % n;
      if (trip_push(&t, m, j, 1.0) || trip_push(&t, m + 1, j, 1.0)) goto done;
      sum += k.x[j];
    }
    rl[m] = sum + 1.0, ru[m] = INFINITY;
    rl[m + 1] = -INFINITY, ru[m + 1] = sum;
    k.dual_ray[m] = 1.0, k.dual_ray[m + 1] = -1.0;
  } else if (o->kind == KKT_UNBOUNDED) {
    if (add_ray_column(&g, m, n, &t, rl, ru, cl, cu, c, k.primal_ray, dense) < 0) goto done;
    k.x[n] = 0.0;
  }

  k.min_objective = offset;
  for (int32_t j = 0; j < nn; ++j) k.min_objective += c[j] * k.x[j];
  k.objective = o->maximize ? -k.min_objective : k.min_objective;

  rc = flp_problem_alloc(p, mm, nn, t.n, err);
  if (rc != FLP_OK) goto done;
  rc = FLP_ERR_NOMEM;
  for (int64_t q = 0; q < t.n; ++q) p->row_ptr[t.i[q] + 1]++;
  for (int32_t i = 0; i < mm; ++i) p->row_ptr[i + 1] += p->row_ptr[i];
  for (int64_t q = 0; q < t.n; ++q) { /* stable: keeps column order within a row */
    int64_t at = p->row_ptr[t.i[q]]++;
    p->col_idx[at] = t.j[q];
    p->values[at] = t.v[q];
  }
  for (int32_t i = mm; i > 0; --i) p->row_ptr[i] = p->row_ptr[i - 1];
  p->row_ptr[0] = 0;
  memcpy(p->obj, c, (size_t)nn * sizeof(double));
  memcpy(p->col_lower, cl, (size_t)nn * sizeof(double));
  memcpy(p->col_upper, cu, (size_t)nn * sizeof(double));
  memcpy(p->row_lower, rl, (size_t)mm * sizeof(double));
  memcpy(p->row_upper, ru, (size_t)mm * sizeof(double));
  p->obj_offset = offset;
  p->objective_sense = o->maximize ? -1 : 1;
  p->row_names = calloc((size_t)mm, sizeof(char *));
  p->col_names = calloc((size_t)nn, sizeof(char *));
  p->name = dup_name("kkt", (long)(o->seed % 1000000));
  p->obj_name = dup_name("OBJ", -1);
  if (!p->row_names || !p->col_names || !p->name || !p->obj_name) goto done;
  for (int32_t i = 0; i < mm; ++i)
    if (!(p->row_names[i] = dup_name("R", i))) goto done;
  for (int32_t j = 0; j < nn; ++j)
    if (!(p->col_names[j] = dup_name("C", j))) goto done;
  rc = FLP_OK;

done:
  if (rc == FLP_ERR_NOMEM) flp_error_set(err, rc, "kkt_generate: out of memory");
  if (rc != FLP_OK) {
    flp_problem_free(p);
    kkt_certificate_free(&k);
  } else if (cert) {
    *cert = k;
  } else {
    kkt_certificate_free(&k);
  }
  trip_free(&t);
  free(cl), free(cu), free(rl), free(ru), free(c), free(act), free(dense), free(force_row);
  return rc;
}
