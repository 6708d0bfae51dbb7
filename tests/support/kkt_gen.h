/* Random sparse LPs with a known answer, for tests.
 *
 * kkt_generate builds an LP around a chosen primal-dual pair (x*, y*, r*) so
 * that the KKT conditions hold: every number it produces is a small dyadic
 * rational (k * 2^e with few significant bits), so A x*, A'y* + r* and both
 * objectives are computed without rounding and the conditions hold exactly in
 * double precision (at the default density, for problems up to tens of
 * thousands of rows and columns).
 * The same options and seed always give the same problem, on every platform.
 *
 * Kinds:
 *   KKT_OPTIMAL             optimum known: cert->objective (user's sense)
 *   KKT_INFEASIBLE_FARKAS   one extra row: minus a combination of up to three
 *                           rows (weights > 0 on finite lower sides, < 0 on
 *                           finite upper sides) with a lower side the
 *                           combination cannot reach; cert->dual_ray is the
 *                           Farkas ray (A'w = 0, bound proved > 0)
 *   KKT_INFEASIBLE_PAIR     two extra rows sum_S x >= t + 1 and sum_S x <= t
 *   KKT_UNBOUNDED           one extra column that completes a ray d of the
 *                           recession cone with c'd < 0; the LP stays feasible
 *                           (cert->x) and cert->primal_ray is d
 */
#ifndef FLEETLP_TESTS_KKT_GEN_H
#define FLEETLP_TESTS_KKT_GEN_H

#include <stdint.h>

#include "fleetlp.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum kkt_kind {
  KKT_OPTIMAL = 0,
  KKT_INFEASIBLE_FARKAS,
  KKT_INFEASIBLE_PAIR,
  KKT_UNBOUNDED
} kkt_kind;

typedef struct kkt_options {
  int32_t rows, cols;  /* size of the base LP (the infeasible/unbounded kinds add 1-2) */
  double density;      /* probability of each entry; every row and column gets one */
  uint64_t seed;
  int coef_exponent;   /* |A_ij| = k 2^e, k in 1..15, e in [-coef_exponent, coef_exponent] */
  int maximize;        /* store as a maximisation problem (objective_sense -1) */
  int free_rows;       /* allow free rows (both sides infinite) */
  kkt_kind kind;
} kkt_options;

/* What the generator knows about the problem; arrays have the final sizes. */
typedef struct kkt_certificate {
  int32_t num_rows, num_cols;
  double *x;          /* optimum (OPTIMAL), a feasible point (UNBOUNDED), base LP's x* otherwise */
  double *y;          /* duals, minimisation form (y_i > 0: row at its lower side) */
  double *r;          /* reduced costs c - A'y, minimisation form */
  double *dual_ray;   /* INFEASIBLE_*: A'w = 0, w_i > 0 only on finite lower sides, ... */
  double *primal_ray; /* UNBOUNDED: A d in the row recession cone, c'd < 0 */
  double min_objective; /* c'x* + offset in minimisation form */
  double objective;     /* the same in the user's sense */
} kkt_certificate;

void kkt_options_default(kkt_options *o, int32_t rows, int32_t cols, uint64_t seed);

/* Fills p (allocated with flp_problem_alloc; names are set) and cert. On error
 * both are left empty. cert may be NULL. */
flp_rc kkt_generate(const kkt_options *o, flp_problem *p, kkt_certificate *cert, flp_error *err);
void kkt_certificate_free(kkt_certificate *cert);

/* Writes p as MPS text (free-format tokens, aligned to the fixed columns where
 * they fit), user's sense (OBJSENSE MAX when objective_sense is -1), names
 * from p or R<i>/C<j>. Returns 0 on success, -1 on an I/O error. */
int kkt_write_mps(const flp_problem *p, const char *path);

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_TESTS_KKT_GEN_H */
