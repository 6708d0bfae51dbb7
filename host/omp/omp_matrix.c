/* OpenMP backend: the constraint matrix. Upload copies A (CSR), builds A' as
 * CSR once, and splits the rows of each into nonzero-balanced blocks; also the
 * row/column norms and the diagonal scaling used by Ruiz and Pock-Chambolle. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "omp_internal.h"

static void csr_release(omp_csr *M) {
  flp_omp_free(M->ptr);
  flp_omp_free(M->idx);
  flp_omp_free(M->val);
  flp_omp_free(M->block_row);
  memset(M, 0, sizeof *M);
}

static int csr_alloc(omp_csr *M, int32_t rows, int32_t cols, int64_t nnz, int nblocks) {
  memset(M, 0, sizeof *M);
  M->rows = rows;
  M->cols = cols;
  M->nnz = nnz;
  M->nblocks = nblocks;
  M->ptr = flp_omp_alloc((int64_t)rows + 1, sizeof *M->ptr);
  M->idx = flp_omp_alloc(nnz, sizeof *M->idx);
  M->val = flp_omp_alloc(nnz, sizeof *M->val);
  M->block_row = flp_omp_alloc((int64_t)nblocks + 1, sizeof *M->block_row);
  return M->ptr && M->idx && M->val && M->block_row;
}

/* Block boundaries so that each block carries about the same cost, counted as
 * nonzeros plus rows (a row costs its output write even when empty). The cost
 * up to row r, ptr[r] + r, is strictly increasing: binary search it. */
static void csr_partition(omp_csr *M) {
  int nb = M->nblocks;
  int64_t total = M->nnz + M->rows;
  M->block_row[0] = 0;
  for (int b = 1; b < nb; ++b) {
    int64_t target = flp_omp_split(total, nb, b);
    int32_t lo = M->block_row[b - 1], hi = M->rows; /* first r in [lo, hi] with cost >= target */
    while (lo < hi) {
      int32_t mid = lo + (hi - lo) / 2;
      if (M->ptr[mid] + mid < target)
        lo = mid + 1;
      else
        hi = mid;
    }
    M->block_row[b] = lo;
  }
  M->block_row[nb] = M->rows;
}

static flp_rc check_csr(int32_t m, int32_t n, int64_t nnz, const int64_t *row_ptr,
                        const int32_t *col_idx, const double *values, flp_error *err) {
  if (m < 0 || n < 0 || nnz < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_upload: negative size (%d x %d, %lld nonzeros)",
                         (int)m, (int)n, (long long)nnz);
  if (!row_ptr || (nnz > 0 && (!col_idx || !values)))
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_upload: NULL CSR array");
  if (row_ptr[0] != 0 || row_ptr[m] != nnz)
    return flp_error_set(err, FLP_ERR_INPUT,
                         "cpu: mat_upload: row_ptr runs from %lld to %lld, expected 0 to %lld",
                         (long long)row_ptr[0], (long long)row_ptr[m], (long long)nnz);
  for (int32_t i = 0; i < m; ++i)
    if (row_ptr[i + 1] < row_ptr[i])
      return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_upload: row_ptr decreases at row %d",
                           (int)i);
  for (int64_t k = 0; k < nnz; ++k)
    if (col_idx[k] < 0 || col_idx[k] >= n)
      return flp_error_set(err, FLP_ERR_INPUT,
                           "cpu: mat_upload: column index %d at nonzero %lld is outside [0, %d)",
                           (int)col_idx[k], (long long)k, (int)n);
  return FLP_OK;
}

/* A' by a counting sort over columns: within a row of A' the entries come in
 * increasing row order of A, whatever the order within the rows of A. */
static void csr_transpose(const omp_csr *A, omp_csr *T) {
  int64_t *ptr = T->ptr;
  memset(ptr, 0, ((size_t)A->cols + 1) * sizeof *ptr);
  for (int64_t k = 0; k < A->nnz; ++k) ++ptr[A->idx[k] + 1];
  for (int32_t j = 0; j < A->cols; ++j) ptr[j + 1] += ptr[j];
  /* ptr[j] doubles as the insertion cursor of row j, then is shifted back. */
  for (int32_t i = 0; i < A->rows; ++i) {
    for (int64_t k = A->ptr[i]; k < A->ptr[i + 1]; ++k) {
      int64_t dst = ptr[A->idx[k]]++;
      T->idx[dst] = i;
      T->val[dst] = A->val[k];
    }
  }
  for (int32_t j = A->cols; j > 0; --j) ptr[j] = ptr[j - 1];
  ptr[0] = 0;
}

flp_rc flp_omp_mat_upload(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                          const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                          flp_mat **out, flp_error *err) {
  if (!ctx || !out) return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_upload: NULL argument");
  *out = NULL;
  flp_rc rc = check_csr(m, n, nnz, row_ptr, col_idx, values, err);
  if (rc != FLP_OK) return rc;
  flp_mat *A = calloc(1, sizeof *A);
  if (!A) return flp_error_set(err, FLP_ERR_NOMEM, "cpu: out of memory allocating a matrix");
  int ok = csr_alloc(&A->a, m, n, nnz, flp_omp_blocks(ctx, nnz + m, FLP_OMP_GRAIN_SPMV));
  ok = csr_alloc(&A->at, n, m, nnz, flp_omp_blocks(ctx, nnz + n, FLP_OMP_GRAIN_SPMV)) && ok;
  if (!ok) {
    flp_omp_mat_free(ctx, A);
    return flp_error_set(err, FLP_ERR_NOMEM,
                         "cpu: out of memory storing a %d x %d matrix with %lld nonzeros and its "
                         "transpose",
                         (int)m, (int)n, (long long)nnz);
  }
  memcpy(A->a.ptr, row_ptr, ((size_t)m + 1) * sizeof *row_ptr);
  if (nnz > 0) {
    memcpy(A->a.idx, col_idx, (size_t)nnz * sizeof *col_idx);
    memcpy(A->a.val, values, (size_t)nnz * sizeof *values);
  }
  csr_transpose(&A->a, &A->at);
  csr_partition(&A->a);
  csr_partition(&A->at);
  *out = A;
  return FLP_OK;
}

