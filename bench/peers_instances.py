"""Instance sets of bench/run_peers.py: the shared data sets and generated LPs.

An instance is a dict: suite, name, path, free_mps (fixed MPS for the shared
data sets, free MPS for the generated ones: GLPK and Clp must be told),
ref_status/ref_obj/ref_source (from the folder's reference.csv, or empty:
the solvers' consensus is used then), size (the generator's size label) and
nnz (known for generated LPs; the scaling plot's x axis).

Generated sets are written once under WORK/instances/<set>/ and reused:
  kkt    tests/support/kkt_gen LPs (bench/kkt_lp.c), optimum known exactly
  fleet  `fleetlp fleet generate` + `fleetlp fleet build`, no reference
"""

import csv
import json
import os
import subprocess

from benchlib import expand, model_name, read_reference

DATA_SETS = ("netlib", "miplib3", "kennington", "infeasible", "unbounded")
# rows x cols of the kkt set (about 8 nonzeros a row).
KKT_SIZES = ((1000, 1500), (4000, 6000), (16000, 24000), (64000, 96000))
# nodes x slots of the fleet set: 6 classes, the generator's other defaults.
FLEET_SIZES = ((50, 24), (200, 24), (800, 24), (3200, 24))


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


def fleet_instances(work, cli, sizes=FLEET_SIZES, seed=1, log=print):
    """Synthetic fleets at the given sizes, built into free MPS; no reference."""
    if not fleetlp_has_fleet(cli):
        log(f"fleet: `{os.path.basename(cli)} fleet generate` is not available in this build; set skipped")
        return []
    folder = os.path.join(work, "instances", "fleet")
    os.makedirs(folder, exist_ok=True)
    out = []
    for nodes, slots in sizes:
        name = f"fleet-{nodes}x{slots}-s{seed}"
        h5, mps = os.path.join(folder, name + ".h5"), os.path.join(folder, name + ".mps.gz")
        size_file = mps + ".size"
        if not (os.path.isfile(mps) and os.path.isfile(size_file)):
            log(f"fleet: generating {name}")
            steps = ([cli, "fleet", "generate", "-o", h5, "--nodes", str(nodes), "--slots", str(slots),
                      "--seed", str(seed)], [cli, "fleet", "build", h5, "-o", mps])
            ok = True
            for cmd in steps:
                res = subprocess.run(cmd, capture_output=True, text=True)
                if res.returncode != 0:
                    log(f"fleet: {' '.join(cmd[1:3])} for {name} failed: "
                        f"{(res.stderr or res.stdout).strip().splitlines()[-1:]}")
                    ok = False
                    break
            if not ok:
                continue
            # the size from a quick read by fleetlp itself (iteration limit 1)
            js = mps + ".json"
            subprocess.run([cli, "solve", mps, "--iter-limit", "1", "--quiet", "--json", js],
                           capture_output=True, text=True)
            nnz = ""
            try:
                with open(js) as f:
                    nnz = str(json.load(f).get("nonzeros", ""))
            except (OSError, ValueError):
                pass
            with open(size_file, "w") as f:
                f.write(nnz)
        with open(size_file) as f:
            nnz = f.read().strip()
        out.append({"suite": "fleet", "name": name, "path": mps, "free_mps": True,
                    "ref_status": "", "ref_obj": None, "ref_source": "", "size": f"{nodes}x{slots}",
                    "nnz": int(nnz) if nnz else None})
    return out
