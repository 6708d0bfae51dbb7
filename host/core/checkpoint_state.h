/* Checkpoint, resume and warm start of the PDHG loop (DESIGN section 7).
 *
 * The loop calls two hooks: flp_loop_start once, after the initial point is
 * set (it replaces that point by a resumed state or a warm start), and
 * flp_loop_boundary at the top of every check, before the check is
 * evaluated. A checkpoint is taken there: the check that follows is a pure
 * function of the state saved, so a resumed run evaluates the same check and
 * makes the same decisions as a run that never stopped. */
#ifndef FLEETLP_CHECKPOINT_STATE_H
#define FLEETLP_CHECKPOINT_STATE_H

#include "infeasibility.h"
#include "iterate.h"

/* The loop's own variables, which a checkpoint saves and a resume restores. */
typedef struct flp_loop_vars {
  int64_t *it, *next_log, *next_polish, *next_certify;
  flp_restart_state *rs;
  flp_infeas_probe *probe;
  double *t0;          /* the loop's time origin (moved back on resume) */
  int stop;            /* stop request latched at this boundary */
  double last_written; /* elapsed seconds at the last periodic checkpoint */
} flp_loop_vars;

/* Resume (s->resume) or warm start (s->warm_x / warm_y). */
flp_rc flp_loop_start(flp_solver *s, flp_result *res, flp_loop_vars *lv, flp_error *err);

/* Latches the stop request into lv->stop and hands a checkpoint to the
 * solver's sink when a stop was asked for or one is due. */
flp_rc flp_loop_boundary(flp_solver *s, const flp_result *res, flp_loop_vars *lv, flp_error *err);

/* Uploads a point of the user's LP (x: num_cols, y: num_rows in the user's
 * sense; NULL: zero) into to_x, to_y as a point of the LP PDHG iterates on:
 * presolve's rows and columns, scaled, x projected onto the bounds. */
flp_rc flp_load_point(flp_solver *s, const double *x, const double *y, flp_vec *to_x, flp_vec *to_y,
                      flp_error *err);

/* FNV-1a 64 of the scaling (row and column scales, bound and objective
 * scale): a resume recomputes the scaling and refuses a different one. */
uint64_t flp_scaling_hash(const flp_solver *s);

#endif
