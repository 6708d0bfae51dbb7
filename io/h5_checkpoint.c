/* Checkpoint container ("fleetlp-checkpoint", docs/hdf5.md): named double
 * vectors and named int64 / double scalars, tagged with the problem and
 * settings hashes. The solver decides what goes in; this file only stores it,
 * atomically, and refuses a checkpoint that belongs to another problem. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_util.h"
#include "io_util.h"

#define CHECKPOINT_FORMAT "fleetlp-checkpoint"
#define CHECKPOINT_VERSION_MAJOR 1
#define CHECKPOINT_VERSION_MINOR 0
#define NAME_CAP 64

typedef struct ck_vector {
  char name[NAME_CAP];
  double *v;
  int64_t len;
} ck_vector;

typedef struct ck_scalar {
  char name[NAME_CAP];
  int is_int;
  int64_t i;
  double d;
} ck_scalar;

struct flp_checkpoint {
  uint64_t problem_hash, settings_hash;
  char solver_version[64];
  ck_vector *vecs;
  int num_vecs, cap_vecs;
  ck_scalar *scalars;
  int num_scalars, cap_scalars;
};

void flp_checkpoint_free(flp_checkpoint *c) {
  if (!c) return;
  for (int i = 0; i < c->num_vecs; ++i) free(c->vecs[i].v);
  free(c->vecs);
  free(c->scalars);
  free(c);
}

flp_rc flp_checkpoint_create(uint64_t problem_hash, uint64_t settings_hash, flp_checkpoint **out,
                             flp_error *err) {
  *out = calloc(1, sizeof **out);
  if (!*out) return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory");
  (*out)->problem_hash = problem_hash;
  (*out)->settings_hash = settings_hash;
  return FLP_OK;
}

const char *flp_checkpoint_solver_version(const flp_checkpoint *c) { return c->solver_version; }

static flp_rc check_name(const char *name, flp_error *err) {
  size_t len = name ? strlen(name) : 0;
  if (len == 0 || len >= NAME_CAP)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: name \"%s\" must have 1..%d characters",
                         name ? name : "(null)", NAME_CAP - 1);
  for (size_t i = 0; i < len; ++i) {
    char ch = name[i];
    int ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
             ch == '_' || ch == '.' || ch == '-';
    if (!ok || (i == 0 && ch == '.'))
      return flp_error_set(err, FLP_ERR_INPUT,
                           "checkpoint: name \"%s\" may only use letters, digits, _ . -", name);
  }
  return FLP_OK;
}

static ck_vector *find_vec(const flp_checkpoint *c, const char *name) {
  for (int i = 0; i < c->num_vecs; ++i)
    if (strcmp(c->vecs[i].name, name) == 0) return &c->vecs[i];
  return NULL;
}

static ck_scalar *find_scalar(const flp_checkpoint *c, const char *name) {
  for (int i = 0; i < c->num_scalars; ++i)
    if (strcmp(c->scalars[i].name, name) == 0) return &c->scalars[i];
  return NULL;
}

flp_rc flp_checkpoint_set_vector(flp_checkpoint *c, const char *name, const double *v, int64_t len,
                                 flp_error *err) {
  flp_rc rc = check_name(name, err);
  if (rc != FLP_OK) return rc;
  if (len < 0 || (len > 0 && !v))
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: vector %s: invalid data", name);
  double *copy = malloc((size_t)(len > 0 ? len : 1) * sizeof *copy);
  if (!copy) return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory for %s", name);
  if (len > 0) memcpy(copy, v, (size_t)len * sizeof *copy);
  ck_vector *slot = find_vec(c, name);
  if (!slot) {
    if (c->num_vecs == c->cap_vecs) {
      int cap = c->cap_vecs ? 2 * c->cap_vecs : 16;
      ck_vector *grown = realloc(c->vecs, (size_t)cap * sizeof *grown);
      if (!grown) {
        free(copy);
        return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory");
      }
      c->vecs = grown;
      c->cap_vecs = cap;
    }
    slot = &c->vecs[c->num_vecs++];
    snprintf(slot->name, sizeof slot->name, "%s", name);
    slot->v = NULL;
  }
  free(slot->v);
  slot->v = copy;
  slot->len = len;
  return FLP_OK;
}

static flp_rc set_scalar(flp_checkpoint *c, const char *name, int is_int, int64_t i, double d,
                         flp_error *err) {
  flp_rc rc = check_name(name, err);
  if (rc != FLP_OK) return rc;
  ck_scalar *slot = find_scalar(c, name);
  if (!slot) {
    if (c->num_scalars == c->cap_scalars) {
      int cap = c->cap_scalars ? 2 * c->cap_scalars : 32;
      ck_scalar *grown = realloc(c->scalars, (size_t)cap * sizeof *grown);
      if (!grown) return flp_error_set(err, FLP_ERR_NOMEM, "checkpoint: out of memory");
      c->scalars = grown;
      c->cap_scalars = cap;
    }
    slot = &c->scalars[c->num_scalars++];
    snprintf(slot->name, sizeof slot->name, "%s", name);
  }
  slot->is_int = is_int;
  slot->i = i;
  slot->d = d;
  return FLP_OK;
}

flp_rc flp_checkpoint_set_int(flp_checkpoint *c, const char *name, int64_t v, flp_error *err) {
  return set_scalar(c, name, 1, v, 0, err);
}

flp_rc flp_checkpoint_set_real(flp_checkpoint *c, const char *name, double v, flp_error *err) {
  return set_scalar(c, name, 0, 0, v, err);
}

flp_rc flp_checkpoint_get_vector(const flp_checkpoint *c, const char *name, int64_t expect_len,
                                 double *dst, flp_error *err) {
  const ck_vector *v = find_vec(c, name);
  if (!v) return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: no vector named %s", name);
  if (expect_len >= 0 && v->len != expect_len)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: vector %s has %lld entries, expected %lld",
                         name, (long long)v->len, (long long)expect_len);
  if (v->len > 0) memcpy(dst, v->v, (size_t)v->len * sizeof *dst);
  return FLP_OK;
}

const double *flp_checkpoint_vector(const flp_checkpoint *c, const char *name, int64_t *len) {
  const ck_vector *v = find_vec(c, name);
  if (len) *len = v ? v->len : 0;
  return v ? v->v : NULL;
}

flp_rc flp_checkpoint_get_int(const flp_checkpoint *c, const char *name, int64_t *v,
                              flp_error *err) {
  const ck_scalar *s = find_scalar(c, name);
  if (!s || !s->is_int)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: no integer named %s%s", name,
                         s ? " (it is a real)" : "");
  *v = s->i;
  return FLP_OK;
}

flp_rc flp_checkpoint_get_real(const flp_checkpoint *c, const char *name, double *v,
                               flp_error *err) {
  const ck_scalar *s = find_scalar(c, name);
  if (!s || s->is_int)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: no real named %s%s", name,
                         s ? " (it is an integer)" : "");
  *v = s->d;
  return FLP_OK;
}

/* ---- file ---------------------------------------------------------------- */
static flp_rc write_contents(const flp_checkpoint *c, hid_t f, const char *path, flp_error *err) {
  char ph[17], sh[17];
  flp_hash_hex(c->problem_hash, ph);
  flp_hash_hex(c->settings_hash, sh);
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
  for (int i = 0; i < c->num_vecs && rc == FLP_OK; ++i)
    rc = flp_h5_write_1d(g, c->vecs[i].name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, c->vecs[i].v,
                         c->vecs[i].len, 0, path, err);
  H5Gclose(g);
  if (rc != FLP_OK) return rc;
  g = H5Gcreate2(f, "scalars", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (g < 0) return flp_h5_fail(err, FLP_ERR_IO, "%s: cannot create /scalars", path);
  for (int i = 0; i < c->num_scalars && rc == FLP_OK; ++i) {
    const ck_scalar *s = &c->scalars[i];
    rc = s->is_int ? flp_h5_attr_i64(g, s->name, s->i, err) : flp_h5_attr_f64(g, s->name, s->d, err);
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
  return flp_h5_write_atomic(path, write_checkpoint_file, &o, err);
}

typedef struct read_ctx {
  const flp_h5_in *in;
  flp_checkpoint *c;
  hid_t group;
  flp_rc rc;
} read_ctx;

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
  ctx->rc = set_scalar(ctx->c, name, cls == H5T_INTEGER, i, d, ctx->in->err);
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

static flp_rc read_contents(const flp_h5_in *in, flp_checkpoint *c, uint64_t want_problem,
                            uint64_t want_settings) {
  int64_t major, minor;
  flp_rc rc = flp_h5_check_format(in, CHECKPOINT_FORMAT, CHECKPOINT_VERSION_MAJOR, &major, &minor);
  if (rc == FLP_OK) rc = read_hash(in, "problem_hash", &c->problem_hash);
  if (rc == FLP_OK) rc = read_hash(in, "settings_hash", &c->settings_hash);
  if (rc == FLP_OK) rc = check_hash(in, "problem", c->problem_hash, want_problem);
  if (rc == FLP_OK) rc = check_hash(in, "settings", c->settings_hash, want_settings);
  if (rc != FLP_OK) return rc;
  int found;
  rc = flp_h5_read_attr_str(in, in->file, "/", "solver_version", c->solver_version,
                            sizeof c->solver_version, &found);
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
  flp_checkpoint *c;
  uint64_t want_problem, want_settings; /* hashes the file must carry */
} checkpoint_request;

static flp_rc read_requested(const flp_h5_in *in, void *ctx) {
  checkpoint_request *r = ctx;
  return read_contents(in, r->c, r->want_problem, r->want_settings);
}

flp_rc flp_checkpoint_read(const char *path, uint64_t problem_hash, uint64_t settings_hash,
                           flp_checkpoint **out, flp_error *err) {
  *out = NULL;
  flp_checkpoint *c;
  flp_rc rc = flp_checkpoint_create(0, 0, &c, err);
  if (rc != FLP_OK) return rc;
  checkpoint_request r = {c, problem_hash, settings_hash};
  rc = flp_h5_read_file(path, read_requested, &r, err);
  if (rc != FLP_OK) {
    flp_checkpoint_free(c);
    return rc;
  }
  *out = c;
  return FLP_OK;
}
