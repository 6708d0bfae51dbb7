/* The OpenMP backend's context, its shared helpers and the operation table. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "omp_internal.h"

int flp_omp_blocks(const flp_backend_ctx *ctx, int64_t work, int64_t grain) {
  int64_t nb = work / grain;
  if (nb < 1) nb = 1;
  if (nb > ctx->threads) nb = ctx->threads;
  return (int)nb;
}

void *flp_omp_alloc(int64_t count, size_t size) {
  if (count < 0 || (size != 0 && (uint64_t)count > (SIZE_MAX - FLP_OMP_CACHE_LINE) / size))
    return NULL;
  size_t bytes = (size_t)count * size;
  /* aligned_alloc wants a multiple of the alignment; never zero bytes, so
   * empty arrays are still valid pointers for memcpy and friends. */
  bytes = (bytes + FLP_OMP_CACHE_LINE - 1) / FLP_OMP_CACHE_LINE * FLP_OMP_CACHE_LINE;
  if (bytes == 0) bytes = FLP_OMP_CACHE_LINE;
  return aligned_alloc(FLP_OMP_CACHE_LINE, bytes);
}

void flp_omp_free(void *p) { free(p); }

flp_rc flp_omp_check_vec(const char *op, const char *what, const flp_vec *v, int64_t n,
                         flp_error *err) {
  if (!v) return flp_error_set(err, FLP_ERR_INPUT, "cpu: %s: %s is NULL", op, what);
  if (v->n != n)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: %s: %s has length %lld, expected %lld", op,
                         what, (long long)v->n, (long long)n);
  return FLP_OK;
}

static flp_rc omp_probe(char *desc, size_t cap) {
  if (desc && cap > 0)
    snprintf(desc, cap, "cpu: OpenMP %d, %d processors, %d threads by default", _OPENMP,
             omp_get_num_procs(), omp_get_max_threads());
  return FLP_OK;
}

static flp_rc omp_ctx_create(const flp_backend_options *opt, flp_backend_ctx **out,
                             flp_error *err) {
  if (!out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: ctx_create: out is NULL");
  *out = NULL;
  /* Read, never set, the global OpenMP state: the thread count lives here. */
  int threads = opt && opt->threads > 0 ? opt->threads : omp_get_max_threads();
  if (threads < 1) threads = 1;
  flp_backend_ctx *ctx = calloc(1, sizeof *ctx);
  if (!ctx) return flp_error_set(err, FLP_ERR_NOMEM, "cpu: out of memory creating a context");
  ctx->threads = threads;
  ctx->partial = flp_omp_alloc(threads, sizeof *ctx->partial);
  if (!ctx->partial) {
    free(ctx);
    return flp_error_set(err, FLP_ERR_NOMEM,
                         "cpu: out of memory allocating reduction scratch for %d threads", threads);
  }
  *out = ctx;
  return FLP_OK;
}

static void omp_ctx_destroy(flp_backend_ctx *ctx) {
  if (!ctx) return;
  flp_omp_free(ctx->partial);
  flp_omp_free(ctx->block);
  free(ctx);
}

static void omp_describe(const flp_backend_ctx *ctx, char *buf, size_t cap) {
  if (!buf || cap == 0) return;
  if (!ctx) {
    snprintf(buf, cap, "cpu");
    return;
  }
  snprintf(buf, cap, "cpu (%d thread%s)", ctx->threads, ctx->threads == 1 ? "" : "s");
}

static const flp_backend omp_backend = {
    .name = "cpu",
    .probe = omp_probe,
    .ctx_create = omp_ctx_create,
    .ctx_destroy = omp_ctx_destroy,
    .describe = omp_describe,
    .vec_alloc = flp_omp_vec_alloc,
    .vec_free = flp_omp_vec_free,
    .vec_len = flp_omp_vec_len,
    .vec_upload = flp_omp_vec_upload,
    .vec_download = flp_omp_vec_download,
    .vec_copy = flp_omp_vec_copy,
    .vec_fill = flp_omp_vec_fill,
    .axpby = flp_omp_axpby,
    .vec_mul = flp_omp_vec_mul,
    .vec_div = flp_omp_vec_div,
    .vec_map = flp_omp_vec_map,
    .dot = flp_omp_dot,
    .norm2 = flp_omp_norm2,
    .norm_inf = flp_omp_norm_inf,
    .project_box = flp_omp_project_box,
    .mat_upload = flp_omp_mat_upload,
    .mat_free = flp_omp_mat_free,
    .spmv = flp_omp_spmv,
    .spmv_t = flp_omp_spmv_t,
    .mat_norms = flp_omp_mat_norms,
    .mat_scale = flp_omp_mat_scale,
    .pdhg_iterate = flp_omp_pdhg_iterate,
    .kkt_sums = flp_omp_kkt_sums,
    .pdhg_iterate_batch = flp_omp_pdhg_iterate_batch,
};

const flp_backend *flp_cpu_backend(void) { return &omp_backend; }
