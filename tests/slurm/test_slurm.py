#!/usr/bin/env python3
"""fleetlp under a real Slurm (issue 7), driven by ctest:

  1. a job array over 4 LPs (examples/slurm/array.sbatch, 2 tasks) and the
     merge step as a dependent job: 4 correct solutions, one merged CSV;
  2. the nightly script (examples/slurm/nightly-plan.sbatch) preempted with
     USR1 to the batch shell: checkpoint, requeue, resume, and the same
     objective and iteration count as an uninterrupted run;
  3. a job killed at its time limit while writing checkpoints and a streamed
     solution: no torn output file (each is whole or only a .tmp remains).

The cluster (munged, slurmctld, slurmd on 127.0.0.1) lives in a temporary
folder and is stopped afterwards by its process ids (slurm_cluster.py).
Needs root and Debian's slurm-wlm and munge. Exit 77 (skipped) without
them, except under CI=true, where a missing prerequisite fails.

  test_slurm.py --fleetlp BIN --kkt-lp BIN --examples DIR [--keep]
"""
import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slurm_cluster import SlurmCluster, SlurmError, missing_tools  # noqa: E402

SKIP = 77


def log(msg):
    print("[slurm-test %6.1fs] %s" % (time.time() - T0, msg), flush=True)


def make_lp(kkt_lp, path, rows, cols, seed):
    """Writes an LP with a known optimum; returns its objective."""
    out = subprocess.run([kkt_lp, path, str(rows), str(cols), str(seed)], check=True,
                         capture_output=True, text=True).stdout.strip().split(",")
    return float(out[-1])


def read_json(path):
    with open(path) as f:
        return json.load(f)


def h5_status(path):
    """The status attribute of a solution file, via h5dump (hdf5-tools)."""
    r = subprocess.run(["h5dump", "-a", "/status", path], capture_output=True, text=True)
    if r.returncode != 0:
        return None
    for line in r.stdout.splitlines():
        line = line.strip()
        if line.startswith("(0):"):
            return line.split(":", 1)[1].strip().strip('"')
    return None


class Failure(AssertionError):
    pass


def check(cond, msg):
    if not cond:
        raise Failure(msg)


# ---- 1: job array --------------------------------------------------------
def submit_array(c, a, work):
    lps = []
    lines = ["# four generated LPs with known optima"]
    for k in range(4):
        path = os.path.join(work, "array-lp%d.mps" % k)
        lps.append((path, make_lp(a.kkt_lp, path, 50 + 10 * k, 70 + 10 * k, 300 + k)))
        lines.append(path)
        if k == 1:
            lines.append("")
    lst = os.path.join(work, "instances.txt")
    with open(lst, "w") as f:
        f.write("\n".join(lines) + "\n")
    out = os.path.join(work, "array-out")
    os.makedirs(out)
    jid = c.sbatch(["--array=0-1", "--output=%s/array-%%A_%%a.log" % out,
                    os.path.join(a.examples, "array.sbatch"), lst, out, "--tol", "1e-6",
                    "--device", "cpu"], env={"FLEETLP": a.fleetlp})
    mid = c.sbatch(["--dependency=afterany:%s" % jid, "--output=%s/merge-%%j.log" % out,
                    os.path.join(a.examples, "merge-summaries.sh"), out])
    log("array job %s (2 tasks over 4 LPs), merge job %s" % (jid, mid))
    return jid, mid, out, lps


def finish_array(c, jid, mid, out, lps):
    tasks = c.wait_state(jid, {"COMPLETED", "FAILED", "CANCELLED", "TIMEOUT"}, 120, array=2)
    states = sorted(v["JobState"] for v in tasks.values() if v.get("ArrayTaskId", "").isdigit())
    check(states == ["COMPLETED", "COMPLETED"], "array tasks ended %s; logs in %s" % (states, out))
    merge = c.wait_state(mid, {"COMPLETED", "FAILED", "CANCELLED"}, 60)
    check(merge["JobState"] == "COMPLETED", "merge job ended %s" % merge["JobState"])
    with open(os.path.join(out, "summary.csv")) as f:
        rows = list(csv.DictReader(f))
    check(len(rows) == 4, "merged summary has %d rows, expected 4" % len(rows))
    by_input = {r["input"]: r for r in rows}
    for path, objective in lps:
        r = by_input.get(path)
        check(r is not None, "%s missing from the merged summary" % path)
        check(r["status"] == "OPTIMAL", "%s: %s" % (path, r["status"]))
        got = float(r["objective"])
        check(abs(got - objective) <= 1e-4 * (1 + abs(objective)),
              "%s: objective %.10g, the generator's optimum %.10g" % (path, got, objective))
        name = os.path.splitext(os.path.basename(path))[0]
        found = [d for d in os.listdir(out) if os.path.exists(os.path.join(out, d, name + ".h5"))]
        check(len(found) == 1, "%s: expected one solution file, found in %s" % (name, found))
        sol = os.path.join(out, found[0], name + ".h5")
        check(h5_status(sol) == "OPTIMAL", "%s: status %s" % (sol, h5_status(sol)))
    log("array: 4 solutions, objectives match the known optima")


