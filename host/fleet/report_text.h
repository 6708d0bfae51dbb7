/* The text of a report (fleetlp report): each line goes to the caller's
 * sink and into a buffer that becomes report.txt. Internal to the fleet
 * library. */
#ifndef FLEETLP_FLEET_REPORT_TEXT_H
#define FLEETLP_FLEET_REPORT_TEXT_H

#include <stddef.h>

#include "fleetlp.h"

typedef struct report_out {
  flp_message_fn fn;
  void *user;
  char *text;
  size_t len, cap;
  int nomem; /* a line did not fit in memory: the text is incomplete */
} report_out;

void flp_report_line(report_out *o, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
