/* Linked instead of cuda/ when the CUDA backend is not built. */
#include "backend.h"

const flp_backend *flp_cuda_backend(void) { return NULL; }
