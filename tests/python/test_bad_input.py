"""Bad input is a ValueError (OSError for files) that names the array and the
index, the setting or the file; nothing crashes and nothing reaches C."""
import numpy as np
import pytest
import scipy.sparse as sp

import fleetlp

A = np.array([[1.0, 1.0, 0.0], [1.0, 3.0, 2.0]])
GOOD = dict(c=[-1.0, -2.0, 0.5], A=A, row_lower=[-np.inf, 1.0], row_upper=[4.0, 6.0],
            col_lower=[0.0, 0.0, -1.0], col_upper=[3.0, np.inf, 1.0])


def with_(**change):
    args = dict(GOOD)
    args.update(change)
    return args


def a_with(i, j, v, fmt=np.asarray):
    m = A.copy()
    m[i, j] = v
    return fmt(m)


@pytest.mark.parametrize("change, message", [
    (dict(c=[-1.0, np.nan, 0.5]), r"c\[1\] is nan"),
    (dict(c=[-1.0, -2.0, np.inf]), r"c\[2\] is inf"),
    (dict(A=a_with(1, 2, np.nan)), r"A\[1, 2\] is nan"),
    (dict(A=a_with(0, 1, -np.inf, sp.csr_array)), r"A\[0, 1\] is -inf"),
    (dict(A=a_with(1, 0, np.inf, sp.coo_matrix)), r"A\[1, 0\] is inf"),
    (dict(col_lower=[0.0, 5.0, -1.0], col_upper=[3.0, 4.0, 1.0]), r"col_lower\[1\] = 5.0 > col_upper\[1\] = 4.0"),
    (dict(row_lower=[-np.inf, 7.0]), r"row_lower\[1\] = 7.0 > row_upper\[1\] = 6.0"),
    (dict(row_upper=[np.nan, 6.0]), r"row_upper\[0\] is nan"),
    (dict(col_lower=[0.0, np.inf, -1.0]), r"col_lower\[1\] is inf"),
    (dict(col_upper=[3.0, -np.inf, 1.0]), r"col_upper\[1\] is -inf"),
    (dict(row_lower=[0.0, 1.0, 2.0]), r"row_lower: length 3, expected 2 rows"),
    (dict(col_upper=[1.0, 2.0]), r"col_upper: length 2, expected 3 columns"),
    (dict(A=A[:, :2]), r"A: shape \(2, 2\) has 2 columns, c has 3"),
    (dict(A=np.ones(3)), r"A: expected a 2-D matrix"),
    (dict(c=[[1.0, 2.0, 3.0]]), r"c: expected a 1-D array"),
    (dict(c=np.array([1, 2, 3], dtype=complex)), r"c: dtype complex128 is not a real number type"),
    (dict(c=["a", "b", "c"]), r"c: dtype <U1 is not a real number type"),
    (dict(A=sp.csr_array(A.astype(complex))), r"A: dtype complex128"),
    (dict(row_upper=[[4.0], [6.0]]), r"row_upper: expected a 1-D array"),
    (dict(col_lower=[0.0, [1.0], 2.0]), r"col_lower: not an array of real numbers"),
    (dict(offset=np.nan), r"offset is nan"),
    (dict(sense="up"), r"sense: 'up' is not 'min' or 'max'"),
    (dict(row_names=["a"]), r"row_names: 1 names for 2 entries"),
])
def test_problem_names_what_is_wrong(change, message):
    with pytest.raises(ValueError, match=message):
        fleetlp.Problem(**with_(**change))


def test_good_input_solves():
    assert fleetlp.solve(fleetlp.Problem(**GOOD), tol=1e-8).optimal


@pytest.mark.parametrize("settings, message", [
    (dict(tol=0), r"setting tol: 0 is not a number in \(0, 1\)"),
    (dict(tol="fast"), r"setting tol: 'fast' is not a valid value"),
    (dict(check_every=2.5), r"setting check_every: 2.5 is not a whole number"),
    (dict(device="tpu"), r"setting device: 'tpu' is not a valid value \(auto\|cpu\|gpu\)"),
    (dict(tolerance=1e-6), r"unknown setting 'tolerance'"),
    (dict(threads=[2]), r"setting threads: \[2\] is not a number"),
    (dict(log=3), r"log: 3 is not callable"),
    (dict(callback="x"), r"callback: 'x' is not callable"),
])
def test_settings_name_what_is_wrong(settings, message):
    with pytest.raises(ValueError, match=message):
        fleetlp.solve(fleetlp.Problem(**GOOD), **settings)


def test_solver_updates_name_what_is_wrong():
    s = fleetlp.Solver(fleetlp.Problem(**GOOD))
    with pytest.raises(ValueError, match=r"c\[0\] is nan"):
        s.set_objective([np.nan, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"c: length 2, expected 3 columns"):
        s.set_objective([1.0, 2.0])
    with pytest.raises(ValueError, match=r"row_upper: length 3"):
        s.set_row_bounds(upper=[1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"row_lower\[0\] is inf"):
        s.set_row_bounds(lower=[np.inf, 0.0])
    # lower above the upper side that is kept: the library names the index
    with pytest.raises(ValueError, match=r"row \[1\]: lower bound 9 above upper bound 6"):
        s.set_row_bounds(lower=[0.0, 9.0])
    with pytest.raises(ValueError, match=r"col_lower\[2\] = 2.0 > col_upper\[2\] = 1.0"):
        s.set_col_bounds(lower=[0.0, 0.0, 2.0], upper=[3.0, 3.0, 1.0])
    with pytest.raises(ValueError, match=r"x\[1\] is nan"):
        s.set_warm_start(x=[0.0, np.nan, 0.0])
    with pytest.raises(ValueError, match=r"y: length 3, expected 2 rows"):
        s.set_warm_start(y=[0.0, 0.0, 0.0])
    assert s.solve().optimal  # nothing of the refused data was taken
    with pytest.raises(ValueError, match="expected a fleetlp.Problem"):
        fleetlp.Solver(GOOD)


def test_files_name_what_is_wrong(tmp_path):
    with pytest.raises(OSError, match="missing.mps"):
        fleetlp.Problem.read(tmp_path / "missing.mps")
    bad = tmp_path / "bad.mps"
    bad.write_text("NAME t\nROWS\n N obj\n L r1\nCOLUMNS\n x r9 1.0\nENDATA\n")
    with pytest.raises(ValueError, match=r"bad.mps:6"):
        fleetlp.Problem.read(bad)
    with pytest.raises(ValueError, match="unknown output format"):
        fleetlp.Problem(**GOOD).write(tmp_path / "p.txt")


def test_the_extension_refuses_arrays_it_would_have_to_copy():
    from fleetlp import _core

    p = fleetlp.Problem(**GOOD)
    args = list(p._core_arrays())
    args[3] = args[3].astype(np.float32)  # c
    with pytest.raises(TypeError):
        _core.Solver(*args, _core.Settings())
