/* The solver's progress log: a header, one row per logged check, a summary. */
#ifndef FLEETLP_LOG_H
#define FLEETLP_LOG_H

#include "solver.h"

void flp_log_line(const flp_settings *st, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void flp_log_header(const flp_solver *s);
void flp_log_row(const flp_settings *st, const flp_check_record *r);
void flp_log_summary(const flp_settings *st, const flp_problem *p, const flp_result *res);

#endif
