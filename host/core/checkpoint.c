/* The checkpoint state container (fleetlp.h): named double vectors and named
 * int64 / double scalars, tagged with the problem and settings hashes. The
 * solver decides what goes in (checkpoint_state.c); io/h5_checkpoint.c
 * serialises it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fleetlp.h"

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

uint64_t flp_checkpoint_problem_hash(const flp_checkpoint *c) { return c->problem_hash; }
uint64_t flp_checkpoint_settings_hash(const flp_checkpoint *c) { return c->settings_hash; }

flp_rc flp_checkpoint_set_solver_version(flp_checkpoint *c, const char *version, flp_error *err) {
  if (!version || strlen(version) >= sizeof c->solver_version)
    return flp_error_set(err, FLP_ERR_INPUT, "checkpoint: solver version \"%.80s\" is too long",
                         version ? version : "(null)");
  snprintf(c->solver_version, sizeof c->solver_version, "%s", version);
  return FLP_OK;
}

int flp_checkpoint_num_vectors(const flp_checkpoint *c) { return c->num_vecs; }

const char *flp_checkpoint_vector_at(const flp_checkpoint *c, int index, const double **v,
                                     int64_t *len) {
  if (index < 0 || index >= c->num_vecs) return NULL;
  if (v) *v = c->vecs[index].v;
  if (len) *len = c->vecs[index].len;
  return c->vecs[index].name;
}

int flp_checkpoint_num_scalars(const flp_checkpoint *c) { return c->num_scalars; }

const char *flp_checkpoint_scalar_at(const flp_checkpoint *c, int index, int *is_int, int64_t *i,
                                     double *d) {
  if (index < 0 || index >= c->num_scalars) return NULL;
  const ck_scalar *s = &c->scalars[index];
  if (is_int) *is_int = s->is_int;
  if (i) *i = s->i;
  if (d) *d = s->d;
  return s->name;
}