# ---- 2: preemption, requeue, resume ----------------------------------------
def submit_preempted(c, a, work, lp, opts):
    out = os.path.join(work, "nightly-out")
    os.makedirs(out)
    jid = c.sbatch(["--output=%s/nightly-%%j.log" % out,
                    os.path.join(a.examples, "nightly-plan.sbatch"), lp, out] + opts,
                   env={"FLEETLP": a.fleetlp, "FLEETLP_COMMAND": "solve",
                        "CHECKPOINT_EVERY": "3600"})
    log("nightly job %s" % jid)
    return jid, out


def preempt_and_finish(c, jid, out, reference):
    c.wait_state(jid, {"RUNNING"}, 60)
    # the streamed solution appears once fleetlp has its signal handlers
    end = time.time() + 60
    while time.time() < end and not os.path.exists(os.path.join(out, "solution.h5.tmp")):
        time.sleep(0.05)
    check(os.path.exists(os.path.join(out, "solution.h5.tmp")), "the solve never started")
    # at once: a stop before the first check is a checkpoint at iteration 0,
    # resumed like any other; waiting longer only races the solve's end
    c.scancel(["--batch", "--signal=USR1", jid])  # what --signal=B:USR1@120 sends
    log("sent USR1 to the batch shell of job %s" % jid)
    end = time.time() + 120
    restarts = 0
    while time.time() < end:
        j = c.jobs(jid).get(jid, {})
        restarts = int(j.get("Restarts", "0") or 0)
        if j.get("JobState") in ("COMPLETED", "FAILED", "CANCELLED", "TIMEOUT") and restarts >= 1:
            break
        if j.get("JobState") in ("FAILED", "CANCELLED", "TIMEOUT"):
            break
        if j.get("JobState") == "PENDING" and restarts >= 1 and j.get("Reason") == "BeginTime":
            c.start_now(jid)  # skip Slurm's 120 s hold-back of a requeued job
            log("job %s requeued (restart %d); released its 120 s begin-time hold" % (jid, restarts))
        time.sleep(0.3)
    logs = "".join(open(os.path.join(out, f), errors="replace").read()
                   for f in sorted(os.listdir(out)) if f.endswith(".log"))
    check(j.get("JobState") == "COMPLETED", "job %s ended %s (restarts %d)\n%s" %
          (jid, j.get("JobState"), restarts, logs))
    check(restarts == 1, "job %s was requeued %d times, expected once (0: the solve ended before "
          "the signal; make the LP larger)\n%s" % (jid, restarts, logs))
    check("resuming from" in logs, "the requeued run did not resume:\n" + logs)
    got = read_json(os.path.join(out, "summary.json"))
    check(got["status"] == "OPTIMAL", "resumed run ended %s" % got["status"])
    for key in ("objective", "dual_objective", "iterations", "restarts"):
        check(got[key] == reference[key], "%s: resumed %r, uninterrupted %r" %
              (key, got[key], reference[key]))
    log("preempted job: checkpoint, requeue, resume; objective %.12g and %d iterations as "
        "uninterrupted" % (got["objective"], got["iterations"]))


# ---- 3: killed at the time limit -------------------------------------------
def submit_time_limited(c, a, work, lp):
    out = os.path.join(work, "timeout-out")
    os.makedirs(out)
    job = os.path.join(os.path.dirname(os.path.abspath(__file__)), "writer_job.sh")
    jid = c.sbatch(["--time=1", "--no-requeue", "--output=%s/timeout-%%j.log" % out, job,
                    a.fleetlp, lp, out])
    log("time-limited job %s (1 minute, writing all the time)" % jid)
    return jid, out


