/* Host-side KKT and certificate evaluation in the user's space (see kkt_host.h). */
#include <math.h>
#include <string.h>

#include "kkt_host.h"

static void accumulate(double value, flp_norm norm, double *acc) {
  if (norm == FLP_NORM_LINF) *acc = fmax(*acc, fabs(value));
  else *acc += value * value;
}

static double finish(double acc, flp_norm norm) { return norm == FLP_NORM_LINF ? acc : sqrt(acc); }

flp_data_norms flp_problem_norms(const flp_problem *p, flp_norm norm) {
  double rhs = 0, obj = 0;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double lo = p->row_lower[i], hi = p->row_upper[i];
    if (isfinite(lo)) accumulate(lo, norm, &rhs);
    if (isfinite(hi) && hi != lo) accumulate(hi, norm, &rhs);
  }
  for (int32_t j = 0; j < p->num_cols; ++j) accumulate(p->obj[j], norm, &obj);
  return (flp_data_norms){finish(rhs, norm), finish(obj, norm)};
}

static void mult_A(const flp_problem *p, const double *x, double *ax) {
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double sum = 0;
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) sum += p->values[k] * x[p->col_idx[k]];
    ax[i] = sum;
  }
}

/* sum_j |a_ij x_j|: the size of row i's terms at x */
static double row_terms(const flp_problem *p, const double *x, int32_t i) {
  double sum = 0;
  for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) sum += fabs(p->values[k] * x[p->col_idx[k]]);
  return sum;
}

static void mult_At(const flp_problem *p, const double *y, double *aty) {
  memset(aty, 0, (size_t)p->num_cols * sizeof *aty);
  for (int32_t i = 0; i < p->num_rows; ++i) {
    if (y[i] == 0) continue;
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) aty[p->col_idx[k]] += p->values[k] * y[i];
  }
}

/* The part of a reduced cost that finite column bounds absorb. */
static double absorbed(double g, double lo, double hi) {
  if ((g > 0 && isfinite(lo)) || (g < 0 && isfinite(hi))) return g;
  return 0;
}

/* Sign violation of a dual value for its row (0 when the row admits it). */
static double wrong_sign(double y, double lo, double hi) {
  double v = 0;
  if (!isfinite(lo) && y > 0) v += y;
  if (!isfinite(hi) && y < 0) v -= y;
  return v;
}

/* Row i's violation at activity a as a share of the row's own size:
 * viol / (1 + |violated bound| + sum_j |a_ij x_j|); 0 when the row holds. */
static double row_share(const flp_problem *p, const double *x, int32_t i, double a, double *viol) {
  double lo = p->row_lower[i], hi = p->row_upper[i];
  *viol = a < lo ? lo - a : (a > hi ? a - hi : 0);
  return *viol > 0 ? *viol / (1 + fabs(a < lo ? lo : hi) + row_terms(p, x, i)) : 0;
}

int32_t flp_worst_row(const flp_problem *p, const double *x, const double *activity, double *share,
                      double *viol) {
  int32_t worst = -1;
  *share = *viol = 0;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double v, r = row_share(p, x, i, activity[i], &v);
    if (r > *share) {
      worst = i;
      *share = r;
      *viol = v;
    }
  }
  return worst;
}

static double bound_term(double value, double lo, double hi) {
  double t = 0;
  if (value > 0 && isfinite(lo)) t += lo * value;
  if (value < 0 && isfinite(hi)) t += hi * value;
  return t;
}

void flp_kkt_evaluate(const flp_problem *p, const double *x, const double *y, flp_norm norm,
                      double *activity, double *reduced, flp_kkt_report *out) {
  flp_data_norms dn = flp_problem_norms(p, norm);
  mult_A(p, x, activity);
  mult_At(p, y, reduced);
  double pres = 0, dres = 0, pobj = p->obj_offset, dobj = p->obj_offset, moves = 0, rowwise = 0;
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double lo = p->row_lower[i], hi = p->row_upper[i], viol;
    rowwise = fmax(rowwise, row_share(p, x, i, activity[i], &viol));
    accumulate(viol, norm, &pres);
    moves += fabs(y[i]) * viol;
    accumulate(wrong_sign(y[i], lo, hi), norm, &dres);
    dobj += bound_term(y[i], lo, hi);
  }
  for (int32_t j = 0; j < p->num_cols; ++j) {
    double g = p->obj[j] - reduced[j];
    double lam = absorbed(g, p->col_lower[j], p->col_upper[j]);
    reduced[j] = g;
    accumulate(g - lam, norm, &dres);
    moves += fabs(x[j]) * fabs(g - lam);
    dobj += bound_term(lam, p->col_lower[j], p->col_upper[j]);
    pobj += p->obj[j] * x[j];
  }
  out->primal_obj = pobj;
  out->dual_obj = dobj;
  out->primal_res = finish(pres, norm);
  out->dual_res = finish(dres, norm);
  out->rel_primal = out->primal_res / (1 + dn.rhs);
  out->rel_dual = out->dual_res / (1 + dn.obj);
  out->rel_gap = fabs(pobj - dobj) / (1 + fabs(pobj) + fabs(dobj));
  out->rel_sensitivity = moves / (1 + fabs(pobj) + fabs(dobj));
  out->rel_primal_rowwise = rowwise;
}

