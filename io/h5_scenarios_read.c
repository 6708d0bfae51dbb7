/* Reading scenario files (fleetlp_io.h: flp_read_scenarios). Each K x len
 * dataset is checked against the base LP (shape, NaN, finite costs) with a
 * message naming the file, the dataset, the scenario and the index; the
 * costs come in the user's sense and are stored in minimisation form; the
 * pairs of bounds are then checked by the core's flp_scenarios_validate. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_2d.h"
#include "h5_scenarios_layout.h"
#include "h5_util.h"
#include "io_util.h"

typedef struct scen_in {
  const flp_problem *base;
  flp_scenarios *sc;
} scen_in;

static flp_rc read_version(const flp_h5_in *in) {
  int64_t v = 0;
  int found = 0;
  flp_rc rc = flp_h5_read_attr_i64(in, in->file, "/", "version", &v, &found);
  if (rc == FLP_OK && !found) /* the major version, as the other fleetlp files spell it */
    rc = flp_h5_read_attr_i64(in, in->file, "/", "version_major", &v, &found);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute version (%d for this "
                         "layout)", in->label, FLP_SCENARIOS_VERSION);
  if (v > FLP_SCENARIOS_VERSION)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: format version %lld is newer than this "
                         "fleetlp (%s) reads (%d); upgrade fleetlp", in->label, (long long)v,
                         FLP_VERSION_STRING, FLP_SCENARIOS_VERSION);
  if (v < 1)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: invalid format version %lld", in->label,
                         (long long)v);
  return FLP_OK;
}

static flp_rc read_header(const flp_h5_in *in, const flp_problem *base, flp_scenarios *sc) {
  char got[128];
  int found;
  flp_rc rc = flp_h5_read_attr_str(in, in->file, "/", "format", got, sizeof got, &found);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute format (expected "
                         "\"%s\"); not a fleetlp scenario file?", in->label, FLP_SCENARIOS_FORMAT);
  if (strcmp(got, FLP_SCENARIOS_FORMAT) != 0)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute format is \"%s\", expected "
                         "\"%s\"", in->label, got, FLP_SCENARIOS_FORMAT);
  if ((rc = read_version(in)) != FLP_OK) return rc;
  int64_t count = 0;
  rc = flp_h5_read_attr_i64(in, in->file, "/", "count", &count, &found);
  if (rc != FLP_OK) return rc;
  if (!found)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute count (the number of "
                         "scenarios)", in->label);
  if (count < 1 || count > INT32_MAX)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute count is %lld, expected 1 .. "
                         "2^31-1 scenarios", in->label, (long long)count);
  int64_t sense = 0;
  rc = flp_h5_read_attr_i64(in, in->file, "/", "sense", &sense, &found);
  if (rc != FLP_OK) return rc;
  const int base_sense = base->objective_sense == -1 ? -1 : 1;
  if (found && sense != base_sense)
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute sense is %lld, but the LP %s "
                         "(sense %d): /c must be in the LP's sense", in->label, (long long)sense,
                         base_sense == 1 ? "minimises" : "maximises", base_sense);
  sc->count = (int32_t)count;
  sc->num_rows = base->num_rows;
  sc->num_cols = base->num_cols;
  sc->objective_sense = base_sense;
  return FLP_OK;
}

/* Written for another LP: checked after the datasets, which name more. */
static flp_rc check_size_attrs(const flp_h5_in *in, const flp_problem *base) {
  static const char *const names[2] = {"num_rows", "num_cols"};
  const int64_t want[2] = {base->num_rows, base->num_cols};
  for (int i = 0; i < 2; ++i) {
    int64_t v = 0;
    int found = 0;
    flp_rc rc = flp_h5_read_attr_i64(in, in->file, "/", names[i], &v, &found);
    if (rc != FLP_OK) return rc;
    if (found && v != want[i])
      return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute %s is %lld, the LP has %lld "
                           "(the scenarios were made for another LP)", in->label, names[i],
                           (long long)v, (long long)want[i]);
  }
  return FLP_OK;
}

/* NaN anywhere, non-finite costs; |v| >= 1e20 in bounds becomes infinite;
 * costs to minimisation form. */
