/* Primal feasibility polish (see polish.h). */
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "polish.h"

/* The polish LP: the user's rows and bounds, no objective. Shares p's arrays. */
static flp_rc zero_objective_copy(const flp_problem *p, flp_problem *out, flp_error *err) {
  *out = *p;
  out->obj_offset = 0;
  out->obj = calloc((size_t)p->num_cols + 1, sizeof *out->obj);
  return out->obj ? FLP_OK : flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the polish");
}

/* The parent's settings for a quiet sub-solve on the parent's backend. */
static flp_settings sub_settings(const flp_settings *parent, const double *x, int64_t iterations,
                                 double seconds, flp_context *borrowed) {
  flp_settings st = *parent;
  st.presolve = 0; /* x is a point of the user's LP */
  st.polish = 0;
  st.warm_x = x;
  st.warm_y = NULL;
  st.iteration_limit = iterations;
  st.time_limit = seconds > 0 ? seconds : 0;
  st.verbose = 0;
  st.on_check = NULL;
  st.checkpoint = NULL;
  st.checkpoint_every = 0;
  st.resume = NULL;
  st.context = borrowed;
  return st;
}

flp_rc flp_polish_primal(const flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err) {
  const flp_problem *p = s->user;
  const flp_settings *st = s->settings;
  *accepted = 0;
  flp_problem lp;
  flp_rc rc = zero_objective_copy(p, &lp, err);
  if (rc != FLP_OK) return rc;
  flp_context borrowed;
  flp_context_borrow(s, &borrowed);
  flp_settings sub = sub_settings(st, res->x, iterations, seconds, &borrowed);
  flp_result pr;
  memset(&pr, 0, sizeof pr);
  rc = flp_solve_feasibility(&lp, &sub, &pr, err);
  free(lp.obj);
  if (rc != FLP_OK) return rc;
  res->polish_iterations += pr.iterations;

  flp_kkt_report after;
  memset(&after, 0, sizeof after);
  if (pr.status == FLP_OPTIMAL) {
    /* judged with the y it will be reported with; pr's activity and reduced
     * costs are scratch of the right sizes */
    flp_kkt_evaluate(p, pr.x, res->y, st->norm, pr.row_activity, pr.reduced_costs, &after);
    *accepted = flp_kkt_meets_tolerance(&after, st);
    flp_log_line(st, "notice: iteration %lld: feasibility polish, %lld iterations: row %.1e -> %.1e, "
                 "gap %.1e -> %.1e, sensitivity %.1e -> %.1e; %s", (long long)it, (long long)pr.iterations,
                 rep->rel_primal_rowwise, after.rel_primal_rowwise, rep->rel_gap, after.rel_gap,
                 rep->rel_sensitivity, after.rel_sensitivity, *accepted ? "accepted" : "not kept");
  } else {
    flp_log_line(st, "notice: iteration %lld: feasibility polish stopped after %lld iterations (%s); "
                 "not kept", (long long)it, (long long)pr.iterations, flp_status_name(pr.status));
  }
  if (*accepted) {
    memcpy(res->x, pr.x, (size_t)p->num_cols * sizeof *res->x);
    memcpy(res->row_activity, pr.row_activity, (size_t)p->num_rows * sizeof *res->row_activity);
    memcpy(res->reduced_costs, pr.reduced_costs, (size_t)p->num_cols * sizeof *res->reduced_costs);
    *rep = after;
  }
  flp_result_free(&pr);
  return FLP_OK;
}
