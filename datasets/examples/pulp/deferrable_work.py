#!/usr/bin/env python3
"""Deadline-aware scheduling of deferrable work, in PuLP, solved with fleetlp.

Twelve two-hour slots on two clusters. Interactive load takes its share of
each cluster's nodes; six batch jobs each need a number of node-hours
between their release and their deadline, on the clusters they may use, at
no more than their parallelism. Running costs per node-hour follow each
cluster's energy price and carbon intensity through the day. Work not done
by its deadline is paid for as a penalty (its value, or an outsourcing
price), so the plan says both when and where to run and what to drop when
capacity is short. run_<job>_<cluster>_<slot> = node-hours in a slot.

    python3 datasets/examples/pulp/deferrable_work.py
"""
import pulp

import fleetlp.pulp

SLOTS = range(12)  # two hours each
NODES = {"north": 400, "south": 300}  # nodes per cluster: 2 node-hours a slot each
INTERACTIVE = {  # node-hours of interactive load per slot
    "north": [200, 180, 170, 190, 300, 420, 520, 560, 540, 480, 380, 260],
    "south": [150, 140, 130, 150, 240, 330, 400, 430, 410, 360, 280, 190],
}
COST = {  # $ per node-hour: energy price plus a carbon price
    "north": [0.30, 0.28, 0.27, 0.30, 0.38, 0.46, 0.52, 0.55, 0.50, 0.44, 0.40, 0.34],
    "south": [0.36, 0.33, 0.31, 0.29, 0.24, 0.20, 0.19, 0.22, 0.30, 0.41, 0.45, 0.40],
}
# job: node-hours, release slot, deadline slot (inclusive), parallelism (node-hours a slot),
#      clusters, penalty $ per node-hour not done
JOBS = {
    "nightly_etl": (900, 0, 3, 400, ("north", "south"), 3.0),
    "model_train": (2400, 0, 11, 500, ("north",), 1.2),
    "video_batch": (1500, 2, 8, 350, ("south",), 0.9),
    "log_compact": (600, 4, 7, 300, ("north", "south"), 0.8),
    "report_gen": (400, 6, 9, 200, ("north", "south"), 2.5),
    "backfill": (1800, 0, 11, 600, ("north", "south"), 0.35),
}


def build():
    prob = pulp.LpProblem("deferrable_work", pulp.LpMinimize)
    run = {(j, k, t): prob.add_variable(f"run_{j}_{k}_{t}", 0)
           for j, (_, release, deadline, _, clusters, _) in JOBS.items()
           for k in clusters for t in range(release, deadline + 1)}
    late = {j: prob.add_variable(f"undone_{j}", 0) for j in JOBS}
    prob += (pulp.lpSum(COST[k][t] * x for (j, k, t), x in run.items())
             + pulp.lpSum(JOBS[j][5] * late[j] for j in JOBS))
    for j, (work, *_) in JOBS.items():
        prob += pulp.lpSum(x for (i, _, _), x in run.items() if i == j) + late[j] == work, f"work_{j}"
    for k, nodes in NODES.items():
        for t in SLOTS:
            free = 2 * nodes - INTERACTIVE[k][t]
            prob += pulp.lpSum(x for (_, c, s), x in run.items() if (c, s) == (k, t)) <= free, \
                f"capacity_{k}_{t}"
    for j, (_, release, deadline, parallel, clusters, _) in JOBS.items():
        for t in range(release, deadline + 1):
            prob += pulp.lpSum(run[j, k, t] for k in clusters) <= parallel, f"parallel_{j}_{t}"
    return prob, dict(run=run, late=late)


def show(prob, v):
    print(f"status {pulp.LpStatus[prob.status]}, cost ${pulp.value(prob.objective):,.2f}")
    print("slot  " + "  ".join(f"{j:>11}" for j in JOBS) + "   (node-hours, north+south)")
    for t in SLOTS:
        cells = []
        for j in JOBS:
            total = sum(v["run"][j, k, t].varValue for k in NODES if (j, k, t) in v["run"])
            cells.append(f"{total:11.1f}" if total > 1e-6 else f"{'.':>11}")
        print(f"{t:4d}  " + "  ".join(cells))
    undone = [f"{j} {x.varValue:.1f}" for j, x in v["late"].items() if x.varValue > 1e-6]
    print("not done: " + (", ".join(undone) or "nothing"))
    busy = [f"{k} slot {t} (${-prob.get_constraint_by_name(f'capacity_{k}_{t}').pi:.3f})"
            for k in NODES for t in SLOTS
            if prob.get_constraint_by_name(f"capacity_{k}_{t}").pi < -1e-6]
    print("full clusters, and what one more node-hour would save: " + ", ".join(busy))


def main():
    prob, v = build()
    prob.solve(fleetlp.pulp.FLEETLP(msg=False))
    show(prob, v)


if __name__ == "__main__":
    main()
