/* The settings table on the command line (settings_cli.h). */
#include "settings_cli.h"

#include <stdio.h>
#include <string.h>

#include "cli_args.h"

int flp_cli_set_option(flp_settings *s, const char *option, const char *name, const char *value) {
  flp_error err = {0};
  if (flp_settings_set(s, name, value, &err) == FLP_OK) return 1;
  flp_cli_error("%s: %s", option, err.msg);
  return 0;
}

int flp_cli_set(flp_settings *s, const char *assignment) {
  const char *eq = strchr(assignment, '=');
  if (!eq || eq == assignment) {
    flp_cli_error("--set expects NAME=VALUE, got '%s'", assignment);
    return 0;
  }
  char name[64] = "";
  size_t len = (size_t)(eq - assignment);
  if (len < sizeof name) memcpy(name, assignment, len), name[len] = '\0';
  if (!flp_setting_find(name)) {
    flp_cli_error("--set: unknown setting '%.*s' (see fleetlp solve --list-settings)", (int)len,
                  assignment);
    return 0;
  }
  return flp_cli_set_option(s, "--set", name, eq + 1);
}

static const char *type_name(const flp_setting_info *in) {
  switch (in->type) {
  case FLP_SETTING_REAL: return "real";
  case FLP_SETTING_INT: return "int";
  case FLP_SETTING_BOOL: return "bool";
  case FLP_SETTING_ENUM: return "choice";
  }
  return "?";
}

void flp_cli_list_settings(const flp_settings *s, FILE *out) {
  fprintf(out, "  %-26s %-6s %-12s %-16s %s\n", "name", "type", "value", "range", "meaning (* shapes the iterates)");
  for (int i = 0; i < flp_settings_count(); ++i) {
    const flp_setting_info *in = flp_setting_at(i);
    char value[64], range[64];
    flp_settings_format(s, in->name, value, sizeof value, NULL);
    if (in->type == FLP_SETTING_REAL) {
      double v;
      flp_settings_get_real(s, in->name, &v, NULL);
      snprintf(value, sizeof value, "%g", v);
    }
    flp_setting_range(in, range, sizeof range);
    fprintf(out, "  %-26s %-6s %-12s %-16s %s%s\n", in->name, type_name(in), value, range,
            in->flags & FLP_SETTING_SHAPES_ITERATES ? "* " : "", in->doc);
  }
}
