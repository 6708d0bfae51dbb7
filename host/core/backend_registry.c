/* The list of compiled-in backends, CPU first, and lookup by name. */
#include <pthread.h>
#include <string.h>

#include "backend.h"

/* The table is filled once (the CUDA entry is only known at run time through
 * flp_cuda_backend()); pthread_once makes the first concurrent calls safe. */
static const flp_backend *registry[3];
static int registry_count;
static pthread_once_t registry_once = PTHREAD_ONCE_INIT;

static void registry_init(void) {
  int n = 0;
  registry[n++] = flp_cpu_backend();
  const flp_backend *cuda = flp_cuda_backend();
  if (cuda) registry[n++] = cuda;
  registry[n] = NULL;
  registry_count = n;
}

const flp_backend *const *flp_backends(int *count) {
  pthread_once(&registry_once, registry_init);
  if (count) *count = registry_count;
  return registry;
}

const flp_backend *flp_backend_find(const char *name) {
  if (!name) return NULL;
  int count = 0;
  const flp_backend *const *list = flp_backends(&count);
  for (int i = 0; i < count; ++i)
    if (strcmp(list[i]->name, name) == 0) return list[i];
  return NULL;
}
