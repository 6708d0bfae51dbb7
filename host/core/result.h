/* The result of a solve: arrays for the user's LP, the point brought back
 * from the scaled (and presolved) space and evaluated there, the history. */
#ifndef FLEETLP_RESULT_H
#define FLEETLP_RESULT_H

#include "kkt_host.h"
#include "solver.h"

/* x, y, reduced costs and row activity for an m x n LP (zeroed). */
flp_rc flp_result_alloc(flp_result *res, int32_t m, int32_t n, flp_error *err);

/* Brings T(z) (s->v.xh, yh) back to the user's space, through the postsolve
 * when the LP was presolved, into res->x, res->y (minimisation form), and
 * evaluates it there on the user's LP into *rep (activity and reduced costs
 * into res). */
flp_rc flp_unscale_point(flp_solver *s, flp_result *res, flp_kkt_report *rep, flp_error *err);

/* Objectives, residuals and duals of res in the user's sense, from *rep. */
void flp_result_fill(const flp_solver *s, flp_result *res, const flp_kkt_report *rep);

flp_rc flp_result_push_history(flp_result *res, const flp_check_record *r, flp_error *err);

#endif
