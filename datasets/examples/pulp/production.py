#!/usr/bin/env python3
"""Production planning across hardware, bandwidth and power limits, in PuLP,
solved with fleetlp.

Two sites (east, west) make four services on CPUs and GPUs for one day; each
unit needs core-hours, GPU-hours, uplink Gb and kWh at the site that makes
it. Sales per region are capped, contracts fix minimum deliveries, and units
made at one site may serve the other region over a WAN link of limited
capacity (at a transfer cost). Maximises revenue minus energy and WAN cost.
The same model as datasets/examples/production.mps (make_examples.py).

    python3 datasets/examples/pulp/production.py
"""
import pulp

import fleetlp.pulp

# site: cores (core-h), gpus (GPU-h), uplink (Gb), power (kWh), $ per kWh
SITES = {
    "east": (96000, 4000, 2.0e6, 90000, 0.11),
    "west": (64000, 6000, 1.5e6, 80000, 0.07),
}
# service: core-h, GPU-h, Gb out, kWh per unit, revenue $, (market east, west), contract minimum
SERVICES = {
    "transcode": (2.0, 0.00, 40.0, 0.25, 1.10, (30000, 20000), 10000),
    "search": (0.5, 0.00, 2.0, 0.06, 0.30, (90000, 70000), 40000),
    "training": (8.0, 4.00, 10.0, 3.20, 9.50, (800, 900), 300),
    "inference": (1.0, 0.25, 5.0, 0.40, 1.60, (12000, 10000), 5000),
}
WAN_GB, WAN_COST = 4.0e5, 0.002  # Gb per day between the sites, $ per Gb


def build():
    prob = pulp.LpProblem("production", pulp.LpMaximize)
    make = {(v, s, r): prob.add_variable(f"make_{v}_{s}_{r}", 0)
            for v in SERVICES for s in SITES for r in SITES}

    def margin(v, s, r):
        _, _, gb, kwh, revenue, _, _ = SERVICES[v]
        return revenue - kwh * SITES[s][4] - (gb * WAN_COST if r != s else 0)

    prob += pulp.lpSum(margin(v, s, r) * x for (v, s, r), x in make.items())
    for s, (cores, gpus, uplink, power, _) in SITES.items():
        # resource k of a site: the k-th need of each service made there
        for k, (res, cap) in enumerate((("cores", cores), ("gpus", gpus), ("uplink", uplink),
                                        ("power", power))):
            prob += (pulp.lpSum(SERVICES[v][k] * make[v, s, r] for v in SERVICES for r in SITES)
                     <= cap, f"{res}_{s}")
    prob += (pulp.lpSum(SERVICES[v][2] * x for (v, s, r), x in make.items() if r != s) <= WAN_GB,
             "wan")
    for v, (*_, market, contract) in SERVICES.items():
        for i, r in enumerate(SITES):
            prob += pulp.lpSum(make[v, s, r] for s in SITES) <= market[i], f"market_{v}_{r}"
        prob += pulp.lpSum(make[v, s, r] for s in SITES for r in SITES) >= contract, f"contract_{v}"
    return prob, dict(make=make)


def show(prob, v):
    print(f"status {pulp.LpStatus[prob.status]}, daily margin ${pulp.value(prob.objective):,.2f}")
    print(f"{'service':<10} {'made at':<8} {'for':<6} {'units':>10}")
    for (svc, s, r), x in v["make"].items():
        if x.varValue > 1e-6:
            print(f"{svc:<10} {s:<8} {r:<6} {x.varValue:10.1f}")
    print("binding limits and what one more unit is worth ($):")
    for name in [f"{res}_{s}" for s in SITES for res in ("cores", "gpus", "uplink", "power")] + ["wan"]:
        pi = prob.get_constraint_by_name(name).pi
        if abs(pi) > 1e-6:
            print(f"  {name:<12} {pi:10.4f}")


def main():
    prob, v = build()
    prob.solve(fleetlp.pulp.FLEETLP(msg=False))
    show(prob, v)


if __name__ == "__main__":
    main()
