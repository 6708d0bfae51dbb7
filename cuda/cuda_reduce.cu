/* CUDA backend: vector reductions (dot, 2-norm, inf-norm) and the second
 * pass every reduction shares.
 *
 * Two passes, both deterministic: the first runs flp_cuda_red_blocks(n)
 * blocks (a function of n alone), each thread summing a fixed strided slice
 * and each block combining its threads in a fixed tree into
 * ctx->d_partial[slot][block]; the second is one block that combines the
 * partials the same way into ctx->d_result. Then one small device-to-host
 * copy and a wait: the only synchronisation of the call. */
#include <math.h>

#include "cuda_internal.h"

static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    dot_kernel(const flp_real *x, const flp_real *y, int64_t n, double *partial) {
  double acc[1] = {0.0};
  FLP_CUDA_FOR(i, n) acc[0] += (double)x[i] * (double)y[i];
  flp_cuda_block_store<1>(acc, 0u, partial, FLP_CUDA_RED_BLOCKS);
}

static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    max_abs_kernel(const flp_real *x, int64_t n, double *partial) {
  double acc[1] = {0.0};
  FLP_CUDA_FOR(i, n) acc[0] = flp_cuda_nanmax(acc[0], fabs((double)x[i]));
  flp_cuda_block_store<1>(acc, 1u, partial, FLP_CUDA_RED_BLOCKS);
}

/* One block: thread t takes partials t, t + FLP_CUDA_THREADS, ... in order. */
static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    finish_kernel(const double *partial, int nblocks, int nslots, unsigned maxmask,
                  double *result) {
  double acc[FLP_CUDA_RED_SLOTS];
#pragma unroll
  for (int q = 0; q < FLP_CUDA_RED_SLOTS; ++q) acc[q] = 0.0;
  for (int b = threadIdx.x; b < nblocks; b += blockDim.x) {
#pragma unroll
    for (int q = 0; q < FLP_CUDA_RED_SLOTS; ++q) {
      if (q >= nslots) break;
      double v = partial[q * FLP_CUDA_RED_BLOCKS + b];
      acc[q] = ((maxmask >> q) & 1u) ? flp_cuda_nanmax(acc[q], v) : acc[q] + v;
    }
  }
  flp_cuda_block_store<FLP_CUDA_RED_SLOTS>(acc, maxmask, result, 1);
}

flp_rc flp_cuda_reduce_finish(flp_backend_ctx *ctx, int nslots, unsigned maxmask, int nblocks,
                              double *out, const char *op, flp_error *err) {
  if (nslots < 1 || nslots > FLP_CUDA_RED_SLOTS || nblocks < 1 ||
      nblocks > FLP_CUDA_RED_BLOCKS)
    return flp_cuda_error(err, FLP_ERR_INTERNAL, "cuda: %s: reduction of %d slots over %d blocks",
                          op, nslots, nblocks);
  finish_kernel<<<1, FLP_CUDA_THREADS, 0, ctx->stream>>>(ctx->d_partial, nblocks, nslots, maxmask,
                                                         ctx->d_result);
  LAUNCH_TRY(finish_kernel);
  CUDA_TRY(cudaMemcpyAsync(ctx->h_result, ctx->d_result, sizeof(double) * (size_t)nslots,
                           cudaMemcpyDeviceToHost, ctx->stream));
  flp_rc rc = flp_cuda_sync(ctx, op, err);
  if (rc != FLP_OK) return rc;
  for (int q = 0; q < nslots; ++q) out[q] = ctx->h_result[q];
  return FLP_OK;
}

flp_rc flp_cuda_dot(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                    flp_error *err) {
  if (!x || !out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: dot: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "dot", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("dot", "y", y, x->n, err);
  if (rc != FLP_OK) return rc;
  if (x->n == 0) {
    *out = 0.0;
    return FLP_OK;
  }
  int nb = flp_cuda_red_blocks(x->n);
  dot_kernel<<<nb, FLP_CUDA_THREADS, 0, ctx->stream>>>(x->d, y->d, x->n, ctx->d_partial);
  LAUNCH_TRY(dot_kernel);
  return flp_cuda_reduce_finish(ctx, 1, 0u, nb, out, "dot", err);
}

flp_rc flp_cuda_norm2(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  if (!x || !out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: norm2: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "norm2", err);
  if (rc != FLP_OK) return rc;
  if (x->n == 0) {
    *out = 0.0;
    return FLP_OK;
  }
  int nb = flp_cuda_red_blocks(x->n);
  dot_kernel<<<nb, FLP_CUDA_THREADS, 0, ctx->stream>>>(x->d, x->d, x->n, ctx->d_partial);
  LAUNCH_TRY(dot_kernel);
  double s = 0.0;
  rc = flp_cuda_reduce_finish(ctx, 1, 0u, nb, &s, "norm2", err);
  if (rc == FLP_OK) *out = sqrt(s);
  return rc;
}

flp_rc flp_cuda_norm_inf(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err) {
  if (!x || !out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: norm_inf: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "norm_inf", err);
  if (rc != FLP_OK) return rc;
  if (x->n == 0) {
    *out = 0.0;
    return FLP_OK;
  }
  int nb = flp_cuda_red_blocks(x->n);
  max_abs_kernel<<<nb, FLP_CUDA_THREADS, 0, ctx->stream>>>(x->d, x->n, ctx->d_partial);
  LAUNCH_TRY(max_abs_kernel);
  return flp_cuda_reduce_finish(ctx, 1, 1u, nb, out, "norm_inf", err);
}
