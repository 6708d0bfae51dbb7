/* HDF5 error handling: silence HDF5's own printing around a call and turn the
 * innermost message of its error stack into the flp_error text (h5_error.h). */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "h5_error.h"

void flp_h5_quiet_begin(flp_h5_quiet *q) {
  q->fn = NULL;
  q->data = NULL;
  H5Eget_auto2(H5E_DEFAULT, &q->fn, &q->data);
  H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void flp_h5_quiet_end(const flp_h5_quiet *q) {
  H5Eclear2(H5E_DEFAULT);
  H5Eset_auto2(H5E_DEFAULT, q->fn, q->data);
}

typedef struct innermost {
  char desc[256];
  int seen;
} innermost;

static herr_t keep_innermost(unsigned n, const H5E_error2_t *e, void *user) {
  innermost *in = (innermost *)user;
  (void)n;
  if (!in->seen && e->desc && e->desc[0]) {
    snprintf(in->desc, sizeof in->desc, "%s", e->desc);
    in->seen = 1;
  }
  return 0;
}

flp_rc flp_h5_fail(flp_error *err, flp_rc code, const char *fmt, ...) {
  innermost in = {{0}, 0};
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &in);
  H5Eclear2(H5E_DEFAULT);
  if (err) {
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    if (in.seen) {
      size_t used = strlen(err->msg);
      snprintf(err->msg + used, sizeof err->msg - used, " (HDF5: %s)", in.desc);
    }
  }
  return code;
}

