/* The C API in one page: build an LP in memory, solve it, change the row
 * bounds, solve again from the last point (no new setup), print both.
 *
 *   minimise  -x0 - 2 x1
 *   s.t.       x0 +   x1 <= 4        (row 0)
 *              x0 + 3 x1 <= 6        (row 1)
 *              0 <= x0 <= 3, x1 >= 0
 *
 * Optimum -5 at (3, 1); with row 1's bound raised to 9: -6.5 at (1.5, 2.5).
 * Build against an installed fleetlp: see examples/c_api/CMakeLists.txt, or
 *   cc resolve.c $(pkg-config --cflags --libs fleetlp-core) */
#include <math.h>
#include <stdio.h>

#include "fleetlp.h"

static int report(const char *what, const flp_result *r) {
  printf("%-8s %s  objective %.6f  x = (%.4f, %.4f)  iterations %lld\n", what,
         flp_status_name(r->status), r->primal_obj, r->x[0], r->x[1], (long long)r->iterations);
  return r->status == FLP_OPTIMAL ? 0 : 1;
}

int main(void) {
  flp_problem p;
  flp_error err = {0};
  if (flp_problem_alloc(&p, 2, 2, 4, &err) != FLP_OK) return fprintf(stderr, "%s\n", err.msg), 3;
  const int64_t row_ptr[] = {0, 2, 4};
  const int32_t col_idx[] = {0, 1, 0, 1};
  const double values[] = {1, 1, 1, 3};
  for (int k = 0; k < 3; ++k) p.row_ptr[k] = row_ptr[k];
  for (int k = 0; k < 4; ++k) p.col_idx[k] = col_idx[k], p.values[k] = values[k];
  p.obj[0] = -1, p.obj[1] = -2;
  p.col_lower[0] = 0, p.col_upper[0] = 3;
  p.col_lower[1] = 0, p.col_upper[1] = INFINITY;
  p.row_lower[0] = -INFINITY, p.row_upper[0] = 4;
  p.row_lower[1] = -INFINITY, p.row_upper[1] = 6;

  flp_settings s;
  flp_settings_default(&s);
  s.verbose = 0;
  if (flp_settings_set(&s, "tol", "1e-6", &err) != FLP_OK) return fprintf(stderr, "%s\n", err.msg), 2;

  flp_solver *solver = NULL;
  flp_result first = {0}, second = {0};
  int bad = 1;
  if (flp_solver_create(&p, &s, &solver, &err) == FLP_OK &&      /* setup once */
      flp_solver_solve(solver, &first, &err) == FLP_OK) {
    const double upper[] = {4, 9};
    if (flp_solver_set_row_bounds(solver, NULL, upper, &err) == FLP_OK && /* same shape, new data */
        flp_solver_solve(solver, &second, &err) == FLP_OK)              /* warm from the last point */
      bad = report("first", &first) | report("changed", &second) | (fabs(second.primal_obj + 6.5) > 1e-4);
  }
  if (err.msg[0]) fprintf(stderr, "error: %s\n", err.msg);
  flp_result_free(&first);
  flp_result_free(&second);
  flp_solver_free(solver);
  flp_problem_free(&p);
  return bad;
}
