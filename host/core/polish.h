/* Primal feasibility polish. A point can be converged in norm while a few
 * rows are still off by a large share of their own size (the row guard of
 * kkt_host.h), and PDHG then creeps on those rows for a long time (netlib
 * nesm at 1e-8: bench/results/cpu/tuning.md). A short PDHG run of the same
 * rows with a zero objective, started at x, moves x onto them. Where the
 * moved x meets the rows but costs too much, a second run holds the columns
 * that the main point's reduced costs mark as dear at their bounds
 * (polish_face: the approximate optimal face), so that the rows are mended
 * with the cheap ones. A polished x is kept, with the y it was paired with,
 * only when that pair meets every criterion OPTIMAL asks for.
 *
 * The polish is a mode of the solver, not a second solve: it runs on the
 * same scaled (and presolved) matrix, norm estimate and scratch vectors,
 * with only its own iterate (x, y and anchor: 2 n + 2 m doubles), a zero
 * objective and the face's column bounds (3 n) added on the device, made at
 * their first use.
 *
 * Which run comes first is learnt (s->polish_order): once a plain run has
 * met the rows at too high a cost, later polishes of the solver (and of a
 * re-solve, and of a batch's scenarios after their base LP) go to the face
 * first, with the plain run after it where the face cannot meet the rows;
 * once that has happened, plain first for good. */
#ifndef FLEETLP_POLISH_H
#define FLEETLP_POLISH_H

#include "pdhg_loop.h"

/* res->x, res->y (minimisation form) and *rep: the point T(z) as the main
 * run certified it (s->v.xh still holds it). Polishes x for at most
 * `iterations` PDHG iterations and `seconds` (<= 0: no limit). *accepted = 1
 * when the polished point meets the tolerance: then res->x, row_activity,
 * reduced_costs and *rep describe it. Otherwise res and *rep are unchanged.
 * res->polish_iterations counts the iterations spent. The main iterate and
 * anchor are untouched; the check's scratch vectors are not. */
flp_rc flp_polish_primal(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err);

/* The same in steps, for a driver that runs the feasibility run's
 * iterations itself (a scenario batch): begin puts the solver in the
 * polish's mode (its iterate where the loop looks) and begins P->loop; the
 * driver runs that loop to its end (flp_loop_check / iterations /
 * flp_loop_advanced, as flp_loop_run does); end puts the main run back and
 * judges the polished point as flp_polish_primal does. P must not move. */
typedef struct flp_polish_run {
  flp_result out;       /* the polished point */
  flp_kkt_report rep;
  flp_run run;
  flp_loop loop;
  double weight, norm_A, eta; /* the main run's, restored by end */
  int quiet, swapped;
  int face;                   /* the run in progress is on the face */
  int face_kept;              /* T(z) kept for a run on the face (face_l, face_u hold it) */
  int face_first;             /* the run on the face came first (s->polish_order) */
  double *start_x;            /* then T(z)'s scaled x, for a plain run after it */
} flp_polish_run;

flp_rc flp_polish_begin(flp_solver *s, int64_t iterations, double seconds, flp_polish_run *P,
                        flp_error *err);
/* loop_rc: how the loop ended; it: the main run's iteration (for the log). */
flp_rc flp_polish_end(flp_solver *s, flp_polish_run *P, flp_rc loop_rc, int64_t it, flp_result *res,
                      flp_kkt_report *rep, int *accepted, flp_error *err);
/* As flp_polish_end, but where the first run calls for a second one (the
 * face after a plain run that cost too much, or the plain run after a run on
 * the face that could not meet the rows), that run is only begun (*begun =
 * 1, the solver still in the polish's mode): the driver runs P->loop to its
 * end, as for the first run, and calls this again, which judges the second
 * run's point and ends. */
flp_rc flp_polish_next(flp_solver *s, flp_polish_run *P, flp_rc loop_rc, int64_t it, flp_result *res,
                       flp_kkt_report *rep, int *accepted, int *begun, flp_error *err);

/* The feasibility run alone, from x (the user's space): out (zeroed or
 * freed) receives the polished point, OPTIMAL when it meets the primal
 * criteria. For tests of the polish itself. */
flp_rc flp_polish_from(flp_solver *s, const double *x, int64_t iterations, flp_result *out,
                       flp_error *err);

#endif
