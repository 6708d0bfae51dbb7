/* Primal feasibility polish. A point can be converged in norm while a few
 * rows are still off by a large share of their own size (the row guard of
 * kkt_host.h), and PDHG then creeps on those rows for a long time (netlib
 * nesm at 1e-8: bench/results/cpu/tuning.md). A short PDHG solve of the same
 * rows and bounds with a zero objective, started at x, moves x onto them;
 * the polished x is kept, with the y it was paired with, only when that pair
 * meets every criterion OPTIMAL asks for. */
#ifndef FLEETLP_POLISH_H
#define FLEETLP_POLISH_H

#include "kkt_host.h"
#include "solver.h"

/* res->x, res->y (minimisation form) and *rep: the point as unscale_point left
 * it in the user's space. Polishes x for at most `iterations` PDHG iterations
 * and `seconds` (<= 0: no limit), on s's backend. *accepted = 1 when the
 * polished point meets the tolerance: then res->x, row_activity,
 * reduced_costs and *rep describe it. Otherwise res and *rep are unchanged.
 * res->polish_iterations counts the iterations spent. */
flp_rc flp_polish_primal(const flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err);

#endif
