/* Line-by-line reading of a text file, plain or gzip-compressed (detected from
 * the content by zlib, not from the name). Internal to the library.
 *
 * Lines come back without their line ending ("\n" or "\r\n") and
 * NUL-terminated. A line longer than max_line bytes, or one holding control
 * bytes that no text file has (NUL and friends), is an error: a binary file is
 * rejected at its first such byte instead of being read into memory. */
#ifndef FLEETLP_TEXT_READER_H
#define FLEETLP_TEXT_READER_H

#include <stddef.h>
#include <stdint.h>

#include "fleetlp_io.h"

typedef struct flp_text_reader {
  void *gz;          /* gzFile; void so that users of this header need no zlib.h */
  const char *path;  /* for messages; not owned */
  char *chunk;       /* decompressed bytes not yet returned */
  size_t chunk_len, chunk_pos;
  char *line;        /* a line that spans chunks is assembled here */
  size_t line_len, line_cap;
  size_t max_line;
  int64_t line_no;   /* number of the line last returned (1-based) */
  int eof;
} flp_text_reader;

/* Opens path; FLP_ERR_IO when it cannot be opened. r is overwritten. */
flp_rc flp_text_open(flp_text_reader *r, const char *path, size_t max_line, flp_error *err);

/* Next line into *line (valid until the next call) and *len; *line = NULL at
 * the end of the file. Errors name the file and the line. */
flp_rc flp_text_next(flp_text_reader *r, char **line, size_t *len, flp_error *err);

/* Safe on a zeroed or failed reader. */
void flp_text_close(flp_text_reader *r);

#endif
