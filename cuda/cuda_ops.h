/* The CUDA backend's operations as plain C declarations, so that the backend
 * table (cuda_table.c) is written in C with designated initialisers and
 * includes no CUDA header. Each is defined in one .cu file of this folder. */
#ifndef FLEETLP_CUDA_OPS_H
#define FLEETLP_CUDA_OPS_H

#include "backend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* cuda_context.cu */
flp_rc flp_cuda_probe(char *desc, size_t cap);
flp_rc flp_cuda_ctx_create(const flp_backend_options *opt, flp_backend_ctx **out, flp_error *err);
void flp_cuda_ctx_destroy(flp_backend_ctx *ctx);
void flp_cuda_describe(const flp_backend_ctx *ctx, char *buf, size_t cap);
/* The end of every table operation (cuda_table.c): rc, or, when rc is FLP_OK
 * and FLEETLP_CUDA_SYNC=1 is on, the fault that a wait for the device finds,
 * named after op. */
flp_rc flp_cuda_op_done(flp_backend_ctx *ctx, flp_rc rc, const char *op, flp_error *err);

/* cuda_vector.cu */
flp_rc flp_cuda_vec_alloc(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err);
void flp_cuda_vec_free(flp_backend_ctx *ctx, flp_vec *v);
int64_t flp_cuda_vec_len(const flp_vec *v);
flp_rc flp_cuda_vec_upload(flp_backend_ctx *ctx, flp_vec *dst, const double *src, flp_error *err);
flp_rc flp_cuda_vec_download(flp_backend_ctx *ctx, const flp_vec *src, double *dst,
                             flp_error *err);
flp_rc flp_cuda_vec_copy(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src, flp_error *err);
flp_rc flp_cuda_vec_fill(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err);
flp_rc flp_cuda_axpby(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                      flp_error *err);
flp_rc flp_cuda_vec_mul(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err);
flp_rc flp_cuda_vec_div(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err);
flp_rc flp_cuda_vec_map(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err);
flp_rc flp_cuda_project_box(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo,
                            const flp_vec *hi, flp_error *err);

/* cuda_reduce.cu */
flp_rc flp_cuda_dot(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                    flp_error *err);
flp_rc flp_cuda_norm2(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);
flp_rc flp_cuda_norm_inf(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);

/* cuda_kkt.cu */
flp_rc flp_cuda_kkt_sums(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                         flp_error *err);

/* cuda_matrix.cu */
flp_rc flp_cuda_mat_upload(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                           const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                           flp_mat **out, flp_error *err);
void flp_cuda_mat_free(flp_backend_ctx *ctx, flp_mat *A);
flp_rc flp_cuda_spmv(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                     flp_vec *y, flp_error *err);
flp_rc flp_cuda_spmv_t(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                       double b, flp_vec *y, flp_error *err);

/* cuda_scale.cu */
flp_rc flp_cuda_mat_norms(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                          flp_vec *col, flp_error *err);
flp_rc flp_cuda_mat_scale(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row,
                          const flp_vec *col, flp_error *err);

/* cuda_pdhg.cu */
flp_rc flp_cuda_pdhg_iterate(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count,
                             flp_error *err);

/* cuda_batch.cu */
flp_rc flp_cuda_pdhg_iterate_batch(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                                   int count, flp_error *err);

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_CUDA_OPS_H */
