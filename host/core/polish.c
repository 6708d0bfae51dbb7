/* Primal feasibility polish (see polish.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint_state.h"
#include "log.h"
#include "pdhg_loop.h"
#include "polish.h"
#include "result.h"

#define SWAP(a, b)        \
  do {                    \
    flp_vec *swap_ = (a); \
    (a) = (b);            \
    (b) = swap_;          \
  } while (0)

static flp_rc ensure_vectors(flp_solver *s, flp_error *err) {
  flp_vectors *v = &s->v;
  if (v->zero_c) return FLP_OK;
  flp_vec **cols[] = {&v->px, &v->px0}, **rows[] = {&v->py, &v->py0};
  flp_rc rc = FLP_OK;
  for (int k = 0; k < 2 && rc == FLP_OK; ++k) rc = s->be->vec_alloc(s->ctx, s->n, cols[k], err);
  for (int k = 0; k < 2 && rc == FLP_OK; ++k) rc = s->be->vec_alloc(s->ctx, s->m, rows[k], err);
  if (rc == FLP_OK) rc = s->be->vec_alloc(s->ctx, s->n, &v->zero_c, err); /* zeroed */
  return rc;
}

/* When the polished x meets the rows and the sensitivity but not the gap,
 * the polish is run again on the main point's approximate optimal face: a
 * column that T(z) holds at a bound with a reduced cost there (scaled
 * c - A'y) over polish_face times its own cost, and over tol times the
 * largest cost (what this tolerance cannot tell from 0), stays at that
 * bound. The zero-objective polish mends the rows by raising such dear
 * columns where it may, and its x then costs more than the gap allows
 * (fleets: tuning.md, "The polish on the optimal face"); held to the face,
 * it mends them with the cheap ones. Second, not first: where the face is
 * too small the rows cannot be met on it (netlib's etamacro, finnis), and
 * the plain polish's answer stands.
 *
 * The plain polish overwrites T(z), so its x and A'y are kept first, in the
 * face's two vectors (a copy on the device); the face is made from them only
 * when a run on it is due. */
static flp_rc keep_main_point(flp_solver *s, flp_error *err) {
  flp_vectors *v = &s->v;
  flp_rc rc = v->face_l ? FLP_OK : s->be->vec_alloc(s->ctx, s->n, &v->face_l, err);
  if (rc == FLP_OK && !v->face_u) rc = s->be->vec_alloc(s->ctx, s->n, &v->face_u, err);
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, v->face_l, v->xh, err);
  if (rc == FLP_OK) rc = s->be->vec_copy(s->ctx, v->face_u, v->atyh, err);
  return rc;
}

/* From the kept T(z): the face's bounds into face_l, face_u, and its start
 * (T(z)'s x) into px, where the run on the face begins; when the face comes
 * first, that x also into P->start_x, for a plain run after it. */
static flp_rc make_face(flp_solver *s, flp_polish_run *P, flp_error *err) {
  flp_vectors *v = &s->v;
  const flp_backend *be = s->be;
  const size_t n = (size_t)s->n;
  double *buf = malloc(5 * (n + 1) * sizeof *buf);
  if (!buf) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the polish");
  double *x = buf, *aty = x + n + 1, *c = aty + n + 1, *lo = c + n + 1, *hi = lo + n + 1;
  flp_vec *from[] = {v->face_l, v->face_u, v->c, v->l, v->u};
  double *to[] = {x, aty, c, lo, hi};
  flp_rc rc = FLP_OK;
  for (int k = 0; k < 5 && rc == FLP_OK; ++k) rc = be->vec_download(s->ctx, from[k], to[k], err);
  double cmax = 0;
  for (size_t j = 0; j < n; ++j) cmax = fmax(cmax, fabs(c[j]));
  for (size_t j = 0; rc == FLP_OK && j < n; ++j) {
    double g = c[j] - aty[j], least = fmax(s->settings.polish_face * fabs(c[j]), s->settings.tol * cmax);
    if (x[j] <= lo[j] && g > least) hi[j] = lo[j];
    else if (x[j] >= hi[j] && -g > least) lo[j] = hi[j];
  }
  if (rc == FLP_OK) rc = be->vec_upload(s->ctx, v->px, x, err);
  if (rc == FLP_OK && P->face_first) { /* only the first run: the face is never a second one then */
    if ((P->start_x = malloc((n + 1) * sizeof *P->start_x))) memcpy(P->start_x, x, n * sizeof *x);
    else rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory for the polish");
  }
  if (rc == FLP_OK) rc = be->vec_upload(s->ctx, v->face_l, lo, err);
  if (rc == FLP_OK) rc = be->vec_upload(s->ctx, v->face_u, hi, err);
  free(buf);
  return rc;
}

/* Puts the polish's iterate, zero objective (and face) where the loop
 * looks, and back: the swap is its own inverse. */
static void swap_roles(flp_vectors *v, int face) {
  SWAP(v->x, v->px);
  SWAP(v->y, v->py);
  SWAP(v->x0, v->px0);
  SWAP(v->y0, v->py0);
  SWAP(v->c, v->zero_c);
  if (face) {
    SWAP(v->l, v->face_l);
    SWAP(v->u, v->face_u);
  }
}

