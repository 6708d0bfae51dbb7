#!/usr/bin/env python3
"""Compare fleetlp with simplex, interior-point and PDLP solvers on the same LPs.

One command: it sets up its peers (HiGHS through highspy and OR-Tools PDLP in
the git-ignored .venv from bench/requirements.txt; Clp and GLPK from Debian),
builds the generated instance sets it is asked for, runs every (instance,
solver) pair in its own process with a hard timeout, checks every answer and
writes OUT/LABEL.csv (every run), OUT/LABEL.md (tables), OUT/LABEL.json
(settings, machine, versions) and PNG plots (performance profile; seconds
against nonzeros for the generated sets).

Fairness rules:
  - the first-order solvers (fleetlp, HiGHS PDLP, OR-Tools PDLP, cuPDLPx) get
    the same relative tolerance (--tol; the mapping is in SOLVER_INFO and
    bench/README.md); simplex and interior point run at their defaults;
  - the same thread count (--threads, default 1) and time limit for everyone;
  - instance-major order with the solvers rotated from one instance to the
    next, so drift of the machine's speed hits every solver alike;
  - a wrong answer is judged wrong, not fast: only correct runs count as
    solved, and the others count at the time limit.

See bench/README.md for the presets and the command of the full comparison.
"""

import argparse
import concurrent.futures
import copy
import datetime
import os
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import time

from benchlib import (REPO, default_cli, default_data_dir, judge, kill_live_runs, machine_info,
                      relative_error, run_measured, usable_cores)
import peers_instances
import peers_report
import peers_solvers

VENV = os.path.join(REPO, ".venv")
REQUIREMENTS = os.path.join(REPO, "bench", "requirements.txt")
REQUIREMENTS_GPU = os.path.join(REPO, "bench", "requirements-gpu.txt")
DEFAULT_WORK = os.path.join(REPO, "build-peers")  # git-ignored (/build*/)

CPU_SOLVERS = ["fleetlp", "highs-dual", "highs-ipm", "highs-pdlp", "ortools-pdlp", "clp", "glpk"]
# The fleet set's solvers: the three first-order codes and Clp (a simplex
# answer in the same run). The reference objectives of the large fleets come
# from HiGHS IPM in the fleet-nightly-reference run, kept between runs; HiGHS
# IPM with crossover, HiGHS dual simplex and GLPK run to the limit on fleets of
# millions of nonzeros and would add hours (bench/README.md, "The fleet set").
FLEET_SOLVERS = ["fleetlp", "highs-pdlp", "ortools-pdlp", "clp"]
GPU_SOLVERS = ["fleetlp-gpu", "cupdlpx"]

# Named runs; see bench/README.md for the time each takes here. Options given
# on the command line win.
PRESETS = {
    # 21 minutes here with two runs at once, one per core (bench/results/peers/default-0.0001.md)
    "default": {"sets": ["netlib", "miplib3", "kennington", "fleet"], "tol": 1e-4, "time_limit": 60.0, "jobs": 2},
    "quick": {"sets": ["netlib", "kennington", "fleet"], "tol": 1e-4, "time_limit": 20.0},
    # the same sets on a leased GPU machine, where device time is short (see README)
    "gpu": {"sets": ["netlib", "miplib3", "kennington", "fleet"], "tol": 1e-4, "time_limit": 20.0},
    # The nightly job's shapes (peers_instances.FLEET_NIGHTLY: 96 slots, 16
    # classes, tight and loose, with and without the budget row, 200 to 12,800
    # nodes, three seeds at two sizes) and the six energy/ LPs at the issue's
    # 60 s; one run at a time. Run fleet-nightly-reference first (once).
    # See bench/README.md, "The fleet set".
    "fleet-nightly": {"sets": ["fleet-nightly", "energy"], "tol": 1e-4, "time_limit": 600.0, "jobs": 1,
                      "solvers": FLEET_SOLVERS, "suite_limits": "energy=60"},
    # The reference objectives of those fleets, once: HiGHS IPM without
    # crossover with a long limit (Clp and HiGHS IPM with crossover do not
    # finish the largest fleets in 600 s). Kept in build-peers/instances/fleet/
    # reference.csv, they judge every later fleet-nightly run.
    "fleet-nightly-reference": {"sets": ["fleet-nightly"], "tol": 1e-4, "time_limit": 7200.0, "jobs": 1,
                                "solvers": ["highs-ipm-nox"]},
    # Two small fleets of the same shapes and two small energy LPs, to check
    # the harness and the tables (bench/results/peers/smoke/).
    "fleet-nightly-smoke": {"sets": ["fleet-nightly-smoke", "energy/GenX_7_three_zones_w_colocated_VRE_storage",
                                     "energy/TulipaEnergyModel_1_EU_investment_simple_24h"],
                            "tol": 1e-4, "time_limit": 60.0, "jobs": 1,
                            "solvers": FLEET_SOLVERS + ["highs-ipm-nox"], "suite_limits": "energy=30"},
    "smoke": {"sets": ["netlib/afiro", "netlib/sc50a", "netlib/kb2", "netlib/adlittle", "netlib/blend",
                       "infeasible/galenet", "unbounded/gas11", "kkt", "fleet"], "tol": 1e-4, "time_limit": 10.0,
              "kkt_sizes": "300x450,1000x1500,3000x4500", "fleet_sizes": "10x12,30x12,100x12"},
}


