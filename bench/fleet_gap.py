#!/usr/bin/env python3
"""Where the fleet gap to HiGHS PDLP comes from, in counts that do not depend
on the machine's load (issue 17, section 1).

    bench/fleet_gap.py [MODEL.mps.gz ...] [--highs-debug PATH] [--out bench/results/cpu]

For each fleet LP (default: the 200 x 24, 1,600 x 24 and 3,200 x 24 fleets of
bench/run_peers.py's `fleet` set and the tight 200 x 96 x 16 fleet with the
budget row of `fleet-nightly`, generated when missing) it runs, one at a
time, 1 thread, tolerance 1e-4:

  - Clp, for the reference objective;
  - fleetlp as it is and with one setting changed each (the row guard at 1e-3,
    the power iteration stopped at 1e-4, no polish, no presolve), logging every
    check, to count iterations, restarts, primal-weight updates, power
    iterations, polish iterations and matrix passes;
  - HiGHS PDLP (bench/peer_worker.py, cuPDLP-C's counts from its log), writing
    HiGHS's presolved model;
  - fleetlp on that presolved model (with and without its own presolve), to
    separate presolve from the method;
  - OR-Tools PDLP with per-iteration statistics (restarts, step sizes);
  - optionally a HiGHS `highs` binary built with PDLP_DEBUG_LOG (see
    bench/README.md, "Where the fleet gap comes from"), whose cuPDLP.log has
    the step sizes and primal weight of every iteration.

Writes OUT/fleet-gap.json (every number) and prints markdown tables for
OUT/fleet-gap.md (`--report` prints them again from the JSON). Wall times are recorded but are not the point: on a loaded
machine they are not comparable; the counts are.
"""

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchlib import REPO, default_cli, relative_error  # noqa: E402
import peers_instances  # noqa: E402

WORK = os.path.join(REPO, "build-peers", "gap")
VENV_PY = os.path.join(REPO, ".venv", "bin", "python")
WORKER = os.path.join(REPO, "bench", "peer_worker.py")
TOL = 1e-4

FLEETLP_VARIANTS = [
    ("fleetlp", []),
    ("fleetlp guard_tol=1e-3", ["--set", "guard_tol=1e-3"]),
    ("fleetlp power_iter_tol=1e-4", ["--set", "power_iter_tol=1e-4"]),
    ("fleetlp polish=0", ["--set", "polish=0"]),
    ("fleetlp presolve=0", ["--set", "presolve=0"]),
]

# "scaling   10 Ruiz + Pock-Chambolle + bound/objective, ||A|| = 0.997731 (46 power iterations), step 1.00027"
SCALING = re.compile(r"\|\|A\|\| = (\S+) \((\d+) power iterations?\), step (\S+)")
PRESOLVE = re.compile(r"^presolve\s+removed .*?(\d+) rows, (\d+) columns, (\d+) nonzeros left", re.M)
CONVERGED = re.compile(r"^notice: iteration (\d+): converged in norm", re.M)
POLISH = re.compile(r"^notice: iteration (\d+): feasibility polish, (\d+) iterations: .*; (accepted|not kept)", re.M)
LOG_ROW = re.compile(r"^\s*(\d+)\s+\S+s\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*(\w*)\s*$", re.M)


def run(cmd, log_path, cwd=None, timeout=3600):
    t0 = time.monotonic()
    with open(log_path, "w") as log:
        res = subprocess.run(cmd, stdout=log, stderr=subprocess.STDOUT, cwd=cwd, timeout=timeout,
                             env=dict(os.environ, OMP_NUM_THREADS="1"))
    with open(log_path, errors="replace") as f:
        return res.returncode, f.read(), time.monotonic() - t0


