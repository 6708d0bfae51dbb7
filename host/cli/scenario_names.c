/* File names for the scenarios' solutions (scenario_outputs.h). A name
 * comes from the file's /names, written by anyone: it may hold '/', "..",
 * spaces or bytes a shell or a file system dislikes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "scenario_outputs.h"

#define STEM_MAX 120

static int safe_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

/* The name made safe: never empty, never "." or "..", no leading '.'. */
static char *sanitise(const char *name) {
  size_t len = strlen(name);
  if (len > STEM_MAX) len = STEM_MAX;
  char *s = malloc(len + 1);
  if (!s) return NULL;
  for (size_t i = 0; i < len; ++i) s[i] = safe_byte((unsigned char)name[i]) ? name[i] : '_';
  s[len] = '\0';
  if (s[0] == '.') s[0] = '_';
  return s;
}

static int taken(const flp_scen_outcome *oc, int32_t n, const char *s) {
  for (int32_t i = 0; i < n; ++i)
    if (strcasecmp(oc[i].stem, s) == 0) return 1;
  return 0;
}

int flp_scen_stems(const flp_scenarios *sc, flp_scen_outcome *oc) {
  for (int32_t k = 0; k < sc->count; ++k) {
    char buf[32];
    char *s = sanitise(flp_scenario_name(sc, k, buf, sizeof buf));
    if (!s) return 0;
    if (taken(oc, k, s)) {
      size_t cap = strlen(s) + 24;
      char *t = malloc(cap);
      if (!t) {
        free(s);
        return 0;
      }
      for (long suffix = 2;; ++suffix) {
        snprintf(t, cap, "%s-%ld", s, suffix);
        if (!taken(oc, k, t)) break;
      }
      free(s);
      s = t;
    }
    oc[k].stem = s;
  }
  return 1;
}

void flp_scen_outcomes_free(flp_scen_outcome *oc, int32_t count) {
  for (int32_t k = 0; oc && k < count; ++k) free(oc[k].stem);
  free(oc);
}
