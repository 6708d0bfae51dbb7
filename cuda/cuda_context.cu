/* CUDA backend: probe, context lifetime, and the mapping of CUDA and cuSPARSE
 * errors to flp_rc. No globals: the stream, the cuSPARSE handle and every
 * scratch buffer hang off the context. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cuda_internal.h"

#ifndef FLEETLP_CUDA_ARCHS
#define FLEETLP_CUDA_ARCHS "unknown"
#endif

/* ---- errors ---------------------------------------------------------------- */

flp_rc flp_cuda_error(flp_error *err, flp_rc code, const char *fmt, ...) {
  if (err) {
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}

static const char *short_where(const char *where) {
  const char *s = strrchr(where, '/');
  return s ? s + 1 : where;
}

flp_rc flp_cuda_rt_fail(flp_error *err, cudaError_t e, const char *call, const char *where) {
  /* Clear the thread's last-error record: a later launch check must not
   * report this (already handled) failure again. Sticky faults stay sticky. */
  (void)cudaGetLastError();
  flp_rc code = e == cudaErrorMemoryAllocation ? FLP_ERR_NOMEM : FLP_ERR_BACKEND;
  return flp_cuda_error(err, code, "cuda: %s failed: %s (%s) at %s", call, cudaGetErrorName(e),
                        cudaGetErrorString(e), short_where(where));
}

flp_rc flp_cuda_sp_fail(flp_error *err, cusparseStatus_t s, const char *call, const char *where) {
  (void)cudaGetLastError();
  flp_rc code = s == CUSPARSE_STATUS_ALLOC_FAILED ? FLP_ERR_NOMEM : FLP_ERR_BACKEND;
  return flp_cuda_error(err, code, "cuda: %s failed: %s (%s) at %s", call, cusparseGetErrorName(s),
                        cusparseGetErrorString(s), short_where(where));
}

flp_rc flp_cuda_enter(const flp_backend_ctx *ctx, const char *op, flp_error *err) {
  if (!ctx) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: NULL context", op);
  cudaError_t e = cudaSetDevice(ctx->device);
  if (e != cudaSuccess) return flp_cuda_rt_fail(err, e, "cudaSetDevice", FLP_CUDA_WHERE);
  (void)cudaGetLastError(); /* sticky faults still show at the next call that can fail */
  return FLP_OK;
}

flp_rc flp_cuda_check_vec(const char *op, const char *what, const flp_vec *v, int64_t n,
                          flp_error *err) {
  if (!v) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: %s is NULL", op, what);
  if (v->n != n)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: %s has length %lld, expected %lld", op,
                          what, (long long)v->n, (long long)n);
  return FLP_OK;
}

/* A fault found by a wait: name the operation, and whether it surely caused it. */
static flp_rc sync_fail(flp_backend_ctx *ctx, cudaError_t e, const char *op, const char *step,
                        flp_error *err) {
  (void)cudaGetLastError();
  flp_rc code = e == cudaErrorMemoryAllocation ? FLP_ERR_NOMEM : FLP_ERR_BACKEND;
  char what[160];
  if (step)
    snprintf(what, sizeof what, "%s (%s)", op, step);
  else
    snprintf(what, sizeof what, "%s", op);
  if (ctx->sync_each_op)
    return flp_cuda_error(err, code,
                          "cuda: %s failed: %s (%s), found by the wait after it "
                          "(FLEETLP_CUDA_SYNC=1: the operations before it had completed)",
                          what, cudaGetErrorName(e), cudaGetErrorString(e));
  return flp_cuda_error(err, code,
                        "cuda: %s: cudaStreamSynchronize failed: %s (%s); the fault may come "
                        "from an earlier operation: run with FLEETLP_CUDA_SYNC=1 to name it",
                        what, cudaGetErrorName(e), cudaGetErrorString(e));
}

flp_rc flp_cuda_sync(flp_backend_ctx *ctx, const char *op, flp_error *err) {
  cudaError_t e = cudaStreamSynchronize(ctx->stream);
  if (e == cudaSuccess) return FLP_OK;
  return sync_fail(ctx, e, op, NULL, err);
}

flp_rc flp_cuda_step_done(flp_backend_ctx *ctx, const char *op, const char *step,
                          flp_error *err) {
  if (!ctx || !ctx->sync_each_op) return FLP_OK;
  cudaError_t e = cudaStreamSynchronize(ctx->stream);
  if (e == cudaSuccess) e = cudaGetLastError(); /* a launch failure not yet seen */
  if (e == cudaSuccess) return FLP_OK;
  return sync_fail(ctx, e, op, step, err);
}

flp_rc flp_cuda_op_done(flp_backend_ctx *ctx, flp_rc rc, const char *op, flp_error *err) {
  if (rc != FLP_OK) return rc;
  return flp_cuda_step_done(ctx, op, NULL, err);
}

/* ---- probe ----------------------------------------------------------------- */

