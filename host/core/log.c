/* Progress log. Lines go to the solver's log sink, or stdout when it has none. */
#include <stdarg.h>
#include <stdio.h>

#include "log.h"

#include "kkt_host.h"

void flp_log_line(const flp_solver *s, const char *fmt, ...) {
  if (!s->settings.verbose || s->quiet) return;
  char line[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (s->log) {
    s->log(s->log_user, line);
  } else {
    fputs(line, stdout);
    fputc('\n', stdout);
    fflush(stdout);
  }
}

static const char *limit_text(double v, char *buf, size_t cap) {
  if (v <= 0) return "none";
  snprintf(buf, cap, "%g", v);
  return buf;
}

void flp_log_header(const flp_solver *s) {
  const flp_settings *st = &s->settings;
  const flp_problem *p = &s->user;
  char tl[32], il[32];
  flp_log_line(s, "fleetlp %s  restarted Halpern PDHG", FLP_VERSION_STRING);
  flp_log_line(s, "problem   %s: %d rows, %d columns, %lld nonzeros%s", p->name ? p->name : "(unnamed)",
               (int)p->num_rows, (int)p->num_cols, (long long)p->nnz,
               p->objective_sense < 0 ? ", maximise" : "");
  if (s->presolve_note[0]) flp_log_line(s, "%s", s->presolve_note);
  flp_log_line(s, "device    %s", s->device);
  if (s->device_note[0]) flp_log_line(s, "%s", s->device_note);
  flp_log_line(s, "settings  tol %.0e (%s), check every %d, time limit %s, iteration limit %s",
               st->tol, st->norm == FLP_NORM_LINF ? "linf" : "l2", st->check_every,
               limit_text(st->time_limit, tl, sizeof tl),
               limit_text((double)st->iteration_limit, il, sizeof il));
  flp_log_line(s, "scaling   %d Ruiz%s%s, ||A|| = %.6g (%lld power iterations), step %.6g",
               st->ruiz_iterations, st->pock_chambolle_alpha > 0 ? " + Pock-Chambolle" : "",
               st->bound_objective_rescaling ? " + bound/objective" : "", s->norm_A,
               (long long)s->power_iterations, s->eta);
  const flp_setup_times *t = &s->setup_times;
  flp_log_line(s, "setup     presolve %.2f s, backend %.2f s, upload %.2f s, scaling %.2f s, ||A|| %.2f s, "
               "data %.2f s", t->presolve, t->context, t->upload, t->scaling, t->norm, t->data);
  flp_log_line(s, "%9s %9s %15s %15s %9s %9s %9s %9s %9s %s", "iter", "time", "primal obj", "dual obj",
               "rel pres", "rel dres", "rel gap", "step", "weight", "restart");
}

void flp_log_row(const flp_solver *s, const flp_check_record *r) {
  static const char *const marks[] = {"", "sufficient", "necessary", "artificial"};
  int mark = r->restarted >= 0 && r->restarted <= 3 ? r->restarted : 0;
  flp_log_line(s, "%9lld %8.2fs %15.8e %15.8e %9.2e %9.2e %9.2e %9.3e %9.3e %s", (long long)r->iteration,
               r->seconds, r->primal_obj, r->dual_obj, r->rel_primal_res, r->rel_dual_res, r->rel_gap,
               r->step, r->primal_weight, marks[mark]);
}

/* At a limit, the row that most holds the point back: what a user looks at
 * first when a nightly run stops short. */
static void log_worst_row(const flp_solver *s, const flp_problem *p, const flp_result *res) {
  if (!res->x || !res->row_activity) return;
  double share, viol;
  int32_t i = flp_worst_row(p, res->x, res->row_activity, &share, &viol);
  if (i < 0) return;
  char index[32]; /* an unnamed row by its position, as problem.c labels it */
  snprintf(index, sizeof index, "#%d", (int)i);
  flp_log_line(s, "worst row   %s: violated by %.2e, %.1e of its size",
               p->row_names && p->row_names[i] ? p->row_names[i] : index, viol, share);
}

void flp_log_summary(const flp_solver *s, const flp_result *res) {
  const flp_problem *p = &s->user;
  flp_log_line(s, "status      %s", flp_status_name(res->status));
  flp_log_line(s, "objective   primal %.10e, dual %.10e", res->primal_obj, res->dual_obj);
  flp_log_line(s, "residuals   primal %.2e, dual %.2e, gap %.2e (relative)", res->rel_primal_res,
               res->rel_dual_res, res->rel_gap);
  if (res->status == FLP_TIME_LIMIT || res->status == FLP_ITERATION_LIMIT)
    log_worst_row(s, p, res);
  if (res->primal_ray || res->dual_ray)
    flp_log_line(s, "certificate %s ray, quality %.2e", res->dual_ray ? "dual (Farkas)" : "primal",
                 res->certificate_quality);
  char polished[64] = "";
  if (res->polish_iterations > 0)
    snprintf(polished, sizeof polished, ", %lld more in feasibility polishes", (long long)res->polish_iterations);
  flp_log_line(s, "iterations  %lld (%lld restarts)%s; %lld matrix passes", (long long)res->iterations,
               (long long)res->restarts, polished, (long long)res->matrix_passes);
  flp_log_line(s, "time        setup %.3f s, solve %.3f s, total %.3f s", res->setup_seconds,
               res->solve_seconds, res->total_seconds);
  flp_log_line(s, "device      %s", res->device);
}
