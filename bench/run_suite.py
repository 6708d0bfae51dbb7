#!/usr/bin/env python3
"""Run the fleetlp CLI on a set of test LPs and check the answers.

Each instance is solved with `fleetlp solve MODEL --json FILE ...`; the JSON
summary is compared with the folder's reference.csv (name,status,objective)
and every run gets a verdict:

  correct   OPTIMAL within the objective tolerance of a feasible reference, or
            the matching certificate status (PRIMAL_INFEASIBLE for an
            infeasible reference, DUAL_INFEASIBLE for an unbounded one)
  wrong     OPTIMAL with a wrong objective, an infeasibility status on a
            feasible LP, OPTIMAL on an infeasible or unbounded LP, or
            PRIMAL_INFEASIBLE on an unbounded LP
  unsolved  time/iteration limit, numerical trouble, killed after the grace
            time, or DUAL_INFEASIBLE on an infeasible LP (a dual ray is no
            proof of primal infeasibility)
  error     the command failed otherwise (bad input, crash, no JSON)

Results go to OUT/LABEL.csv and OUT/LABEL.md (table, summary, machine info).
Python 3 standard library only. See bench/README.md for the presets.
"""

import argparse
import concurrent.futures
import csv
import datetime
import json
import os
import shlex
import subprocess
import sys
import tempfile
import time

from benchlib import (REPO, default_cli, default_data_dir, expand, fmt, judge,
                      machine_info, model_name, read_reference, shifted_geomean)

# Exit codes of `fleetlp solve` (see `fleetlp --help`).
EXIT_STATUS = {0: "OPTIMAL", 10: "PRIMAL_INFEASIBLE", 11: "DUAL_INFEASIBLE", 12: "LIMIT",
               2: "INPUT_ERROR", 3: "NUMERICAL_ERROR", 75: "CHECKPOINTED"}

# The netlib models of the core issue's 1e-8 target (30 models, 60 s each,
# |err| <= 1e-6 (1 + |ref|)). Pass --list to use another set.
NETLIB_1E8 = ["afiro", "adlittle", "sc50a", "sc50b", "sc105", "kb2", "blend", "share2b", "scagr7",
              "israel", "stocfor1", "lotfi", "recipe", "boeing1", "boeing2", "forplan", "seba",
              "nesm", "vtpbase", "capri", "stair", "tuff", "perold", "pilot4", "degen2", "scfxm1",
              "25fv47", "80bau3b", "greenbea", "e226"]

# Presets for the "Done when" targets: (suites or instances, tol, time limit, objective rtol).
PRESETS = {
    "netlib-1e-4": (["netlib"], 1e-4, 20.0, 1e-3),
    "netlib-1e-8": (["netlib/" + n for n in NETLIB_1E8], 1e-8, 60.0, 1e-6),
    "infeasible": (["infeasible", "unbounded"], 1e-4, 60.0, 1e-3),
    "miplib3-1e-4": (["miplib3"], 1e-4, 60.0, 1e-3),
    "kennington-1e-4": (["kennington"], 1e-4, 60.0, 1e-3),
    "larger-1e-4": (["miplib3", "kennington"], 1e-4, 60.0, 1e-3),
}


def run_one(path, args, workdir):
    name = model_name(path)
    suite = os.path.basename(os.path.dirname(path))
    ref_status, ref_obj = read_reference(os.path.dirname(path)).get(name, ("", None))
    json_path = os.path.join(workdir, f"{suite}__{name}.json")
    cmd = [args.cli, "solve", path, "--tol", repr(args.tol), "--threads", str(args.threads),
           "--json", json_path, "--quiet"]
    if args.time_limit > 0:
        cmd += ["--time-limit", repr(args.time_limit)]
    if args.device:
        cmd += ["--device", args.device]
    cmd += shlex.split(args.extra)
    grace = (args.time_limit * 1.5 + 60.0) if args.time_limit > 0 else None
    t0 = time.monotonic()
    killed = False
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=grace,
                              text=True, errors="replace")
        code, stderr = proc.returncode, proc.stderr
    except subprocess.TimeoutExpired as e:
        killed, code = True, None
        stderr = e.stderr.decode(errors="replace") if isinstance(e.stderr, bytes) else (e.stderr or "")
    wall = time.monotonic() - t0
    summary = {}
    if os.path.isfile(json_path):
        try:
            with open(json_path) as f:
                summary = json.load(f)
        except (OSError, ValueError):
            summary = {}
    if args.keep_logs:
        with open(os.path.join(args.keep_logs, f"{suite}__{name}.log"), "w") as f:
            f.write(" ".join(shlex.quote(c) for c in cmd) + f"\nexit {code}\n{stderr}")
    status = str(summary.get("status", "")).upper()
    if killed:
        status = "KILLED"
    elif not status:
        status = EXIT_STATUS.get(code, f"EXIT_{code}" if code is not None and code >= 0 else "CRASH")

    def num(key):
        v = summary.get(key)
        return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None

    obj = num("objective")
    rel = abs(obj - ref_obj) / (1.0 + abs(ref_obj)) if obj is not None and ref_obj is not None else None
    verdict, note = classify(status, ref_status, rel, args.obj_rtol, code, summary)
    if verdict == "error" and stderr.strip():
        note = (note + " " if note else "") + stderr.strip().splitlines()[-1][:160]
    seconds = num("total_seconds")
    return {
        "suite": suite, "instance": name, "status": status, "reference_status": ref_status,
        "reference": ref_obj, "objective": obj, "rel_error": rel, "iterations": num("iterations"),
        "seconds": seconds if seconds is not None else wall, "wall_seconds": wall,
        "exit_code": code, "verdict": verdict, "note": note,
    }


