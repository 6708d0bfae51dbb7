/* The streaming digest of digest.h. */
#include "digest.h"

#include <string.h>

#define K1 0x9e3779b97f4a7c15ULL /* odd: multiplication by it is a bijection */
#define K2 0xc2b2ae3d27d4eb4fULL
#define K3 0xff51afd7ed558ccdULL
#define K4 0xc4ceb9fe1a85ec53ULL

static uint64_t load_le(const unsigned char *b) {
  uint64_t w = 0;
  for (int k = 7; k >= 0; --k) w = (w << 8) | b[k];
  return w;
}

static uint64_t mix(uint64_t h, uint64_t w) {
  h ^= w * K1;
  h = (h << 31) | (h >> 33);
  return h * K2;
}

void flp_digest_init(flp_digest *d) {
  memset(d, 0, sizeof *d);
  d->h = 0x6a09e667f3bcc908ULL;
}

void flp_digest_update(flp_digest *d, const void *data, size_t n) {
  const unsigned char *p = data;
  if (n == 0) return;
  d->len += n;
  if (d->ntail) { /* complete the word left over from the last update first */
    while (n && d->ntail < 8) {
      d->tail[d->ntail++] = *p++;
      --n;
    }
    if (d->ntail < 8) return;
    d->h = mix(d->h, load_le(d->tail));
    d->ntail = 0;
  }
  for (; n >= 8; p += 8, n -= 8) d->h = mix(d->h, load_le(p));
  memcpy(d->tail, p, n);
  d->ntail = (unsigned)n;
}

void flp_digest_u64(flp_digest *d, uint64_t v) {
  unsigned char b[8];
  for (int k = 0; k < 8; ++k) b[k] = (unsigned char)(v >> (8 * k));
  flp_digest_update(d, b, sizeof b);
}

void flp_digest_str(flp_digest *d, const char *s) {
  size_t n = s ? strlen(s) : 0;
  flp_digest_u64(d, n);
  flp_digest_update(d, s, n);
}

uint64_t flp_digest_final(const flp_digest *d) {
  uint64_t h = d->h;
  if (d->ntail) {
    unsigned char last[8] = {0};
    memcpy(last, d->tail, d->ntail);
    h = mix(h, load_le(last));
  }
  h ^= d->len;
  h ^= h >> 33;
  h *= K3;
  h ^= h >> 29;
  h *= K4;
  h ^= h >> 32;
  return h;
}
