/* The CUDA backend's operation table. Plain C: the operations live in the .cu
 * files of this folder, declared in cuda_ops.h.
 *
 * Every operation that returns a status is entered through a wrapper that
 * ends in flp_cuda_op_done: with FLEETLP_CUDA_SYNC=1 it waits for the device
 * there, so an asynchronous fault (an illegal address in a kernel, say) is
 * reported by the operation that launched it. Off (the default) it is one
 * branch. */
#include "cuda_ops.h"

/* OP: the operation; PARAMS: its parameter list; ARGS: the same names. */
#define FLP_CUDA_SYNCED(OP, PARAMS, ARGS)                                                     \
  static flp_rc synced_##OP PARAMS { return flp_cuda_op_done(ctx, flp_cuda_##OP ARGS, #OP, err); }

FLP_CUDA_SYNCED(vec_alloc, (flp_backend_ctx * ctx, int64_t n, flp_vec **out, flp_error *err),
                (ctx, n, out, err))
FLP_CUDA_SYNCED(vec_upload,
                (flp_backend_ctx * ctx, flp_vec *dst, const double *src, flp_error *err),
                (ctx, dst, src, err))
FLP_CUDA_SYNCED(vec_download,
                (flp_backend_ctx * ctx, const flp_vec *src, double *dst, flp_error *err),
                (ctx, src, dst, err))
FLP_CUDA_SYNCED(vec_copy,
                (flp_backend_ctx * ctx, flp_vec *dst, const flp_vec *src, flp_error *err),
                (ctx, dst, src, err))
FLP_CUDA_SYNCED(vec_fill, (flp_backend_ctx * ctx, flp_vec *dst, double value, flp_error *err),
                (ctx, dst, value, err))
FLP_CUDA_SYNCED(axpby,
                (flp_backend_ctx * ctx, double a, const flp_vec *x, double b, flp_vec *y,
                 flp_error *err),
                (ctx, a, x, b, y, err))
FLP_CUDA_SYNCED(vec_mul, (flp_backend_ctx * ctx, flp_vec *y, const flp_vec *x, flp_error *err),
                (ctx, y, x, err))
FLP_CUDA_SYNCED(vec_div, (flp_backend_ctx * ctx, flp_vec *y, const flp_vec *x, flp_error *err),
                (ctx, y, x, err))
FLP_CUDA_SYNCED(vec_map, (flp_backend_ctx * ctx, flp_vec *v, flp_map_op op, flp_error *err),
                (ctx, v, op, err))
FLP_CUDA_SYNCED(dot,
                (flp_backend_ctx * ctx, const flp_vec *x, const flp_vec *y, double *out,
                 flp_error *err),
                (ctx, x, y, out, err))
FLP_CUDA_SYNCED(norm2, (flp_backend_ctx * ctx, const flp_vec *x, double *out, flp_error *err),
                (ctx, x, out, err))
FLP_CUDA_SYNCED(norm_inf, (flp_backend_ctx * ctx, const flp_vec *x, double *out, flp_error *err),
                (ctx, x, out, err))
FLP_CUDA_SYNCED(project_box,
                (flp_backend_ctx * ctx, flp_vec *x, const flp_vec *lo, const flp_vec *hi,
                 flp_error *err),
                (ctx, x, lo, hi, err))
FLP_CUDA_SYNCED(mat_upload,
                (flp_backend_ctx * ctx, int32_t m, int32_t n, int64_t nnz, const int64_t *row_ptr,
                 const int32_t *col_idx, const double *values, flp_mat **out, flp_error *err),
                (ctx, m, n, nnz, row_ptr, col_idx, values, out, err))
FLP_CUDA_SYNCED(spmv,
                (flp_backend_ctx * ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                 flp_vec *y, flp_error *err),
                (ctx, A, a, x, b, y, err))
FLP_CUDA_SYNCED(spmv_t,
                (flp_backend_ctx * ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                 flp_vec *y, flp_error *err),
                (ctx, A, a, x, b, y, err))
FLP_CUDA_SYNCED(mat_norms,
                (flp_backend_ctx * ctx, const flp_mat *A, int p, flp_vec *row, flp_vec *col,
                 flp_error *err),
                (ctx, A, p, row, col, err))
FLP_CUDA_SYNCED(mat_scale,
                (flp_backend_ctx * ctx, flp_mat *A, const flp_vec *row, const flp_vec *col,
                 flp_error *err),
                (ctx, A, row, col, err))
FLP_CUDA_SYNCED(pdhg_iterate,
                (flp_backend_ctx * ctx, const flp_pdhg_args *a, int count, flp_error *err),
                (ctx, a, count, err))
FLP_CUDA_SYNCED(pdhg_iterate_batch,
                (flp_backend_ctx * ctx, const flp_pdhg_args *const *args, int K, int count,
                 flp_error *err),
                (ctx, args, K, count, err))
FLP_CUDA_SYNCED(kkt_sums,
                (flp_backend_ctx * ctx, const flp_kkt_args *a, flp_kkt_sums *out, flp_error *err),
                (ctx, a, out, err))

static const flp_backend cuda_backend = {
    .name = "cuda",
    .probe = flp_cuda_probe,
    .ctx_create = flp_cuda_ctx_create,
    .ctx_destroy = flp_cuda_ctx_destroy,
    .describe = flp_cuda_describe,
    .vec_alloc = synced_vec_alloc,
    .vec_free = flp_cuda_vec_free,
    .vec_len = flp_cuda_vec_len,
    .vec_upload = synced_vec_upload,
    .vec_download = synced_vec_download,
    .vec_copy = synced_vec_copy,
    .vec_fill = synced_vec_fill,
    .axpby = synced_axpby,
    .vec_mul = synced_vec_mul,
    .vec_div = synced_vec_div,
    .vec_map = synced_vec_map,
    .dot = synced_dot,
    .norm2 = synced_norm2,
    .norm_inf = synced_norm_inf,
    .project_box = synced_project_box,
    .mat_upload = synced_mat_upload,
    .mat_free = flp_cuda_mat_free,
    .spmv = synced_spmv,
    .spmv_t = synced_spmv_t,
    .mat_norms = synced_mat_norms,
    .mat_scale = synced_mat_scale,
    .pdhg_iterate = synced_pdhg_iterate,
    .kkt_sums = synced_kkt_sums,
    .pdhg_iterate_batch = synced_pdhg_iterate_batch,
};

const flp_backend *flp_cuda_backend(void) { return &cuda_backend; }