static flp_rc check_values(const flp_h5_in *in, const flp_scen_item *it, const flp_scenarios *sc,
                           double *v, int64_t len) {
  char nb[64];
  const double sign = sc->objective_sense == -1 ? -1.0 : 1.0;
  for (int64_t k = 0; k < sc->count; ++k) {
    double *row = v + k * len;
    for (int64_t j = 0; j < len; ++j) {
      double x = row[j];
      int bad = isnan(x) || (it->role == FLP_SCEN_COST && !isfinite(x));
      if (bad)
        return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: scenario %lld (%s), index %lld is "
                             "%s%s", in->label, it->dataset, (long long)k,
                             flp_scenario_name(sc, (int32_t)k, nb, sizeof nb), (long long)j,
                             isnan(x) ? "NaN" : x > 0 ? "inf" : "-inf",
                             it->role == FLP_SCEN_COST ? ": costs must be finite" : "");
      if (it->role == FLP_SCEN_COST) row[j] = sign * x;
      else if (x >= FLP_IO_INFINITY) row[j] = INFINITY;
      else if (x <= -FLP_IO_INFINITY) row[j] = -INFINITY;
    }
  }
  return FLP_OK;
}

static flp_rc read_item(const flp_h5_in *in, const flp_scen_item *it, flp_scenarios *sc) {
  if (!flp_h5_exists(in, it->dataset)) return FLP_OK; /* the base LP's values */
  const int64_t len = flp_scen_len(sc->num_rows, sc->num_cols, it);
  hid_t d;
  int64_t dims[2];
  flp_rc rc = flp_h5_open_2d(in, it->dataset, &d, dims);
  if (rc != FLP_OK) return rc;
  if (dims[0] != sc->count || dims[1] != len) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: %s: shape [%lld, %lld], expected [%lld, "
                         "%lld] (count = %lld scenarios x the LP's %lld %s)", in->label,
                         it->dataset, (long long)dims[0], (long long)dims[1],
                         (long long)sc->count, (long long)len, (long long)sc->count,
                         (long long)len, it->per_row == 2 ? "value" : it->per_row ? "rows" : "columns");
  }
  const size_t total = (size_t)sc->count * (size_t)len;
  double *v = total <= SIZE_MAX / sizeof *v ? malloc((total ? total : 1) * sizeof *v) : NULL;
  if (!v) {
    H5Dclose(d);
    return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory for %lld x %lld values",
                         in->label, it->dataset, (long long)sc->count, (long long)len);
  }
  *flp_scen_array(sc, it) = v; /* owned by sc from here */
  rc = flp_h5_read_all(in, it->dataset, d, H5T_NATIVE_DOUBLE, v, (int64_t)total);
  H5Dclose(d);
  return rc == FLP_OK ? check_values(in, it, sc, v, len) : rc;
}

/* The core's message ("scenarios: scenario 1 (...), index 5: row_lower 3
 * above row_upper 2") with the file in front. */
static flp_rc validate(const flp_h5_in *in, const flp_problem *base, const flp_scenarios *sc) {
  flp_rc rc = flp_scenarios_validate(base, sc, in->err);
  if (rc == FLP_OK || !in->err) return rc;
  char msg[sizeof in->err->msg];
  const char *text = in->err->msg;
  if (strncmp(text, "scenarios: ", 11) == 0) text += 11;
  snprintf(msg, sizeof msg, "%s", text);
  return flp_error_set(in->err, rc, "%s: %s", in->label, msg);
}

static flp_rc read_contents(const flp_h5_in *in, void *ctx) {
  scen_in *r = ctx;
  flp_scenarios *sc = r->sc;
  flp_rc rc = read_header(in, r->base, sc);
  /* names first, so that value errors can name the scenario */
  if (rc == FLP_OK && flp_h5_exists(in, "/names"))
    rc = flp_h5_read_strings(in, "/names", sc->count, &sc->names);
  for (size_t i = 0; i < FLP_SCEN_NUM_ITEMS && rc == FLP_OK; ++i)
    rc = read_item(in, &flp_scen_items[i], sc);
  if (rc == FLP_OK) rc = check_size_attrs(in, r->base);
  if (rc == FLP_OK) rc = validate(in, r->base, sc);
  return rc;
}

flp_rc flp_read_scenarios(const char *path, const flp_problem *base, flp_scenarios *out,
                          flp_error *err) {
  memset(out, 0, sizeof *out);
  if (!path || !base) return flp_error_set(err, FLP_ERR_INPUT, "scenarios: NULL argument");
  scen_in r = {base, out};
  flp_rc rc = flp_h5_read_file(path, read_contents, &r, err);
  if (rc != FLP_OK) flp_scenarios_free(out);
  return rc;
}
