/* h5_program_encode: an existing HDF5 file as a fuzz program (h5_program.h),
 * for seeding the corpus with valid files. Only for files fleetlp or the
 * tests wrote: it trusts what it reads. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "h5_checksum.h"
#include "h5_program.h"

typedef struct out {
  uint8_t *p;
  size_t n, cap;
  int oom;
} out;

static void put(out *o, unsigned b) {
  if (o->n == o->cap) {
    size_t cap = o->cap ? 2 * o->cap : 4096;
    uint8_t *g = realloc(o->p, cap);
    if (!g) {
      o->oom = 1;
      return;
    }
    o->p = g;
    o->cap = cap;
  }
  o->p[o->n++] = (uint8_t)b;
}
static void put16(out *o, unsigned v) {
  put(o, v & 0xff);
  put(o, (v >> 8) & 0xff);
}
static void put_bytes(out *o, const void *v, size_t n) {
  for (size_t i = 0; i < n; ++i) put(o, ((const uint8_t *)v)[i]);
}
static void put_name(out *o, const char *name) {
  for (unsigned i = 0; i < h5_program_dict_size && i < 0xE0; ++i)
    if (strcmp(h5_program_dict[i], name) == 0) {
      put(o, i);
      return;
    }
  size_t len = strlen(name) > 31 ? 31 : strlen(name);
  put(o, 0xE0 + (unsigned)len);
  put_bytes(o, name, len);
}

/* The builder's selector for a file type; -1: none fits (skipped). */
static int selector(hid_t t, unsigned *width) {
  size_t size = H5Tget_size(t);
  int be = H5Tget_order(t) == H5T_ORDER_BE, sgn = H5Tget_sign(t) == H5T_SGN_2;
  switch (H5Tget_class(t)) {
  case H5T_FLOAT: return size == 8 ? (be ? 7 : 0) : size == 4 ? 1 : -1;
  case H5T_INTEGER:
    if (size == 1) return sgn ? 5 : 4;
    if (size == 2) return sgn ? 12 : 6;
    if (size == 4) return sgn ? (be ? 15 : 2) : 13;
    if (size == 8) return sgn ? 3 : 14;
    return -1;
  case H5T_STRING:
    if (H5Tis_variable_str(t) > 0) return 9;
    *width = size < 1 ? 1 : size > 64 ? 64 : (unsigned)size;
    return 8;
  case H5T_ENUM: return 10;
  case H5T_COMPOUND: return 11;
  default: return -1;
  }
}

static void put_type(out *o, int sel, unsigned width) {
  put(o, (unsigned)sel);
  if (sel == 8) put(o, width - 1);
}

/* count values read through `read` as the builder's type for sel. */
typedef herr_t (*read_fn)(hid_t obj, hid_t mem, void *buf);
static herr_t read_dset(hid_t d, hid_t mem, void *buf) {
  return H5Dread(d, mem, H5S_ALL, H5S_ALL, H5P_DEFAULT, buf);
}
static herr_t read_attr(hid_t a, hid_t mem, void *buf) { return H5Aread(a, mem, buf); }

static void put_values(out *o, hid_t obj, read_fn rd, int sel, unsigned width, uint64_t count,
                       int readable) {
  int vlen;
  hid_t mem = h5_program_type((unsigned)sel, width, &vlen);
  if (vlen) {
    char **s = calloc(count ? count : 1, sizeof *s);
    int ok = readable && s && rd(obj, mem, s) >= 0;
    for (uint64_t i = 0; i < count; ++i) {
      size_t len = ok && s[i] ? strlen(s[i]) : 0;
      if (len > 47) len = 47;
      put(o, (unsigned)len);
      put_bytes(o, ok ? s[i] : "", len);
      if (ok) free(s[i]); /* allocated by HDF5 with the default allocator */
    }
    free(s);
  } else {
    size_t bytes = (size_t)count * H5Tget_size(mem);
    uint8_t *buf = calloc(bytes ? bytes : 1, 1);
    if (buf && readable && count > 0 && rd(obj, mem, buf) < 0) memset(buf, 0, bytes);
    if (buf) put_bytes(o, buf, bytes);
    free(buf);
  }
  H5Tclose(mem);
}

typedef struct walk {
  out *o;
  char paths[64][256];
  int n;
} walk;

static int index_of(const walk *w, const char *path) {
  for (int i = 0; i < w->n; ++i)
    if (strcmp(w->paths[i], path) == 0) return i;
  return 0;
}

static herr_t attr_cb(hid_t loc, const char *name, const H5A_info_t *info, void *user) {
  (void)info;
  walk *w = user;
  hid_t a = H5Aopen(loc, name, H5P_DEFAULT);
  if (a < 0) return 0;
  hid_t t = H5Aget_type(a), sp = H5Aget_space(a);
  unsigned width = 1;
  int sel = selector(t, &width);
  hssize_t n = H5Sget_simple_extent_npoints(sp);
  int rank = H5Sget_simple_extent_ndims(sp);
  if (sel >= 0 && n >= 1 && n <= 8 && rank <= 1) {
    put(w->o, 2);
    put(w->o, (unsigned)(w->n - 1)); /* the object just emitted */
    put_name(w->o, name);
    put_type(w->o, sel, width);
    put(w->o, rank == 0 ? 0 : (unsigned)n);
    put_values(w->o, a, read_attr, sel, width, (uint64_t)n, 1);
  }
  H5Tclose(t);
  H5Sclose(sp);
  H5Aclose(a);
  return 0;
}

