/* CUDA backend: vector storage and element-wise operations. Each operation
 * is one kernel (or one copy) enqueued on the context's stream; nothing here
 * waits for the device except upload and download, which hand a host buffer
 * back to the caller. Element-wise kernels may see aliased arguments
 * (vec_mul(v, v) squares v): every element is read before it is written by
 * the same thread, so that is safe. */
#include <stdint.h>
#include <stdlib.h>

#include "cuda_internal.h"

/* ---- kernels --------------------------------------------------------------- */

static __global__ void fill_kernel(flp_real *y, int64_t n, double value) {
  FLP_CUDA_FOR(i, n) y[i] = value;
}

/* y = b * y; b == 0 overwrites, so a NaN in y does not survive as 0 * NaN. */
static __global__ void scale_kernel(flp_real *y, int64_t n, double b) {
  if (b == 0.0) {
    FLP_CUDA_FOR(i, n) y[i] = 0.0;
  } else {
    FLP_CUDA_FOR(i, n) y[i] = b * y[i];
  }
}

static __global__ void axpby_kernel(double a, const flp_real *x, double b, flp_real *y,
                                    int64_t n) {
  if (b == 0.0) {
    FLP_CUDA_FOR(i, n) y[i] = a * x[i];
  } else {
    FLP_CUDA_FOR(i, n) y[i] = a * x[i] + b * y[i];
  }
}

static __global__ void mul_kernel(flp_real *y, const flp_real *x, int64_t n) {
  FLP_CUDA_FOR(i, n) y[i] = y[i] * x[i];
}

static __global__ void div_kernel(flp_real *y, const flp_real *x, int64_t n) {
  FLP_CUDA_FOR(i, n) y[i] = y[i] / x[i];
}

static __global__ void map_kernel(flp_real *v, int64_t n, int op) {
  if (op == FLP_MAP_RSQRT_OR_ONE) {
    /* 1.0 / sqrt, both IEEE-rounded, as on the CPU (not the rsqrt intrinsic) */
    FLP_CUDA_FOR(i, n) {
      double t = v[i];
      v[i] = t > 0.0 ? 1.0 / sqrt(t) : 1.0;
    }
  } else {
    FLP_CUDA_FOR(i, n) {
      double t = v[i];
      v[i] = t > 0.0 ? 1.0 / t : 1.0;
    }
  }
}

static __global__ void project_box_kernel(flp_real *x, const flp_real *lo, const flp_real *hi,
                                          int64_t n) {
  FLP_CUDA_FOR(i, n) x[i] = flp_cuda_clamp(x[i], lo[i], hi[i]);
}

/* ---- storage --------------------------------------------------------------- */

flp_rc flp_cuda_vec_alloc(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err) {
  if (!out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_alloc: NULL argument");
  *out = NULL;
  flp_rc rc = flp_cuda_enter(ctx, "vec_alloc", err);
  if (rc != FLP_OK) return rc;
  if (n < 0)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_alloc: negative length %lld",
                          (long long)n);
  if ((uint64_t)n > SIZE_MAX / sizeof(flp_real))
    return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: vec_alloc: %lld elements overflow size_t",
                          (long long)n);
  flp_vec *v = (flp_vec *)calloc(1, sizeof *v);
  if (!v) return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: out of memory allocating a vector");
  v->n = n;
  if (n > 0) {
    size_t bytes = (size_t)n * sizeof(flp_real);
    CUDA_GOTO(cudaMalloc((void **)&v->d, bytes));
    CUDA_GOTO(cudaMemsetAsync(v->d, 0, bytes, ctx->stream));
  }
  *out = v;
  return FLP_OK;
fail:
  flp_cuda_vec_free(ctx, v);
  return rc;
}

void flp_cuda_vec_free(flp_backend_ctx *ctx, flp_vec *v) {
  if (!v) return;
  if (ctx) {
    (void)cudaSetDevice(ctx->device);
    if (v->d) flp_cuda_graphs_forget(ctx, v->d, 0, 0);
  }
  /* cudaFree waits for work in flight that may still use the buffer. */
  if (v->d) (void)cudaFree(v->d);
  (void)cudaGetLastError();
  free(v);
}

int64_t flp_cuda_vec_len(const flp_vec *v) { return v ? v->n : 0; }

