/* CUDA backend: the fused PDHG iteration (backend.h, flp_pdhg_args).
 *
 * One iteration is two SpMVs and two fused kernels on the context's stream:
 *   aty = A' y                      (cuSPARSE, CSR of A')
 *   primal_kernel: xh, xbar, Halpern update of x     (one pass over n)
 *   v = A xbar                      (cuSPARSE, CSR of A)
 *   dual_kernel: yh, Halpern update of y             (one pass over m)
 *
 * The scalars (tau, sigma, gamma, k0, halpern) live in device memory
 * (ctx->d_params), written by a one-thread kernel at the start of each call;
 * the kernels of iteration t read them and use k = k0 + t, with t a launch
 * parameter. So the iterations of a call can be captured once as a CUDA graph
 * over fixed buffers and replayed for every later call on the same buffers,
 * whatever the step sizes or k0. Graphs are cached per context, keyed by the
 * matrix and the 14 vectors' device addresses and the iteration count (at
 * most FLP_CUDA_GRAPH_ITERS; longer calls replay it in chunks, rewriting k0
 * between chunks). vec_free and mat_free drop the graphs that use them.
 * cuSPARSE runs in device pointer mode with alpha = 1, beta = 0 held in
 * ctx->d_scalars, so captured SpMV nodes point at device memory that lives
 * as long as the context, never at a host stack copy of a scalar.
 *
 * If a capture fails (a library call that cannot be captured, say), the
 * context turns graphs off, says so in describe(), and runs the same kernels
 * eagerly; FLEETLP_CUDA_GRAPHS=0 does that from the start. Either way no host
 * synchronisation happens here: results are read through calls that wait.
 * The exception is FLEETLP_CUDA_SYNC=1 (graphs off, a wait after each SpMV
 * and kernel), for finding which step a device fault comes from. */
#include <stdio.h>
#include <string.h>

#include "cuda_internal.h"

static __global__ void set_params_kernel(flp_cuda_pdhg_params *p, double tau, double sigma,
                                         double gamma, long long k0, int halpern) {
  p->tau = tau;
  p->sigma = sigma;
  p->gamma = gamma;
  p->k0 = k0;
  p->halpern = halpern;
}

/* Expressions match the CPU backend's term by term (no FMA contraction in
 * this build), so the two differ only by what the SpMV summation order does. */
static __device__ __forceinline__ void halpern_weights(const flp_cuda_pdhg_params *p, int t,
                                                       double *w1, double *w0) {
  const double k = (double)(p->k0 + t);
  *w1 = (k + 1.0) / (k + 2.0);
  *w0 = 1.0 / (k + 2.0);
}

static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    primal_kernel(const flp_cuda_pdhg_params *__restrict__ prm, int t, int64_t n,
                  flp_real *__restrict__ x, const flp_real *__restrict__ x0,
                  flp_real *__restrict__ xh, flp_real *__restrict__ xbar,
                  const flp_real *__restrict__ aty, const flp_real *__restrict__ c,
                  const flp_real *__restrict__ l, const flp_real *__restrict__ u) {
  const double tau = prm->tau, gamma = prm->gamma;
  const int halpern = prm->halpern;
  double w1, w0;
  halpern_weights(prm, t, &w1, &w0);
  FLP_CUDA_FOR(j, n) {
    const double xj = x[j];
    const double t2 = flp_cuda_clamp(xj - tau * (c[j] - aty[j]), l[j], u[j]);
    const double xb = 2.0 * t2 - xj;
    xh[j] = t2;
    xbar[j] = xb;
    if (halpern) x[j] = w1 * ((1.0 - gamma) * xj + gamma * xb) + w0 * x0[j];
  }
}

