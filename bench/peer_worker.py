#!/usr/bin/env python3
"""One solve by a peer with a Python interface; bench/run_peers.py runs it.

    peer_worker.py SOLVER MODEL --tol EPS --time-limit SEC --threads N --json OUT
    peer_worker.py SOLVER --baseline --json OUT   (import the library, solve nothing)

SOLVER: highs-dual, highs-ipm, highs-ipm-nox, highs-pdlp, ortools-pdlp, cupdlpx. Each run is
its own process (HiGHS and OR-Tools cannot even be imported into the same
one: OR-Tools carries its own HiGHS symbols). The JSON has status (fleetlp's
words), objective (user's sense, constant included), iterations, seconds
(the solve call alone, reading the model excluded, as fleetlp's
total_seconds), the library version and the settings applied. The baseline
run measures the peak memory of the interpreter with the library loaded.
"""

import argparse
import ctypes
import json
import os
import re
import sys
import tempfile
import time


class CapturedStdout:
    """Collects what C code prints to file descriptor 1 during a block (cuPDLP-C
    writes its counts there with printf), then copies it to the real stdout, so
    the run's log keeps it too."""

    def __enter__(self):
        sys.stdout.flush()
        self._libc = ctypes.CDLL(None)
        self._file = tempfile.TemporaryFile(mode="w+b")
        self._saved = os.dup(1)
        os.dup2(self._file.fileno(), 1)
        return self

    def __exit__(self, *exc):
        self._libc.fflush(None)
        sys.stdout.flush()
        os.dup2(self._saved, 1)
        os.close(self._saved)
        self._file.seek(0)
        self.text = self._file.read().decode(errors="replace")
        self._file.close()
        sys.stdout.write(self.text)
        sys.stdout.flush()
        return False


def _last_int(pattern, text):
    found = re.findall(pattern, text, re.M)
    return int(found[-1]) if found else None


def cupdlp_checks(n):
    """Checks cuPDLP-C makes in n iterations: at iterations 0..9, every 40th,
    and at the last one when a limit (not a multiple of 40) ended the solve."""
    checks = min(9, n) + 1 + n // 40
    return checks + (1 if n >= 10 and n % 40 else 0)


def cupdlp_counts(log, iterations=None):
    """What HiGHS's cuPDLP-C log (log_dev_level >= 1) says about the work done.

    cuPDLP-C counts every product with A ("Ax ... in N calls") and with A'
    ("Aty ... in N calls"): one pair at the start, one per adaptive-step trial
    (accepted or rejected) and one per check (on the average iterate), so
    matrix passes = (Ax calls + Aty calls) / 2 in the OR-Tools sense. Each
    restart prints "Last restart was iter K"; the primal weight is updated at
    every restart (PDHG_Compute_Step_Size_Ratio)."""
    out = {}
    ax = _last_int(r"^\s*Ax\s+\S+ in (\d+) calls", log)
    aty = _last_int(r"^\s*Aty\s+\S+ in (\d+) calls", log)
    if ax is not None and aty is not None:
        out.update(ax_calls=ax, aty_calls=aty, matrix_passes=(ax + aty) / 2.0)
        if iterations:
            # Ax calls = 1 (start) + step trials + checks; each accepted trial is an iteration
            out["rejected_steps"] = ax - 1 - cupdlp_checks(iterations) - iterations
    out["restarts"] = len(re.findall(r"^Last restart was iter \d+", log, re.M))
    m = re.findall(r"^Presolve reductions: rows (\d+)\(-?\d+\); columns (\d+)\(-?\d+\); nonzeros (\d+)", log, re.M)
    if m:
        out["solver_rows"], out["solver_cols"], out["solver_nonzeros"] = map(int, m[-1])
    m = re.findall(r"relative violation of tolerances is (?:no more than )?\s*(\S+)", log)
    if m:
        out["highs_kkt_violation"] = float(m[-1])  # HiGHS's own check after postsolve, in tolerances
    m = re.findall(r"^Using cost norm =\s*(\S+) and RHS norm =\s*(\S+)", log, re.M)
    if m:
        out["pdlp_cost_norm"], out["pdlp_rhs_norm"] = map(float, m[-1])
    return out