# ---- setting up the peers ------------------------------------------------------
def in_venv():
    return os.path.realpath(sys.prefix) == os.path.realpath(VENV)


def ensure_venv(args):
    """Creates .venv with the pinned peers when needed and re-runs this script in it."""
    py = os.path.join(VENV, "bin", "python")
    req = REQUIREMENTS_GPU if args.gpu else REQUIREMENTS
    stamp = os.path.join(VENV, ".fleetlp-bench-" + os.path.basename(req))
    with open(req) as f:
        wanted = f.read()
    current = open(stamp).read() if os.path.isfile(stamp) else None
    if not os.access(py, os.X_OK):
        print(f"run_peers: creating {VENV}", flush=True)
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    if current != wanted:
        pip = [py, "-m", "pip", "install", "-q", "-r", req]
        if args.wheels:
            pip += ["--no-index", "--find-links", os.path.abspath(args.wheels)]
        if args.gpu:  # cuPDLPx is compiled here: for this GPU only, not every architecture
            pip += ["--config-settings", "cmake.define.CMAKE_CUDA_ARCHITECTURES=native"]
        print(f"run_peers: installing the peers: {' '.join(pip[1:])}", flush=True)
        subprocess.run(pip, check=True)
        with open(stamp, "w") as f:
            f.write(wanted)
    os.execv(py, [py, os.path.abspath(__file__)] + sys.argv[1:])


def ensure_debian(solvers):
    """Clp and GLPK from Debian when missing (root only); else those solvers are dropped."""
    need = {"clp": ("clp", "coinor-clp"), "glpk": ("glpsol", "glpk-utils")}
    missing = [pkg for s, (exe, pkg) in need.items() if s in solvers and not shutil.which(exe)]
    if missing and os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"run_peers: apt-get install {' '.join(missing)}", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update", "-qq"], env=env)
        subprocess.run(["apt-get", "install", "-y", "-qq", "--no-install-recommends"] + missing, env=env)
    kept = []
    for s in solvers:
        if s in need and not shutil.which(need[s][0]):
            print(f"run_peers: {need[s][0]} not found; {s} left out", flush=True)
        else:
            kept.append(s)
    return kept


# ---- running one solve ---------------------------------------------------------
def instance_limit(inst, args):
    """The time limit of an instance: its set's (--suite-limits) or --time-limit."""
    return args.suite_limits.get(inst["suite"], args.time_limit)


