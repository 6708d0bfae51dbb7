/* flp_fleet_validate on fleets decoded from fuzz bytes, and what a valid
 * fleet promises: it builds into an LP that validates, and a plan can be made
 * from a solution of that LP's shape. Decoding (all-zero bytes give a valid
 * fleet, so the builder and the plan are reached from the first input):
 *   7 bytes of dimensions (N 1..8, T 1..6, K 1..4, R 1..5, S 1..4, Q 1..4, D 1..3)
 *   then per index a byte b: b % (range + 1), the value `range` being one past
 *   the end (invalid); per number a byte: an entry of VALUES, or with the top
 *   bit set 8 raw bytes (any double, NaN and infinities included). */
#include <math.h>

#include "fleetlp_fleet.h"
#include "fuzz_common.h"

typedef struct bytes {
  const uint8_t *p;
  size_t n, at;
} bytes;

static unsigned next(bytes *b) { return b->at < b->n ? b->p[b->at++] : 0; }

static const double VALUES[] = {1.0, 0.0, 0.5, 2.0, 10.0, 100.0, 1e4, 1e6, -1.0, 0.25, 1e-9,
                                1e9, INFINITY, -INFINITY, NAN, 1e20, 3.0, 0.9, 1.5, 1e300};
#define NVALUES (sizeof VALUES / sizeof VALUES[0])

static double number(bytes *b) {
  unsigned k = next(b);
  if (k & 0x80) {
    uint8_t raw[8];
    for (int i = 0; i < 8; ++i) raw[i] = (uint8_t)next(b);
    double v;
    memcpy(&v, raw, sizeof v);
    return v;
  }
  return VALUES[k % NVALUES];
}

static int32_t index_in(bytes *b, int32_t range) { return (int32_t)(next(b) % (unsigned)(range + 1)); }

static void numbers(bytes *b, double *v, size_t n) {
  for (size_t i = 0; i < n; ++i) v[i] = number(b);
}

static void decode(bytes *b, flp_fleet *f) {
  const size_t N = (size_t)f->num_nodes, T = (size_t)f->num_slots, K = (size_t)f->num_classes;
  const size_t R = (size_t)f->num_resources, S = (size_t)f->num_node_classes;
  const size_t Q = (size_t)f->num_racks, D = (size_t)f->num_datacenters;
  f->power_resource = index_in(b, f->num_resources) - 1; /* -1: none ... R-1 */
  f->bandwidth_resource = index_in(b, f->num_resources) - 1;
  for (size_t n = 0; n < N; ++n) {
    f->node_class[n] = index_in(b, f->num_node_classes);
    f->node_rack[n] = index_in(b, f->num_racks);
    /* one datacenter per rack: the rack's own, unless the byte says otherwise */
    unsigned d = next(b);
    f->node_datacenter[n] = d < 200 ? (int32_t)(f->node_rack[n] % f->num_datacenters)
                                    : (int32_t)(d % (unsigned)(f->num_datacenters + 1));
  }
  numbers(b, f->capacity, N * R);
  for (size_t i = 0; i < N * T; ++i) f->availability[i] = number(b) == 0.0 ? 0.0 : 1.0;
  if (next(b) & 1) numbers(b, f->availability, N * T);
  numbers(b, f->running_cost, N);
  numbers(b, f->idle_power, N);
  numbers(b, f->slot_hours, T);
  numbers(b, f->energy_price, D * T);
  numbers(b, f->carbon_intensity, D * T);
  f->carbon_price = number(b);
  numbers(b, f->demand, K * T);
  numbers(b, f->needs, K * R);
  for (size_t i = 0; i < K * S; ++i) {
    unsigned e = next(b);
    f->eligible[i] = e == 0xFF ? 2 : (uint8_t)((e & 1) ^ 1); /* 2: neither yes nor no */
  }
  numbers(b, f->penalty, K);
  for (size_t k = 0; k < K; ++k) {
    unsigned w = next(b);
    f->defer_window[k] = w == 0xFF ? -1 : (int32_t)(w % 4);
  }
  numbers(b, f->defer_cost, K);
  if (next(b) & 1) numbers(b, f->rack_power, Q * T);
  if (next(b) & 1) numbers(b, f->datacenter_power, D * T);
  if (next(b) & 1) numbers(b, f->rack_bandwidth, Q * T);
  if (next(b) & 1) f->budget = number(b);
  if (N > 1 && next(b) == 0xFE) { /* a duplicated node id */
    free(f->node_ids[1]);
    f->node_ids[1] = strdup(f->node_ids[0]);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  bytes b = {data, size, 0};
  int32_t N = 1 + (int32_t)(next(&b) % 8), T = 1 + (int32_t)(next(&b) % 6);
  int32_t K = 1 + (int32_t)(next(&b) % 4), R = 1 + (int32_t)(next(&b) % 5);
  int32_t S = 1 + (int32_t)(next(&b) % 4), Q = 1 + (int32_t)(next(&b) % 4);
  int32_t D = 1 + (int32_t)(next(&b) % 3);
  flp_fleet f;
  flp_error err;
  FUZZ_REQUIRE(flp_fleet_alloc(&f, N, T, K, R, S, Q, D, &err) == FLP_OK, "%s", err.msg);
  decode(&b, &f);
  flp_rc rc = flp_fleet_validate(&f, "fuzz", &err);
  fuzz_note("validate", (int)rc, err.msg);
  FUZZ_REQUIRE(rc == FLP_OK || rc == FLP_ERR_INPUT, "validate: rc %d", (int)rc);
  if (rc == FLP_ERR_INPUT) FUZZ_NAMES_FILE(err, "fuzz");
  if (rc == FLP_OK) {
    flp_fleet_lp lp;
    rc = flp_fleet_build(&f, FLP_FLEET_NAMES_ON, &lp, &err);
    /* a valid fleet builds an LP that validates, or is refused for its range */
    FUZZ_REQUIRE(rc == FLP_OK || (rc == FLP_ERR_INPUT && strstr(err.msg, "orders of magnitude")),
                 "a valid fleet did not build: rc %d: %s", (int)rc, err.msg);
    if (rc != FLP_OK) {
      flp_fleet_free(&f);
      return 0;
    }
    FUZZ_REQUIRE(flp_problem_validate(&lp.problem, "fuzz", &err) == FLP_OK, "%s", err.msg);
    flp_result res;
    memset(&res, 0, sizeof res);
    res.status = FLP_ITERATION_LIMIT;
    res.num_rows = lp.problem.num_rows;
    res.num_cols = lp.problem.num_cols;
    res.x = calloc((size_t)res.num_cols + 1, sizeof *res.x);
    res.y = calloc((size_t)res.num_rows + 1, sizeof *res.y);
    FUZZ_REQUIRE(res.x && res.y, "out of memory");
    for (int32_t j = 0; j < res.num_cols; ++j) res.x[j] = (double)(j % 3); /* a point, not an answer */
    flp_fleet_plan plan;
    rc = flp_fleet_plan_compute(&f, &lp, &res, &plan, &err);
    FUZZ_REQUIRE(rc == FLP_OK, "no plan from a solution of the LP's shape: %s", err.msg);
    flp_fleet_plan_free(&plan);
    free(res.x);
    free(res.y);
    flp_fleet_lp_free(&lp);
  }
  flp_fleet_free(&f);
  return 0;
}
