/* flp_read_mps: the driver of the MPS reader (lines, sections, fields).
 *
 * Free or fixed format. Every data line is first split at blanks (free MPS,
 * which also reads almost every fixed-format file, since fixed fields are
 * separated by blanks). Only when that reading fails and the line, cut at
 * the fixed columns (2-3, 5-12, 15-22, 25-36, 40-47, 50-61, each extended to
 * the next field's start), has a name with a blank inside, is the line read
 * again as fixed fields. So names with blanks work in fixed-format files,
 * without a format switch and without guessing the format of a whole file
 * from its first lines. Once a line has needed fixed columns, the file is
 * known to be fixed-format, and a line whose fixed fields hold a blank is
 * read as fixed first (its blank-split reading can look valid and be wrong).
 * Errors come from the reading tried first. What stays ambiguous: a fixed
 * file whose blank-split reading is valid up to its first name with a blank;
 * in practice a row name with a blank, declared in ROWS, always splits into
 * too many fields, so fixed files are recognised there.
 *
 * Section lines start in column 1; data lines start with a blank; '*' in
 * column 1 starts a comment. Sections: NAME, OBJSENSE and OBJNAME (on their
 * own line with the value on the next one, or inline), ROWS, COLUMNS, RHS,
 * RANGES, BOUNDS, ENDATA; everything after ENDATA is ignored. Each section
 * appears at most once; ROWS comes before COLUMNS, RHS, RANGES and BOUNDS,
 * COLUMNS before BOUNDS, OBJNAME before ROWS. Quadratic, SOS and other
 * sections beyond LP are refused with an error, not skipped. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mps_reader.h"
#include "text_reader.h"

/* Longer lines are not MPS: the cap stops a binary file early. */
enum { MAX_LINE_BYTES = 64 * 1024 };

static int is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' || c == 0x1a;
}

static void split_fields(const char *line, size_t len, flp_mps_fields *f) {
  memset(f, 0, sizeof *f);
  size_t i = 0;
  for (;;) {
    while (i < len && is_blank(line[i])) ++i;
    if (i == len) return;
    size_t start = i;
    while (i < len && !is_blank(line[i])) ++i;
    if (f->count < FLP_MPS_MAX_FIELDS) {
      f->p[f->count] = line + start;
      f->n[f->count] = i - start;
    }
    ++f->count;
  }
}

/* The fixed-column fields of a line, empty ones left out. 0 when the line has
 * tabs (columns then mean nothing). */
static int fixed_fields(const char *line, size_t len, flp_mps_fields *f) {
  static const size_t kStart[] = {1, 4, 14, 24, 39, 49};
  memset(f, 0, sizeof *f);
  if (memchr(line, '\t', len)) return 0;
  for (int k = 0; k < 6 && kStart[k] < len; ++k) {
    size_t a = kStart[k], b = k < 5 && kStart[k + 1] < len ? kStart[k + 1] : len;
    while (a < b && is_blank(line[a])) ++a;
    while (b > a && is_blank(line[b - 1])) --b;
    if (a == b) continue;
    if (memchr(line + a, ' ', b - a)) f->has_space = 1;
    f->p[f->count] = line + a;
    f->n[f->count] = b - a;
    ++f->count;
  }
  return 1;
}

typedef flp_rc (*line_fn)(flp_mps_state *, const flp_mps_fields *, flp_error *);

