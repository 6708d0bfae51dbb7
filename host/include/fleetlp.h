/* fleetlp: a first-order LP solver (restarted Halpern PDHG) with CPU and GPU backends.
 *
 * This is the only header a user includes. Conventions:
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

/* ---- MPS (io/) ----------------------------------------------------------- */
/* Fixed or free MPS, plain or gzip (detected from content). Notices such as
 * "integer markers relaxed" go to notice (may be NULL). */
flp_rc flp_read_mps(const char *path, flp_problem *out, flp_message_fn notice, void *notice_user,
                    flp_error *err);

/* ---- settings ------------------------------------------------------------ */
typedef enum flp_device { FLP_DEVICE_AUTO = 0, FLP_DEVICE_CPU = 1, FLP_DEVICE_GPU = 2 } flp_device;
typedef enum flp_norm { FLP_NORM_L2 = 0, FLP_NORM_LINF = 1 } flp_norm;

struct flp_check_record; /* one row of the solve history, defined below */
struct flp_checkpoint;   /* solver state container, defined in the files section */
/* A backend context that several solves share (e.g. a batch), so that the
 * device, its library handles and stream are set up once; see flp_context_create. */
typedef struct flp_context flp_context;

typedef struct flp_settings {
  /* termination */
  double tol;              /* relative KKT tolerance (primal, dual, gap) */
  flp_norm norm;           /* norm used in the termination test */
  double time_limit;       /* seconds, <= 0: none */
  int64_t iteration_limit; /* <= 0: none */
  double infeas_tol;       /* relative tolerance a certificate must meet */
  /* Two guards are checked with the residuals above before OPTIMAL is claimed:
   *   objective sensitivity: (sum_i |y_i| viol_i + sum_j |x_j| |rho_j|)
   *     <= tol * (1 + |p| + |d|), rho the unabsorbed reduced costs;
   *   per row: violation <= guard_tol * (1 + |its bound| + sum_j |a_ij x_j|),
   *     guard_tol <= 0 meaning tol.
   * The norm-relative residuals alone let a few large bounds hide a row that
   * is violated by a large share of its own size, and small residuals against
   * large duals or values can still move the objective far. */
  double guard_tol;
  /* device */
  flp_device device;
  int threads;             /* CPU threads, <= 0: OpenMP default */
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
                               * move the weight away from it; <= 0 disables */
  int ruiz_iterations;        /* 10 */
  double pock_chambolle_alpha;/* 1; <= 0 disables */
  int bound_objective_rescaling; /* 1 */
  int presolve;            /* 1: remove empty, singleton, redundant and forcing rows,
                            * fixed and dominated columns and doubleton equations
                            * first (host/core/presolve.h) */
  int polish;              /* 1: when converged in norm but a guard fails, try
                            * moving x onto the rows (host/core/polish.h) */
  /* output */
  int verbose;             /* 0 quiet, 1 log */
  int log_every;           /* log a row about every N iterations (at checks; <= 0: every check) */
  flp_message_fn log;      /* receives log lines when verbose; NULL: stdout */
  void *log_user;
  /* Stop request (e.g. set by a signal handler); polled at checks. */
  volatile int *interrupt;
  /* Called at every check with that check's record (e.g. to stream the
   * history into a solution file); NULL: not called. */
  void (*on_check)(void *user, const struct flp_check_record *record);
  void *on_check_user;
  /* Checkpoint and resume (docs/checkpoint.md). The library never names files:
   * it hands the solver state to `checkpoint`, which stores it (e.g. with
   * flp_checkpoint_write). Called at a check boundary when a stop was asked
   * for through *interrupt (the solve then returns INTERRUPTED) and, when
   * checkpoint_every > 0, every checkpoint_every seconds. A failure is logged
   * and the solve goes on. NULL: no checkpoints. */
  flp_rc (*checkpoint)(void *user, const struct flp_checkpoint *state, flp_error *err);
  void *checkpoint_user;
  double checkpoint_every;
  /* Continue from this state, read with flp_checkpoint_read(path,
   * flp_problem_hash(p), flp_settings_hash(s), ...); NULL: a fresh start. */
  const struct flp_checkpoint *resume;
  /* Warm start from a primal-dual point in the user's space and sense
   * (num_cols values of x, num_rows of y, e.g. an earlier solution of a
   * problem of the same shape); either may be NULL (zero). Unused when resuming. */
  const double *warm_x, *warm_y;
  /* Shared backend context (flp_context_create); NULL: the solve opens its own.
   * When set, device and threads are the context's. */
  flp_context *context;
} flp_settings;

