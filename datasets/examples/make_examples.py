#!/usr/bin/env python3
"""Writes the small planning models in datasets/examples as free MPS.

Each model is stated here in planner terms, so the numbers can be read and
changed; run `python3 datasets/examples/make_examples.py` to rewrite the .mps
files (deterministic: no randomness). tests/test_fleet_plan.cpp solves each
with fleetlp and with Clp and checks that the optima agree.

  procurement.mps   budget-limited procurement: the cheapest 3-year way to meet
                    compute demand under a capital spend cap, choosing among CPU,
                    GPU and accelerator servers (or renting cloud capacity)
  production.mps    production planning across two sites: services made on
                    CPUs and GPUs under core, GPU, uplink and power limits, with a
                    WAN link between the sites; maximises the margin (OBJSENSE MAX)
  energy_shift.mps  energy-cost-aware scheduling: deferrable batch jobs move to
                    cheap hours before their deadlines under a site power cap,
                    with a demand charge on the peak
"""
import os


class Model:
    """Rows and columns by name; writes free MPS in a fixed order."""

    def __init__(self, name, comment, sense="MIN"):
        self.name, self.comment, self.sense = name, comment, sense
        self.rows = []  # (name, type)
        self.cols = {}  # name -> {row: coef}
        self.col_order = []
        self.rhs = {}
        self.bounds = []  # (type, col, value)
        self.offset = 0.0

    def row(self, name, kind):
        self.rows.append((name, kind))

    def coef(self, col, row, value):
        if col not in self.cols:
            self.cols[col] = {}
            self.col_order.append(col)
        if value != 0:
            self.cols[col][row] = self.cols[col].get(row, 0) + value

    def write(self, path):
        with open(path, "w") as f:
            f.write(f"NAME          {self.name}\n")
            for line in self.comment.strip().splitlines():
                f.write(f"* {line}\n")
            if self.sense == "MAX":
                f.write("OBJSENSE\n    MAX\n")
            f.write("ROWS\n N  cost\n")
            for name, kind in self.rows:
                f.write(f" {kind}  {name}\n")
            f.write("COLUMNS\n")
            for col in self.col_order:
                for row, v in self.cols[col].items():
                    f.write(f"    {col}  {row}  {v:.12g}\n")
            f.write("RHS\n")
            if self.offset:
                f.write(f"    rhs  cost  {-self.offset:.12g}\n")
            for name, _ in self.rows:
                if name in self.rhs and self.rhs[name] != 0:
                    f.write(f"    rhs  {name}  {self.rhs[name]:.12g}\n")
            if self.bounds:
                f.write("BOUNDS\n")
                for kind, col, v in self.bounds:
                    f.write(f" {kind} bnd  {col}  {v:.12g}\n")
            f.write("ENDATA\n")


