/* The checkpoint reader (flp_checkpoint_read) on files built from fuzz
 * programs, and a resume from every checkpoint it accepts: the solver must
 * refuse a state that does not belong to its LP and settings with
 * FLP_ERR_INPUT, and survive any state that does (seeds are checkpoints of
 * fuzz_tiny.h's LP, so mutations keep the hashes and reach the resume). */
#include "fleetlp_io.h"
#include "fuzz_h5_common.h"
#include "fuzz_tiny.h"

static void walk(const flp_checkpoint *c) {
  volatile double sink = 0;
  for (int i = 0; i < flp_checkpoint_num_vectors(c); ++i) {
    const double *v = NULL;
    int64_t len = 0;
    FUZZ_REQUIRE(flp_checkpoint_vector_at(c, i, &v, &len) != NULL, "vector %d", i);
    for (int64_t k = 0; k < len; ++k) sink += v[k];
  }
  for (int i = 0; i < flp_checkpoint_num_scalars(c); ++i) {
    int is_int;
    int64_t iv;
    double dv;
    FUZZ_REQUIRE(flp_checkpoint_scalar_at(c, i, &is_int, &iv, &dv) != NULL, "scalar %d", i);
    sink += is_int ? (double)iv : dv;
  }
  (void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char path[160];
  if (fuzz_h5_file(data, size, path, sizeof path) != 0) return 0;
  flp_checkpoint *c = NULL;
  flp_error err;
  flp_rc rc = flp_checkpoint_read(path, FLP_CHECKPOINT_ANY_HASH, FLP_CHECKPOINT_ANY_HASH, &c, &err);
  fuzz_note("read", (int)rc, err.msg);
  if (rc != FLP_OK) {
    FUZZ_REQUIRE(rc == FLP_ERR_INPUT, "rc %d: %s", (int)rc, err.msg);
    FUZZ_REQUIRE(c == NULL, "a checkpoint returned with an error");
    FUZZ_NAMES_FILE(err, path);
    fuzz_h5_all_closed("by the reader after an error");
    return 0;
  }
  walk(c);
  flp_problem p;
  flp_settings s;
  FUZZ_REQUIRE(fuzz_tiny_lp(&p) == 0, "out of memory");
  fuzz_tiny_settings(&s);
  flp_solver *solver = NULL;
  FUZZ_REQUIRE(flp_solver_create(&p, &s, &solver, &err) == FLP_OK, "%s", err.msg);
  flp_solver_set_resume(solver, c);
  flp_result res;
  memset(&res, 0, sizeof res);
  rc = flp_solver_solve(solver, &res, &err);
  fuzz_note("resume", (int)rc, err.msg);
  FUZZ_REQUIRE(rc == FLP_OK || rc == FLP_ERR_INPUT, "resume: rc %d: %s", (int)rc, err.msg);
  flp_result_free(&res);
  flp_solver_free(solver);
  flp_problem_free(&p);
  flp_checkpoint_free(c);
  fuzz_h5_all_closed("by the reader");
  return 0;
}
