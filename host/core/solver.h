/* The solver object's state (fleetlp.h: flp_solver). Only host/core includes
 * this. What lives here, by lifetime:
 *   - set up once by create: the copy of the user's LP, the backend context,
 *     the scaled matrix on the device, its row/column scales and ||A||;
 *   - re-derived when data change: presolve (and the upload, when the reduced
 *     matrix changes), the bound/objective scale, the scaled data vectors;
 *   - per solve: the PDHG iterate and the loop state (pdhg_loop.h). */
#ifndef FLEETLP_SOLVER_H
#define FLEETLP_SOLVER_H

#include "backend.h"
#include "presolve.h"

/* Scaling maps the LP PDHG iterates on to the one it solves:
 *   A_s = diag(row_scale) A diag(col_scale)
 *   x = col_scale .* x_s / bound_scale,   y = row_scale .* y_s / obj_scale */
typedef struct flp_scaling {
  double *row_scale, *col_scale; /* host copies, sizes m and n: depend on A only */
  double bound_scale, obj_scale; /* depend on the data */
} flp_scaling;

/* Device vectors of one solver; freed in one sweep (setup.c). */
typedef struct flp_vectors {
  flp_vec *c, *l, *u, *rl, *ru;   /* scaled data */
  flp_vec *row_w, *col_w;         /* 1 / row_scale, 1 / col_scale */
  flp_vec *x, *y, *x0, *y0;       /* iterate z and Halpern anchor */
  flp_vec *xh, *yh;               /* T(z) */
  flp_vec *aty, *xbar, *v;        /* pdhg scratch */
  flp_vec *ax, *atyh;             /* A xh, A' yh at checks */
  flp_vec *dx, *dy, *adx;         /* z - T(z) and A (x - xh) at checks */
  /* the polish's own iterate and zero objective, made at its first use
   * (polish.c): the rest of its work reuses the scratch above */
  flp_vec *px, *py, *px0, *py0, *zero_c;
  flp_vec *face_l, *face_u; /* the polish's column bounds (polish.c: the face) */
} flp_vectors;

/* A scaled device matrix that the solvers of a scenario batch share (one
 * context): owned by the batch, borrowed by each solver whose presolved
 * matrix hashes the same, which then skips the upload, the scaling and the
 * norm estimate. */
typedef struct flp_shared_matrix {
  flp_mat *A;
  uint64_t hash;                 /* of the unscaled LP matrix it was made from */
  int32_t m, n;
  double *row_scale, *col_scale; /* owned copies */
  double norm_A;
  flp_presolve_matrices host;    /* owned: the presolve's host matrices, when presolved */
} flp_shared_matrix;

/* Which data changed since the device vectors were derived. */
#define FLP_DIRTY_OBJECTIVE 1
#define FLP_DIRTY_ROWS 2
#define FLP_DIRTY_COLS 4

struct flp_context {
  const flp_backend *be;
  flp_backend_ctx *ctx;
  char device[128];
};

/* Where the last setup's seconds went (the log header's "setup" line). */
typedef struct flp_setup_times {
  double presolve;
  double context; /* opening the backend (the CUDA context, cuSPARSE handles) */
  double upload;  /* the matrix and the vectors on the device */
  double scaling; /* Ruiz, Pock-Chambolle */
  double norm;    /* ||A|| by power iteration */
  double data;    /* norms, hash, the scaled vectors */
} flp_setup_times;

