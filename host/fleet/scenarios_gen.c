/* Synthetic scenarios for a fleet (flp_fleet_scenarios_generate): demand
 * forecasts, a high energy price path, node outages. One PRNG stream in a
 * fixed order: a seed and the fleet fix the scenarios bit for bit. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleet.h"

#define Z90 1.2815515655446004 /* standard normal quantile of 0.9 */
#define SLOT_CORRELATION 0.8   /* AR(1) of a forecast error from one slot to the next */
#define COMMON_SHARE 0.6       /* weight of the fleet-wide error in each class's error */
#define HIGH_PRICE_LEVEL 1.3   /* the high path: 30% dearer, and more in the evening */
#define HIGH_PRICE_PEAK 0.4
#define PEAK_HOUR 18.0

/* Forecast spread of class c in slot t: sigma_c, growing with lead time. */
static double spread(const double *sigma, int32_t c, int32_t t, int32_t T) {
  return sigma[c] * (0.5 + 0.5 * sqrt((double)(t + 1) / (double)T));
}

static void quantile_scenario(flp_fleet_scenarios *sc, int32_t k, double z, const double *sigma) {
  const int32_t C = sc->num_classes, T = sc->num_slots;
  double *m = sc->demand_scale + (size_t)k * (size_t)C * (size_t)T;
  for (int32_t c = 0; c < C; ++c)
    for (int32_t t = 0; t < T; ++t) m[(size_t)c * (size_t)T + (size_t)t] = exp(spread(sigma, c, t, T) * z);
}

/* Errors correlated across slots (AR(1)) and classes (a shared part). */
static void drawn_scenario(flp_fleet_scenarios *sc, int32_t k, const double *sigma, fleet_rng *r,
                           double *common) {
  const int32_t C = sc->num_classes, T = sc->num_slots;
  const double rho = SLOT_CORRELATION, fresh = sqrt(1 - rho * rho);
  for (int32_t t = 0; t < T; ++t)
    common[t] = t ? rho * common[t - 1] + fresh * fleet_rng_normal(r) : fleet_rng_normal(r);
  double *m = sc->demand_scale + (size_t)k * (size_t)C * (size_t)T;
  const double own_share = sqrt(1 - COMMON_SHARE * COMMON_SHARE);
  for (int32_t c = 0; c < C; ++c) {
    double own = 0;
    for (int32_t t = 0; t < T; ++t) {
      own = t ? rho * own + fresh * fleet_rng_normal(r) : fleet_rng_normal(r);
      double z = COMMON_SHARE * common[t] + own_share * own;
      m[(size_t)c * (size_t)T + (size_t)t] = exp(spread(sigma, c, t, T) * z);
    }
  }
}

static void high_price(const flp_fleet *f, flp_fleet_scenarios *sc, int32_t k) {
  double start = 0;
  for (int32_t t = 0; t < f->num_slots; ++t) {
    double hour = fmod(start + 0.5 * f->slot_hours[t], 24.0);
    start += f->slot_hours[t];
    double evening = cos(6.283185307179586 * (hour - PEAK_HOUR) / 24.0);
    sc->energy_price_scale[(size_t)k * (size_t)f->num_slots + (size_t)t] =
        HIGH_PRICE_LEVEL * (1 + HIGH_PRICE_PEAK * (evening > 0 ? evening : 0));
  }
}

static void outages(const flp_fleet *f, flp_fleet_scenarios *sc, int32_t k, fleet_rng *r) {
  const int32_t N = f->num_nodes;
  int32_t most = N / 20 < 1 ? 1 : N / 20 > 3 ? 3 : N / 20;
  int32_t count = 1 + fleet_rng_below(r, most);
  uint8_t *out = sc->outage + (size_t)k * (size_t)N;
  for (int32_t i = 0; i < count && i < N; ++i) {
    int32_t n = fleet_rng_below(r, N);
    while (out[n]) n = (n + 1) % N;
    out[n] = 1;
  }
}

static flp_rc set_name(flp_fleet_scenarios *sc, int32_t k, const char *name, flp_error *err) {
  char *s = strdup(name);
  if (!s) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory naming scenarios");
  free(sc->names[k]);
  sc->names[k] = s;
  return FLP_OK;
}

flp_rc flp_fleet_scenarios_generate(const flp_fleet *f, int32_t count, uint64_t seed,
                                    flp_fleet_scenarios *out, flp_error *err) {
  /* quantile scenarios first: P50 alone, P10 and P90, or all three */
  static const double z3[3] = {-Z90, 0, Z90}, z2[2] = {-Z90, Z90}, z1[1] = {0};
  static const char *const n3[3] = {"p10", "p50", "p90"}, *const n2[2] = {"p10", "p90"};
  static const char *const n1[1] = {"p50"};
  const int32_t nq = count >= 3 ? 3 : count;
  const double *z = nq == 3 ? z3 : nq == 2 ? z2 : z1;
  const char *const *qn = nq == 3 ? n3 : nq == 2 ? n2 : n1;
  const int32_t drawn = count - nq;
  const int prices = drawn > 0 && !isfinite(f->budget); /* prices sit in a budget row's A */
  unsigned parts = FLP_FLEET_SCEN_DEMAND | (prices ? FLP_FLEET_SCEN_PRICE_SCALE : 0) |
                   (drawn > 0 ? FLP_FLEET_SCEN_OUTAGE : 0);
  flp_rc rc = flp_fleet_scenarios_alloc(out, f, count, parts, err);
  if (rc != FLP_OK) return rc;
  fleet_rng r;
  fleet_rng_seed(&r, seed ^ 0x5ce7a105c0ffee11ULL);
  double *sigma = malloc((size_t)f->num_classes * sizeof *sigma);
  double *common = malloc((size_t)f->num_slots * sizeof *common);
  if (!sigma || !common) rc = flp_error_set(err, FLP_ERR_NOMEM, "out of memory for scenarios");
  /* some classes are forecast well (5%), others poorly (30%) */
  for (int32_t c = 0; rc == FLP_OK && c < f->num_classes; ++c)
    sigma[c] = fleet_rng_range(&r, 0.05, 0.30);
  for (int32_t k = 0; rc == FLP_OK && k < nq; ++k) {
    quantile_scenario(out, k, z[k], sigma);
    rc = set_name(out, k, qn[k], err);
  }
  for (int32_t j = 0; rc == FLP_OK && j < drawn; ++j) {
    const int32_t k = nq + j;
    drawn_scenario(out, k, sigma, &r, common);
    const int hi = prices && j % 2 == 0, down = j % 3 == 0;
    if (hi) high_price(f, out, k);
    if (down) outages(f, out, k, &r);
    char name[64];
    snprintf(name, sizeof name, "mc%02d%s%s", (int)(j + 1), hi ? "-hiprice" : "",
             down ? "-outage" : "");
    rc = set_name(out, k, name, err);
  }
  free(sigma);
  free(common);
  if (rc != FLP_OK) flp_fleet_scenarios_free(out);
  return rc;
}
