/* The solver's progress log: a header, one row per logged check, a summary. */
#ifndef FLEETLP_LOG_H
#define FLEETLP_LOG_H

#include "solver.h"

/* flp_log_line is declared in solver.h (every core file may log). */
void flp_log_header(const flp_solver *s);
void flp_log_row(const flp_solver *s, const flp_check_record *r);
/* The summary of res, a result for the user's LP. */
void flp_log_summary(const flp_solver *s, const flp_result *res);

#endif
