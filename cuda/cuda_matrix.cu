/* CUDA backend: the constraint matrix. Upload copies the CSR of A to the
 * device, builds the CSR of A' there once, and makes the cuSPARSE objects
 * both directions use for the rest of their life: a matrix descriptor, two
 * dense-vector descriptors (rebound to each call's vectors with
 * cusparseDnVecSetValues, never recreated) and a preprocessed SpMV workspace.
 *
 * Index width. cuSPARSE wants row offsets and column indices of one type:
 * int32 when nnz < 2^31 (the host's int64 row pointers are narrowed on the
 * device), else int64 for both (the host's int32 columns are widened).
 * FLEETLP_CUDA_INDEX64=1 forces the 64-bit layout at any size, so tests can
 * reach it.
 *
 * A' by a stable radix sort of the nonzeros by column (CUB): within a row of
 * A' the entries come in increasing row order of A, whatever the order
 * within the rows of A, exactly as the CPU backend's counting sort lays them
 * out; the layout, hence every SpMV with A', is reproducible. */
#include <limits.h>
#include <stdlib.h>

#include <cub/device/device_radix_sort.cuh>

#include "cuda_internal.h"

/* ---- kernels --------------------------------------------------------------- */

template <typename I>
static __global__ void narrow_ptr_kernel(const int64_t *src, I *dst, int64_t n) {
  FLP_CUDA_FOR(i, n) dst[i] = (I)src[i];
}

template <typename I>
static __global__ void widen_idx_kernel(const int32_t *src, I *dst, int64_t n) {
  FLP_CUDA_FOR(i, n) dst[i] = (I)src[i];
}

template <typename I>
static __global__ void iota_kernel(I *dst, int64_t n) {
  FLP_CUDA_FOR(i, n) dst[i] = (I)i;
}

/* rows_of[k] = the row of nonzero k; one warp per row. */
template <typename I>
static __global__ void rows_of_kernel(const I *ptr, int64_t rows, int32_t *rows_of) {
  const int lane = threadIdx.x & 31;
  const int64_t nwarps = ((int64_t)gridDim.x * blockDim.x) >> 5;
  for (int64_t r = ((int64_t)blockIdx.x * blockDim.x + threadIdx.x) >> 5; r < rows; r += nwarps) {
    const int64_t end = (int64_t)ptr[r + 1];
    for (int64_t k = (int64_t)ptr[r] + lane; k < end; k += 32) rows_of[k] = (int32_t)r;
  }
}

/* tptr[j] = first position of column j among the sorted column keys, for
 * j = 0..ncols (tptr[ncols] = nnz). */
template <typename I>
static __global__ void col_starts_kernel(const uint32_t *keys, int64_t nnz, int64_t ncols,
                                         I *tptr) {
  FLP_CUDA_FOR(j, ncols + 1) {
    int64_t lo = 0, hi = nnz;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if ((int64_t)keys[mid] < j)
        lo = mid + 1;
      else
        hi = mid;
    }
    tptr[j] = (I)lo;
  }
}

template <typename I>
static __global__ void transpose_gather_kernel(const I *perm, const int32_t *rows_of,
                                               const flp_real *val, int64_t nnz, I *tidx,
                                               flp_real *tval) {
  FLP_CUDA_FOR(t, nnz) {
    const int64_t k = (int64_t)perm[t];
    tidx[t] = (I)rows_of[k];
    tval[t] = val[k];
  }
}

/* ---- upload ---------------------------------------------------------------- */

static flp_rc check_csr(int32_t m, int32_t n, int64_t nnz, const int64_t *row_ptr,
                        const int32_t *col_idx, const double *values, flp_error *err) {
  if (m < 0 || n < 0 || nnz < 0)
    return flp_cuda_error(err, FLP_ERR_INPUT,
                          "cuda: mat_upload: negative size (%d x %d, %lld nonzeros)", (int)m,
                          (int)n, (long long)nnz);
  if (!row_ptr || (nnz > 0 && (!col_idx || !values)))
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_upload: NULL CSR array");
  if (row_ptr[0] != 0 || row_ptr[m] != nnz)
    return flp_cuda_error(err, FLP_ERR_INPUT,
                          "cuda: mat_upload: row_ptr runs from %lld to %lld, expected 0 to %lld",
                          (long long)row_ptr[0], (long long)row_ptr[m], (long long)nnz);
  for (int32_t i = 0; i < m; ++i)
    if (row_ptr[i + 1] < row_ptr[i])
      return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_upload: row_ptr decreases at row %d",
                            (int)i);
  for (int64_t k = 0; k < nnz; ++k)
    if (col_idx[k] < 0 || col_idx[k] >= n)
      return flp_cuda_error(err, FLP_ERR_INPUT,
                            "cuda: mat_upload: column index %d at nonzero %lld is outside [0, %d)",
                            (int)col_idx[k], (long long)k, (int)n);
  return FLP_OK;
}

