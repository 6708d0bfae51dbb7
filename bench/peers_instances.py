"""Instance sets of bench/run_peers.py: the shared data sets and generated LPs.

An instance is a dict: suite, name, path, free_mps (fixed MPS for the shared
data sets, free MPS for the generated ones: GLPK and Clp must be told),
ref_status/ref_obj/ref_source (from the folder's reference.csv, or empty:
the solvers' consensus is used then), size (the generator's size label) and
nnz (known for generated LPs; the scaling plot's x axis).

Generated sets are written once under WORK/instances/<set>/ and reused:
  kkt           tests/support/kkt_gen LPs (bench/kkt_lp.c), optimum known exactly
  fleet         `fleetlp fleet generate` + `fleetlp fleet build`; the reference
                is the simplex/IPM consensus of a run, kept in reference.csv
                next to the MPS files for later runs (save_fleet_reference)
                (sizes --fleet-sizes, the generator's other defaults)
  fleet-nightly the shapes of the nightly job (FLEET_NIGHTLY below, or the
                grid given by --fleet-sizes/--fleet-classes/--fleet-tightness/
                --fleet-budget/--fleet-seeds), no reference
"""

import csv
import os
import re
import subprocess

from benchlib import expand, model_name, read_reference

DATA_SETS = ("netlib", "miplib3", "kennington", "infeasible", "unbounded", "energy")
# rows x cols of the kkt set (about 8 nonzeros a row).
KKT_SIZES = ((1000, 1500), (4000, 6000), (16000, 24000), (64000, 96000))
# nodes x slots of the fleet set: 6 classes, the generator's other defaults.
FLEET_SIZES = ((50, 24), (200, 24), (800, 24), (3200, 24))


def fleet_spec(nodes, slots=24, classes=None, tightness=None, budget=None, seed=1):
    """One generated fleet: the generator's knobs (None: its default)."""
    return {"nodes": nodes, "slots": slots, "classes": classes, "tightness": tightness, "budget": budget,
            "seed": seed}


def fleet_grid(sizes, classes=None, tightness=(None,), budget=(None,), seeds=(1,)):
    """Every combination, sizes outermost (so a stopped run has the small ones)."""
    return [fleet_spec(n, t, classes, ti, b, s) for n, t in sizes for ti in tightness for b in budget
            for s in seeds]


# The nightly job's shapes (DESIGN section 8, issue 17): 96 slots (a day in 15
# minutes), 16 workload classes, tight (peak demand 1.1 x what a class can reach:
# some demand unserved) and loose (0.7), with and without the dense budget row.
# Every shape at every size with seed 1; seeds 2 and 3 at 200 and 800 nodes.
# 12,800 nodes (about 41 million nonzeros) is the largest size HiGHS PDLP was
# estimated to finish within 10 minutes on the 2-core machine (bench/README.md,
# "The fleet set").
NIGHTLY_SHAPES = [(ti, b) for ti in (1.1, 0.7) for b in (True, False)]
FLEET_NIGHTLY = (
    [fleet_spec(n, 96, 16, ti, b, 1) for n in (200, 800, 1600, 3200, 6400, 12800) for ti, b in NIGHTLY_SHAPES]
    + [fleet_spec(n, 96, 16, ti, b, s) for n in (200, 800) for s in (2, 3) for ti, b in NIGHTLY_SHAPES])
# The same shapes, small, for checking the harness (bench/results/peers/smoke/).
FLEET_NIGHTLY_SMOKE = [fleet_spec(60, 96, 16, 1.1, True, 1), fleet_spec(120, 96, 16, 0.7, False, 1)]


def fleet_name(spec):
    """fleet-200x24-s1 for the generator's defaults (the names of earlier runs);
    fleet-200x96x16-t1.1-b-s1 (b: budget row, nb: none) for the nightly shapes."""
    name = f"fleet-{spec['nodes']}x{spec['slots']}"
    if spec.get("classes") is not None:
        name += f"x{spec['classes']}"
    if spec.get("tightness") is not None:
        name += f"-t{spec['tightness']:g}"
    if spec.get("budget") is not None:
        name += "-b" if spec["budget"] else "-nb"
    return name + f"-s{spec['seed']}"