static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    dual_kernel(const flp_cuda_pdhg_params *__restrict__ prm, int t, int64_t m,
                flp_real *__restrict__ y, const flp_real *__restrict__ y0,
                flp_real *__restrict__ yh, const flp_real *__restrict__ v,
                const flp_real *__restrict__ rl, const flp_real *__restrict__ ru) {
  const double sigma = prm->sigma, gamma = prm->gamma;
  const int halpern = prm->halpern;
  double w1, w0;
  halpern_weights(prm, t, &w1, &w0);
  FLP_CUDA_FOR(i, m) {
    const double s = v[i], yi = y[i];
    const double q = yi - sigma * s + sigma * flp_cuda_clamp(s - yi / sigma, rl[i], ru[i]);
    yh[i] = q;
    if (halpern) y[i] = w1 * ((1.0 - gamma) * yi + gamma * (2.0 * q - yi)) + w0 * y0[i];
  }
}

/* ---- arguments ------------------------------------------------------------- */

/* The 14 vectors in a fixed order: the graph key, and the checks. The first
 * five are always written, x and y (6th, 7th) under halpern. */
static void arg_vectors(const flp_pdhg_args *a, const flp_vec *vs[FLP_CUDA_GRAPH_PTRS]) {
  const flp_vec *list[FLP_CUDA_GRAPH_PTRS] = {a->xh, a->yh, a->aty, a->xbar, a->v, a->x, a->y,
                                              a->x0, a->y0, a->c,   a->l,    a->u, a->rl, a->ru};
  memcpy(vs, list, sizeof list);
}

static flp_rc check_args(const flp_pdhg_args *a, int count, flp_error *err) {
  static const char *const names[FLP_CUDA_GRAPH_PTRS] = {"xh", "yh", "aty", "xbar", "v",
                                                         "x",  "y",  "x0",  "y0",   "c",
                                                         "l",  "u",  "rl",  "ru"};
  /* 1: length n (columns of A), 0: length m (rows) */
  static const int is_col[FLP_CUDA_GRAPH_PTRS] = {1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0};
  if (!a || !a->A) return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: pdhg_iterate: NULL argument");
  if (count < 0)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: pdhg_iterate: negative count %d", count);
  const int64_t m = a->A->a.rows, n = a->A->a.cols;
  const flp_vec *vs[FLP_CUDA_GRAPH_PTRS];
  arg_vectors(a, vs);
  for (int i = 0; i < FLP_CUDA_GRAPH_PTRS; ++i) {
    flp_rc rc = flp_cuda_check_vec("pdhg_iterate", names[i], vs[i], is_col[i] ? n : m, err);
    if (rc != FLP_OK) return rc;
  }
  /* The kernels promise no overlap (__restrict__): a written vector may not
   * be any other argument. */
  const int written = a->halpern ? 7 : 5;
  for (int i = 0; i < written; ++i)
    for (int j = 0; j < FLP_CUDA_GRAPH_PTRS; ++j)
      if (i != j && vs[i] == vs[j])
        return flp_cuda_error(err, FLP_ERR_INPUT,
                              "cuda: pdhg_iterate: %s and %s are the same vector", names[i],
                              names[j]);
  return FLP_OK;
}

/* ---- one iteration, enqueued (eagerly or under capture) -------------------- */

/* With FLEETLP_CUDA_SYNC=1 (never under capture: it turns graphs off), a
 * wait after each step names the step a fault came from. */
static flp_rc step_done(flp_backend_ctx *ctx, int eager, const char *step, int t,
                        flp_error *err) {
  if (!eager || !ctx->sync_each_op) return FLP_OK;
  char what[96];
  snprintf(what, sizeof what, "%s, iteration %d of the call", step, t + 1);
  return flp_cuda_step_done(ctx, "pdhg_iterate", what, err);
}

