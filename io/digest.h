/* A streaming 64-bit digest for the checksums of fleetlp's own files
 * (h5_checksum.c, docs/hdf5.md "Checksums"). Meant to catch damage (a torn
 * copy, a bad disk block, a stray write), not to resist forgery.
 *
 * The bytes are taken as little-endian 64-bit words w; per word
 *   h = rotl64(h ^ (w * K1), 31) * K2
 * (for a fixed h each step is a bijection of w, and for a fixed w one of h,
 * so a change confined to one word always changes the result); the last
 * 1..7 bytes are zero-padded into one more word; then h ^= total length and a
 * final xor-shift-multiply avalanche. Splitting the input into any sequence
 * of updates gives the same digest. */
#ifndef FLEETLP_IO_DIGEST_H
#define FLEETLP_IO_DIGEST_H

#include <stddef.h>
#include <stdint.h>

typedef struct flp_digest {
  uint64_t h, len;
  unsigned char tail[8];
  unsigned ntail;
} flp_digest;

void flp_digest_init(flp_digest *d);
void flp_digest_update(flp_digest *d, const void *data, size_t n);
void flp_digest_u64(flp_digest *d, uint64_t v); /* 8 little-endian bytes */
void flp_digest_str(flp_digest *d, const char *s); /* length, then the bytes */
uint64_t flp_digest_final(const flp_digest *d);

#endif
