/* `fleetlp fleet generate|build|check`: synthetic fleets, the fleet's LP, validation. */
#include <stdio.h>
#include <string.h>

#include "cli_args.h"
#include "commands.h"
#include "exit_codes.h"

static const char FLEET_HELP[] =
    "Usage: fleetlp fleet SUBCOMMAND [options]\n"
    "\n"
    "Subcommands:\n"
    "  generate -o FILE [knobs]   write a synthetic fleet (HDF5, docs/fleet.md)\n"
    "  build FLEET [-o LP]        build the fleet's LP; print its size and the time taken;\n"
    "                             -o writes it (.mps, .mps.gz or .h5)\n"
    "  check FLEET                validate a fleet file and print its dimensions\n"
    "\n"
    "generate knobs (defaults in brackets):\n"
    "  --nodes N            nodes [200]\n"
    "  --slots T            time slots; up to 96 they cover one day [24]\n"
    "  --classes K          workload classes [6]\n"
    "  --racks R            racks [about 40 nodes a rack]\n"
    "  --datacenters D      datacenters [1 to 4, from the racks]\n"
    "  --eligibility P      share of (class, compatible SKU) pairs allowed, (0, 1] [0.6]\n"
    "  --heterogeneity H    spread of SKUs, node capacities and costs, [0, 1] [0.5]\n"
    "  --cost-range X       ratio of the dearest to the cheapest unit cost, >= 1 [4]\n"
    "  --tightness T        peak demand / capacity a class can reach (> 1: some unserved) [0.9]\n"
    "  --budget-row on|off  a total budget (one dense LP row) [off]\n"
    "  --seed S             PRNG seed; a seed and the knobs fix the fleet bit for bit [1]\n"
    "  --scenarios K        also write K scenarios (/scenarios): P10/P50/P90 demand\n"
    "                       forecasts, then correlated draws, a high energy price path\n"
    "                       in every other draw (not with --budget-row on), a few node\n"
    "                       outages in every third; for `fleetlp plan --scenarios` [0]\n"
    "  --compression L      deflate level 0..9 for large datasets [1]\n"
    "\n"
    "build options:\n"
    "  --names auto|on|off  row and column names in the LP (auto: up to 200,000 columns)\n"
    "\n" FLP_EXIT_CODES_HELP;

