"""Pieces shared by the bench/ scripts (run_suite.py, run_peers.py).

Finding the data folder and the fleetlp binary, expanding instance specs,
reading reference.csv, judging an answer against a reference (the verdicts),
the shifted geometric mean and the machine description recorded with every
result. Python 3 standard library only: run_suite.py runs without a venv.
"""

import csv
import gzip
import math
import os
import platform
import signal
import subprocess
import sys
import threading
import time

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Statuses, whoever reports them, in fleetlp's words. A peer's own status is
# mapped to one of these before it is judged.
CERTIFICATE_STATUSES = {"PRIMAL_INFEASIBLE", "DUAL_INFEASIBLE"}
LIMIT_STATUSES = {"TIME_LIMIT", "ITERATION_LIMIT", "LIMIT", "INTERRUPTED", "CHECKPOINTED",
                  "NUMERICAL_ERROR", "KILLED", "UNKNOWN"}
# "infeasible or unbounded, not which" (HiGHS, cuPDLPx): no proof of either.
AMBIGUOUS_STATUSES = {"INFEASIBLE_OR_UNBOUNDED"}

VERDICTS = ("correct", "wrong", "unsolved", "error", "unchecked")


def default_data_dir():
    env = os.environ.get("FLEETLP_DATA_DIR")
    if env:
        return env
    for cand in (os.path.join(REPO, "..", "shared", "data"), "/work/shared/data"):
        if os.path.isdir(cand):
            return os.path.abspath(cand)
    return os.path.abspath(os.path.join(REPO, "..", "shared", "data"))


def default_cli(candidates=("build/fleetlp", "build-release/fleetlp", "build-e2e/fleetlp")):
    for cand in candidates:
        path = os.path.join(REPO, cand)
        if os.access(path, os.X_OK):
            return path
    return os.path.join(REPO, candidates[0])


def model_name(path):
    base = os.path.basename(path)
    for ext in (".gz", ".mps", ".MPS", ".SIF", ".sif"):
        if base.endswith(ext):
            base = base[: -len(ext)]
    return base


def read_reference(folder, cache={}):
    """name -> (status, objective or None) from folder/reference.csv."""
    if folder not in cache:
        ref = {}
        path = os.path.join(folder, "reference.csv")
        if os.path.isfile(path):
            with open(path, newline="") as f:
                for row in csv.DictReader(f):
                    obj = row.get("objective", "").strip()
                    ref[row["name"].strip()] = (row.get("status", "").strip().lower(),
                                                float(obj) if obj else None)
        cache[folder] = ref
    return cache[folder]


def expand(specs, data_dir):
    """Specs: a folder of data_dir ('netlib'), 'folder/name', or a model path."""
    out = []
    for spec in specs:
        spec = spec.strip()
        if not spec or spec.startswith("#"):
            continue
        folder = os.path.join(data_dir, spec)
        if os.path.isdir(folder):
            names = sorted(f for f in os.listdir(folder) if ".mps" in f.lower() or f.endswith(".sif"))
            out.extend(os.path.join(folder, f) for f in names)
        elif os.path.isfile(spec):
            out.append(os.path.abspath(spec))
        else:
            for ext in (".mps.gz", ".mps", ".MPS.gz", ""):
                path = os.path.join(data_dir, spec + ext)
                if os.path.isfile(path):
                    out.append(path)
                    break
            else:
                prog = os.path.basename(sys.argv[0]) or "bench"
                sys.exit(f"{prog}: no instance or folder '{spec}' (data dir {data_dir})")
    seen, unique = set(), []
    for p in out:
        if p not in seen:
            seen.add(p)
            unique.append(p)
    return unique


def relative_error(obj, ref):
    """|obj - ref| / (1 + |ref|), or None when either is missing."""
    if obj is None or ref is None:
        return None
    return abs(obj - ref) / (1.0 + abs(ref))


