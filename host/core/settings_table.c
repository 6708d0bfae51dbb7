/* The settings table: every setting declared once (name, type, default,
 * bounds, doc, flags), and everything that needs the list of settings reads
 * it: the defaults, validation, set/get by name (the CLI's --set and the
 * bindings), --list-settings and the checkpoint hash. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fleetlp.h"

/* How a field is stored in flp_settings. */
typedef enum storage { AS_DOUBLE, AS_INT, AS_INT64 } storage;

typedef struct setting_row {
  flp_setting_info info;
  size_t offset;
  storage as;
} setting_row;

static const char *const NORMS[] = {"l2", "linf", NULL};
static const char *const DEVICES[] = {"auto", "cpu", "gpu", NULL};

#define IT FLP_SETTING_SHAPES_ITERATES
#define SETUP FLP_SETTING_NEEDS_SETUP
#define OPEN 1
#define SHUT 0
#define REAL(f, def, lo, lo_open, hi, hi_open, flags, doc) \
  {{#f, FLP_SETTING_REAL, def, lo, hi, lo_open, hi_open, NULL, flags, doc}, offsetof(flp_settings, f), AS_DOUBLE}
#define INT(f, def, lo, hi, flags, doc) \
  {{#f, FLP_SETTING_INT, def, lo, hi, SHUT, SHUT, NULL, flags, doc}, offsetof(flp_settings, f), AS_INT}
#define INT64(f, def, lo, hi, flags, doc) \
  {{#f, FLP_SETTING_INT, def, lo, hi, SHUT, SHUT, NULL, flags, doc}, offsetof(flp_settings, f), AS_INT64}
#define BOOL(f, def, flags, doc) \
  {{#f, FLP_SETTING_BOOL, def, 0, 1, SHUT, SHUT, NULL, flags, doc}, offsetof(flp_settings, f), AS_INT}
#define ENUM(f, def, names, flags, doc)                                                          \
  {{#f, FLP_SETTING_ENUM, def, 0, (double)(sizeof names / sizeof names[0] - 2), SHUT, SHUT, names, \
    flags, doc},                                                                                  \
   offsetof(flp_settings, f), AS_INT}

static const setting_row TABLE[] = {
    /* termination */
    REAL(tol, 1e-4, 0, OPEN, 1, OPEN, IT, "relative KKT tolerance (primal, dual, gap)"),
    ENUM(norm, 0, NORMS, IT, "norm of the termination test: l2 or linf"),
    REAL(time_limit, 0, 0, SHUT, INFINITY, OPEN, 0, "seconds (0: none)"),
    INT64(iteration_limit, 0, 0, 9.2e18, 0, "iterations (0: none)"),
    REAL(infeas_tol, 1e-8, 0, OPEN, 1, OPEN, IT, "relative quality a certificate must reach"),
    /* at 10 * tol, netlib ganges passed 1.8% off after presolve */
    REAL(guard_tol, 0, 0, SHUT, 1, OPEN, IT, "per-row feasibility guard (0: tol)"),
    /* device */
    ENUM(device, 0, DEVICES, SETUP, "auto (GPU when usable, else CPU), cpu or gpu"),
    INT(threads, 0, 0, 4096, SETUP, "CPU threads (0: OpenMP's default)"),
    /* algorithm */
    INT(check_every, 64, 1, 1e9, IT, "iterations between checks (restart and termination)"),
    REAL(step_safety, 0.998, 0, OPEN, 1, OPEN, IT, "step = step_safety / ||A||"),
    REAL(power_iter_tol, 1e-8, 0, OPEN, 1, OPEN, IT | SETUP, "power iteration: relative change to stop at"),
    INT(power_iter_max, 5000, 0, 1e9, IT | SETUP, "power iteration: most iterations"),
    REAL(reflection, 1.0, 0, OPEN, 1, SHUT, IT, "reflection coefficient gamma of the Halpern step"),
    REAL(restart_sufficient, 0.2, 0, OPEN, 1, OPEN, IT, "restart when r <= this * r0"),
    REAL(restart_necessary, 0.8, 0, OPEN, 1, OPEN, IT, "restart when r <= this * r0 and r grew"),
    REAL(restart_artificial, 0.36, 0, OPEN, 1, SHUT, IT,
         "restart when the epoch is this share of all iterations"),
    /* 0.5, not the 0.99 of cuPDLPx: on netlib it solved more models in fewer
     * iterations (ganges 75k vs >200k, nesm 4k vs >200k) and keeps the weight
     * from running away when one side barely moves (bench/results/cpu/tuning.md) */
    REAL(pid_kp, 0.5, 0, SHUT, 100, SHUT, IT, "primal weight PID: proportional gain"),
    REAL(pid_ki, 0.01, 0, SHUT, 100, SHUT, IT, "primal weight PID: integral gain"),
    REAL(pid_kd, 0.0, 0, SHUT, 100, SHUT, IT, "primal weight PID: derivative gain"),
    REAL(pid_integral_decay, 0.3, 0, SHUT, 1, SHUT, IT, "primal weight PID: integral decay"),
    REAL(weight_guard_ratio, 30.0, 0, SHUT, INFINITY, OPEN, IT,
         "residual ratio above which the weight moves only toward the lagging side (0: off)"),
    INT(ruiz_iterations, 10, 0, 1000, IT | SETUP, "Ruiz equilibration passes"),
    REAL(pock_chambolle_alpha, 1.0, 0, SHUT, 1, SHUT, IT | SETUP, "Pock-Chambolle alpha: 1, or 0 to skip"),
    BOOL(bound_objective_rescaling, 1, IT, "rescale bounds and objective"),
    BOOL(presolve, 1, IT | SETUP, "presolve (empty, singleton, forcing rows, fixed columns, ...)"),
    BOOL(polish, 1, IT, "feasibility polish when converged in norm but a row guard fails"),
    /* 1.1 and 1/16, not 2 and 1/8: fleets need 19-43% fewer matrix passes,
     * netlib's polishes on models that never pass cost < 1% more (tuning.md) */
    REAL(polish_growth, 1.1, 1, OPEN, 100, SHUT, IT,
         "a polish not kept is tried again when the iterations have grown this many times"),
    REAL(polish_budget, 0.0625, 0, OPEN, 10, SHUT, IT, "a polish may take this share of the iterations so far"),
    /* on fleets the zero-objective polish otherwise mends the rows with
     * dear columns, and the gap then fails (tuning.md, "The polish on the
     * optimal face") */
    REAL(polish_face, 0.3, 0, SHUT, INFINITY, OPEN, IT,
         "polish: a column at a bound with a reduced cost over this share of its cost stays there (0: off)"),
    /* scenario batches: the base LP's point is near most forecasts' */
    BOOL(batch_warm_start, 1, 0, "a scenario batch first solves the base LP and starts every scenario from its point"),
    /* output */
    BOOL(verbose, 1, 0, "log progress"),
    INT(log_every, 640, 0, 1e9, 0, "log a row about every N iterations (0: every check)"),
    REAL(checkpoint_every, 0, 0, SHUT, INFINITY, OPEN, 0,
         "seconds between checkpoints handed to the sink (0: only on a stop)"),
};

#define COUNT ((int)(sizeof TABLE / sizeof TABLE[0]))

int flp_settings_count(void) { return COUNT; }

const flp_setting_info *flp_setting_at(int index) {
  return index >= 0 && index < COUNT ? &TABLE[index].info : NULL;
}

static const setting_row *find_row(const char *name) {
  for (int i = 0; name && i < COUNT; ++i)
    if (strcmp(TABLE[i].info.name, name) == 0) return &TABLE[i];
  return NULL;
}

const flp_setting_info *flp_setting_find(const char *name) {
  const setting_row *r = find_row(name);
  return r ? &r->info : NULL;
}

static double read_field(const flp_settings *s, const setting_row *r) {
  const char *field = (const char *)s + r->offset;
  switch (r->as) {
  case AS_DOUBLE: return *(const double *)field;
  case AS_INT: return *(const int *)field;
  case AS_INT64: return (double)*(const int64_t *)field;
  }
  return NAN;
}

/* v has passed check_value, so it fits the field's type. */
static void write_field(flp_settings *s, const setting_row *r, double v) {
  char *field = (char *)s + r->offset;
  switch (r->as) {
  case AS_DOUBLE: *(double *)field = v; break;
  case AS_INT: *(int *)field = (int)v; break;
  case AS_INT64: *(int64_t *)field = (int64_t)v; break;
  }
}

void flp_settings_default(flp_settings *s) {
  memset(s, 0, sizeof *s);
  for (int i = 0; i < COUNT; ++i) write_field(s, &TABLE[i], TABLE[i].info.default_value);
}

void flp_setting_range(const flp_setting_info *in, char *buf, size_t cap) {
  if (!cap) return;
  buf[0] = '\0';
  if (in->type == FLP_SETTING_BOOL) {
    snprintf(buf, cap, "0|1");
  } else if (in->type == FLP_SETTING_ENUM) {
    size_t used = 0;
    for (int k = 0; in->choices[k] && used < cap; ++k)
      used += (size_t)snprintf(buf + used, cap - used, "%s%s", k ? "|" : "", in->choices[k]);
  } else {
    snprintf(buf, cap, "%c%g, %g%c", in->min_open ? '(' : '[', in->min, in->max, in->max_open ? ')' : ']');
  }
}

static flp_rc check_value(const setting_row *r, double v, flp_error *err) {
  const flp_setting_info *in = &r->info;
  int whole = in->type != FLP_SETTING_REAL;
  int ok = !isnan(v) && (!whole || (isfinite(v) && v == floor(v))) &&
           (in->min_open ? v > in->min : v >= in->min) && (in->max_open ? v < in->max : v <= in->max);
  if (ok) return FLP_OK;
  char range[160];
  flp_setting_range(in, range, sizeof range);
  return flp_error_set(err, FLP_ERR_INPUT, "setting %s: %g is not %s in %s", in->name, v,
                       whole ? "a whole number" : "a number", range);
}

flp_rc flp_settings_validate(const flp_settings *s, flp_error *err) {
  for (int i = 0; i < COUNT; ++i) {
    flp_rc rc = check_value(&TABLE[i], read_field(s, &TABLE[i]), err);
    if (rc != FLP_OK) return rc;
  }
  /* the backends scale with 1-norms (alpha 1) only */
  if (s->pock_chambolle_alpha != 0 && s->pock_chambolle_alpha != 1)
    return flp_error_set(err, FLP_ERR_INPUT, "setting pock_chambolle_alpha: must be 1, or 0 to "
                         "skip the pass; got %g", s->pock_chambolle_alpha);
  return FLP_OK;
}

flp_rc flp_settings_set_real(flp_settings *s, const char *name, double value, flp_error *err) {
  const setting_row *r = find_row(name);
  if (!r) return flp_error_set(err, FLP_ERR_INPUT, "unknown setting '%s'", name ? name : "(null)");
  flp_rc rc = check_value(r, value, err);
  if (rc == FLP_OK) write_field(s, r, value);
  return rc;
}

flp_rc flp_settings_get_real(const flp_settings *s, const char *name, double *value,
                             flp_error *err) {
  const setting_row *r = find_row(name);
  if (!r) return flp_error_set(err, FLP_ERR_INPUT, "unknown setting '%s'", name ? name : "(null)");
  *value = read_field(s, r);
  return FLP_OK;
}

/* Text to a value of the row's type: enum names, on/off/true/false for
 * bools, numbers otherwise. 0 when the text is none of those. */
static int parse_text(const setting_row *r, const char *text, double *out) {
  const flp_setting_info *in = &r->info;
  if (in->type == FLP_SETTING_ENUM)
    for (int k = 0; in->choices[k]; ++k)
      if (strcasecmp(text, in->choices[k]) == 0) return *out = k, 1;
  if (in->type == FLP_SETTING_BOOL) {
    static const char *const yes[] = {"on", "true", "yes"}, *const no[] = {"off", "false", "no"};
    for (int k = 0; k < 3; ++k) {
      if (strcasecmp(text, yes[k]) == 0) return *out = 1, 1;
      if (strcasecmp(text, no[k]) == 0) return *out = 0, 1;
    }
  }
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  if (end == text || *end != '\0' || errno == ERANGE) return 0;
  *out = v;
  return 1;
}

flp_rc flp_settings_set(flp_settings *s, const char *name, const char *value, flp_error *err) {
  const setting_row *r = find_row(name);
  if (!r) return flp_error_set(err, FLP_ERR_INPUT, "unknown setting '%s'", name ? name : "(null)");
  double v;
  if (!value || !parse_text(r, value, &v)) {
    char range[160];
    flp_setting_range(&r->info, range, sizeof range);
    return flp_error_set(err, FLP_ERR_INPUT, "setting %s: '%s' is not a valid value (%s)", name,
                         value ? value : "(null)", range);
  }
  return flp_settings_set_real(s, name, v, err);
}

flp_rc flp_settings_format(const flp_settings *s, const char *name, char *buf, size_t cap,
                           flp_error *err) {
  const setting_row *r = find_row(name);
  if (!r) return flp_error_set(err, FLP_ERR_INPUT, "unknown setting '%s'", name ? name : "(null)");
  double v = read_field(s, r);
  if (r->info.type == FLP_SETTING_ENUM && v >= 0 && v <= r->info.max)
    snprintf(buf, cap, "%s", r->info.choices[(int)v]);
  else if (r->info.type == FLP_SETTING_REAL)
    snprintf(buf, cap, "%.17g", v);
  else
    snprintf(buf, cap, "%.0f", v);
  return FLP_OK;
}

uint64_t flp_settings_hash(const flp_settings *s) {
  uint64_t h = FLP_FNV1A64_INIT;
  for (int i = 0; i < COUNT; ++i) {
    const setting_row *r = &TABLE[i];
    if (!(r->info.flags & FLP_SETTING_SHAPES_ITERATES)) continue;
    double v = read_field(s, r);
    unsigned char b[8];
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    for (int k = 0; k < 8; ++k) b[k] = (unsigned char)(bits >> (8 * k)); /* little-endian */
    h = flp_fnv1a64(h, r->info.name, strlen(r->info.name) + 1);
    h = flp_fnv1a64(h, b, sizeof b);
  }
  return h;
}