void flp_settings_default(flp_settings *s);
/* FNV-1a 64 of the settings that shape the iterates and the answer (tolerances,
 * norm, check interval, step, restart, PID and scaling constants); not the
 * limits, device, threads, output or callbacks. A checkpoint is tagged with it. */
uint64_t flp_settings_hash(const flp_settings *s);

/* Opens a backend context for s->device and s->threads as a solve would
 * (auto: the GPU when usable, else the CPU with a notice) for solves that set
 * settings.context to it. One solve at a time; free it after the last one. */
flp_rc flp_context_create(const flp_settings *s, flp_message_fn notice, void *notice_user,
                          flp_context **out, flp_error *err);
/* The backend that runs, e.g. "cpu (2 threads)". */
const char *flp_context_device(const flp_context *c);
void flp_context_free(flp_context *c);

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
  double setup_seconds, solve_seconds, total_seconds;
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

/* Solves p. rc != FLP_OK means the call failed (result status left UNSET);
 * otherwise res->status says what the solve found. res must be zeroed or freed. */
flp_rc flp_solve(const flp_problem *p, const flp_settings *s, flp_result *res, flp_error *err);
void flp_result_free(flp_result *res);

/* ---- plain outputs (io/) ------------------------------------------------- */
/* JSON summary for scripts (status, objective, times, iterations, residuals).
 * Both writers write PATH.tmp and rename it: a killed job never leaves a torn file. */
flp_rc flp_write_json_summary(const char *path, const flp_problem *p, const flp_settings *s,
                              const flp_result *res, flp_error *err);
/* Plain-text solution: columns (value, reduced cost) and rows (activity, dual) by name. */
flp_rc flp_write_solution_text(const char *path, const flp_problem *p, const flp_result *res,
                               flp_error *err);

/* ---- devices ------------------------------------------------------------- */
/* Writes a human-readable description of the compiled-in backends and the
 * devices they can use (or why not) into buf. */
flp_rc flp_describe_devices(char *buf, size_t cap);

/* Monotonic wall clock in seconds. */
double flp_wall_seconds(void);

/* ==== files: HDF5 problem / solution / checkpoint, MPS writer (io/) ========
 * Layouts are documented in docs/hdf5.md. Conventions for everything below:
 *   - every writer is atomic: it writes PATH.tmp and renames it to PATH only
 *     when complete (after fsync), so a killed job leaves at most PATH.tmp,
 *     never a torn PATH. PATH.tmp of an earlier killed run is overwritten;
 *   - readers check every dataset (presence, type, shape, ranges, NaN) and
 *     fail with FLP_ERR_INPUT and a message naming the file and the dataset,
 *     e.g. "fleet.h5: /A/indptr: not non-decreasing at row 17";
 *   - HDF5's own error printing is switched off during each call and the
 *     caller's handler restored afterwards; HDF5's message ends up in err;
 *   - the HDF5 library is used single-threaded: call these functions from one
 *     thread at a time. */

/* Deflate level used for large datasets when a caller passes a negative level;
 * 0 = uncompressed, 1..9 = deflate (with byte shuffle). */
#define FLP_H5_DEFAULT_COMPRESSION 1

/* FNV-1a, 64 bit: h = FLP_FNV1A64_INIT, then h = flp_fnv1a64(h, bytes, len)... */
#define FLP_FNV1A64_INIT 0xcbf29ce484222325ULL
uint64_t flp_fnv1a64(uint64_t h, const void *data, size_t len);
/* FNV-1a 64 of the problem's numbers in memory (minimisation) form: m, n, nnz,
 * sense (as int64), offset, row_ptr, col_idx, values, obj, col_lower,
 * col_upper, row_lower, row_upper, all as little-endian bytes; names excluded. */