def finish_time_limited(c, a, jid, out, lp):
    j = c.wait_state(jid, {"TIMEOUT", "COMPLETED", "FAILED", "CANCELLED"}, 200)
    check(j["JobState"] == "TIMEOUT", "job %s ended %s, expected TIMEOUT" % (jid, j["JobState"]))
    files = sorted(os.listdir(out))
    with open(os.path.join(out, "timeout-%s.log" % jid), errors="replace") as f:
        runs = f.read().count("run ")
    log("time limit: job %s ended TIMEOUT after %d solves, left %s" % (jid, runs, files))
    check(runs >= 2, "the job should have finished several solves before its limit")
    # every file under its final name is whole
    ck = os.path.join(out, "state.ckpt.h5")
    check(os.path.exists(ck), "no checkpoint after a minute of checkpoints")
    r = subprocess.run([a.fleetlp, "solve", lp, "--tol", "1e-14", "--check-every", "16",
                        "--device", "cpu", "--quiet", "--resume", ck, "--iter-limit", "1"],
                       capture_output=True, text=True)
    # (0 when the checkpoint was taken at the check that found the optimum)
    check(r.returncode in (0, 12), "resume from %s: exit %d, %s" % (ck, r.returncode, r.stderr))
    sol = os.path.join(out, "solution.h5")
    check(os.path.exists(sol), "no solution file after finished solves")
    check(h5_status(sol) in ("OPTIMAL", "INTERRUPTED"), "%s: status %s" % (sol, h5_status(sol)))
    r = subprocess.run([a.fleetlp, "solve", lp, "--device", "cpu", "--quiet", "--iter-limit", "1",
                        "--warm-start", sol], capture_output=True, text=True)
    check(r.returncode in (0, 12), "x and y of %s unreadable: %s" % (sol, r.stderr))
    js = read_json(os.path.join(out, "summary.json"))
    check(js["status"] in ("OPTIMAL", "INTERRUPTED"), "summary.json: %s" % js["status"])
    for f in files:
        check(f.endswith((".h5", ".json", ".log", ".tmp")), "unexpected file %s" % f)


def prerequisites():
    why = []
    if os.geteuid() != 0:
        why.append("not root (slurmd must run as root)")
    miss = missing_tools()
    if miss:
        why.append("missing %s (apt-get install slurm-wlm munge)" % ", ".join(miss))
    if shutil.which("h5dump") is None:
        why.append("missing h5dump (apt-get install hdf5-tools)")
    return why


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--fleetlp", required=True)
    p.add_argument("--kkt-lp", required=True)
    p.add_argument("--examples", required=True)
    p.add_argument("--keep", action="store_true", help="keep the temporary folder")
    a = p.parse_args()
    a.fleetlp, a.kkt_lp, a.examples = map(os.path.abspath, (a.fleetlp, a.kkt_lp, a.examples))

    why = prerequisites()
    if why:
        msg = "Slurm tests cannot run: " + "; ".join(why)
        if os.environ.get("CI"):
            print("FAIL: " + msg + " (CI must run them: scripts/install-deps.sh installs them)")
            return 1
        print("SKIP: " + msg)
        return SKIP

    work = tempfile.mkdtemp(prefix="fleetlp_slurm_")
    os.chmod(work, 0o755)
    ok = False
    try:
        # the reference run, outside Slurm
        long_lp = os.path.join(work, "long.mps")
        make_lp(a.kkt_lp, long_lp, 1500, 2000, 5)
        opts = ["--threads", "1", "--device", "cpu", "--tol", "1e-7", "--quiet"]
        ref_json = os.path.join(work, "reference.json")
        subprocess.run([a.fleetlp, "solve", long_lp, "--json", ref_json] + opts, check=True)
        reference = read_json(ref_json)
        log("reference run: %d iterations, %.2f s" % (reference["iterations"],
                                                      reference["total_seconds"]))
        limit_lp = os.path.join(work, "limit.mps")
        make_lp(a.kkt_lp, limit_lp, 300, 400, 9)

        with SlurmCluster(os.path.join(work, "cluster")) as c:
            log("cluster up: slurmctld, slurmd, munged (pids %s)" %
                ", ".join(str(proc.pid) for _, proc in c.procs))
            tl = submit_time_limited(c, a, work, limit_lp)
            arr = submit_array(c, a, work)
            pre = submit_preempted(c, a, work, long_lp, opts)
            preempt_and_finish(c, pre[0], pre[1], reference)
            finish_array(c, *arr)
            finish_time_limited(c, a, tl[0], tl[1], limit_lp)
        ok = True
        log("all Slurm tests passed")
        return 0
    except (Failure, SlurmError, subprocess.CalledProcessError) as e:
        print("FAIL: %s" % e, flush=True)
        print("(files kept in %s)" % work)
        return 1
    finally:
        if ok and not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    T0 = time.time()
    sys.exit(main())
