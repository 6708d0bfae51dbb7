/* Reading the primal-dual point back from a solution file ("fleetlp-solution",
 * /x and /y) or a plan file ("fleetlp-plan", /solver/x and /solver/y), for a
 * warm start. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "h5_checksum.h"
#include "h5_util.h"

static flp_rc read_point(const flp_h5_in *in, int32_t num_rows, int32_t num_cols, double *x,
                         double *y, int *sense) {
  char format[64];
  int found = 0;
  flp_rc rc = flp_h5_read_attr_str(in, in->file, "/", "format", format, sizeof format, &found);
  if (rc != FLP_OK) return rc;
  const char *group;
  if (found && strcmp(format, "fleetlp-solution") == 0) group = "";
  else if (found && strcmp(format, "fleetlp-plan") == 0) group = "/solver";
  else
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: not a fleetlp solution or plan file (format \"%s\")", in->label,
                         found ? format : "");
  /* solutions and plans from 1.1 on are checksummed: a warm start from a
   * damaged file is refused rather than started from wrong numbers */
  int64_t major, minor;
  rc = flp_h5_check_format(in, format, 1, &major, &minor);
  if (rc == FLP_OK) rc = flp_h5_checksum_required(in, format, major, minor, 1, 1);
  if (rc != FLP_OK) return rc;
  char xpath[32], ypath[32], gpath[32];
  snprintf(xpath, sizeof xpath, "%s/x", group);
  snprintf(ypath, sizeof ypath, "%s/y", group);
  snprintf(gpath, sizeof gpath, "%s", group[0] ? group : "/");
  if (!flp_h5_exists(in, xpath) || !flp_h5_exists(in, ypath))
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s and %s are needed for a warm start "
                         "(a solution without a point?)", in->label, xpath, ypath);
  hid_t g = H5Oopen(in->file, gpath, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: cannot open %s", in->label, gpath);
  int64_t sn = 1;
  rc = flp_h5_read_attr_i64(in, g, gpath, "sense", &sn, &found);
  H5Oclose(g);
  if (rc != FLP_OK) return rc;
  *sense = found && sn == -1 ? -1 : 1;
  rc = flp_h5_read_f64(in, xpath, num_cols, x);
  if (rc == FLP_OK) rc = flp_h5_read_f64(in, ypath, num_rows, y);
  if (rc != FLP_OK) return rc;
  for (int32_t j = 0; j < num_cols; ++j)
    if (!isfinite(x[j]))
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: entry %d is not finite", in->label,
                           xpath, (int)j);
  for (int32_t i = 0; i < num_rows; ++i)
    if (!isfinite(y[i]))
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: entry %d is not finite", in->label,
                           ypath, (int)i);
  return FLP_OK;
}

typedef struct point_request {
  int32_t num_rows, num_cols;
  double *x, *y;
  int *sense;
} point_request;

static flp_rc read_requested_point(const flp_h5_in *in, void *ctx) {
  point_request *r = ctx;
  return read_point(in, r->num_rows, r->num_cols, r->x, r->y, r->sense);
}

flp_rc flp_read_solution_point_h5(const char *path, int32_t num_rows, int32_t num_cols, double *x,
                                  double *y, int *sense, flp_error *err) {
  int dummy;
  point_request r = {num_rows, num_cols, x, y, sense ? sense : &dummy};
  return flp_h5_read_file(path, read_requested_point, &r, err);
}
