#!/usr/bin/env python3
"""A hand-written fleet file, the example of docs/fleet.md.

Four nodes in two racks of one datacenter, three 8-hour slots (night, day,
evening), two workload classes: web serving (must run when asked) and batch
(may wait one slot). Needs h5py and numpy:

    python3 datasets/examples/tiny_fleet.py tiny.h5
    fleetlp plan tiny.h5 -o tiny_plan.h5 && fleetlp report tiny_plan.h5
"""
import sys

import h5py
import numpy as np

INF = np.inf


def write(path):
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "fleetlp-fleet"
        f.attrs["version_major"] = 1
        f.attrs["version_minor"] = 0
        f.attrs["name"] = "tiny"
        f.attrs["carbon_price"] = 0.08  # $ per kg CO2e

        res = f.create_group("resources")
        res["names"] = ["cores", "gpus", "memory_gb", "power_w", "net_gbps"]
        res.attrs["power"] = "power_w"      # rack / datacenter power rows, energy cost
        res.attrs["bandwidth"] = "net_gbps"  # rack uplink rows

        f["node_classes/names"] = ["cpu-g2", "cpu-g1", "gpu-g1"]
        f["racks/names"] = ["r1", "r2"]
        f["datacenters/names"] = ["dc1"]

        nodes = f.create_group("nodes")
        nodes["id"] = ["r1-n1", "r1-n2", "r2-n1", "r2-n2"]
        nodes["class"] = np.array([0, 0, 1, 2], dtype=np.int32)
        nodes["rack"] = np.array([0, 0, 1, 1], dtype=np.int32)
        nodes["datacenter"] = np.array([0, 0, 0, 0], dtype=np.int32)
        #                        cores gpus  mem   power  net
        nodes["capacity"] = [[64, 0, 256, 550, 25],
                             [64, 0, 256, 550, 25],
                             [32, 0, 128, 500, 10],     # older, less per watt
                             [48, 8, 1024, 6500, 400]]
        nodes["availability"] = [[1, 1, 1],
                                 [1, 0, 1],             # maintenance in the day slot
                                 [1, 1, 1],
                                 [1, 1, 1]]
        nodes["running_cost"] = [1.6, 1.6, 1.4, 28.0]  # $ per hour, fully used
        nodes["idle_power"] = [150.0, 150.0, 180.0, 1200.0]  # W

        slots = f.create_group("slots")
        slots["duration"] = [8.0, 8.0, 8.0]  # hours
        slots["energy_price"] = [[0.06, 0.09, 0.14]]  # $ per kWh, per datacenter
        slots["carbon_intensity"] = [[0.45, 0.25, 0.50]]  # kg CO2e per kWh

        w = f.create_group("workloads")
        w["names"] = ["web", "batch"]
        w["demand"] = [[30, 50, 40],   # units running in each slot
                       [10, 6, 16]]
        #                  cores gpus mem power net
        w["needs"] = [[2, 0, 4, 12, 0.05],
                      [8, 0, 32, 50, 0.02]]
        w["eligible"] = np.array([[True, True, False],   # web on CPU nodes only
                                  [True, True, True]])  # batch anywhere
        w["penalty"] = [2.0, 0.8]       # $ per unit-hour not served
        w["defer_window"] = np.array([0, 1], dtype=np.int32)
        w["defer_cost"] = [0.0, 0.01]   # $ per unit and slot waited

        lim = f.create_group("limits")
        lim["rack_power"] = [[1000, 1000, 900],
                             [INF, INF, INF]]  # no limit on rack r2
        lim["datacenter_power"] = [[9000, 9000, 9000]]
        lim["rack_bandwidth"] = [[40, 40, 40],
                                 [400, 400, 400]]
        lim.attrs["budget"] = 90.0  # $ for running + energy over the day


if __name__ == "__main__":
    write(sys.argv[1] if len(sys.argv) > 1 else "tiny.h5")