def run_one(solver, inst, args, tmp, order):
    tag = f"{inst['suite']}__{inst['name']}__{solver}"
    args = copy.copy(args)
    args.time_limit = instance_limit(inst, args)
    cmd, result_file = peers_solvers.command(solver, inst, args, tmp, tag)
    log_path = os.path.join(args.log_dir, tag + ".log")
    env = dict(os.environ, OMP_NUM_THREADS=str(args.threads), OPENBLAS_NUM_THREADS=str(args.threads),
               MKL_NUM_THREADS=str(args.threads))
    hard = args.time_limit * 1.25 + args.grace
    code, wall, peak, killed = run_measured(cmd, hard, log_path, env)
    with open(log_path, errors="replace") as f:
        output = f.read()
    res = peers_solvers.parse(solver, inst, code, output, result_file)
    if killed:
        res.update(status="KILLED", note=f"killed after {hard:.0f} s")
    if res.get("seconds") is None:
        res["seconds"] = wall
    return {
        "suite": inst["suite"], "instance": inst["name"], "solver": solver,
        "kind": peers_solvers.SOLVER_INFO[solver]["kind"], "status": res.get("status", "ERROR"),
        "native_status": res.get("native_status", ""), "objective": res.get("objective"),
        "iterations": res.get("iterations"), "matrix_passes": res.get("matrix_passes"),
        "restarts": res.get("restarts"), "rejected_steps": res.get("rejected_steps"),
        "solver_nonzeros": res.get("solver_nonzeros"), "seconds": res["seconds"], "wall_seconds": wall,
        "peak_mb": peak, "nonzeros": inst.get("nnz") or res.get("nonzeros"), "size": inst.get("size", ""),
        "tol": args.tol, "time_limit": args.time_limit, "threads": args.threads, "exit_code": code,
        "order": order, "version": res.get("version", ""), "note": res.get("note", ""),
        "reference": None, "reference_status": "", "reference_source": "", "rel_error": None,
        "verdict": "",
    }


# ---- judging -------------------------------------------------------------------
def consensus(rows, rtol):
    """(status, objective, source) from the other solvers when there is no reference.

    The simplex and interior-point runs decide: the largest group of OPTIMAL
    objectives that agree to 1e-6 relative (with at least two members, or the
    only one), or two or more infeasibility statuses that agree. Without any,
    the first-order OPTIMAL answers when at least two agree within RTOL."""
    def cluster(objs, tol):
        best = []
        for o in objs:
            group = [p for p in objs if relative_error(p, o) <= tol]
            if len(group) > len(best):
                best = group
        return best

    trusted = [r for r in rows if r["kind"] in ("simplex", "interior point")]
    opt = [r["objective"] for r in trusted if r["status"] == "OPTIMAL" and r["objective"] is not None]
    if opt:
        group = cluster(opt, 1e-6)
        if len(group) >= 2 or len(opt) == 1:
            return "optimal", statistics.median(group), f"{len(group)} of {len(trusted)} simplex/IPM runs"
        return "", None, "simplex/IPM runs disagree"
    for status, ref in (("PRIMAL_INFEASIBLE", "infeasible"), ("DUAL_INFEASIBLE", "unbounded")):
        if sum(r["status"] == status for r in trusted) >= 2:
            return ref, None, f"{sum(r['status'] == status for r in trusted)} simplex/IPM runs"
    fo = [r["objective"] for r in rows if r["kind"] == "first-order" and r["status"] == "OPTIMAL"
          and r["objective"] is not None]
    group = cluster(fo, rtol) if fo else []
    if len(group) >= 2:
        return "optimal", statistics.median(group), f"{len(group)} first-order runs (no simplex/IPM answer)"
    return "", None, ""


def judge_instance(inst, rows, args):
    ref_status, ref_obj, source = inst["ref_status"], inst["ref_obj"], inst["ref_source"]
    if not ref_status:
        ref_status, ref_obj, source = consensus(rows, args.obj_rtol)
        if ref_status and inst.get("spec") and "simplex/IPM runs" in source:
            peers_instances.save_fleet_reference(inst, ref_status, ref_obj, source)
        source = "consensus: " + source if ref_status else source
    for r in rows:
        r["reference"], r["reference_status"], r["reference_source"] = ref_obj, ref_status, source
        r["rel_error"] = relative_error(r["objective"], ref_obj) if r["status"] == "OPTIMAL" else None
        verdict, note = judge(r["status"], ref_status, r["rel_error"], args.obj_rtol)
        if verdict is None:
            verdict, note = "error", r["note"] or f"status {r['status']}"
        elif r["note"] and note:
            note = f"{note}; {r['note']}"
        r["verdict"], r["note"] = verdict, note or r["note"]


