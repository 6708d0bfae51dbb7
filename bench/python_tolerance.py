#!/usr/bin/env python3
"""How far fleetlp's answers are from the exact optimum at each tolerance:
the evidence for the plug-ins' default (fleetlp.PLUGIN_TOL, docs/python.md).

  python_tolerance.py [--count N]

Solves N generated LPs with a known, unique optimum (tests/python/lpgen.py:
15 columns, 18 rows of every kind, duals of size 0.5-2) at tolerances 1e-6,
1e-7 and 1e-8 and prints, per tolerance, the largest error over the LPs in
the objective (relative), in x, y and the reduced costs (absolute), and the
median and largest iteration count.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "python"))
import lpgen  # noqa: E402

import fleetlp  # noqa: E402


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=30)
    args = ap.parse_args()
    print("| tol | objective (rel) | x | y | reduced costs | median iterations | most iterations |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for tol in (1e-6, 1e-7, 1e-8):
        errs, iters = [], []
        for seed in range(args.count):
            lp = lpgen.unique_lp(seed, n=15, m_eq=4, m_ineq=14)
            p = fleetlp.Problem(lp.c, lp.A, lp.row_lower, lp.row_upper, lp.col_lower, lp.col_upper)
            r = fleetlp.solve(p, tol=tol, threads=1, verbose=False)
            assert r.status == fleetlp.Status.OPTIMAL, (seed, r)
            errs.append((abs(r.objective - lp.objective) / (1 + abs(lp.objective)),
                         np.abs(r.x - lp.x).max(), np.abs(r.y - lp.y).max(),
                         np.abs(r.reduced_costs - lp.r).max()))
            iters.append(r.iterations)
        e = np.max(errs, axis=0)
        print(f"| {tol:.0e} | {e[0]:.1e} | {e[1]:.1e} | {e[2]:.1e} | {e[3]:.1e} | "
              f"{int(np.median(iters))} | {max(iters)} |")


if __name__ == "__main__":
    main()
