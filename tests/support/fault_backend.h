/* A fault-injecting test double of the backend interface (host/core/backend.h).
 *
 * flp_fault_backend() is a backend table ("fault") whose every operation runs
 * on the CPU backend, except one chosen call, which fails the way a GPU
 * backend can: the 3rd vec_alloc returns FLP_ERR_NOMEM, the 1st mat_upload
 * runs out of memory, the 40th pdhg_iterate reports a device fault, and so
 * on. It lets the CPU-only test machine exercise what the solver does when
 * the GPU fails (the --device auto fallback, the clear error under --device
 * gpu, cleanup on partial state).
 *
 * No globals: the plan and the call counts live in the double's own context,
 * which wraps a CPU context. The plan reaches ctx_create through
 * flp_backend_options.extra (copied there, so it may be a temporary):
 *
 *   flp_fault_report rep = {0};
 *   flp_fault_plan plan = flp_fault_at("pdhg_iterate", 3, FLP_ERR_BACKEND);
 *   plan.sticky = 1;                 // a lost device: everything after fails too
 *   plan.report = &rep;              // optional; must outlive the context
 *   flp_backend_options opt = {.threads = 1, .device_index = 0, .extra = &plan};
 *   const flp_backend *be = flp_fault_backend();
 *   be->ctx_create(&opt, &ctx, &err);   // opt.extra == NULL: never fails
 *
 * flp_fault_ctx_create(&plan, threads, &ctx, &err) does the same without
 * the options struct. Vectors and matrices are the CPU backend's own handles,
 * passed through untouched; frees always free (also after a sticky fault), so
 * a test can check with the report that everything allocated was freed.
 */
#ifndef FLEETLP_TESTS_FAULT_BACKEND_H
#define FLEETLP_TESTS_FAULT_BACKEND_H

#include <stdint.h>

#include "backend.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The operations the double counts: every table entry that takes a context. */
typedef enum flp_fault_op {
  FLP_FAULT_CTX_CREATE = 0,
  FLP_FAULT_VEC_ALLOC,
  FLP_FAULT_VEC_FREE,
  FLP_FAULT_VEC_UPLOAD,
  FLP_FAULT_VEC_DOWNLOAD,
  FLP_FAULT_VEC_COPY,
  FLP_FAULT_VEC_FILL,
  FLP_FAULT_AXPBY,
  FLP_FAULT_VEC_MUL,
  FLP_FAULT_VEC_DIV,
  FLP_FAULT_VEC_MAP,
  FLP_FAULT_DOT,
  FLP_FAULT_NORM2,
  FLP_FAULT_NORM_INF,
  FLP_FAULT_PROJECT_BOX,
  FLP_FAULT_MAT_UPLOAD,
  FLP_FAULT_MAT_FREE,
  FLP_FAULT_SPMV,
  FLP_FAULT_SPMV_T,
  FLP_FAULT_MAT_NORMS,
  FLP_FAULT_MAT_SCALE,
  FLP_FAULT_PDHG_ITERATE,
  FLP_FAULT_KKT_SUMS,
  FLP_FAULT_NOPS
} flp_fault_op;

/* The table field's name ("vec_alloc"), or NULL out of range. */
const char *flp_fault_op_name(int op);
/* The operation of that name, "any" (FLP_FAULT_NOPS: every operation on a
 * context that can fail, ctx_create excluded, counted together), or -1 when
 * there is none. */
int flp_fault_op_find(const char *name);

/* What happened, for the test to look at; zero it before use. Shared by
 * every context created with a plan that points at it. */
typedef struct flp_fault_report {
  int64_t calls[FLP_FAULT_NOPS]; /* calls made, per operation (failed ones included) */
  int64_t any_calls;             /* calls of operations that can fail, together */
  int64_t failed;                /* calls answered with an injected failure */
  int fired;                     /* the planned fault happened */
  int fired_op;                  /* its operation (flp_fault_op) and ... */
  int64_t fired_call;            /* ... its call number (of that op, or of "any") */
  int64_t live_vecs, live_mats;  /* allocated through the double and not freed, now */
  int64_t peak_vecs;             /* the most vectors alive at once */
  int contexts_created, contexts_destroyed; /* successful ctx_create, ctx_destroy */
  int64_t vecs_at_destroy, mats_at_destroy; /* still alive when the last context went */
} flp_fault_report;

typedef struct flp_fault_plan {
  /* The operation to fail: a table field name ("vec_alloc", "mat_upload",
   * "pdhg_iterate", "kkt_sums", "ctx_create", ...), or "any" for the nth
   * call of any operation on the context that can fail. NULL or "": never
   * fail. An unknown name makes ctx_create fail with FLP_ERR_INPUT. */
  const char *op;
  int64_t nth;     /* its call to fail: 1 the first; <= 0 never. ctx_create calls
                    * are counted in the report (every one made with it); without
                    * a report each ctx_create is call 1 */
  int64_t repeat;  /* calls of op that fail from the nth on: <= 1 one, -1 every later one */
  flp_rc code;     /* what the failing call returns; FLP_OK means FLP_ERR_BACKEND */
  int sticky;      /* after the fault every operation that can fail fails with the
                    * same code, as a CUDA context does after a device fault */
  const char *message; /* err->msg of the failing call (copied, at most 200 chars);
                        * NULL: "fault: <op> (call <n>): injected <what>" */
  flp_fault_report *report; /* optional, owned by the caller */
} flp_fault_plan;

/* A plan that fails call `nth` of `op` with `code`; nothing else set. */
flp_fault_plan flp_fault_at(const char *op, int64_t nth, flp_rc code);

/* The double's table (name "fault"; probe: the CPU backend's, always usable). */
const flp_backend *flp_fault_backend(void);

/* ctx_create with opt.threads = threads and opt.extra = plan (NULL: no fault). */
flp_rc flp_fault_ctx_create(const flp_fault_plan *plan, int threads, flp_backend_ctx **out,
                            flp_error *err);

/* The double's own counts for one context (NULL-safe: 0). */
int64_t flp_fault_calls(const flp_backend_ctx *ctx, int op);
int flp_fault_fired(const flp_backend_ctx *ctx);

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_TESTS_FAULT_BACKEND_H */