/* Never launched: cudaFuncGetAttributes on it tells whether this binary holds
 * code the device can run (built for CMAKE_CUDA_ARCHITECTURES). */
static __global__ void image_check_kernel(int *p) {
  if (p) *p = 0;
}

static void version_text(int v, char *buf, size_t cap) {
  snprintf(buf, cap, "%d.%d", v / 1000, (v % 1000) / 10);
}

/* Why CUDA cannot run here, or FLP_OK with the device count. */
static flp_rc cuda_available(int *count, char *why, size_t cap) {
  int drv = 0, rt = 0;
  *count = 0;
  cudaError_t e = cudaDriverGetVersion(&drv);
  if (e != cudaSuccess || drv == 0) {
    (void)cudaGetLastError();
    snprintf(why, cap, "no CUDA driver");
    return FLP_ERR_UNAVAILABLE;
  }
  (void)cudaRuntimeGetVersion(&rt);
  e = cudaGetDeviceCount(count);
  if (e == cudaSuccess && *count > 0) return FLP_OK;
  (void)cudaGetLastError();
  char dv[16], rv[16];
  version_text(drv, dv, sizeof dv);
  version_text(rt, rv, sizeof rv);
  if (e == cudaSuccess || e == cudaErrorNoDevice)
    snprintf(why, cap, "no CUDA device (driver %s)", dv);
  else if (e == cudaErrorInsufficientDriver)
    snprintf(why, cap, "CUDA driver %s is older than the runtime %s this build needs", dv, rv);
  else
    snprintf(why, cap, "CUDA unavailable: %s (%s)", cudaGetErrorName(e), cudaGetErrorString(e));
  *count = 0;
  return FLP_ERR_UNAVAILABLE;
}

/* Whether `dev` can run this build's kernels; writes the reason if not. */
static flp_rc image_usable(int dev, const cudaDeviceProp *prop, char *why, size_t cap) {
  cudaError_t e = cudaSetDevice(dev);
  cudaFuncAttributes fa;
  if (e == cudaSuccess) e = cudaFuncGetAttributes(&fa, image_check_kernel);
  if (e == cudaSuccess) return FLP_OK;
  (void)cudaGetLastError();
  if (e == cudaErrorNoKernelImageForDevice || e == cudaErrorInvalidDeviceFunction ||
      e == cudaErrorUnsupportedPtxVersion)
    snprintf(why, cap, "%s (compute %d.%d) has no kernel image in this build (built for %s)",
             prop->name, prop->major, prop->minor, FLEETLP_CUDA_ARCHS);
  else
    snprintf(why, cap, "%s: %s (%s)", prop->name, cudaGetErrorName(e), cudaGetErrorString(e));
  return FLP_ERR_UNAVAILABLE;
}

flp_rc flp_cuda_probe(char *desc, size_t cap) {
  char buf[512];
  int count = 0;
  flp_rc rc = cuda_available(&count, buf, sizeof buf);
  if (rc == FLP_OK) {
    cudaDeviceProp prop;
    cudaError_t e = cudaGetDeviceProperties(&prop, 0);
    if (e != cudaSuccess) {
      (void)cudaGetLastError();
      snprintf(buf, sizeof buf, "cudaGetDeviceProperties failed: %s", cudaGetErrorName(e));
      rc = FLP_ERR_UNAVAILABLE;
    } else {
      rc = image_usable(0, &prop, buf, sizeof buf);
      if (rc == FLP_OK) {
        int drv = 0;
        char dv[16];
        (void)cudaDriverGetVersion(&drv);
        version_text(drv, dv, sizeof dv);
        int len = snprintf(buf, sizeof buf, "%s, %.1f GiB, compute %d.%d, driver %s", prop.name,
                           (double)prop.totalGlobalMem / (1024.0 * 1024.0 * 1024.0), prop.major,
                           prop.minor, dv);
        if (count > 1 && len > 0 && (size_t)len < sizeof buf)
          snprintf(buf + len, sizeof buf - (size_t)len, " (device 0 of %d)", count);
      }
    }
  }
  if (desc && cap > 0) snprintf(desc, cap, "%s", buf);
  return rc;
}

/* ---- context --------------------------------------------------------------- */

static int env_flag(const char *name, int dflt) {
  const char *s = getenv(name);
  if (!s || !*s) return dflt;
  return !(strcmp(s, "0") == 0 || strcmp(s, "off") == 0 || strcmp(s, "OFF") == 0 ||
           strcmp(s, "no") == 0);
}