def highs(method, args):
    import highspy

    h = highspy.Highs()
    # PDLP logs at the developer level: cuPDLP-C then prints its counts of
    # products with A and A' (cupdlp_counts); the others run silent.
    h.setOptionValue("output_flag", method == "pdlp")
    version = h.version() if hasattr(h, "version") else highspy.__version__
    if args.baseline:
        return {"version": f"highspy {version}"}
    settings = {"threads": args.threads, "parallel": "off", "time_limit": args.time_limit,
                "solve_relaxation": True}
    if method == "dual":
        settings["solver"] = "simplex"  # simplex_strategy default 1: serial dual simplex
    elif method == "ipm":
        settings["solver"] = "ipm"  # crossover at its default (on)
    elif method == "ipm-nox":
        # no crossover: the objective of an IPM point (ipm_optimality_tolerance
        # 1e-8) is a reference far inside the 1e-3 check, at a fraction of the time
        settings["solver"] = "ipm"
        settings["run_crossover"] = "off"
    else:
        settings["solver"] = "pdlp"
        # HiGHS hands primal_feasibility_tolerance, dual_feasibility_tolerance and
        # pdlp_optimality_tolerance to its PDLP as the relative primal, dual and
        # gap tolerances; kkt_tolerance (when not at its default) overrides all
        # three and also sets the tolerances of HiGHS's own check afterwards.
        for key in ("kkt_tolerance", "primal_feasibility_tolerance", "dual_feasibility_tolerance",
                    "pdlp_optimality_tolerance"):
            settings[key] = args.tol
        settings["log_dev_level"] = 1
    for key, value in settings.items():
        if h.setOptionValue(key, value) != highspy.HighsStatus.kOk:
            raise RuntimeError(f"HiGHS rejected option {key}={value}")
    if h.readModel(args.model) == highspy.HighsStatus.kError:
        return {"status": "INPUT_ERROR", "version": f"highspy {version}"}
    log = ""
    if method == "pdlp":
        with CapturedStdout() as cap:
            t0 = time.perf_counter()
            h.run()
            seconds = time.perf_counter() - t0
        log = cap.text
    else:
        t0 = time.perf_counter()
        h.run()
        seconds = time.perf_counter() - t0
    status_name = h.modelStatusToString(h.getModelStatus())
    info = h.getInfo()
    status = {"Optimal": "OPTIMAL", "Infeasible": "PRIMAL_INFEASIBLE", "Unbounded": "DUAL_INFEASIBLE",
              "Primal infeasible or unbounded": "INFEASIBLE_OR_UNBOUNDED",
              "Time limit reached": "TIME_LIMIT", "Iteration limit reached": "ITERATION_LIMIT",
              "Unknown": "UNKNOWN"}.get(status_name, "NUMERICAL_ERROR")
    iterations = {"dual": info.simplex_iteration_count, "ipm": info.ipm_iteration_count,
                  "ipm-nox": info.ipm_iteration_count, "pdlp": info.pdlp_iteration_count}[method]
    out = {"status": status, "native_status": status_name, "seconds": seconds,
           "iterations": iterations, "version": f"highspy {version}", "settings": settings}
    if method == "ipm":
        out["crossover_iterations"] = info.crossover_iteration_count
    if method == "pdlp":
        out.update(cupdlp_counts(log, iterations))
        if args.presolved_out:  # the LP PDLP iterated on, for fleetlp (bench/fleet_gap.py); not timed
            p = highspy.Highs()
            p.setOptionValue("output_flag", False)
            p.setOptionValue("threads", args.threads)
            p.readModel(args.model)
            p.presolve()
            p.writePresolvedModel(args.presolved_out)
        if "matrix_passes" not in out:
            out["note"] = "no Ax/Aty counts in the cuPDLP-C log"
    if status == "OPTIMAL" or status in ("TIME_LIMIT", "ITERATION_LIMIT", "UNKNOWN"):
        out["objective"] = info.objective_function_value
    return out