# ---- main ----------------------------------------------------------------------
def parse_args():
    ap = argparse.ArgumentParser(description="Compare fleetlp with simplex, IPM and PDLP peers.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("sets", nargs="*", help="netlib, miplib3, kennington, infeasible, unbounded, fleet, "
                    "kkt, folder/name (netlib/afiro) or model paths")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="sets, --tol and --time-limit unless given")
    ap.add_argument("--solvers", help=f"comma list (default {','.join(CPU_SOLVERS)}; with --gpu "
                    f"{','.join(GPU_SOLVERS)}); all: {','.join(peers_solvers.SOLVER_INFO)}")
    ap.add_argument("--gpu", action="store_true", help="GPU mode: fleetlp --device gpu against cuPDLPx")
    ap.add_argument("--tol", type=float, help="relative tolerance of the first-order solvers (default 1e-4)")
    ap.add_argument("--time-limit", type=float, help="seconds per run, every solver (default 60)")
    ap.add_argument("--threads", type=int, default=1, help="threads per run, every solver (default 1)")
    ap.add_argument("-j", "--jobs", type=int, help="runs at once (default 1, the default preset 2; timings "
                    "are honest only when each run has a core to itself)")
    ap.add_argument("--grace", type=float, default=10.0,
                    help="a run is killed after 1.25 x the limit + GRACE seconds (default 10)")
    ap.add_argument("--obj-rtol", type=float, help="objective check |obj - ref| <= RTOL (1 + |ref|); "
                    "default 1e-3, or 1e-6 when --tol is below 1e-5")
    ap.add_argument("--fleet-sizes", help="nodes x slots of the fleet set (default "
                    + ",".join(f"{a}x{b}" for a, b in peers_instances.FLEET_SIZES) + ")")
    ap.add_argument("--fleet-classes", type=int, help="workload classes of the fleet set (default: the "
                    "generator's, 6)")
    ap.add_argument("--fleet-tightness", help="comma list, every one for every size (default: the generator's)")
    ap.add_argument("--fleet-budget", help="on, off or on,off: the budget row (default: the generator's, off)")
    ap.add_argument("--fleet-seeds", help="comma list of generator seeds (default 1)")
    ap.add_argument("--suite-limits", help="per-set time limits, e.g. energy=60,fleet=600 (the set's "
                    "runs get that limit instead of --time-limit)")
    ap.add_argument("--kkt-sizes", help="rows x cols of the kkt set (default "
                    + ",".join(f"{a}x{b}" for a, b in peers_instances.KKT_SIZES) + ")")
    ap.add_argument("--cli", default=os.environ.get("FLEETLP_CLI") or
                    default_cli(("build-bench/fleetlp", "build/fleetlp", "build-release/fleetlp")),
                    help="fleetlp binary (env FLEETLP_CLI)")
    ap.add_argument("--kkt-bin", help="fleetlp_kkt_lp (default: bench/fleetlp_kkt_lp next to --cli)")
    ap.add_argument("--data", default=default_data_dir(), help="data folder (env FLEETLP_DATA_DIR)")
    ap.add_argument("--work", default=DEFAULT_WORK, help="generated instances and run logs (default "
                    "build-peers/, git-ignored)")
    ap.add_argument("--out", help="output folder (default bench/results/peers, or peers-gpu with --gpu)")
    ap.add_argument("--label", help="output file name without extension")
    ap.add_argument("--title", help="a line under the heading of the markdown file (e.g. 'Smoke run')")
    ap.add_argument("--resume", action="store_true", help="keep the runs already in OUT/LABEL.csv "
                    "with the same settings and run only the missing ones")
    ap.add_argument("--report-only", action="store_true", help="rewrite the tables and plots from OUT/LABEL.csv")
    ap.add_argument("--no-venv", action="store_true", help="use this interpreter as it is (the peers' "
                    "packages already installed), e.g. on a GPU machine")
    ap.add_argument("--wheels", help="install the venv from this folder of wheels, without an index")
    ap.add_argument("--dry-run", action="store_true", help="print the runs and their commands, run nothing")
    args = ap.parse_args()
    preset = PRESETS.get(args.preset, {})
    args.sets = args.sets or preset.get("sets", [])
    for key, default in (("tol", 1e-4), ("time_limit", 60.0), ("jobs", 1),
                         ("kkt_sizes", ",".join(f"{a}x{b}" for a, b in peers_instances.KKT_SIZES)),
                         ("fleet_sizes", ",".join(f"{a}x{b}" for a, b in peers_instances.FLEET_SIZES))):
        if getattr(args, key) is None:
            setattr(args, key, preset.get(key, default))
    if args.obj_rtol is None:
        args.obj_rtol = 1e-3 if args.tol >= 1e-5 else 1e-6
    if not args.sets and not args.report_only:
        ap.error("give instance sets or --preset (see bench/README.md)")
    if args.suite_limits is None:
        args.suite_limits = preset.get("suite_limits", "")
    try:
        args.suite_limits = {k: float(v) for k, v in (item.split("=") for item in args.suite_limits.split(",")
                                                      if item)}
    except ValueError:
        ap.error("--suite-limits: give SET=SECONDS,...")
    default_solvers = preset.get("solvers") or (GPU_SOLVERS if args.gpu else CPU_SOLVERS)
    args.solvers = args.solvers.split(",") if args.solvers else list(default_solvers)
    unknown = [s for s in args.solvers if s not in peers_solvers.SOLVER_INFO]
    if unknown:
        ap.error(f"unknown solvers {unknown}; known: {', '.join(peers_solvers.SOLVER_INFO)}")
    args.kkt_bin = args.kkt_bin or os.path.join(os.path.dirname(os.path.abspath(args.cli)), "bench",
                                                "fleetlp_kkt_lp")
    args.out = args.out or os.path.join(REPO, "bench", "results", "peers-gpu" if args.gpu else "peers")
    if not args.label:
        name = args.preset if args.preset and args.sets == preset["sets"] else \
            "+".join(s.replace("/", "-") for s in args.sets[:4]) + ("+more" if len(args.sets) > 4 else "")
        args.label = f"{name}-{args.tol:g}" + ("-gpu" if args.gpu and not name.startswith("gpu") else "")
    args.python = sys.executable
    args.worker = os.path.join(REPO, "bench", "peer_worker.py")
    return args


