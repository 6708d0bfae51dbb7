/* FNV-1a 64-bit hashing of byte strings and of a problem's data, and a faster
 * in-memory hash of a matrix.
 *
 * The problem hash identifies the numbers a solve ran on (solution files,
 * checkpoints); it is meant to catch "wrong file", not to resist attacks.
 * The exact byte sequence is documented in docs/hdf5.md so that a user can
 * recompute it (all integers and doubles are hashed as little-endian bytes). */
#include <stdint.h>
#include <string.h>

#include "fleetlp.h"
#include "problem.h"

#define FNV_PRIME 0x100000001b3ULL

uint64_t flp_fnv1a64(uint64_t h, const void *data, size_t len) {
  const unsigned char *b = (const unsigned char *)data;
  for (size_t i = 0; i < len; ++i) {
    h ^= b[i];
    h *= FNV_PRIME;
  }
  return h;
}

/* Words of 8 bytes (the tail byte by byte): each step rotates, so that a
 * word's high bits reach the low ones, then multiplies by an odd constant. */
static uint64_t hash_words(uint64_t h, const void *data, size_t len) {
  const unsigned char *b = (const unsigned char *)data;
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t w;
    memcpy(&w, b + i, sizeof w);
    h = (((h << 23) | (h >> 41)) ^ w) * 0x9E3779B97F4A7C15ULL;
  }
  return flp_fnv1a64(h, b + i, len - i);
}

uint64_t flp_matrix_hash(const flp_problem *p) {
  const int64_t dims[3] = {p->num_rows, p->num_cols, p->nnz};
  uint64_t h = hash_words(FLP_FNV1A64_INIT, dims, sizeof dims);
  if (p->row_ptr) h = hash_words(h, p->row_ptr, ((size_t)p->num_rows + 1) * sizeof *p->row_ptr);
  if (p->col_idx) h = hash_words(h, p->col_idx, (size_t)p->nnz * sizeof *p->col_idx);
  if (p->values) h = hash_words(h, p->values, (size_t)p->nnz * sizeof *p->values);
  return h;
}

static int host_is_little_endian(void) {
  const uint16_t probe = 1;
  unsigned char first;
  memcpy(&first, &probe, 1);
  return first == 1;
}

/* Feeds `count` items of `size` bytes, each in little-endian byte order. */
static uint64_t feed_le(uint64_t h, const void *data, size_t size, size_t count) {
  if (host_is_little_endian()) return flp_fnv1a64(h, data, size * count);
  const unsigned char *b = (const unsigned char *)data;
  for (size_t i = 0; i < count; ++i)
    for (size_t k = size; k-- > 0;) {
      h ^= b[i * size + k];
      h *= FNV_PRIME;
    }
  return h;
}

static uint64_t feed_i64(uint64_t h, int64_t v) { return feed_le(h, &v, sizeof v, 1); }
static uint64_t feed_f64(uint64_t h, double v) { return feed_le(h, &v, sizeof v, 1); }

uint64_t flp_problem_hash(const flp_problem *p) {
  uint64_t h = FLP_FNV1A64_INIT;
  const size_t m = p->num_rows > 0 ? (size_t)p->num_rows : 0;
  const size_t n = p->num_cols > 0 ? (size_t)p->num_cols : 0;
  const size_t nnz = p->nnz > 0 ? (size_t)p->nnz : 0;
  h = feed_i64(h, p->num_rows);
  h = feed_i64(h, p->num_cols);
  h = feed_i64(h, p->nnz);
  h = feed_i64(h, p->objective_sense);
  h = feed_f64(h, p->obj_offset);
  if (p->row_ptr) h = feed_le(h, p->row_ptr, sizeof *p->row_ptr, m + 1);
  if (p->col_idx) h = feed_le(h, p->col_idx, sizeof *p->col_idx, nnz);
  if (p->values) h = feed_le(h, p->values, sizeof *p->values, nnz);
  if (p->obj) h = feed_le(h, p->obj, sizeof *p->obj, n);
  if (p->col_lower) h = feed_le(h, p->col_lower, sizeof *p->col_lower, n);
  if (p->col_upper) h = feed_le(h, p->col_upper, sizeof *p->col_upper, n);
  if (p->row_lower) h = feed_le(h, p->row_lower, sizeof *p->row_lower, m);
  if (p->row_upper) h = feed_le(h, p->row_upper, sizeof *p->row_upper, m);
  return h;
}

void flp_hash_hex(uint64_t h, char out[17]) {
  static const char digits[] = "0123456789abcdef";
  for (int i = 15; i >= 0; --i) {
    out[i] = digits[h & 0xf];
    h >>= 4;
  }
  out[16] = '\0';
}

int flp_hash_parse_hex(const char *s, uint64_t *out) {
  uint64_t h = 0;
  int k = 0;
  for (; s[k]; ++k) {
    char c = s[k];
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else return 0;
    if (k >= 16) return 0;
    h = (h << 4) | (uint64_t)d;
  }
  if (k != 16) return 0;
  *out = h;
  return 1;
}
