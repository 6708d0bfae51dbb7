/* Independent evaluation, on the host and in the user's original space, of
 * what the solver claims: KKT residuals of a point and the validity of an
 * infeasibility certificate. Used to certify results before they are reported. */
#ifndef FLEETLP_KKT_HOST_H
#define FLEETLP_KKT_HOST_H

#include "fleetlp.h"

typedef struct flp_kkt_report {
  double primal_obj, dual_obj;      /* minimisation form, offset included */
  double primal_res, dual_res;      /* absolute, in the chosen norm */
  double rel_primal, rel_dual, rel_gap;
  /* First-order estimate of how far the objectives could move if the
   * residuals were repaired: (sum |y_i| viol_i + sum |x_j| |rho_j|) / (1 + |p| + |d|).
   * Small residuals against large duals or values still allow large moves. */
  double rel_sensitivity;
  /* max_i viol_i / (1 + |violated bound| + sum_j |a_ij x_j|): a few large
   * bounds cannot hide a row violated by a large share of its own size the
   * way they can in the norm-relative residual. */
  double rel_primal_rowwise;
} flp_kkt_report;

/* The row violated by the largest share of its own size at x (activity =
 * A x), the measure of rel_primal_rowwise: its index, or -1 when every row
 * holds. *share receives that share, *viol the absolute violation. */
int32_t flp_worst_row(const flp_problem *p, const double *x, const double *activity, double *share,
                      double *viol);

/* Norms of the data that make the residuals relative. */
typedef struct flp_data_norms {
  double rhs, obj; /* finite row bounds and objective, in the chosen norm */
} flp_data_norms;

flp_data_norms flp_problem_norms(const flp_problem *p, flp_norm norm);

/* Evaluates (x, y) with the duals in minimisation form. activity (m) and
 * reduced (n) receive A x and c - A'y. */
void flp_kkt_evaluate(const flp_problem *p, const double *x, const double *y, flp_norm norm,
                      double *activity, double *reduced, flp_kkt_report *out);

/* 1 when the report meets everything OPTIMAL asks for under st: the
 * relative residuals and gap, the objective sensitivity and the per-row guard. */
int flp_kkt_meets_tolerance(const flp_kkt_report *r, const flp_settings *st);
/* Its primal part: the relative primal residual and the per-row guard. */
int flp_kkt_primal_meets_tolerance(const flp_kkt_report *r, const flp_settings *st);

/* A Farkas ray y proves the rows and bounds infeasible when its dual objective
 * is positive and its violations are small. Returns 1 when valid; *quality =
 * (violation / size of the ray's terms) / (objective / size of its terms),
 * inf when the objective is not positive. work must hold num_cols doubles. */
int flp_check_dual_ray(const flp_problem *p, const double *y, double tol, double *work,
                       double *quality);

/* A primal ray d proves the dual infeasible (the LP unbounded if feasible)
 * when c'd < 0 and A d, d lie in the recession cones, judged like the dual
 * ray. work: num_rows doubles. */
int flp_check_primal_ray(const flp_problem *p, const double *d, double tol, double *work,
                         double *quality);

#endif
