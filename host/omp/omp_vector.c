/* OpenMP backend: vector storage and element-wise operations.
 *
 * Element-wise loops may see aliased arguments (vec_mul(v, v) squares v), so
 * they do not promise restrict; the compiler versions them for overlap. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "omp_internal.h"

flp_rc flp_omp_vec_alloc(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err) {
  if (!ctx || !out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_alloc: NULL argument");
  *out = NULL;
  if (n < 0) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_alloc: negative length %lld",
                                  (long long)n);
  flp_vec *v = malloc(sizeof *v);
  double *data = flp_omp_alloc(n, sizeof *data);
  if (!v || !data) {
    free(v);
    flp_omp_free(data);
    return flp_error_set(err, FLP_ERR_NOMEM, "cpu: out of memory allocating a vector of %lld doubles",
                         (long long)n);
  }
  /* Zeroed by the threads that will later work on each block (first touch). */
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
  for (int64_t i = 0; i < n; ++i) data[i] = 0.0;
  v->n = n;
  v->data = data;
  *out = v;
  return FLP_OK;
}

void flp_omp_vec_free(flp_backend_ctx *ctx, flp_vec *v) {
  (void)ctx;
  if (!v) return;
  flp_omp_free(v->data);
  free(v);
}

int64_t flp_omp_vec_len(const flp_vec *v) { return v ? v->n : 0; }

static void copy_doubles(const flp_backend_ctx *ctx, double *restrict dst,
                         const double *restrict src, int64_t n) {
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  if (nb == 1) {
    memcpy(dst, src, (size_t)n * sizeof *dst);
    return;
  }
#pragma omp parallel num_threads(nb)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    int64_t lo = flp_omp_split(n, nb, b), hi = flp_omp_split(n, nb, b + 1);
    memcpy(dst + lo, src + lo, (size_t)(hi - lo) * sizeof *dst);
  }
}

flp_rc flp_omp_vec_upload(flp_backend_ctx *ctx, flp_vec *dst, const double *src, flp_error *err) {
  if (!ctx || !dst) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_upload: NULL argument");
  if (dst->n == 0) return FLP_OK;
  if (!src) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_upload: source is NULL");
  copy_doubles(ctx, dst->data, src, dst->n);
  return FLP_OK;
}

flp_rc flp_omp_vec_download(flp_backend_ctx *ctx, const flp_vec *src, double *dst,
                            flp_error *err) {
  if (!ctx || !src) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_download: NULL argument");
  if (src->n == 0) return FLP_OK;
  if (!dst) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_download: destination is NULL");
  copy_doubles(ctx, dst, src->data, src->n);
  return FLP_OK;
}

flp_rc flp_omp_vec_copy(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src, flp_error *err) {
  if (!ctx || !dst) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_copy: NULL argument");
  flp_rc rc = flp_omp_check_vec("vec_copy", "source", src, dst->n, err);
  if (rc != FLP_OK) return rc;
  if (dst != src) copy_doubles(ctx, dst->data, src->data, dst->n);
  return FLP_OK;
}

flp_rc flp_omp_vec_fill(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err) {
  if (!ctx || !dst) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_fill: NULL argument");
  double *d = dst->data;
  int64_t n = dst->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
  for (int64_t i = 0; i < n; ++i) d[i] = value;
  return FLP_OK;
}

flp_rc flp_omp_axpby(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                     flp_error *err) {
  if (!ctx || !y) return flp_error_set(err, FLP_ERR_INPUT, "cpu: axpby: NULL argument");
  flp_rc rc = flp_omp_check_vec("axpby", "x", x, y->n, err);
  if (rc != FLP_OK) return rc;
  const double *xd = x->data;
  double *yd = y->data;
  int64_t n = y->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  if (b == 0.0) { /* overwrite: whatever y held (NaN included) must not leak through 0 * y */
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
    for (int64_t i = 0; i < n; ++i) yd[i] = a * xd[i];
  } else {
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
    for (int64_t i = 0; i < n; ++i) yd[i] = a * xd[i] + b * yd[i];
  }
  return FLP_OK;
}

flp_rc flp_omp_vec_mul(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  if (!ctx || !y) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_mul: NULL argument");
  flp_rc rc = flp_omp_check_vec("vec_mul", "x", x, y->n, err);
  if (rc != FLP_OK) return rc;
  const double *xd = x->data;
  double *yd = y->data;
  int64_t n = y->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
  for (int64_t i = 0; i < n; ++i) yd[i] *= xd[i];
  return FLP_OK;
}

flp_rc flp_omp_vec_div(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  if (!ctx || !y) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_div: NULL argument");
  flp_rc rc = flp_omp_check_vec("vec_div", "x", x, y->n, err);
  if (rc != FLP_OK) return rc;
  const double *xd = x->data;
  double *yd = y->data;
  int64_t n = y->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
  for (int64_t i = 0; i < n; ++i) yd[i] /= xd[i];
  return FLP_OK;
}

flp_rc flp_omp_vec_map(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err) {
  if (!ctx || !v) return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_map: NULL argument");
  double *d = v->data;
  int64_t n = v->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  switch (op) {
  case FLP_MAP_RSQRT_OR_ONE:
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
    for (int64_t i = 0; i < n; ++i) d[i] = d[i] > 0.0 ? 1.0 / sqrt(d[i]) : 1.0;
    return FLP_OK;
  case FLP_MAP_INV_OR_ONE:
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
    for (int64_t i = 0; i < n; ++i) d[i] = d[i] > 0.0 ? 1.0 / d[i] : 1.0;
    return FLP_OK;
  }
  return flp_error_set(err, FLP_ERR_INPUT, "cpu: vec_map: unknown operation %d", (int)op);
}

flp_rc flp_omp_project_box(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo,
                           const flp_vec *hi, flp_error *err) {
  if (!ctx || !x) return flp_error_set(err, FLP_ERR_INPUT, "cpu: project_box: NULL argument");
  flp_rc rc = flp_omp_check_vec("project_box", "lower bounds", lo, x->n, err);
  if (rc == FLP_OK) rc = flp_omp_check_vec("project_box", "upper bounds", hi, x->n, err);
  if (rc != FLP_OK) return rc;
  const double *l = lo->data, *u = hi->data;
  double *d = x->data;
  int64_t n = x->n;
  int nb = flp_omp_blocks(ctx, n, FLP_OMP_GRAIN_VEC);
  /* min(max(t, l), u) written with comparisons: infinite sides need no
   * special case, and a NaN in x stays visible instead of becoming a bound. */
#pragma omp parallel for schedule(static) num_threads(nb) if (nb > 1)
  for (int64_t i = 0; i < n; ++i) {
    double t = d[i];
    t = t < l[i] ? l[i] : t;
    d[i] = t > u[i] ? u[i] : t;
  }
  return FLP_OK;
}
