"""The solvers of bench/run_peers.py: how each is called, read and described.

command() gives the command line of one run and the file it leaves its
answer in; parse() turns what the run left (exit code, output, file) into
status (fleetlp's words), objective (user's sense, constant included),
iterations and seconds (the solve alone: reading the model is not counted,
as in fleetlp's total_seconds); describe() gives the version and the
settings for the record.
"""

import gzip
import json
import math
import os
import re
import subprocess

from benchlib import objective_row_rhs, run_measured

# kind: "first-order" solvers get --tol; "simplex" and "interior point" run at
# their defaults. tolerance: how --tol EPS reaches the solver (README table).
SOLVER_INFO = {
    "fleetlp": {
        "kind": "first-order", "runner": "fleetlp", "method": "fleetlp restarted Halpern PDHG, CPU backend",
        "tolerance": "`--tol EPS`: ‖Ax − proj(Ax)‖ ≤ EPS (1 + ‖row bounds‖), "
                     "‖c − A'y − λ‖ ≤ EPS (1 + ‖c‖), |p − d| ≤ EPS (1 + |p| + |d|), l2 norms; "
                     "plus its guards: objective sensitivity ≤ EPS, every row ≤ EPS of its size "
                     "(README, 'When fleetlp says OPTIMAL'; bench/termination.md)",
        "passes": "its own count (`matrix_passes` in --json): iterations, 2 per check (every 64), "
                  "power iteration, feasibility polishes and infeasibility probes"},
    "fleetlp-gpu": {
        "kind": "first-order", "runner": "fleetlp", "method": "fleetlp restarted Halpern PDHG, CUDA backend",
        "tolerance": "as fleetlp, `--device gpu`",
        "passes": "as fleetlp"},
    "highs-dual": {
        "kind": "simplex", "runner": "python", "method": "HiGHS dual simplex (solver=simplex, serial)",
        "tolerance": "defaults (primal/dual feasibility 1e-7, absolute)"},
    "highs-ipm": {
        "kind": "interior point", "runner": "python", "method": "HiGHS interior point (solver=ipm) with crossover",
        "tolerance": "defaults (ipm_optimality_tolerance 1e-8, then crossover to a basis)"},
    "highs-ipm-nox": {
        "kind": "interior point", "runner": "python",
        "method": "HiGHS interior point (solver=ipm) without crossover (run_crossover=off)",
        "tolerance": "defaults (ipm_optimality_tolerance 1e-8); for reference objectives of large fleets"},
    "highs-pdlp": {
        "kind": "first-order", "runner": "python", "method": "HiGHS PDLP (solver=pdlp, cuPDLP-C on the CPU)",
        "tolerance": "kkt_tolerance = primal_feasibility_tolerance = dual_feasibility_tolerance = "
                     "pdlp_optimality_tolerance = EPS (PDLP's relative primal, dual and gap tolerances; "
                     "bench/termination.md)",
        "passes": "(Ax calls + A'y calls) / 2 from cuPDLP-C's log at log_dev_level 1: 1 at the start, 1 per "
                  "adaptive-step trial (accepted or rejected), 1 per check (iterations 0-9, then every 40); "
                  "on HiGHS's presolved LP"},
    "ortools-pdlp": {
        "kind": "first-order", "runner": "python", "method": "OR-Tools PDLP (ortools.pdlp)",
        "tolerance": "termination_criteria.simple_optimality_criteria eps_optimal_absolute = "
                     "eps_optimal_relative = EPS, optimality_norm L2 (‖r‖ ≤ EPS + EPS ‖b‖: the same test)",
        "passes": "its own SolveLog.solution_stats.cumulative_kkt_matrix_passes = iterations + rejected "
                  "steps; its termination checks (every 64 iterations) are not counted"},
    "cupdlpx": {
        "kind": "first-order", "runner": "python", "method": "cuPDLPx on the GPU (Python package cupdlpx)",
        "tolerance": "eps_optimal_relative = eps_feasible_relative = EPS (relative to 1 + norm)",
        "passes": "not reported (its result has the iteration count only)"},
    "clp": {
        "kind": "simplex", "runner": "clp", "method": "Clp dual simplex (`clp MODEL -sec T -dualS`)",
        "tolerance": "defaults (primal/dual tolerance 1e-7)"},
    "glpk": {
        "kind": "simplex", "runner": "glpk", "method": "GLPK simplex (`glpsol --nomip`, its defaults)",
        "tolerance": "defaults (tol_bnd = tol_dj = 1e-7)"},
}


