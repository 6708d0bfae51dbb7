/* HDF5 solution files ("fleetlp-solution", docs/hdf5.md), written as a stream:
 * begin starts the file in memory (h5_image.h) and puts its image in
 * PATH.tmp, history rows are appended while the solver runs (the image goes
 * to PATH.tmp again now and then, so a killed job still shows its progress),
 * finish adds the result, seals the checksum and renames PATH.tmp to PATH. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "h5_checksum.h"
#include "h5_image.h"
#include "h5_util.h"
#include "io_util.h"

#define SOLUTION_FORMAT "fleetlp-solution"
#define SOLUTION_VERSION_MAJOR 1
#define SOLUTION_VERSION_MINOR 1 /* 1: checksum table (h5_checksum.h) */
#define HISTORY_COLS 10
#define HISTORY_CHUNK_ROWS 256
/* A killed job loses at most this much history, or ten times what writing
 * the image took (so that writing a large one costs at most a tenth of the
 * time). */
#define FLUSH_INTERVAL_SECONDS 1.0
#define FLUSH_COST_FACTOR 10.0

static const char *const history_columns[HISTORY_COLS] = {
    "iteration",           "seconds",           "primal_objective", "dual_objective",
    "relative_primal_residual", "relative_dual_residual", "relative_gap", "step",
    "primal_weight",       "restart"};

struct flp_h5_solution_writer {
  char *path, *tmp;
  hid_t file, history;
  int64_t history_rows;
  int32_t num_rows, num_cols;
  double last_flush, flush_seconds; /* when the image last went to PATH.tmp, how long it took */
  int to_disk;
};

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static void writer_free(flp_h5_solution_writer *w, int remove_tmp) {
  if (!w) return;
  if (w->history >= 0) H5Dclose(w->history);
  if (w->file >= 0) H5Fclose(w->file); /* in memory: nothing can fail for want of room */
  if (remove_tmp && w->tmp) remove(w->tmp);
  free(w->path);
  free(w->tmp);
  free(w);
}

