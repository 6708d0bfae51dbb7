/* Finding the named parts of a checksummed file (h5_checksum_parts.h). */
#include "h5_checksum_parts.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define METADATA "HDF5 metadata"
#define HEADER " header and attributes"

void flp_h5_parts_free(flp_h5_parts *p) {
  free(p->v);
  p->v = NULL;
  p->n = p->cap = 0;
}

flp_rc flp_h5_parts_add(flp_h5_parts *p, uint64_t offset, uint64_t length, const char *name,
                        flp_error *err) {
  if (p->n == p->cap) {
    size_t cap = p->cap ? 2 * p->cap : 64;
    flp_h5_part *grown = realloc(p->v, cap * sizeof *grown);
    if (!grown) return flp_error_set(err, FLP_ERR_NOMEM, "checksum: out of memory");
    p->v = grown;
    p->cap = cap;
  }
  flp_h5_part *q = &p->v[p->n++];
  q->offset = offset;
  q->length = length;
  q->digest = 0;
  snprintf(q->name, sizeof q->name, "%s", name);
  return FLP_OK;
}

/* ---- what HDF5 says is where --------------------------------------------- */
typedef struct finder {
  const char *label;
  haddr_t base; /* the user block: headers and chunks are addressed from here */
  flp_h5_parts *out;
  flp_error *err;
  flp_rc rc;
} finder;

/* The first chunk of an object's header (attributes and messages live there;
 * continuation chunks elsewhere count as metadata). */
static int header_extent(hid_t obj, haddr_t *addr, hsize_t *size) {
#if H5_VERSION_GE(1, 12, 0)
  H5O_info2_t info;
  H5O_native_info_t native;
  if (H5Oget_info3(obj, &info, H5O_INFO_BASIC) < 0 ||
      H5Oget_native_info(obj, &native, H5O_NATIVE_INFO_HDR) < 0)
    return 0;
  if (H5VLnative_token_to_addr(obj, info.token, addr) < 0) return 0;
  *size = native.hdr.space.total;
  return native.hdr.nchunks >= 1;
#else
  H5O_info_t info;
  if (H5Oget_info2(obj, &info, H5O_INFO_BASIC | H5O_INFO_HDR) < 0) return 0;
  *addr = info.addr;
  *size = info.hdr.space.total;
  return info.hdr.nchunks >= 1;
#endif
}

static void add_dataset_storage(hid_t d, const char *path, finder *fd) {
  hid_t dcpl = H5Dget_create_plist(d);
  H5D_layout_t layout = dcpl >= 0 ? H5Pget_layout(dcpl) : H5D_LAYOUT_ERROR;
  if (dcpl >= 0) H5Pclose(dcpl);
  if (layout == H5D_CONTIGUOUS) {
    haddr_t at = H5Dget_offset(d); /* already absolute */
    hsize_t size = H5Dget_storage_size(d);
    if (at != HADDR_UNDEF && size > 0) fd->rc = flp_h5_parts_add(fd->out, at, size, path, fd->err);
  } else if (layout == H5D_CHUNKED) {
    hid_t fs = H5Dget_space(d);
    hsize_t nchunks = 0;
    if (fs >= 0 && H5Dget_num_chunks(d, fs, &nchunks) >= 0) {
      for (hsize_t i = 0; i < nchunks && fd->rc == FLP_OK; ++i) {
        hsize_t off[H5S_MAX_RANK];
        unsigned mask;
        haddr_t at;
        hsize_t size;
        char name[96];
        if (H5Dget_chunk_info(d, fs, i, off, &mask, &at, &size) < 0 || at == HADDR_UNDEF) continue;
        snprintf(name, sizeof name, "%.60s chunk %llu of %llu", path, (unsigned long long)i + 1,
                 (unsigned long long)nchunks);
        fd->rc = flp_h5_parts_add(fd->out, fd->base + at, size, name, fd->err);
      }
    }
    if (fs >= 0) H5Sclose(fs);
  } /* compact: the values are in the header */
}

static herr_t visit_object(hid_t root, const char *name, H5O_type_t type, finder *fd) {
  char path[80], part[96];
  snprintf(path, sizeof path, "/%.78s", strcmp(name, ".") == 0 ? "" : name);
  hid_t obj = H5Oopen(root, name, H5P_DEFAULT);
  if (obj < 0) {
    fd->rc = flp_h5_fail(fd->err, FLP_ERR_INTERNAL, "%s: %s: cannot open to checksum it",
                         fd->label, path);
    return -1;
  }
  haddr_t at;
  hsize_t size;
  if (header_extent(obj, &at, &size) && size > 0) {
    snprintf(part, sizeof part, "%.70s" HEADER, path);
    fd->rc = flp_h5_parts_add(fd->out, fd->base + at, size, part, fd->err);
  }
  if (fd->rc == FLP_OK && type == H5O_TYPE_DATASET) add_dataset_storage(obj, path, fd);
  H5Oclose(obj);
  return fd->rc == FLP_OK ? 0 : -1;
}