static flp_rc section_line(flp_mps_state *st, line_fn fn, const char *line, size_t len,
                           flp_error *err) {
  flp_mps_fields f, g;
  flp_error fixed_err;
  memset(&fixed_err, 0, sizeof fixed_err);
  split_fields(line, len, &f);
  /* In a file known to be fixed-format, a line whose fixed fields hold a
   * blank is read as fixed first: its blank-split reading may look valid
   * (e.g. "RHS 1  R1  5." as vector "RHS" of a row "1") and would be wrong. */
  if (st->fixed_lines > 0 && fixed_fields(line, len, &g) && g.has_space) {
    flp_rc rc = fn(st, &g, err);
    if (rc != FLP_ERR_INPUT) {
      st->fixed_lines += rc == FLP_OK;
      return rc;
    }
    flp_rc rc2 = fn(st, &f, &fixed_err);
    if (rc2 == FLP_ERR_INPUT) return rc; /* the fixed reading's error is the relevant one */
    if (rc2 != FLP_OK) *err = fixed_err;
    return rc2;
  }
  flp_rc rc = fn(st, &f, err);
  if (rc != FLP_ERR_INPUT || !fixed_fields(line, len, &g) || !g.has_space) return rc;
  flp_rc rc2 = fn(st, &g, &fixed_err);
  if (rc2 == FLP_ERR_INPUT) return rc; /* the free reading's error: no evidence of fixed format */
  if (rc2 == FLP_OK) ++st->fixed_lines;
  else *err = fixed_err;
  return rc2;
}

static flp_rc parse_sense(flp_mps_state *st, const char *p, size_t n, flp_error *err) {
  char word[16];
  if (n >= sizeof word) n = sizeof word - 1;
  for (size_t i = 0; i < n; ++i) word[i] = (char)(p[i] >= 'a' && p[i] <= 'z' ? p[i] - 32 : p[i]);
  word[n] = '\0';
  if (!strcmp(word, "MAX") || !strcmp(word, "MAXIMIZE") || !strcmp(word, "MAXIMISE")) st->sense = -1;
  else if (!strcmp(word, "MIN") || !strcmp(word, "MINIMIZE") || !strcmp(word, "MINIMISE")) st->sense = 1;
  else
    return flp_mps_fail(st, err, "unknown objective sense '%.*s'; expected MIN, MINIMIZE, MAX or MAXIMIZE",
                        flp_mps_width(n), p);
  st->sense_given = 1;
  return FLP_OK;
}

static flp_rc set_objname(flp_mps_state *st, const char *p, size_t n, flp_error *err) {
  st->objname = malloc(n + 1);
  if (!st->objname) return flp_mps_nomem(st, err);
  memcpy(st->objname, p, n);
  st->objname[n] = '\0';
  st->objname_given = 1;
  return FLP_OK;
}

static flp_rc data_line(flp_mps_state *st, const char *line, size_t len, flp_error *err) {
  flp_mps_fields f;
  switch (st->section) {
  case FLP_MPS_ROWS: return section_line(st, flp_mps_rows_line, line, len, err);
  case FLP_MPS_COLUMNS: return section_line(st, flp_mps_columns_line, line, len, err);
  case FLP_MPS_RHS: return section_line(st, flp_mps_rhs_line, line, len, err);
  case FLP_MPS_RANGES: return section_line(st, flp_mps_ranges_line, line, len, err);
  case FLP_MPS_BOUNDS: return section_line(st, flp_mps_bounds_line, line, len, err);
  case FLP_MPS_OBJSENSE:
    split_fields(line, len, &f);
    if (st->sense_given || f.count != 1)
      return flp_mps_fail(st, err, "OBJSENSE takes one line with one word; expected MIN or MAX");
    return parse_sense(st, f.p[0], f.n[0], err);
  case FLP_MPS_OBJNAME:
    split_fields(line, len, &f);
    if (st->objname_given || f.count != 1)
      return flp_mps_fail(st, err, "OBJNAME takes one line with one row name");
    return set_objname(st, f.p[0], f.n[0], err);
  default:
    return flp_mps_fail(st, err,
                        "data line outside a data section; expected a section keyword (ROWS, "
                        "COLUMNS, RHS, RANGES, BOUNDS, ENDATA) in column 1");
  }
}

