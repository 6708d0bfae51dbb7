/* Monotonic wall clock: CPU time would hide waiting on the GPU and threads. */
#include <time.h>

#include "fleetlp.h"

double flp_wall_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}
