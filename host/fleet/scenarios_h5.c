/* The /scenarios group of a fleet file (docs/fleet.md, "Scenarios"): read
 * with checks, written with the fleet in one atomic file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"
#include "h5_nd.h"

/* ---- writing ------------------------------------------------------------- */
typedef struct scen_out {
  const flp_fleet *f;
  const flp_fleet_scenarios *sc;
  int level;
  const char *label;
} scen_out;

static flp_rc write_nd(hid_t g, const char *name, const double *v, int rank, const int64_t *dims,
                       const scen_out *o, flp_error *err) {
  return fleet_h5_write_nd(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, rank, dims, o->level,
                           o->label, err);
}

static flp_rc write_scenarios(hid_t file, const scen_out *o, flp_error *err) {
  const flp_fleet_scenarios *sc = o->sc;
  const int64_t K = sc->count, T = sc->num_slots, C = sc->num_classes, D = sc->num_datacenters;
  const int64_t N = sc->num_nodes;
  hid_t g = fleet_h5_group(file, "scenarios", o->label, err);
  if (g < 0) return err ? err->code : FLP_ERR_IO;
  flp_rc rc = flp_h5_write_strings(g, "names", sc->names, K, 0, o->label, err);
  if (rc == FLP_OK && sc->demand_scale) {
    const int64_t dims[3] = {K, C, T};
    rc = write_nd(g, "demand_scale", sc->demand_scale, 3, dims, o, err);
  }
  if (rc == FLP_OK && sc->energy_price_scale) {
    const int64_t dims[2] = {K, T};
    rc = write_nd(g, "energy_price_scale", sc->energy_price_scale, 2, dims, o, err);
  }
  if (rc == FLP_OK && sc->energy_price) {
    const int64_t dims[3] = {K, D, T};
    rc = write_nd(g, "energy_price", sc->energy_price, 3, dims, o, err);
  }
  if (rc == FLP_OK && sc->outage) {
    const int64_t dims[2] = {K, N};
    rc = fleet_h5_write_nd(g, "outage", H5T_STD_U8LE, H5T_NATIVE_UINT8, sc->outage, 2, dims,
                           o->level, o->label, err);
  }
  H5Gclose(g);
  return rc;
}

static flp_rc write_file(hid_t file, const void *ctx, flp_error *err) {
  const scen_out *o = ctx;
  flp_rc rc = fleet_h5_write_contents(file, o->f, o->level, o->label, err);
  if (rc == FLP_OK && o->sc) rc = write_scenarios(file, o, err);
  return rc;
}

flp_rc flp_fleet_write_h5_scenarios(const char *path, const flp_fleet *f,
                                    const flp_fleet_scenarios *sc, int compression,
                                    flp_error *err) {
  flp_rc rc = flp_fleet_validate(f, path, err);
  if (rc == FLP_OK && sc) rc = flp_fleet_scenarios_validate(f, sc, path, err);
  if (rc != FLP_OK) return rc;
  scen_out o = {f, sc, compression < 0 ? FLP_H5_DEFAULT_COMPRESSION : compression, path};
  return flp_h5_write_atomic(path, write_file, &o, err);
}

/* ---- reading ------------------------------------------------------------- */
typedef struct scen_in {
  const flp_fleet *f;
  flp_fleet_scenarios *sc;
} scen_in;

static flp_rc read_optional(const flp_h5_in *in, const char *dpath, int rank, const int64_t *dims,
                            const char *const *what, double **dst) {
  if (!flp_h5_exists(in, dpath)) return FLP_OK;
  size_t total = 1;
  for (int i = 0; i < rank; ++i) total *= (size_t)dims[i];
  *dst = malloc((total ? total : 1) * sizeof **dst);
  if (!*dst) return flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
  return fleet_h5_read_nd(in, dpath, rank, dims, what, *dst);
}