static const struct {
  const char *name;
  flp_mps_section section;
} kSections[] = {{"NAME", FLP_MPS_NAME},       {"ROWS", FLP_MPS_ROWS},
                 {"COLUMNS", FLP_MPS_COLUMNS}, {"RHS", FLP_MPS_RHS},
                 {"RANGES", FLP_MPS_RANGES},   {"BOUNDS", FLP_MPS_BOUNDS},
                 {"OBJSENSE", FLP_MPS_OBJSENSE}, {"OBJNAME", FLP_MPS_OBJNAME},
                 {"ENDATA", FLP_MPS_ENDATA}};

/* Known extensions of MPS beyond linear programs: refused by name. */
static const char *const kUnsupported[] = {"QUADOBJ",  "QMATRIX",  "QSECTION", "QCMATRIX",
                                           "CSECTION", "SOS",      "SETS",     "INDICATORS",
                                           "LAZYCONS", "USERCUTS", "GENCONS",  "PWLOBJ",
                                           "BRANCH"};

static int field_equals(const flp_mps_fields *f, int i, const char *s) {
  return strlen(s) == f->n[i] && memcmp(f->p[i], s, f->n[i]) == 0;
}

/* Checks that the section being left is complete. */
static flp_rc leave_section(flp_mps_state *st, flp_error *err) {
  if (st->section == FLP_MPS_OBJSENSE && !st->sense_given)
    return flp_mps_fail(st, err, "OBJSENSE without a sense; expected MIN or MAX on the line after OBJSENSE");
  if (st->section == FLP_MPS_OBJNAME && !st->objname_given)
    return flp_mps_fail(st, err, "OBJNAME without a name; expected a row name on the line after OBJNAME");
  if (st->section == FLP_MPS_ROWS && st->objname_given && !st->obj_name)
    return flp_mps_fail(st, err, "OBJNAME '%s' is not an N row of ROWS", st->objname);
  return FLP_OK;
}

static flp_rc header_line(flp_mps_state *st, const char *line, size_t len, flp_error *err) {
  flp_mps_fields f;
  split_fields(line, len, &f);
  int k = 0, nsec = (int)(sizeof kSections / sizeof kSections[0]);
  while (k < nsec && !field_equals(&f, 0, kSections[k].name)) ++k;
  /* Some writers put the value of OBJSENSE / OBJNAME in column 1. */
  if (k == nsec && f.count == 1 && st->section == FLP_MPS_OBJSENSE && !st->sense_given)
    return parse_sense(st, f.p[0], f.n[0], err);
  if (k == nsec && f.count == 1 && st->section == FLP_MPS_OBJNAME && !st->objname_given)
    return set_objname(st, f.p[0], f.n[0], err);
  if (k == nsec) {
    for (size_t u = 0; u < sizeof kUnsupported / sizeof kUnsupported[0]; ++u)
      if (field_equals(&f, 0, kUnsupported[u]))
        return flp_mps_fail(st, err, "section %s is not supported; fleetlp reads linear programs",
                            kUnsupported[u]);
    const int in_data = st->section >= FLP_MPS_ROWS && st->section <= FLP_MPS_BOUNDS;
    return flp_mps_fail(st, err,
                        "unknown section '%.*s'; expected NAME, ROWS, COLUMNS, RHS, RANGES, BOUNDS, "
                        "OBJSENSE, OBJNAME or ENDATA%s",
                        FLP_MPS_FIELD(&f, 0), in_data ? " (data lines begin with a blank)" : "");
  }
  const flp_mps_section sec = kSections[k].section;
  flp_rc rc = leave_section(st, err);
  if (rc != FLP_OK) return rc;
  if (st->seen & (1u << sec))
    return flp_mps_fail(st, err, "second %s section; each section appears once", kSections[k].name);
  const unsigned rows_seen = st->seen & (1u << FLP_MPS_ROWS);
  if ((sec == FLP_MPS_COLUMNS || sec == FLP_MPS_RHS || sec == FLP_MPS_RANGES || sec == FLP_MPS_BOUNDS) &&
      !rows_seen)
    return flp_mps_fail(st, err, "%s section before ROWS; expected ROWS first", kSections[k].name);
  if (sec == FLP_MPS_BOUNDS && !(st->seen & (1u << FLP_MPS_COLUMNS)))
    return flp_mps_fail(st, err, "BOUNDS section before COLUMNS; expected COLUMNS first");
  if (sec == FLP_MPS_OBJNAME && rows_seen)
    return flp_mps_fail(st, err, "OBJNAME after ROWS; expected it before ROWS");
  st->seen |= 1u << sec;
  st->section = sec;
  if (sec == FLP_MPS_NAME) {
    /* the name is the rest of the line: fixed-format names may hold blanks */
    const char *p = f.count > 1 ? f.p[1] : line + len;
    size_t n = (size_t)(line + len - p);
    if (n > 0) {
      st->name = malloc(n + 1);
      if (!st->name) return flp_mps_nomem(st, err);
      memcpy(st->name, p, n);
      st->name[n] = '\0';
    }
  } else if ((sec == FLP_MPS_OBJSENSE || sec == FLP_MPS_OBJNAME) && f.count > 1) {
    if (f.count > 2)
      return flp_mps_fail(st, err, "expected one word after %s, found %d", kSections[k].name, f.count - 1);
    rc = sec == FLP_MPS_OBJSENSE ? parse_sense(st, f.p[1], f.n[1], err)
                                 : set_objname(st, f.p[1], f.n[1], err);
    if (rc != FLP_OK) return rc;
  }
  return FLP_OK;
}