/* One feasibility run begun: its iterate (x from `x_user`, the face's start
 * that make_face put there, T(z)'s x kept by a run on the face that came
 * first, or the main run's T(z)), zero objective (and face) where the loop
 * looks, y = 0, the weight of no objective, no log. */
static flp_rc begin_run(flp_solver *s, flp_polish_run *P, const double *x_user, int face,
                        int64_t iterations, double seconds, flp_error *err) {
  flp_rc rc = flp_result_alloc(&P->out, s->user.num_rows, s->user.num_cols, err);
  if (rc != FLP_OK) return rc;
  P->face = face;
  swap_roles(&s->v, face);
  P->swapped = 1;
  if (x_user) rc = flp_load_point(s, x_user, NULL, s->v.x, s->v.y, err);
  else if (!face && P->start_x) rc = s->be->vec_upload(s->ctx, s->v.x, P->start_x, err);
  else if (!face) rc = s->be->vec_copy(s->ctx, s->v.x, s->v.xh, err); /* the main run's T(z) */
  P->run = (flp_run){.res = &P->out, .rep = &P->rep, .probe = NULL, .t0 = flp_wall_seconds(),
                     .iteration_limit = iterations, .time_limit = seconds > 0 ? seconds : 0, .main = 0};
  /* no objective: the data norms balance as bound/objective rescaling leaves them */
  s->weight = s->settings.bound_objective_rescaling ? 1.0 : 1.0 / (1 + s->rhs_norm2);
  s->quiet = 1;
  if (rc == FLP_OK) rc = s->be->vec_fill(s->ctx, s->v.y, 0.0, err);
  if (rc == FLP_OK) rc = flp_loop_begin(&P->loop, s, &P->run, err);
  return rc;
}

/* Back to the main run: its weight, step, iterate and log. */
static void leave(flp_solver *s, flp_polish_run *P) {
  s->weight = P->weight;
  s->norm_A = P->norm_A;
  s->eta = P->eta;
  s->quiet = P->quiet;
  if (P->swapped) swap_roles(&s->v, P->face);
  P->swapped = 0;
}

/* Into the polish's mode, the first feasibility run begun: plain (with T(z)
 * kept, for a run on the face after it), or on the face when the solver has
 * learnt to go there first. */
static flp_rc enter(flp_solver *s, const double *x_user, int64_t iterations, double seconds,
                    flp_polish_run *P, flp_error *err) {
  memset(P, 0, sizeof *P);
  P->weight = s->weight;
  P->norm_A = s->norm_A;
  P->eta = s->eta;
  P->quiet = s->quiet;
  flp_rc rc = ensure_vectors(s, err);
  P->face_kept = !x_user && s->settings.polish_face > 0;
  if (rc == FLP_OK && P->face_kept) rc = keep_main_point(s, err);
  P->face_first = P->face_kept && s->polish_order == FLP_POLISH_FACE_FIRST;
  if (rc == FLP_OK && P->face_first) rc = make_face(s, P, err);
  if (rc == FLP_OK) rc = begin_run(s, P, x_user, P->face_first, iterations, seconds, err);
  return rc;
}

static void end_runs(flp_polish_run *P) {
  flp_result_free(&P->out);
  free(P->start_x);
  P->start_x = NULL;
}

flp_rc flp_polish_begin(flp_solver *s, int64_t iterations, double seconds, flp_polish_run *P,
                        flp_error *err) {
  flp_rc rc = enter(s, NULL, iterations, seconds, P, err);
  if (rc != FLP_OK) {
    leave(s, P);
    end_runs(P);
  }
  return rc;
}

/* The polished point P->out against every criterion, with the y it will be
 * reported with (pr's activity and reduced costs are scratch of the right
 * sizes); logged. */
static int judge(flp_solver *s, flp_polish_run *P, int64_t it, const flp_result *res,
                 const flp_kkt_report *rep, flp_kkt_report *after) {
  const flp_settings *st = &s->settings;
  flp_result *pr = &P->out;
  const char *what = P->face ? "feasibility polish on the face" : "feasibility polish";
  *after = P->rep;
  if (pr->status != FLP_OPTIMAL) {
    flp_log_line(s, "notice: iteration %lld: %s stopped after %lld iterations (%s); not kept",
                 (long long)it, what, (long long)pr->iterations, flp_status_name(pr->status));
    return 0;
  }
  flp_kkt_evaluate(&s->user, pr->x, res->y, st->norm, pr->row_activity, pr->reduced_costs, after);
  int accepted = flp_kkt_meets_tolerance(after, st);
  flp_log_line(s, "notice: iteration %lld: %s, %lld iterations: row %.1e -> %.1e, gap %.1e -> %.1e, "
               "sensitivity %.1e -> %.1e; %s", (long long)it, what, (long long)pr->iterations,
               rep->rel_primal_rowwise, after->rel_primal_rowwise, rep->rel_gap, after->rel_gap,
               rep->rel_sensitivity, after->rel_sensitivity, accepted ? "accepted" : "not kept");
  return accepted;
}

