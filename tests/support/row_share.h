// The row violated by the largest share of its own size at x, computed here
// from the definition (README, "When fleetlp says OPTIMAL"), independently of
// the library: viol / (1 + |violated bound| + sum_j |a_ij x_j|).
#ifndef FLEETLP_TESTS_ROW_SHARE_H
#define FLEETLP_TESTS_ROW_SHARE_H

#include <cmath>
#include <cstdint>

#include "fleetlp.h"

namespace flptest {

// Returns the largest share (0 when every row holds); *row gets its index or -1.
inline double worst_row_share(const flp_problem &p, const double *x, int32_t *row) {
  double best = 0;
  *row = -1;
  for (int32_t i = 0; i < p.num_rows; ++i) {
    double a = 0, size = 1;
    for (int64_t k = p.row_ptr[i]; k < p.row_ptr[i + 1]; ++k) {
      a += p.values[k] * x[p.col_idx[k]];
      size += std::fabs(p.values[k] * x[p.col_idx[k]]);
    }
    const double lo = p.row_lower[i], hi = p.row_upper[i];
    const double viol = a < lo ? lo - a : (a > hi ? a - hi : 0.0);
    size += std::fabs(a < lo ? lo : hi);
    if (viol / size > best) {
      best = viol / size;
      *row = i;
    }
  }
  return best;
}

}  // namespace flptest

#endif
