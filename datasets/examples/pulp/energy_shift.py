#!/usr/bin/env python3
"""Energy-cost-aware operations over 24 hourly slots, in PuLP, solved with
fleetlp.

Interactive load is fixed; six deferrable batch jobs each need a given energy
between their release and their deadline, at most at their maximum rate. The
site may draw at most its power cap (lower in the afternoon heat). Cost =
energy at the hourly price (cheap at night and at the solar noon, dear in the
evening) + a demand charge on the day's peak draw. The same model as
datasets/examples/energy_shift.mps (make_examples.py).

    python3 datasets/examples/pulp/energy_shift.py
"""
import pulp

import fleetlp.pulp

PRICE = [42, 38, 35, 33, 34, 40, 55, 78, 92, 70, 45, 30,
         24, 22, 26, 38, 60, 95, 140, 150, 120, 88, 64, 50]  # $ per MWh
LOAD = [18, 17, 16, 16, 16, 17, 20, 24, 27, 28, 29, 30,
        30, 30, 31, 31, 31, 32, 33, 32, 29, 26, 22, 20]  # MW of interactive load
CAP = [48] * 12 + [44, 42, 40, 40, 42, 44] + [48] * 6  # MW site limit
DEMAND_CHARGE = 400.0  # $ per MW of the day's peak
# job: energy MWh, max MW, release hour, deadline hour (inclusive)
JOBS = {
    "etl": (40, 8, 0, 7),
    "backup": (30, 6, 1, 11),
    "train": (120, 12, 0, 23),
    "reindex": (25, 5, 9, 16),
    "render": (60, 10, 12, 23),
    "archive": (20, 4, 18, 23),
}
HOURS = range(24)


def build():
    prob = pulp.LpProblem("energy_shift", pulp.LpMinimize)
    p = {(j, t): prob.add_variable(f"p_{j}_{t}", 0, rate)
         for j, (_, rate, release, deadline) in JOBS.items() for t in range(release, deadline + 1)}
    peak = prob.add_variable("peak", 0)
    # the interactive load's energy is a constant part of the bill
    prob += (pulp.lpSum(PRICE[t] * x for (j, t), x in p.items()) + DEMAND_CHARGE * peak
             + sum(price * load for price, load in zip(PRICE, LOAD)))
    for j, (energy, *_) in JOBS.items():
        prob += pulp.lpSum(x for (k, t), x in p.items() if k == j) == energy, f"energy_{j}"
    for t in HOURS:
        batch = pulp.lpSum(x for (j, s), x in p.items() if s == t)
        prob += batch <= CAP[t] - LOAD[t], f"cap_{t}"
        prob += peak - batch >= LOAD[t], f"peak_{t}"
    return prob, dict(p=p, peak=peak)


def show(prob, v):
    print(f"status {pulp.LpStatus[prob.status]}, daily cost ${pulp.value(prob.objective):,.2f}, "
          f"peak {v['peak'].varValue:.2f} MW")
    print("hour  $/MWh  load  " + "  ".join(f"{j:>7}" for j in JOBS) + "  site MW")
    for t in HOURS:
        row = [v["p"][j, t].varValue if (j, t) in v["p"] else 0.0 for j in JOBS]
        print(f"{t:4d} {PRICE[t]:6d} {LOAD[t]:5d}  " + "  ".join(f"{x:7.2f}" for x in row)
              + f"  {LOAD[t] + sum(row):7.2f}")
    print("energy's marginal price per job ($/MWh): "
          + ", ".join(f"{j} {prob.get_constraint_by_name(f'energy_{j}').pi:.2f}" for j in JOBS))


def main():
    prob, v = build()
    prob.solve(fleetlp.pulp.FLEETLP(msg=False))
    show(prob, v)


if __name__ == "__main__":
    main()