/* The second run begun, in the first run's budget of iterations and what is
 * left of its seconds (*ran = 0: none left, nothing begun). */
static flp_rc begin_second(flp_solver *s, flp_polish_run *P, int face, int *ran, flp_error *err) {
  const flp_run first = P->run;
  double left = first.time_limit > 0 ? first.time_limit - (flp_wall_seconds() - first.t0) : 0;
  *ran = !(first.time_limit > 0 && left <= 0);
  if (!*ran) return FLP_OK;
  flp_result_free(&P->out);
  flp_rc rc = face ? make_face(s, P, err) : FLP_OK;
  if (rc == FLP_OK) rc = begin_run(s, P, NULL, face, first.iteration_limit, left, err);
  if (rc != FLP_OK) leave(s, P);
  return rc;
}

/* What follows a run whose point was not kept: -1 nothing, 0 the plain run,
 * 1 the run on the face; and what it teaches s->polish_order. The face keeps
 * the cost down: worth a run when the gap is what failed. A face on which
 * the rows cannot be met is too small (netlib's etamacro, finnis): the plain
 * run follows it where the face came first, and comes first from then on. */
static int second_run(flp_solver *s, const flp_polish_run *P, const flp_kkt_report *after) {
  const flp_settings *st = &s->settings;
  const int rows_met = P->out.status == FLP_OPTIMAL;
  if (P->face) {
    if (rows_met) return -1;
    s->polish_order = FLP_POLISH_FACE_SMALL;
    return P->face_first ? 0 : -1;
  }
  if (P->face_first || !P->face_kept || !rows_met || after->rel_gap <= st->tol || after->rel_sensitivity > st->tol)
    return -1;
  if (s->polish_order == FLP_POLISH_PLAIN_FIRST) s->polish_order = FLP_POLISH_FACE_FIRST;
  return 1;
}

flp_rc flp_polish_next(flp_solver *s, flp_polish_run *P, flp_rc loop_rc, int64_t it, flp_result *res,
                       flp_kkt_report *rep, int *accepted, int *begun, flp_error *err) {
  const flp_problem *p = &s->user;
  flp_result *pr = &P->out;
  flp_kkt_report after;
  *accepted = 0;
  *begun = 0;
  leave(s, P);
  flp_rc rc = loop_rc;
  if (rc == FLP_OK) {
    res->polish_iterations += pr->iterations;
    *accepted = judge(s, P, it, res, rep, &after);
    const int next = *accepted ? -1 : second_run(s, P, &after);
    if (next >= 0) {
      int ran;
      rc = begin_second(s, P, next, &ran, err);
      if (rc == FLP_OK && ran) {
        *begun = 1;
        return FLP_OK; /* P->out is the second run's, judged when it ends */
      }
    }
  }
  if (rc == FLP_OK && *accepted) {
    memcpy(res->x, pr->x, (size_t)p->num_cols * sizeof *res->x);
    memcpy(res->row_activity, pr->row_activity, (size_t)p->num_rows * sizeof *res->row_activity);
    memcpy(res->reduced_costs, pr->reduced_costs, (size_t)p->num_cols * sizeof *res->reduced_costs);
    *rep = after;
  }
  end_runs(P);
  return rc;
}

/* flp_polish_next's driver for a solve on its own: a second run, when one
 * is begun, runs here to its end. */
flp_rc flp_polish_end(flp_solver *s, flp_polish_run *P, flp_rc loop_rc, int64_t it, flp_result *res,
                      flp_kkt_report *rep, int *accepted, flp_error *err) {
  int begun;
  flp_rc rc = flp_polish_next(s, P, loop_rc, it, res, rep, accepted, &begun, err);
  if (rc == FLP_OK && begun) /* never a third: a second run asks for none */
    rc = flp_polish_next(s, P, flp_loop_run(&P->loop, err), it, res, rep, accepted, &begun, err);
  return rc;
}

flp_rc flp_polish_primal(flp_solver *s, int64_t it, int64_t iterations, double seconds,
                         flp_result *res, flp_kkt_report *rep, int *accepted, flp_error *err) {
  flp_polish_run P;
  flp_rc rc = flp_polish_begin(s, iterations, seconds, &P, err);
  if (rc != FLP_OK) return rc;
  return flp_polish_end(s, &P, flp_loop_run(&P.loop, err), it, res, rep, accepted, err);
}

flp_rc flp_polish_from(flp_solver *s, const double *x, int64_t iterations, flp_result *out,
                       flp_error *err) {
  flp_polish_run P;
  memset(out, 0, sizeof *out);
  flp_rc rc = flp_solver_prepare(s, err);
  if (rc != FLP_OK) return rc;
  rc = enter(s, x, iterations, 0, &P, err);
  if (rc == FLP_OK) rc = flp_loop_run(&P.loop, err);
  leave(s, &P);
  *out = P.out; /* owned by the caller from here (no face from a given x) */
  if (rc == FLP_OK && out->status != FLP_OPTIMAL) rc = flp_unscale_point(s, out, &P.rep, err);
  if (rc != FLP_OK) flp_result_free(out);
  return rc;
}