static void put_dataset(walk *w, hid_t d, int parent, const char *leaf) {
  hid_t t = H5Dget_type(d), sp = H5Dget_space(d), dcpl = H5Dget_create_plist(d);
  unsigned width = 1;
  int sel = selector(t, &width), rank = H5Sget_simple_extent_ndims(sp);
  if (sel >= 0 && rank >= 0 && rank <= 3) {
    hsize_t dims[3] = {0, 0, 0};
    H5Sget_simple_extent_dims(sp, dims, NULL);
    put(w->o, 1);
    put(w->o, (unsigned)parent);
    put_name(w->o, leaf);
    put_type(w->o, sel, width);
    put(w->o, (unsigned)rank);
    uint64_t count = 1;
    int clamped = 0;
    for (int i = 0; i < rank; ++i) {
      hsize_t dim = dims[i] > 65535 ? 65535 : dims[i];
      if (count * (dim ? dim : 1) > H5_PROGRAM_MAX_ELEMS) dim = H5_PROGRAM_MAX_ELEMS / count;
      clamped |= dim != dims[i];
      put16(w->o, (unsigned)dim);
      count *= dim;
      if (dim == 0) count = 0;
    }
    H5D_layout_t layout = H5Pget_layout(dcpl);
    unsigned code = layout == H5D_COMPACT ? 3 : 0;
    if (layout == H5D_CHUNKED && rank > 0) {
      int nf = H5Pget_nfilters(dcpl);
      code = nf == 2 ? 2 : nf == 1 ? 5 : 1;
    }
    put(w->o, code);
    if (layout == H5D_CHUNKED && rank > 0) {
      hsize_t chunk[3] = {1, 1, 1};
      H5Pget_chunk(dcpl, rank, chunk);
      for (int i = 0; i < rank; ++i) { /* chunks along the axis, as the builder reads it */
        hsize_t parts = chunk[i] ? (dims[i] + chunk[i] - 1) / chunk[i] : 1;
        put(w->o, (unsigned)((parts < 1 ? 1 : parts > 4 ? 4 : parts) - 1));
      }
    }
    put_values(w->o, d, read_dset, sel, width, count, !clamped);
  }
  H5Pclose(dcpl);
  H5Sclose(sp);
  H5Tclose(t);
}

static herr_t visit(hid_t root, const char *name, H5O_type_t type, walk *w) {
  if (strcmp(name, ".") == 0) {
    H5Aiterate2(root, H5_INDEX_NAME, H5_ITER_INC, NULL, attr_cb, w); /* the root is object 0 */
    return 0;
  }
  if (w->n == 64) return 0;
  char path[256], parent[256];
  snprintf(path, sizeof path, "/%s", name);
  snprintf(parent, sizeof parent, "%s", path);
  char *slash = strrchr(parent, '/');
  const char *leaf = slash + 1;
  char leafbuf[256];
  snprintf(leafbuf, sizeof leafbuf, "%s", leaf);
  if (slash == parent) parent[1] = '\0';
  else *slash = '\0';
  int pidx = index_of(w, parent);
  hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  if (obj < 0) return 0;
  if (type == H5O_TYPE_GROUP) {
    put(w->o, 0);
    put(w->o, (unsigned)pidx);
    put_name(w->o, leafbuf);
  } else if (type == H5O_TYPE_DATASET) {
    put_dataset(w, obj, pidx, leafbuf);
  } else {
    H5Oclose(obj);
    return 0;
  }
  snprintf(w->paths[w->n++], sizeof w->paths[0], "%s", path);
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, NULL, attr_cb, w);
  H5Oclose(obj);
  return 0;
}

#if H5_VERSION_GE(1, 12, 0)
static herr_t visit_cb(hid_t root, const char *name, const H5O_info2_t *info, void *user) {
  return visit(root, name, info->type, user);
}
#define VISIT(f, ud) H5Ovisit3(f, H5_INDEX_NAME, H5_ITER_INC, visit_cb, ud, H5O_INFO_BASIC)
#else
static herr_t visit_cb(hid_t root, const char *name, const H5O_info_t *info, void *user) {
  return visit(root, name, info->type, user);
}
#define VISIT(f, ud) H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit_cb, ud, H5O_INFO_BASIC)
#endif

uint8_t *h5_program_encode(const char *path, size_t *size) {
  char head[32] = {0};
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t got = fread(head, 1, sizeof head - 1, f);
  fclose(f);
  int sealed = got > 18 && strncmp(head, "fleetlp checksum 1\n", 19) == 0;
  hid_t file = H5Fopen(path, H5F_ACC_RDONLY, H5P_DEFAULT);
  if (file < 0) return NULL;
  out o = {NULL, 0, 0, 0};
  walk *w = calloc(1, sizeof *w);
  if (!w) {
    H5Fclose(file);
    return NULL;
  }
  w->o = &o;
  snprintf(w->paths[0], sizeof w->paths[0], "/");
  w->n = 1;
  put(&o, sealed ? 1 : 0);
  if (sealed) { /* first: it acts after the file is closed, and a long program may be cut */
    put(&o, 4);
    put(&o, 1);
    put16(&o, 0);
    put(&o, 0); /* the three bytes the builder skips */
  }
  VISIT(file, w);
  H5Fclose(file);
  free(w);
  if (o.oom) {
    free(o.p);
    return NULL;
  }
  *size = o.n;
  return o.p;
}
