#!/usr/bin/env python3
"""Budget-limited capacity procurement, in PuLP, solved with fleetlp.

The cheapest 3-year way to meet four workloads' demand: buy servers of five
types (capex + 3 years of opex) or rent cloud capacity, under a $2.4M capital
cap, 90 kW of new power and 160 rack units of space. Servers already owned
are free to use. The same model as datasets/examples/procurement.mps
(make_examples.py). Fractional servers: an LP plan, rounded by the planner.

    python3 datasets/examples/pulp/procurement.py
"""
import pulp

import fleetlp.pulp

# type: capex $, opex $/year, kW, rack units, supplier limit, already owned
TYPES = {
    "cpu": (9000, 1800, 0.45, 1, 200, 40),
    "cpudense": (16000, 2600, 0.70, 1, 120, 10),
    "gpuh": (240000, 30000, 6.5, 8, 12, 2),
    "gpul": (60000, 9000, 2.2, 4, 30, 4),
    "accel": (45000, 5000, 1.2, 2, 40, 0),
}
# demand units each server type delivers per workload (0: cannot run it)
PERF = {
    "web": {"cpu": 40, "cpudense": 75},
    "batch": {"cpu": 30, "cpudense": 64, "gpuh": 20, "gpul": 10},
    "training": {"gpuh": 8, "gpul": 2, "accel": 1},
    "inference": {"cpu": 1, "cpudense": 2, "gpuh": 40, "gpul": 16, "accel": 22},
}
DEMAND = {"web": 6000, "batch": 5000, "training": 60, "inference": 900}
RENT = {"web": 600, "batch": 700, "training": 70000, "inference": 6000}  # $ per unit, 3 years
CAPEX_CAP, POWER_KW, SPACE_RU = 2.4e6, 90, 160


def build():
    prob = pulp.LpProblem("procurement", pulp.LpMinimize)
    buy = {t: prob.add_variable(f"buy_{t}", 0, TYPES[t][4]) for t in TYPES}
    use = {(w, t): prob.add_variable(f"use_{w}_{t}", 0) for w in PERF for t in PERF[w]}
    rent = {w: prob.add_variable(f"rent_{w}", 0) for w in PERF}
    prob += (pulp.lpSum((capex + 3 * opex) * buy[t] for t, (capex, opex, *_) in TYPES.items())
             + pulp.lpSum(RENT[w] * rent[w] for w in PERF))
    for w in PERF:
        prob += (pulp.lpSum(PERF[w][t] * use[w, t] for t in PERF[w]) + rent[w] >= DEMAND[w],
                 f"demand_{w}")
    for t, (*_, owned) in TYPES.items():
        prob += pulp.lpSum(use[w, t] for w in PERF if t in PERF[w]) <= owned + buy[t], f"servers_{t}"
    prob += pulp.lpSum(TYPES[t][0] * buy[t] for t in TYPES) <= CAPEX_CAP, "capex"
    prob += pulp.lpSum(TYPES[t][2] * buy[t] for t in TYPES) <= POWER_KW, "power"
    prob += pulp.lpSum(TYPES[t][3] * buy[t] for t in TYPES) <= SPACE_RU, "space"
    return prob, dict(buy=buy, use=use, rent=rent)


def show(prob, v):
    print(f"status {pulp.LpStatus[prob.status]}, 3-year cost ${pulp.value(prob.objective):,.0f}")
    print("buy:   " + ", ".join(f"{t} {x.varValue:.1f}" for t, x in v["buy"].items() if x.varValue > 1e-6))
    print("rent:  " + ", ".join(f"{w} {x.varValue:.1f} units" for w, x in v["rent"].items()
                                if x.varValue > 1e-6))
    for w in PERF:
        given = ", ".join(f"{t} {v['use'][w, t].varValue:.1f}" for t in PERF[w]
                          if v["use"][w, t].varValue > 1e-6)
        print(f"  {w:<10} on {given or 'rented capacity only'}")
    print("what one more unit is worth (shadow prices, $):")
    for name in ("capex", "power", "space"):
        print(f"  {name:<6} {prob.get_constraint_by_name(name).pi:12.4f}")


def main():
    prob, v = build()
    prob.solve(fleetlp.pulp.FLEETLP(msg=False))
    show(prob, v)


if __name__ == "__main__":
    main()
