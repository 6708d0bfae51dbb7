/* Checkpoint files ("fleetlp-checkpoint", docs/hdf5.md): the solver's state
 * container (host/core/checkpoint.c) written atomically, and read back with
 * the check that it belongs to this problem and these settings. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_checksum.h"
#include "h5_util.h"
#include "io_util.h"

#define CHECKPOINT_FORMAT "fleetlp-checkpoint"
#define CHECKPOINT_VERSION_MAJOR 1
#define CHECKPOINT_VERSION_MINOR 1 /* 1: checksum table (h5_checksum.h) */
#define NAME_CAP 64

static flp_rc write_contents(const flp_checkpoint *c, hid_t f, const char *path, flp_error *err) {
  char ph[17], sh[17];
  flp_hash_hex(flp_checkpoint_problem_hash(c), ph);
  flp_hash_hex(flp_checkpoint_settings_hash(c), sh);
  flp_rc rc = flp_h5_attr_str(f, "format", CHECKPOINT_FORMAT, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "version_major", CHECKPOINT_VERSION_MAJOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_i64(f, "version_minor", CHECKPOINT_VERSION_MINOR, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "problem_hash", ph, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "settings_hash", sh, err);
  if (rc == FLP_OK) rc = flp_h5_attr_str(f, "solver_version", FLP_VERSION_STRING, err);
  if (rc != FLP_OK) return rc;
  hid_t g = H5Gcreate2(f, "vectors", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /vectors", path);
  /* Uncompressed: a checkpoint is written when time is short (preemption). */
  for (int i = 0; i < flp_checkpoint_num_vectors(c) && rc == FLP_OK; ++i) {
    const double *v;
    int64_t len;
    const char *name = flp_checkpoint_vector_at(c, i, &v, &len);
    rc = flp_h5_write_1d(g, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, v, len, 0, path, err);
  }
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  g = H5Gcreate2(f, "scalars", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /scalars", path);
  for (int i = 0; i < flp_checkpoint_num_scalars(c) && rc == FLP_OK; ++i) {
    int is_int;
    int64_t iv;
    double dv;
    const char *name = flp_checkpoint_scalar_at(c, i, &is_int, &iv, &dv);
    rc = is_int ? flp_h5_attr_i64(g, name, iv, err) : flp_h5_attr_f64(g, name, dv, err);
  }
  H5Gclose(g);
  return rc;
}

typedef struct checkpoint_out {
  const flp_checkpoint *c;
  const char *path;
} checkpoint_out;

static flp_rc write_checkpoint_file(hid_t file, const void *ctx, flp_error *err) {
  const checkpoint_out *o = ctx;
  return write_contents(o->c, file, o->path, err);
}

flp_rc flp_checkpoint_write(const flp_checkpoint *c, const char *path, flp_error *err) {
  checkpoint_out o = {c, path};
  return flp_h5_write_atomic_checksummed(path, write_checkpoint_file, &o, err);
}

typedef struct read_ctx {
  const flp_h5_in *in;
  flp_checkpoint *c;
  hid_t group;
  flp_rc rc;
} read_ctx;

/* The container's own messages ("checkpoint: name ... may only use ...") do
 * not know the file: put it in front, once (found by fuzzing). */
static void name_the_file(const flp_h5_in *in, const char *group, flp_rc rc) {
  flp_error *err = in->err;
  if (!err || strncmp(err->msg, in->label, strlen(in->label)) == 0) return;
  char msg[sizeof err->msg];
  snprintf(msg, sizeof msg, "%s", err->msg);
  flp_error_set(err, rc, "%s: %s: %s", in->label, group, msg);
}

static herr_t read_vector_cb(hid_t g, const char *name, const H5L_info_t *info, void *user) {
  read_ctx *ctx = (read_ctx *)user;
  (void)g;
  (void)info;
  char dpath[NAME_CAP + 16];
  if (strlen(name) >= NAME_CAP) {
    ctx->rc = flp_error_set(ctx->in->err, FLP_ERR_INPUT, "%s: /vectors: name too long: %.80s",
                            ctx->in->label, name);
    return 1;
  }
  snprintf(dpath, sizeof dpath, "/vectors/%s", name);
  hid_t d;
  int64_t len;
  ctx->rc = flp_h5_open_1d(ctx->in, dpath, FLP_H5_REAL, -1, &d, &len);
  if (ctx->rc != FLP_OK) return 1;
  double *v = malloc((size_t)(len > 0 ? len : 1) * sizeof *v);
  if (!v) ctx->rc = flp_error_set(ctx->in->err, FLP_ERR_NOMEM, "%s: out of memory", ctx->in->label);
  else ctx->rc = flp_h5_read_all(ctx->in, dpath, d, H5T_NATIVE_DOUBLE, v, len);
  H5Dclose(d);
  if (ctx->rc == FLP_OK) ctx->rc = flp_checkpoint_set_vector(ctx->c, name, v, len, ctx->in->err);
  if (ctx->rc != FLP_OK) name_the_file(ctx->in, "/vectors", ctx->rc);
  free(v);
  return ctx->rc == FLP_OK ? 0 : 1;
}

static herr_t read_scalar_cb(hid_t loc, const char *name, const H5A_info_t *info, void *user) {
  read_ctx *ctx = (read_ctx *)user;
  (void)info;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) {
    ctx->rc = flp_h5_fail(ctx->in->err, FLP_ERR_INPUT, "%s: /scalars: cannot open %s",
                          ctx->in->label, name);
    return 1;
  }
  hid_t t = H5Aget_type(a);
  H5T_class_t cls = H5Tget_class(t);
  H5Tclose(t);
  hid_t s = H5Aget_space(a);
  hssize_t npts = H5Sget_simple_extent_npoints(s);
  H5Sclose(s);
  if ((cls != H5T_INTEGER && cls != H5T_FLOAT) || npts != 1) {
    H5Aclose(a);
    ctx->rc = flp_error_set(ctx->in->err, FLP_ERR_INPUT,
                            "%s: /scalars: %s must be one integer or float", ctx->in->label, name);
    return 1;
  }
  int64_t i = 0;
  double d = 0;
  herr_t st = cls == H5T_INTEGER ? H5Aread(a, H5T_NATIVE_INT64, &i) : H5Aread(a, H5T_NATIVE_DOUBLE, &d);
  H5Aclose(a);
  if (st < 0) {
    ctx->rc = flp_h5_fail(ctx->in->err, FLP_ERR_INPUT, "%s: /scalars: cannot read %s",
                          ctx->in->label, name);
    return 1;
  }
  ctx->rc = cls == H5T_INTEGER ? flp_checkpoint_set_int(ctx->c, name, i, ctx->in->err)
                               : flp_checkpoint_set_real(ctx->c, name, d, ctx->in->err);
  if (ctx->rc != FLP_OK) name_the_file(ctx->in, "/scalars", ctx->rc);
  return ctx->rc == FLP_OK ? 0 : 1;
}

static flp_rc read_hash(const flp_h5_in *in, const char *name, uint64_t *h) {
  char buf[64];
  int found;
  flp_rc rc = flp_h5_read_attr_str(in, in->file, "/", name, buf, sizeof buf, &found);
  if (rc != FLP_OK) return rc;
  if (!found) return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: missing attribute %s", in->label, name);
  if (!flp_hash_parse_hex(buf, h))
    return flp_error_set(in->err, FLP_ERR_INPUT, "%s: /: attribute %s is \"%s\", expected 16 hex digits",
                         in->label, name, buf);
  return FLP_OK;
}

static flp_rc check_hash(const flp_h5_in *in, const char *what, uint64_t stored, uint64_t want) {
  if (want == FLP_CHECKPOINT_ANY_HASH || stored == want) return FLP_OK;
  char a[17], b[17];
  flp_hash_hex(stored, a);
  flp_hash_hex(want, b);
  return flp_error_set(in->err, FLP_ERR_INPUT,
                       "%s: checkpoint was written for different %s (%s hash %s in the file, %s "
                       "now); refusing to resume from it",
                       in->label, strcmp(what, "settings") == 0 ? "settings" : "problem data", what,
                       a, b);
}

/* Reads the file into a new container *out (NULL on failure). */
static flp_rc read_contents(const flp_h5_in *in, flp_checkpoint **out, uint64_t want_problem,
                            uint64_t want_settings) {
  int64_t major, minor;
  uint64_t ph = 0, sh = 0;
  flp_rc rc = flp_h5_check_format(in, CHECKPOINT_FORMAT, CHECKPOINT_VERSION_MAJOR, &major, &minor);
  /* a resume from a damaged state would silently not be the promised one */
  if (rc == FLP_OK) rc = flp_h5_checksum_required(in, CHECKPOINT_FORMAT, major, minor, 1, 1);
  if (rc == FLP_OK) rc = read_hash(in, "problem_hash", &ph);
  if (rc == FLP_OK) rc = read_hash(in, "settings_hash", &sh);
  if (rc == FLP_OK) rc = check_hash(in, "problem", ph, want_problem);
  if (rc == FLP_OK) rc = check_hash(in, "settings", sh, want_settings);
  if (rc == FLP_OK) rc = flp_checkpoint_create(ph, sh, out, in->err);
  if (rc != FLP_OK) return rc;
  flp_checkpoint *c = *out;
  int found;
  char version[64] = "";
  rc = flp_h5_read_attr_str(in, in->file, "/", "solver_version", version, sizeof version, &found);
  if (rc == FLP_OK) rc = flp_checkpoint_set_solver_version(c, version, in->err);
  if (rc != FLP_OK) return rc;
  read_ctx ctx = {in, c, -1, FLP_OK};
  if (flp_h5_exists(in, "/vectors")) {
    hid_t g = H5Gopen2(in->file, "/vectors", H5P_DEFAULT);
    if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /vectors: not a group", in->label);
    if (H5Literate(g, H5_INDEX_NAME, H5_ITER_INC, NULL, read_vector_cb, &ctx) < 0 && ctx.rc == FLP_OK)
      ctx.rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /vectors: cannot list", in->label);
    H5Gclose(g);
    if (ctx.rc != FLP_OK) return ctx.rc;
  }
  if (flp_h5_exists(in, "/scalars")) {
    hid_t g = H5Oopen(in->file, "/scalars", H5P_DEFAULT);
    if (g < 0) return flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /scalars: cannot open", in->label);
    hsize_t idx = 0;
    if (H5Aiterate2(g, H5_INDEX_NAME, H5_ITER_INC, &idx, read_scalar_cb, &ctx) < 0 &&
        ctx.rc == FLP_OK)
      ctx.rc = flp_h5_fail(in->err, FLP_ERR_INPUT, "%s: /scalars: cannot list", in->label);
    H5Oclose(g);
  }
  return ctx.rc;
}

typedef struct checkpoint_request {
  flp_checkpoint *c; /* made by read_contents */
  uint64_t want_problem, want_settings; /* hashes the file must carry */
} checkpoint_request;

static flp_rc read_requested(const flp_h5_in *in, void *ctx) {
  checkpoint_request *r = ctx;
  return read_contents(in, &r->c, r->want_problem, r->want_settings);
}

flp_rc flp_checkpoint_read(const char *path, uint64_t problem_hash, uint64_t settings_hash,
                           flp_checkpoint **out, flp_error *err) {
  *out = NULL;
  checkpoint_request r = {NULL, problem_hash, settings_hash};
  flp_rc rc = flp_h5_read_file(path, read_requested, &r, err);
  if (rc != FLP_OK) {
    flp_checkpoint_free(r.c);
    return rc;
  }
  *out = r.c;
  return FLP_OK;
}
