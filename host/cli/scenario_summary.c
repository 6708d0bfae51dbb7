/* DIR/summary.csv and the JSON summary of `solve --scenarios`
 * (scenario_outputs.h). Objectives are in the user's sense, as everywhere. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_args.h"
#include "io_util.h"
#include "out_dir.h"
#include "scenario_outputs.h"

static void csv_real(FILE *f, double v) { fprintf(f, ",%.17g", v); }

int flp_scen_write_csv(const char *dir, const flp_scenarios *sc, const flp_result *res,
                       const flp_scen_outcome *oc) {
  char *path = flp_cli_join(dir, "summary", ".csv");
  flp_text_out out;
  flp_error err = {0};
  if (!path || flp_text_out_open(&out, path, &err) != FLP_OK) {
    flp_cli_error("cannot write the scenario summary in %s%s%s", dir, err.msg[0] ? ": " : "",
                  err.msg);
    free(path);
    return 0;
  }
  FILE *f = out.f;
  fputs("index,name,file,status,exit_code,objective,dual_objective,iterations,matrix_passes,"
        "rel_primal,rel_dual,rel_gap,seconds,message\n", f);
  for (int32_t k = 0; k < sc->count; ++k) {
    const flp_result *r = &res[k];
    char buf[32];
    fprintf(f, "%d,", (int)k);
    flp_cli_csv_text(f, flp_scenario_name(sc, k, buf, sizeof buf));
    fputc(',', f);
    if (oc[k].written) {
      flp_cli_csv_text(f, oc[k].stem);
      fputs(".h5", f);
    }
    fprintf(f, ",%s,%d", flp_status_name(r->status), oc[k].code);
    csv_real(f, r->primal_obj);
    csv_real(f, r->dual_obj);
    fprintf(f, ",%lld,%lld", (long long)r->iterations, (long long)r->matrix_passes);
    csv_real(f, r->rel_primal_res);
    csv_real(f, r->rel_dual_res);
    csv_real(f, r->rel_gap);
    csv_real(f, r->total_seconds);
    fputc(',', f);
    flp_cli_csv_text(f, oc[k].message);
    fputc('\n', f);
  }
  int ok = flp_text_out_commit(&out, &err) == FLP_OK;
  if (!ok) flp_cli_error("%s", err.msg);
  free(path);
  return ok;
}

/* ---- JSON ---------------------------------------------------------------- */
static void json_string(FILE *f, const char *v) {
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)(v ? v : ""); *c; ++c) {
    if (*c == '"' || *c == '\\') fprintf(f, "\\%c", *c);
    else if (*c < 0x20) fprintf(f, "\\u%04x", *c);
    else fputc(*c, f);
  }
  fputc('"', f);
}

/* JSON has no inf or NaN: null. */
static void json_number(FILE *f, double v) {
  if (isfinite(v)) fprintf(f, "%.17g", v);
  else fputs("null", f);
}

static void json_scenario(FILE *f, const flp_scenarios *sc, int32_t k, const flp_result *r,
                          const flp_scen_outcome *oc) {
  char buf[32];
  fprintf(f, "    {\"index\": %d, \"name\": ", (int)k);
  json_string(f, flp_scenario_name(sc, k, buf, sizeof buf));
  fputs(", \"file\": ", f);
  if (oc->written) {
    fputc('"', f);
    fputs(oc->stem, f); /* safe bytes only */
    fputs(".h5\"", f);
  } else {
    fputs("null", f);
  }
  fputs(", \"status\": ", f);
  json_string(f, flp_status_name(r->status));
  fprintf(f, ", \"exit_code\": %d, \"objective\": ", oc->code);
  json_number(f, r->primal_obj);
  fputs(", \"dual_objective\": ", f);
  json_number(f, r->dual_obj);
  fprintf(f, ", \"iterations\": %lld, \"matrix_passes\": %lld, \"rel_primal\": ",
          (long long)r->iterations, (long long)r->matrix_passes);
  json_number(f, r->rel_primal_res);
  fputs(", \"rel_dual\": ", f);
  json_number(f, r->rel_dual_res);
  fputs(", \"rel_gap\": ", f);
  json_number(f, r->rel_gap);
  fputs(", \"seconds\": ", f);
  json_number(f, r->total_seconds);
  fputs(", \"message\": ", f);
  json_string(f, oc->message);
  fputc('}', f);
}

int flp_scen_write_json(const char *path, const flp_cli_scenarios *o, const flp_scenarios *sc,
                        const flp_result *res, const flp_scen_outcome *oc, int exit_code,
                        double seconds) {
  flp_text_out out;
  flp_error err = {0};
  if (flp_text_out_open(&out, path, &err) != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return 0;
  }
  FILE *f = out.f;
  fputs("{\n  \"model\": ", f);
  json_string(f, o->model);
  fputs(",\n  \"scenarios_file\": ", f);
  json_string(f, o->scenarios);
  fputs(",\n  \"out_dir\": ", f);
  json_string(f, o->out_dir);
  fprintf(f, ",\n  \"solver_version\": \"%s\",\n  \"count\": %d,\n", FLP_VERSION_STRING,
          (int)sc->count);
  int counts[FLP_INTERRUPTED + 1] = {0};
  for (int32_t k = 0; k < sc->count; ++k)
    if (res[k].status >= FLP_STATUS_UNSET && res[k].status <= FLP_INTERRUPTED)
      ++counts[res[k].status];
  fprintf(f, "  \"optimal\": %d,\n  \"statuses\": {", counts[FLP_OPTIMAL]);
  for (int s = FLP_OPTIMAL; s <= FLP_INTERRUPTED; ++s)
    fprintf(f, "%s\"%s\": %d", s == FLP_OPTIMAL ? "" : ", ", flp_status_name((flp_status)s),
            counts[s]);
  fprintf(f, "},\n  \"exit_code\": %d,\n  \"total_seconds\": ", exit_code);
  json_number(f, seconds);
  fputs(",\n  \"scenarios\": [\n", f);
  for (int32_t k = 0; k < sc->count; ++k) {
    json_scenario(f, sc, k, &res[k], &oc[k]);
    fputs(k + 1 < sc->count ? ",\n" : "\n", f);
  }
  fputs("  ]\n}\n", f);
  int ok = flp_text_out_commit(&out, &err) == FLP_OK;
  if (!ok) flp_cli_error("%s", err.msg);
  return ok;
}