static flp_rc create_history(flp_h5_solution_writer *w, flp_error *err) {
  hsize_t dims[2] = {0, HISTORY_COLS};
  hsize_t maxdims[2] = {H5S_UNLIMITED, HISTORY_COLS};
  hsize_t chunk[2] = {HISTORY_CHUNK_ROWS, HISTORY_COLS};
  hid_t space = H5Screate_simple(2, dims, maxdims);
  hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(dcpl, 2, chunk);
  w->history = H5Dcreate2(w->file, "history", H5T_IEEE_F64LE, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
  H5Pclose(dcpl);
  H5Sclose(space);
  if (w->history < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /history", w->path);
  return flp_h5_attr_str_vec(w->history, "columns", history_columns, HISTORY_COLS, err);
}

static flp_rc write_header(flp_h5_solution_writer *w, const flp_problem *p, const flp_settings *s,
                           flp_error *err) {
  char hex[17];
  flp_hash_hex(flp_problem_hash(p), hex);
  hid_t f = w->file;
  flp_rc rc = flp_h5_attr_str(f, "format", SOLUTION_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "version_major", SOLUTION_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "version_minor", SOLUTION_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "solver_version", FLP_VERSION_STRING, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "status", "RUNNING", err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "problem_hash", hex, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "num_rows", p->num_rows, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "num_cols", p->num_cols, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "nnz", p->nnz, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "sense", p->objective_sense == -1 ? -1 : 1, err);
  if (rc == FLP_OK && p->name) rc = flp_h5_attr_str(f, "problem_name", p->name, err);
  if (rc == FLP_OK && s) {
    rc = flp_h5_attr_f64(f, "tolerance", s->tol, err);
    if (rc == FLP_OK)
      rc = flp_h5_attr_str(f, "norm", s->norm == FLP_NORM_LINF ? "linf" : "l2", err);
    if (rc == FLP_OK) rc = flp_h5_attr_f64(f, "infeasibility_tolerance", s->infeas_tol, err);
    if (rc == FLP_OK) rc = flp_h5_attr_f64(f, "time_limit", s->time_limit, err);
    if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "iteration_limit", s->iteration_limit, err);
  }
  if (rc != FLP_OK) return rc;
  if (p->row_names || p->col_names) {
    hid_t g = H5Gcreate2(f, "names", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /names", w->path);
    if (p->row_names)
      rc = flp_h5_write_strings(g, "rows", p->row_names, p->num_rows, FLP_H5_DEFAULT_COMPRESSION,
                                w->path, err);
    if (rc == FLP_OK && p->col_names)
      rc = flp_h5_write_strings(g, "cols", p->col_names, p->num_cols, FLP_H5_DEFAULT_COMPRESSION,
                                w->path, err);
    H5Gclose(g);
  }
  if (rc == FLP_OK) rc = create_history(w, err);
  return rc;
}

/* The image so far to PATH.tmp (rewritten in place: only the final file
 * must never be torn). */
static flp_rc flush_file(flp_h5_solution_writer *w, flp_error *err) {
  double t = now_seconds();
  unsigned char *image = NULL;
  size_t size = 0;
  flp_rc rc = flp_h5_image_copy(w->file, &image, &size, w->path, err);
  if (rc == FLP_OK) rc = flp_h5_image_write(w->tmp, image, size, w->path, err);
  free(image);
  w->last_flush = now_seconds();
  w->flush_seconds = w->last_flush - t;
  return rc;
}

/* to_disk 0: the file stays in memory (for flp_h5_solution_image). */
static flp_rc begin_writer(const char *path, const flp_problem *p, const flp_settings *s,
                           int to_disk, flp_h5_solution_writer **out, flp_error *err) {
  *out = NULL;
  flp_h5_solution_writer *w = calloc(1, sizeof *w);
  if (!w) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
  w->file = w->history = -1;
  w->to_disk = to_disk;
  w->path = strdup(path);
  w->tmp = flp_io_tmp_path(path);
  w->num_rows = p->num_rows;
  w->num_cols = p->num_cols;
  if (!w->path || !w->tmp) {
    writer_free(w, 0);
    return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
  }
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  flp_rc rc = to_disk ? flp_io_probe_writable(w->tmp, path, err) : FLP_OK;
  if (rc == FLP_OK) w->file = flp_h5_image_create(path, 1, err);
  if (rc == FLP_OK && w->file < 0) rc = err ? err->code : FLP_ERR_NOMEM;
  if (rc == FLP_OK) rc = write_header(w, p, s, err);
  if (rc == FLP_OK && to_disk) rc = flush_file(w, err);
  if (rc != FLP_OK) writer_free(w, to_disk);
  flp_h5_quiet_end(&q);
  if (rc == FLP_OK) *out = w;
  return rc;
}

flp_rc flp_h5_solution_begin(const char *path, const flp_problem *p, const flp_settings *s,
                             flp_h5_solution_writer **out, flp_error *err) {
  return begin_writer(path, p, s, 1, out, err);
}

static flp_rc append_rows(flp_h5_solution_writer *w, const flp_check_record *rows, int64_t count,
                          flp_error *err) {
  if (count <= 0) return FLP_OK;
  double *buf = malloc((size_t)count * HISTORY_COLS * sizeof *buf);
  if (!buf) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", w->path);
  for (int64_t i = 0; i < count; ++i) {
    const flp_check_record *r = &rows[i];
    double *row = buf + i * HISTORY_COLS;
    row[0] = (double)r->iteration;
    row[1] = r->seconds;
    row[2] = r->primal_obj;
    row[3] = r->dual_obj;
    row[4] = r->rel_primal_res;
    row[5] = r->rel_dual_res;
    row[6] = r->rel_gap;
    row[7] = r->step;
    row[8] = r->primal_weight;
    row[9] = (double)r->restarted;
  }
  flp_rc rc = FLP_OK;
  hsize_t newdims[2] = {(hsize_t)(w->history_rows + count), HISTORY_COLS};
  hsize_t start[2] = {(hsize_t)w->history_rows, 0};
  hsize_t cnt[2] = {(hsize_t)count, HISTORY_COLS};
  if (H5Dset_extent(w->history, newdims) < 0) {
    rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot extend /history", w->path);
  } else {
    hid_t fspace = H5Dget_space(w->history);
    hid_t mspace = H5Screate_simple(2, cnt, NULL);
    H5Sselect_hyperslab(fspace, H5S_SELECT_SET, start, NULL, cnt, NULL);
    if (H5Dwrite(w->history, H5T_NATIVE_DOUBLE, mspace, fspace, H5P_DEFAULT, buf) < 0)
      rc = flp_h5_fail(err, FLP_ERR_IO, "%s: cannot append to /history", w->path);
    else w->history_rows += count;
    H5Sclose(mspace);
    H5Sclose(fspace);
  }
  free(buf);
  return rc;
}

flp_rc flp_h5_solution_append_history(flp_h5_solution_writer *w, const flp_check_record *rows,
                                      int64_t count, flp_error *err) {
  if (!w) return flp_error_set(err, FLP_ERR_INTERNAL, "solution writer is NULL");
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  flp_rc rc = append_rows(w, rows, count, err);
  double wait = FLUSH_COST_FACTOR * w->flush_seconds;
  if (rc == FLP_OK && w->to_disk &&
      now_seconds() - w->last_flush >= (wait > FLUSH_INTERVAL_SECONDS ? wait : FLUSH_INTERVAL_SECONDS))
    rc = flush_file(w, err);
  flp_h5_quiet_end(&q);
  return rc;
}

flp_rc flp_h5_solution_flush(flp_h5_solution_writer *w, flp_error *err) {
  if (!w) return flp_error_set(err, FLP_ERR_INTERNAL, "solution writer is NULL");
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  flp_rc rc = flush_file(w, err);
  flp_h5_quiet_end(&q);
  return rc;
}

static flp_rc write_vector(flp_h5_solution_writer *w, hid_t loc, const char *name, const double *v,
                           int64_t len, flp_error *err) {
  if (!v) return FLP_OK;
  return flp_h5_write_1d(loc, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, len,
                         FLP_H5_DEFAULT_COMPRESSION, w->path, err);
}

static flp_rc write_result(flp_h5_solution_writer *w, const flp_result *res, flp_error *err) {
  const int has_primal = res->x || res->reduced_costs || res->primal_ray;
  const int has_dual = res->y || res->row_activity || res->dual_ray;
  if ((has_primal && res->num_cols != w->num_cols) || (has_dual && res->num_rows != w->num_rows))
    return flp_error_set(err, FLP_ERR_INTERNAL,
                         "%s: result is %d x %d but the problem was %d x %d", w->path,
                         (int)res->num_rows, (int)res->num_cols, (int)w->num_rows,
                         (int)w->num_cols);
  if (res->history_len > w->history_rows) {
    flp_rc rc = append_rows(w, res->history + w->history_rows, res->history_len - w->history_rows,
                            err);
    if (rc != FLP_OK) return rc;
  }
  hid_t f = w->file;
  flp_rc rc = write_vector(w, f, "x", res->x, w->num_cols, err);
  if (rc == FLP_OK) rc = write_vector(w, f, "y", res->y, w->num_rows, err);
  if (rc == FLP_OK) rc = write_vector(w, f, "reduced_costs", res->reduced_costs, w->num_cols, err);
  if (rc == FLP_OK) rc = write_vector(w, f, "row_activity", res->row_activity, w->num_rows, err);
  if (rc == FLP_OK && (res->primal_ray || res->dual_ray)) {
    hid_t g = H5Gcreate2(f, "certificate", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /certificate", w->path);
    rc = write_vector(w, g, "primal_ray", res->primal_ray, w->num_cols, err);
    if (rc == FLP_OK) rc = write_vector(w, g, "dual_ray", res->dual_ray, w->num_rows, err);
    if (rc == FLP_OK) rc = flp_h5_attr_f64(g, "quality", res->certificate_quality, err);
    H5Gclose(g);
  }
  if (rc != FLP_OK) return rc;
  const struct {
    const char *name;
    double v;
  } reals[] = {{"primal_objective", res->primal_obj},
               {"dual_objective", res->dual_obj},
               {"relative_primal_residual", res->rel_primal_res},
               {"relative_dual_residual", res->rel_dual_res},
               {"relative_gap", res->rel_gap},
               {"absolute_primal_residual", res->abs_primal_res},
               {"absolute_dual_residual", res->abs_dual_res},
               {"setup_seconds", res->setup_seconds},
               {"solve_seconds", res->solve_seconds},
               {"total_seconds", res->total_seconds},
               {"norm_A_estimate", res->norm_A_estimate}};
  for (size_t k = 0; k < sizeof reals / sizeof reals[0] && rc == FLP_OK; ++k)
    rc = flp_h5_attr_f64(f, reals[k].name, reals[k].v, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "iterations", res->iterations, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "restarts", res->restarts, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "polish_iterations", res->polish_iterations, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "matrix_passes", res->matrix_passes, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "device", res->device, err);
  /* Last, so that a file whose status is not RUNNING is known to be whole. */
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "status", flp_status_name(res->status), err);
  return rc;
}

/* Adds the result, closes the file and seals its checksum: the image. */
static flp_rc finish_image(flp_h5_solution_writer *w, const flp_result *res, unsigned char **image,
                           size_t *size, flp_error *err) {
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  flp_rc rc = write_result(w, res, err);
  if (w->history >= 0) H5Dclose(w->history);
  w->history = -1;
  if (rc == FLP_OK) rc = flp_h5_image_take(w->file, image, size, w->path, err);
  else H5Fclose(w->file);
  w->file = -1;
  if (rc == FLP_OK) rc = flp_h5_checksum_seal_image(*image, *size, w->path, err);
  flp_h5_quiet_end(&q);
  return rc;
}

flp_rc flp_h5_solution_finish(flp_h5_solution_writer *w, const flp_result *res, flp_error *err) {
  if (!w) return flp_error_set(err, FLP_ERR_INTERNAL, "solution writer is NULL");
  unsigned char *image = NULL;
  size_t size = 0;
  flp_rc rc = finish_image(w, res, &image, &size, err);
  if (rc == FLP_OK) rc = flp_h5_image_write(w->tmp, image, size, w->path, err);
  free(image);
  if (rc == FLP_OK) rc = flp_io_commit(w->tmp, w->path, err);
  writer_free(w, rc != FLP_OK);
  return rc;
}

flp_rc flp_h5_solution_image(const char *label, const flp_problem *p, const flp_settings *s,
                             const flp_result *res, unsigned char **image, size_t *size,
                             flp_error *err) {
  *image = NULL;
  *size = 0;
  flp_h5_solution_writer *w;
  flp_rc rc = begin_writer(label, p, s, 0, &w, err);
  if (rc != FLP_OK) return rc;
  rc = finish_image(w, res, image, size, err);
  writer_free(w, 0);
  if (rc != FLP_OK) {
    free(*image);
    *image = NULL;
  }
  return rc;
}

void flp_h5_solution_abort(flp_h5_solution_writer *w) {
  if (!w) return;
  flp_h5_quiet q;
  flp_h5_quiet_begin(&q);
  writer_free(w, 1);
  flp_h5_quiet_end(&q);
}

flp_rc flp_write_solution_h5(const char *path, const flp_problem *p, const flp_settings *s,
                             const flp_result *res, flp_error *err) {
  flp_h5_solution_writer *w;
  flp_rc rc = flp_h5_solution_begin(path, p, s, &w, err);
  if (rc != FLP_OK) return rc;
  return flp_h5_solution_finish(w, res, err);
}