void flp_omp_mat_free(flp_backend_ctx *ctx, flp_mat *A) {
  (void)ctx;
  if (!A) return;
  csr_release(&A->a);
  csr_release(&A->at);
  free(A);
}

/* out_i = ||row i of M||_p, p = 0 (inf) or 1; rows split by the balanced blocks. */
static void csr_row_norms(const omp_csr *M, int p, double *restrict out) {
  const int64_t *restrict ptr = M->ptr;
  const double *restrict val = M->val;
  int nb = M->nblocks;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    for (int32_t i = M->block_row[b]; i < M->block_row[b + 1]; ++i) {
      double s = 0.0;
      if (p == 1) {
        for (int64_t k = ptr[i]; k < ptr[i + 1]; ++k) s += fabs(val[k]);
      } else {
        for (int64_t k = ptr[i]; k < ptr[i + 1]; ++k) s = fmax(s, fabs(val[k]));
      }
      out[i] = s;
    }
  }
}

flp_rc flp_omp_mat_norms(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row,
                         flp_vec *col, flp_error *err) {
  if (!ctx || !A) return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_norms: NULL argument");
  if (p != 0 && p != 1)
    return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_norms: p = %d, expected 0 (inf) or 1", p);
  flp_rc rc = flp_omp_check_vec("mat_norms", "row norms", row, A->a.rows, err);
  if (rc == FLP_OK) rc = flp_omp_check_vec("mat_norms", "column norms", col, A->a.cols, err);
  if (rc != FLP_OK) return rc;
  csr_row_norms(&A->a, p, row->data);
  csr_row_norms(&A->at, p, col->data);
  return FLP_OK;
}

flp_rc flp_omp_mat_scale(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row,
                         const flp_vec *col, flp_error *err) {
  if (!ctx || !A) return flp_error_set(err, FLP_ERR_INPUT, "cpu: mat_scale: NULL argument");
  flp_rc rc = flp_omp_check_vec("mat_scale", "row scale", row, A->a.rows, err);
  if (rc == FLP_OK) rc = flp_omp_check_vec("mat_scale", "column scale", col, A->a.cols, err);
  if (rc != FLP_OK) return rc;
  const double *restrict r = row->data, *restrict c = col->data;
  /* Both copies evaluate (a_ij * r_i) * c_j, so A' stays exactly A transposed. */
  const omp_csr *M = &A->a;
  int nb = M->nblocks;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    for (int32_t i = M->block_row[b]; i < M->block_row[b + 1]; ++i)
      for (int64_t k = M->ptr[i]; k < M->ptr[i + 1]; ++k)
        M->val[k] = M->val[k] * r[i] * c[M->idx[k]];
  }
  M = &A->at;
  nb = M->nblocks;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int b = omp_get_thread_num(); b < nb; b += omp_get_num_threads()) {
    for (int32_t j = M->block_row[b]; j < M->block_row[b + 1]; ++j)
      for (int64_t k = M->ptr[j]; k < M->ptr[j + 1]; ++k)
        M->val[k] = M->val[k] * r[M->idx[k]] * c[j];
  }
  return FLP_OK;
}

static flp_rc csr_spmv(flp_backend_ctx *ctx, const omp_csr *M, double a, const flp_vec *x,
                       double b, flp_vec *y, const char *op, flp_error *err) {
  if (!ctx || !M) return flp_error_set(err, FLP_ERR_INPUT, "cpu: %s: NULL argument", op);
  flp_rc rc = flp_omp_check_vec(op, "x", x, M->cols, err);
  if (rc == FLP_OK) rc = flp_omp_check_vec(op, "y", y, M->rows, err);
  if (rc != FLP_OK) return rc;
  if (x == y) return flp_error_set(err, FLP_ERR_INPUT, "cpu: %s: x and y are the same vector", op);
  const double *restrict xd = x->data;
  double *restrict yd = y->data;
  int nb = M->nblocks;
#pragma omp parallel num_threads(nb) if (nb > 1)
  for (int blk = omp_get_thread_num(); blk < nb; blk += omp_get_num_threads()) {
    int32_t lo = M->block_row[blk], hi = M->block_row[blk + 1];
    if (b == 0.0) { /* overwrite: a NaN in y must not survive as 0 * NaN */
      for (int32_t i = lo; i < hi; ++i) yd[i] = a * flp_omp_row_dot(M, xd, i);
    } else {
      for (int32_t i = lo; i < hi; ++i) yd[i] = a * flp_omp_row_dot(M, xd, i) + b * yd[i];
    }
  }
  return FLP_OK;
}

flp_rc flp_omp_spmv(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                    flp_vec *y, flp_error *err) {
  return csr_spmv(ctx, A ? &A->a : NULL, a, x, b, y, "spmv", err);
}

flp_rc flp_omp_spmv_t(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x,
                      double b, flp_vec *y, flp_error *err) {
  return csr_spmv(ctx, A ? &A->at : NULL, a, x, b, y, "spmv_t", err);
}