def clp_reference(model, name):
    path = model
    if model.endswith(".mps.gz"):  # Clp reads free MPS only when NAME says FREE (bench/peers_solvers.py)
        path = os.path.join(WORK, name + ".free.mps")
        if not os.path.isfile(path):
            import gzip
            with gzip.open(model, "rt") as src, open(path + ".tmp", "w") as out:
                first = True
                for line in src:
                    if first and line.startswith("NAME"):
                        parts = line.split()
                        line = f"NAME {parts[1] if len(parts) > 1 else 'LP'} FREE\n"
                    first = False
                    out.write(line)
            os.replace(path + ".tmp", path)
    _, out, secs = run(["clp", path, "-dualS"], os.path.join(WORK, name + ".clp.log"))
    m = re.findall(r"^Optimal objective (\S+) - (\d+) iterations", out, re.M)
    return (float(m[-1][0]) if m else None), secs


FRESH = False  # --fresh: run again what build-peers/gap/ already has


def fleetlp_run(cli, model, tag, extra):
    js, log = os.path.join(WORK, tag + ".json"), os.path.join(WORK, tag + ".log")
    if not FRESH and os.path.isfile(js) and os.path.isfile(log):
        code, out, secs = 0, open(log, errors="replace").read(), None
    else:
        code, out, secs = run([cli, "solve", model, "--tol", repr(TOL), "--threads", "1", "--log-every", "0",
                               "--json", js] + extra, log)
    d = json.load(open(js)) if os.path.isfile(js) else {}
    m = SCALING.search(out)
    rows = LOG_ROW.findall(out)
    weights = [float(r[7]) for r in rows]
    updates = sum(1 for a, b in zip(weights, weights[1:]) if a != b)
    pre = PRESOLVE.search(out)
    conv = CONVERGED.search(out)
    polishes = POLISH.findall(out)
    return {"status": d.get("status", f"exit {code}"), "objective": d.get("objective"),
            "converged_in_norm_at": int(conv.group(1)) if conv else None,
            "polishes": [f"{it}: {kept}" for it, _, kept in polishes],
            "iterations": d.get("iterations"), "polish_iterations": d.get("polish_iterations"),
            "restarts": d.get("restarts"), "weight_updates": updates, "checks": len(rows),
            "matrix_passes": d.get("matrix_passes"),
            "power_iterations": int(m.group(2)) if m else None, "norm_A": float(m.group(1)) if m else None,
            "step": float(m.group(3)) if m else None, "weight_last": weights[-1] if weights else None,
            "solver_nonzeros": int(pre.group(3)) if pre else d.get("nonzeros"), "nonzeros": d.get("nonzeros"),
            "setup_seconds": d.get("setup_seconds"), "seconds": d.get("total_seconds"), "wall": secs}


def worker_run(solver, model, tag, extra=()):
    js = os.path.join(WORK, tag + ".json")
    secs = None
    if FRESH or not os.path.isfile(js):
        _, _, secs = run([VENV_PY, WORKER, solver, model, "--tol", repr(TOL), "--time-limit", "3000",
                          "--threads", "1", "--json", js] + list(extra), os.path.join(WORK, tag + ".log"))
    d = json.load(open(js)) if os.path.isfile(js) else {}
    d.pop("settings", None)
    d["wall"] = secs
    return d


