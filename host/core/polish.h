/* Primal feasibility polish. A point can be converged in norm while a few
 * rows are still off by a large share of their own size (the row guard of
 * kkt_host.h), and PDHG then creeps on those rows for a long time (netlib
 * nesm at 1e-8: bench/results/cpu/tuning.md). A short PDHG run of the same
 * rows and bounds with a zero objective, started at x, moves x onto them;
 * the polished x is kept, with the y it was paired with, only when that pair
 * meets every criterion OPTIMAL asks for.
 *
 * The polish is a mode of the solver, not a second solve: it runs on the
 * same scaled (and presolved) matrix, norm estimate and scratch vectors,
 * with only its own iterate (x, y and anchor: 2 n + 2 m doubles) and a zero
 * objective vector added on the device, made at its first use. */
#ifndef FLEETLP_POLISH_H
#define FLEETLP_POLISH_H

#include "kkt_host.h"
#include "solver.h"

/* res->x, res->y (minimisation form) and *rep: the point T(z) as the main
 * run certified it (s->v.xh still holds it). Polishes x for at most
 * `iterations` PDHG iterations and `seconds` (<= 0: no limit). *accepted = 1
 * when the polished point meets the tolerance: then res->x, row_activity,
 * reduced_costs and *rep describe it. Otherwise res and *rep are unchanged.
 * res->polish_iterations counts the iterations spent. The main iterate and
 * anchor are untouched; the check's scratch vectors are not. */
flp_rc flp_polish_primal(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err);

/* The feasibility run alone, from x (the user's space): out (zeroed or
 * freed) receives the polished point, OPTIMAL when it meets the primal
 * criteria. For tests of the polish itself. */
flp_rc flp_polish_from(flp_solver *s, const double *x, int64_t iterations, flp_result *out,
                       flp_error *err);

#endif
