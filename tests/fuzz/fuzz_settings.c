/* `--set NAME=VALUE` on every line of the input, split as the CLI's
 * flp_cli_set splits it (host/cli/settings_cli.c) and handed to the core's
 * flp_settings_set, which parses the value (the CLI only adds messages on
 * stderr, which would drown the fuzzer's own output). An assignment changes at most the setting it
 * names, and only when accepted; what flp_settings_validate
 * accepts, the solver must run with (on fuzz_tiny.h's LP, with the limits
 * pinned so that no setting can make a run long). */
#include "fuzz_common.h"
#include "fuzz_tiny.h"

#define MAX_LINES 16

static void snapshot(const flp_settings *s, char (*out)[64]) {
  for (int i = 0; i < flp_settings_count(); ++i)
    flp_settings_format(s, flp_setting_at(i)->name, out[i], 64, NULL);
}

/* flp_cli_set without the messages: 1 when accepted. */
static int assign(flp_settings *s, const char *line) {
  const char *eq = strchr(line, '=');
  if (!eq || eq == line || (size_t)(eq - line) >= 64) return 0;
  char name[64];
  memcpy(name, line, (size_t)(eq - line));
  name[eq - line] = '\0';
  flp_error err;
  flp_rc rc = flp_settings_set(s, name, eq + 1, &err);
  FUZZ_REQUIRE(rc == FLP_OK || rc == FLP_ERR_INPUT, "set %s: rc %d", name, (int)rc);
  if (rc == FLP_ERR_INPUT) FUZZ_REQUIRE(strstr(err.msg, name) != NULL, "message \"%s\"", err.msg);
  return rc == FLP_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  char *text = malloc(size + 1);
  FUZZ_REQUIRE(text != NULL, "out of memory");
  memcpy(text, data, size);
  text[size] = '\0';
  flp_settings s;
  fuzz_tiny_settings(&s);
  static char before[128][64], after[128][64];
  FUZZ_REQUIRE(flp_settings_count() <= 128, "more settings than the target holds");
  char *line = text;
  for (int k = 0; k < MAX_LINES && line; ++k) {
    char *nl = strchr(line, '\n');
    if (nl) *nl = '\0';
    snapshot(&s, before);
    int ok = assign(&s, line);
    snapshot(&s, after);
    const char *eq = strchr(line, '=');
    for (int i = 0; i < flp_settings_count(); ++i) {
      const char *name = flp_setting_at(i)->name;
      int named = ok && eq && (size_t)(eq - line) == strlen(name) && !strncmp(line, name, strlen(name));
      if (!named)
        FUZZ_REQUIRE(strcmp(before[i], after[i]) == 0, "'%s' changed %s from %s to %s", line, name,
                     before[i], after[i]);
    }
    line = nl ? nl + 1 : NULL;
  }
  free(text);
  flp_error err;
  flp_rc rc = flp_settings_validate(&s, &err);
  fuzz_note("validate", (int)rc, err.msg);
  FUZZ_REQUIRE(rc == FLP_OK || rc == FLP_ERR_INPUT, "validate: rc %d", (int)rc);
  (void)flp_settings_hash(&s);
  if (rc != FLP_OK) return 0;
  s.device = FLP_DEVICE_CPU; /* a GPU may be absent: that is not the settings' fault */
  s.threads = 1;
  s.verbose = 0;
  s.time_limit = 0;
  s.iteration_limit = 128;
  if (s.power_iter_max > 1000) s.power_iter_max = 1000;
  flp_problem p;
  FUZZ_REQUIRE(fuzz_tiny_lp(&p) == 0, "out of memory");
  flp_result res;
  memset(&res, 0, sizeof res);
  rc = flp_solve(&p, &s, &res, &err);
  FUZZ_REQUIRE(rc == FLP_OK, "settings that validate did not solve: %s", err.msg);
  flp_result_free(&res);
  flp_problem_free(&p);
  return 0;
}