uint64_t flp_problem_hash(const flp_problem *p);
/* 16 lowercase hex digits and a NUL. */
void flp_hash_hex(uint64_t h, char out[17]);

/* HDF5 problem ("fleetlp-lp"). c and objective_offset are stored in the
 * user's sense (as written in the model); out is in memory (minimisation)
 * form with objective_sense set. Bounds of magnitude >= 1e20 become +-inf. */
flp_rc flp_read_problem_h5(const char *path, flp_problem *out, flp_error *err);
/* compression: deflate level 0..9, negative = FLP_H5_DEFAULT_COMPRESSION. */
flp_rc flp_write_problem_h5(const char *path, const flp_problem *p, int compression,
                            flp_error *err);
/* Free MPS; gzip-compressed when path ends in ".gz". Names are written when
 * present and usable in free MPS (else R1.., C1..); OBJSENSE MAX for sense -1;
 * the objective offset as RHS of the objective row (= -offset). */
flp_rc flp_write_mps(const char *path, const flp_problem *p, flp_error *err);
/* Reads HDF5 or MPS (plain or gzip), chosen by the file's content. */
flp_rc flp_read_problem(const char *path, flp_problem *out, flp_message_fn notice,
                        void *notice_user, flp_error *err);
/* Writes by extension: .h5 / .hdf5 (HDF5), .mps / .mps.gz (MPS). */
flp_rc flp_write_problem(const char *path, const flp_problem *p, int compression,
                         flp_error *err);

/* HDF5 solution ("fleetlp-solution"), streamed:
 *   begin      creates PATH.tmp with the problem's dims, hash, names and the
 *              settings asked for (s may be NULL), status "RUNNING", and an
 *              empty appendable /history;
 *   append     adds check records to /history (flushed to disk at most once a
 *              second, and by flush), so a killed job's PATH.tmp shows its progress;
 *   finish     appends res->history rows not yet appended, writes x, y,
 *              reduced costs, row activity, certificates and the final
 *              attributes, closes and renames PATH.tmp to PATH; frees w
 *              (also on failure, removing PATH.tmp);
 *   abort      closes and removes PATH.tmp; frees w (NULL is fine). */
typedef struct flp_h5_solution_writer flp_h5_solution_writer;
flp_rc flp_h5_solution_begin(const char *path, const flp_problem *p, const flp_settings *s,
                             flp_h5_solution_writer **out, flp_error *err);
flp_rc flp_h5_solution_append_history(flp_h5_solution_writer *w, const flp_check_record *rows,
                                      int64_t count, flp_error *err);
flp_rc flp_h5_solution_flush(flp_h5_solution_writer *w, flp_error *err);
flp_rc flp_h5_solution_finish(flp_h5_solution_writer *w, const flp_result *res, flp_error *err);
void flp_h5_solution_abort(flp_h5_solution_writer *w);
/* begin + finish in one call. */
flp_rc flp_write_solution_h5(const char *path, const flp_problem *p, const flp_settings *s,
                             const flp_result *res, flp_error *err);
/* The point of a solution file (/x, /y) or of a plan file (/solver/x, /solver/y)
 * in the user's space and sense, e.g. for a warm start (flp_settings.warm_x,
 * warm_y). FLP_ERR_INPUT unless the lengths are num_cols and num_rows and
 * every value is finite. *sense (may be NULL) receives the file's objective
 * sense (+1 or -1). */
flp_rc flp_read_solution_point_h5(const char *path, int32_t num_rows, int32_t num_cols, double *x,
                                  double *y, int *sense, flp_error *err);

/* Checkpoint ("fleetlp-checkpoint"): a container of named double vectors and
 * named int64 / double scalars, tagged with the problem and settings hashes
 * and the solver version. Names: 1..63 characters of [A-Za-z0-9_.-]; setting
 * a name again replaces the value. Vectors are copied. */
