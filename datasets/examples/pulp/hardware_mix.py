#!/usr/bin/env python3
"""Procurement of CPU, GPU, storage and network, in PuLP, solved with fleetlp.

A new cluster needs 9,000 cores, 96 GPUs, 3,000 TB of storage and 6,400 Gb/s
of uplink. It can be built from CPU servers (64 cores, 8 TB of local disk),
GPU servers (8 GPUs and 32 cores), storage shelves (400 TB) and leaf
switches (48 ports, 800 Gb/s of uplink each); every server and shelf takes
switch ports (a GPU server two). What is owned already is free to use.
Capital is capped at $3.0M, power at 250 kW and space at 400 rack units;
short cores, GPUs or TB can be rented from a cloud at a premium. Minimises
the 3-year cost (capex + 3 years of opex + rent). An LP plan: fractional
units are rounded by the planner.

    python3 datasets/examples/pulp/hardware_mix.py
"""
import pulp

import fleetlp.pulp

# item: capex $, opex $/year, kW, rack units, ports, cores, GPUs, TB, uplink Gb/s, owned
ITEMS = {
    "cpu_server": (14000, 2200, 0.55, 1, 1, 64, 0, 8, 0, 40),
    "gpu_server": (210000, 26000, 5.8, 4, 2, 32, 8, 4, 0, 4),
    "storage_shelf": (38000, 4000, 1.1, 4, 1, 0, 0, 400, 0, 2),
    "leaf_switch": (22000, 1500, 0.6, 1, -48, 0, 0, 0, 800, 2),  # gives 48 ports
}
NEED = {"cores": 9000, "gpus": 96, "tb": 3000, "uplink": 6400}
COLUMN = {"cores": 5, "gpus": 6, "tb": 7, "uplink": 8}  # where ITEMS says how much an item gives
RENT = {"cores": 420, "gpus": 45000, "tb": 260}  # $ per unit for 3 years; uplink cannot be rented
CAPEX_CAP, POWER_KW, SPACE_RU = 3.0e6, 250, 400


def build():
    prob = pulp.LpProblem("hardware_mix", pulp.LpMinimize)
    buy = {i: prob.add_variable(f"buy_{i}", 0) for i in ITEMS}
    rent = {r: prob.add_variable(f"rent_{r}", 0) for r in RENT}
    have = {i: ITEMS[i][9] + buy[i] for i in ITEMS}
    prob += (pulp.lpSum((ITEMS[i][0] + 3 * ITEMS[i][1]) * buy[i] for i in ITEMS)
             + pulp.lpSum(RENT[r] * rent[r] for r in RENT))
    for res, need in NEED.items():
        own = pulp.lpSum(ITEMS[i][COLUMN[res]] * have[i] for i in ITEMS)
        prob += own + (rent[res] if res in rent else 0) >= need, f"need_{res}"
    prob += pulp.lpSum(ITEMS[i][4] * have[i] for i in ITEMS) <= 0, "ports"  # used <= switch ports
    prob += pulp.lpSum(ITEMS[i][0] * buy[i] for i in ITEMS) <= CAPEX_CAP, "capex"
    prob += pulp.lpSum(ITEMS[i][2] * have[i] for i in ITEMS) <= POWER_KW, "power"
    prob += pulp.lpSum(ITEMS[i][3] * have[i] for i in ITEMS) <= SPACE_RU, "space"
    return prob, dict(buy=buy, rent=rent)


def show(prob, v):
    print(f"status {pulp.LpStatus[prob.status]}, 3-year cost ${pulp.value(prob.objective):,.0f}")
    for i, x in v["buy"].items():
        print(f"  buy  {i:<14} {x.varValue:8.2f}   (owned {ITEMS[i][9]})")
    for r, x in v["rent"].items():
        if x.varValue > 1e-6:
            print(f"  rent {r:<14} {x.varValue:8.2f}")
    print("shadow prices ($ per unit):")
    for name in ("need_cores", "need_gpus", "need_tb", "need_uplink", "ports", "capex", "power",
                 "space"):
        print(f"  {name:<12} {prob.get_constraint_by_name(name).pi:12.4f}")


def main():
    prob, v = build()
    prob.solve(fleetlp.pulp.FLEETLP(msg=False))
    show(prob, v)


if __name__ == "__main__":
    main()