static flp_rc read_outage(const flp_h5_in *in, const flp_fleet *f, flp_fleet_scenarios *sc) {
  const char *dpath = "/scenarios/outage";
  if (!flp_h5_exists(in, dpath)) return FLP_OK;
  const int64_t dims[2] = {sc->count, f->num_nodes};
  const char *what[2] = {"scenarios", "nodes"};
  double *v = NULL;
  flp_rc rc = read_optional(in, dpath, 2, dims, what, &v);
  size_t total = (size_t)dims[0] * (size_t)dims[1];
  if (rc == FLP_OK && !(sc->outage = malloc(total + 1)))
    rc = flp_error_set(in->err, FLP_ERR_NOMEM, "%s: %s: out of memory", in->label, dpath);
  for (size_t i = 0; rc == FLP_OK && i < total; ++i) {
    if (v[i] != 0 && v[i] != 1)
      rc = flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: %s: %g at scenario '%s' (%d) node '%s' (expected 0 or 1)", in->label,
                         dpath, v[i], sc->names[i / (size_t)f->num_nodes],
                         (int)(i / (size_t)f->num_nodes), f->node_ids[i % (size_t)f->num_nodes]);
    else
      sc->outage[i] = (uint8_t)v[i];
  }
  free(v);
  return rc;
}

static flp_rc read_contents(const flp_h5_in *in, void *ctx) {
  scen_in *s = ctx;
  const flp_fleet *f = s->f;
  flp_fleet_scenarios *sc = s->sc;
  if (!flp_h5_exists(in, "/scenarios"))
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /scenarios: missing (no scenarios in this fleet file; `fleetlp fleet "
                         "generate --scenarios K` writes some, docs/fleet.md describes the group)",
                         in->label);
  int64_t K = fleet_h5_length(in, "/scenarios/names");
  if (K < 0) return in->err->code;
  if (K < 1 || K > 1000000)
    return flp_error_set(in->err, FLP_ERR_INPUT,
                         "%s: /scenarios/names: has %lld entries; 1 to 1000000 scenarios", in->label,
                         (long long)K);
  sc->count = (int32_t)K;
  sc->num_nodes = f->num_nodes;
  sc->num_slots = f->num_slots;
  sc->num_classes = f->num_classes;
  sc->num_datacenters = f->num_datacenters;
  flp_rc rc = flp_h5_read_strings(in, "/scenarios/names", K, &sc->names);
  if (rc != FLP_OK) return rc;
  const int64_t kct[3] = {K, f->num_classes, f->num_slots}, kt[2] = {K, f->num_slots};
  const int64_t kdt[3] = {K, f->num_datacenters, f->num_slots};
  const char *w_kct[3] = {"scenarios", "classes", "slots"}, *w_kt[2] = {"scenarios", "slots"};
  const char *w_kdt[3] = {"scenarios", "datacenters", "slots"};
  if ((rc = read_optional(in, "/scenarios/demand_scale", 3, kct, w_kct, &sc->demand_scale)) !=
          FLP_OK ||
      (rc = read_optional(in, "/scenarios/energy_price_scale", 2, kt, w_kt,
                          &sc->energy_price_scale)) != FLP_OK ||
      (rc = read_optional(in, "/scenarios/energy_price", 3, kdt, w_kdt, &sc->energy_price)) !=
          FLP_OK)
    return rc;
  return read_outage(in, f, sc);
}

flp_rc flp_fleet_scenarios_read_h5(const char *path, const flp_fleet *f, flp_fleet_scenarios *out,
                                   flp_error *err) {
  memset(out, 0, sizeof *out);
  scen_in s = {f, out};
  flp_rc rc = flp_h5_read_file(path, read_contents, &s, err);
  if (rc == FLP_OK) rc = flp_fleet_scenarios_validate(f, out, path, err);
  if (rc != FLP_OK) flp_fleet_scenarios_free(out);
  return rc;
}

static flp_rc probe(const flp_h5_in *in, void *ctx) {
  *(int *)ctx = flp_h5_exists(in, "/scenarios");
  return FLP_OK;
}

int flp_fleet_file_has_scenarios(const char *path) {
  int found = 0;
  flp_error err = {0};
  if (flp_h5_read_file(path, probe, &found, &err) != FLP_OK) return 0;
  return found;
}
