/* Line reader over zlib's gz* interface, which reads plain files unchanged and
 * inflates gzip files, so the format is told by the content, not the name.
 *
 * Bytes are inflated in large chunks; a line that lies inside one chunk is
 * returned in place (no copy), only lines that span two chunks are assembled
 * in a separate buffer. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "text_reader.h"

enum { CHUNK_BYTES = 1 << 18 };

flp_rc flp_text_open(flp_text_reader *r, const char *path, size_t max_line, flp_error *err) {
  memset(r, 0, sizeof *r);
  r->path = path;
  r->max_line = max_line;
  errno = 0;
  gzFile gz = gzopen(path, "rb");
  if (!gz)
    return flp_error_set(err, FLP_ERR_IO, "cannot open %s: %s", path,
                         errno ? strerror(errno) : "out of memory");
  r->gz = gz;
  gzbuffer(gz, CHUNK_BYTES); /* before the first read, as zlib requires */
  r->chunk = malloc(CHUNK_BYTES);
  if (!r->chunk) {
    flp_text_close(r);
    return flp_error_set(err, FLP_ERR_NOMEM, "out of memory reading %s", path);
  }
  return FLP_OK;
}

void flp_text_close(flp_text_reader *r) {
  if (!r) return;
  if (r->gz) gzclose((gzFile)r->gz);
  free(r->chunk);
  free(r->line);
  memset(r, 0, sizeof *r);
}

static flp_rc refill(flp_text_reader *r, flp_error *err) {
  gzFile gz = (gzFile)r->gz;
  int n = gzread(gz, r->chunk, CHUNK_BYTES);
  int code = Z_OK;
  const char *what = gzerror(gz, &code);
  /* A truncated gzip stream reads as a short file with Z_BUF_ERROR set, so the
   * error state is checked on every read, not only when gzread returns -1. */
  if (n < 0 || (code != Z_OK && code != Z_STREAM_END)) {
    if (code == Z_ERRNO)
      return flp_error_set(err, FLP_ERR_IO, "cannot read %s: %s", r->path, strerror(errno));
    return flp_error_set(err, FLP_ERR_INPUT,
                         "%s:%lld: gzip data is truncated or corrupt (zlib: %s)", r->path,
                         (long long)r->line_no + 1, what ? what : "unknown error");
  }
  r->chunk_len = (size_t)n;
  r->chunk_pos = 0;
  if (n == 0) r->eof = 1;
  return FLP_OK;
}

static flp_rc append(flp_text_reader *r, const char *bytes, size_t len, flp_error *err) {
  if (r->line_len + len + 1 > r->line_cap) {
    size_t cap = r->line_cap ? r->line_cap : 256;
    while (cap < r->line_len + len + 1) cap *= 2;
    char *line = realloc(r->line, cap);
    if (!line) return flp_error_set(err, FLP_ERR_NOMEM, "out of memory reading %s", r->path);
    r->line = line;
    r->line_cap = cap;
  }
  memcpy(r->line + r->line_len, bytes, len);
  r->line_len += len;
  return FLP_OK;
}

static flp_rc too_long(const flp_text_reader *r, flp_error *err) {
  return flp_error_set(err, FLP_ERR_INPUT,
                       "%s:%lld: line longer than %zu bytes; expected a text file with "
                       "lines of ordinary length",
                       r->path, (long long)r->line_no + 1, r->max_line);
}

/* Terminates the line, drops a trailing '\r' and rejects control bytes. */
static flp_rc finish(flp_text_reader *r, char *text, size_t len, char **line, size_t *out_len,
                     flp_error *err) {
  ++r->line_no;
  text[len] = '\0';
  if (len > 0 && text[len - 1] == '\r') text[--len] = '\0';
  for (size_t i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)text[i];
    /* tab, CR, VT, FF are whitespace; 0x1a is the old DOS end-of-file mark */
    if (c < 0x20 && c != '\t' && c != '\r' && c != '\v' && c != '\f' && c != 0x1a)
      return flp_error_set(err, FLP_ERR_INPUT,
                           "%s:%lld: byte 0x%02x at column %zu is not text; expected a text "
                           "file (plain or gzip)",
                           r->path, (long long)r->line_no, c, i + 1);
  }
  *line = text;
  *out_len = len;
  return FLP_OK;
}

flp_rc flp_text_next(flp_text_reader *r, char **line, size_t *len, flp_error *err) {
  *line = NULL;
  *len = 0;
  r->line_len = 0;
  int spanning = 0; /* part of the line is already in r->line */
  for (;;) {
    if (r->chunk_pos < r->chunk_len) {
      char *start = r->chunk + r->chunk_pos;
      size_t avail = r->chunk_len - r->chunk_pos;
      char *nl = memchr(start, '\n', avail);
      size_t take = nl ? (size_t)(nl - start) : avail;
      if (r->line_len + take > r->max_line) return too_long(r, err);
      if (nl && !spanning) {
        r->chunk_pos += take + 1;
        return finish(r, start, take, line, len, err); /* '\n' becomes the terminator */
      }
      flp_rc rc = append(r, start, take, err);
      if (rc != FLP_OK) return rc;
      spanning = 1;
      r->chunk_pos += take + (nl ? 1 : 0);
      if (nl) return finish(r, r->line, r->line_len, line, len, err);
      continue;
    }
    if (r->eof) {
      if (spanning && r->line_len > 0) return finish(r, r->line, r->line_len, line, len, err);
      return FLP_OK;
    }
    flp_rc rc = refill(r, err);
    if (rc != FLP_OK) return rc;
  }
}