typedef struct flp_checkpoint flp_checkpoint;
flp_rc flp_checkpoint_create(uint64_t problem_hash, uint64_t settings_hash, flp_checkpoint **out,
                             flp_error *err);
flp_rc flp_checkpoint_set_vector(flp_checkpoint *c, const char *name, const double *v, int64_t len,
                                 flp_error *err);
flp_rc flp_checkpoint_set_int(flp_checkpoint *c, const char *name, int64_t v, flp_error *err);
flp_rc flp_checkpoint_set_real(flp_checkpoint *c, const char *name, double v, flp_error *err);
/* Atomic (PATH.tmp, then rename). */
flp_rc flp_checkpoint_write(const flp_checkpoint *c, const char *path, flp_error *err);
/* Checks format, version and the two hashes (FLP_CHECKPOINT_ANY_HASH skips
 * one); a mismatch is FLP_ERR_INPUT saying which hash differs. */
#define FLP_CHECKPOINT_ANY_HASH 0
flp_rc flp_checkpoint_read(const char *path, uint64_t problem_hash, uint64_t settings_hash,
                           flp_checkpoint **out, flp_error *err);
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
/* Solver version string that wrote the checkpoint ("" for a new one). */
const char *flp_checkpoint_solver_version(const flp_checkpoint *c);
void flp_checkpoint_free(flp_checkpoint *c);
/* ==== end of files (io/) ================================================== */

/* ==== fleet capacity planning (host/fleet/) ================================
 * The fleet file ("fleetlp-fleet") and the plan file ("fleetlp-plan") are
 * documented in docs/fleet.md. Arrays are row-major: an [A x B] array holds
 * element (a, b) at a * B + b; slots are always the last axis. Units: power in
 * W, bandwidth in Gb/s, money in $ (any currency, used consistently), time in
 * hours, energy prices in $/kWh, carbon intensity in kg CO2e/kWh. */
typedef struct flp_fleet {
  int32_t num_nodes, num_slots, num_classes;       /* N, T, K (workload classes) */
  int32_t num_resources, num_node_classes;         /* R, S (node classes = SKUs) */
  int32_t num_racks, num_datacenters;              /* Q, D */
  char *name;                                      /* optional */
  char **resource_names;      /* R, e.g. cores, gpus, memory_gb, power_w, net_gbps */
  int32_t power_resource;     /* index of the power resource (W), -1: none */
  int32_t bandwidth_resource; /* index of the uplink bandwidth resource (Gb/s), -1: none */
  char **node_class_names;    /* S */
  char **rack_names;          /* Q */
  char **datacenter_names;    /* D */
  char **class_names;         /* K */
  /* nodes */
  char **node_ids;            /* N */
  int32_t *node_class;        /* N, in [0, S) */
  int32_t *node_rack;         /* N, in [0, Q) */
  int32_t *node_datacenter;   /* N, in [0, D); one datacenter per rack */
  double *capacity;           /* N x R */
  double *availability;       /* N x T, in [0, 1] (0: maintenance) */
  double *running_cost;       /* N, $ per hour of a fully used node */
  double *idle_power;         /* N, W drawn while available */
  /* slots */
  double *slot_hours;         /* T, > 0 */
  double *energy_price;       /* D x T, $/kWh */
  double *carbon_intensity;   /* D x T, kg CO2e/kWh */
  double carbon_price;        /* $ per kg CO2e */
  /* workload classes */
  double *demand;             /* K x T, units running during the slot */
  double *needs;              /* K x R, resources one unit needs */
  uint8_t *eligible;          /* K x S, 1: the class may run on the node class */
  double *penalty;            /* K, $ per unit-hour of unserved demand */
  int32_t *defer_window;      /* K, slots that work may be deferred by (0: none) */
  double *defer_cost;         /* K, $ per unit and slot of deferral */
  /* limits: +inf entries mean no limit (and no row) */
  double *rack_power;         /* Q x T, W */
  double *datacenter_power;   /* D x T, W */
  double *rack_bandwidth;     /* Q x T, Gb/s */
  double budget;              /* $ over the horizon for running + energy cost; inf: none */
} flp_fleet;

