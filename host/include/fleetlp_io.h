/* fleetlp file formats: MPS (read and write), the HDF5 problem, solution,
 * checkpoint and scenario files, the JSON summary and plain-text solutions. The io library
 * (fleetlp_io) sits on the core library (fleetlp.h) and links HDF5 and zlib. */
#ifndef FLEETLP_PUBLIC_IO_H
#define FLEETLP_PUBLIC_IO_H

#include "fleetlp.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- MPS ----------------------------------------------------------------- */
/* Fixed or free MPS, plain or gzip (detected from content). Notices such as
 * "integer markers relaxed" go to notice (may be NULL). */
flp_rc flp_read_mps(const char *path, flp_problem *out, flp_message_fn notice, void *notice_user,
                    flp_error *err);

/* ---- plain outputs ------------------------------------------------------- */
/* JSON summary for scripts (status, objective, times, iterations, residuals).
 * Both writers write PATH.tmp and rename it: a killed job never leaves a torn file. */
flp_rc flp_write_json_summary(const char *path, const flp_problem *p, const flp_settings *s,
                              const flp_result *res, flp_error *err);
/* Plain-text solution: columns (value, reduced cost) and rows (activity, dual) by name. */
flp_rc flp_write_solution_text(const char *path, const flp_problem *p, const flp_result *res,
                               flp_error *err);

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
 * in the user's space and sense, e.g. for a warm start (flp_solver_set_warm_start). FLP_ERR_INPUT unless the lengths are num_cols and num_rows and
 * every value is finite. *sense (may be NULL) receives the file's objective
 * sense (+1 or -1). */
flp_rc flp_read_solution_point_h5(const char *path, int32_t num_rows, int32_t num_cols, double *x,
                                  double *y, int *sense, flp_error *err);

/* Checkpoint files ("fleetlp-checkpoint"): the solver's state container
 * (flp_checkpoint, fleetlp.h) serialised. Atomic (PATH.tmp, then rename). */
flp_rc flp_checkpoint_write(const flp_checkpoint *c, const char *path, flp_error *err);
/* Checks format, version and the two hashes (FLP_CHECKPOINT_ANY_HASH skips
 * one); a mismatch is FLP_ERR_INPUT saying which hash differs. */
#define FLP_CHECKPOINT_ANY_HASH 0
flp_rc flp_checkpoint_read(const char *path, uint64_t problem_hash, uint64_t settings_hash,
                           flp_checkpoint **out, flp_error *err);
/* Scenario files ("fleetlp-scenarios", docs/scenarios.md): K variants of one
 * LP (flp_scenarios, fleetlp.h) in one HDF5 file. Root attributes format,
 * version (1) and count (K); optional K x n datasets /c, /col_lower,
 * /col_upper and K x m /row_lower, /row_upper (one left out: the base LP's
 * values in every scenario); optional /names (K strings). /c is in the
 * user's sense, as a problem file's /c: memory holds base->objective_sense
 * times it (minimisation form), and the writer negates sc->obj back when
 * sc->objective_sense is -1. Infinite bounds are IEEE inf (|v| >= 1e20 also
 * reads as inf).
 * The reader checks the shapes against base, NaN, finite costs and lower <=
 * upper in every scenario (flp_scenarios_validate); every message names the
 * file, the dataset, the scenario and the index. out is overwritten; on
 * failure it is left empty. A file fleetlp wrote carries a checksum table
 * (docs/hdf5.md, "Checksums"), checked on read; one written with h5py has
 * none and is read as it is. */
flp_rc flp_read_scenarios(const char *path, const flp_problem *base, flp_scenarios *out,
                          flp_error *err);
/* Atomic (PATH.tmp, then rename), with a checksum table. */
flp_rc flp_write_scenarios(const char *path, const flp_scenarios *sc, flp_error *err);
/* ==== end of files (io/) ================================================== */

#ifdef __cplusplus
}
#endif
#endif /* FLEETLP_PUBLIC_IO_H */