static int generate(int argc, char **argv) {
  flp_fleet_gen_options o;
  flp_fleet_gen_default(&o);
  const char *out = NULL;
  int64_t n, level = -1, scenarios = 0;
  for (int i = 2; i < argc; ++i) {
    const char *a = argv[i], *v = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(FLEET_HELP, stdout);
      return FLP_EXIT_OPTIMAL;
    }
    if (a[0] != '-') return flp_cli_error("unexpected argument '%s'", a), FLP_EXIT_BAD_INPUT;
    if ((v = flp_arg_value(argc, argv, &i)) == NULL) return FLP_EXIT_BAD_INPUT;
    if (!strcmp(a, "-o") || !strcmp(a, "--output")) out = v;
    else if (!strcmp(a, "--nodes")) {
      if (!flp_arg_int64(a, v, 1, 100000000, &n)) return FLP_EXIT_BAD_INPUT;
      o.nodes = (int32_t)n;
    } else if (!strcmp(a, "--slots")) {
      if (!flp_arg_int64(a, v, 1, 100000, &n)) return FLP_EXIT_BAD_INPUT;
      o.slots = (int32_t)n;
    } else if (!strcmp(a, "--classes")) {
      if (!flp_arg_int64(a, v, 1, 10000, &n)) return FLP_EXIT_BAD_INPUT;
      o.classes = (int32_t)n;
    } else if (!strcmp(a, "--racks")) {
      if (!flp_arg_int64(a, v, 1, 100000000, &n)) return FLP_EXIT_BAD_INPUT;
      o.racks = (int32_t)n;
    } else if (!strcmp(a, "--datacenters")) {
      if (!flp_arg_int64(a, v, 1, 100000, &n)) return FLP_EXIT_BAD_INPUT;
      o.datacenters = (int32_t)n;
    } else if (!strcmp(a, "--eligibility")) {
      if (!flp_arg_double(a, v, 1e-9, 1, &o.eligibility)) return FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--heterogeneity")) {
      if (!flp_arg_double(a, v, 0, 1, &o.heterogeneity)) return FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--cost-range")) {
      if (!flp_arg_double(a, v, 1, 1e6, &o.cost_range)) return FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--tightness")) {
      if (!flp_arg_double(a, v, 1e-6, 100, &o.tightness)) return FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--budget-row")) {
      if (!strcmp(v, "on")) o.budget_row = 1;
      else if (!strcmp(v, "off")) o.budget_row = 0;
      else return flp_cli_error("--budget-row expects on or off, got '%s'", v), FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--seed")) {
      if (!flp_arg_int64(a, v, 0, INT64_MAX, &n)) return FLP_EXIT_BAD_INPUT;
      o.seed = (uint64_t)n;
    } else if (!strcmp(a, "--compression")) {
      if (!flp_arg_int64(a, v, 0, 9, &level)) return FLP_EXIT_BAD_INPUT;
    } else if (!strcmp(a, "--scenarios")) {
      if (!flp_arg_int64(a, v, 0, 100000, &scenarios)) return FLP_EXIT_BAD_INPUT;
    } else {
      return flp_cli_error("unknown option %s (see fleetlp fleet --help)", a), FLP_EXIT_BAD_INPUT;
    }
  }
  if (!out) return flp_cli_error("fleet generate needs -o FILE"), FLP_EXIT_BAD_INPUT;
  double t0 = flp_wall_seconds();
  flp_fleet f;
  flp_fleet_scenarios sc;
  memset(&sc, 0, sizeof sc);
  flp_error err = {0};
  flp_rc rc = flp_fleet_generate(&o, &f, &err);
  if (rc == FLP_OK && scenarios > 0)
    rc = flp_fleet_scenarios_generate(&f, (int32_t)scenarios, o.seed, &sc, &err);
  double t1 = flp_wall_seconds();
  if (rc == FLP_OK)
    rc = flp_fleet_write_h5_scenarios(out, &f, scenarios > 0 ? &sc : NULL, (int)level, &err);
  double t2 = flp_wall_seconds();
  flp_fleet_scenarios_free(&sc);
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    flp_fleet_free(&f);
    return flp_exit_code_for_rc(rc);
  }
  printf("wrote %s: %d nodes, %d racks, %d datacenters, %d node classes, %d workload classes, "
         "%d slots%s, %d scenarios (generate %.2f s, write %.2f s)\n",
         out, (int)f.num_nodes, (int)f.num_racks, (int)f.num_datacenters,
         (int)f.num_node_classes, (int)f.num_classes, (int)f.num_slots,
         o.budget_row ? ", budget" : "", (int)scenarios, t1 - t0, t2 - t1);
  flp_fleet_free(&f);
  return FLP_EXIT_OPTIMAL;
}

static int parse_names(const char *v, flp_fleet_names *out) {
  if (!strcmp(v, "auto")) *out = FLP_FLEET_NAMES_AUTO;
  else if (!strcmp(v, "on")) *out = FLP_FLEET_NAMES_ON;
  else if (!strcmp(v, "off")) *out = FLP_FLEET_NAMES_OFF;
  else return flp_cli_error("--names expects auto, on or off, got '%s'", v), 0;
  return 1;
}

static void print_dims(const char *path, const flp_fleet *f) {
  int64_t pairs = 0;
  for (int32_t n = 0; n < f->num_nodes; ++n)
    for (int32_t k = 0; k < f->num_classes; ++k)
      pairs += f->eligible[(size_t)k * (size_t)f->num_node_classes + (size_t)f->node_class[n]];
  printf("fleet     %s%s%s%s: %d nodes, %d racks, %d datacenters, %d node classes, %d workload "
         "classes, %d resources, %d slots; %lld eligible (class, node) pairs%s\n",
         path, f->name ? " (" : "", f->name ? f->name : "", f->name ? ")" : "",
         (int)f->num_nodes, (int)f->num_racks, (int)f->num_datacenters, (int)f->num_node_classes,
         (int)f->num_classes, (int)f->num_resources, (int)f->num_slots, (long long)pairs,
         f->budget < 1e300 ? ", budget" : "");
}

