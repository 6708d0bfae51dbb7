/* Call-status helpers shared by every module. */
#include <stdarg.h>
#include <stdio.h>

#include "fleetlp.h"

flp_rc flp_error_set(flp_error *err, flp_rc code, const char *fmt, ...) {
  if (err) {
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
  }
  return code;
}

const char *flp_rc_name(flp_rc rc) {
  switch (rc) {
  case FLP_OK: return "ok";
  case FLP_ERR_INPUT: return "bad input";
  case FLP_ERR_IO: return "i/o error";
  case FLP_ERR_NOMEM: return "out of memory";
  case FLP_ERR_BACKEND: return "backend error";
  case FLP_ERR_UNAVAILABLE: return "unavailable";
  case FLP_ERR_INTERNAL: return "internal error";
  }
  return "unknown error";
}

const char *flp_status_name(flp_status s) {
  switch (s) {
  case FLP_STATUS_UNSET: return "UNSET";
  case FLP_OPTIMAL: return "OPTIMAL";
  case FLP_PRIMAL_INFEASIBLE: return "PRIMAL_INFEASIBLE";
  case FLP_DUAL_INFEASIBLE: return "DUAL_INFEASIBLE";
  case FLP_TIME_LIMIT: return "TIME_LIMIT";
  case FLP_ITERATION_LIMIT: return "ITERATION_LIMIT";
  case FLP_NUMERICAL_ERROR: return "NUMERICAL_ERROR";
  case FLP_INTERRUPTED: return "INTERRUPTED";
  }
  return "UNKNOWN";
}
