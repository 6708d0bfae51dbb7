/* The checksum table of checkpoint, solution and plan files (h5_checksum.h).
 *
 * The table, NUL-padded to FLP_H5_CHECKSUM_BLOCK bytes at the start of the file:
 *   fleetlp checksum 1
 *   size BYTES                          (of the whole file)
 *   DIGEST OFFSET LENGTH NAME           (per part, in file order, covering
 *   ...                                  every byte from the block's end on)
 *   end DIGEST                          (of the table's bytes before "end") */
#include "h5_checksum.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "digest.h"
#include "h5_checksum_parts.h"
#include "h5_image.h"
#include "io_util.h"

#define MAGIC "fleetlp checksum 1\n"
#define READ_BYTES ((size_t)1 << 20)
#define FIRST_MAX_PARTS 96

static uint64_t text_digest(const char *text, size_t len) {
  flp_digest d;
  flp_digest_init(&d);
  flp_digest_update(&d, text, len);
  return flp_digest_final(&d);
}

hid_t flp_h5_checksum_fcpl(void) {
  hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
  if (fcpl >= 0 && H5Pset_userblock(fcpl, FLP_H5_CHECKSUM_BLOCK) < 0) {
    H5Pclose(fcpl);
    return -1;
  }
  return fcpl;
}

/* Digests of every part, from one pass over the file. The parts are sorted
 * and contiguous; reading stops at EOF (*have says how far it got). */
static flp_rc digest_parts(int fd, const char *label, flp_h5_parts *p, uint64_t *have,
                           flp_error *err) {
  unsigned char *buf = malloc(READ_BYTES);
  if (!buf) return flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory for the checksum", label);
  flp_rc rc = FLP_OK;
  *have = p->n ? p->v[0].offset : 0;
  for (size_t i = 0; i < p->n && rc == FLP_OK; ++i) {
    flp_digest d;
    flp_digest_init(&d);
    uint64_t left = p->v[i].length, at = p->v[i].offset;
    while (left > 0) {
      size_t want = left < READ_BYTES ? (size_t)left : READ_BYTES;
      ssize_t got = pread(fd, buf, want, (off_t)at);
      if (got < 0 && errno == EINTR) continue;
      if (got < 0) {
        rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot read: %s", label, strerror(errno));
        break;
      }
      if (got == 0) break; /* end of file: truncated */
      flp_digest_update(&d, buf, (size_t)got);
      at += (uint64_t)got;
      left -= (uint64_t)got;
    }
    *have = at;
    p->v[i].digest = flp_digest_final(&d);
    if (left > 0) break;
  }
  free(buf);
  return rc;
}

/* The table as text; 0 when it does not fit the block. */
static int table_text(const flp_h5_parts *p, uint64_t size, char *out, size_t cap) {
  size_t used = 0;
  int w = snprintf(out, cap, MAGIC "size %llu\n", (unsigned long long)size);
  if (w < 0 || (size_t)w >= cap) return 0;
  used = (size_t)w;
  for (size_t i = 0; i < p->n; ++i) {
    char hex[17];
    flp_hash_hex(p->v[i].digest, hex);
    w = snprintf(out + used, cap - used, "%s %llu %llu %s\n", hex,
                 (unsigned long long)p->v[i].offset, (unsigned long long)p->v[i].length,
                 p->v[i].name);
    if (w < 0 || (size_t)w >= cap - used) return 0;
    used += (size_t)w;
  }
  char hex[17];
  flp_hash_hex(text_digest(out, used), hex);
  w = snprintf(out + used, cap - used, "end %s\n", hex);
  return w > 0 && (size_t)w < cap - used;
}

/* The digests of the parts from bytes in memory. */
static void digest_image(const unsigned char *image, flp_h5_parts *p) {
  for (size_t i = 0; i < p->n; ++i) {
    flp_digest d;
    flp_digest_init(&d);
    flp_digest_update(&d, image + p->v[i].offset, (size_t)p->v[i].length);
    p->v[i].digest = flp_digest_final(&d);
  }
}

