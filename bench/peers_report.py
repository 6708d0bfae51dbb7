"""Outputs of bench/run_peers.py: the CSV of every run, the markdown tables,
the settings/machine record (JSON) and the plots (PNG, matplotlib).

Scores: a run counts as solved only when its verdict is correct. Shifted
geometric mean of seconds, shift 10 s, with every run that is not correct
counted at the time limit. Performance profile (Dolan and More): for each
instance the best time among the correct runs; a solver's curve at tau is the
share of all instances it solved within tau times that best time. Times below
TIME_FLOOR seconds count as TIME_FLOOR there (timer resolution: GLPK reports
0.1 s steps, process noise is milliseconds).

Matrix passes (first-order solvers; one pass = one product with A and one
with A', as each solver counts them, bench/README.md): shifted geometric mean
(shift 10) over the instances that every compared solver solved correctly,
so that no solver's count is cut short by a limit. Per set, every solver is
compared with HiGHS PDLP (VERSUS): the ratio of the shifted geometric means of
time and of matrix passes, and per instance which of fleetlp and HiGHS PDLP
was faster.
"""

import csv
import json
import math
import os

from benchlib import VERDICTS, fmt, shifted_geomean

FIELDS = ["suite", "instance", "solver", "kind", "status", "verdict", "objective", "reference",
          "reference_status", "reference_source", "rel_error", "iterations", "matrix_passes", "restarts",
          "rejected_steps", "solver_nonzeros", "seconds", "wall_seconds",
          "peak_mb", "nonzeros", "size", "tol", "time_limit", "threads", "exit_code", "order",
          "native_status", "version", "note"]
FLOATS = {"objective", "reference", "rel_error", "iterations", "matrix_passes", "restarts", "rejected_steps",
          "seconds", "wall_seconds", "peak_mb", "tol", "time_limit"}
INTS = {"nonzeros", "solver_nonzeros", "threads", "exit_code", "order"}
TIME_FLOOR = 0.01
GENERATED = ("fleet", "kkt")
VERSUS = "highs-pdlp"   # the first-order solver every other one is compared with, per set
PASS_SHIFT = 10.0


def _atomic_write(path, text):
    with open(path + ".tmp", "w") as f:
        f.write(text)
    os.replace(path + ".tmp", path)


def write_csv(rows, path):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=FIELDS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({k: ("" if r.get(k) is None else r[k]) for k in FIELDS})
    os.replace(path + ".tmp", path)


def read_rows(path):
    rows = []
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            for k in FLOATS | INTS:
                v = r.get(k, "")
                r[k] = None if v in ("", None) else (int(float(v)) if k in INTS else float(v))
            rows.append(r)
    return rows