def classify(status, ref_status, rel, rtol, code, summary):
    verdict, note = judge(status, ref_status, rel, rtol)
    if verdict:
        return verdict, note
    if not summary and code not in (None, 12):
        return "error", f"exit {code}"
    return "error", f"status {status}"


def write_outputs(rows, args, label, info, started):
    os.makedirs(args.out, exist_ok=True)
    csv_path = os.path.join(args.out, label + ".csv")
    md_path = os.path.join(args.out, label + ".md")
    fields = ["suite", "instance", "status", "reference_status", "reference", "objective",
              "rel_error", "iterations", "seconds", "wall_seconds", "exit_code", "verdict", "note"]
    with open(csv_path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r[k] is None else r[k]) for k in fields})
    os.replace(csv_path + ".tmp", csv_path)

    counts = {v: sum(r["verdict"] == v for r in rows) for v in ("correct", "wrong", "unsolved", "error", "unchecked")}
    statuses = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    solved_times = [r["seconds"] for r in rows if r["verdict"] == "correct"]
    all_times = [r["seconds"] if r["verdict"] == "correct" else max(r["seconds"], args.time_limit)
                 for r in rows]
    summary = (f"**{label}**: {len(rows)} instances, {counts['correct']} correct, {counts['wrong']} wrong, "
               f"{counts['unsolved']} unsolved, {counts['error']} error"
               + (f", {counts['unchecked']} without reference" if counts["unchecked"] else "")
               + "; statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
               + f"; never OPTIMAL on infeasible/unbounded: "
               + ("yes" if not any(r["status"] == "OPTIMAL" and r["reference_status"] in ("infeasible", "unbounded") for r in rows) else "NO")
               + f"; shifted geomean time (shift 10 s, unsolved at the limit) {shifted_geomean(all_times):.2f} s"
               + f"; total solve time of correct runs {sum(solved_times):.1f} s")

    lines = [f"# fleetlp suite run: {label}", "",
             f"Started {started} (UTC). Command: `{' '.join(shlex.quote(a) for a in sys.argv)}`", "",
             f"Settings: tol {args.tol:g}, time limit {args.time_limit:g} s, threads {args.threads}, "
             f"device {args.device or 'default'}, parallel jobs {args.jobs}, objective check "
             f"|obj - ref| <= {args.obj_rtol:g} (1 + |ref|)" + (f", extra `{args.extra}`" if args.extra else ""), "",
             "Machine: " + "; ".join(f"{k} {v}" for k, v in info.items()), "",
             summary, "",
             "| instance | status | reference | objective | relative error | iterations | seconds | verdict |",
             "|---|---|---|---|---:|---:|---:|---|"]
    for r in rows:
        ref = fmt(r["reference"], ".10g") if r["reference"] is not None else r["reference_status"]
        verdict = r["verdict"] if r["verdict"] == "correct" else f"**{r['verdict']}**"
        if r["note"]:
            verdict += f" ({r['note'].replace('|', '/')})"
        # a certificate run's "objective" is the last iterate's, not an answer
        obj = "" if r["status"] in ("PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE") else fmt(r["objective"], ".10g")
        secs = f"{r['seconds']:.3f}" if r["seconds"] < 1 else f"{r['seconds']:.2f}"
        lines.append(f"| {r['suite']}/{r['instance']} | {r['status']} | {ref} | {obj} | "
                     f"{fmt(r['rel_error'], '.2e')} | {fmt(r['iterations'], '.0f')} | {secs} | {verdict} |")
    lines.append("")
    with open(md_path + ".tmp", "w") as f:
        f.write("\n".join(lines))
    os.replace(md_path + ".tmp", md_path)
    return csv_path, md_path, summary, counts


