/* Batches (batch.h): one process solves a list of LPs. Each input gets
 * DIR/NAME.h5 (solution with history, streamed while solving) and
 * DIR/NAME.json; DIR/summary.csv is rewritten atomically after every input,
 * so a killed batch leaves a whole summary of what finished. Progress goes to
 * stdout as one plain line per input (no carriage returns: Slurm log files
 * stay readable). One backend context (device, handles, stream) serves every
 * LP; it is opened anew after an LP fails with a device error. */
#include "batch.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli_args.h"
#include "exit_codes.h"
#include "io_util.h"
#include "solver_options.h"

typedef struct entry {
  const char *input;
  char *name;        /* output stem */
  char status[32];   /* flp_status name, ERROR or SKIPPED */
  int code;          /* exit code this input alone would give */
  flp_result r;      /* numbers only (arrays freed) */
  int64_t rows, cols, nnz;
  char message[1024];
  flp_rc rc;         /* of the solve call */
} entry;

int flp_cli_batch_wanted(const flp_cli_batch *b) {
  return b->list != NULL || b->out_dir != NULL || b->num_inputs > 1;
}

/* ---- inputs -------------------------------------------------------------- */
typedef struct strings {
  char **v;
  int n, cap;
} strings;

static int push(strings *s, const char *text, size_t len) {
  if (s->n == s->cap) {
    int cap = s->cap ? 2 * s->cap : 64;
    char **grown = realloc(s->v, (size_t)cap * sizeof *grown);
    if (!grown) return 0;
    s->v = grown;
    s->cap = cap;
  }
  char *copy = malloc(len + 1);
  if (!copy) return 0;
  memcpy(copy, text, len);
  copy[len] = '\0';
  s->v[s->n++] = copy;
  return 1;
}