def collect_instances(args, log):
    data_specs, out = [], []
    for spec in args.sets:
        if spec == "kkt":
            out += peers_instances.kkt_instances(args.work, args.kkt_bin,
                                                 peers_instances.parse_sizes(args.kkt_sizes), log=log)
        elif spec == "fleet":
            grid = peers_instances.fleet_grid(
                peers_instances.parse_sizes(args.fleet_sizes), args.fleet_classes,
                [float(t) for t in args.fleet_tightness.split(",")] if args.fleet_tightness else [None],
                [b == "on" for b in args.fleet_budget.split(",")] if args.fleet_budget else [None],
                [int(x) for x in args.fleet_seeds.split(",")] if args.fleet_seeds else [1])
            out += peers_instances.fleet_instances(args.work, args.cli, grid, log=log)
        elif spec in ("fleet-nightly", "fleet-nightly-smoke"):
            specs = peers_instances.FLEET_NIGHTLY if spec == "fleet-nightly" else peers_instances.FLEET_NIGHTLY_SMOKE
            out += peers_instances.fleet_instances(args.work, args.cli, specs, log=log)
        else:
            data_specs.append(spec)
    if data_specs:
        out = peers_instances.data_instances(data_specs, args.data) + out
    return out


def main():
    args = parse_args()
    if not args.no_venv and not in_venv():
        ensure_venv(args)  # does not return: runs this script again in .venv
    cores = usable_cores()
    if args.jobs * args.threads > cores:
        print(f"run_peers: {args.jobs} runs x {args.threads} threads on {cores} cores: runs share cores, "
              f"so their times are not comparable with runs made alone", flush=True)
    csv_path = os.path.join(args.out, args.label + ".csv")
    if args.report_only:
        rows = peers_report.read_rows(csv_path)
        meta = peers_report.read_meta(os.path.join(args.out, args.label + ".json"))
        print("\n".join(peers_report.write_all(rows, meta, args.out, args.label)))
        return 0
    if not args.dry_run:
        args.solvers = ensure_debian(args.solvers)
    if any(s.startswith("fleetlp") for s in args.solvers) and not os.access(args.cli, os.X_OK):
        sys.exit(f"run_peers: fleetlp binary not found at {args.cli} (build it or pass --cli)")
    os.makedirs(args.work, exist_ok=True)
    args.log_dir = os.path.join(args.work, "logs", args.label)
    os.makedirs(args.log_dir, exist_ok=True)
    tmp = os.path.join(args.work, "tmp")
    os.makedirs(tmp, exist_ok=True)
    instances = collect_instances(args, lambda m: print("  " + m, flush=True))
    if not instances:
        sys.exit("run_peers: no instances")

    k = len(args.solvers)
    plan = [(i, inst, args.solvers[i % k:] + args.solvers[:i % k]) for i, inst in enumerate(instances)]
    if args.dry_run:
        for i, inst, order in plan:
            inst_args = copy.copy(args)
            inst_args.time_limit = instance_limit(inst, args)
            for s in order:
                cmd, _ = peers_solvers.command(s, inst, inst_args, tmp, "dry")
                print(f"{inst['suite']}/{inst['name']} {s}: {' '.join(shlex.quote(c) for c in cmd)}")
        return 0

    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    meta = {"label": args.label, "title": args.title or "", "started": started,
            "command": " ".join(shlex.quote(a) for a in [os.path.relpath(sys.argv[0], REPO)] + sys.argv[1:]),
            "settings": {"tol": args.tol, "time_limit": args.time_limit, "suite_limits": args.suite_limits,
                         "threads": args.threads,
                         "obj_rtol": args.obj_rtol, "hard_timeout": args.time_limit * 1.25 + args.grace,
                         "sets": args.sets, "solvers": args.solvers, "gpu": args.gpu, "jobs": args.jobs},
            "machine": machine_info(args.cli if os.access(args.cli, os.X_OK) else None),
            "solvers": {}}
    for s in args.solvers:
        meta["solvers"][s] = peers_solvers.describe(s, args, tmp)
    kept = {}
    if args.resume and os.path.isfile(csv_path):
        for r in peers_report.read_rows(csv_path):
            if (r["tol"], r["time_limit"], r["threads"]) == (args.tol, args.suite_limits.get(r["suite"], args.time_limit),
                                                              args.threads):
                kept[(r["suite"], r["instance"], r["solver"])] = r
        print(f"run_peers: resuming, {len(kept)} runs kept from {csv_path}", flush=True)

    def stop(signum, _frame):
        kill_live_runs()
        print(f"\nrun_peers: stopped by signal {signum}; the instances finished are in {csv_path} "
              "(run again with --resume to go on)", flush=True)
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    total = len(instances) * k
    print(f"run_peers: {len(instances)} instances x {k} solvers = {total} runs, tol {args.tol:g}, "
          f"limit {args.time_limit:g} s, threads {args.threads} -> {args.out}/{args.label}.*", flush=True)
    # Runs start in plan order; with -j N, N at a time. An instance is judged
    # (and the CSV rewritten) once all its runs are back.
    rows, done, t_start = [], 0, time.monotonic()
    pending = {i: {} for i, _, _ in plan}
    with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {}
        n = 0
        for i, inst, order in plan:
            for s in order:
                n += 1
                key = (inst["suite"], inst["name"], s)
                fut = pool.submit(lambda r: r, kept[key]) if key in kept else \
                    pool.submit(run_one, s, inst, args, tmp, n)
                futures[fut] = (i, inst, s)
        for fut in concurrent.futures.as_completed(futures):
            i, inst, s = futures[fut]
            r = fut.result()
            done += 1
            pending[i][s] = r
            print(f"  [{done:4d}/{total} {(time.monotonic() - t_start) / 60:5.1f} min] "
                  f"{inst['suite'] + '/' + inst['name']:<26} {s:<13} {r['status']:<18} "
                  f"{r['seconds']:8.2f} s {r['peak_mb'] or 0:7.0f} MB", flush=True)
            if len(pending[i]) < k:
                continue
            order = plan[i][2]
            inst_rows = [pending[i][x] for x in order]
            judge_instance(inst, inst_rows, args)
            bad = [f"{x['solver']} {x['verdict']}" for x in inst_rows if x["verdict"] != "correct"]
            ref = inst_rows[0]["reference"]
            print(f"         {inst['name']}: reference {inst_rows[0]['reference_status'] or 'none'} "
                  f"{'' if ref is None else format(ref, '.10g')}"
                  + (f"; {', '.join(bad)}" if bad else "; all correct"), flush=True)
            rows += inst_rows
            peers_report.write_csv(rows, csv_path)
    rows.sort(key=lambda x: x["order"] or 0)
    meta["finished"] = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    print("\n".join(peers_report.write_all(rows, meta, args.out, args.label)))
    return 1 if any(r["verdict"] == "wrong" and r["solver"].startswith("fleetlp") for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