/* Allocates every array of an N x T x K fleet with R resources, S node
 * classes, Q racks and D datacenters: names "node0", "rack0", ...; zero
 * capacities, costs and demand; availability 1; slot_hours 1; penalty 1;
 * limits and budget +inf; power and bandwidth resources -1. f is overwritten. */
flp_rc flp_fleet_alloc(flp_fleet *f, int32_t nodes, int32_t slots, int32_t classes,
                       int32_t resources, int32_t node_classes, int32_t racks,
                       int32_t datacenters, flp_error *err);
void flp_fleet_free(flp_fleet *f);
/* Checks indices, ranges and consistency; what names the source in messages,
 * which name the dataset at fault (e.g. "fleet.h5: /nodes/availability: 1.5 at
 * node 'n7' slot 3 is outside [0, 1]"). */
flp_rc flp_fleet_validate(const flp_fleet *f, const char *what, flp_error *err);
/* Reads and validates a fleet file; FLP_ERR_INPUT names file and dataset. */
flp_rc flp_fleet_read_h5(const char *path, flp_fleet *out, flp_error *err);
/* Atomic (PATH.tmp, then rename); compression as flp_write_problem_h5. */
flp_rc flp_fleet_write_h5(const char *path, const flp_fleet *f, int compression, flp_error *err);

/* Synthetic fleets: deterministic for given options (own PRNG, no globals). */
typedef struct flp_fleet_gen_options {
  int32_t nodes, slots, classes;
  int32_t racks, datacenters; /* <= 0: derived (about 40 nodes a rack, 1-4 datacenters) */
  double eligibility;   /* (0, 1]: share of (workload class, compatible SKU) pairs allowed */
  double heterogeneity; /* [0, 1]: spread of SKUs, node capacities and costs */
  double cost_range;    /* >= 1: ratio of the dearest to the cheapest unit cost */
  double tightness;     /* > 0: peak demand / the capacity a class can reach (1: at capacity) */
  int budget_row;       /* 1: a finite budget (a dense LP row) */
  uint64_t seed;
} flp_fleet_gen_options;
void flp_fleet_gen_default(flp_fleet_gen_options *o);
flp_rc flp_fleet_generate(const flp_fleet_gen_options *o, flp_fleet *out, flp_error *err);

/* The LP of a fleet (docs/fleet.md, "The LP"), built directly in CSR in time
 * linear in the nonzeros. Columns, E = num_pairs eligible (class, node) pairs:
 *   x(p, t)        = t * E + p                       units of class pair_class[p]
 *                                                    on node pair_node[p] in slot t
 *   unserved(k, t) = unserved_begin + t * K + k
 *   backlog(k, t)  = backlog_begin + t * num_deferrable + deferrable_index[k]
 *                    (t < T - 1): work of class k carried from slot t into t + 1
 * Rows (the LP row is the planner's row divided by row_scale[i]):
 *   demand(k, t)   = t * K + k                       equality
 *   capacity(n, r, t) = capacity_begin + t * capacity_per_slot + capacity_ptr[n] + j
 *                    where capacity_resource[capacity_ptr[n] + j] == r
 *   rack_power_row[q * T + t], datacenter_power_row[d * T + t],
 *   rack_bandwidth_row[q * T + t]: row index or -1 (no finite limit)
 *   budget_row: index or -1 */
typedef enum flp_fleet_names {
  FLP_FLEET_NAMES_AUTO = 0, /* names when the LP has at most 200,000 columns */
  FLP_FLEET_NAMES_ON = 1,
  FLP_FLEET_NAMES_OFF = 2
} flp_fleet_names;

