#!/usr/bin/python3
"""HDF5 interop between fleetlp and h5py/scipy users (run by tests/test_python_interop.cpp).

  h5_interop.py write-model OUT.h5      write the reference LP the way an h5py/scipy user would
  h5_interop.py check-problem IN.h5     check that fleetlp wrote the reference LP readably
  h5_interop.py check-solution MODEL.h5 SOL.h5
                                        check fleetlp's solution: A x = /row_activity,
                                        bounds, objective, history

The reference LP (user's sense: maximise):
  max  3x + 2y + 0z + 1          rows  r_sum:   x +  y      <= 4
  x in [0, 3], y >= 0, z free          r_mix:   x + 3y      <= 6
                                       r_link: -x       + z  = 0
                                       r_free:  x -  y         free
  optimum x = 3, y = 1, z = 3, objective 12.
"""
import sys

import h5py
import numpy as np
import scipy.sparse as sp

INF = np.inf
ROWS = ["r_sum", "r_mix", "r_link", "r_free"]
COLS = ["x", "y", "z"]
DENSE = np.array([[1, 1, 0], [1, 3, 0], [-1, 0, 1], [1, -1, 0]], dtype=float)
C = np.array([3.0, 2.0, 0.0])
ROW_LOWER = np.array([-INF, -INF, 0.0, -INF])
ROW_UPPER = np.array([4.0, 6.0, 0.0, INF])
COL_LOWER = np.array([0.0, 0.0, -INF])
COL_UPPER = np.array([3.0, INF, INF])
OPTIMUM = 12.0


def fail(msg):
    print("h5_interop.py: FAIL: " + msg)
    sys.exit(1)


def write_model(path):
    a = sp.csr_matrix(DENSE)  # scipy's own dtypes: int32 indptr and indices
    with h5py.File(path, "w") as f:
        f.attrs["format"] = "fleetlp-lp"
        f.attrs["version_major"] = 1
        f.attrs["version_minor"] = 0
        f.attrs["sense"] = -1
        f.attrs["objective_offset"] = 1.0
        g = f.create_group("A")
        g.attrs["shape"] = a.shape
        g["data"], g["indices"], g["indptr"] = a.data, a.indices, a.indptr
        f["c"], f["row_lower"], f["row_upper"] = C, ROW_LOWER, ROW_UPPER
        f["col_lower"], f["col_upper"] = COL_LOWER, COL_UPPER
        f["names/rows"] = np.array(ROWS, dtype=h5py.string_dtype())
        f["names/cols"] = np.array(COLS, dtype=h5py.string_dtype())


def load_problem(f):
    a = sp.csr_matrix((f["A/data"][:], f["A/indices"][:], f["A/indptr"][:]),
                      shape=tuple(f["A"].attrs["shape"]))
    return a


def check_problem(path):
    with h5py.File(path, "r") as f:
        if f.attrs["format"] != "fleetlp-lp":
            fail("format attribute is %r" % f.attrs["format"])
        a = load_problem(f)
        if not np.array_equal(a.toarray(), DENSE):
            fail("A differs:\n%s" % a.toarray())
        if int(f.attrs["sense"]) != -1 or float(f.attrs["objective_offset"]) != 1.0:
            fail("sense/offset %r %r" % (f.attrs["sense"], f.attrs["objective_offset"]))
        for name, want in [("c", C), ("row_lower", ROW_LOWER), ("row_upper", ROW_UPPER),
                           ("col_lower", COL_LOWER), ("col_upper", COL_UPPER)]:
            got = f[name][:]
            if got.dtype != np.float64 or not np.array_equal(got, want):
                fail("/%s is %r, expected %r" % (name, got, want))
        if list(f["names/rows"].asstr()[:]) != ROWS or list(f["names/cols"].asstr()[:]) != COLS:
            fail("names differ")
        if f["A/indptr"].dtype != np.int64:
            fail("indptr dtype %s" % f["A/indptr"].dtype)
    print("ok")


def check_solution(model_path, sol_path):
    with h5py.File(model_path, "r") as f:
        a = load_problem(f)
        c = f["c"][:]
        offset = float(f.attrs["objective_offset"])
        rl, ru, cl, cu = (f[k][:] for k in ("row_lower", "row_upper", "col_lower", "col_upper"))
    with h5py.File(sol_path, "r") as s:
        status = s.attrs["status"]
        if status != "OPTIMAL":
            fail("status %r" % status)
        x, y, act = s["x"][:], s["y"][:], s["row_activity"][:]
        hist = s["history"][:]
        cols = list(s["history"].attrs["columns"])
        pobj = float(s.attrs["primal_objective"])
        tol = float(s.attrs.get("tolerance", 1e-4))
    if x.shape != (a.shape[1],) or y.shape != (a.shape[0],):
        fail("shapes x %s y %s for A %s" % (x.shape, y.shape, a.shape))
    ax = a @ x
    scale = 1 + np.abs(ax).max()
    if np.abs(ax - act).max() > 1e-9 * scale:
        fail("A x differs from /row_activity by %g" % np.abs(ax - act).max())
    slack = 1e-3 * scale
    if np.any(ax < rl - slack) or np.any(ax > ru + slack):
        fail("row bounds violated: %s" % ax)
    if np.any(x < cl - slack) or np.any(x > cu + slack):
        fail("column bounds violated: %s" % x)
    obj = c @ x + offset
    if abs(obj - pobj) > 1e-6 * (1 + abs(obj)):
        fail("c'x + offset = %.10g but primal_objective = %.10g" % (obj, pobj))
    if abs(obj - OPTIMUM) > 10 * max(tol, 1e-4) * (1 + OPTIMUM):
        fail("objective %.10g, expected %g" % (obj, OPTIMUM))
    if hist.ndim != 2 or hist.shape[1] != len(cols) or cols[0] != "iteration":
        fail("history %s with columns %s" % (hist.shape, cols))
    print("ok: objective %.8g, %d history rows" % (obj, hist.shape[0]))


def main(argv):
    if len(argv) == 3 and argv[1] == "write-model":
        write_model(argv[2])
    elif len(argv) == 3 and argv[1] == "check-problem":
        check_problem(argv[2])
    elif len(argv) == 4 and argv[1] == "check-solution":
        check_solution(argv[2], argv[3])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