flp_rc flp_h5_checksum_seal_image(unsigned char *image, size_t size, const char *label,
                                  flp_error *err) {
  if (size < FLP_H5_CHECKSUM_BLOCK)
    return flp_error_set(err, FLP_ERR_INTERNAL, "%s: the file has no checksum block", label);
  hid_t f = flp_h5_image_open(image, size, label, err);
  if (f < 0) return err ? err->code : FLP_ERR_INTERNAL;
  flp_h5_parts parts = {0};
  flp_rc rc = flp_h5_find_parts(f, label, FLP_H5_CHECKSUM_BLOCK, (uint64_t)size, &parts, err);
  H5Fclose(f);
  char *text = calloc(1, FLP_H5_CHECKSUM_BLOCK);
  if (rc == FLP_OK && !text) rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", label);
  size_t max_parts = FIRST_MAX_PARTS;
  for (int fits = 0; rc == FLP_OK && !fits;) {
    flp_h5_parts_merge(&parts, max_parts);
    digest_image(image, &parts);
    memset(text, 0, FLP_H5_CHECKSUM_BLOCK);
    fits = table_text(&parts, (uint64_t)size, text, FLP_H5_CHECKSUM_BLOCK);
    if (!fits) max_parts = parts.n > 8 ? parts.n - 8 : 1;
  }
  if (rc == FLP_OK) memcpy(image, text, FLP_H5_CHECKSUM_BLOCK);
  free(text);
  flp_h5_parts_free(&parts);
  return rc;
}

flp_rc flp_h5_checksum_seal(const char *path, const char *label, flp_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) return flp_error_set(err, FLP_ERR_IO, "%s: cannot open %s: %s", label, path, strerror(errno));
  unsigned char *image = NULL;
  size_t size = 0, cap = 0;
  flp_rc rc = FLP_OK;
  for (size_t got = 1; got > 0 && rc == FLP_OK;) {
    if (size == cap) {
      unsigned char *g = realloc(image, cap = cap ? 2 * cap : (size_t)1 << 20);
      if (!g) rc = flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", label);
      else image = g;
    }
    if (rc == FLP_OK) size += (got = fread(image + size, 1, cap - size, f));
  }
  fclose(f);
  if (rc == FLP_OK) rc = flp_h5_checksum_seal_image(image, size, label, err);
  if (rc == FLP_OK) {
    int fd = open(path, O_WRONLY);
    if (fd < 0 || pwrite(fd, image, FLP_H5_CHECKSUM_BLOCK, 0) != FLP_H5_CHECKSUM_BLOCK)
      rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot write the checksum into %s: %s", label, path,
                         strerror(errno));
    if (fd >= 0) close(fd);
  }
  free(image);
  return rc;
}

/* ---- verifying ----------------------------------------------------------- */
/* Parses the table (text is NUL-terminated within the block). */
static flp_rc parse_table(const char *path, char *text, uint64_t *size, flp_h5_parts *out,
                          flp_error *err) {
  char *end = strstr(text, "\nend ");
  char hex[17] = {0};
  uint64_t stored;
  if (end) memcpy(hex, end + 5, strnlen(end + 5, 16));
  if (!end || !flp_hash_parse_hex(hex, &stored) ||
      text_digest(text, (size_t)(end + 1 - text)) != stored)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: the checksum table (the file's first %d bytes) "
                         "is damaged", path, FLP_H5_CHECKSUM_BLOCK);
  end[1] = '\0';
  char *line = text + strlen(MAGIC);
  unsigned long long sz;
  int used = 0;
  if (sscanf(line, "size %llu\n%n", &sz, &used) != 1 || used == 0)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: the checksum table has no size", path);
  *size = sz;
  uint64_t next = FLP_H5_CHECKSUM_BLOCK;
  for (line += used; *line;) {
    char *nl = strchr(line, '\n');
    if (!nl) break;
    *nl = '\0';
    char digest_hex[17];
    unsigned long long off, len;
    int name_at = 0;
    uint64_t digest;
    if (sscanf(line, "%16s %llu %llu %n", digest_hex, &off, &len, &name_at) != 3 || name_at == 0 ||
        !flp_hash_parse_hex(digest_hex, &digest) || off != next || len == 0)
      return flp_error_set(err, FLP_ERR_INPUT, "%s: the checksum table has a bad line \"%.60s\"",
                           path, line);
    flp_rc rc = flp_h5_parts_add(out, off, len, line + name_at, err);
    if (rc != FLP_OK) return rc;
    out->v[out->n - 1].digest = digest;
    next = off + len;
    line = nl + 1;
  }
  if (next != *size)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: the checksum table covers %llu of %llu bytes",
                         path, (unsigned long long)next, (unsigned long long)*size);
  return FLP_OK;
}

/* Reads the block; *kind 0: no table (plain HDF5), 1: table, 2: the file
 * has the table's user block (HDF5's signature at FLP_H5_CHECKSUM_BLOCK, as
 * only flp_h5_checksum_fcpl makes it) but no table in it: its first line was
 * damaged, or the block wiped. That file must not reach HDF5 either: with the
 * table unrecognised, damage past it would be parsed (HDF5 1.10 crashes or
 * loops on some damaged heaps) before the format's version says a table was
 * required. */
