/* The fleetlp command: dispatch to subcommands. */
#include <stdio.h>
#include <string.h>

#include "commands.h"
#include "exit_codes.h"

static const char MAIN_HELP[] =
    "Usage: fleetlp COMMAND [options]\n"
    "\n"
    "fleetlp solves linear programs with restarted Halpern PDHG on a GPU (CUDA)\n"
    "or on the CPU (OpenMP).\n"
    "\n"
    "Commands:\n"
    "  solve MODEL      solve an LP (MPS, .mps.gz); see fleetlp solve --help\n"
    "  convert IN OUT   convert between .mps, .mps.gz and .h5\n"
    "  devices          list the backends and devices this binary can use\n"
    "  fleet generate   write a synthetic fleet; fleet build|check: its LP, validation\n"
    "  plan FLEET -o P  plan a fleet: allocations, costs, shadow prices (HDF5);\n"
    "                   --scenarios: every scenario of the fleet file, and a summary\n"
    "  report PLAN      summary and pictures of a plan (or of a scenario summary)\n"
    "\n"
    "Options:\n"
    "  -h, --help       this help\n"
    "  --version        version and devices\n"
    "\n" FLP_EXIT_CODES_HELP;

int flp_cli_devices(int argc, char **argv) {
  (void)argc;
  (void)argv;
  char buf[4096];
  flp_describe_devices(buf, sizeof buf);
  fputs(buf, stdout);
  return FLP_EXIT_OPTIMAL;
}

int main(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    fputs(MAIN_HELP, argc < 2 ? stderr : stdout);
    return argc < 2 ? FLP_EXIT_BAD_INPUT : FLP_EXIT_OPTIMAL;
  }
  if (!strcmp(argv[1], "--version")) {
    printf("fleetlp %s\n", FLP_VERSION_STRING);
    return flp_cli_devices(argc - 1, argv + 1);
  }
  if (!strcmp(argv[1], "solve")) return flp_cli_solve(argc - 1, argv + 1);
  if (!strcmp(argv[1], "convert")) return flp_cli_convert(argc - 1, argv + 1);
  if (!strcmp(argv[1], "devices")) return flp_cli_devices(argc - 1, argv + 1);
  if (!strcmp(argv[1], "fleet")) return flp_cli_fleet(argc - 1, argv + 1);
  if (!strcmp(argv[1], "plan")) return flp_cli_plan(argc - 1, argv + 1);
  if (!strcmp(argv[1], "report")) return flp_cli_report(argc - 1, argv + 1);
  fprintf(stderr, "fleetlp: error: unknown command '%s' (see fleetlp --help)\n", argv[1]);
  return FLP_EXIT_BAD_INPUT;
}