int flp_kkt_primal_meets_tolerance(const flp_kkt_report *r, const flp_settings *st) {
  double guard = st->guard_tol > 0 ? st->guard_tol : st->tol;
  return r->rel_primal <= st->tol && r->rel_primal_rowwise <= guard;
}

int flp_kkt_meets_tolerance(const flp_kkt_report *r, const flp_settings *st) {
  return flp_kkt_primal_meets_tolerance(r, st) && r->rel_dual <= st->tol && r->rel_gap <= st->tol &&
         r->rel_sensitivity <= st->tol;
}

/* Certificates are judged by two dimensionless ratios: the violation relative
 * to the size of the ray's own terms (so a row is not "satisfied" because the
 * ray barely touches it), over the objective relative to the size of its
 * terms. quality = feasibility / objective must be <= tol. */
static double ratio_or_inf(double num, double den) { return den > 0 ? num / den : INFINITY; }

int flp_check_dual_ray(const flp_problem *p, const double *y, double tol, double *work,
                       double *quality) {
  double sign_viol = 0, ymax = 0, obj = 0, obj_terms = 0;
  mult_At(p, y, work);
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double lo = p->row_lower[i], hi = p->row_upper[i], t = bound_term(y[i], lo, hi);
    sign_viol = fmax(sign_viol, wrong_sign(y[i], lo, hi));
    ymax = fmax(ymax, fabs(y[i]));
    obj += t;
    obj_terms += fabs(t);
  }
  double lam_viol = 0, lam_max = 0;
  for (int32_t j = 0; j < p->num_cols; ++j) {
    double lam = -work[j]; /* c = 0 for a ray: lam = -A'y must be absorbable */
    double lo = p->col_lower[j], hi = p->col_upper[j], t = bound_term(lam, lo, hi);
    lam_viol = fmax(lam_viol, fabs(lam - absorbed(lam, lo, hi)));
    lam_max = fmax(lam_max, fabs(lam));
    obj += t;
    obj_terms += fabs(t);
  }
  /* |A'y| entries are bounded by the row scale times |y|; use the larger of the
   * observed magnitudes so a ray whose A'y cancels entirely is judged by |y|. */
  double feas = fmax(ratio_or_inf(lam_viol, fmax(lam_max, ymax)), ratio_or_inf(sign_viol, ymax));
  *quality = obj > 0 ? feas / (obj / obj_terms) : INFINITY;
  return obj > 0 && isfinite(obj) && *quality <= tol;
}

int flp_check_primal_ray(const flp_problem *p, const double *d, double tol, double *work,
                         double *quality) {
  double row_viol = 0, ad_max = 0, bound_viol = 0, dmax = 0, cd = 0, cd_terms = 0;
  for (int32_t j = 0; j < p->num_cols; ++j) {
    if (isfinite(p->col_lower[j]) && d[j] < 0) bound_viol = fmax(bound_viol, -d[j]);
    if (isfinite(p->col_upper[j]) && d[j] > 0) bound_viol = fmax(bound_viol, d[j]);
    dmax = fmax(dmax, fabs(d[j]));
    cd += p->obj[j] * d[j];
    cd_terms += fabs(p->obj[j] * d[j]);
  }
  *quality = INFINITY;
  if (!(cd < 0) || !isfinite(cd)) return 0; /* no descent: no ray, whatever A d is (the usual case) */
  mult_A(p, d, work);
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double ad = work[i];
    if (isfinite(p->row_lower[i]) && ad < 0) row_viol = fmax(row_viol, -ad);
    if (isfinite(p->row_upper[i]) && ad > 0) row_viol = fmax(row_viol, ad);
  }
  /* the size of the ray's row terms: max_i sum_j |a_ij d_j| */
  for (int32_t i = 0; i < p->num_rows; ++i) {
    double sum = 0;
    for (int64_t k = p->row_ptr[i]; k < p->row_ptr[i + 1]; ++k) sum += fabs(p->values[k] * d[p->col_idx[k]]);
    ad_max = fmax(ad_max, sum);
  }
  double feas = fmax(ad_max > 0 ? row_viol / ad_max : (row_viol > 0 ? INFINITY : 0),
                     ratio_or_inf(bound_viol, dmax));
  *quality = feas / (-cd / cd_terms);
  return *quality <= tol;
}