def judge(status, ref_status, rel, rtol):
    """Verdict and note for a status (and objective error) against a reference.

    ref_status is 'optimal', 'infeasible', 'unbounded' or '' (none). Returns
    (None, None) for a status this function does not know; the caller decides.
    """
    if status == "OPTIMAL":
        if ref_status in ("infeasible", "unbounded"):
            return "wrong", f"OPTIMAL on an {ref_status} LP"
        if ref_status != "optimal":
            return "unchecked", "no reference"
        if rel is None:
            return "error", "no objective"
        return ("correct", "") if rel <= rtol else ("wrong", f"objective off by {rel:.2e} relative")
    if status == "PRIMAL_INFEASIBLE":
        if ref_status == "infeasible":
            return "correct", ""
        return ("wrong", f"PRIMAL_INFEASIBLE on an {ref_status} LP") if ref_status else ("unchecked", "no reference")
    if status == "DUAL_INFEASIBLE":
        if ref_status == "unbounded":
            return "correct", ""
        if ref_status == "infeasible":
            return "unsolved", "dual infeasibility certificate on an infeasible LP"
        return ("wrong", f"DUAL_INFEASIBLE on an {ref_status} LP") if ref_status else ("unchecked", "no reference")
    if status in AMBIGUOUS_STATUSES:
        if ref_status == "optimal":
            return "wrong", "infeasible or unbounded on a feasible LP"
        return "unsolved", "infeasible or unbounded, not which"
    if status in LIMIT_STATUSES:
        return "unsolved", "killed after the grace time" if status == "KILLED" else ""
    return None, None


def objective_row_rhs(path, cache={}):
    """The RHS entry on the objective row of an MPS file (0 when none).

    Used to move GLPK's objective constant to the convention of the
    references (offset = minus that entry, as HiGHS, Clp and fleetlp read it).
    Names with blanks are not supported; no data set here has them on the
    objective row."""
    if path in cache:
        return cache[path]
    opener = gzip.open if path.endswith(".gz") else open
    obj_row, value, section = None, 0.0, ""
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            if not line.strip() or line.startswith("*"):
                continue
            if not line[0].isspace():
                if section == "RHS":
                    break
                section = line.split()[0].upper()
                continue
            tok = line.split()
            if section == "ROWS" and obj_row is None and tok[0].upper() == "N" and len(tok) >= 2:
                obj_row = tok[1]
            elif section == "RHS" and obj_row is not None:
                pairs = tok[1:] if len(tok) % 2 == 1 else tok
                for k in range(0, len(pairs) - 1, 2):
                    if pairs[k] == obj_row:
                        try:
                            value = float(pairs[k + 1])
                        except ValueError:
                            pass
    cache[path] = value
    return value


_LIVE = set()  # process groups of the runs under way (run_measured may run in threads)
_LIVE_LOCK = threading.Lock()


def kill_live_runs():
    """Kills every run still under way (for a signal handler: the runs are in
    their own sessions, so a signal to the harness does not reach them)."""
    with _LIVE_LOCK:
        pids = list(_LIVE)
    for pid in pids:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def run_measured(cmd, hard_timeout, log_path, env):
    """Runs cmd in its own process group, output to log_path, killed (the whole
    group) after hard_timeout seconds. Returns (exit code, wall seconds, peak
    resident memory of the process in MB, killed)."""
    with open(log_path, "w") as log:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True, env=env)
        with _LIVE_LOCK:
            _LIVE.add(proc.pid)
        killed = threading.Event()

        def kill():
            killed.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(hard_timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)  # wait4: the child's own rusage
        except BaseException:
            kill()
            os.wait4(proc.pid, 0)
            raise
        finally:
            timer.cancel()
            with _LIVE_LOCK:
                _LIVE.discard(proc.pid)
        wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    return proc.returncode, wall, usage.ru_maxrss / 1024.0, killed.is_set()


def shifted_geomean(values, shift=10.0):
    if not values:
        return float("nan")
    return math.exp(sum(math.log(v + shift) for v in values) / len(values)) - shift


def fmt(v, spec):
    return "" if v is None else format(v, spec)


def _out(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True, timeout=20, cwd=REPO).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def usable_cores():
    """Cores this process may run on (its affinity mask where the OS has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def machine_info(cli):
    """Host, OS, CPU, memory, GPU, commit and the fleetlp version, as an ordered dict."""
    info = {"host": platform.node(), "os": f"{platform.system()} {platform.release()}",
            "python": platform.python_version(), "cores": str(os.cpu_count())}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            kb = int(f.readline().split()[1])
            info["memory"] = f"{kb / 1048576:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    info["usable cores"] = str(usable_cores())
    try:
        info["load average"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        pass
    commit = _out(["git", "rev-parse", "--short=12", "HEAD"])
    if commit:
        dirty = _out(["git", "status", "--porcelain", "--untracked-files=no"])
        info["commit"] = commit + (" (working tree modified)" if dirty else "")
    gpu = _out(["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"])
    if gpu:
        info["gpu"] = gpu.replace("\n", "; ")
    version = _out([cli, "--version"]) if cli else ""
    if version:
        info["version"] = version.splitlines()[0]
    return info
