/* Plain-text solution by name (until a reader wants HDF5). */
#include <stdio.h>

#include "io_util.h"

static const char *name_or_index(char **names, int32_t i, char *buf, size_t cap, char prefix) {
  if (names && names[i]) return names[i];
  snprintf(buf, cap, "%c%d", prefix, (int)i + 1);
  return buf;
}

flp_rc flp_write_solution_text(const char *path, const flp_problem *p, const flp_result *res,
                               flp_error *err) {
  flp_text_out out;
  flp_rc rc = flp_text_out_open(&out, path, err);
  if (rc != FLP_OK) return rc;
  FILE *f = out.f;
  char buf[32];
  fprintf(f, "# fleetlp %s solution of %s\n", FLP_VERSION_STRING, p->name ? p->name : "(unnamed)");
  fprintf(f, "status %s\nobjective %.17g\ndual_objective %.17g\n", flp_status_name(res->status),
          res->primal_obj, res->dual_obj);
  fprintf(f, "\n# columns: name value reduced_cost\ncolumns %d\n", (int)p->num_cols);
  for (int32_t j = 0; j < p->num_cols && res->x; ++j)
    fprintf(f, "%s %.17g %.17g\n", name_or_index(p->col_names, j, buf, sizeof buf, 'C'), res->x[j],
            res->reduced_costs[j]);
  fprintf(f, "\n# rows: name activity dual\nrows %d\n", (int)p->num_rows);
  for (int32_t i = 0; i < p->num_rows && res->y; ++i)
    fprintf(f, "%s %.17g %.17g\n", name_or_index(p->row_names, i, buf, sizeof buf, 'R'),
            res->row_activity[i], res->y[i]);
  const double *ray = res->dual_ray ? res->dual_ray : res->primal_ray;
  if (ray) {
    int32_t len = res->dual_ray ? p->num_rows : p->num_cols;
    fprintf(f, "\n# certificate: %s ray\n%s %d\n", res->dual_ray ? "dual (Farkas)" : "primal",
            res->dual_ray ? "dual_ray" : "primal_ray", (int)len);
    for (int32_t k = 0; k < len; ++k)
      fprintf(f, "%s %.17g\n",
              res->dual_ray ? name_or_index(p->row_names, k, buf, sizeof buf, 'R')
                            : name_or_index(p->col_names, k, buf, sizeof buf, 'C'),
              ray[k]);
  }
  return flp_text_out_commit(&out, err);
}