def read_meta(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return {}


def _solvers(rows, meta):
    order = list((meta.get("settings") or {}).get("solvers") or [])
    for r in rows:
        if r["solver"] not in order:
            order.append(r["solver"])
    return order


def _instances(rows):
    seen, out = set(), []
    for r in rows:
        key = (r["suite"], r["instance"])
        if key not in seen:
            seen.add(key)
            out.append(key)
    return out


def _scored_time(r):
    limit = r["time_limit"] or 0.0
    return r["seconds"] if r["verdict"] == "correct" else max(limit, 0.0)


def _fmt_time(t):
    return f"{t:.3f}" if t < 1 else (f"{t:.2f}" if t < 100 else f"{t:.0f}")


def _fmt_int(v):
    return "" if v is None else f"{v:,.0f}"


def _passes_solvers(rows, solvers):
    """First-order solvers that reported matrix passes in these rows."""
    return [s for s in solvers if any(r["solver"] == s and r["kind"] == "first-order"
                                      and r.get("matrix_passes") is not None for r in rows)]


def passes_sgm(rows, solvers):
    """(shifted geomean of matrix passes per solver, instance count) over the
    instances that every solver in `solvers` solved correctly with a count."""
    by_key = {(r["suite"], r["instance"], r["solver"]): r for r in rows}
    common = []
    for su, name in _instances(rows):
        rs = [by_key.get((su, name, s)) for s in solvers]
        if solvers and all(r and r["verdict"] == "correct" and r.get("matrix_passes") is not None for r in rs):
            common.append(rs)
    out = {s: shifted_geomean([rs[i]["matrix_passes"] for rs in common], PASS_SHIFT) if common else None
           for i, s in enumerate(solvers)}
    return out, len(common)


def _ratio(a, b):
    return a / b if a is not None and b and math.isfinite(a) and math.isfinite(b) else None


def summary(rows, solvers):
    """Per solver: counts of verdicts, shifted geometric mean, median peak memory."""
    out = {}
    for s in solvers:
        mine = [r for r in rows if r["solver"] == s]
        counts = {v: sum(r["verdict"] == v for r in mine) for v in VERDICTS}
        peaks = sorted(r["peak_mb"] for r in mine if r["peak_mb"] is not None)
        out[s] = {"runs": len(mine), "counts": counts,
                  "sgm": shifted_geomean([_scored_time(r) for r in mine]) if mine else float("nan"),
                  "median_peak": peaks[len(peaks) // 2] if peaks else None,
                  "kind": mine[0]["kind"] if mine else ""}
    return out


HOME_SUITES = ("fleet", "energy")  # per-instance fleetlp / HiGHS PDLP tables for these sets


def _cell_status(r):
    if r["verdict"] == "unsolved":
        return "limit" if r["status"] in ("TIME_LIMIT", "LIMIT", "KILLED") else r["status"].lower()
    return f"**{r['verdict']}**"


def per_set_lines(rows, solvers, meta):
    """Per set: every solver's time and matrix passes, and their ratio to
    HiGHS PDLP's; for the home sets, fleetlp against HiGHS PDLP per instance."""
    if VERSUS not in solvers:
        return []
    suites = list(dict.fromkeys(r["suite"] for r in rows))
    lines = ["## Per set, against HiGHS PDLP", "",
             "Time: shifted geometric mean of seconds (shift 10), every run not judged correct at its "
             "limit. Matrix passes: shifted geometric mean (shift 10) over the instances every first-order "
             "solver that counts them solved correctly (the common column), and over the instances both this "
             "solver and HiGHS PDLP solved correctly (the ratio column). A ratio below 1 is fewer seconds or "
             "passes than HiGHS PDLP.", ""]
    for su in suites:
        srows = [r for r in rows if r["suite"] == su]
        n = len({r["instance"] for r in srows})
        summ = summary(srows, solvers)
        psolvers = _passes_solvers(srows, solvers)
        psgm, pcount = passes_sgm(srows, psolvers)
        lines += [f"### {su} ({n} LPs)", "",
                  f"| solver | solved | wrong | time (s) | time / HiGHS PDLP | passes, common {pcount} | "
                  "passes / HiGHS PDLP (paired) |", "|---|---:|---:|---:|---:|---:|---:|"]
        base = summ[VERSUS]["sgm"]
        for sv in solvers:
            v = summ[sv]
            if not v["runs"]:
                continue
            pr = ""
            if sv in psolvers and VERSUS in psolvers and sv != VERSUS:
                pair, k = passes_sgm(srows, [sv, VERSUS])
                ratio = _ratio(pair[sv], pair[VERSUS])
                pr = f"{ratio:.2f} (on {k})" if ratio is not None else f"(on {k})"
            tr = _ratio(v["sgm"], base)
            lines.append(f"| {sv} | {v['counts']['correct']}/{v['runs']} | {v['counts']['wrong']} | "
                         f"{v['sgm']:.2f} | {'' if tr is None or sv == VERSUS else format(tr, '.2f')} | "
                         f"{_fmt_int(psgm.get(sv)) if sv in psolvers else ''} | {pr} |")
        lines.append("")
        if su in HOME_SUITES and "fleetlp" in solvers:
            lines += head_to_head_lines(srows, "fleetlp", VERSUS)
    return lines


def head_to_head_lines(rows, a, b):
    by_key = {(r["instance"], r["solver"]): r for r in rows}
    names = list(dict.fromkeys(r["instance"] for r in rows))
    lines = [f"{a} against {b}, per instance (seconds; matrix passes; nonzeros of the LP as given and of "
             "the LP each solver iterated on after its presolve; restarts):", "",
             f"| instance | nonzeros | {a} nz | {b} nz | {a} s | {b} s | time {a}/{b} | {a} passes | "
             f"{b} passes | passes {a}/{b} | restarts {a}, {b} | faster |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    wins = {a: 0, b: 0}
    for name in names:
        ra, rb = by_key.get((name, a)), by_key.get((name, b))
        if not ra or not rb:
            continue
        ok_a, ok_b = ra["verdict"] == "correct", rb["verdict"] == "correct"
        ta = _fmt_time(ra["seconds"]) if ok_a else _cell_status(ra)
        tb = _fmt_time(rb["seconds"]) if ok_b else _cell_status(rb)
        tr = pr = ""
        if ok_a and ok_b:
            tr = f"{max(ra['seconds'], TIME_FLOOR) / max(rb['seconds'], TIME_FLOOR):.2f}"
            if ra.get("matrix_passes") and rb.get("matrix_passes"):
                pr = f"{ra['matrix_passes'] / rb['matrix_passes']:.2f}"
        faster = ""
        if ok_a or ok_b:
            faster = a if ok_a and (not ok_b or ra["seconds"] <= rb["seconds"]) else b
            wins[faster] += 1
        nnz = ra["nonzeros"] or rb["nonzeros"]
        rst = ", ".join(_fmt_int(x.get("restarts")) or "?" for x in (ra, rb))
        lines.append(f"| {name} | {_fmt_int(nnz)} | {_fmt_int(ra.get('solver_nonzeros'))} | "
                     f"{_fmt_int(rb.get('solver_nonzeros'))} | {ta} | {tb} | {tr} | "
                     f"{_fmt_int(ra.get('matrix_passes'))} | {_fmt_int(rb.get('matrix_passes'))} | {pr} | {rst} | "
                     f"{faster} |")
    lines += ["", f"Faster (correct answers only): {a} on {wins[a]}, {b} on {wins[b]} of "
              f"{len(names)} instances.", ""]
    return lines


def passes_table_lines(rows, solvers):
    """Matrix passes and iterations of every first-order run."""
    psolvers = [s for s in solvers if any(r["solver"] == s and r["kind"] == "first-order" for r in rows)]
    if not psolvers:
        return []
    lines = ["", "## Matrix passes per instance", "",
             "First-order solvers: matrix passes (iterations) of each run, whatever its verdict; runs not "
             "judged correct are marked. \"n/r\": the solver does not report them.", "",
             "| instance | " + " | ".join(psolvers) + " |", "|---|" + "---:|" * len(psolvers)]
    by_key = {(r["suite"], r["instance"], r["solver"]): r for r in rows}
    for su, name in _instances(rows):
        cells = []
        for s in psolvers:
            r = by_key.get((su, name, s))
            if r is None:
                cells.append("")
                continue
            p = _fmt_int(r.get("matrix_passes")) or "n/r"
            it = _fmt_int(r.get("iterations"))
            cell = f"{p} ({it})" if it else p
            cells.append(cell if r["verdict"] == "correct" else f"{_cell_status(r)}: {cell}")
        lines.append(f"| {su}/{name} | " + " | ".join(cells) + " |")
    return lines



def write_markdown(rows, meta, out, label, plots):
    solvers = _solvers(rows, meta)
    summ = summary(rows, solvers)
    st = meta.get("settings", {})
    lines = [f"# fleetlp against peers: {label}", ""]
    if meta.get("title"):
        lines += [f"> **{meta['title']}**", ""]
    lines += [f"Started {meta.get('started', '?')} UTC, finished {meta.get('finished', '?')} UTC. "
              f"Command: `{meta.get('command', '')}`", "",
              f"Settings: relative tolerance {st.get('tol', '?'):g} for the first-order solvers "
              f"(simplex and interior point at their defaults), time limit {st.get('time_limit', '?'):g} s "
              + "".join(f"({k}: {v:g} s) " for k, v in (st.get("suite_limits") or {}).items())
              + f"for every solver, {st.get('threads', '?')} thread(s) each, every run in its own process "
              f"(killed after {st.get('hard_timeout', 0):g} s), {st.get('jobs', 1)} run(s) at once, "
              f"instance-major order with the solvers rotated. Objective check |obj - ref| <= {st.get('obj_rtol', 0):g} (1 + |ref|); "
              "reference from the set's reference.csv, the generator, or else the simplex/IPM consensus.", "",
              "Machine: " + "; ".join(f"{k} {v}" for k, v in (meta.get("machine") or {}).items()), "",
              "## Summary", "",
              "Solved = correct answers. Shifted geometric mean of seconds (shift 10 s), every run not "
              "judged correct counted at the time limit; a wrong answer is never fast.", "",
              "| solver | kind | solved | wrong | unsolved | error | unchecked | shifted geomean (s) | "
              "matrix passes (shifted geomean) | median peak MB |", "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    psolvers = _passes_solvers(rows, solvers)
    psgm, pcount = passes_sgm(rows, psolvers)
    for s in solvers:
        c, v = summ[s]["counts"], summ[s]
        pcell = _fmt_int(psgm.get(s)) if s in psolvers else ("n/r" if v["kind"] == "first-order" else "")
        lines.append(f"| {s} | {v['kind']} | {c['correct']}/{v['runs']} | {c['wrong']} | {c['unsolved']} | "
                     f"{c['error']} | {c['unchecked']} | {v['sgm']:.3f} | {pcell} | {fmt(v['median_peak'], '.0f')} |")
    if psolvers:
        lines += ["", f"Matrix passes: over the {pcount} instances that {', '.join(psolvers)} all solved "
                  "correctly (shift 10); each solver's own count, see the Solvers table for what it includes. "
                  "n/r: not reported (by the solver, or not recorded by the harness of this run)."]
    suites = []
    for r in rows:
        if r["suite"] not in suites:
            suites.append(r["suite"])
    if len(suites) > 1:
        lines += ["", "Solved per set:", "", "| set | " + " | ".join(solvers) + " |",
                  "|---|" + "---:|" * len(solvers)]
        for su in suites:
            n = len({r["instance"] for r in rows if r["suite"] == su})
            cells = [str(sum(r["verdict"] == "correct" for r in rows if r["suite"] == su and r["solver"] == s))
                     for s in solvers]
            lines.append(f"| {su} ({n}) | " + " | ".join(cells) + " |")
    lines.append("")
    for title, path in plots:
        lines += [f"![{title}]({os.path.basename(path)})", ""]
    lines += per_set_lines(rows, solvers, meta)
    lines += ["## Solvers", "", "| solver | version | method | tolerance | matrix passes | interpreter baseline MB |",
              "|---|---|---|---|---|---:|"]
    for s in solvers:
        d = (meta.get("solvers") or {}).get(s, {})
        lines.append(f"| {s} | {d.get('version', '')} | {d.get('method', '')} | "
                     f"{d.get('tolerance', '').replace('|', chr(92) + '|')} | "
                     f"{d.get('passes', '').replace('|', chr(92) + '|')} | {fmt(d.get('baseline_mb'), '.0f')} |")
    lines += ["", "Peak memory is the run's process (ru_maxrss): the Python peers' include the "
              "interpreter with the library loaded (baseline column).", "",
              "## Per instance", "",
              "Seconds of correct runs (the solve, reading the model excluded); otherwise the verdict.", "",
              "| instance | nonzeros | reference | from | " + " | ".join(solvers) + " |",
              "|---|---:|---|---|" + "---:|" * len(solvers)]
    by_key = {(r["suite"], r["instance"], r["solver"]): r for r in rows}
    for su, name in _instances(rows):
        cells, first = [], None
        for s in solvers:
            r = by_key.get((su, name, s))
            first = first or r
            if r is None:
                cells.append("")
            elif r["verdict"] == "correct":
                cells.append(_fmt_time(r["seconds"]))
            elif r["verdict"] == "unsolved":
                cells.append("limit" if r["status"] in ("TIME_LIMIT", "LIMIT", "KILLED") else r["status"].lower())
            else:
                cells.append(f"**{r['verdict']}**")
        ref = fmt(first["reference"], ".10g") if first["reference"] is not None else first["reference_status"]
        nnz = max((r["nonzeros"] or 0) for r in rows if r["suite"] == su and r["instance"] == name)
        src = first["reference_source"] or ""
        src = ("csv" if src == "reference.csv" else "exact" if src.startswith("generator")
               else src.replace("consensus: ", "").replace(" simplex/IPM runs", " simplex/IPM")
               .replace("kept: ", "earlier run: "))
        lines.append(f"| {su}/{name} | {nnz or ''} | {ref} | {src} | " + " | ".join(cells) + " |")
    lines += passes_table_lines(rows, solvers)
    bad = [r for r in rows if r["verdict"] != "correct"]
    lines += ["", "## Runs not judged correct", ""]
    if bad:
        lines += ["| instance | solver | status | objective | reference | rel. error | verdict | note |",
                  "|---|---|---|---:|---:|---:|---|---|"]
        for r in bad:
            lines.append(f"| {r['suite']}/{r['instance']} | {r['solver']} | {r['status']} | "
                         f"{fmt(r['objective'], '.10g')} | {fmt(r['reference'], '.10g')} | "
                         f"{fmt(r['rel_error'], '.2e')} | {r['verdict']} | {(r['note'] or '').replace('|', chr(92) + '|')} |")
    else:
        lines.append("None.")
    lines.append("")
    path = os.path.join(out, label + ".md")
    _atomic_write(path, "\n".join(lines))
    return path, summ


# ---- plots ---------------------------------------------------------------------
STYLE = {"fleetlp": ("#d62728", "-", "o"), "fleetlp-gpu": ("#d62728", "-", "o"),
         "highs-dual": ("#1f77b4", "--", "s"), "highs-ipm": ("#17becf", "--", "D"),
         "highs-ipm-nox": ("#17becf", ":", "d"),
         "highs-pdlp": ("#2ca02c", "-.", "^"), "ortools-pdlp": ("#9467bd", "-.", "v"),
         "cupdlpx": ("#2ca02c", "-.", "^"), "clp": ("#ff7f0e", ":", "P"), "glpk": ("#8c564b", ":", "X")}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def performance_profile(rows, meta, path):
    plt = _plt()
    solvers = _solvers(rows, meta)
    keys = _instances(rows)
    by_key = {(r["suite"], r["instance"], r["solver"]): r for r in rows}
    ratios = {s: [] for s in solvers}
    for su, name in keys:
        t = {}
        for s in solvers:
            r = by_key.get((su, name, s))
            t[s] = max(r["seconds"], TIME_FLOOR) if r and r["verdict"] == "correct" else math.inf
        best = min(t.values())
        for s in solvers:
            ratios[s].append(t[s] / best if math.isfinite(best) and math.isfinite(t[s]) else math.inf)
    finite = [x for v in ratios.values() for x in v if math.isfinite(x)]
    tau_max = max(2.0, max(finite) * 1.5) if finite else 2.0
    fig, ax = plt.subplots(figsize=(8.5, 5.2))
    n = len(keys)
    for s in solvers:
        xs = sorted(x for x in ratios[s] if math.isfinite(x))
        px, py = [1.0], [0.0]
        for i, x in enumerate(xs):
            px += [x, x]
            py += [py[-1], (i + 1) / n]
        px.append(tau_max)
        py.append(py[-1])
        color, ls, _ = STYLE.get(s, (None, "-", "o"))
        ax.plot(px, py, color=color, linestyle=ls, linewidth=2.6 if s.startswith("fleetlp") else 1.6,
                label=f"{s} ({len(xs)}/{n})")
    ax.set_xscale("log", base=2)
    ax.set_xlim(1.0, tau_max)
    ticks = [2.0 ** k for k in range(0, int(math.log2(tau_max)) + 1)]
    ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
    ax.set_ylim(0.0, 1.02)
    ax.set_xlabel("τ: within this factor of the fastest correct solver (log scale)")
    ax.set_ylabel("share of instances solved correctly")
    st = meta.get("settings", {})
    sets = ", ".join(dict.fromkeys(r["suite"] for r in rows))
    ax.set_title(f"Performance profile: {n} LPs ({sets}); tol {st.get('tol', 0):g}, "
                 f"{st.get('time_limit', 0):g} s limit, {st.get('threads', 1)} thread(s)", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="lower right", fontsize=9, title="solver (solved)", title_fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def scaling_plot(rows, meta, suite, path):
    plt = _plt()
    mine = [r for r in rows if r["suite"] == suite and r["nonzeros"]]
    if len({r["instance"] for r in mine}) < 2:
        return None
    solvers = _solvers(rows, meta)
    limit = (meta.get("settings") or {}).get("time_limit") or max(r["time_limit"] or 0 for r in mine)
    fig, ax = plt.subplots(figsize=(9.5, 5.2))
    xs_all = sorted({r["nonzeros"] for r in mine})
    for i, s in enumerate(solvers):
        pts = sorted(((r["nonzeros"], r) for r in mine if r["solver"] == s), key=lambda p: (p[0], p[1]["instance"]))
        if not pts:
            continue
        color, ls, marker = STYLE.get(s, (None, "-", "o"))
        good = [(x, max(r["seconds"], TIME_FLOOR)) for x, r in pts if r["verdict"] == "correct"]
        # not solved: hollow at the limit, spread a little sideways so that they do not hide each other
        bad = [(x * (1 + 0.04 * (i - len(solvers) / 2)), limit) for x, r in pts if r["verdict"] != "correct"]
        ax.plot([p[0] for p in good], [p[1] for p in good], color=color, linestyle=ls, marker=marker,
                linewidth=2.6 if s.startswith("fleetlp") else 1.5, label=s)
        if bad:
            ax.plot([p[0] for p in bad], [p[1] for p in bad], color=color, linestyle="none", marker=marker,
                    markerfacecolor="none", markersize=10)
    ax.axhline(limit, color="grey", linewidth=0.8, linestyle="--")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_ylim(top=limit * 2.0)
    ax.text(xs_all[0], limit * 1.25, "time limit (hollow markers: not solved correctly)", fontsize=8,
            color="dimgrey")
    ax.set_xlabel("nonzeros of A")
    ax.set_ylabel("seconds (solve, reading excluded; 10 ms floor)")
    st = meta.get("settings", {})
    sizes = ", ".join(dict.fromkeys(r["size"] for r in sorted(mine, key=lambda r: r["nonzeros"]) if r["size"]))
    ax.set_title(f"Scaling on the {suite} set ({sizes}): tol {st.get('tol', 0):g}, "
                 f"{st.get('threads', 1)} thread(s)", fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=9)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)
    return path


def write_all(rows, meta, out, label):
    """CSV, JSON, plots and markdown; returns the lines to print."""
    os.makedirs(out, exist_ok=True)
    write_csv(rows, os.path.join(out, label + ".csv"))
    _atomic_write(os.path.join(out, label + ".json"), json.dumps(meta, indent=1) + "\n")
    plots, msgs = [], []
    try:
        plots.append(("performance profile", performance_profile(rows, meta, os.path.join(out, label + "-profile.png"))))
        for suite in GENERATED:
            p = scaling_plot(rows, meta, suite, os.path.join(out, f"{label}-scaling-{suite}.png"))
            if p:
                plots.append((f"scaling on {suite}", p))
    except ImportError as e:
        msgs.append(f"no plots: {e} (run in .venv, or --report-only there)")
    md, summ = write_markdown(rows, meta, out, label, plots)
    for s, v in summ.items():
        c = v["counts"]
        msgs.append(f"{s:<13} solved {c['correct']:4d}/{v['runs']:<4d} wrong {c['wrong']:3d} "
                    f"unsolved {c['unsolved']:3d} error {c['error']:3d}  shifted geomean {v['sgm']:8.3f} s")
    msgs.append(f"wrote {md}, .csv, .json" + "".join(f", {os.path.basename(p)}" for _, p in plots))
    return msgs
