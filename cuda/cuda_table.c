/* The CUDA backend's operation table. Plain C: the operations live in the .cu
 * files of this folder, declared in cuda_ops.h. */
#include "cuda_ops.h"

static const flp_backend cuda_backend = {
    .name = "cuda",
    .probe = flp_cuda_probe,
    .ctx_create = flp_cuda_ctx_create,
    .ctx_destroy = flp_cuda_ctx_destroy,
    .describe = flp_cuda_describe,
    .vec_alloc = flp_cuda_vec_alloc,
    .vec_free = flp_cuda_vec_free,
    .vec_len = flp_cuda_vec_len,
    .vec_upload = flp_cuda_vec_upload,
    .vec_download = flp_cuda_vec_download,
    .vec_copy = flp_cuda_vec_copy,
    .vec_fill = flp_cuda_vec_fill,
    .axpby = flp_cuda_axpby,
    .vec_mul = flp_cuda_vec_mul,
    .vec_div = flp_cuda_vec_div,
    .vec_map = flp_cuda_vec_map,
    .dot = flp_cuda_dot,
    .norm2 = flp_cuda_norm2,
    .norm_inf = flp_cuda_norm_inf,
    .project_box = flp_cuda_project_box,
    .mat_upload = flp_cuda_mat_upload,
    .mat_free = flp_cuda_mat_free,
    .spmv = flp_cuda_spmv,
    .spmv_t = flp_cuda_spmv_t,
    .mat_norms = flp_cuda_mat_norms,
    .mat_scale = flp_cuda_mat_scale,
    .pdhg_iterate = flp_cuda_pdhg_iterate,
    .kkt_sums = flp_cuda_kkt_sums,
};

const flp_backend *flp_cuda_backend(void) { return &cuda_backend; }
