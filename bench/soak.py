#!/usr/bin/env python3
"""Soak: many small LPs through one `fleetlp solve --batch` process (issue 22).

    bench/soak.py [--fleetlp build/fleetlp] [--kkt-lp build/bench/fleetlp_kkt_lp]
                  [--count 10000] [--distinct 200] [--work DIR] [--out bench/results/soak/batch.md]

Writes `--distinct` small generated LPs and a batch list naming them over and
over (`--count` entries; a repeated name gets -2, -3, ... in the output
folder), runs one `fleetlp solve --batch LIST --out-dir DIR` process and
samples its resident memory (VmRSS in /proc/PID/status) and open file
descriptors (/proc/PID/fd) every half second, with the number of inputs done
(rows of summary.csv is what the batch rewrites; the progress lines on stdout
count them). Growth is measured from the end of the warm-up (10% of the
inputs) to the end; the promise is under 5% for both.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def fds(pid):
    return len(os.listdir("/proc/%d/fd" % pid))


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    ap = argparse.ArgumentParser()
    ap.add_argument("--fleetlp", default=os.path.join(root, "build", "fleetlp"))
    ap.add_argument("--kkt-lp", default=os.path.join(root, "build", "bench", "fleetlp_kkt_lp"))
    ap.add_argument("--count", type=int, default=10000)
    ap.add_argument("--distinct", type=int, default=200)
    ap.add_argument("--work")
    ap.add_argument("--out", default=os.path.join(root, "bench", "results", "soak", "batch.md"))
    a = ap.parse_args()
    work = a.work or tempfile.mkdtemp(prefix="fleetlp_soak_")
    os.makedirs(work, exist_ok=True)
    lps = []
    for k in range(a.distinct):
        path = os.path.join(work, "lp%03d.mps" % k)
        if not os.path.exists(path):
            subprocess.run([a.kkt_lp, path, str(20 + k % 17), str(30 + k % 23), str(1000 + k)],
                           check=True, stdout=subprocess.DEVNULL)
        lps.append(path)
    listing = os.path.join(work, "list.txt")
    with open(listing, "w") as f:
        for i in range(a.count):
            f.write(lps[i % len(lps)] + "\n")
    out = os.path.join(work, "out")
    shutil.rmtree(out, ignore_errors=True)
    cmd = [a.fleetlp, "solve", "--batch", listing, "--out-dir", out, "--device", "cpu",
           "--threads", "1"]
    t0 = time.time()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    done = [0]

    def count_progress():  # one "[ i/n] name: STATUS ..." line per input
        for line in p.stdout:
            if line.startswith("["):
                done[0] += 1

    reader = threading.Thread(target=count_progress, daemon=True)
    reader.start()
    samples = []  # (seconds, inputs done, rss KiB, fds)
    while p.poll() is None:
        try:
            samples.append((time.time() - t0, done[0], rss_kb(p.pid), fds(p.pid)))
        except (FileNotFoundError, ProcessLookupError):
            break
        time.sleep(0.5)
    p.wait()
    reader.join(timeout=5)
    secs = time.time() - t0
    warm = [s for s in samples if s[1] >= a.count // 10]
    if not warm:
        sys.exit("no samples after the warm-up: the batch ended too fast (%d samples)" % len(samples))
    first, last = warm[0], warm[-1]
    peak_rss = max(s[2] for s in warm)
    rss_growth = 100.0 * (last[2] - first[2]) / first[2]
    peak_growth = 100.0 * (peak_rss - first[2]) / first[2]
    fd_lo, fd_hi = min(s[3] for s in warm), max(s[3] for s in warm)
    rows = sum(1 for _ in open(os.path.join(out, "summary.csv"))) - 1
    optimal = sum(1 for l in open(os.path.join(out, "summary.csv")) if ",OPTIMAL,0," in l)
    text = []
    text.append("# Soak: %d LPs through one batch process\n" % a.count)
    text.append("`bench/soak.py --count %d --distinct %d` (%s): `%s`, exit code %d, %.1f s "
                "(%.0f LPs a minute), %d rows in summary.csv, %d OPTIMAL. Sampled every 0.5 s "
                "(%d samples); warm-up: the first %d inputs.\n" % (
                    a.count, a.distinct, time.strftime("%Y-%m-%d"), " ".join(
                        os.path.basename(c) if c.startswith("/") else c for c in cmd),
                    p.returncode, secs, 60 * a.count / secs, rows, optimal, len(samples),
                    a.count // 10))
    text.append("| | inputs done | VmRSS (KiB) | open fds |\n|---|---:|---:|---:|\n")
    text.append("| after warm-up | %d | %d | %d |\n" % (first[1], first[2], first[3]))
    mid = warm[len(warm) // 2]
    text.append("| middle | %d | %d | %d |\n" % (mid[1], mid[2], mid[3]))
    text.append("| end | %d | %d | %d |\n" % (last[1], last[2], last[3]))
    text.append("\nGrowth after the warm-up: VmRSS %+.2f%% at the end, %+.2f%% at the peak "
                "(%d KiB); open fds between %d and %d.\n" % (
                    rss_growth, peak_growth, peak_rss, fd_lo, fd_hi))
    # an output being written when a sample is taken holds one more fd for a moment:
    # how often each count was seen, in each quarter of the samples after the warm-up
    q = max(1, len(warm) // 4)
    quarters = [warm[i * q:(i + 1) * q] if i < 3 else warm[3 * q:] for i in range(4)]
    text.append("Open fds seen (count: samples) per quarter after the warm-up: %s.\n" % "; ".join(
        ", ".join("%d: %d" % (v, sum(1 for s in qs if s[3] == v))
                  for v in sorted(set(s[3] for s in qs))) or "-" for qs in quarters))
    os.makedirs(os.path.dirname(a.out), exist_ok=True)
    with open(a.out, "w") as f:
        f.write("".join(text))
    print("".join(text))
    ok = p.returncode == 0 and rows == a.count and peak_growth < 5 and fd_hi == fd_lo
    if not a.work:
        shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
