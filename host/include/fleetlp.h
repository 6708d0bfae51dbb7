/* fleetlp: a first-order LP solver (restarted Halpern PDHG) with CPU and GPU backends.
 *
 * The core library: problems in memory, settings, the solver object and its
 * results. It has no file formats (fleetlp_io.h) and no fleet model
 * (fleetlp_fleet.h); a program that solves LPs from memory needs only this
 * header and the fleetlp_core library. Conventions:
 *   - every function that can fail returns an flp_rc (call status) and fills an
 *     flp_error with a message naming the file / dataset / field at fault;
 *   - the model status of a solve (optimal, infeasible, ...) is separate: flp_status;
 *   - infinite bounds are IEEE +-inf in memory;
 *   - objects have one owner; every *_free is safe on a zeroed or half-built object.
 */
#ifndef FLEETLP_H
#define FLEETLP_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FLP_VERSION_MAJOR 0
#define FLP_VERSION_MINOR 1
#define FLP_VERSION_PATCH 0
#define FLP_VERSION_STRING "0.1.0"

/* ---- call status --------------------------------------------------------- */
typedef enum flp_rc {
  FLP_OK = 0,
  FLP_ERR_INPUT = 1,       /* malformed or inconsistent input (file or arguments) */
  FLP_ERR_IO = 2,          /* cannot open / read / write a file */
  FLP_ERR_NOMEM = 3,       /* allocation failed (host or device) */
  FLP_ERR_BACKEND = 4,     /* a backend (e.g. CUDA) call failed */
  FLP_ERR_UNAVAILABLE = 5, /* asked-for feature or device is not available */
  FLP_ERR_INTERNAL = 6     /* a bug: an invariant did not hold */
} flp_rc;

typedef struct flp_error {
  flp_rc code;
  char msg[1024];
} flp_error;