def main():
    ap = argparse.ArgumentParser(description="Run fleetlp on test LPs and compare with reference.csv.",
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("instances", nargs="*",
                    help="data folders (netlib, infeasible, miplib3, kennington, unbounded), "
                         "folder/name (netlib/afiro) or model paths")
    ap.add_argument("--preset", choices=sorted(PRESETS), help="a 'Done when' target: sets instances, "
                    "--tol, --time-limit and --obj-rtol unless given")
    ap.add_argument("--list", help="file with one instance spec a line (# comments)")
    ap.add_argument("--tol", type=float, help="relative tolerance (default 1e-4)")
    ap.add_argument("--time-limit", type=float, help="seconds per instance (default 20)")
    ap.add_argument("--threads", type=int, default=1, help="threads per solve (default 1)")
    ap.add_argument("-j", "--jobs", type=int, default=1, help="solves run at once (default 1)")
    ap.add_argument("--device", choices=["auto", "cpu", "gpu"], help="passed to --device")
    ap.add_argument("--obj-rtol", type=float,
                    help="objective check |obj-ref| <= RTOL (1+|ref|); default 1e-3, or 1e-6 when tol < 1e-5")
    ap.add_argument("--cli", default=os.environ.get("FLEETLP_CLI") or default_cli(), help="fleetlp binary")
    ap.add_argument("--data", default=default_data_dir(), help="data folder (env FLEETLP_DATA_DIR)")
    ap.add_argument("--out", help="output folder (default bench/results/<device or cpu>)")
    ap.add_argument("--label", help="output file name without extension (default <preset or suites>-<tol>)")
    ap.add_argument("--extra", default="", help="more arguments for `fleetlp solve`, one string")
    ap.add_argument("--keep-logs", help="folder for each run's command line and stderr")
    args = ap.parse_args()

    specs = list(args.instances)
    if args.list:
        with open(args.list) as f:
            specs += [line.split("#")[0].strip() for line in f]
    if args.preset:
        p_specs, p_tol, p_time, p_rtol = PRESETS[args.preset]
        specs = specs or p_specs
        args.tol = args.tol if args.tol is not None else p_tol
        args.time_limit = args.time_limit if args.time_limit is not None else p_time
        args.obj_rtol = args.obj_rtol if args.obj_rtol is not None else p_rtol
    if not [s for s in specs if s]:
        ap.error("give instances, --list or --preset")
    args.tol = 1e-4 if args.tol is None else args.tol
    args.time_limit = 20.0 if args.time_limit is None else args.time_limit
    if args.obj_rtol is None:
        args.obj_rtol = 1e-3 if args.tol >= 1e-5 else 1e-6
    if not os.access(args.cli, os.X_OK):
        sys.exit(f"run_suite: fleetlp binary not found at {args.cli} (build it or pass --cli)")
    args.out = args.out or os.path.join(REPO, "bench", "results", args.device if args.device in ("gpu", "cpu") else "cpu")
    if args.keep_logs:
        os.makedirs(args.keep_logs, exist_ok=True)
    if args.label:
        label = args.label
    elif args.preset:
        label = args.preset if args.tol == PRESETS[args.preset][1] else f"{args.preset}-tol{args.tol:g}"
    else:
        label = "+".join(s.replace("/", "-") for s in specs[:3]) + ("+more" if len(specs) > 3 else "")
        label += f"-{args.tol:g}"

    paths = expand(specs, args.data)
    started = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    info = machine_info(args.cli)
    print(f"run_suite: {len(paths)} instances, tol {args.tol:g}, time limit {args.time_limit:g} s, "
          f"{args.jobs} at once -> {args.out}/{label}.md", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="fleetlp-suite-") as workdir, \
            concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        futures = {pool.submit(run_one, p, args, workdir): p for p in paths}
        for fut in concurrent.futures.as_completed(futures):
            r = fut.result()
            rows.append(r)
            print(f"  [{len(rows):3d}/{len(paths)}] {r['suite'] + '/' + r['instance']:<24} {r['status']:<18} "
                  f"{r['seconds']:8.2f} s  {r['verdict']}" + (f" ({r['note']})" if r["note"] else ""), flush=True)
    rows.sort(key=lambda r: (r["suite"], r["instance"]))
    _, md_path, summary, counts = write_outputs(rows, args, label, info, started)
    print(summary.replace("**", ""))
    print(f"wrote {md_path} and .csv")
    return 1 if counts["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
