/* Error messages of the MPS reader: "PATH:LINE: what was wrong" (mps_reader.h),
 * shared by the line parsers (mps_lines.c), the reader loop (mps_read.c) and
 * the problem builder (mps_build.c). */
#include <stdarg.h>
#include <stdio.h>

#include "mps_reader.h"

flp_rc flp_mps_fail(const flp_mps_state *st, flp_error *err, const char *fmt, ...) {
  char msg[sizeof err->msg];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  return flp_error_set(err, FLP_ERR_INPUT, "%s:%lld: %s", st->path, (long long)st->line_no, msg);
}

flp_rc flp_mps_nomem(const flp_mps_state *st, flp_error *err) {
  return flp_error_set(err, FLP_ERR_NOMEM, "%s:%lld: out of memory", st->path, (long long)st->line_no);
}

int flp_mps_width(size_t n) { return n > 120 ? 120 : (int)n; }