flp_rc flp_cuda_ctx_create(const flp_backend_options *opt, flp_backend_ctx **out,
                           flp_error *err) {
  if (!out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: ctx_create: out is NULL");
  *out = NULL;
  char why[512];
  int count = 0;
  if (cuda_available(&count, why, sizeof why) != FLP_OK)
    return flp_cuda_error(err, FLP_ERR_UNAVAILABLE, "cuda: %s", why);
  int dev = opt && opt->device_index > 0 ? opt->device_index : 0;
  if (dev >= count)
    return flp_cuda_error(err, FLP_ERR_UNAVAILABLE,
                          "cuda: device %d asked for, but only %d device%s present", dev, count,
                          count == 1 ? " is" : "s are");
  cudaDeviceProp prop;
  cudaError_t e = cudaGetDeviceProperties(&prop, dev);
  if (e != cudaSuccess) return flp_cuda_rt_fail(err, e, "cudaGetDeviceProperties", FLP_CUDA_WHERE);
  if (image_usable(dev, &prop, why, sizeof why) != FLP_OK)
    return flp_cuda_error(err, FLP_ERR_UNAVAILABLE, "cuda: %s", why);

  flp_backend_ctx *ctx = (flp_backend_ctx *)calloc(1, sizeof *ctx);
  if (!ctx) return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: out of memory creating a context");
  flp_rc rc = FLP_OK;
  ctx->device = dev;
  snprintf(ctx->name, sizeof ctx->name, "%s", prop.name);
  ctx->graphs_off = !env_flag("FLEETLP_CUDA_GRAPHS", 1);
  ctx->force_index64 = env_flag("FLEETLP_CUDA_INDEX64", 0);
  ctx->sync_each_op = env_flag("FLEETLP_CUDA_SYNC", 0);
  if (ctx->sync_each_op) ctx->graphs_off = 1; /* a graph replay would hide its kernels */

  CUDA_GOTO(cudaSetDevice(dev));
  CUDA_GOTO(cudaStreamCreateWithFlags(&ctx->stream, cudaStreamNonBlocking));
  SPARSE_GOTO(cusparseCreate(&ctx->sparse));
  SPARSE_GOTO(cusparseSetStream(ctx->sparse, ctx->stream));
  SPARSE_GOTO(cusparseSetPointerMode(ctx->sparse, CUSPARSE_POINTER_MODE_DEVICE));
  CUDA_GOTO(cudaMalloc((void **)&ctx->d_partial,
                       sizeof(double) * FLP_CUDA_RED_SLOTS * FLP_CUDA_RED_BLOCKS));
  CUDA_GOTO(cudaMalloc((void **)&ctx->d_result, sizeof(double) * FLP_CUDA_RED_SLOTS));
  CUDA_GOTO(cudaMallocHost((void **)&ctx->h_result, sizeof(double) * FLP_CUDA_RED_SLOTS));
  CUDA_GOTO(cudaMalloc((void **)&ctx->d_params, sizeof *ctx->d_params));
  CUDA_GOTO(cudaMemsetAsync(ctx->d_params, 0, sizeof *ctx->d_params, ctx->stream));
  {
    static const double scalars[4] = {1.0, 0.0, 0.0, 0.0};
    CUDA_GOTO(cudaMalloc((void **)&ctx->d_scalars, sizeof scalars));
    CUDA_GOTO(cudaMemcpyAsync(ctx->d_scalars, scalars, sizeof scalars, cudaMemcpyHostToDevice,
                              ctx->stream));
  }
  rc = flp_cuda_sync(ctx, "ctx_create", err);
  if (rc != FLP_OK) goto fail;
  *out = ctx;
  return FLP_OK;
fail:
  flp_cuda_ctx_destroy(ctx);
  return rc;
}

void flp_cuda_ctx_destroy(flp_backend_ctx *ctx) {
  if (!ctx) return;
  (void)cudaSetDevice(ctx->device);
  if (ctx->stream) (void)cudaStreamSynchronize(ctx->stream);
  flp_cuda_graphs_forget(ctx, NULL, 0, 1);
  flp_cuda_batch_release(ctx);
  if (ctx->sparse) (void)cusparseDestroy(ctx->sparse);
  (void)cudaFree(ctx->d_partial);
  (void)cudaFree(ctx->d_result);
  (void)cudaFree(ctx->d_params);
  (void)cudaFree(ctx->d_scalars);
  if (ctx->h_result) (void)cudaFreeHost(ctx->h_result);
  if (ctx->stream) (void)cudaStreamDestroy(ctx->stream);
  (void)cudaGetLastError();
  free(ctx);
}

void flp_cuda_describe(const flp_backend_ctx *ctx, char *buf, size_t cap) {
  if (!buf || cap == 0) return;
  if (!ctx) {
    snprintf(buf, cap, "cuda");
    return;
  }
  int len = ctx->device == 0 ? snprintf(buf, cap, "cuda: %s", ctx->name)
                             : snprintf(buf, cap, "cuda: %s (device %d)", ctx->name, ctx->device);
  if (ctx->graph_note[0] && len > 0 && (size_t)len < cap)
    len += snprintf(buf + len, cap - (size_t)len, " [graphs off: %s]", ctx->graph_note);
  if (ctx->sync_each_op && len > 0 && (size_t)len < cap)
    snprintf(buf + len, cap - (size_t)len, " [FLEETLP_CUDA_SYNC: waits after every operation]");
}