def _free_copy_for_clp(inst, tmp):
    """Clp reads free MPS only when the NAME line says FREE: a marked copy (not timed)."""
    dest = os.path.join(tmp, "clp", inst["suite"] + "__" + os.path.basename(inst["path"]).replace(".gz", ""))
    if os.path.isfile(dest) and os.path.getmtime(dest) >= os.path.getmtime(inst["path"]):
        return dest
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    opener = gzip.open if inst["path"].endswith(".gz") else open
    marked = False
    with opener(inst["path"], "rt") as src, open(dest + ".tmp", "w") as out:
        for line in src:
            if not marked and line.startswith("NAME"):
                parts = line.split()
                line = f"NAME {parts[1] if len(parts) > 1 else 'LP'} FREE\n"
                marked = True
            elif not marked and not line.startswith("*") and line.strip():
                out.write("NAME LP FREE\n")
                marked = True
            out.write(line)
    os.replace(dest + ".tmp", dest)
    return dest


MPS_SECTIONS = {"NAME", "ROWS", "COLUMNS", "RHS", "RANGES", "BOUNDS", "ENDATA", "OBJSENSE", "OBJSENS",
                "OBJNAME"}
_STANDARD_COPY = {}


def _standard_copy(inst, tmp):
    """OR-Tools' MPS reader stops at a section it does not know (miplib3/dcmulti
    has IMPORTANCES): such a file is given to it (and to cuPDLPx) as a copy
    without those sections, made once, outside the timed run."""
    path = inst["path"]
    if path in _STANDARD_COPY:
        return _STANDARD_COPY[path]
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        lines = f.readlines()
    keep, out, dropped = True, [], False
    for line in lines:
        if line[:1] not in (" ", "\t", "*", "\n", "\r", ""):
            keep = line.split()[0].upper() in MPS_SECTIONS
            dropped = dropped or not keep
        if keep:
            out.append(line)
    dest = path
    if dropped:
        dest = os.path.join(tmp, "standard", inst["suite"] + "__" + os.path.basename(path).replace(".gz", ""))
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        with open(dest + ".tmp", "w") as f:
            f.writelines(out)
        os.replace(dest + ".tmp", dest)
    _STANDARD_COPY[path] = dest
    return dest


_GLPK_FORMAT = {}


def _glpk_format(inst):
    """GLPK's fixed-MPS reader is strict (no tabs, nothing after the NAME field):
    a data-set file it refuses as fixed is given to it as free MPS. Checked
    once per file with `glpsol --check`, before and outside the timed run."""
    path = inst["path"]
    if inst["free_mps"]:
        return "--freemps"
    if path not in _GLPK_FORMAT:
        ok = subprocess.run(["glpsol", "--mps", path, "--check"], capture_output=True).returncode == 0
        _GLPK_FORMAT[path] = "--mps" if ok else "--freemps"
    return _GLPK_FORMAT[path]