/* Bits that hold every column index 0..n-1 (at least one). */
static int key_bits(int64_t n) {
  int b = 1;
  while (b < 32 && ((int64_t)1 << b) < n) ++b;
  return b;
}

/* Copies A to the device with index type I and builds A' there. */
template <typename I>
static flp_rc upload_csr(flp_backend_ctx *ctx, flp_mat *M, const int64_t *row_ptr,
                         const int32_t *col_idx, const double *values, flp_error *err) {
  flp_rc rc = FLP_OK;
  flp_cuda_csr *A = &M->a, *T = &M->at;
  const int64_t m = A->rows, n = A->cols, nnz = A->nnz;
  const cudaStream_t s = ctx->stream;
  int64_t *ptr64 = NULL;   /* host row pointers, when I is narrower */
  int32_t *col32 = NULL;   /* host column indices, when I is wider */
  int32_t *rows_of = NULL; /* row of each nonzero */
  uint32_t *keys_out = NULL;
  I *perm_in = NULL, *perm_out = NULL;
  void *sort_tmp = NULL;
  size_t sort_bytes = 0;

  CUDA_GOTO(cudaMalloc(&A->ptr, sizeof(I) * (size_t)(m + 1)));
  CUDA_GOTO(cudaMalloc(&T->ptr, sizeof(I) * (size_t)(n + 1)));
  if (sizeof(I) == sizeof(int64_t)) {
    CUDA_GOTO(cudaMemcpyAsync(A->ptr, row_ptr, sizeof(int64_t) * (size_t)(m + 1),
                              cudaMemcpyHostToDevice, s));
  } else {
    CUDA_GOTO(cudaMalloc((void **)&ptr64, sizeof(int64_t) * (size_t)(m + 1)));
    CUDA_GOTO(cudaMemcpyAsync(ptr64, row_ptr, sizeof(int64_t) * (size_t)(m + 1),
                              cudaMemcpyHostToDevice, s));
    narrow_ptr_kernel<I><<<flp_cuda_grid(m + 1), FLP_CUDA_THREADS, 0, s>>>(ptr64, (I *)A->ptr,
                                                                            m + 1);
    LAUNCH_GOTO(narrow_ptr_kernel);
  }
  if (nnz == 0) {
    CUDA_GOTO(cudaMemsetAsync(T->ptr, 0, sizeof(I) * (size_t)(n + 1), s));
    rc = flp_cuda_sync(ctx, "mat_upload", err);
    goto done;
  }

  CUDA_GOTO(cudaMalloc(&A->idx, sizeof(I) * (size_t)nnz));
  CUDA_GOTO(cudaMalloc((void **)&A->val, sizeof(flp_real) * (size_t)nnz));
  CUDA_GOTO(cudaMalloc(&T->idx, sizeof(I) * (size_t)nnz));
  CUDA_GOTO(cudaMalloc((void **)&T->val, sizeof(flp_real) * (size_t)nnz));
  CUDA_GOTO(cudaMemcpyAsync(A->val, values, sizeof(double) * (size_t)nnz, cudaMemcpyHostToDevice,
                            s));
  /* The int32 column indices are also the sort keys. */
  if (sizeof(I) == sizeof(int32_t)) {
    CUDA_GOTO(cudaMemcpyAsync(A->idx, col_idx, sizeof(int32_t) * (size_t)nnz,
                              cudaMemcpyHostToDevice, s));
  } else {
    CUDA_GOTO(cudaMalloc((void **)&col32, sizeof(int32_t) * (size_t)nnz));
    CUDA_GOTO(cudaMemcpyAsync(col32, col_idx, sizeof(int32_t) * (size_t)nnz,
                              cudaMemcpyHostToDevice, s));
    widen_idx_kernel<I><<<flp_cuda_grid(nnz), FLP_CUDA_THREADS, 0, s>>>(col32, (I *)A->idx, nnz);
    LAUNCH_GOTO(widen_idx_kernel);
  }

  {
    /* Column indices are checked to lie in [0, n): as unsigned keys they sort
     * in the same order, and only the low key_bits(n) bits take part. */
    const uint32_t *keys_in =
        (const uint32_t *)(sizeof(I) == sizeof(int32_t) ? (const void *)A->idx : (const void *)col32);
    const int end_bit = key_bits(n);
    CUDA_GOTO(cudaMalloc((void **)&rows_of, sizeof(int32_t) * (size_t)nnz));
    CUDA_GOTO(cudaMalloc((void **)&keys_out, sizeof(uint32_t) * (size_t)nnz));
    CUDA_GOTO(cudaMalloc((void **)&perm_in, sizeof(I) * (size_t)nnz));
    CUDA_GOTO(cudaMalloc((void **)&perm_out, sizeof(I) * (size_t)nnz));
    int64_t warps_blocks = (m * 32 + FLP_CUDA_THREADS - 1) / FLP_CUDA_THREADS;
    rows_of_kernel<I><<<flp_cuda_grid(warps_blocks * FLP_CUDA_THREADS), FLP_CUDA_THREADS, 0, s>>>(
        (const I *)A->ptr, m, rows_of);
    LAUNCH_GOTO(rows_of_kernel);
    iota_kernel<I><<<flp_cuda_grid(nnz), FLP_CUDA_THREADS, 0, s>>>(perm_in, nnz);
    LAUNCH_GOTO(iota_kernel);
    CUDA_GOTO(cub::DeviceRadixSort::SortPairs(NULL, sort_bytes, keys_in, keys_out, perm_in,
                                              perm_out, (I)nnz, 0, end_bit, s));
    CUDA_GOTO(cudaMalloc(&sort_tmp, sort_bytes > 0 ? sort_bytes : 16));
    CUDA_GOTO(cub::DeviceRadixSort::SortPairs(sort_tmp, sort_bytes, keys_in, keys_out, perm_in,
                                              perm_out, (I)nnz, 0, end_bit, s));
    (void)cudaGetLastError(); /* as after any library call that succeeded */
    col_starts_kernel<I><<<flp_cuda_grid(n + 1), FLP_CUDA_THREADS, 0, s>>>(keys_out, nnz, n,
                                                                            (I *)T->ptr);
    LAUNCH_GOTO(col_starts_kernel);
    transpose_gather_kernel<I><<<flp_cuda_grid(nnz), FLP_CUDA_THREADS, 0, s>>>(
        perm_out, rows_of, A->val, nnz, (I *)T->idx, T->val);
    LAUNCH_GOTO(transpose_gather_kernel);
  }
  /* Wait before the temporaries go, and so that the caller may free the
   * host arrays at return. */
  rc = flp_cuda_sync(ctx, "mat_upload", err);
  goto done;
fail:
  (void)cudaStreamSynchronize(s);
done:
  (void)cudaFree(ptr64);
  (void)cudaFree(col32);
  (void)cudaFree(rows_of);
  (void)cudaFree(keys_out);
  (void)cudaFree(perm_in);
  (void)cudaFree(perm_out);
  (void)cudaFree(sort_tmp);
  return rc;
}