struct flp_solver {
  /* ---- inputs, owned ---- */
  flp_problem user;               /* the user's LP (the data setters write here) */
  int shares_user_matrix;         /* user's row_ptr, col_idx, values belong to a batch's base LP */
  flp_settings settings;
  /* ---- runtime hooks ---- */
  flp_message_fn log;
  void *log_user;
  flp_check_fn on_check;
  void *on_check_user;
  flp_checkpoint_fn checkpoint;
  void *checkpoint_user;
  const flp_checkpoint *resume;   /* borrowed, for the next solve only */
  double *warm_x, *warm_y;        /* the next solve's start (user's space and sense), or NULL */
  struct flp_stop_flag *stop;     /* flp_solver_interrupt's flag (an atomic, solver_object.c) */
  /* ---- presolve ---- */
  flp_presolve pre;               /* pre.active: PDHG iterates on pre.reduced */
  int as_given;                   /* this solve bypasses presolve (certificate fallback) */
  int presolved;                  /* pre is of the current data: the next prepare uses it as it is */
  const flp_problem *problem;     /* the LP PDHG iterates on: &user or &pre.reduced */
  double *post_x, *post_y;        /* host scratch of problem's sizes for the postsolve */
  /* ---- backend and device state ---- */
  const flp_backend *gpu;         /* the GPU candidate under auto/gpu (tests swap it) */
  flp_context *shared;            /* borrowed context, or NULL */
  int cpu_fallback;               /* auto fell back to the CPU after a GPU failure */
  const flp_backend *be;
  flp_backend_ctx *ctx;
  int owns_ctx;
  flp_mat *A;
  int owns_A;                     /* 0 while A is borrowed from `borrow` */
  const flp_shared_matrix *borrow; /* a batch's matrix to use when it fits, or NULL */
  uint64_t matrix_hash;           /* of the LP whose matrix is on the device */
  flp_vectors v;
  flp_scaling scaling;
  int32_t m, n;
  double norm_A;                  /* ||A_s||_2 estimate */
  int64_t power_iterations;       /* that the estimate took */
  double eta;                     /* step_safety / norm_A */
  double weight;                  /* primal weight w: tau = eta / w, sigma = eta * w */
  /* norms of the user's data for relative termination */
  double rhs_norm2, rhs_norm_inf, c_norm2, c_norm_inf;
  char device[128];
  char device_note[1200];         /* why the device is not the one asked for, or "" */
  char presolve_note[256];        /* presolve's line for the log header */
  flp_setup_times setup_times;    /* of the setup the next solve reports (zero: none) */
  unsigned dirty;                 /* FLP_DIRTY_* since the device data were derived */
  /* ---- accounting of the solve in progress ---- */
  int64_t matrix_passes;          /* one A and one A' product each */
  double setup_pending;           /* setup seconds not yet reported by a solve */
  double presolve_pending;        /* of them, presolve's */
  int quiet;                      /* no log lines (the polish) */
  /* Which feasibility run a polish begins with (polish.c), learnt from the
   * polishes so far and kept across solves: a hint, checkpointed. */
  int polish_order;               /* FLP_POLISH_* */
};

enum {
  FLP_POLISH_PLAIN_FIRST = 0, /* nothing learnt yet */
  FLP_POLISH_FACE_FIRST = 1,  /* a plain polish met the rows but cost too much */
  FLP_POLISH_FACE_SMALL = 2   /* a run on the face could not meet the rows: plain first for good */
};

/* ---- setup.c: the device side of the solver ---- */
/* Opens the backend (shared context, or s->settings.device: auto tries the
 * GPU and falls back to the CPU with a notice), uploads s->problem's matrix,
 * allocates the vectors, scales the matrix and estimates ||A||. Under auto
 * a GPU failure on the way (out of memory, device fault) is logged and the
 * setup redone on the CPU. Safe to call again after flp_device_release. */
flp_rc flp_device_setup(flp_solver *s, flp_error *err);
/* s's device matrix, scales and norm become *out's (owned by the caller,
 * e.g. a batch, freed with flp_shared_matrix_free in the same context after
 * every solver that borrows it); s borrows them from then on. */