def ortools_pdlp(args):
    from ortools.pdlp import solve_log_pb2, solvers_pb2
    from ortools.pdlp.python import pdlp
    import ortools

    version = f"ortools {ortools.__version__}"
    if args.baseline:
        return {"version": version}
    params = solvers_pb2.PrimalDualHybridGradientParams()
    term = params.termination_criteria
    # PDLP stops when, in the l2 norm (its default, as fleetlp's --norm l2):
    #   ||primal residual|| <= eps_abs + eps_rel ||b||,  ||dual residual|| <= eps_abs + eps_rel ||c||,
    #   |p - d| <= eps_abs + eps_rel (|p| + |d|).
    # With eps_abs = eps_rel = tol this is fleetlp's tol (1 + ||.||) test.
    term.simple_optimality_criteria.eps_optimal_absolute = args.tol
    term.simple_optimality_criteria.eps_optimal_relative = args.tol
    term.time_sec_limit = args.time_limit
    params.num_threads = args.threads
    if args.detail:  # per-iteration stats: restarts, step sizes, weights (bench/fleet_gap.py)
        params.record_iteration_stats = True
    settings = {"eps_optimal_absolute": args.tol, "eps_optimal_relative": args.tol,
                "optimality_norm": solvers_pb2.OptimalityNorm.Name(term.optimality_norm),
                "time_sec_limit": args.time_limit, "num_threads": args.threads}
    qp = pdlp.read_quadratic_program_or_die(args.model, False)  # integrality dropped
    t0 = time.perf_counter()
    result = pdlp.primal_dual_hybrid_gradient(qp, params)
    seconds = time.perf_counter() - t0
    log = result.solve_log
    reason = solve_log_pb2.TerminationReason.Name(log.termination_reason).replace("TERMINATION_REASON_", "")
    status = {"OPTIMAL": "OPTIMAL", "PRIMAL_INFEASIBLE": "PRIMAL_INFEASIBLE",
              "DUAL_INFEASIBLE": "DUAL_INFEASIBLE", "PRIMAL_OR_DUAL_INFEASIBLE": "INFEASIBLE_OR_UNBOUNDED",
              "TIME_LIMIT": "TIME_LIMIT", "ITERATION_LIMIT": "ITERATION_LIMIT",
              "KKT_MATRIX_PASS_LIMIT": "ITERATION_LIMIT", "NUMERICAL_ERROR": "NUMERICAL_ERROR",
              "INVALID_PROBLEM": "INPUT_ERROR", "INVALID_PARAMETER": "INPUT_ERROR"}.get(reason, "UNKNOWN")
    stats = log.solution_stats
    # OR-Tools' own count: iterations + rejected adaptive steps (its
    # CreateSimpleIterationStats); the termination checks are not counted.
    out = {"status": status, "native_status": reason, "seconds": seconds,
           "iterations": log.iteration_count, "version": version, "settings": settings,
           "matrix_passes": stats.cumulative_kkt_matrix_passes,
           "rejected_steps": stats.cumulative_rejected_steps}
    if args.detail:
        its = list(log.iteration_stats)
        restarts = [s for s in its if s.restart_used not in (0, solve_log_pb2.RESTART_CHOICE_NO_RESTART)]
        steps = [s.step_size for s in its if s.step_size > 0]
        weights = [s.primal_weight for s in its]
        out["restarts"] = len(restarts)
        out["weight_updates"] = sum(1 for a, b in zip(weights, weights[1:]) if a != b)
        if steps:
            out["step_size_first"], out["step_size_last"] = steps[0], steps[-1]
            out["step_size_median"] = sorted(steps)[len(steps) // 2]
        out["primal_weight_last"] = its[-1].primal_weight if its else None
    if status not in ("PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE", "INPUT_ERROR"):
        x = result.primal_solution
        obj = float(qp.objective_vector @ x) + qp.objective_offset
        out["objective"] = qp.objective_scaling_factor * obj  # back to the user's sense
    return out


def cupdlpx(args):
    import cupdlpx as cx

    version = f"cupdlpx {cx.__version__}"
    if args.baseline:
        return {"version": version}
    model = cx.read(args.model)
    # cuPDLPx stops when the relative primal and dual residuals (||r|| / (1 + ||b||),
    # ||r|| / (1 + ||c||)) are below eps_feasible_relative and the relative gap
    # |p - d| / (1 + |p| + |d|) below eps_optimal_relative: fleetlp's test.
    settings = {"eps_optimal_relative": args.tol, "eps_feasible_relative": args.tol,
                "time_sec_limit": args.time_limit, "verbose": False}
    model.setParams(**settings)
    t0 = time.perf_counter()
    model.optimize()
    seconds = time.perf_counter() - t0
    name = str(model.StatusName or "")
    status = {"OPTIMAL": "OPTIMAL", "FEAS_POLISH_SUCCESS": "OPTIMAL",
              "PRIMAL_INFEASIBLE": "PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE": "DUAL_INFEASIBLE",
              "INFEASIBLE_OR_UNBOUNDED": "INFEASIBLE_OR_UNBOUNDED", "TIME_LIMIT": "TIME_LIMIT",
              "ITERATION_LIMIT": "ITERATION_LIMIT"}.get(name, "UNKNOWN")
    out = {"status": status, "native_status": name, "seconds": seconds, "iterations": model.IterCount,
           "solver_seconds": model.Runtime, "version": version, "settings": settings}
    if status not in ("PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE"):
        out["objective"] = model.ObjVal
    return out


SOLVERS = {
    "highs-dual": lambda a: highs("dual", a),
    "highs-ipm": lambda a: highs("ipm", a),
    "highs-ipm-nox": lambda a: highs("ipm-nox", a),
    "highs-pdlp": lambda a: highs("pdlp", a),
    "ortools-pdlp": ortools_pdlp,
    "cupdlpx": cupdlpx,
}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("solver", choices=sorted(SOLVERS))
    ap.add_argument("model", nargs="?")
    ap.add_argument("--tol", type=float, default=1e-4)
    ap.add_argument("--time-limit", type=float, default=60.0)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json", required=True)
    ap.add_argument("--baseline", action="store_true")
    ap.add_argument("--presolved-out", help="highs-pdlp: also write HiGHS's presolved model to this file")
    ap.add_argument("--detail", action="store_true", help="ortools-pdlp: record per-iteration stats "
                    "(restarts, step sizes); slower, for bench/fleet_gap.py, not for timings")
    args = ap.parse_args()
    if not args.baseline and not args.model:
        ap.error("give MODEL or --baseline")
    try:
        out = SOLVERS[args.solver](args)
    except Exception as e:  # reported as the run's error, not a crash of the harness
        out = {"status": "ERROR", "error": f"{type(e).__name__}: {e}"}
    with open(args.json + ".tmp", "w") as f:
        json.dump(out, f, indent=1)
    os.replace(args.json + ".tmp", args.json)
    return 0


if __name__ == "__main__":
    sys.exit(main())