static flp_rc read_block(int fd, const char *path, char *block, int *kind, flp_error *err) {
  static const unsigned char h5sig[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  ssize_t got = pread(fd, block, FLP_H5_CHECKSUM_BLOCK, 0);
  if (got < 0) return flp_error_set(err, FLP_ERR_IO, "%s: cannot read: %s", path, strerror(errno));
  unsigned char sig[8];
  int user_block = got == FLP_H5_CHECKSUM_BLOCK && memcmp(block, h5sig, 8) != 0 &&
                   pread(fd, sig, 8, FLP_H5_CHECKSUM_BLOCK) == 8 && memcmp(sig, h5sig, 8) == 0;
  block[got < FLP_H5_CHECKSUM_BLOCK ? got : FLP_H5_CHECKSUM_BLOCK - 1] = '\0';
  *kind = got == FLP_H5_CHECKSUM_BLOCK && memcmp(block, MAGIC, strlen(MAGIC)) == 0 ? 1
          : user_block                                                             ? 2
                                                                                   : 0;
  return FLP_OK;
}

static flp_rc check_parts(int fd, const char *path, flp_h5_parts *want, uint64_t size,
                          uint64_t actual, flp_error *err) {
  flp_h5_parts have = {0};
  flp_rc rc = FLP_OK;
  for (size_t i = 0; i < want->n && rc == FLP_OK; ++i)
    rc = flp_h5_parts_add(&have, want->v[i].offset, want->v[i].length, want->v[i].name, err);
  uint64_t reached = 0;
  if (rc == FLP_OK) rc = digest_parts(fd, path, &have, &reached, err);
  for (size_t i = 0; i < want->n && rc == FLP_OK; ++i) {
    const flp_h5_part *w = &want->v[i];
    unsigned long long lo = w->offset, hi = w->offset + w->length - 1;
    if (w->offset + w->length > actual)
      rc = flp_error_set(err, FLP_ERR_INPUT, "%s: truncated: %llu of the %llu bytes written; %s "
                         "(bytes %llu..%llu) %s missing", path, (unsigned long long)actual,
                         (unsigned long long)size, w->name, lo, hi,
                         i + 1 < want->n ? "and what follows are" : "is");
    else if (have.v[i].digest != w->digest)
      rc = flp_error_set(err, FLP_ERR_INPUT, "%s: %s (bytes %llu..%llu) does not match its "
                         "checksum: the file is damaged", path, w->name, lo, hi);
  }
  flp_h5_parts_free(&have);
  return rc;
}

flp_rc flp_h5_checksum_verify(const char *path, int *present, flp_error *err) {
  *present = 0;
  int fd = open(path, O_RDONLY);
  if (fd < 0) return flp_error_set(err, FLP_ERR_IO, "%s: cannot open: %s", path, strerror(errno));
  char *block = malloc(FLP_H5_CHECKSUM_BLOCK);
  flp_h5_parts want = {0};
  struct stat st;
  int kind = 0;
  flp_rc rc = block ? read_block(fd, path, block, &kind, err)
                    : flp_error_set(err, FLP_ERR_NOMEM, "%s: out of memory", path);
  if (rc == FLP_OK && kind == 2)
    rc = flp_error_set(err, FLP_ERR_INPUT, "%s: no checksum table in its first %d bytes (where "
                       "fleetlp writes one): the table was damaged or wiped", path,
                       FLP_H5_CHECKSUM_BLOCK);
  if (rc == FLP_OK && kind == 1) {
    *present = 1;
    uint64_t size = 0;
    rc = parse_table(path, block, &size, &want, err);
    if (rc == FLP_OK && fstat(fd, &st) != 0)
      rc = flp_error_set(err, FLP_ERR_IO, "%s: cannot stat: %s", path, strerror(errno));
    if (rc == FLP_OK && (uint64_t)st.st_size > size)
      rc = flp_error_set(err, FLP_ERR_INPUT, "%s: %llu bytes, %llu were written (the file was "
                         "changed after it was written)", path, (unsigned long long)st.st_size,
                         (unsigned long long)size);
    if (rc == FLP_OK) rc = check_parts(fd, path, &want, size, (uint64_t)st.st_size, err);
  }
  flp_h5_parts_free(&want);
  free(block);
  close(fd);
  return rc;
}

flp_rc flp_h5_checksum_required(const flp_h5_in *in, const char *format, int64_t major,
                                int64_t minor, int64_t since_major, int64_t since_minor) {
  if (in->checksummed || major < since_major || (major == since_major && minor < since_minor))
    return FLP_OK;
  return flp_error_set(in->err, FLP_ERR_INPUT, "%s: no checksum table (every %s file of version "
                       "%lld.%lld or later starts with one): the file was damaged or rewritten by "
                       "another tool", in->label, format, (long long)since_major,
                       (long long)since_minor);
}
