// Tests read what the solver said: capture_log points a settings' log at a
// std::string, each line appended newline-terminated.
#ifndef FLEETLP_TESTS_LOG_CAPTURE_H
#define FLEETLP_TESTS_LOG_CAPTURE_H

#include <string>

#include "fleetlp.h"

namespace flptest {

inline void append_log_line(void *user, const char *line) {
  static_cast<std::string *>(user)->append(line).append("\n");
}

// Turns the log on and sends it to *log.
inline void capture_log(flp_settings *s, std::string *log) {
  s->verbose = 1;
  s->log = append_log_line;
  s->log_user = log;
}

}  // namespace flptest

#endif