#if H5_VERSION_GE(1, 12, 0)
static herr_t visit_cb(hid_t root, const char *name, const H5O_info2_t *info, void *user) {
  return visit_object(root, name, info->type, user);
}
#define FLP_H5_VISIT(f, ud) H5Ovisit3(f, H5_INDEX_NAME, H5_ITER_INC, visit_cb, ud, H5O_INFO_BASIC)
#else
static herr_t visit_cb(hid_t root, const char *name, const H5O_info_t *info, void *user) {
  return visit_object(root, name, info->type, user);
}
#define FLP_H5_VISIT(f, ud) H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, visit_cb, ud, H5O_INFO_BASIC)
#endif

static int by_offset(const void *a, const void *b) {
  const flp_h5_part *x = a, *y = b;
  return x->offset < y->offset ? -1 : x->offset > y->offset ? 1 : 0;
}

/* A gap: joined to the metadata part before it, if that is one. */
static flp_rc add_metadata(flp_h5_parts *out, uint64_t at, uint64_t len, flp_error *err) {
  flp_h5_part *last = out->n ? &out->v[out->n - 1] : NULL;
  if (last && strcmp(last->name, METADATA) == 0 && last->offset + last->length == at) {
    last->length += len;
    return FLP_OK;
  }
  return flp_h5_parts_add(out, at, len, METADATA, err);
}

/* Sorted, clipped to [begin, end), overlaps cut away, gaps named metadata. */
static flp_rc tile(flp_h5_parts *found, uint64_t begin, uint64_t end, flp_h5_parts *out,
                   flp_error *err) {
  if (found->n > 1) qsort(found->v, found->n, sizeof *found->v, by_offset);
  uint64_t at = begin;
  flp_rc rc = FLP_OK;
  for (size_t i = 0; i < found->n && rc == FLP_OK; ++i) {
    uint64_t lo = found->v[i].offset, hi = lo + found->v[i].length;
    if (lo < at) lo = at;
    if (hi > end) hi = end;
    if (hi <= lo) continue;
    if (lo > at) rc = add_metadata(out, at, lo - at, err);
    if (rc == FLP_OK) rc = flp_h5_parts_add(out, lo, hi - lo, found->v[i].name, err);
    at = hi;
  }
  if (rc == FLP_OK && at < end) rc = add_metadata(out, at, end - at, err);
  return rc;
}

flp_rc flp_h5_find_parts(hid_t f, const char *label, uint64_t begin, uint64_t end,
                         flp_h5_parts *out, flp_error *err) {
  hid_t fcpl = H5Fget_create_plist(f);
  hsize_t base = 0;
  if (fcpl >= 0) {
    H5Pget_userblock(fcpl, &base);
    H5Pclose(fcpl);
  }
  flp_h5_parts found = {0};
  finder fd = {label, (haddr_t)base, &found, err, FLP_OK};
  if (FLP_H5_VISIT(f, &fd) < 0 && fd.rc == FLP_OK)
    fd.rc = flp_h5_fail(err, FLP_ERR_INTERNAL, "%s: cannot list its objects to checksum them", label);
  if (fd.rc == FLP_OK) fd.rc = tile(&found, begin, end, out, err);
  flp_h5_parts_free(&found);
  return fd.rc;
}

/* ---- merging ------------------------------------------------------------- */
static void merged_name(char *dst, size_t cap, const char *a, const char *b) {
  if (strcmp(a, b) == 0) {
    snprintf(dst, cap, "%s", a);
    return;
  }
  const char *sep = strstr(a, " .. ");
  size_t keep = sep ? (size_t)(sep - a) : strlen(a);
  const char *last = strstr(b, " .. ");
  last = last ? last + 4 : b;
  snprintf(dst, cap, "%.*s .. %.44s", (int)(keep < 44 ? keep : 44), a, last);
}

/* Headers and metadata, not a dataset's values. */
static int is_metadata(const flp_h5_part *p) {
  size_t n = strlen(p->name), h = strlen(HEADER);
  return strcmp(p->name, METADATA) == 0 || (n > h && strcmp(p->name + n - h, HEADER) == 0);
}

void flp_h5_parts_merge(flp_h5_parts *p, size_t max_parts) {
  while (p->n > max_parts && p->n > 1) {
    /* metadata with metadata first (the values keep their own names), then
     * the smallest neighbours */
    size_t best = 0;
    int best_meta = -1;
    uint64_t best_len = UINT64_MAX;
    for (size_t i = 0; i + 1 < p->n; ++i) {
      int meta = is_metadata(&p->v[i]) && is_metadata(&p->v[i + 1]);
      uint64_t len = p->v[i].length + p->v[i + 1].length;
      if (meta > best_meta || (meta == best_meta && len < best_len)) {
        best_meta = meta;
        best_len = len;
        best = i;
      }
    }
    if (best_meta == 1) {
      flp_h5_part *a = &p->v[best], *b = &p->v[best + 1];
      a->length += b->length;
      snprintf(a->name, sizeof a->name, "%s", METADATA);
      memmove(b, b + 1, (p->n - best - 2) * sizeof *b);
      --p->n;
      continue;
    }
    flp_h5_part *a = &p->v[best], *b = &p->v[best + 1];
    char name[sizeof a->name];
    merged_name(name, sizeof name, a->name, b->name);
    snprintf(a->name, sizeof a->name, "%s", name);
    a->length += b->length;
    memmove(b, b + 1, (p->n - best - 2) * sizeof *b);
    --p->n;
  }
}
