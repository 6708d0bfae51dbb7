/* The restarted Halpern PDHG loop (DESIGN section 3): iterate, check,
 * decide. One loop serves the solve (the main run) and the feasibility
 * polish (a run of the same solver with its own iterate and no objective). */
#ifndef FLEETLP_PDHG_LOOP_H
#define FLEETLP_PDHG_LOOP_H

#include "checkpoint_state.h"
#include "infeasibility.h"
#include "iterate.h"
#include "kkt_host.h"
#include "solver.h"

/* What the main run calls when a point converged in norm fails a guard: the
 * feasibility polish (polish.h), wired in by the solve so that the loop and
 * the polish, which runs the loop itself, do not depend on each other. */
typedef flp_rc (*flp_polish_fn)(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                                flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err);

typedef struct flp_run {
  flp_result *res;         /* certified points of the user's LP go here */
  flp_kkt_report *rep;     /* and their evaluation */
  flp_infeas_probe *probe; /* NULL: no infeasibility detection */
  double t0;               /* time origin of the time limit */
  int64_t iteration_limit; /* 0: none */
  double time_limit;       /* seconds since t0, 0: none */
  /* The main run starts from the resume state, the warm start or zero, and
   * keeps the history, logs, calls the check callback, takes checkpoints
   * and polishes (with `polish`, when not NULL). Otherwise (the polish) it
   * starts from s->v.x, s->v.y as they are, stops at the first x meeting the
   * primal criteria (OPTIMAL then), and does none of those. */
  int main;
  flp_polish_fn polish;
  /* A driver that runs the polish itself (a scenario batch): a check that
   * wants one returns FLP_LOOP_POLISH instead of calling `polish`. */
  int defer_polish;
} flp_run;

/* A run, one check at a time: flp_loop_begin, then flp_loop_run to its end,
 * or, for a driver that does the iterations between checks itself (a
 * scenario batch does them for many runs at once), until count == 0:
 *   flp_loop_check(&L, &count); run `count` iterations; flp_loop_advanced(&L, count).
 * L holds pointers into itself: it must not move once begun. */
typedef struct flp_loop {
  flp_solver *s;
  flp_run *run;
  flp_restart_state rs;
  int64_t it, next_log, next_polish, next_certify;
  int told_guard;
  flp_loop_vars lv; /* what a checkpoint saves (checkpoint_state.h) */
  /* the check in progress */
  flp_check c;
  double now;
  int restart;
  flp_status status;
  int certified;            /* it was certified on the host */
  int64_t polished_before;  /* run->res->polish_iterations before that */
  /* a deferred polish (run->defer_polish): its budget */
  int polish_due;
  int64_t polish_iterations;
  double polish_seconds;
} flp_loop;

#define FLP_LOOP_POLISH (-1)

flp_rc flp_loop_begin(flp_loop *L, flp_solver *s, flp_run *run, flp_error *err);
/* Evaluates the check and decides. *count 0: the run has ended (status,
 * iterations and restarts in run->res). FLP_LOOP_POLISH (deferred polish
 * only): run the polish with L->polish_iterations and L->polish_seconds
 * (polish.h), then call flp_loop_polished. Otherwise the restart it
 * decided is done, and *count iterations are due before the next check. */
flp_rc flp_loop_check(flp_loop *L, int *count, flp_error *err);
/* The rest of a check that waited for its polish (accepted: its point is
 * kept); *count as flp_loop_check's. */
flp_rc flp_loop_polished(flp_loop *L, int accepted, int *count, flp_error *err);
void flp_loop_advanced(flp_loop *L, int count);
/* A begun loop to its end, its polishes inline: sets run->res->status,
 * iterations and restarts. An OPTIMAL point has been unscaled and evaluated
 * into res and rep; for any other status the caller brings the last point
 * back itself. */
flp_rc flp_loop_run(flp_loop *L, flp_error *err);

#endif
