/* JSON summary of a solve, for scripts and the benchmark harness. */
#include <math.h>
#include <stdio.h>

#include "io_util.h"

/* JSON has no inf/NaN: write null for them. */
static void put_number(FILE *f, const char *key, double v, int last) {
  if (isfinite(v)) fprintf(f, "  \"%s\": %.17g%s\n", key, v, last ? "" : ",");
  else fprintf(f, "  \"%s\": null%s\n", key, last ? "" : ",");
}

static void put_string(FILE *f, const char *key, const char *v) {
  fprintf(f, "  \"%s\": \"", key);
  for (const unsigned char *c = (const unsigned char *)(v ? v : ""); *c; ++c) {
    if (*c == '"' || *c == '\\') fprintf(f, "\\%c", *c);
    else if (*c < 0x20) fprintf(f, "\\u%04x", *c);
    else fputc(*c, f);
  }
  fprintf(f, "\",\n");
}

flp_rc flp_write_json_summary(const char *path, const flp_problem *p, const flp_settings *s,
                              const flp_result *res, flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  FILE *f = out.f;
  fprintf(f, "{\n");
  put_string(f, "status", flp_status_name(res->status));
  put_string(f, "problem", p->name);
  put_string(f, "solver_version", FLP_VERSION_STRING);
  put_string(f, "device", res->device);
  put_number(f, "objective", res->primal_obj, 0);
  put_number(f, "dual_objective", res->dual_obj, 0);
  put_number(f, "primal_residual", res->rel_primal_res, 0);
  put_number(f, "dual_residual", res->rel_dual_res, 0);
  put_number(f, "gap", res->rel_gap, 0);
  put_number(f, "abs_primal_residual", res->abs_primal_res, 0);
  put_number(f, "abs_dual_residual", res->abs_dual_res, 0);
  put_number(f, "tolerance", s->tol, 0);
  fprintf(f, "  \"iterations\": %lld,\n", (long long)res->iterations);
  fprintf(f, "  \"restarts\": %lld,\n", (long long)res->restarts);
  fprintf(f, "  \"polish_iterations\": %lld,\n", (long long)res->polish_iterations);
  fprintf(f, "  \"matrix_passes\": %lld,\n", (long long)res->matrix_passes);
  fprintf(f, "  \"rows\": %d,\n  \"cols\": %d,\n  \"nonzeros\": %lld,\n", (int)p->num_rows,
          (int)p->num_cols, (long long)p->nnz);
  fprintf(f, "  \"relaxed_integers\": %d,\n", (int)p->num_integer);
  if (res->primal_ray || res->dual_ray) put_number(f, "certificate_quality", res->certificate_quality, 0);
  put_number(f, "setup_seconds", res->setup_seconds, 0);
  put_number(f, "presolve_seconds", res->presolve_seconds, 0);
  put_number(f, "solve_seconds", res->solve_seconds, 0);
  put_number(f, "total_seconds", res->total_seconds, 1);
  fprintf(f, "}\n");
  return flp_text_out_commit(&out, err);
}
