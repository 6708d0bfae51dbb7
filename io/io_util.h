/* Helpers shared by the io/ writers and readers (internal to the library). */
#ifndef FLEETLP_IO_UTIL_H
#define FLEETLP_IO_UTIL_H

#include <stdint.h>
#include <stdio.h>

#include "fleetlp_io.h"

/* "PATH.tmp", malloc'd (NULL when out of memory). Every writer writes there
 * and renames on success, so a killed job never leaves a torn PATH. */
char *flp_io_tmp_path(const char *path);

/* Fails early, naming path, when its folder cannot take tmp (missing,
 * read-only, no permission) or path is a directory: before the work of
 * making the output, and leaving nothing behind. */
flp_rc flp_io_probe_writable(const char *tmp, const char *path, flp_error *err);

/* Flushes tmp to stable storage and renames it to path (then syncs the folder,
 * so the rename itself survives a crash). On failure tmp is removed. */
flp_rc flp_io_commit(const char *tmp, const char *path, flp_error *err);

/* A text output written atomically: open PATH.tmp for writing ... */
typedef struct flp_text_out {
  FILE *f;
  char *tmp;
  const char *path;
} flp_text_out;
flp_rc flp_text_out_open(flp_text_out *o, const char *path, flp_error *err);
/* ... then close it and rename it over PATH (on any write error PATH.tmp is
 * removed and PATH left as it was; the message names PATH and the errno). */
flp_rc flp_text_out_commit(flp_text_out *o, flp_error *err);
/* ... or give up: close and remove PATH.tmp. */
void flp_text_out_abort(flp_text_out *o);

/* 1 when path ends with suffix (ASCII case-insensitive). */
int flp_io_ends_with(const char *path, const char *suffix);

/* Values at or beyond this magnitude in a file mean "infinite" (DESIGN.md 2). */
#define FLP_IO_INFINITY 1e20

#endif
