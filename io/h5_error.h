/* HDF5 error handling for io/ (internal).
 *
 * HDF5 prints its error stack to stderr by default, and the switch for that is
 * process-global. Every public io/ function brackets its HDF5 calls with
 * flp_h5_quiet_begin/end, which saves the caller's handler, silences it, and
 * restores it; flp_h5_fail turns the innermost HDF5 message into the
 * flp_error text. */
#ifndef FLEETLP_H5_ERROR_H
#define FLEETLP_H5_ERROR_H

#include <hdf5.h>

#include "fleetlp_io.h"

typedef struct flp_h5_quiet {
  H5E_auto2_t fn;
  void *data;
} flp_h5_quiet;

void flp_h5_quiet_begin(flp_h5_quiet *q);
void flp_h5_quiet_end(const flp_h5_quiet *q);

/* Like flp_error_set, and appends the innermost HDF5 message (if any) as
 * " (HDF5: ...)"; clears HDF5's error stack. */
flp_rc flp_h5_fail(flp_error *err, flp_rc code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