def fleet_label(spec):
    """The scaling plot's size label: nodes x slots [x classes]."""
    return f"{spec['nodes']}x{spec['slots']}" + (f"x{spec['classes']}" if spec.get("classes") else "")


def parse_sizes(text):
    """'50x24,200x24' -> ((50, 24), (200, 24))."""
    sizes = []
    for item in text.split(","):
        a, b = item.lower().split("x")
        sizes.append((int(a), int(b)))
    return tuple(sizes)


def data_instances(specs, data_dir):
    out = []
    data_dir = os.path.abspath(data_dir)
    for path in map(os.path.abspath, expand(specs, data_dir)):
        folder = os.path.dirname(path)
        name = model_name(path)
        ref_status, ref_obj = read_reference(folder).get(name, ("", None))
        out.append({"suite": os.path.basename(folder), "name": name, "path": path,
                    "free_mps": not folder.startswith(data_dir + os.sep),
                    "ref_status": ref_status, "ref_obj": ref_obj,
                    "ref_source": "reference.csv" if ref_status else "", "size": "", "nnz": None})
    return out


def _write_reference(folder, rows):
    with open(os.path.join(folder, "reference.csv.tmp"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["name", "status", "objective", "rows", "cols", "nonzeros"])
        w.writerows(rows)
    os.replace(os.path.join(folder, "reference.csv.tmp"), os.path.join(folder, "reference.csv"))


def kkt_instances(work, kkt_bin, sizes=KKT_SIZES, seed=1, log=print):
    """LPs built around a known primal-dual pair: exact reference objectives."""
    folder = os.path.join(work, "instances", "kkt")
    os.makedirs(folder, exist_ok=True)
    meta_path = os.path.join(folder, "reference.csv")
    known = {}
    if os.path.isfile(meta_path):
        with open(meta_path, newline="") as f:
            known = {r["name"]: r for r in csv.DictReader(f)}
    out = []
    for m, n in sizes:
        name = f"kkt-{m}x{n}-s{seed}"
        path = os.path.join(folder, name + ".mps")
        if name not in known or not os.path.isfile(path):
            if not (kkt_bin and os.access(kkt_bin, os.X_OK)):
                log(f"kkt: generator {kkt_bin} not built (target fleetlp_kkt_lp); set skipped")
                return []
            log(f"kkt: generating {name}")
            res = subprocess.run([kkt_bin, path, str(m), str(n), str(seed)], capture_output=True, text=True)
            if res.returncode != 0:
                log(f"kkt: {name} failed: {res.stderr.strip()}")
                continue
            _, r_, c_, nnz, status, obj = res.stdout.strip().rsplit(",", 5)
            known[name] = {"name": name, "status": status, "objective": obj, "rows": r_, "cols": c_,
                           "nonzeros": nnz}
        k = known[name]
        out.append({"suite": "kkt", "name": name, "path": path, "free_mps": True,
                    "ref_status": k["status"], "ref_obj": float(k["objective"]),
                    "ref_source": "generator (exact)", "size": f"{m}x{n}", "nnz": int(k["nonzeros"])})
    # every size generated so far, not only this run's
    _write_reference(folder, [[k["name"], k["status"], k["objective"], k["rows"], k["cols"], k["nonzeros"]]
                              for k in sorted(known.values(), key=lambda k: int(k["nonzeros"]))])
    return out


def fleetlp_has_fleet(cli):
    try:
        res = subprocess.run([cli, "fleet", "--help"], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return res.returncode == 0 and "generate" in res.stdout


REFERENCE_FIELDS = ["name", "status", "objective", "source", "mps_mtime"]


def _fleet_references(folder):
    """name -> row of WORK/instances/fleet/reference.csv: the simplex/IPM answers
    of earlier runs, kept with the MPS file's mtime (a regenerated file drops them)."""
    path = os.path.join(folder, "reference.csv")
    if not os.path.isfile(path):
        return {}
    with open(path, newline="") as f:
        return {r["name"]: r for r in csv.DictReader(f)}


def save_fleet_reference(inst, status, objective, source):
    """Keeps a generated fleet's simplex/IPM reference for later runs, so that a
    run of the first-order solvers alone (or with short limits) is still judged
    against a simplex/IPM objective."""
    folder = os.path.dirname(inst["path"])
    known = _fleet_references(folder)
    known[inst["name"]] = {"name": inst["name"], "status": status, "objective": repr(objective),
                           "source": source, "mps_mtime": repr(os.path.getmtime(inst["path"]))}
    path = os.path.join(folder, "reference.csv")
    with open(path + ".tmp", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=REFERENCE_FIELDS)
        w.writeheader()
        w.writerows(known[k] for k in sorted(known))
    os.replace(path + ".tmp", path)


def fleet_instances(work, cli, specs, log=print, suite="fleet"):
    """Synthetic fleets (fleet_spec dicts, or (nodes, slots) pairs), built into
    free MPS; no reference (the simplex/IPM runs give it)."""
    if not fleetlp_has_fleet(cli):
        log(f"fleet: `{os.path.basename(cli)} fleet generate` is not available in this build; set skipped")
        return []
    folder = os.path.join(work, "instances", "fleet")
    os.makedirs(folder, exist_ok=True)
    out = []
    cached = _fleet_references(folder)
    for spec in specs:
        if not isinstance(spec, dict):
            spec = fleet_spec(*spec)
        name = fleet_name(spec)
        h5, mps = os.path.join(folder, name + ".h5"), os.path.join(folder, name + ".mps.gz")
        size_file = mps + ".size"
        if not (os.path.isfile(mps) and os.path.isfile(size_file)):
            log(f"fleet: generating {name}")
            gen = [cli, "fleet", "generate", "-o", h5, "--nodes", str(spec["nodes"]), "--slots", str(spec["slots"]),
                   "--seed", str(spec["seed"])]
            if spec.get("classes") is not None:
                gen += ["--classes", str(spec["classes"])]
            if spec.get("tightness") is not None:
                gen += ["--tightness", repr(spec["tightness"])]
            if spec.get("budget") is not None:
                gen += ["--budget-row", "on" if spec["budget"] else "off"]
            ok, built = True, ""
            for cmd in (gen, [cli, "fleet", "build", h5, "-o", mps]):
                res = subprocess.run(cmd, capture_output=True, text=True)
                if res.returncode != 0:
                    log(f"fleet: {' '.join(cmd[1:3])} for {name} failed: "
                        f"{(res.stderr or res.stdout).strip().splitlines()[-1:]}")
                    ok = False
                    break
                built = res.stdout + res.stderr
            if not ok:
                continue
            # the size from the build's report ("LP  48193 rows, 105976 columns, 769904 nonzeros")
            m = re.search(r"^LP\s+\d+ rows, \d+ columns, (\d+) nonzeros", built, re.M)
            with open(size_file, "w") as f:
                f.write(m.group(1) if m else "")
        with open(size_file) as f:
            nnz = f.read().strip()
        ref = cached.get(name)
        if ref and ref["mps_mtime"] != repr(os.path.getmtime(mps)):
            ref = None  # the file was written again since: its reference is not known
        out.append({"suite": suite, "name": name, "path": mps, "free_mps": True,
                    "ref_status": ref["status"] if ref else "",
                    "ref_obj": float(ref["objective"]) if ref and ref["objective"] not in ("", "None") else None,
                    "ref_source": f"kept: {ref['source']}" if ref else "", "size": fleet_label(spec),
                    "nnz": int(nnz) if nnz else None, "spec": spec})
    return out