flp_rc flp_cuda_vec_upload(flp_backend_ctx *ctx, flp_vec *dst, const double *src, flp_error *err) {
  if (!dst) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_upload: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_upload", err);
  if (rc != FLP_OK || dst->n == 0) return rc;
  if (!src) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_upload: source is NULL");
  CUDA_TRY(cudaMemcpyAsync(dst->d, src, (size_t)dst->n * sizeof(flp_real), cudaMemcpyHostToDevice,
                           ctx->stream));
  /* The caller may reuse src at return. */
  return flp_cuda_sync(ctx, "vec_upload", err);
}

flp_rc flp_cuda_vec_download(flp_backend_ctx *ctx, const flp_vec *src, double *dst,
                             flp_error *err) {
  if (!src) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_download: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_download", err);
  if (rc != FLP_OK || src->n == 0) return rc;
  if (!dst) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_download: destination is NULL");
  CUDA_TRY(cudaMemcpyAsync(dst, src->d, (size_t)src->n * sizeof(flp_real), cudaMemcpyDeviceToHost,
                           ctx->stream));
  return flp_cuda_sync(ctx, "vec_download", err);
}

flp_rc flp_cuda_vec_copy(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src, flp_error *err) {
  if (!dst) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_copy: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_copy", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("vec_copy", "source", src, dst->n, err);
  if (rc != FLP_OK || dst == src || dst->n == 0) return rc;
  CUDA_TRY(cudaMemcpyAsync(dst->d, src->d, (size_t)dst->n * sizeof(flp_real),
                           cudaMemcpyDeviceToDevice, ctx->stream));
  return FLP_OK;
}

/* ---- element-wise ---------------------------------------------------------- */

flp_rc flp_cuda_scale_raw(flp_backend_ctx *ctx, flp_real *y, int64_t n, double b,
                          flp_error *err) {
  if (n <= 0) return FLP_OK;
  scale_kernel<<<flp_cuda_grid(n), FLP_CUDA_THREADS, 0, ctx->stream>>>(y, n, b);
  LAUNCH_TRY(scale_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_vec_fill(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err) {
  if (!dst) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_fill: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_fill", err);
  if (rc != FLP_OK || dst->n == 0) return rc;
  fill_kernel<<<flp_cuda_grid(dst->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(dst->d, dst->n, value);
  LAUNCH_TRY(fill_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_axpby(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                      flp_error *err) {
  if (!y) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: axpby: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "axpby", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("axpby", "x", x, y->n, err);
  if (rc != FLP_OK || y->n == 0) return rc;
  axpby_kernel<<<flp_cuda_grid(y->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(a, x->d, b, y->d, y->n);
  LAUNCH_TRY(axpby_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_vec_mul(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  if (!y) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_mul: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_mul", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("vec_mul", "x", x, y->n, err);
  if (rc != FLP_OK || y->n == 0) return rc;
  mul_kernel<<<flp_cuda_grid(y->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(y->d, x->d, y->n);
  LAUNCH_TRY(mul_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_vec_div(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err) {
  if (!y) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_div: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_div", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("vec_div", "x", x, y->n, err);
  if (rc != FLP_OK || y->n == 0) return rc;
  div_kernel<<<flp_cuda_grid(y->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(y->d, x->d, y->n);
  LAUNCH_TRY(div_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_vec_map(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err) {
  if (!v) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_map: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "vec_map", err);
  if (rc != FLP_OK) return rc;
  if (op != FLP_MAP_RSQRT_OR_ONE && op != FLP_MAP_INV_OR_ONE)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: vec_map: unknown operation %d", (int)op);
  if (v->n == 0) return FLP_OK;
  map_kernel<<<flp_cuda_grid(v->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(v->d, v->n, (int)op);
  LAUNCH_TRY(map_kernel);
  return FLP_OK;
}

flp_rc flp_cuda_project_box(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo,
                            const flp_vec *hi, flp_error *err) {
  if (!x) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: project_box: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "project_box", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("project_box", "lower bounds", lo, x->n, err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("project_box", "upper bounds", hi, x->n, err);
  if (rc != FLP_OK || x->n == 0) return rc;
  project_box_kernel<<<flp_cuda_grid(x->n), FLP_CUDA_THREADS, 0, ctx->stream>>>(x->d, lo->d,
                                                                                  hi->d, x->n);
  LAUNCH_TRY(project_box_kernel);
  return FLP_OK;
}
