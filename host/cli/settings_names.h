/* `--set NAME=VALUE`: the algorithm's settings by name, for researchers. */
#ifndef FLEETLP_CLI_SETTINGS_NAMES_H
#define FLEETLP_CLI_SETTINGS_NAMES_H

#include <stdio.h>

#include "fleetlp.h"

/* Applies "NAME=VALUE" to s; 1 on success, else prints an error and returns 0. */
int flp_settings_set(flp_settings *s, const char *assignment);
/* Lists the names, their meaning and current values. */
void flp_settings_list(const flp_settings *s, FILE *out);

#endif