/* The cuSPARSE objects of one direction: descriptors on the placeholder
 * vectors, workspace, preprocessing (once; later calls rebind the vectors). */
static flp_rc csr_describe(flp_backend_ctx *ctx, flp_cuda_csr *M, int index64, flp_real *bind_in,
                           flp_real *bind_out, flp_error *err) {
  const cusparseIndexType_t it = index64 ? CUSPARSE_INDEX_64I : CUSPARSE_INDEX_32I;
  SPARSE_TRY(cusparseCreateCsr(&M->descr, M->rows, M->cols, M->nnz, M->ptr, M->idx, M->val, it,
                               it, CUSPARSE_INDEX_BASE_ZERO, FLP_CUDA_REAL));
  SPARSE_TRY(cusparseCreateDnVec(&M->vin, M->cols, bind_in, FLP_CUDA_REAL));
  SPARSE_TRY(cusparseCreateDnVec(&M->vout, M->rows, bind_out, FLP_CUDA_REAL));
  const double *one = ctx->d_scalars, *zero = ctx->d_scalars + 1; /* device pointer mode */
  size_t bytes = 0;
  SPARSE_TRY(cusparseSpMV_bufferSize(ctx->sparse, CUSPARSE_OPERATION_NON_TRANSPOSE, one, M->descr,
                                     M->vin, zero, M->vout, FLP_CUDA_REAL,
                                     CUSPARSE_SPMV_CSR_ALG2, &bytes));
  CUDA_TRY(cudaMalloc(&M->buffer, bytes > 0 ? bytes : 16));
  /* Preprocessing only speeds SpMV up: where a library version declines it,
   * SpMV still runs (on the same buffer). */
  cusparseStatus_t st = cusparseSpMV_preprocess(ctx->sparse, CUSPARSE_OPERATION_NON_TRANSPOSE,
                                                one, M->descr, M->vin, zero, M->vout,
                                                FLP_CUDA_REAL, CUSPARSE_SPMV_CSR_ALG2, M->buffer);
  if (st != CUSPARSE_STATUS_SUCCESS && st != CUSPARSE_STATUS_NOT_SUPPORTED)
    return flp_cuda_sp_fail(err, st, "cusparseSpMV_preprocess", FLP_CUDA_WHERE);
  (void)cudaGetLastError();
  return FLP_OK;
}

