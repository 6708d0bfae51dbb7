/* Lists the compiled-in backends and whether each can run here. */
#include <stdio.h>

#include "backend.h"

flp_rc flp_describe_devices(char *buf, size_t cap) {
  if (!buf || cap == 0) return FLP_ERR_INPUT;
  buf[0] = '\0';
  size_t used = 0;
  int count = 0;
  const flp_backend *const *list = flp_backends(&count);
  for (int b = 0; b < count; ++b) {
    char desc[512];
    flp_rc rc = list[b]->probe(desc, sizeof desc);
    int w = snprintf(buf + used, cap - used, "%-5s %s: %s\n", list[b]->name,
                     rc == FLP_OK ? "usable" : "unusable", desc);
    if (w < 0 || (size_t)w >= cap - used) break;
    used += (size_t)w;
  }
  if (!flp_cuda_backend() && used < cap)
    snprintf(buf + used, cap - used, "cuda  not built: this binary was configured without CUDA\n");
  return FLP_OK;
}
