// Tests read what the solver said: solve_logged solves through a solver
// object whose log goes to a std::string, each line newline-terminated.
#ifndef FLEETLP_TESTS_LOG_CAPTURE_H
#define FLEETLP_TESTS_LOG_CAPTURE_H

#include <string>

#include "fleetlp.h"

namespace flptest {

inline void append_log_line(void *user, const char *line) {
  static_cast<std::string *>(user)->append(line).append("\n");
}

// flp_solve with the log on and appended to *log.
inline flp_rc solve_logged(const flp_problem *p, const flp_settings *s, flp_result *res,
                           std::string *log, flp_error *err) {
  flp_settings st = *s;
  st.verbose = 1;
  flp_solver *solver = nullptr;
  flp_rc rc = flp_solver_create(p, &st, &solver, err);
  if (rc != FLP_OK) return rc;
  flp_solver_set_log(solver, append_log_line, log);
  rc = flp_solver_solve(solver, res, err);
  flp_solver_free(solver);
  return rc;
}

}  // namespace flptest

#endif