static flp_rc enqueue_iteration(flp_backend_ctx *ctx, const flp_pdhg_args *a, int t, int eager,
                                flp_error *err) {
  const flp_mat *A = a->A;
  const int64_t m = A->a.rows, n = A->a.cols;
  /* beta = 0: aty and v are fully overwritten by the SpMVs. */
  const double *one = ctx->d_scalars, *zero = ctx->d_scalars + 1;
  flp_rc rc = flp_cuda_csr_spmv(ctx, &A->at, one, zero, 0.0, a->y->d, a->aty->d, err);
  if (rc == FLP_OK) rc = step_done(ctx, eager, "aty = A' y (cuSPARSE SpMV)", t, err);
  if (rc != FLP_OK) return rc;
  if (n > 0) {
    primal_kernel<<<flp_cuda_grid(n), FLP_CUDA_THREADS, 0, ctx->stream>>>(
        ctx->d_params, t, n, a->x->d, a->x0->d, a->xh->d, a->xbar->d, a->aty->d, a->c->d,
        a->l->d, a->u->d);
    LAUNCH_TRY(primal_kernel);
    rc = step_done(ctx, eager, "primal_kernel", t, err);
    if (rc != FLP_OK) return rc;
  }
  rc = flp_cuda_csr_spmv(ctx, &A->a, one, zero, 0.0, a->xbar->d, a->v->d, err);
  if (rc == FLP_OK) rc = step_done(ctx, eager, "v = A xbar (cuSPARSE SpMV)", t, err);
  if (rc != FLP_OK) return rc;
  if (m > 0) {
    dual_kernel<<<flp_cuda_grid(m), FLP_CUDA_THREADS, 0, ctx->stream>>>(
        ctx->d_params, t, m, a->y->d, a->y0->d, a->yh->d, a->v->d, a->rl->d, a->ru->d);
    LAUNCH_TRY(dual_kernel);
    rc = step_done(ctx, eager, "dual_kernel", t, err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

/* ---- graph cache ----------------------------------------------------------- */

static void graph_release(flp_cuda_graph *g) {
  if (g->used && g->exec) (void)cudaGraphExecDestroy(g->exec); /* in-flight launches finish */
  memset(g, 0, sizeof *g);
}

void flp_cuda_graphs_forget(flp_backend_ctx *ctx, const void *p, uint64_t mat_id, int all) {
  if (!ctx) return;
  for (int s = 0; s < FLP_CUDA_GRAPHS; ++s) {
    flp_cuda_graph *g = &ctx->graphs[s];
    if (!g->used) continue;
    int hit = all || (mat_id != 0 && g->mat_id == mat_id);
    for (int i = 0; !hit && p && i < FLP_CUDA_GRAPH_PTRS; ++i) hit = g->ptr[i] == p;
    if (hit) graph_release(g);
  }
}

static void graph_key(const flp_pdhg_args *a, const void *ptr[FLP_CUDA_GRAPH_PTRS]) {
  const flp_vec *vs[FLP_CUDA_GRAPH_PTRS];
  arg_vectors(a, vs);
  for (int i = 0; i < FLP_CUDA_GRAPH_PTRS; ++i) ptr[i] = vs[i]->d;
}

/* Captures `count` iterations into *exec. On failure the stream is out of
 * capture mode again and err says why. */
static flp_rc capture(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count,
                      cudaGraphExec_t *exec, flp_error *err) {
  cudaGraph_t graph = NULL;
  CUDA_TRY(cudaStreamBeginCapture(ctx->stream, cudaStreamCaptureModeThreadLocal));
  flp_rc rc = FLP_OK;
  for (int t = 0; t < count && rc == FLP_OK; ++t) rc = enqueue_iteration(ctx, a, t, 0, err);
  cudaError_t e = cudaStreamEndCapture(ctx->stream, &graph);
  if (rc == FLP_OK && e != cudaSuccess)
    rc = flp_cuda_rt_fail(err, e, "cudaStreamEndCapture", FLP_CUDA_WHERE);
  if (rc == FLP_OK) {
    e = cudaGraphInstantiate(exec, graph, 0);
    if (e != cudaSuccess) rc = flp_cuda_rt_fail(err, e, "cudaGraphInstantiate", FLP_CUDA_WHERE);
  }
  if (graph) (void)cudaGraphDestroy(graph); /* the executable graph is independent of it */
  (void)cudaGetLastError();
  return rc;
}

/* The cached graph for these arguments, captured on a miss (evicting the
 * least recently used). NULL when capture failed: the context then turns
 * graphs off and the caller launches eagerly, which reports any real fault. */
static flp_cuda_graph *graph_for(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count) {
  const void *key[FLP_CUDA_GRAPH_PTRS];
  graph_key(a, key);
  flp_cuda_graph *victim = &ctx->graphs[0];
  for (int s = 0; s < FLP_CUDA_GRAPHS; ++s) {
    flp_cuda_graph *g = &ctx->graphs[s];
    if (g->used && g->mat_id == a->A->id && g->count == count &&
        memcmp(g->ptr, key, sizeof key) == 0) {
      g->last_use = ++ctx->graph_clock;
      return g;
    }
    if (!g->used ? victim->used : (victim->used && g->last_use < victim->last_use)) victim = g;
  }
  cudaGraphExec_t exec = NULL;
  flp_error cap_err;
  cap_err.code = FLP_OK;
  cap_err.msg[0] = '\0';
  if (capture(ctx, a, count, &exec, &cap_err) != FLP_OK) {
    /* Eager launches run the same kernels; remember why for describe(). */
    ctx->graphs_off = 1;
    snprintf(ctx->graph_note, sizeof ctx->graph_note, "%.150s", cap_err.msg);
    return NULL;
  }
  graph_release(victim);
  victim->used = 1;
  victim->mat_id = a->A->id;
  memcpy(victim->ptr, key, sizeof key);
  victim->count = count;
  victim->exec = exec;
  victim->last_use = ++ctx->graph_clock;
  return victim;
}

flp_rc flp_cuda_pdhg_iterate(flp_backend_ctx *ctx, const flp_pdhg_args *a, int count,
                             flp_error *err) {
  flp_rc rc = flp_cuda_enter(ctx, "pdhg_iterate", err);
  if (rc == FLP_OK) rc = check_args(a, count, err);
  if (rc != FLP_OK || count == 0) return rc;
  /* The SpMVs overwrite aty and v with beta = 0. Zeroed once per call, a NaN
   * left in them by earlier use cannot leak through 0 * NaN, whatever
   * cuSPARSE does with beta = 0; within the call they hold finite values
   * unless the iterate itself is not finite. */
  if (a->aty->n > 0)
    CUDA_TRY(cudaMemsetAsync(a->aty->d, 0, sizeof(flp_real) * (size_t)a->aty->n, ctx->stream));
  if (a->v->n > 0)
    CUDA_TRY(cudaMemsetAsync(a->v->d, 0, sizeof(flp_real) * (size_t)a->v->n, ctx->stream));
  for (int done = 0; done < count;) {
    const int chunk = count - done < FLP_CUDA_GRAPH_ITERS ? count - done : FLP_CUDA_GRAPH_ITERS;
    /* Stream order: these parameters are read by the chunk launched next and
     * rewritten only after it has run. */
    set_params_kernel<<<1, 1, 0, ctx->stream>>>(ctx->d_params, a->tau, a->sigma, a->gamma,
                                                (long long)(a->k0 + done), a->halpern ? 1 : 0);
    LAUNCH_TRY(set_params_kernel);
    flp_cuda_graph *g = ctx->graphs_off ? NULL : graph_for(ctx, a, chunk);
    if (g) {
      CUDA_TRY(cudaGraphLaunch(g->exec, ctx->stream));
    } else {
      for (int t = 0; t < chunk; ++t) {
        rc = enqueue_iteration(ctx, a, t, 1, err);
        if (rc != FLP_OK) return rc;
      }
    }
    done += chunk;
  }
  return FLP_OK;
}
