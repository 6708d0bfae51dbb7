/* A backend context shared by several solves (batches): the device, its
 * library handles and stream are opened once. Each solve still allocates and
 * frees its own vectors and matrix in it (backends drop whatever they cached
 * for those, e.g. CUDA graphs, when they are freed). */
#include <stdlib.h>
#include <string.h>

#include "solver.h"

flp_rc flp_context_create(const flp_settings *s, flp_message_fn notice, void *notice_user,
                          flp_context **out, flp_error *err) {
  *out = NULL;
  flp_context *c = calloc(1, sizeof *c);
  if (!c) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory for a backend context");
  flp_solver tmp;
  memset(&tmp, 0, sizeof tmp);
  tmp.settings = s;
  flp_rc rc = flp_choose_backend(&tmp, notice, notice_user, err);
  if (rc != FLP_OK) {
    if (tmp.be && tmp.ctx) tmp.be->ctx_destroy(tmp.ctx);
    free(c);
    return rc;
  }
  c->be = tmp.be;
  c->ctx = tmp.ctx;
  memcpy(c->device, tmp.device, sizeof c->device);
  *out = c;
  return FLP_OK;
}

const char *flp_context_device(const flp_context *c) { return c ? c->device : ""; }

void flp_context_free(flp_context *c) {
  if (!c) return;
  if (c->be && c->ctx) c->be->ctx_destroy(c->ctx);
  free(c);
}

flp_rc flp_context_attach(flp_solver *s, const flp_context *c, flp_error *err) {
  if (!c || !c->be || !c->ctx)
    return flp_error_set(err, FLP_ERR_INPUT, "settings.context is not an open context");
  s->be = c->be;
  s->ctx = c->ctx;
  s->shared_ctx = 1;
  memcpy(s->device, c->device, sizeof s->device);
  return FLP_OK;
}

void flp_context_borrow(const flp_solver *s, flp_context *out) {
  out->be = s->be;
  out->ctx = s->ctx;
  memcpy(out->device, s->device, sizeof out->device);
}
