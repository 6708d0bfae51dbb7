/* The backend interface: a runtime table of operations over opaque handles.
 *
 * host/core sees vectors and the constraint matrix only through this table, so
 * one binary serves --device auto|cpu|gpu and one conformance suite tests every
 * backend. Backends know linear algebra and the PDHG step formula; they never
 * make an algorithm decision (restarts, weights, termination live in core).
 *
 * Rules for every backend:
 *   - every operation returns FLP_OK or an error code and writes a message to
 *     err (when not NULL); nothing calls exit() or abort();
 *   - no globals: all state hangs off the context, owned by one solver;
 *   - infinite bounds are IEEE +-inf; inf * 0 must never produce NaN;
 *   - results agree with the CPU backend to about 1e-12 relative.
 */
#ifndef FLEETLP_BACKEND_H
#define FLEETLP_BACKEND_H

#include "fleetlp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct flp_backend_ctx flp_backend_ctx; /* defined by each backend */
typedef struct flp_vec flp_vec;                 /* a vector of doubles on the device */
typedef struct flp_mat flp_mat;                 /* A (and A', built by the backend) */

typedef struct flp_backend_options {
  int threads; /* CPU threads (<= 0: default); ignored by GPU backends */
  int device_index; /* GPU ordinal; ignored by CPU backends */
  /* Backend-specific settings that ctx_create reads (and copies) for a
   * backend that is not one of the registered ones, e.g. the fault plan of
   * the tests' fault-injecting double (tests/support/fault_backend.h).
   * NULL for the registered backends, which ignore it. */
  const void *extra;
} flp_backend_options;

/* Arguments of the fused PDHG iteration; all vectors belong to one context.
 * With tau, sigma, gamma, and k = k0 + t for the t-th of `count` iterations:
 *
 *   aty   = A' y
 *   xh    = clamp(x - tau * (c - aty), l, u)
 *   xbar  = 2 xh - x
 *   v     = A xbar
 *   yh    = y - sigma * v + sigma * clamp(v - y / sigma, rl, ru)
 *   if halpern:
 *     x = (k+1)/(k+2) * ((1-gamma) x + gamma (2 xh - x)) + 1/(k+2) * x0
 *     y = (k+1)/(k+2) * ((1-gamma) y + gamma (2 yh - y)) + 1/(k+2) * y0
 *   (without halpern, x and y are left unchanged: one call computes T(z).)
 *
 * clamp(t, lo, hi) = min(max(t, lo), hi) with infinite lo/hi allowed.
 * After the call aty, xbar and v hold the values of the last iteration. */
typedef struct flp_pdhg_args {
  const flp_mat *A;
  flp_vec *x, *y;           /* current iterate z, updated in place when halpern */
  const flp_vec *x0, *y0;   /* Halpern anchor */
  flp_vec *xh, *yh;         /* T(z) */
  flp_vec *aty, *xbar, *v;  /* scratch, sizes n, n, m */
  const flp_vec *c, *l, *u; /* size n */
  const flp_vec *rl, *ru;   /* size m */
  double tau, sigma, gamma;
  int64_t k0;
  int halpern;
} flp_pdhg_args;

/* Arguments of the fused KKT reduction at a point (x, y) with ax = A x and
 * aty = A' y, in the scaled space. row_w and col_w are positive weights that
 * map scaled residuals back to the user's units (1/row scale, 1/col scale).
 *
 *   primal residual  p_i = row_w_i * (ax_i - clamp(ax_i, rl_i, ru_i))
 *   reduced cost     g_j = c_j - aty_j
 *   absorbed part    lam_j = g_j if (g_j > 0 and l_j > -inf) or (g_j < 0 and u_j < inf), else 0
 *   dual residual    d_j = col_w_j * (g_j - lam_j)           (over columns)
 *                    e_i = (1/row_w_i) * wrong_sign(y_i)     (over rows)
 *     wrong_sign(y_i) = max(y_i, 0) if rl_i == -inf, plus min(y_i, 0) if ru_i == +inf
 *                       (both apply to a free row: any nonzero y_i is wrong)
 *   primal_obj = sum_j c_j x_j
 *   dual_obj   = sum_i [ rl_i * max(y_i,0) if rl_i finite ] + [ ru_i * min(y_i,0) if ru_i finite ]
 *              + sum_j [ l_j * max(lam_j,0) if l_j finite ] + [ u_j * min(lam_j,0) if u_j finite ]
 *   (an infinite bound's term is skipped, never multiplied: inf * 0 is not NaN)
 */
typedef struct flp_kkt_args {
  const flp_vec *x, *y, *ax, *aty;
  const flp_vec *c, *l, *u, *rl, *ru;
  const flp_vec *row_w, *col_w;
} flp_kkt_args;

typedef struct flp_kkt_sums {
  double primal_obj, dual_obj;
  double primal_res_sq, primal_res_inf; /* sum p_i^2, max |p_i| */
  double dual_res_sq, dual_res_inf;     /* sum d_j^2 + e_i^2, max of |d_j|, |e_i| */
} flp_kkt_sums;

typedef enum flp_map_op {
  FLP_MAP_RSQRT_OR_ONE = 0, /* v = v > 0 ? 1/sqrt(v) : 1 */
  FLP_MAP_INV_OR_ONE = 1    /* v = v > 0 ? 1/v : 1 */
} flp_map_op;