static int build_or_check(int argc, char **argv, int build) {
  const char *in = NULL, *out = NULL;
  flp_fleet_names names = FLP_FLEET_NAMES_AUTO;
  for (int i = 2; i < argc; ++i) {
    const char *a = argv[i], *v = NULL;
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(FLEET_HELP, stdout);
      return FLP_EXIT_OPTIMAL;
    }
    if (a[0] != '-') {
      if (in) return flp_cli_error("more than one fleet given ('%s' and '%s')", in, a), FLP_EXIT_BAD_INPUT;
      in = a;
      continue;
    }
    if ((v = flp_arg_value(argc, argv, &i)) == NULL) return FLP_EXIT_BAD_INPUT;
    if (build && (!strcmp(a, "-o") || !strcmp(a, "--output"))) out = v;
    else if (build && !strcmp(a, "--names")) {
      if (!parse_names(v, &names)) return FLP_EXIT_BAD_INPUT;
    } else {
      return flp_cli_error("unknown option %s (see fleetlp fleet --help)", a), FLP_EXIT_BAD_INPUT;
    }
  }
  if (!in) return flp_cli_error("no fleet file given (see fleetlp fleet --help)"), FLP_EXIT_BAD_INPUT;
  flp_fleet f;
  flp_error err = {0};
  double t0 = flp_wall_seconds();
  flp_rc rc = flp_fleet_read_h5(in, &f, &err);
  double t1 = flp_wall_seconds();
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    return flp_exit_code_for_rc(rc);
  }
  print_dims(in, &f);
  if (!build && flp_fleet_file_has_scenarios(in)) {
    flp_fleet_scenarios sc;
    if ((rc = flp_fleet_scenarios_read_h5(in, &f, &sc, &err)) != FLP_OK) {
      flp_cli_error("%s", err.msg);
      flp_fleet_free(&f);
      return flp_exit_code_for_rc(rc);
    }
    printf("scenarios %d (%s%s%s%s)\n", (int)sc.count, sc.demand_scale ? "demand" : "",
           sc.energy_price_scale || sc.energy_price ? " prices" : "", sc.outage ? " outages" : "",
           sc.demand_scale || sc.energy_price_scale || sc.energy_price || sc.outage ? "" : "none");
    flp_fleet_scenarios_free(&sc);
    t1 = flp_wall_seconds();
  }
  if (!build) {
    printf("valid     read and checked in %.3f s\n", t1 - t0);
    flp_fleet_free(&f);
    return FLP_EXIT_OPTIMAL;
  }
  flp_fleet_lp lp;
  memset(&lp, 0, sizeof lp);
  rc = flp_fleet_build(&f, names, &lp, &err);
  double t2 = flp_wall_seconds();
  if (rc == FLP_OK)
    printf("LP        %d rows, %d columns, %lld nonzeros (%lld allocation columns)\n",
           (int)lp.problem.num_rows, (int)lp.problem.num_cols, (long long)lp.problem.nnz,
           (long long)(lp.num_pairs * lp.num_slots));
  if (rc == FLP_OK && out) rc = flp_write_problem(out, &lp.problem, -1, &err);
  double t3 = flp_wall_seconds();
  if (rc != FLP_OK) {
    flp_cli_error("%s", err.msg);
    flp_fleet_lp_free(&lp);
    flp_fleet_free(&f);
    return flp_exit_code_for_rc(rc);
  }
  printf("time      read %.3f s, build %.3f s%s", t1 - t0, t2 - t1, out ? "" : "\n");
  if (out) printf(", write %.3f s (%s)\n", t3 - t2, out);
  flp_fleet_lp_free(&lp);
  flp_fleet_free(&f);
  return FLP_EXIT_OPTIMAL;
}

int flp_cli_fleet(int argc, char **argv) {
  if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
    fputs(FLEET_HELP, argc < 2 ? stderr : stdout);
    return argc < 2 ? FLP_EXIT_BAD_INPUT : FLP_EXIT_OPTIMAL;
  }
  if (!strcmp(argv[1], "generate")) return generate(argc, argv);
  if (!strcmp(argv[1], "build")) return build_or_check(argc, argv, 1);
  if (!strcmp(argv[1], "check")) return build_or_check(argc, argv, 0);
  flp_cli_error("unknown fleet subcommand '%s' (generate, build, check)", argv[1]);
  return FLP_EXIT_BAD_INPUT;
}
