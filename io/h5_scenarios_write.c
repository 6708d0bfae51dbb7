/* Writing scenario files (fleetlp_io.h: flp_write_scenarios). The costs go
 * to /c in the user's sense (as a problem file's /c): memory holds the
 * minimisation form, so a maximisation's costs are negated on the way out. */
#include <math.h>
#include <stdlib.h>

#include "h5_2d.h"
#include "h5_scenarios_layout.h"
#include "h5_util.h"

typedef struct scen_out {
  const flp_scenarios *sc;
  const char *label;
  int sense;
} scen_out;

static flp_rc write_item(hid_t file, const scen_out *o, const flp_scen_item *it, flp_error *err) {
  const flp_scenarios *sc = o->sc;
  const double *v = flp_scen_carray(sc, it);
  if (!v) return FLP_OK;
  const int64_t len = flp_scen_len(sc->num_rows, sc->num_cols, it);
  const size_t total = (size_t)sc->count * (size_t)len;
  double *flipped = NULL;
  if (it->role == FLP_SCEN_COST && o->sense == -1) {
    flipped = malloc((total ? total : 1) * sizeof *flipped);
    if (!flipped) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", o->label);
    for (size_t i = 0; i < total; ++i) flipped[i] = -v[i];
    v = flipped;
  }
  flp_rc rc = flp_h5_write_2d(file, it->dataset + 1, sc->count, len, v, FLP_H5_DEFAULT_COMPRESSION,
                              o->label, err);
  free(flipped);
  return rc;
}

static flp_rc write_contents(hid_t file, const void *ctx, flp_error *err) {
  const scen_out *o = ctx;
  const flp_scenarios *sc = o->sc;
  flp_rc rc = flp_h5_attr_str(file, "format", FLP_SCENARIOS_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "version", FLP_SCENARIOS_VERSION, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(file, "writer", "fleetlp " FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "count", sc->count, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "num_rows", sc->num_rows, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "num_cols", sc->num_cols, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(file, "sense", o->sense, err);
  for (size_t i = 0; i < FLP_SCEN_NUM_ITEMS && rc == FLP_OK; ++i)
    rc = write_item(file, o, &flp_scen_items[i], err);
  if (rc == FLP_OK && sc->names)
    rc = flp_h5_write_strings(file, "names", sc->names, sc->count, FLP_H5_DEFAULT_COMPRESSION,
                              o->label, err);
  return rc;
}

/* What the writer can check without the base LP: the shape, and no NaN
 * (the file would only be refused when read back). */
static flp_rc check(const char *path, const flp_scenarios *sc, flp_error *err) {
  if (!sc) return flp_error_set(err, FLP_ERR_INPUT, "%s: no scenarios given", path);
  if (sc->count < 1 || sc->num_rows < 0 || sc->num_cols < 0)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: %d scenarios of %d rows x %d columns: at least "
                         "one scenario and no negative size", path, (int)sc->count,
                         (int)sc->num_rows, (int)sc->num_cols);
  if (sc->objective_sense < -1 || sc->objective_sense > 1)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: objective_sense %d is not +1 or -1", path,
                         sc->objective_sense);
  for (size_t i = 0; i < FLP_SCEN_NUM_ITEMS; ++i) {
    const flp_scen_item *it = &flp_scen_items[i];
    const double *v = flp_scen_carray(sc, it);
    const int64_t len = flp_scen_len(sc->num_rows, sc->num_cols, it);
    for (int64_t k = 0; v && k < sc->count; ++k)
      for (int64_t j = 0; j < len; ++j)
        if (isnan(v[k * len + j]))
          return flp_error_set(err, FLP_ERR_INPUT, "%s: %s: scenario %lld, index %lld is NaN", path,
                               it->dataset, (long long)k, (long long)j);
  }
  return FLP_OK;
}

flp_rc flp_write_scenarios(const char *path, const flp_scenarios *sc, flp_error *err) {
  flp_rc rc = check(path, sc, err);
  if (rc != FLP_OK) return rc;
  scen_out o = {sc, path, sc->objective_sense == -1 ? -1 : 1};
  return flp_h5_write_atomic_checksummed(path, write_contents, &o, err);
}
