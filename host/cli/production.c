/* --checkpoint / --checkpoint-every / --resume / --warm-start (production.h). */
#include "production.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "exit_codes.h"

int flp_cli_production_option(flp_cli_production *pr, const char *opt, const char *value) {
  if (!strcmp(opt, "--checkpoint")) pr->checkpoint = value;
  else if (!strcmp(opt, "--resume")) pr->resume = value;
  else if (!strcmp(opt, "--warm-start")) pr->warm_start = value;
  else if (!strcmp(opt, "--checkpoint-every"))
    return flp_arg_double(opt, value, 1e-3, 1e9, &pr->checkpoint_every) ? 1 : -1;
  else return 0;
  return 1;
}

static flp_rc write_checkpoint(void *user, const flp_checkpoint *state, flp_error *err) {
  flp_cli_production *pr = user;
  flp_rc rc = flp_checkpoint_write(state, pr->checkpoint, err);
  pr->last_failed = rc != FLP_OK;
  if (rc == FLP_OK) pr->written++;
  else snprintf(pr->last_error, sizeof pr->last_error, "%s", err->msg);
  return rc;
}

static int read_warm_start(flp_cli_production *pr, const flp_problem *p) {
  flp_error err = {0};
  pr->warm_x = malloc(((size_t)p->num_cols + 1) * sizeof(double));
  pr->warm_y = malloc(((size_t)p->num_rows + 1) * sizeof(double));
  if (!pr->warm_x || !pr->warm_y) {
    flp_cli_error("out of memory for the warm start");
    return FLP_EXIT_INTERNAL;
  }
  int sense = 1;
  flp_rc rc = flp_read_solution_point_h5(pr->warm_start, p->num_rows, p->num_cols, pr->warm_x,
                                         pr->warm_y, &sense, &err);
  if (rc != FLP_OK) {
    flp_cli_error("--warm-start: %s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  int want = p->objective_sense < 0 ? -1 : 1;
  if (sense != want) {
    flp_cli_error("--warm-start: %s solves a %s problem, this one is a %s problem",
                  pr->warm_start, sense < 0 ? "maximisation" : "minimisation",
                  want < 0 ? "maximisation" : "minimisation");
    return FLP_EXIT_BAD_INPUT;
  }
  return 0;
}

int flp_cli_production_begin(flp_cli_production *pr, const flp_problem *p, flp_settings *s) {
  s->checkpoint_every = pr->checkpoint_every;
  if (pr->checkpoint_every > 0 && !pr->checkpoint) {
    flp_cli_error("--checkpoint-every needs --checkpoint FILE");
    return FLP_EXIT_BAD_INPUT;
  }
  if (pr->resume && pr->warm_start) {
    flp_cli_error("--resume and --warm-start exclude each other (a checkpoint holds its own point)");
    return FLP_EXIT_BAD_INPUT;
  }
  if (pr->resume) {
    flp_error err = {0};
    flp_rc rc = flp_checkpoint_read(pr->resume, flp_problem_hash(p), flp_settings_hash(s),
                                    &pr->resume_state, &err);
    if (rc != FLP_OK) {
      flp_cli_error("--resume: %s", err.msg);
      return flp_exit_code_for_rc(rc);
    }
  }
  if (pr->warm_start) {
    int code = read_warm_start(pr, p);
    if (code) return code;
  }
  return 0;
}

flp_rc flp_cli_production_attach(flp_cli_production *pr, flp_solver *s, flp_error *err) {
  if (pr->checkpoint) flp_solver_set_checkpoint_sink(s, write_checkpoint, pr);
  if (pr->resume_state) flp_solver_set_resume(s, pr->resume_state);
  if (pr->warm_x) return flp_solver_set_warm_start(s, pr->warm_x, pr->warm_y, err);
  return FLP_OK;
}

int flp_cli_production_exit_code(const flp_cli_production *pr, int code) {
  if (code == FLP_EXIT_INTERRUPTED && pr->checkpoint && (pr->last_failed || pr->written == 0)) {
    flp_cli_error("stopped, but no checkpoint was written to %s%s%s", pr->checkpoint,
                  pr->last_failed ? ": " : "", pr->last_failed ? pr->last_error : "");
    return FLP_EXIT_INTERNAL;
  }
  /* at a limit the run ends as asked (12), but a resume with a longer limit
   * would start from an older checkpoint, or none: say so even when quiet */
  if (code == FLP_EXIT_LIMIT && pr->checkpoint && pr->last_failed)
    fprintf(stderr, "fleetlp: warning: the checkpoint at the limit was not written to %s: %s\n",
            pr->checkpoint, pr->last_error);
  return code;
}

void flp_cli_production_end(flp_cli_production *pr) {
  flp_checkpoint_free(pr->resume_state);
  free(pr->warm_x);
  free(pr->warm_y);
  pr->resume_state = NULL;
  pr->warm_x = pr->warm_y = NULL;
}
