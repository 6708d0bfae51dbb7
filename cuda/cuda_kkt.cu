/* CUDA backend: the fused KKT reduction (backend.h, flp_kkt_args). One pass
 * over the n columns and m rows together produces the six sums of
 * flp_kkt_sums; the second pass and the single device-to-host copy are the
 * shared ones of cuda_reduce.cu. The formulas are the CPU backend's, term by
 * term, so both agree to rounding of the summation order. */
#include <math.h>

#include "cuda_internal.h"

enum { K_POBJ, K_DOBJ, K_PSQ, K_PINF, K_DSQ, K_DINF, K_SLOTS };
#define K_MAXMASK ((1u << K_PINF) | (1u << K_DINF))

struct kkt_ptrs {
  const flp_real *x, *y, *ax, *aty, *c, *l, *u, *rl, *ru, *row_w, *col_w;
};

/* Item t < n is column t, item t >= n is row t - n. */
static __global__ void __launch_bounds__(FLP_CUDA_THREADS)
    kkt_kernel(kkt_ptrs p, int64_t n, int64_t m, double *partial) {
  double acc[K_SLOTS] = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  FLP_CUDA_FOR(t, n + m) {
    if (t < n) {
      const int64_t j = t;
      const double cj = p.c[j], lj = p.l[j], uj = p.u[j];
      acc[K_POBJ] += cj * p.x[j];
      const double g = cj - p.aty[j];
      const double lam = ((g > 0.0 && lj > -INFINITY) || (g < 0.0 && uj < INFINITY)) ? g : 0.0;
      const double d = p.col_w[j] * (g - lam);
      acc[K_DSQ] += d * d;
      acc[K_DINF] = flp_cuda_nanmax(acc[K_DINF], fabs(d));
      /* lam > 0 only against a finite l, lam < 0 only against a finite u:
       * an infinite bound is never multiplied. */
      if (lam > 0.0)
        acc[K_DOBJ] += lj * lam;
      else if (lam < 0.0)
        acc[K_DOBJ] += uj * lam;
    } else {
      const int64_t i = t - n;
      const double axi = p.ax[i], rli = p.rl[i], rui = p.ru[i], wi = p.row_w[i];
      const double pr = wi * (axi - flp_cuda_clamp(axi, rli, rui));
      acc[K_PSQ] += pr * pr;
      acc[K_PINF] = flp_cuda_nanmax(acc[K_PINF], fabs(pr));
      const double yi = p.y[i];
      const bool lo_inf = rli == -INFINITY, hi_inf = rui == INFINITY;
      double wrong = 0.0;
      if (lo_inf && yi > 0.0) wrong += yi;
      if (hi_inf && yi < 0.0) wrong += yi;
      if (wrong != 0.0) {
        const double e = wrong / wi;
        acc[K_DSQ] += e * e;
        acc[K_DINF] = flp_cuda_nanmax(acc[K_DINF], fabs(e));
      }
      if (!lo_inf && yi > 0.0) acc[K_DOBJ] += rli * yi;
      if (!hi_inf && yi < 0.0) acc[K_DOBJ] += rui * yi;
    }
  }
  flp_cuda_block_store<K_SLOTS>(acc, K_MAXMASK, partial, FLP_CUDA_RED_BLOCKS);
}

flp_rc flp_cuda_kkt_sums(flp_backend_ctx *ctx, const flp_kkt_args *a, flp_kkt_sums *out,
                         flp_error *err) {
  if (!a || !a->x || !a->y || !out)
    return flp_cuda_error(err, FLP_ERR_INPUT, "cuda: kkt_sums: NULL argument");
  flp_rc rc = flp_cuda_enter(ctx, "kkt_sums", err);
  if (rc != FLP_OK) return rc;
  const int64_t n = a->x->n, m = a->y->n;
  const struct {
    const char *name;
    const flp_vec *v;
    int64_t n;
  } vs[] = {{"ax", a->ax, m},       {"aty", a->aty, n},    {"c", a->c, n},
            {"l", a->l, n},         {"u", a->u, n},        {"rl", a->rl, m},
            {"ru", a->ru, m},       {"row_w", a->row_w, m}, {"col_w", a->col_w, n}};
  for (size_t q = 0; q < sizeof vs / sizeof vs[0]; ++q) {
    rc = flp_cuda_check_vec("kkt_sums", vs[q].name, vs[q].v, vs[q].n, err);
    if (rc != FLP_OK) return rc;
  }
  flp_kkt_sums r = {0.0, 0.0, 0.0, 0.0, 0.0, 0.0};
  if (n + m > 0) {
    kkt_ptrs p = {a->x->d, a->y->d, a->ax->d, a->aty->d, a->c->d, a->l->d,
                  a->u->d, a->rl->d, a->ru->d, a->row_w->d, a->col_w->d};
    const int nb = flp_cuda_red_blocks(n + m);
    kkt_kernel<<<nb, FLP_CUDA_THREADS, 0, ctx->stream>>>(p, n, m, ctx->d_partial);
    LAUNCH_TRY(kkt_kernel);
    double s[K_SLOTS];
    rc = flp_cuda_reduce_finish(ctx, K_SLOTS, K_MAXMASK, nb, s, "kkt_sums", err);
    if (rc != FLP_OK) return rc;
    r.primal_obj = s[K_POBJ];
    r.dual_obj = s[K_DOBJ];
    r.primal_res_sq = s[K_PSQ];
    r.primal_res_inf = s[K_PINF];
    r.dual_res_sq = s[K_DSQ];
    r.dual_res_inf = s[K_DINF];
  }
  *out = r;
  return FLP_OK;
}