def highs_debug_run(binary, model, tag):
    """The debug-built highs: cuPDLP.log has beta and the primal and dual steps
    of every iteration; step = sqrt(primal * dual), weight = sqrt(beta)."""
    folder = os.path.join(WORK, tag)
    os.makedirs(folder, exist_ok=True)
    opts = os.path.join(folder, "pdlp.opt")
    with open(opts, "w") as f:
        f.write(f"solver = pdlp\nthreads = 1\nparallel = off\nkkt_tolerance = {TOL}\n"
                f"primal_feasibility_tolerance = {TOL}\ndual_feasibility_tolerance = {TOL}\n"
                f"pdlp_optimality_tolerance = {TOL}\nlog_dev_level = 1\n")
    path = os.path.join(folder, "cuPDLP.log")
    secs = None
    if FRESH or not os.path.isfile(path):
        _, _, secs = run([binary, "--options_file", opts, model], os.path.join(folder, "highs.log"), cwd=folder)
    steps, weights = [], []
    if os.path.isfile(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 9 and parts[0].isdigit():
                    beta, ps, ds = map(float, parts[6:9])
                    steps.append(math.sqrt(ps * ds))
                    weights.append(math.sqrt(beta))
    if not steps:
        return {"note": "no per-iteration lines in cuPDLP.log (not a PDLP_DEBUG_LOG build?)", "wall": secs}
    n = len(steps)
    tail = steps[n // 2:]
    changes = sum(1 for a, b in zip(weights, weights[1:]) if a != b)
    return {"iterations_logged": n, "step_first": steps[0], "step_last": steps[-1],
            "step_median_second_half": statistics.median(tail), "step_min": min(steps), "step_max": max(steps),
            "weight_first": weights[0], "weight_last": weights[-1], "weight_updates": changes, "wall": secs}


def _f(v, spec=",.0f"):
    return "" if v is None else format(v, spec)


def markdown(results):
    """The tables of bench/results/cpu/fleet-gap.md, from fleet-gap.json."""
    lines = []
    for name, r in results.items():
        if name.startswith("_"):
            continue
        lines += [f"### {name}", "", f"Reference (Clp dual simplex): {r.get('reference')}", "",
                  "| run | status | rel. error | iterations | in norm at | polishes (at: kept?) | polish it. | "
                  "matrix passes | restarts | weight updates | power it. | step | nonzeros iterated on |",
                  "|---|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|"]
        hd = r.get("highs-debug") or {}
        for label, v in r.items():
            if not isinstance(v, dict) or label == "highs-debug":
                continue
            if label == "highs-pdlp" and hd.get("weight_updates") is not None:
                v = dict(v, weight_updates=hd["weight_updates"])
            pol = ", ".join(p.replace(": accepted", " yes").replace(": not kept", " no")
                            for p in v.get("polishes") or [])
            lines.append(f"| {label} | {v.get('status', '')} | {_f(v.get('rel_error'), '.1e')} | "
                         f"{_f(v.get('iterations'))} | {_f(v.get('converged_in_norm_at'))} | {pol} | "
                         f"{_f(v.get('polish_iterations'))} | "
                         f"{_f(v.get('matrix_passes'))} | {_f(v.get('restarts'))} | {_f(v.get('weight_updates'))} | "
                         f"{_f(v.get('power_iterations'))} | {_f(v.get('step'), '.4g')} | "
                         f"{_f(v.get('solver_nonzeros'))} |")
        hd, orl = r.get("highs-debug"), r.get("ortools-pdlp") or {}
        lines.append("")
        if hd and "step_first" in hd:
            lines.append(f"HiGHS PDLP's adaptive step (sqrt(primal step x dual step), its scaled LP): first "
                         f"{hd['step_first']:.3g}, last {hd['step_last']:.3g}, median of the second half "
                         f"{hd['step_median_second_half']:.3g}, range {hd['step_min']:.3g}-{hd['step_max']:.3g}; "
                         f"primal weight {hd['weight_first']:.3g} -> {hd['weight_last']:.3g} "
                         f"({hd['weight_updates']} changes), {hd['iterations_logged']} iterations logged.")
        if orl.get("step_size_first") is not None:
            lines.append(f"OR-Tools PDLP's adaptive step: first {orl['step_size_first']:.3g}, last "
                         f"{orl['step_size_last']:.3g}, median {orl['step_size_median']:.3g}; "
                         f"{_f(orl.get('rejected_steps'))} rejected steps.")
        if r.get("highs-pdlp", {}).get("rejected_steps") is not None:
            lines.append(f"HiGHS PDLP: {r['highs-pdlp']['rejected_steps']} rejected step trials (Ax calls - 1 - "
                         "checks - iterations).")
        lines.append("")
    return "\n".join(lines)


def default_models(cli):
    specs = [peers_instances.fleet_spec(200, 24), peers_instances.fleet_spec(1600, 24),
             peers_instances.fleet_spec(3200, 24), peers_instances.fleet_spec(200, 96, 16, 1.1, True, 1)]
    insts = peers_instances.fleet_instances(os.path.join(REPO, "build-peers"), cli, specs)
    return [i["path"] for i in insts]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("models", nargs="*", help="fleet LPs (default: fleet-200x24-s1, fleet-1600x24-s1, "
                    "fleet-3200x24-s1, fleet-200x96x16-t1.1-b-s1)")
    ap.add_argument("--cli", default=default_cli(("build-bench/fleetlp", "build/fleetlp")))
    ap.add_argument("--highs-debug", help="a highs binary built with PDLP_DEBUG_LOG = 1 (step sizes)")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results", "cpu"))
    ap.add_argument("--skip-ortools", action="store_true")
    ap.add_argument("--fresh", action="store_true", help="run everything again (default: keep the runs "
                    "already in build-peers/gap/)")
    ap.add_argument("--report", action="store_true", help="print the tables of OUT/fleet-gap.json, run nothing")
    args = ap.parse_args()
    if args.report:
        print(markdown(json.load(open(os.path.join(args.out, "fleet-gap.json")))))
        return 0
    global FRESH
    FRESH = args.fresh
    os.makedirs(WORK, exist_ok=True)
    models = args.models or default_models(args.cli)
    results = {"_meta": {"fleetlp": subprocess.run([args.cli, "--version"], capture_output=True, text=True)
                         .stdout.splitlines()[0],
                         "commit": subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], capture_output=True,
                                                  text=True, cwd=REPO).stdout.strip(),
                         "tol": TOL, "threads": 1}}
    for model in models:
        name = os.path.basename(model).replace(".mps.gz", "").replace(".mps", "")
        r = results[name] = {"model": os.path.relpath(model, REPO)}
        print(f"{name}: clp", flush=True)
        r["reference"], r["clp_seconds"] = clp_reference(model, name)
        for label, extra in FLEETLP_VARIANTS:
            print(f"{name}: {label}", flush=True)
            r[label] = fleetlp_run(args.cli, model, f"{name}.{label.replace(' ', '_')}", extra)
        presolved = os.path.join(WORK, name + ".highs-presolved.mps")
        print(f"{name}: highs-pdlp", flush=True)
        if not os.path.isfile(presolved) and os.path.isfile(os.path.join(WORK, name + ".highs-pdlp.json")):
            os.remove(os.path.join(WORK, name + ".highs-pdlp.json"))  # run again, for the presolved LP
        r["highs-pdlp"] = worker_run("highs-pdlp", model, name + ".highs-pdlp", ["--presolved-out", presolved])
        if os.path.isfile(presolved):
            for label, extra in (("fleetlp on HiGHS's presolved LP", []),
                                 ("fleetlp presolve=0 on HiGHS's presolved LP", ["--set", "presolve=0"])):
                print(f"{name}: {label}", flush=True)
                r[label] = fleetlp_run(args.cli, presolved, f"{name}.{label.replace(' ', '_').replace(chr(39), '')}",
                                       extra)
        if not args.skip_ortools:
            print(f"{name}: ortools-pdlp (per-iteration stats)", flush=True)
            r["ortools-pdlp"] = worker_run("ortools-pdlp", model, name + ".ortools-pdlp", ["--detail"])
        if args.highs_debug:
            print(f"{name}: highs (PDLP_DEBUG_LOG build)", flush=True)
            r["highs-debug"] = highs_debug_run(args.highs_debug, model, name + ".highs-debug")
        for key, v in r.items():
            if isinstance(v, dict) and v.get("objective") is not None and r["reference"] is not None:
                v["rel_error"] = relative_error(v["objective"], r["reference"])
        os.makedirs(args.out, exist_ok=True)
        with open(os.path.join(args.out, "fleet-gap.json.tmp"), "w") as f:
            json.dump(results, f, indent=1)
        os.replace(os.path.join(args.out, "fleet-gap.json.tmp"), os.path.join(args.out, "fleet-gap.json"))
    print(markdown(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