static flp_rc read_lines(flp_mps_state *st, flp_text_reader *r, flp_error *err) {
  for (;;) {
    char *line;
    size_t len;
    flp_rc rc = flp_text_next(r, &line, &len, err);
    if (rc != FLP_OK) return rc;
    if (!line) break;
    st->line_no = r->line_no;
    while (len > 0 && is_blank(line[len - 1])) --len;
    if (len == 0 || line[0] == '*') continue;
    rc = is_blank(line[0]) ? data_line(st, line, len, err) : header_line(st, line, len, err);
    if (rc != FLP_OK) return rc;
    if (st->section == FLP_MPS_ENDATA) return FLP_OK;
  }
  if (r->line_no == 0)
    return flp_error_set(err, FLP_ERR_INPUT, "%s: file is empty; expected an MPS model", st->path);
  st->line_no = r->line_no;
  if (st->seen == 0)
    return flp_mps_fail(st, err,
                        "no MPS section in the file; expected NAME, ROWS, COLUMNS, RHS, BOUNDS, ENDATA");
  return flp_mps_fail(st, err,
                      "end of file before ENDATA; expected more sections or ENDATA (is the file "
                      "truncated?)");
}

flp_rc flp_read_mps(const char *path, flp_problem *out, flp_message_fn notice, void *notice_user,
                    flp_error *err) {
  flp_error local;
  if (!err) err = &local;
  if (out) memset(out, 0, sizeof *out);
  if (!path || !out)
    return flp_error_set(err, FLP_ERR_INPUT, "flp_read_mps: path and out must not be NULL");
  flp_mps_state st;
  memset(&st, 0, sizeof st);
  st.path = path;
  st.sense = 1;
  flp_text_reader reader;
  flp_rc rc = flp_text_open(&reader, path, MAX_LINE_BYTES, err);
  if (rc == FLP_OK) rc = read_lines(&st, &reader, err);
  flp_text_close(&reader);
  if (rc == FLP_OK && !(st.seen & (1u << FLP_MPS_ROWS)))
    rc = flp_mps_fail(&st, err, "ENDATA without a ROWS section; expected an MPS model");
  if (rc == FLP_OK) rc = flp_mps_build(&st, out, notice, notice_user, err);
  flp_mps_state_free(&st);
  if (rc != FLP_OK) flp_problem_free(out);
  return rc;
}
