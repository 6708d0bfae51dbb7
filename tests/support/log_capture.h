// A flp_settings.log callback that appends each line, newline-terminated, to
// the std::string passed as log_user: tests read what the solver said.
#ifndef FLEETLP_TESTS_LOG_CAPTURE_H
#define FLEETLP_TESTS_LOG_CAPTURE_H

#include <string>

namespace flptest {

inline void append_log_line(void *user, const char *line) {
  static_cast<std::string *>(user)->append(line).append("\n");
}

}  // namespace flptest

#endif