static void csr_release(flp_cuda_csr *M) {
  if (M->vin) (void)cusparseDestroyDnVec(M->vin);
  if (M->vout) (void)cusparseDestroyDnVec(M->vout);
  if (M->descr) (void)cusparseDestroySpMat(M->descr);
  (void)cudaFree(M->buffer);
  (void)cudaFree(M->ptr);
  (void)cudaFree(M->idx);
  (void)cudaFree(M->val);
  M->vin = M->vout = NULL;
  M->descr = NULL;
  M->buffer = M->ptr = M->idx = NULL;
  M->val = NULL;
}

flp_rc flp_cuda_mat_upload(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                           const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                           flp_mat **out, flp_error *err) {
  if (!out) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: mat_upload: NULL argument");
  *out = NULL;
  flp_rc rc = flp_cuda_enter(ctx, "mat_upload", err);
  if (rc == FLP_OK) rc = check_csr(m, n, nnz, row_ptr, col_idx, values, err);
  if (rc != FLP_OK) return rc;
  flp_mat *M = (flp_mat *)calloc(1, sizeof *M);
  if (!M) return flp_cuda_error(err, FLP_ERR_NOMEM, "cuda: out of memory allocating a matrix");
  M->id = ++ctx->next_mat_id;
  M->index64 = ctx->force_index64 || nnz > (int64_t)INT32_MAX;
  M->a.rows = m;
  M->a.cols = n;
  M->a.nnz = nnz;
  M->at.rows = n;
  M->at.cols = m;
  M->at.nnz = nnz;
  rc = M->index64 ? upload_csr<int64_t>(ctx, M, row_ptr, col_idx, values, err)
                  : upload_csr<int32_t>(ctx, M, row_ptr, col_idx, values, err);
  if (rc == FLP_OK && nnz > 0) {
    /* nnz > 0 implies m, n > 0. An empty matrix gets no cuSPARSE objects. */
    cudaError_t e = cudaMalloc((void **)&M->bind_m, sizeof(flp_real) * (size_t)m);
    if (e == cudaSuccess) e = cudaMalloc((void **)&M->bind_n, sizeof(flp_real) * (size_t)n);
    if (e == cudaSuccess)
      e = cudaMemsetAsync(M->bind_m, 0, sizeof(flp_real) * (size_t)m, ctx->stream);
    if (e == cudaSuccess)
      e = cudaMemsetAsync(M->bind_n, 0, sizeof(flp_real) * (size_t)n, ctx->stream);
    if (e != cudaSuccess) rc = flp_cuda_rt_fail(err, e, "cudaMalloc (SpMV placeholders)",
                                                FLP_CUDA_WHERE);
    if (rc == FLP_OK) rc = csr_describe(ctx, &M->a, M->index64, M->bind_n, M->bind_m, err);
    if (rc == FLP_OK) rc = csr_describe(ctx, &M->at, M->index64, M->bind_m, M->bind_n, err);
    if (rc == FLP_OK) rc = flp_cuda_sync(ctx, "mat_upload (SpMV preprocessing)", err);
  }
  if (rc != FLP_OK) {
    flp_cuda_mat_free(ctx, M);
    return rc;
  }
  *out = M;
  return FLP_OK;
}