def procurement():
    m = Model("PROCUREMENT", """
Budget-limited procurement (3-year horizon). Buy servers of five types, or
rent cloud capacity, to meet four workloads' demand at the least total cost
(capital + 3 years of running cost + rent), with capital spend capped at
$2.4M, 90 kW of new power and 160 rack units of space. buy_<type> = servers
bought, use_<workload>_<type> = servers of a type given to a workload,
rent_<workload> = demand units rented. Existing servers are free to use.""")
    # type: capex $, opex $/year, kW, rack units, supplier limit, already owned
    types = {
        "cpu":     (9000, 1800, 0.45, 1, 200, 40),
        "cpudense": (16000, 2600, 0.70, 1, 120, 10),
        "gpuh":    (240000, 30000, 6.5, 8, 12, 2),
        "gpul":    (60000, 9000, 2.2, 4, 30, 4),
        "accel":   (45000, 5000, 1.2, 2, 40, 0),
    }
    # demand units each server type delivers per workload (0: cannot run)
    perf = {
        "web":       {"cpu": 40, "cpudense": 75, "gpuh": 0, "gpul": 0, "accel": 0},
        "batch":     {"cpu": 30, "cpudense": 64, "gpuh": 20, "gpul": 10, "accel": 0},
        "training":  {"cpu": 0, "cpudense": 0, "gpuh": 8, "gpul": 2, "accel": 1},
        "inference": {"cpu": 1, "cpudense": 2, "gpuh": 40, "gpul": 16, "accel": 22},
    }
    demand = {"web": 6000, "batch": 5000, "training": 60, "inference": 900}
    rent = {"web": 600, "batch": 700, "training": 70000, "inference": 6000}  # $ per unit, 3 years
    capex_cap, power_kw, space_ru = 2.4e6, 90, 160
    for w in perf:
        m.row(f"demand_{w}", "G")
        m.rhs[f"demand_{w}"] = demand[w]
    for t in types:
        m.row(f"servers_{t}", "L")
        m.rhs[f"servers_{t}"] = types[t][5]
    m.row("capex", "L")
    m.rhs["capex"] = capex_cap
    m.row("power", "L")
    m.rhs["power"] = power_kw
    m.row("space", "L")
    m.rhs["space"] = space_ru
    for t, (capex, opex, kw, ru, limit, owned) in types.items():
        col = f"buy_{t}"
        m.coef(col, "cost", capex + 3 * opex)
        m.coef(col, f"servers_{t}", -1)
        m.coef(col, "capex", capex)
        m.coef(col, "power", kw)
        m.coef(col, "space", ru)
        m.bounds.append(("UP", col, limit))
    for w in perf:
        for t in types:
            if perf[w][t] > 0:
                col = f"use_{w}_{t}"
                m.coef(col, f"demand_{w}", perf[w][t])
                m.coef(col, f"servers_{t}", 1)
        col = f"rent_{w}"
        m.coef(col, "cost", rent[w])
        m.coef(col, f"demand_{w}", 1)
    return m


def production():
    m = Model("PRODUCTION", """
Production planning across hardware, bandwidth and power limits, one day.
Two sites (east, west) make four services on CPUs and GPUs; each unit needs
core-hours, GPU-hours, uplink Gb and kWh at the site that makes it. Sales in
each region are capped; contracts fix minimum deliveries; units made in one
site may serve the other region over a WAN link of limited capacity.
make_<service>_<site>_<region> = units made at site for region. Maximises
revenue minus energy and WAN transfer cost (OBJSENSE MAX).""", sense="MAX")
    sites = {  # cores (core-h), gpus (GPU-h), uplink (Gb), power (kWh), $ per kWh
        "east": (96000, 4000, 2.0e6, 90000, 0.11),
        "west": (64000, 6000, 1.5e6, 80000, 0.07),
    }
    # service: core-h, GPU-h, Gb out, kWh per unit, revenue $, (market east, west), contract min
    services = {
        "transcode": (2.0, 0.00, 40.0, 0.25, 1.10, (30000, 20000), 10000),
        "search":    (0.5, 0.00, 2.0, 0.06, 0.30, (90000, 70000), 40000),
        "training":  (8.0, 4.00, 10.0, 3.20, 9.50, (800, 900), 300),
        "inference": (1.0, 0.25, 5.0, 0.40, 1.60, (12000, 10000), 5000),
    }
    wan_gb, wan_cost = 4.0e5, 0.002  # Gb per day between sites, $ per Gb
    for s in sites:
        for res in ("cores", "gpus", "uplink", "power"):
            m.row(f"{res}_{s}", "L")
        cores, gpus, uplink, power, _ = sites[s]
        m.rhs[f"cores_{s}"], m.rhs[f"gpus_{s}"] = cores, gpus
        m.rhs[f"uplink_{s}"], m.rhs[f"power_{s}"] = uplink, power
    m.row("wan", "L")
    m.rhs["wan"] = wan_gb
    for v, (_, _, _, _, _, market, contract) in services.items():
        for i, region in enumerate(sites):
            m.row(f"market_{v}_{region}", "L")
            m.rhs[f"market_{v}_{region}"] = market[i]
        m.row(f"contract_{v}", "G")
        m.rhs[f"contract_{v}"] = contract
    for v, (cores, gpus, gb, kwh, revenue, _, _) in services.items():
        for s, (_, _, _, _, price) in sites.items():
            for region in sites:
                col = f"make_{v}_{s}_{region}"
                margin = revenue - kwh * price - (gb * wan_cost if region != s else 0)
                m.coef(col, "cost", margin)
                m.coef(col, f"cores_{s}", cores)
                m.coef(col, f"gpus_{s}", gpus)
                m.coef(col, f"uplink_{s}", gb)
                m.coef(col, f"power_{s}", kwh)
                if region != s:
                    m.coef(col, "wan", gb)
                m.coef(col, f"market_{v}_{region}", 1)
                m.coef(col, f"contract_{v}", 1)
    return m