static void strings_free(strings *s) {
  for (int i = 0; i < s->n; ++i) free(s->v[i]);
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* One path a line, surrounding blanks trimmed; blank and # lines skipped. */
static int read_list(const char *path, strings *out) {
  FILE *f = fopen(path, "r");
  if (!f) {
    flp_cli_error("--batch: cannot open %s: %s", path, strerror(errno));
    return 0;
  }
  char line[8192];
  int ok = 1, lineno = 0;
  while (ok && fgets(line, sizeof line, f)) {
    ++lineno;
    size_t len = strlen(line);
    if (len == sizeof line - 1 && line[len - 1] != '\n') {
      flp_cli_error("--batch: %s:%d: line too long", path, lineno);
      ok = 0;
      break;
    }
    char *a = line, *b = line + len;
    while (*a == ' ' || *a == '\t') ++a;
    while (b > a && (b[-1] == '\n' || b[-1] == '\r' || b[-1] == ' ' || b[-1] == '\t')) --b;
    if (b == a || *a == '#') continue;
    if (!push(out, a, (size_t)(b - a))) {
      flp_cli_error("--batch: out of memory");
      ok = 0;
    }
  }
  if (ok && ferror(f)) {
    flp_cli_error("--batch: cannot read %s", path);
    ok = 0;
  }
  fclose(f);
  return ok;
}

static int make_dirs(const char *dir) {
  char *p = strdup(dir);
  if (!p) return 0;
  for (char *c = p + 1; *c; ++c) {
    if (*c != '/') continue;
    *c = '\0';
    if (mkdir(p, 0777) != 0 && errno != EEXIST) break;
    *c = '/';
  }
  int ok = mkdir(p, 0777) == 0 || errno == EEXIST;
  struct stat st;
  ok = ok && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
  if (!ok) flp_cli_error("--out-dir: cannot create folder %s: %s", dir, strerror(errno));
  free(p);
  return ok;
}

/* File name without folders and the model extensions. */
static char *stem_of(const char *path) {
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  char *s = strdup(*base ? base : "model");
  if (!s) return NULL;
  static const char *const exts[] = {".gz", ".mps", ".MPS", ".h5", ".hdf5", ".lp"};
  for (size_t k = 0; k < sizeof exts / sizeof exts[0]; ++k) {
    size_t a = strlen(s), b = strlen(exts[k]);
    if (a > b && strcmp(s + a - b, exts[k]) == 0) s[a - b] = '\0';
  }
  return s;
}

/* Distinct stems: a repeated one gets "-2", "-3", ... */
static int name_entries(entry *e, int n) {
  for (int i = 0; i < n; ++i) {
    char *s = stem_of(e[i].input);
    if (!s) return 0;
    int clash = 0;
    for (int k = 0; k < i; ++k) clash |= strcmp(e[k].name, s) == 0;
    if (clash) {
      size_t len = strlen(s) + 16;
      char *t = malloc(len);
      if (!t) { free(s); return 0; }
      for (int suffix = 2;; ++suffix) {
        snprintf(t, len, "%s-%d", s, suffix);
        int used = 0;
        for (int k = 0; k < i; ++k) used |= strcmp(e[k].name, t) == 0;
        if (!used) break;
      }
      free(s);
      s = t;
    }
    e[i].name = s;
  }
  return 1;
}

static char *join(const char *dir, const char *name, const char *ext) {
  size_t len = strlen(dir) + strlen(name) + strlen(ext) + 2;
  char *p = malloc(len);
  if (p) snprintf(p, len, "%s/%s%s", dir, name, ext);
  return p;
}

/* ---- summary CSV --------------------------------------------------------- */
static void csv_text(FILE *f, const char *s) {
  if (!strpbrk(s, ",\"\n\r")) {
    fputs(s, f);
    return;
  }
  fputc('"', f);
  for (; *s; ++s) {
    if (*s == '"') fputc('"', f);
    fputc(*s, f);
  }
  fputc('"', f);
}

static void csv_real(FILE *f, double v) { fprintf(f, ",%.17g", v); }

/* summary.csv is rewritten at most this often (and after the last input). */
#define SUMMARY_INTERVAL_SECONDS 1.0

static int write_summary(const char *dir, const entry *e, int n) {
  char *path = join(dir, "summary", ".csv");
  flp_text_out out;
  flp_error err = {0};
  if (!path || flp_text_out_open(&out, path, &err) != FLP_OK) {
    flp_cli_error("cannot write the batch summary in %s%s%s", dir, err.msg[0] ? ": " : "", err.msg);
    free(path);
    return 0;
  }
  FILE *f = out.f;
  fputs("input,name,status,exit_code,objective,dual_objective,primal_residual,dual_residual,gap,"
        "iterations,restarts,setup_seconds,solve_seconds,total_seconds,rows,cols,nonzeros,device,"
        "message\n", f);
  for (int i = 0; i < n; ++i) {
    const flp_result *r = &e[i].r;
    csv_text(f, e[i].input);
    fputc(',', f);
    csv_text(f, e[i].name);
    fprintf(f, ",%s,%d", e[i].status, e[i].code);
    csv_real(f, r->primal_obj);
    csv_real(f, r->dual_obj);
    csv_real(f, r->rel_primal_res);
    csv_real(f, r->rel_dual_res);
    csv_real(f, r->rel_gap);
    fprintf(f, ",%lld,%lld", (long long)r->iterations, (long long)r->restarts);
    csv_real(f, r->setup_seconds);
    csv_real(f, r->solve_seconds);
    csv_real(f, r->total_seconds);
    fprintf(f, ",%lld,%lld,%lld,", (long long)e[i].rows, (long long)e[i].cols, (long long)e[i].nnz);
    csv_text(f, r->device);
    fputc(',', f);
    csv_text(f, e[i].message);
    fputc('\n', f);
  }
  int ok = flp_text_out_commit(&out, &err) == FLP_OK;
  if (!ok) flp_cli_error("%s", err.msg);
  free(path);
  return ok;
}

/* ---- one input ----------------------------------------------------------- */
static void stream_history(void *user, const flp_check_record *rec) {
  flp_error err = {0};
  if (flp_h5_solution_append_history(user, rec, 1, &err) != FLP_OK)
    fprintf(stderr, "fleetlp: warning: %s\n", err.msg);
}

static void fail(entry *e, int code, const char *msg) {
  snprintf(e->status, sizeof e->status, "ERROR");
  e->code = code;
  snprintf(e->message, sizeof e->message, "%s", msg);
}

static void solve_entry(entry *e, const char *dir, const flp_settings *base, flp_context *ctx) {
  flp_problem p;
  flp_error err = {0};
  memset(&p, 0, sizeof p);
  flp_rc rc = flp_read_problem(e->input, &p, NULL, NULL, &err);
  if (rc != FLP_OK) {
    fail(e, flp_exit_code_for_rc(rc), err.msg);
    return;
  }
  e->rows = p.num_rows;
  e->cols = p.num_cols;
  e->nnz = p.nnz;
  char *h5path = join(dir, e->name, ".h5"), *json = join(dir, e->name, ".json");
  flp_settings s = *base;
  s.verbose = 0;
  flp_h5_solution_writer *w = NULL;
  if (!h5path || !json) rc = flp_error_set(&err, FLP_ERR_NOMEM, "out of memory");
  else rc = flp_h5_solution_begin(h5path, &p, &s, &w, &err);
  if (rc == FLP_OK) {
    flp_result res;
    memset(&res, 0, sizeof res);
    rc = flp_cli_solve_lp(&p, &s, ctx, NULL, stream_history, w, &res, &err);
    e->rc = rc;
    if (rc != FLP_OK) {
      flp_h5_solution_abort(w);
      fail(e, flp_exit_code_for_rc(rc), err.msg);
    } else {
      snprintf(e->status, sizeof e->status, "%s", flp_status_name(res.status));
      e->code = flp_exit_code_for_status(res.status);
      rc = flp_h5_solution_finish(w, &res, &err);
      if (rc == FLP_OK) rc = flp_write_json_summary(json, &p, &s, &res, &err);
      if (rc != FLP_OK) fail(e, flp_exit_code_for_rc(rc), err.msg); /* unwritable output: 2 */
      flp_result_free(&e->r);
      e->r = res; /* keep the numbers, drop the arrays */
      e->r.x = e->r.y = e->r.reduced_costs = e->r.row_activity = NULL;
      e->r.primal_ray = e->r.dual_ray = NULL;
      e->r.history = NULL;
      flp_result_free(&res);
    }
  } else {
    fail(e, flp_exit_code_for_rc(rc), err.msg);
  }
  free(h5path);
  free(json);
  flp_problem_free(&p);
}

/* ---- the batch ----------------------------------------------------------- */
/* The order of FLP_CLI_BATCH_HELP, shared with `plan --scenarios` (exit_codes.h). */
static int severity(int code) { return flp_exit_code_severity(code); }

static void progress(const flp_settings *s, int i, int n, const entry *e) {
  if (!s->verbose) return;
  if (e->code == FLP_EXIT_BAD_INPUT || !strcmp(e->status, "ERROR"))
    printf("[%*d/%d] %s: %s (%s)\n", n >= 100 ? 3 : 2, i + 1, n, e->name, e->status, e->message);
  else
    printf("[%*d/%d] %s: %s  objective %.10g  iterations %lld  %.3f s\n", n >= 100 ? 3 : 2, i + 1,
           n, e->name, e->status, e->r.primal_obj, (long long)e->r.iterations, e->r.total_seconds);
  fflush(stdout);
}

static void notice(void *user, const char *line) {
  if (((const flp_settings *)user)->verbose) printf("%s\n", line);
}

/* Opens the shared context into *ctx (NULL when that fails: each solve then
 * opens its own and reports the failure as its own error). */
static void open_context(flp_context **ctx, const flp_settings *s, int first) {
  flp_context_free(*ctx);
  *ctx = NULL;
  flp_error err = {0};
  if (flp_context_create(s, notice, (void *)s, ctx, &err) != FLP_OK)
    fprintf(stderr, "fleetlp: warning: %s\n", err.msg);
  else if (s->verbose && first)
    printf("batch: device %s\n", flp_context_device(*ctx));
}

int flp_cli_batch_run(const flp_cli_batch *b, const flp_settings *s) {
  if (!b->out_dir) {
    flp_cli_error("a batch needs --out-dir DIR for its outputs");
    return FLP_EXIT_BAD_INPUT;
  }
  strings in = {0};
  int ok = 1;
  for (int i = 0; ok && i < b->num_inputs; ++i) ok = push(&in, b->inputs[i], strlen(b->inputs[i]));
  if (ok && b->list) ok = read_list(b->list, &in);
  if (ok && in.n == 0) {
    flp_cli_error("the batch has no inputs");
    ok = 0;
  }
  entry *e = ok ? calloc((size_t)in.n, sizeof *e) : NULL;
  if (ok && !e) flp_cli_error("out of memory");
  ok = e && make_dirs(b->out_dir);
  for (int i = 0; ok && i < in.n; ++i) e[i].input = in.v[i];
  if (ok && !name_entries(e, in.n)) {
    flp_cli_error("out of memory");
    ok = 0;
  }
  int worst = FLP_EXIT_OPTIMAL, counts[8] = {0};
  double t0 = flp_wall_seconds(), last_summary = -1e300;
  int done = 0;
  flp_context *ctx = NULL;
  if (ok) open_context(&ctx, s, 1);
  for (; ok && done < in.n; ++done) {
    if (flp_cli_stop_requested()) break;
    solve_entry(&e[done], b->out_dir, s, ctx);
    if (ctx && (e[done].rc == FLP_ERR_BACKEND || e[done].rc == FLP_ERR_NOMEM))
      open_context(&ctx, s, 0); /* a device error may leave the context unusable */
    progress(s, done, in.n, &e[done]);
    if (severity(e[done].code) > severity(worst)) worst = e[done].code;
    counts[severity(e[done].code)]++;
    /* Rewritten (atomically) at most once a second and after the last input:
     * after every input it cost O(n^2) bytes, 12 GB for 10,000 LPs. A killed
     * batch still leaves a whole summary, of all but the last second. */
    double now = flp_wall_seconds();
    if (now - last_summary >= SUMMARY_INTERVAL_SECONDS || done + 1 == in.n) {
      last_summary = now;
      if (!write_summary(b->out_dir, e, done + 1) && severity(FLP_EXIT_BAD_INPUT) > severity(worst))
        worst = FLP_EXIT_BAD_INPUT; /* an output that cannot be written, as everywhere */
    }
  }
  if (ok && done < in.n) { /* stopped by a signal: list what was left */
    for (int i = done; i < in.n; ++i) {
      snprintf(e[i].status, sizeof e[i].status, "SKIPPED");
      e[i].code = FLP_EXIT_INTERRUPTED;
      snprintf(e[i].message, sizeof e[i].message, "not started: the batch was stopped by a signal");
    }
    worst = FLP_EXIT_INTERRUPTED;
    if (!write_summary(b->out_dir, e, in.n)) worst = FLP_EXIT_INTERRUPTED;
  }
  if (ok && s->verbose) {
    double t = flp_wall_seconds() - t0;
    printf("batch: %d of %d inputs solved in %.2f s (%.1f LPs per minute): %d optimal, %d limit, "
           "%d infeasible, %d unbounded, %d bad input, %d failed; summary %s/summary.csv\n",
           done, in.n, t, t > 0 ? 60.0 * done / t : 0.0, counts[0], counts[1], counts[2],
           counts[3], counts[4], counts[5], b->out_dir);
  }
  flp_context_free(ctx);
  for (int i = 0; e && i < in.n; ++i) free(e[i].name);
  free(e);
  strings_free(&in);
  return ok ? worst : FLP_EXIT_BAD_INPUT;
}
