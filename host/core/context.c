/* A backend context shared by several solver objects (batches): the device,
 * its library handles and stream are opened once. Each solver still
 * allocates and frees its own vectors and matrix in it (backends drop
 * whatever they cached for those, e.g. CUDA graphs, when they are freed). */
#include <stdlib.h>

#include "solver.h"

flp_rc flp_context_create(const flp_settings *s, flp_message_fn notice, void *notice_user,
                          flp_context **out, flp_error *err) {
  *out = NULL;
  flp_rc rc = flp_settings_validate(s, err);
  if (rc != FLP_OK) return rc;
  flp_context *c = calloc(1, sizeof *c);
  if (!c) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a backend context");
  rc = flp_backend_open(s, flp_backend_find("cuda"), notice, notice_user, c, err);
  if (rc != FLP_OK) {
    free(c);
    return rc;
  }
  *out = c;
  return FLP_OK;
}

const char *flp_context_device(const flp_context *c) { return c ? c->device : ""; }

void flp_context_free(flp_context *c) {
  if (!c) return;
  if (c->be && c->ctx) c->be->ctx_destroy(c->ctx);
  free(c);
}