def command(solver, inst, args, tmp, tag):
    """(argv, result file or None) for one run."""
    info = SOLVER_INFO[solver]
    limit = args.time_limit
    if info["runner"] == "fleetlp":
        out = os.path.join(tmp, tag + ".json")
        cmd = [args.cli, "solve", inst["path"], "--tol", repr(args.tol), "--threads", str(args.threads),
               "--time-limit", repr(limit), "--device", "gpu" if solver == "fleetlp-gpu" else "cpu",
               "--json", out]  # not --quiet: the log's presolve line gives the size PDHG ran on
        return cmd, out
    if info["runner"] == "python":
        out = os.path.join(tmp, tag + ".json")
        path = _standard_copy(inst, tmp) if solver in ("ortools-pdlp", "cupdlpx") and tag != "dry" \
            else inst["path"]
        return [args.python, args.worker, solver, path, "--tol", repr(args.tol), "--time-limit",
                repr(limit), "--threads", str(args.threads), "--json", out], out
    if solver == "clp":
        path = _free_copy_for_clp(inst, tmp) if inst["free_mps"] and tag != "dry" else inst["path"]
        return ["clp", path, "-sec", repr(limit), "-dualS"], None
    if solver == "glpk":
        out = os.path.join(tmp, tag + ".glpk")  # never /dev/null: glpsol would replace it
        return ["glpsol", _glpk_format(inst), inst["path"], "--nomip",
                "--tmlim", str(max(1, int(math.ceil(limit)))), "-w", out], out
    raise ValueError(solver)


def _num(v):
    return float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None


# "presolve  removed 49 rows and 165 columns: 48144 rows, 105811 columns, 768718 nonzeros left"
FLEETLP_PRESOLVE = re.compile(r"^presolve\s+removed .*?(\d+) nonzeros left", re.M)

FLEETLP_EXIT = {0: "OPTIMAL", 10: "PRIMAL_INFEASIBLE", 11: "DUAL_INFEASIBLE", 12: "LIMIT",
                2: "INPUT_ERROR", 3: "NUMERICAL_ERROR", 75: "INTERRUPTED"}


def _read_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError, TypeError):
        return {}


def _last_line(text):
    lines = [x for x in text.strip().splitlines() if x.strip()]
    return lines[-1][:200] if lines else ""


def parse(solver, inst, code, output, result_file):
    runner = SOLVER_INFO[solver]["runner"]
    if runner == "fleetlp":
        d = _read_json(result_file)
        status = str(d.get("status", "")).upper() or FLEETLP_EXIT.get(code, f"EXIT_{code}")
        m = FLEETLP_PRESOLVE.search(output)
        return {"status": status, "objective": _num(d.get("objective")), "iterations": _num(d.get("iterations")),
                "matrix_passes": _num(d.get("matrix_passes")), "restarts": _num(d.get("restarts")),
                "solver_nonzeros": int(m.group(1)) if m else _num(d.get("nonzeros")),
                "seconds": _num(d.get("total_seconds")), "nonzeros": d.get("nonzeros"),
                "version": f"fleetlp {d.get('solver_version', '')} {d.get('device', '')}".strip(),
                "native_status": d.get("status", ""),
                "note": "" if d else f"exit {code}: {_last_line(output)}"}
    if runner == "python":
        d = _read_json(result_file)
        if not d:
            return {"status": "ERROR", "note": f"exit {code}: {_last_line(output)}"}
        return {"status": d.get("status", "ERROR"), "native_status": d.get("native_status", ""),
                "objective": _num(d.get("objective")), "iterations": _num(d.get("iterations")),
                "matrix_passes": _num(d.get("matrix_passes")), "restarts": _num(d.get("restarts")),
                "rejected_steps": _num(d.get("rejected_steps")), "solver_nonzeros": d.get("solver_nonzeros"),
                "seconds": _num(d.get("seconds")), "version": d.get("version", ""),
                "note": d.get("error", "") or d.get("note", "")}
    if solver == "clp":
        return _parse_clp(output, code)
    return _parse_glpk(output, code, result_file, inst)


CLP_FINAL = re.compile(r"^(Optimal|PrimalInfeasible|DualInfeasible|Stopped|Errors|\w+) objective (\S+) - "
                       r"(\d+) iterations time (\S+)", re.M)


