/* CUDA backend: row/column norms of A and the diagonal scaling of A and A'
 * (Ruiz, Pock-Chambolle). Column norms of A are row norms of A', so both are
 * one row-wise kernel over the two CSR copies. One warp per row: long rows
 * (a dense budget row) spread over 32 lanes, and the lanes combine in a fixed
 * shuffle tree, so the results are reproducible. */
#include <math.h>

#include "cuda_internal.h"

#define WARP 32

/* out[r] = ||row r||_p, p = 0 (inf, NaN-blind fmax as on the CPU) or 1. */
template <typename I>
static __global__ void row_norms_kernel(const I *ptr, const flp_real *val, int64_t rows, int p,
                                        flp_real *out) {
  const int lane = threadIdx.x & (WARP - 1);
  const int64_t nwarps = ((int64_t)gridDim.x * blockDim.x) / WARP;
  for (int64_t r = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; r < rows;
       r += nwarps) {
    const int64_t end = (int64_t)ptr[r + 1];
    double s = 0.0;
    if (p == 1) {
      for (int64_t k = (int64_t)ptr[r] + lane; k < end; k += WARP) s += fabs((double)val[k]);
      for (int off = WARP / 2; off > 0; off >>= 1) s += __shfl_down_sync(0xffffffffu, s, off);
    } else {
      for (int64_t k = (int64_t)ptr[r] + lane; k < end; k += WARP) s = fmax(s, fabs((double)val[k]));
      for (int off = WARP / 2; off > 0; off >>= 1)
        s = fmax(s, __shfl_down_sync(0xffffffffu, s, off));
    }
    if (lane == 0) out[r] = s;
  }
}

/* M := scaled copy of A or A'. Every entry becomes (a_ij * row_i) * col_j in
 * terms of A's indices, in both copies, so A' stays exactly A transposed
 * (the CPU backend evaluates the same expression). For A the CSR row is i
 * and the stored index j; for A' the CSR row is j and the stored index i. */
template <typename I>
static __global__ void scale_kernel(const I *ptr, const I *idx, flp_real *val, int64_t rows,
                                    const flp_real *row, const flp_real *col, int transposed) {
  const int lane = threadIdx.x & (WARP - 1);
  const int64_t nwarps = ((int64_t)gridDim.x * blockDim.x) / WARP;
  for (int64_t r = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) / WARP; r < rows;
       r += nwarps) {
    const int64_t end = (int64_t)ptr[r + 1];
    for (int64_t k = (int64_t)ptr[r] + lane; k < end; k += WARP) {
      const int64_t o = (int64_t)idx[k];
      const double ri = transposed ? row[o] : row[r];
      const double cj = transposed ? col[r] : col[o];
      val[k] = val[k] * ri * cj;
    }
  }
}

static unsigned warp_grid(int64_t rows) {
  return flp_cuda_grid(rows * WARP); /* one warp per row, striding beyond the cap */
}

template <typename I>
static flp_rc norms_impl(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                         flp_vec *col, flp_error *err) {
  const flp_cuda_csr *M[2] = {&A->a, &A->at};
  flp_vec *dst[2] = {row, col};
  for (int q = 0; q < 2; ++q) {
    if (M[q]->rows == 0) continue;
    if (M[q]->nnz == 0) {
      CUDA_TRY(cudaMemsetAsync(dst[q]->d, 0, sizeof(flp_real) * (size_t)M[q]->rows, ctx->stream));
      continue;
    }
    row_norms_kernel<I><<<warp_grid(M[q]->rows), FLP_CUDA_THREADS, 0, ctx->stream>>>(
        (const I *)M[q]->ptr, M[q]->val, M[q]->rows, p, dst[q]->d);
    LAUNCH_TRY(row_norms_kernel);
  }
  return FLP_OK;
}

flp_rc flp_cuda_mat_norms(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                          flp_vec *col, flp_error *err) {
  if (!A) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_norms: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "mat_norms", err);
  if (rc != FLP_OK) return rc;
  if (p != 0 && p != 1)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_norms: p = %d, expected 0 (inf) or 1",
                          p);
  rc = flp_cuda_check_vec("mat_norms", "row norms", row, A->a.rows, err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("mat_norms", "column norms", col, A->a.cols, err);
  if (rc != FLP_OK) return rc;
  return A->index64 ? norms_impl<int64_t>(ctx, A, p, row, col, err)
                    : norms_impl<int32_t>(ctx, A, p, row, col, err);
}

template <typename I>
static flp_rc scale_impl(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row, const flp_vec *col,
                         flp_error *err) {
  flp_cuda_csr *M[2] = {&A->a, &A->at};
  for (int q = 0; q < 2; ++q) {
    if (M[q]->nnz == 0) continue;
    scale_kernel<I><<<warp_grid(M[q]->rows), FLP_CUDA_THREADS, 0, ctx->stream>>>(
        (const I *)M[q]->ptr, (const I *)M[q]->idx, M[q]->val, M[q]->rows, row->d, col->d, q);
    LAUNCH_TRY(scale_kernel);
  }
  return FLP_OK;
}

flp_rc flp_cuda_mat_scale(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row,
                          const flp_vec *col, flp_error *err) {
  if (!A) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_scale: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "mat_scale", err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("mat_scale", "row scale", row, A->a.rows, err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec("mat_scale", "column scale", col, A->a.cols, err);
  if (rc != FLP_OK) return rc;
  /* Values change in place; the sparsity pattern, hence the SpMV
   * preprocessing and any captured PDHG graph, stays valid. */
  return A->index64 ? scale_impl<int64_t>(ctx, A, row, col, err)
                    : scale_impl<int32_t>(ctx, A, row, col, err);
}
