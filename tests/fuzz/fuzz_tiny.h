/* The small LP and settings the checkpoint and settings targets solve, and
 * the seed tool checkpoints (make_seeds.c): the same in every process, so a
 * seed checkpoint carries the problem and settings hashes the target expects,
 * and mutations reach the resume code rather than the hash check. */
#ifndef FLEETLP_FUZZ_TINY_H
#define FLEETLP_FUZZ_TINY_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "fleetlp.h"

/*   min  x0 + 2 x1 - x2 + x3
 *   s.t. 1 <= x0 + x1          <= 4
 *            x1 - x2 + 2 x3    =  2
 *        -inf < x0 + x2 - x3   <= 3,     0 <= x <= 5, x3 free below 2 */
static inline int fuzz_tiny_lp(flp_problem *p) {
  static const int64_t ptr[] = {0, 2, 5, 8};
  static const int32_t idx[] = {0, 1, 1, 2, 3, 0, 2, 3};
  static const double val[] = {1, 1, 1, -1, 2, 1, 1, -1};
  static const double c[] = {1, 2, -1, 1}, lo[] = {0, 0, 0, -INFINITY}, up[] = {5, 5, 5, 2};
  static const double rl[] = {1, 2, -INFINITY}, ru[] = {4, 2, 3};
  memset(p, 0, sizeof *p);
  p->num_rows = 3;
  p->num_cols = 4;
  p->nnz = 8;
  p->objective_sense = 1;
  p->row_ptr = malloc(sizeof ptr);
  p->col_idx = malloc(sizeof idx);
  p->values = malloc(sizeof val);
  p->obj = malloc(sizeof c);
  p->col_lower = malloc(sizeof lo);
  p->col_upper = malloc(sizeof up);
  p->row_lower = malloc(sizeof rl);
  p->row_upper = malloc(sizeof ru);
  if (!p->row_ptr || !p->col_idx || !p->values || !p->obj || !p->col_lower || !p->col_upper ||
      !p->row_lower || !p->row_upper) {
    flp_problem_free(p);
    return -1;
  }
  memcpy(p->row_ptr, ptr, sizeof ptr);
  memcpy(p->col_idx, idx, sizeof idx);
  memcpy(p->values, val, sizeof val);
  memcpy(p->obj, c, sizeof c);
  memcpy(p->col_lower, lo, sizeof lo);
  memcpy(p->col_upper, up, sizeof up);
  memcpy(p->row_lower, rl, sizeof rl);
  memcpy(p->row_upper, ru, sizeof ru);
  return 0;
}

/* Quiet, one CPU thread, a bounded number of iterations, no clock. */
static inline void fuzz_tiny_settings(flp_settings *s) {
  flp_settings_default(s);
  s->device = FLP_DEVICE_CPU;
  s->threads = 1;
  s->verbose = 0;
  s->time_limit = 0;
  s->iteration_limit = 256;
  s->check_every = 16;
}

#endif
