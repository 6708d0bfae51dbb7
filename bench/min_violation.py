#!/usr/bin/env python3
"""How infeasible is an infeasible LP? Solves min t s.t. lo - t <= Ax <= hi + t,
column bounds kept, t >= 0, with HiGHS at tight tolerances (1e-10), and prints
t: the smallest largest absolute row violation any x within its bounds can have.

A tolerance-based solver cannot tell such an LP from a feasible one when t is
far below what its tolerance allows per row. Run it in the benchmark venv:

    .venv/bin/python bench/min_violation.py ../shared/data/infeasible/cplex2.mps.gz
"""
import sys

import highspy
import numpy as np


def min_max_violation(path):
    model = highspy.Highs()
    model.setOptionValue("output_flag", False)
    if model.readModel(path) != highspy.HighsStatus.kOk:
        sys.exit(f"min_violation: {path}: HiGHS could not read the model")
    lp = model.getLp()
    m, n = lp.num_row_, lp.num_col_
    a = lp.a_matrix_  # column-wise
    rows = [([], []) for _ in range(m)]
    for j in range(n):
        for k in range(a.start_[j], a.start_[j + 1]):
            rows[a.index_[k]][0].append(j)
            rows[a.index_[k]][1].append(a.value_[k])
    inf = highspy.kHighsInf
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for option in ("primal_feasibility_tolerance", "dual_feasibility_tolerance"):
        h.setOptionValue(option, 1e-10)
    h.addVars(n, np.array(lp.col_lower_), np.array(lp.col_upper_))
    h.addVar(0.0, inf)  # t, column n
    h.changeColCost(n, 1.0)
    lower, upper, starts, index, value = [], [], [], [], []

    def add_row(lo, hi, idx, val, t_coef):
        lower.append(lo)
        upper.append(hi)
        starts.append(len(index))
        index.extend(idx + [n])
        value.extend(val + [t_coef])

    for i, (idx, val) in enumerate(rows):  # one row per finite side
        if lp.row_upper_[i] < inf:
            add_row(-inf, lp.row_upper_[i], idx, val, -1.0)  # a x - t <= hi
        if lp.row_lower_[i] > -inf:
            add_row(lp.row_lower_[i], inf, idx, val, 1.0)    # a x + t >= lo
    h.addRows(len(lower), np.array(lower), np.array(upper), len(index), np.array(starts, dtype=np.int32),
              np.array(index, dtype=np.int32), np.array(value))
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    return status, h.getInfo().objective_function_value, m, n


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        status, t, m, n = min_max_violation(path)
        print(f"{path}: {m} rows, {n} columns; HiGHS {status}; "
              f"smallest largest row violation {t:.3e}")


if __name__ == "__main__":
    main()