void flp_cuda_mat_free(flp_backend_ctx *ctx, flp_mat *A) {
  if (!A) return;
  if (ctx) {
    (void)cudaSetDevice(ctx->device);
    flp_cuda_graphs_forget(ctx, NULL, A->id, 0);
  }
  csr_release(&A->a);
  csr_release(&A->at);
  (void)cudaFree(A->bind_m);
  (void)cudaFree(A->bind_n);
  (void)cudaGetLastError();
  free(A);
}

/* ---- SpMV ------------------------------------------------------------------ */

flp_rc flp_cuda_csr_spmv(flp_backend_ctx *ctx, const flp_cuda_csr *M, const double *d_a,
                         const double *d_b, double b_host, const flp_real *x, flp_real *y,
                         flp_error *err) {
  if (!M->descr) return flp_cuda_scale_raw(ctx, y, M->rows, b_host, err); /* no nonzeros */
  SPARSE_TRY(cusparseDnVecSetValues(M->vin, (void *)x));
  SPARSE_TRY(cusparseDnVecSetValues(M->vout, y));
  SPARSE_TRY(cusparseSpMV(ctx->sparse, CUSPARSE_OPERATION_NON_TRANSPOSE, d_a, M->descr, M->vin,
                          d_b, M->vout, FLP_CUDA_REAL, CUSPARSE_SPMV_CSR_ALG2, M->buffer));
  return FLP_OK;
}

/* ctx->d_scalars[2..3] = a, b, in stream order with the SpMV that reads them. */
static __global__ void set_ab_kernel(double *s, double a, double b) {
  s[2] = a;
  s[3] = b;
}

static flp_rc spmv_op(flp_backend_ctx *ctx, const flp_mat *A, int transposed, double a,
                      const flp_vec *x, double b, flp_vec *y, flp_error *err) {
  const char *op = transposed ? "spmv_t" : "spmv";
  if (!A) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: NULL argument", op);
  const flp_cuda_csr *M = transposed ? &A->at : &A->a;
  flp_rc rc = flp_cuda_enter(ctx, op, err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec(op, "x", x, M->cols, err);
  if (rc == FLP_OK) rc = flp_cuda_check_vec(op, "y", y, M->rows, err);
  if (rc != FLP_OK) return rc;
  if (x == y) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: %s: x and y are the same vector", op);
  if (M->rows == 0) return FLP_OK;
  /* b == 0 overwrites y: zero it first, so a NaN in y cannot leak through
   * 0 * NaN whatever cuSPARSE does with beta == 0. */
  if (b == 0.0 && M->descr) {
    rc = flp_cuda_scale_raw(ctx, y->d, y->n, 0.0, err);
    if (rc != FLP_OK) return rc;
  }
  if (M->descr) {
    set_ab_kernel<<<1, 1, 0, ctx->stream>>>(ctx->d_scalars, a, b);
    LAUNCH_TRY(set_ab_kernel);
  }
  return flp_cuda_csr_spmv(ctx, M, ctx->d_scalars + 2, ctx->d_scalars + 3, b, x->d, y->d, err);
}

flp_rc flp_cuda_spmv(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                     flp_vec *y, flp_error *err) {
  return spmv_op(ctx, A, 0, a, x, b, y, err);
}

flp_rc flp_cuda_spmv_t(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                       double b, flp_vec *y, flp_error *err) {
  return spmv_op(ctx, A, 1, a, x, b, y, err);
}
