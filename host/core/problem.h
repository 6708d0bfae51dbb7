/* Internal helpers on flp_problem (problem.c) beside the public ones in
 * fleetlp.h. */
#ifndef FLEETLP_PROBLEM_H
#define FLEETLP_PROBLEM_H

#include "fleetlp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where b's matrix differs from a's ("its shape", "its number of nonzeros",
 * "its sparsity pattern", "its coefficients"), or NULL when it is the same. */
const char *flp_problem_matrix_difference(const flp_problem *a, const flp_problem *b);

/* A 64-bit hash of p's matrix (dimensions, offsets, indices, values) for
 * telling in memory whether it changed: eight bytes a step, so about 8x
 * faster than FNV-1a's byte a step, and never stored (hash.c). */
uint64_t flp_matrix_hash(const flp_problem *p);

#ifdef __cplusplus
}
#endif

#endif