def energy_shift():
    m = Model("ENERGY_SHIFT", """
Energy-cost-aware scheduling over 24 hourly slots. Interactive load is fixed;
six deferrable batch jobs need a given energy each between their release and
their deadline, at most at their maximum rate. The site may draw at most its
power cap (lower in the afternoon heat). Cost = energy at the hourly price
(cheap at night and at the solar noon, dear in the evening) + a demand charge
on the peak draw. p_<job>_<hour> = MW drawn by a job in an hour; peak = the
peak draw in MW. The interactive load's energy cost is the objective offset.""")
    price = [42, 38, 35, 33, 34, 40, 55, 78, 92, 70, 45, 30,
             24, 22, 26, 38, 60, 95, 140, 150, 120, 88, 64, 50]  # $ per MWh
    load = [18, 17, 16, 16, 16, 17, 20, 24, 27, 28, 29, 30,
            30, 30, 31, 31, 31, 32, 33, 32, 29, 26, 22, 20]  # MW interactive
    cap = [48] * 12 + [44, 42, 40, 40, 42, 44] + [48] * 6  # MW site limit
    demand_charge = 400.0  # $ per MW of daily peak
    # job: energy MWh, max MW, release hour, deadline hour (inclusive)
    jobs = {
        "etl":      (40, 8, 0, 7),
        "backup":   (30, 6, 1, 11),
        "train":    (120, 12, 0, 23),
        "reindex":  (25, 5, 9, 16),
        "render":   (60, 10, 12, 23),
        "archive":  (20, 4, 18, 23),
    }
    for j in jobs:
        m.row(f"energy_{j}", "E")
        m.rhs[f"energy_{j}"] = jobs[j][0]
    for t in range(24):
        m.row(f"cap_{t}", "L")
        m.rhs[f"cap_{t}"] = cap[t] - load[t]
        m.row(f"peak_{t}", "G")  # peak - sum_j p_jt >= load_t
        m.rhs[f"peak_{t}"] = load[t]
    for j, (energy, rate, release, deadline) in jobs.items():
        for t in range(release, deadline + 1):
            col = f"p_{j}_{t}"
            m.coef(col, "cost", price[t])
            m.coef(col, f"energy_{j}", 1)
            m.coef(col, f"cap_{t}", 1)
            m.coef(col, f"peak_{t}", -1)
            m.bounds.append(("UP", col, rate))
    for t in range(24):
        m.coef("peak", f"peak_{t}", 1)
    m.coef("peak", "cost", demand_charge)
    m.offset = sum(p * l for p, l in zip(price, load))
    return m


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    for make, name in ((procurement, "procurement.mps"), (production, "production.mps"),
                       (energy_shift, "energy_shift.mps")):
        make().write(os.path.join(here, name))
        print("wrote", os.path.join(here, name))


if __name__ == "__main__":
    main()