typedef struct flp_backend {
  const char *name; /* "cpu", "cuda" */

  /* Can this backend run here? Writes a one-line description (device name,
   * memory, driver) or the reason it cannot. Returns FLP_OK when usable. */
  flp_rc (*probe)(char *desc, size_t cap);

  flp_rc (*ctx_create)(const flp_backend_options *opt, flp_backend_ctx **out, flp_error *err);
  void (*ctx_destroy)(flp_backend_ctx *ctx); /* NULL-safe */
  /* e.g. "cpu (2 threads)" or "cuda: NVIDIA H100 80GB HBM3" */
  void (*describe)(const flp_backend_ctx *ctx, char *buf, size_t cap);

  /* vectors */
  flp_rc (*vec_alloc)(flp_backend_ctx *ctx, int64_t n, flp_vec **out, flp_error *err); /* zeroed */
  void (*vec_free)(flp_backend_ctx *ctx, flp_vec *v); /* NULL-safe */
  int64_t (*vec_len)(const flp_vec *v);
  flp_rc (*vec_upload)(flp_backend_ctx *ctx, flp_vec *dst, const double *src, flp_error *err);
  flp_rc (*vec_download)(flp_backend_ctx *ctx, const flp_vec *src, double *dst, flp_error *err);
  flp_rc (*vec_copy)(flp_backend_ctx *ctx, flp_vec *dst, const flp_vec *src, flp_error *err);
  flp_rc (*vec_fill)(flp_backend_ctx *ctx, flp_vec *dst, double value, flp_error *err);
  /* y = a x + b y (b == 0 means y is overwritten, even if it held NaN) */
  flp_rc (*axpby)(flp_backend_ctx *ctx, double a, const flp_vec *x, double b, flp_vec *y,
                  flp_error *err);
  flp_rc (*vec_mul)(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err); /* y .*= x */
  flp_rc (*vec_div)(flp_backend_ctx *ctx, flp_vec *y, const flp_vec *x, flp_error *err); /* y ./= x */
  flp_rc (*vec_map)(flp_backend_ctx *ctx, flp_vec *v, flp_map_op op, flp_error *err);
  flp_rc (*dot)(flp_backend_ctx *ctx, const flp_vec *x, const flp_vec *y, double *out,
                flp_error *err);
  flp_rc (*norm2)(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);
  flp_rc (*norm_inf)(flp_backend_ctx *ctx, const flp_vec *x, double *out, flp_error *err);
  /* x = clamp(x, lo, hi) element-wise */
  flp_rc (*project_box)(flp_backend_ctx *ctx, flp_vec *x, const flp_vec *lo, const flp_vec *hi,
                        flp_error *err);

  /* matrix: CSR of A (m x n); the backend builds A' itself. Column indices may
   * be unsorted within a row; the input arrays are copied. */
  flp_rc (*mat_upload)(flp_backend_ctx *ctx, int32_t m, int32_t n, int64_t nnz,
                       const int64_t *row_ptr, const int32_t *col_idx, const double *values,
                       flp_mat **out, flp_error *err);
  void (*mat_free)(flp_backend_ctx *ctx, flp_mat *A); /* NULL-safe */
  /* y = a A x + b y   and   y = a A' x + b y  (b == 0 overwrites y) */
  flp_rc (*spmv)(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                 flp_vec *y, flp_error *err);
  flp_rc (*spmv_t)(flp_backend_ctx *ctx, const flp_mat *A, double a, const flp_vec *x, double b,
                   flp_vec *y, flp_error *err);
  /* row_i = ||A_i.||_p, col_j = ||A_.j||_p for p = 0 (meaning inf) or p = 1 */
  flp_rc (*mat_norms)(flp_backend_ctx *ctx, const flp_mat *A, int p, flp_vec *row, flp_vec *col,
                      flp_error *err);
  /* A := diag(row) A diag(col), and A' accordingly */
  flp_rc (*mat_scale)(flp_backend_ctx *ctx, flp_mat *A, const flp_vec *row, const flp_vec *col,
                      flp_error *err);

  /* fused operations */
  flp_rc (*pdhg_iterate)(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count, flp_error *err);
  flp_rc (*kkt_sums)(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                     flp_error *err);

  /* Scenario batches: `count` Halpern iterations of K LPs that share one
   * matrix, args[k] being LP k's arguments (all with the same A, halpern 1,
   * their own vectors, tau, sigma and k0). Every vector ends as K calls of
   * pdhg_iterate would leave it (bit for bit on the CPU), but A and A' are
   * read once per iteration for all K: a sparse matrix times a dense block.
   * NULL: the core makes the K calls. */
  flp_rc (*pdhg_iterate_batch)(flp_backend_ctx *ctx, const flp_pdhg_args *const *args, int K,
                               int count, flp_error *err);
} flp_backend;

/* The registered backends, CPU first. */
const flp_backend *const *flp_backends(int *count);
const flp_backend *flp_backend_find(const char *name);

/* The CPU (OpenMP) backend, always present. */
const flp_backend *flp_cpu_backend(void);
/* The CUDA backend, or NULL when not compiled in. */
const flp_backend *flp_cuda_backend(void);

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_BACKEND_H */
