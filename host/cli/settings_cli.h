/* `--set NAME=VALUE` and `--list-settings`: the library's settings table on
 * the command line. */
#ifndef FLEETLP_CLI_SETTINGS_CLI_H
#define FLEETLP_CLI_SETTINGS_CLI_H

#include <stdio.h>

#include "fleetlp_fleet.h"

/* Applies "NAME=VALUE" to s; 1 on success, else prints an error and returns 0. */
int flp_cli_set(flp_settings *s, const char *assignment);
/* Sets the named setting from an option's value; 1 on success, else prints
 * an error naming the option and returns 0. */
int flp_cli_set_option(flp_settings *s, const char *option, const char *name, const char *value);
/* Every setting: name, type, current value, range, whether it shapes the
 * iterates (and so the checkpoint), and its doc line. */
void flp_cli_list_settings(const flp_settings *s, FILE *out);

#endif
