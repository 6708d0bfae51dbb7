/* Open-addressing string table for name lookups in the readers.
 *
 * Linear probing over a power-of-two array kept at most half full, so a
 * lookup touches one or two slots on average and reading a model with
 * millions of names stays linear in its size. The 32-bit hash is kept in the
 * slot so that most mismatches are rejected without touching the key. */
#include <stdlib.h>
#include <string.h>

#include "name_table.h"

/* FNV-1a, folded to 32 bits: short names hash quickly and spread well enough
 * for linear probing (names in models are mostly distinct-suffix strings). */
static uint32_t hash_bytes(const char *key, size_t len) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; ++i) {
    h ^= (unsigned char)key[i];
    h *= 0x100000001b3ULL;
  }
  return (uint32_t)(h ^ (h >> 32));
}

static int key_equals(const char *stored, const char *key, size_t len) {
  return strncmp(stored, key, len) == 0 && stored[len] == '\0';
}

void flp_names_free(flp_name_table *t) {
  if (!t) return;
  free(t->slots);
  t->slots = NULL;
  t->cap = 0;
  t->count = 0;
}

int flp_names_find(const flp_name_table *t, const char *key, size_t len, int32_t *value) {
  if (t->cap == 0) return 0;
  const uint32_t h = hash_bytes(key, len);
  const size_t mask = t->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    const flp_name_slot *s = &t->slots[i];
    if (!s->key) return 0;
    if (s->hash == h && key_equals(s->key, key, len)) {
      if (value) *value = s->value;
      return 1;
    }
  }
}

/* Places an entry known to be absent; the table has a free slot. */
static void place(flp_name_slot *slots, size_t cap, const char *key, uint32_t h, int32_t value) {
  const size_t mask = cap - 1;
  size_t i = h & mask;
  while (slots[i].key) i = (i + 1) & mask;
  slots[i].key = key;
  slots[i].hash = h;
  slots[i].value = value;
}

static int grow(flp_name_table *t) {
  size_t cap = t->cap ? t->cap * 2 : 64;
  if (cap < t->cap || cap > SIZE_MAX / sizeof(flp_name_slot)) return -1;
  flp_name_slot *slots = calloc(cap, sizeof *slots);
  if (!slots) return -1;
  for (size_t i = 0; i < t->cap; ++i)
    if (t->slots[i].key) place(slots, cap, t->slots[i].key, t->slots[i].hash, t->slots[i].value);
  free(t->slots);
  t->slots = slots;
  t->cap = cap;
  return 0;
}

int flp_names_insert(flp_name_table *t, const char *key, int32_t value, int32_t *existing) {
  const size_t len = strlen(key);
  int32_t old;
  if (flp_names_find(t, key, len, &old)) {
    if (existing) *existing = old;
    return 1;
  }
  if ((t->count + 1) * 2 > t->cap && grow(t) != 0) return -1;
  place(t->slots, t->cap, key, hash_bytes(key, len), value);
  ++t->count;
  return 0;
}
