/* The fleetlp subcommands. Each takes argv with argv[0] = its own name and
 * returns the process exit code (see exit_codes.h). */
#ifndef FLEETLP_CLI_COMMANDS_H
#define FLEETLP_CLI_COMMANDS_H

int flp_cli_solve(int argc, char **argv);
int flp_cli_devices(int argc, char **argv);
int flp_cli_convert(int argc, char **argv);
int flp_cli_fleet(int argc, char **argv);
int flp_cli_plan(int argc, char **argv);
int flp_cli_report(int argc, char **argv);

#endif
