/* A string -> int32 map for the readers' name lookups (open addressing, linear
 * probing). Internal to the library.
 *
 * The table does not own its keys: it stores pointers to NUL-terminated strings
 * that the caller keeps alive (and unmoved) for the table's lifetime. Lookups
 * take a (pointer, length) pair so that callers can look up tokens in place. */
#ifndef FLEETLP_NAME_TABLE_H
#define FLEETLP_NAME_TABLE_H

#include <stddef.h>
#include <stdint.h>

typedef struct flp_name_slot {
  const char *key; /* NULL: empty slot */
  uint32_t hash;
  int32_t value;
} flp_name_slot;

typedef struct flp_name_table {
  flp_name_slot *slots;
  size_t cap;   /* a power of two, or 0 before the first insert */
  size_t count;
} flp_name_table;

/* A zeroed table is an empty table; free is safe on it. */
void flp_names_free(flp_name_table *t);

/* 1 and *value when key[0..len) is present, else 0. */
int flp_names_find(const flp_name_table *t, const char *key, size_t len, int32_t *value);

/* Inserts key (NUL-terminated, kept alive by the caller) -> value.
 * Returns 0 when inserted, 1 when the key was already present (the table is
 * unchanged and *existing, when not NULL, holds its value), -1 when out of memory. */
int flp_names_insert(flp_name_table *t, const char *key, int32_t value, int32_t *existing);

#endif