/* Sets err (when not NULL) and returns code; printf-style. */
flp_rc flp_error_set(flp_error *err, flp_rc code, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
const char *flp_rc_name(flp_rc rc);

/* Receives notices (warnings, progress) as single lines without a newline. */
typedef void (*flp_message_fn)(void *user, const char *line);

/* ---- problem ------------------------------------------------------------- */
/*   minimize   c'x + obj_offset
 *   subject to row_lower <= A x <= row_upper,  col_lower <= x <= col_upper
 * A maximisation problem is stored negated (c and obj_offset times -1) with
 * objective_sense = -1; results are reported back in the user's sense. */
typedef struct flp_problem {
  int32_t num_rows, num_cols;
  int64_t nnz;
  int64_t *row_ptr;  /* num_rows + 1 */
  int32_t *col_idx;  /* nnz, column indices, need not be sorted within a row */
  double *values;    /* nnz */
  double *obj;       /* num_cols, minimisation form */
  double obj_offset; /* minimisation form */
  int objective_sense; /* +1 minimise, -1 maximise (user's sense) */
  double *col_lower, *col_upper; /* num_cols */
  double *row_lower, *row_upper; /* num_rows */
  char **row_names;  /* optional (NULL), else num_rows strings */
  char **col_names;  /* optional (NULL), else num_cols strings */
  char *name;        /* optional problem name */
  char *obj_name;    /* optional objective row name */
  int32_t num_integer; /* integer columns that were relaxed on read */
} flp_problem;

/* Allocates all arrays (zeroed bounds/objective, names NULL); p is overwritten. */
flp_rc flp_problem_alloc(flp_problem *p, int32_t num_rows, int32_t num_cols, int64_t nnz,
                         flp_error *err);
void flp_problem_free(flp_problem *p);
/* Checks shapes, indices, NaN/inf coefficients, lower > upper. `what` names
 * the source in messages (e.g. the file name). */
flp_rc flp_problem_validate(const flp_problem *p, const char *what, flp_error *err);
/* A by columns: col_ptr (num_cols + 1), row_idx and values (nnz), rows in
 * increasing order within a column; the caller frees the three arrays. On
 * FLP_ERR_NOMEM nothing is left allocated and the pointers are NULL. */
flp_rc flp_problem_columns(const flp_problem *p, int64_t **col_ptr, int32_t **row_idx,
                           double **values);


/* Copies p into a fresh problem (names included); *out is overwritten. */
flp_rc flp_problem_copy(const flp_problem *p, flp_problem *out, flp_error *err);

/* ---- settings ------------------------------------------------------------ */
typedef enum flp_device { FLP_DEVICE_AUTO = 0, FLP_DEVICE_CPU = 1, FLP_DEVICE_GPU = 2 } flp_device;
typedef enum flp_norm { FLP_NORM_L2 = 0, FLP_NORM_LINF = 1 } flp_norm;

/* Plain values only: every field is declared once in the settings table
 * (host/core/settings_table.c) with its name, type, default, bounds and doc,
 * and flp_settings_default, flp_settings_validate, flp_settings_set and
 * flp_settings_hash all read that table. Runtime hooks (log, callbacks,
 * checkpoints, resume, warm start) are set on the solver object. */
typedef struct flp_settings {
  /* termination */
  double tol;              /* relative KKT tolerance (primal, dual, gap) */
  flp_norm norm;           /* norm used in the termination test */
  double time_limit;       /* seconds, 0: none */
  int64_t iteration_limit; /* 0: none */
  double infeas_tol;       /* relative tolerance a certificate must meet */
  /* Two guards are checked with the residuals above before OPTIMAL is claimed:
   *   objective sensitivity: (sum_i |y_i| viol_i + sum_j |x_j| |rho_j|)
   *     <= tol * (1 + |p| + |d|), rho the unabsorbed reduced costs;
   *   per row: violation <= guard_tol * (1 + |its bound| + sum_j |a_ij x_j|),
   *     guard_tol 0 meaning tol.
   * The norm-relative residuals alone let a few large bounds hide a row that
   * is violated by a large share of its own size, and small residuals against
   * large duals or values can still move the objective far. */
  double guard_tol;
  /* device */
  flp_device device;
  int threads;             /* CPU threads, 0: OpenMP default */
  /* algorithm */
  int check_every;         /* iterations between checks (restart + termination) */
  double step_safety;      /* eta = step_safety / ||A||_2 */
  double power_iter_tol;   /* relative tolerance of the ||A||_2 estimate */
  int power_iter_max;
  double reflection;       /* gamma in the reflected Halpern step */
  double restart_sufficient;  /* 0.2 */
  double restart_necessary;   /* 0.8 */
  double restart_artificial;  /* 0.36 */
  double pid_kp, pid_ki, pid_kd, pid_integral_decay;
  double weight_guard_ratio;  /* 30: when the relative primal (dual) residual
                               * exceeds both the other one (if nonzero) and
                               * the gap this many times, a restart may not
                               * move the weight away from it; 0 disables */
  int ruiz_iterations;        /* 10 */
  double pock_chambolle_alpha;/* 1, or 0 to skip */
  int bound_objective_rescaling; /* 1 */
  int presolve;            /* 1: remove empty, singleton, redundant and forcing rows,
                            * fixed and dominated columns and doubleton equations
                            * first (host/core/presolve.h) */
  int polish;              /* 1: when converged in norm but a guard fails, try
                            * moving x onto the rows (host/core/polish.h) */
  double polish_growth;    /* 1.1: a polish not kept is tried again once the iterations grew this much */
  double polish_budget;    /* 1/16: a polish may take this share of the iterations so far */
  double polish_face;      /* 0.3: in a polish, a column at a bound whose reduced cost there is
                            * over this share of its cost stays at that bound (0: none) */
  int batch_warm_start;    /* 1: a scenario batch (flp_batch) of two or more scenarios first
                            * solves the base LP and starts every scenario from its point */
  /* output */
  int verbose;             /* 0 quiet, 1 log */
  int log_every;           /* log a row about every N iterations (at checks; 0: every check) */
  double checkpoint_every; /* seconds between checkpoints handed to the sink; 0: only on a stop */
} flp_settings;

void flp_settings_default(flp_settings *s);
/* Every value within its bounds (and the rules between them): FLP_ERR_INPUT
 * naming the setting. The solver object calls it before any upload. */
flp_rc flp_settings_validate(const flp_settings *s, flp_error *err);
/* By name, with the value as text ("1e-6", "linf", "on"), as the CLI's --set
 * and the bindings pass it. Unknown names and bad values are FLP_ERR_INPUT
 * naming the setting; s is unchanged then. */
flp_rc flp_settings_set(flp_settings *s, const char *name, const char *value, flp_error *err);
/* Typed forms: an enum takes its index, a bool 0 or 1. */
flp_rc flp_settings_set_real(flp_settings *s, const char *name, double value, flp_error *err);
flp_rc flp_settings_get_real(const flp_settings *s, const char *name, double *value,
                             flp_error *err);
/* The value as text (enums by name), e.g. for a log or a binding's repr. */
flp_rc flp_settings_format(const flp_settings *s, const char *name, char *buf, size_t cap,
                           flp_error *err);

typedef enum flp_setting_type {
  FLP_SETTING_REAL = 0,
  FLP_SETTING_INT = 1,
  FLP_SETTING_BOOL = 2,
  FLP_SETTING_ENUM = 3
} flp_setting_type;

#define FLP_SETTING_SHAPES_ITERATES 1u /* changes the iterates or the answer: in the hash */
#define FLP_SETTING_NEEDS_SETUP 2u     /* the solver object redoes its setup when it changes */

/* One row of the settings table. */
typedef struct flp_setting_info {
  const char *name;
  flp_setting_type type;
  double default_value;      /* enums: index into choices */
  double min, max;           /* inclusive unless min_open / max_open */
  int min_open, max_open;
  const char *const *choices; /* enums: NULL-terminated names, else NULL */
  unsigned flags;
  const char *doc;           /* one line */
} flp_setting_info;

int flp_settings_count(void);
const flp_setting_info *flp_setting_at(int index); /* NULL outside [0, count) */
const flp_setting_info *flp_setting_find(const char *name);
/* The values it takes, as text: "(0, 1)", "[1, 1e+09]", "l2|linf", "0|1". */
void flp_setting_range(const flp_setting_info *in, char *buf, size_t cap);
/* FNV-1a 64 of every setting flagged FLP_SETTING_SHAPES_ITERATES (name and
 * value): not the limits, device, threads or output. A checkpoint is tagged with it. */
uint64_t flp_settings_hash(const flp_settings *s);

/* ---- result -------------------------------------------------------------- */
typedef enum flp_status {
  FLP_STATUS_UNSET = 0,
  FLP_OPTIMAL,
  FLP_PRIMAL_INFEASIBLE,
  FLP_DUAL_INFEASIBLE,
  FLP_TIME_LIMIT,
  FLP_ITERATION_LIMIT,
  FLP_NUMERICAL_ERROR,
  FLP_INTERRUPTED
} flp_status;

const char *flp_status_name(flp_status s);

/* One row per check, kept for the solution file and the log. Values are in the
 * user's original space and sense. */
typedef struct flp_check_record {
  int64_t iteration;
  double seconds;
  double primal_obj, dual_obj;
  double rel_primal_res, rel_dual_res, rel_gap;
  double step, primal_weight;
  int restarted; /* 0 none, 1 sufficient, 2 necessary, 3 artificial */
} flp_check_record;

typedef struct flp_result {
  flp_status status;
  double primal_obj, dual_obj;         /* user's sense, offset included */
  double rel_primal_res, rel_dual_res, rel_gap; /* at the reported point */
  double abs_primal_res, abs_dual_res;
  int64_t iterations;
  int64_t restarts;
  int64_t polish_iterations;           /* in feasibility polishes, not in iterations */
  /* Passes through the matrix: one pass is one product with A and one with
   * A' (OR-Tools' "KKT matrix pass"), counting every PDHG iteration, check,
   * power iteration and polish of this solve (setup included the first time). */
  int64_t matrix_passes;
  double setup_seconds, solve_seconds, total_seconds;
  double presolve_seconds;             /* of setup_seconds, the presolve's */
  char device[128];                    /* backend that ran, e.g. "cpu (2 threads)" */
  int32_t num_rows, num_cols;
  double *x;              /* num_cols primal values */
  double *y;              /* num_rows duals (user's sense: d obj / d rhs) */
  double *reduced_costs;  /* num_cols */
  double *row_activity;   /* num_rows, A x */
  /* certificates (NULL unless the status says so) */
  double *primal_ray;     /* num_cols, DUAL_INFEASIBLE: c'd < 0, A d, d in recession cones */
  double *dual_ray;       /* num_rows, PRIMAL_INFEASIBLE: Farkas multipliers */
  double certificate_quality; /* relative violation of the certificate's own check */
  flp_check_record *history;
  int64_t history_len, history_cap;
  double norm_A_estimate;  /* ||A||_2 of the scaled matrix */
} flp_result;

void flp_result_free(flp_result *res);

/* ---- checkpoint state ------------------------------------------------------ */
/* A container of named double vectors and named int64 / double scalars,
 * tagged with the problem and settings hashes and the solver version: what
 * the solver hands to a checkpoint sink and takes back to resume. Names:
 * 1..63 characters of [A-Za-z0-9_.-]; setting a name again replaces the value.
 * Vectors are copied. Files: flp_checkpoint_write / _read (fleetlp_io.h). */
typedef struct flp_checkpoint flp_checkpoint;
flp_rc flp_checkpoint_create(uint64_t problem_hash, uint64_t settings_hash, flp_checkpoint **out,
                             flp_error *err);
flp_rc flp_checkpoint_set_vector(flp_checkpoint *c, const char *name, const double *v, int64_t len,
                                 flp_error *err);
flp_rc flp_checkpoint_set_int(flp_checkpoint *c, const char *name, int64_t v, flp_error *err);
flp_rc flp_checkpoint_set_real(flp_checkpoint *c, const char *name, double v, flp_error *err);
/* Copies vector `name` into dst; FLP_ERR_INPUT when absent or its length is
 * not expect_len (negative: any length; dst must then be large enough). */
flp_rc flp_checkpoint_get_vector(const flp_checkpoint *c, const char *name, int64_t expect_len,
                                 double *dst, flp_error *err);
/* Borrowed view of vector `name` (NULL when absent). */
const double *flp_checkpoint_vector(const flp_checkpoint *c, const char *name, int64_t *len);
flp_rc flp_checkpoint_get_int(const flp_checkpoint *c, const char *name, int64_t *v,
                              flp_error *err);
flp_rc flp_checkpoint_get_real(const flp_checkpoint *c, const char *name, double *v,
                               flp_error *err);
/* The tags and the solver version that wrote it ("" for a new one). */
uint64_t flp_checkpoint_problem_hash(const flp_checkpoint *c);
uint64_t flp_checkpoint_settings_hash(const flp_checkpoint *c);
const char *flp_checkpoint_solver_version(const flp_checkpoint *c);
flp_rc flp_checkpoint_set_solver_version(flp_checkpoint *c, const char *version, flp_error *err);
/* Walking the contents (for serialisers): vectors and scalars by position. */
int flp_checkpoint_num_vectors(const flp_checkpoint *c);
const char *flp_checkpoint_vector_at(const flp_checkpoint *c, int index, const double **v,
                                     int64_t *len);
int flp_checkpoint_num_scalars(const flp_checkpoint *c);
/* *is_int says which of *i and *d holds the value. */
const char *flp_checkpoint_scalar_at(const flp_checkpoint *c, int index, int *is_int, int64_t *i,
                                     double *d);
void flp_checkpoint_free(flp_checkpoint *c);

/* ---- the solver object ------------------------------------------------------ */
/* Set up once, change data of the same shape, solve again (OSQP's lifecycle):
 *   create     validates the settings and the LP, copies the LP, presolves it,
 *              opens the backend, uploads A (and A'), scales it (Ruiz,
 *              Pock-Chambolle) and estimates ||A||; nothing of that is redone
 *              by a later solve unless the data change makes it necessary;
 *   set_*      replace c, row or column bounds (same lengths); the next solve
 *              re-derives only what depends on them (bound/objective
 *              rescaling; presolve, and the upload when the reduced LP's
 *              matrix changes) and starts warm from the last point;
 *   solve      runs PDHG from the last point (warm), from a set warm start or
 *              resume state, or from zero the first time;
 *   free       releases everything (safe on NULL and half-built objects).
 * One solve at a time per object; different objects are independent. */
typedef struct flp_solver flp_solver;

/* A backend context that several solver objects share (e.g. a batch of LPs),
 * so that the device, its library handles and stream are set up once. */
typedef struct flp_context flp_context;

flp_rc flp_solver_create(const flp_problem *p, const flp_settings *s, flp_solver **out,
                         flp_error *err);
/* As flp_solver_create, in the shared context c (its device and threads win
 * over s->device and s->threads). c must outlive the solver. */
flp_rc flp_solver_create_in(flp_context *c, const flp_problem *p, const flp_settings *s,
                            flp_solver **out, flp_error *err);
/* rc != FLP_OK means the call failed (res left zeroed); otherwise res->status
 * says what the solve found. res must be zeroed or freed; it is overwritten. */
flp_rc flp_solver_solve(flp_solver *s, flp_result *res, flp_error *err);
void flp_solver_free(flp_solver *s);

/* Data of the same shape, in the problem's form (c and offset as in
 * flp_problem: negated for a maximisation). NaN, lower > upper or an
 * infinite cost are FLP_ERR_INPUT naming the index; nothing changes then.
 * NULL for one side of the bounds keeps it. */
flp_rc flp_solver_set_objective(flp_solver *s, const double *c, double offset, flp_error *err);
flp_rc flp_solver_set_row_bounds(flp_solver *s, const double *lower, const double *upper,
                                 flp_error *err);
flp_rc flp_solver_set_col_bounds(flp_solver *s, const double *lower, const double *upper,
                                 flp_error *err);
/* All data of p at once (c, offset, sense, bounds); p's matrix must equal the
 * solver's (same shape, pattern and coefficients), else FLP_ERR_INPUT saying
 * what differs. */
flp_rc flp_solver_set_problem(flp_solver *s, const flp_problem *p, flp_error *err);
/* Starts the next solve from x (num_cols) and y (num_rows, user's sense);
 * either may be NULL (zero). Both NULL: the next solve starts cold. */
flp_rc flp_solver_set_warm_start(flp_solver *s, const double *x, const double *y, flp_error *err);
/* New settings for the next solves. Those flagged FLP_SETTING_NEEDS_SETUP
 * (device, threads, scaling, norm estimate, presolve) make it set up again. */
flp_rc flp_solver_set_settings(flp_solver *s, const flp_settings *st, flp_error *err);
/* Asks the solve in progress to stop at its next check (status INTERRUPTED,
 * after a checkpoint when a sink is set). Safe from another thread and from a
 * signal handler (one lock-free atomic store). A request made while no solve
 * runs stops the next one at its first check; every solve clears it when it
 * returns. */
void flp_solver_interrupt(flp_solver *s);

/* Runtime hooks. Log lines go to fn (NULL: stdout) when settings.verbose. */
void flp_solver_set_log(flp_solver *s, flp_message_fn fn, void *user);
/* Called at every check with that check's record (e.g. to stream the history
 * into a solution file); NULL: none. */
typedef void (*flp_check_fn)(void *user, const flp_check_record *record);
void flp_solver_set_check_callback(flp_solver *s, flp_check_fn fn, void *user);
/* The library never names files: it hands the solver state to the sink,
 * which stores it (e.g. with flp_checkpoint_write). Called at a check
 * boundary when a stop was asked for (the solve then returns INTERRUPTED),
 * when the iteration or time limit is reached there (so a run out of time
 * resumes with a longer limit) and every settings.checkpoint_every seconds. A failure is logged and the solve
 * goes on. NULL: no checkpoints. */
typedef flp_rc (*flp_checkpoint_fn)(void *user, const flp_checkpoint *state, flp_error *err);
void flp_solver_set_checkpoint_sink(flp_solver *s, flp_checkpoint_fn fn, void *user);
/* The next solve continues from this state (borrowed until that solve
 * returns), read e.g. with flp_checkpoint_read(path, flp_problem_hash(p),
 * flp_settings_hash(s), ...). A state of another LP, settings or version is
 * refused by that solve with FLP_ERR_INPUT. */
void flp_solver_set_resume(flp_solver *s, const flp_checkpoint *state);

/* The LP as the solver holds it now (its own copy, data changes included). */
const flp_problem *flp_solver_problem(const flp_solver *s);
/* The backend that runs, e.g. "cpu (2 threads)". */
const char *flp_solver_device(const flp_solver *s);

/* One shot: create, solve, free. Logs to stdout when s->verbose. */
flp_rc flp_solve(const flp_problem *p, const flp_settings *s, flp_result *res, flp_error *err);

/* Opens a backend context for s->device and s->threads as a solver would
 * (auto: the GPU when usable, else the CPU with a notice). One solve at a
 * time in it; free it after the last solver that uses it. */
flp_rc flp_context_create(const flp_settings *s, flp_message_fn notice, void *notice_user,
                          flp_context **out, flp_error *err);
const char *flp_context_device(const flp_context *c);
void flp_context_free(flp_context *c);

/* ---- scenario batches: K LPs that share one matrix --------------------------- */
/* Variants of a base LP that differ only in c, column bounds and row bounds
 * (demand forecasts, price paths, outages). Each array is scenario-major:
 * entry [k * len + i] is scenario k's value i (len = num_cols for obj and
 * the column bounds, num_rows for the row bounds). A NULL array means the
 * base LP's values in every scenario. Owned by whoever filled it;
 * flp_scenarios_free releases what flp_read_scenarios (fleetlp_io.h) or the
 * fleet model allocated. */
typedef struct flp_scenarios {
  int32_t count;               /* K >= 1 */
  int32_t num_rows, num_cols;  /* the base LP's */
  double *obj;                 /* minimisation form, as flp_problem.obj */
  double *obj_offset;          /* K constants, minimisation form (NULL: the base's) */
  double *col_lower, *col_upper;
  double *row_lower, *row_upper;
  char **names;                /* K names, or NULL ("scenario-<k>") */
  int objective_sense;         /* the base LP's (0 counts as +1): files hold c in the user's sense */
} flp_scenarios;

void flp_scenarios_free(flp_scenarios *sc);
/* Shapes against base, no NaN, finite costs, lower <= upper in every
 * scenario (a side the scenarios leave NULL counts as the base's): the
 * message names the part ("row_lower"...), the scenario and the index. */
flp_rc flp_scenarios_validate(const flp_problem *base, const flp_scenarios *sc, flp_error *err);
/* Scenario k of sc as an LP of its own (a copy of base with its data). */
flp_rc flp_scenario_problem(const flp_problem *base, const flp_scenarios *sc, int32_t k,
                            flp_problem *out, flp_error *err);
/* Scenario k's name: names[k], or "scenario-<k>" written into buf. */
const char *flp_scenario_name(const flp_scenarios *sc, int32_t k, char *buf, size_t cap);

/* A batch solves every scenario of sc together: A is set up once, and the
 * iterations of the scenarios still running are done as one product of A
 * (and A') with a block of K vectors. Each scenario keeps its own primal
 * weight, restarts, termination and infeasibility detection, and is
 * certified on the host exactly as a single solve; one that has finished is
 * left out of the next products. results[k] is what flp_solve of scenario k
 * would report. */
typedef struct flp_batch flp_batch;
/* Progress: `finished` of `count` scenarios have a status at `iteration`. */
typedef void (*flp_batch_progress_fn)(void *user, int32_t finished, int32_t count, int64_t iteration);

flp_rc flp_batch_create(const flp_problem *base, const flp_scenarios *sc, const flp_settings *s,
                        flp_batch **out, flp_error *err);
/* results: sc->count of them, overwritten (free each with flp_result_free).
 * rc != FLP_OK: the call failed and every result is left zeroed. */
flp_rc flp_batch_solve(flp_batch *b, flp_result *results, flp_error *err);
void flp_batch_free(flp_batch *b);
int32_t flp_batch_count(const flp_batch *b);
/* Log lines (when settings.verbose): NULL is stdout. */
void flp_batch_set_log(flp_batch *b, flp_message_fn fn, void *user);
void flp_batch_set_progress(flp_batch *b, flp_batch_progress_fn fn, void *user);
/* Stops every scenario still running at its next check (INTERRUPTED); as
 * flp_solver_interrupt, safe from a signal handler. */
void flp_batch_interrupt(flp_batch *b);
/* One shot: create, solve, free. */
flp_rc flp_solve_batch(const flp_problem *base, const flp_scenarios *sc, const flp_settings *s,
                       flp_result *results, flp_error *err);

/* ---- hashes ------------------------------------------------------------------ */
/* FNV-1a, 64 bit: h = FLP_FNV1A64_INIT, then h = flp_fnv1a64(h, bytes, len)... */
#define FLP_FNV1A64_INIT 0xcbf29ce484222325ULL
uint64_t flp_fnv1a64(uint64_t h, const void *data, size_t len);
/* FNV-1a 64 of the problem's numbers in memory (minimisation) form: m, n, nnz,
 * sense (as int64), offset, row_ptr, col_idx, values, obj, col_lower,
 * col_upper, row_lower, row_upper, all as little-endian bytes; names excluded. */
uint64_t flp_problem_hash(const flp_problem *p);
/* 16 lowercase hex digits and a NUL. */
void flp_hash_hex(uint64_t h, char out[17]);
/* Parses 16 hex digits; 1 on success. */
int flp_hash_parse_hex(const char *s, uint64_t *out);

/* ---- devices ------------------------------------------------------------- */
/* Writes a human-readable description of the compiled-in backends and the
 * devices they can use (or why not) into buf. */
flp_rc flp_describe_devices(char *buf, size_t cap);

/* Monotonic wall clock in seconds. */
double flp_wall_seconds(void);

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_H */
