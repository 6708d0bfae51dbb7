/* libFuzzer target for flp_read_mps (build with -DFLEETLP_FUZZ=ON and clang):
 *   CC=clang CXX=clang++ cmake -S . -B build-fuzz -DFLEETLP_FUZZ=ON -DFLEETLP_CUDA=OFF
 *   cmake --build build-fuzz --target fuzz_mps
 *   build-fuzz/tests/fuzz_mps -max_len=4096 tests/fuzz/corpus_mps
 * The reader takes a path, so every input goes through a scratch file (one per
 * process). A read must either succeed with a problem that validates, or fail
 * with FLP_ERR_INPUT and leave the problem zeroed; ASan/UBSan catch the rest. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fleetlp_io.h"

static void ignore_notice(void *user, const char *line) {
  (void)user;
  (void)line;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[128];
  const char *tmp = getenv("TMPDIR");
  snprintf(path, sizeof path, "%s/fleetlp_fuzz_%ld.mps", tmp && *tmp ? tmp : "/tmp", (long)getpid());
  FILE *f = fopen(path, "wb");
  if (!f) return 0;
  if (size > 0 && fwrite(data, 1, size, f) != size) {
    fclose(f);
    return 0;
  }
  fclose(f);
  flp_problem p, zero;
  flp_error err;
  memset(&zero, 0, sizeof zero);
  flp_rc rc = flp_read_mps(path, &p, ignore_notice, NULL, &err);
  if (rc == FLP_OK) {
    if (flp_problem_validate(&p, "fuzz", NULL) != FLP_OK) abort();
    flp_problem_free(&p);
  } else if (rc != FLP_ERR_INPUT || memcmp(&p, &zero, sizeof p) != 0 ||
             strncmp(err.msg, path, strlen(path)) != 0) {
    abort();
  }
  return 0;
}
