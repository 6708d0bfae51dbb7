/* Scenario batches (fleetlp.h: flp_batch). First version: one solve per
 * scenario in turn; the lock-step engine replaces the loop below. */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "fleetlp.h"

struct flp_batch {
  flp_problem base;
  flp_scenarios sc; /* borrowed arrays of the caller: valid until free */
  flp_settings settings;
  flp_message_fn log;
  void *log_user;
  flp_batch_progress_fn progress;
  void *progress_user;
  atomic_int stop;
};

flp_rc flp_batch_create(const flp_problem *base, const flp_scenarios *sc, const flp_settings *st,
                        flp_batch **out, flp_error *err) {
  *out = NULL;
  flp_rc rc = flp_settings_validate(st, err);
  if (rc == FLP_OK) rc = flp_problem_validate(base, base->name, err);
  if (rc == FLP_OK) rc = flp_scenarios_validate(base, sc, err);
  if (rc != FLP_OK) return rc;
  flp_batch *b = calloc(1, sizeof *b);
  if (!b) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a batch");
  if ((rc = flp_problem_copy(base, &b->base, err)) != FLP_OK) {
    free(b);
    return rc;
  }
  b->sc = *sc;
  b->settings = *st;
  atomic_init(&b->stop, 0);
  *out = b;
  return FLP_OK;
}

void flp_batch_free(flp_batch *b) {
  if (!b) return;
  flp_problem_free(&b->base);
  free(b);
}

int32_t flp_batch_count(const flp_batch *b) { return b ? b->sc.count : 0; }

void flp_batch_set_log(flp_batch *b, flp_message_fn fn, void *user) {
  b->log = fn;
  b->log_user = user;
}

void flp_batch_set_progress(flp_batch *b, flp_batch_progress_fn fn, void *user) {
  b->progress = fn;
  b->progress_user = user;
}

void flp_batch_interrupt(flp_batch *b) {
  if (b) atomic_store_explicit(&b->stop, 1, memory_order_relaxed);
}

flp_rc flp_batch_solve(flp_batch *b, flp_result *results, flp_error *err) {
  const int32_t K = b->sc.count;
  memset(results, 0, (size_t)K * sizeof *results);
  flp_rc rc = FLP_OK;
  for (int32_t k = 0; k < K && rc == FLP_OK; ++k) {
    flp_problem p;
    rc = flp_scenario_problem(&b->base, &b->sc, k, &p, err);
    if (rc == FLP_OK) rc = flp_solve(&p, &b->settings, &results[k], err);
    flp_problem_free(&p);
    if (rc == FLP_OK && b->progress) b->progress(b->progress_user, k + 1, K, results[k].iterations);
  }
  if (rc != FLP_OK)
    for (int32_t k = 0; k < K; ++k) flp_result_free(&results[k]);
  return rc;
}

flp_rc flp_solve_batch(const flp_problem *base, const flp_scenarios *sc, const flp_settings *st,
                       flp_result *results, flp_error *err) {
  flp_batch *b = NULL;
  flp_rc rc = flp_batch_create(base, sc, st, &b, err);
  if (rc == FLP_OK) rc = flp_batch_solve(b, results, err);
  else memset(results, 0, (size_t)(sc && sc->count > 0 ? sc->count : 0) * sizeof *results);
  flp_batch_free(b);
  return rc;
}
