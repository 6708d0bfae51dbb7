/* Shared by the fuzz targets (tests/fuzz/README.md): a scratch file per
 * process, quiet HDF5, and the oracle's abort. Every target is a plain C
 * function LLVMFuzzerTestOneInput, built twice: with libFuzzer for the
 * campaigns (bench/fuzz.sh) and with replay_main.c for ctest, which feeds it
 * every file of tests/corpus/<target>/ with no fuzzing engine. */
#ifndef FLEETLP_FUZZ_COMMON_H
#define FLEETLP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* path = $TMPDIR/fleetlp_fuzz_<pid><suffix> (one scratch file per process). */
static inline void fuzz_scratch(char *path, size_t cap, const char *suffix) {
  const char *tmp = getenv("TMPDIR");
  snprintf(path, cap, "%s/fleetlp_fuzz_%ld%s", tmp && *tmp ? tmp : "/tmp", (long)getpid(), suffix);
}

/* Writes the bytes to path; 0 on success. */
static inline int fuzz_write(const char *path, const uint8_t *data, size_t size) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  int ok = size == 0 || fwrite(data, 1, size, f) == size;
  return fclose(f) == 0 && ok ? 0 : -1;
}

/* A broken promise of the code under test: print why and abort, so that
 * libFuzzer saves the input and the replay test fails. */
#define FUZZ_REQUIRE(cond, ...)                                     \
  do {                                                              \
    if (!(cond)) {                                                  \
      fprintf(stderr, "fuzz oracle: %s: ", #cond);                  \
      fprintf(stderr, __VA_ARGS__);                                 \
      fputc('\n', stderr);                                          \
      abort();                                                      \
    }                                                               \
  } while (0)

/* The message of a reader's error names the file it read. */
#define FUZZ_NAMES_FILE(err, path) \
  FUZZ_REQUIRE(strncmp((err).msg, (path), strlen(path)) == 0, "message \"%s\"", (err).msg)

/* FLEETLP_FUZZ_VERBOSE=1: say what the code under test answered (to see what
 * a corpus reaches). */
static inline void fuzz_note(const char *what, int rc, const char *msg) {
  static int verbose = -1;
  if (verbose < 0) verbose = getenv("FLEETLP_FUZZ_VERBOSE") != NULL;
  if (verbose) fprintf(stderr, "fuzz: %s: rc %d%s%s\n", what, rc, rc ? ": " : "", rc ? msg : "");
}

#endif