typedef struct flp_fleet_lp {
  flp_problem problem;       /* minimisation, objective in $ */
  int32_t num_nodes, num_slots, num_classes, num_resources;
  int64_t num_pairs;
  int32_t *pair_class, *pair_node; /* num_pairs, sorted by node then class */
  int64_t *node_pair_ptr;    /* N + 1 */
  double *pair_running;      /* num_pairs, $ per hour of one unit (running cost share) */
  double *pair_kw;           /* num_pairs, kW one unit draws (0 without a power resource) */
  int64_t unserved_begin, backlog_begin;
  int32_t num_deferrable;
  int32_t *deferrable_index; /* K, -1 when not deferrable */
  int64_t capacity_begin, capacity_per_slot;
  int64_t *capacity_ptr;     /* N + 1 */
  int32_t *capacity_resource;/* capacity_per_slot */
  int64_t *rack_power_row, *datacenter_power_row, *rack_bandwidth_row;
  int64_t budget_row;
  double *row_scale;         /* num_rows */
  double fixed_energy_cost, fixed_carbon_cost; /* idle power, in obj_offset */
} flp_fleet_lp;

flp_rc flp_fleet_build(const flp_fleet *f, flp_fleet_names names, flp_fleet_lp *out,
                       flp_error *err);
void flp_fleet_lp_free(flp_fleet_lp *lp);

/* A plan: the LP solution in planner terms. Values ("value_*") are shadow
 * prices as savings: what one more unit of a limit is worth, >= 0, in $ per
 * unit for the slot (capacity: per core, GPU, GB, W, ... on node n in slot t;
 * power: per W; bandwidth: per Gb/s; budget: per $). */
typedef struct flp_fleet_plan {
  int32_t num_nodes, num_slots, num_classes, num_resources, num_racks, num_datacenters;
  int64_t num_allocations;   /* x above a noise threshold */
  int32_t *alloc_class, *alloc_node, *alloc_slot;
  double *alloc_amount;
  double *utilisation;       /* N x T x R: used / capacity (power: idle included) */
  double *node_utilisation;  /* N x T: the largest share over resources */
  double *rack_utilisation;  /* Q x T: mean node_utilisation over the rack's nodes */
  double *rack_power_used;   /* Q x T, W (idle included); NULL without a power resource */
  double *datacenter_power_used; /* D x T, W */
  double *served, *unserved, *deferred; /* K x T units; deferred: carried into the next slot */
  /* cost breakdown ($, the objective = their sum) */
  double cost_total, cost_running, cost_energy, cost_carbon, cost_unserved, cost_deferral;
  double cost_fixed_energy, cost_fixed_carbon;
  double *cost_per_slot;     /* T x FLP_FLEET_COST_PARTS, parts in the order above without total */
  double *value_capacity;    /* N x T x R (0 where the node has no such row) */
  double *value_rack_power;  /* Q x T */
  double *value_datacenter_power; /* D x T */
  double *value_rack_bandwidth;   /* Q x T */
  double value_budget;
  double *demand_price;      /* K x T: $ one more unit of demand costs */
} flp_fleet_plan;
#define FLP_FLEET_COST_PARTS 7

/* res must carry x and y (any status with an iterate). */
flp_rc flp_fleet_plan_compute(const flp_fleet *f, const flp_fleet_lp *lp, const flp_result *res,
                              flp_fleet_plan *out, flp_error *err);
void flp_fleet_plan_free(flp_fleet_plan *plan);
/* Writes the plan file atomically, with the solver's solution and history
 * under /solver (layout of the solution file). s may be NULL. */
flp_rc flp_fleet_write_plan(const char *path, const flp_fleet *f, const flp_fleet_lp *lp,
                            const flp_fleet_plan *plan, const flp_settings *s,
                            const flp_result *res, const char *fleet_label, flp_error *err);
/* Reads a plan file and writes the summary as lines to out (NULL: none), and
 * into out_dir (created; NULL: no files): report.txt, utilisation.svg (racks x
 * slots), convergence.svg (residuals and gap against iterations). */
flp_rc flp_fleet_report(const char *plan_path, const char *out_dir, flp_message_fn out,
                        void *out_user, flp_error *err);
/* ==== end of fleet capacity planning ====================================== */

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_H */