def _parse_clp(output, code):
    m = None
    for m in CLP_FINAL.finditer(output):
        pass
    if not m:
        return {"status": "ERROR", "note": f"exit {code}: {_last_line(output)}"}
    word = m.group(1)
    status = {"Optimal": "OPTIMAL", "PrimalInfeasible": "PRIMAL_INFEASIBLE", "DualInfeasible": "DUAL_INFEASIBLE",
              "Stopped": "TIME_LIMIT"}.get(word, "NUMERICAL_ERROR")
    out = {"status": status, "native_status": word, "iterations": float(m.group(3)),
           "seconds": float(m.group(4).rstrip(","))}
    if status in ("OPTIMAL", "TIME_LIMIT"):
        out["objective"] = float(m.group(2))
    return out


GLPK_STATUS = (("OPTIMAL LP SOLUTION FOUND", "OPTIMAL"), ("PROBLEM HAS NO PRIMAL FEASIBLE", "PRIMAL_INFEASIBLE"),
               ("PROBLEM HAS NO DUAL FEASIBLE", "DUAL_INFEASIBLE"), ("LP HAS UNBOUNDED", "DUAL_INFEASIBLE"),
               ("LP HAS NO PRIMAL FEASIBLE", "PRIMAL_INFEASIBLE"), ("TIME LIMIT EXCEEDED", "TIME_LIMIT"),
               ("ITERATION LIMIT EXCEEDED", "ITERATION_LIMIT"))


def _parse_glpk(output, code, sol_file, inst):
    status = next((s for text, s in GLPK_STATUS if text in output), None)
    if status is None:
        return {"status": "ERROR" if code else "NUMERICAL_ERROR", "note": f"exit {code}: {_last_line(output)}"}
    its = re.findall(r"^[ *]*(\d+): obj =", output, re.M)
    used = re.findall(r"^Time used:\s+(\S+) secs", output, re.M)
    out = {"status": status, "native_status": status, "iterations": float(its[-1]) if its else None,
           "seconds": float(used[-1]) if used else None}
    if status == "OPTIMAL":
        try:
            with open(sol_file) as f:
                for line in f:
                    if line.startswith("s "):  # s bas ROWS COLS PST DST OBJ, full precision
                        obj = float(line.split()[6])
                        # GLPK adds the objective row's RHS entry as the constant;
                        # the references (and HiGHS, Clp, fleetlp) subtract it.
                        out["objective"] = obj - 2.0 * objective_row_rhs(inst["path"])
                        break
        except (OSError, ValueError, IndexError):
            out["note"] = "no objective in the solution file"
    return out


def _first_line(cmd):
    try:
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return ""
    return (res.stdout or res.stderr).strip().splitlines()[0] if (res.stdout or res.stderr).strip() else ""


def describe(solver, args, tmp):
    """Version, method, tolerance mapping and, for the Python peers, the peak
    memory of the interpreter with the library loaded (a floor under their runs)."""
    info = dict(SOLVER_INFO[solver])
    info.pop("runner")
    if solver.startswith("fleetlp"):
        info["version"] = _first_line([args.cli, "--version"])
    elif solver == "clp":
        info["version"] = _first_line(["clp", "-stop"]).replace("Coin LP version", "Clp").split(",")[0]
    elif solver == "glpk":
        info["version"] = _first_line(["glpsol", "--version"])
    else:
        out = os.path.join(tmp, f"baseline-{solver}.json")
        cmd = [args.python, args.worker, solver, "--baseline", "--json", out]
        _, _, peak, _ = run_measured(cmd, 300, os.path.join(tmp, f"baseline-{solver}.log"), None)
        d = _read_json(out)
        info["version"] = d.get("version", d.get("error", "not installed"))
        info["baseline_mb"] = round(peak, 1)
    return info