flp_rc flp_device_share(flp_solver *s, flp_shared_matrix *out, flp_error *err);
void flp_shared_matrix_free(const flp_context *c, flp_shared_matrix *sh);
/* As flp_device_setup, with s->borrow's matrix, scales and norm. */
flp_rc flp_device_borrow(flp_solver *s, flp_error *err);
/* Frees the matrix (when owned), the vectors, the scales and (when owned) the context. */
void flp_device_release(flp_solver *s);
/* Frees the device data and sets up again for s->problem in the same context. */
flp_rc flp_device_rebuild(flp_solver *s, flp_error *err);
/* Whether a failure rc of the GPU may be answered by solving on the CPU
 * (device auto, not yet fallen back, out of memory or a device fault). */
int flp_device_may_fall_back(const flp_solver *s, flp_rc rc);
/* Notes why (s->device_note), releases the GPU and sets up again on the CPU. */
flp_rc flp_device_fall_back(flp_solver *s, const char *during, const flp_error *why, flp_error *err);
/* For flp_context_create: opens be/ctx/device for st as a solver would. */
flp_rc flp_backend_open(const flp_settings *st, const flp_backend *gpu, flp_message_fn notice,
                        void *user, flp_context *out, flp_error *err);

/* ---- scaling.c ---- */
/* Ruiz + Pock-Chambolle on the device matrix: row/column scales and the
 * residual weights (depend on A only). */
flp_rc flp_scale_matrix(flp_solver *s, flp_error *err);
/* Bound/objective rescaling from s->problem's data and upload of the scaled
 * c, l, u, rl, ru (O(m + n): redone when the data change). */
flp_rc flp_scale_data(flp_solver *s, flp_error *err);

/* ---- power_iteration.c: ||A_s||_2 by power iteration on A_s' A_s ---- */
flp_rc flp_estimate_norm(flp_solver *s, double *out, flp_error *err);

/* ---- solver_data.c ---- */
/* Brings presolve, the device matrix and the scaled data up to date with
 * s->user after data changes (and after as_given flips). */
flp_rc flp_solver_prepare(flp_solver *s, flp_error *err);
/* Presolves s->user now, for the next flp_solver_prepare; touches host
 * memory only, so solvers may presolve on several threads at once. */
flp_rc flp_solver_presolve(flp_solver *s, flp_error *err);

/* ---- solver_object.c ---- */
/* flp_solver_create(_in) with `gpu` as the GPU candidate (tests hand it a
 * fault-injecting double; NULL: none). shared may be NULL. */
flp_rc flp_solver_create_with_gpu(flp_context *shared, const flp_problem *p, const flp_settings *st,
                                  const flp_backend *gpu, flp_solver **out, flp_error *err);
/* flp_solver_create_in that uses borrow's matrix (borrow may be NULL; it
 * must outlive the solver). A solver whose presolved LP's matrix is another
 * one fails with FLP_ERR_UNAVAILABLE instead of setting up its own. Its
 * copy of p shares p's matrix arrays: p's must outlive it too. */
flp_rc flp_solver_create_sharing(flp_context *c, const flp_problem *p, const flp_settings *st,
                                 const flp_shared_matrix *borrow, flp_solver **out, flp_error *err);
/* flp_solver_create_sharing in two parts, so that a batch presolves its
 * members on several threads: begin copies p and presolves it (host memory
 * only: safe on several threads at once); end sets the device side up (one
 * thread at a time per context). A begun solver is freed with
 * flp_solver_free whether or not it was ended. */
flp_rc flp_solver_begin_sharing(flp_context *c, const flp_problem *p, const flp_settings *st,
                                const flp_shared_matrix *borrow, flp_solver **out, flp_error *err);
flp_rc flp_solver_end_sharing(flp_solver *s, flp_error *err);
int flp_stop_requested(const flp_solver *s);
void flp_stop_clear(flp_solver *s);

/* ---- scenarios.c ---- */
/* Scenario k as a view of base: base's struct with the arrays (and the
 * constant) sc gives for k in their place; it owns nothing. */
flp_problem flp_scenario_view(const flp_problem *base, const flp_scenarios *sc, int32_t k);

/* ---- log.c ---- */
void flp_log_line(const flp_solver *s, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

#endif
