#!/usr/bin/env python3
"""SIGKILL at random moments against every fleetlp writer (issue 22).

    bench/fault_kill.py [--fleetlp build/fleetlp] [--kkt-lp build/bench/fleetlp_kkt_lp]
                        [--trials 24] [--seed 1] [--out bench/results/faults/kill.md]

For each writer the output's final name first holds a *previous* file (from
another input), then the writer runs and is killed with SIGKILL after a
random delay: half of the trials anywhere in a healthy run's duration, half
once PATH.tmp exists (while the output is being written). Afterwards the file
under the final name must be the previous one, byte for byte, or a complete
new one (checked by reading it back with fleetlp, or against a healthy run's
bytes where the output is deterministic). Counted: trials, kills that landed
(the rest had finished), previous kept, new complete, torn (must be 0), lost
(the final name gone: must be 0).
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time

Q = ["--quiet", "--device", "cpu", "--threads", "1"]


def run(cmd, **kw):
    return subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, **kw)


class Bench:
    def __init__(self, a, work):
        self.a, self.w = a, work
        self.f = a.fleetlp

    def p(self, name):
        return os.path.join(self.w, name)

    def lp(self, name, rows, cols, seed):
        path = self.p(name)
        subprocess.run([self.a.kkt_lp, path, str(rows), str(cols), str(seed)], check=True,
                       stdout=subprocess.DEVNULL)
        return path

    def setup(self):
        self.small = self.lp("small.mps", 40, 60, 1)
        self.big = self.lp("big.mps", 1500, 2200, 2)
        self.huge = self.lp("huge.mps", 12000, 18000, 3)
        self.fleet_small = self.p("fleet_small.h5")
        self.fleet = self.p("fleet.h5")
        run([self.f, "fleet", "generate", "-o", self.fleet_small, "--nodes", "8", "--slots", "3",
             "--classes", "2", "--seed", "1"]).check_returncode()
        run([self.f, "fleet", "generate", "-o", self.fleet, "--nodes", "400", "--slots", "24",
             "--classes", "4", "--seed", "2"]).check_returncode()
        self.plan_small = self.p("plan_small.h5")
        self.plan = self.p("plan.h5")
        run([self.f, "plan", self.fleet_small, "-o", self.plan_small] + Q).check_returncode()
        run([self.f, "plan", self.fleet, "-o", self.plan] + Q).check_returncode()
        # scenario batches: fleets with scenarios, and their LP and scenario
        # files as plan --scenarios exports them, for solve --scenarios
        self.sc_fleets = {}
        for size, args in (("small", ["--nodes", "8", "--slots", "3", "--classes", "2", "--scenarios", "2"]),
                           ("big", ["--nodes", "300", "--slots", "24", "--classes", "4", "--scenarios", "8"])):
            fl, lp, sc = self.p("scfleet_%s.h5" % size), self.p("sclp_%s.h5" % size), self.p("sc_%s.h5" % size)
            run([self.f, "fleet", "generate", "-o", fl, "--seed", "5"] + args).check_returncode()
            run([self.f, "plan", fl, "--scenarios", "-o", self.p("scplan_%s.h5" % size), "--export-lp", lp,
                 "--export-scenarios", sc] + Q).check_returncode()
            self.sc_fleets[size] = (fl, lp, sc)
        self.list_small = self.p("list_small.txt")
        self.list = self.p("list.txt")
        with open(self.list_small, "w") as f:
            f.write(self.small + "\n")
        names = [self.lp("b%02d.mps" % k, 300, 450, 10 + k) for k in range(12)]
        with open(self.list, "w") as f:
            f.write("\n".join(names) + "\n")

    # ---- checks: is the file under the final name whole? ----
    def reads_back(self, cmd, ok=(0, 12)):
        return run(cmd).returncode in ok

    def writers(self):
        f, b = self.f, self
        w = []

        def add(name, out, write_prev, write_new, whole, inside=None):
            w.append(dict(name=name, out=out, prev=write_prev, new=write_new, whole=whole,
                          inside=inside))

        add("solution_h5", b.p("o/sol.h5"),
            [f, "solve", b.small, "--solution", b.p("o/sol.h5")] + Q,
            [f, "solve", b.big, "--solution", b.p("o/sol.h5")] + Q,
            lambda p: b.reads_back([f, "solve", b.big, "--iter-limit", "1", "--warm-start", p] + Q))
        add("solution_txt", b.p("o/sol.txt"),
            [f, "solve", b.small, "--solution", b.p("o/sol.txt")] + Q,
            [f, "solve", b.big, "--solution", b.p("o/sol.txt")] + Q,
            None)  # filled in below: the bytes of a healthy run
        add("json", b.p("o/s.json"),
            [f, "solve", b.small, "--json", b.p("o/s.json")] + Q,
            [f, "solve", b.big, "--json", b.p("o/s.json")] + Q,
            lambda p: "status" in json.load(open(p)))
        add("checkpoint", b.p("o/ck.h5"),
            [f, "solve", b.small, "--iter-limit", "64", "--checkpoint", b.p("o/ck.h5")] + Q,
            [f, "solve", b.big, "--iter-limit", "6400", "--checkpoint", b.p("o/ck.h5"),
             "--checkpoint-every", "0.001"] + Q,
            lambda p: b.reads_back([f, "solve", b.big, "--iter-limit", "1", "--resume", p] + Q) or
            b.reads_back([f, "solve", b.small, "--iter-limit", "1", "--resume", p] + Q))
        add("plan", b.p("o/plan.h5"),
            [f, "plan", b.fleet_small, "-o", b.p("o/plan.h5")] + Q,
            [f, "plan", b.fleet, "-o", b.p("o/plan.h5")] + Q,
            lambda p: b.reads_back([f, "report", p, "--no-files", "--quiet"], ok=(0,)))
        add("report", b.p("o/rep/report.txt"),
            [f, "report", b.plan_small, "--quiet", "--out-dir", b.p("o/rep")],
            [f, "report", b.plan, "--quiet", "--out-dir", b.p("o/rep")], None)
        add("convert_h5", b.p("o/lp.h5"), [f, "convert", b.small, b.p("o/lp.h5")],
            [f, "convert", b.huge, b.p("o/lp.h5")],
            lambda p: b.reads_back([f, "solve", p, "--iter-limit", "1"] + Q))
        add("convert_mps", b.p("o/lp.mps"), [f, "convert", b.small, b.p("o/lp.mps")],
            [f, "convert", b.huge, b.p("o/lp.mps")], None)
        add("convert_gz", b.p("o/lp.mps.gz"), [f, "convert", b.small, b.p("o/lp.mps.gz")],
            [f, "convert", b.huge, b.p("o/lp.mps.gz")], None)
        add("fleet_generate", b.p("o/fleet.h5"),
            [f, "fleet", "generate", "-o", b.p("o/fleet.h5"), "--nodes", "5", "--seed", "3"],
            [f, "fleet", "generate", "-o", b.p("o/fleet.h5"), "--nodes", "4000", "--slots", "48",
             "--seed", "4"], lambda p: b.reads_back([f, "fleet", "check", p], ok=(0,)))
        add("fleet_build", b.p("o/fleet_lp.mps"),
            [f, "fleet", "build", b.fleet_small, "-o", b.p("o/fleet_lp.mps")],
            [f, "fleet", "build", b.fleet, "-o", b.p("o/fleet_lp.mps")], None)
        add("batch", b.p("o/batch/summary.csv"),
            [f, "solve", "--batch", b.list_small, "--out-dir", b.p("o/batch")] + Q,
            [f, "solve", "--batch", b.list, "--out-dir", b.p("o/batch")] + Q,
            lambda p: all(l.count(",") >= 18 for l in open(p).read().splitlines()) and
            open(p).read().endswith("\n"))
        (sfl, slp, ssc), (bfl, blp, bsc) = b.sc_fleets["small"], b.sc_fleets["big"]
        add("plan_scenarios", b.p("o/psc/plan.scenarios.h5"),
            [f, "plan", sfl, "--scenarios", "-o", b.p("o/psc/plan.h5")] + Q,
            [f, "plan", bfl, "--scenarios", "-o", b.p("o/psc/plan.h5")] + Q,
            lambda p: b.reads_back([f, "report", p, "--no-files", "--quiet"], ok=(0,)))

        def whole_csv(p):
            lines = open(p).read().split("\n")
            return lines[-1] == "" and len(lines) > 2 and all(
                l.count(",") == lines[0].count(",") for l in lines[:-1])
        add("solve_scenarios", b.p("o/ssc/summary.csv"),
            [f, "solve", slp, "--scenarios", ssc, "--out-dir", b.p("o/ssc")] + Q,
            [f, "solve", blp, "--scenarios", bsc, "--out-dir", b.p("o/ssc")] + Q, whole_csv)
        # deterministic outputs: whole means equal to a healthy run's bytes
        for x in w:
            if x["whole"] is None:
                x["whole"] = "reference"
        return w


def healthy(b, wr):
    out = wr["out"]
    os.makedirs(os.path.dirname(out), exist_ok=True)
    t0 = time.time()
    r = run(wr["new"])
    dt = time.time() - t0
    if r.returncode not in (0, 12):
        sys.exit("%s: healthy run failed (%d): %s" % (wr["name"], r.returncode, r.stderr))
    ref = open(out, "rb").read()
    run(wr["prev"]).check_returncode() if wr["name"] != "checkpoint" else run(wr["prev"])
    return dt, ref, open(out, "rb").read()


def trial(wr, delay_kind, duration, rng):
    tmp = wr["out"] + ".tmp"
    p = subprocess.Popen(wr["new"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    t0 = time.time()
    if delay_kind == "anywhere":
        time.sleep(rng.uniform(0, duration))
    else:  # once the output is being written
        while p.poll() is None and not os.path.exists(tmp) and time.time() - t0 < 2 * duration + 5:
            time.sleep(0.0005)
        left = max(0.0, duration - (time.time() - t0))
        time.sleep(rng.uniform(0, left))
    landed = p.poll() is None
    if landed:
        p.send_signal(signal.SIGKILL)
    p.wait()
    return landed


def main():
    ap = argparse.ArgumentParser()
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap.add_argument("--fleetlp", default=os.path.join(root, "build", "fleetlp"))
    ap.add_argument("--kkt-lp", default=os.path.join(root, "build", "bench", "fleetlp_kkt_lp"))
    ap.add_argument("--trials", type=int, default=24)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="*")
    ap.add_argument("--out", default=os.path.join(root, "bench", "results", "faults", "kill.md"))
    a = ap.parse_args()
    rng = random.Random(a.seed)
    work = tempfile.mkdtemp(prefix="fleetlp_kill_")
    b = Bench(a, work)
    b.setup()
    rows = []
    for wr in b.writers():
        if a.only and wr["name"] not in a.only:
            continue
        duration, ref, previous = healthy(b, wr)
        whole = wr["whole"]
        counts = dict(trials=0, landed=0, previous=0, new=0, torn=0, lost=0)
        for k in range(a.trials):
            # the previous file under the final name again
            with open(wr["out"], "wb") as f:
                f.write(previous)
            kind = "anywhere" if k % 2 == 0 else "writing"
            counts["landed"] += trial(wr, kind, duration, rng)
            counts["trials"] += 1
            out = wr["out"]
            if not os.path.exists(out):
                counts["lost"] += 1
                continue
            got = open(out, "rb").read()
            if got == previous:
                counts["previous"] += 1
            elif (got == ref) if whole == "reference" else whole(out):
                counts["new"] += 1
            else:
                counts["torn"] += 1
                shutil.copy(out, os.path.join(work, "torn-%s-%d" % (wr["name"], k)))
        rows.append((wr["name"], duration, counts))
        print("%-15s %6.2f s  %s" % (wr["name"], duration, counts), flush=True)
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write("# SIGKILL at random moments against every writer\n\n")
        f.write("`bench/fault_kill.py --trials %d --seed %d` (%s). Each trial puts a previous file "
                "under the output's final name, starts the writer and kills it with SIGKILL: even "
                "trials after a random delay within a healthy run's duration, odd ones once "
                "PATH.tmp exists (while the output is written). *landed*: the kill came before the "
                "writer finished. The final name must then hold the previous file byte for byte, "
                "or a complete new one (read back by fleetlp, or equal to a healthy run's bytes).\n\n"
                % (a.trials, a.seed, time.strftime("%Y-%m-%d")))
        f.write("| writer | healthy run (s) | trials | kills landed | previous kept | new complete "
                "| torn | lost previous |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
        tot = dict(trials=0, landed=0, previous=0, new=0, torn=0, lost=0)
        for name, d, c in rows:
            f.write("| %s | %.2f | %d | %d | %d | %d | %d | %d |\n" % (
                name, d, c["trials"], c["landed"], c["previous"], c["new"], c["torn"], c["lost"]))
            for k in tot:
                tot[k] += c[k]
        f.write("| **all** | | %d | %d | %d | %d | %d | %d |\n" % (
            tot["trials"], tot["landed"], tot["previous"], tot["new"], tot["torn"], tot["lost"]))
    print("wrote", a.out)
    bad = sum(c["torn"] + c["lost"] for _, _, c in rows)
    if bad == 0:
        shutil.rmtree(work, ignore_errors=True)
    else:
        print("torn or lost files kept in", work)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
