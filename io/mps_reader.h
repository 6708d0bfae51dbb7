/* The MPS reader's state, shared by its three files (internal to the library):
 *   mps_read.c   the driver: lines, sections, tokens, free/fixed fields
 *   mps_lines.c  one data line of ROWS, COLUMNS, RHS, RANGES or BOUNDS
 *   mps_build.c  the finished flp_problem (CSR, row bounds, sense, notices)
 * The state owns everything it points to until mps_build hands it over. */
#ifndef FLEETLP_MPS_READER_H
#define FLEETLP_MPS_READER_H

#include <stddef.h>
#include <stdint.h>

#include "fleetlp_io.h"
#include "name_table.h"

/* Magnitudes at or above this mean infinity in MPS files (DESIGN.md 2). */
#define FLP_MPS_INFINITY 1e20

enum { FLP_MPS_MAX_FIELDS = 8 };

/* Fields of one data line: pointers into the line, not NUL-terminated. */
typedef struct flp_mps_fields {
  const char *p[FLP_MPS_MAX_FIELDS];
  size_t n[FLP_MPS_MAX_FIELDS];
  int count;      /* every field found, even past FLP_MPS_MAX_FIELDS */
  int has_space;  /* a field holds a blank (only fixed-column fields can) */
} flp_mps_fields;

typedef enum flp_mps_section {
  FLP_MPS_NONE = 0,
  FLP_MPS_NAME,
  FLP_MPS_OBJSENSE,
  FLP_MPS_OBJNAME,
  FLP_MPS_ROWS,
  FLP_MPS_COLUMNS,
  FLP_MPS_RHS,
  FLP_MPS_RANGES,
  FLP_MPS_BOUNDS,
  FLP_MPS_ENDATA
} flp_mps_section;

/* Values of the row table besides row indices 0..num_rows-1. */
#define FLP_MPS_ROW_OBJECTIVE (-1)
#define FLP_MPS_ROW_DROPPED (-2) /* an N row after the objective */

/* Row flags */
#define FLP_MPS_HAS_RHS 1u
#define FLP_MPS_HAS_RANGE 2u

/* The first vector (set name) of RHS, RANGES or BOUNDS, and the first ignored one. */
typedef struct flp_mps_vector {
  char *name;          /* NULL until a line names one */
  char ignored[64];    /* first other name seen (truncated), for the notice */
  int64_t ignored_line;
} flp_mps_vector;

typedef struct flp_mps_state {
  const char *path;
  int64_t line_no;
  flp_mps_section section;
  unsigned seen;         /* bit (1 << section) per section met */
  int64_t fixed_lines;   /* data lines that needed fixed columns (names with blanks) */
  char *name;
  int sense;             /* +1 minimise, -1 maximise */
  int sense_given;       /* an OBJSENSE data line was read */
  char *objname;         /* OBJNAME: which N row is the objective */
  int objname_given;

  /* rows (without N rows) */
  flp_name_table row_table;
  int32_t num_rows;
  size_t row_cap;
  char **row_names;
  char *row_type;        /* 'L', 'G', 'E' */
  double *rhs, *range;
  unsigned char *row_flags;
  int32_t *row_last_col; /* last column with an entry in the row: duplicate check */
  char *obj_name;
  double obj_rhs;
  int obj_rhs_given;
  char **dropped;        /* names of the extra N rows */
  size_t num_dropped, dropped_cap;
  int64_t dropped_line;

  /* columns */
  flp_name_table col_table;
  int32_t num_cols;
  size_t col_cap;
  char **col_names;
  double *obj, *col_lower, *col_upper;
  int64_t *col_start;    /* first entry of each column; col_cap + 1 */
  int64_t *bound_line;   /* last BOUNDS line that touched the column, 0 if none */
  unsigned char *col_int;
  int in_integer;        /* between MARKER INTORG and INTEND */
  int cur_obj_given;     /* the current column already has an objective entry */

  /* matrix entries, column by column */
  int64_t nnz;
  size_t ent_cap;
  int32_t *ent_row;
  double *ent_val;

  flp_mps_vector rhs_vec, range_vec, bound_vec;
  int64_t neg_upper_count, neg_upper_line;
  char neg_upper_col[64];
  int64_t range_on_n_count, range_on_n_line;
} flp_mps_state;

/* Sets an FLP_ERR_INPUT error "PATH:LINE: message". */
flp_rc flp_mps_fail(const flp_mps_state *st, flp_error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
flp_rc flp_mps_nomem(const flp_mps_state *st, flp_error *err);

/* Field i as printf arguments for "%.*s", shortened to keep messages readable. */
int flp_mps_width(size_t n);
#define FLP_MPS_FIELD(f, i) flp_mps_width((f)->n[i]), (f)->p[i]

/* One data line of the current section. Leaves the state unchanged on error,
 * so the driver can retry the line with fixed-column fields. */
flp_rc flp_mps_rows_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err);
flp_rc flp_mps_columns_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err);
flp_rc flp_mps_rhs_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err);
flp_rc flp_mps_ranges_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err);
flp_rc flp_mps_bounds_line(flp_mps_state *st, const flp_mps_fields *f, flp_error *err);

/* Moves the state into out (validated) and sends the notices. */
flp_rc flp_mps_build(flp_mps_state *st, flp_problem *out, flp_message_fn notice, void *user,
                     flp_error *err);
void flp_mps_state_free(flp_mps_state *st);

#endif
