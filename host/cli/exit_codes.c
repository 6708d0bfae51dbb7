#include "exit_codes.h"

int flp_exit_code_for_status(flp_status s) {
  switch (s) {
  case FLP_OPTIMAL: return FLP_EXIT_OPTIMAL;
  case FLP_PRIMAL_INFEASIBLE: return FLP_EXIT_PRIMAL_INFEASIBLE;
  case FLP_DUAL_INFEASIBLE: return FLP_EXIT_DUAL_INFEASIBLE;
  case FLP_TIME_LIMIT:
  case FLP_ITERATION_LIMIT: return FLP_EXIT_LIMIT;
  case FLP_INTERRUPTED: return FLP_EXIT_INTERRUPTED;
  case FLP_NUMERICAL_ERROR:
  case FLP_STATUS_UNSET: break;
  }
  return FLP_EXIT_INTERNAL;
}

int flp_exit_code_for_rc(flp_rc rc) {
  switch (rc) {
  case FLP_OK: return FLP_EXIT_OPTIMAL;
  case FLP_ERR_INPUT:
  case FLP_ERR_IO:
  case FLP_ERR_UNAVAILABLE: return FLP_EXIT_BAD_INPUT;
  case FLP_ERR_NOMEM:
  case FLP_ERR_BACKEND:
  case FLP_ERR_INTERNAL: break;
  }
  return FLP_EXIT_INTERNAL;
}

int flp_exit_code_severity(int code) {
  static const int order[] = {FLP_EXIT_OPTIMAL,         FLP_EXIT_LIMIT,     FLP_EXIT_PRIMAL_INFEASIBLE,
                              FLP_EXIT_DUAL_INFEASIBLE, FLP_EXIT_BAD_INPUT, FLP_EXIT_INTERNAL,
                              FLP_EXIT_INTERRUPTED};
  for (int k = 0; k < (int)(sizeof order / sizeof order[0]); ++k)
    if (order[k] == code) return k;
  return flp_exit_code_severity(FLP_EXIT_INTERNAL);
}

int flp_exit_code_worst(int a, int b) {
  return flp_exit_code_severity(b) > flp_exit_code_severity(a) ? b : a;
}
