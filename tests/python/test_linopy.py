"""fleetlp.linopy.solve against linopy's own Model.solve with HiGHS."""
import numpy as np
import pytest

linopy = pytest.importorskip("linopy")
import pandas as pd  # noqa: E402  (a linopy dependency)
import xarray as xr  # noqa: E402

import fleetlp.linopy  # noqa: E402
import lpgen  # noqa: E402


def linopy_model(lp, sense):
    """lpgen.LP in linopy: one variable array with per-entry bounds, the rows
    as =, <= and >= constraint blocks (ranged rows as a <= and a >= block on
    the same expression)."""
    m = linopy.Model()
    n = lp.A.shape[1]
    j = pd.RangeIndex(n, name="j")
    x = m.add_variables(lower=xr.DataArray(lp.col_lower, coords=[j]),
                        upper=xr.DataArray(lp.col_upper, coords=[j]), name="x")
    kinds = np.array(["eq"] * lp.m_eq + list(lp.row_kinds))
    for kind in ("eq", "le", "ge", "range"):
        rows = np.flatnonzero(kinds == kind)
        if rows.size == 0:
            continue
        i = pd.Index(rows, name=f"i_{kind}")
        coef = xr.DataArray(lp.dense[rows], coords=[i, j])
        expr = (coef * x).sum("j")
        lo = xr.DataArray(lp.row_lower[rows], coords=[i])
        hi = xr.DataArray(lp.row_upper[rows], coords=[i])
        if kind == "eq":
            m.add_constraints(expr == lo, name="eq")
        if kind in ("le", "range"):
            m.add_constraints(expr <= hi, name=f"{kind}_hi")
        if kind in ("ge", "range"):
            m.add_constraints(expr >= lo, name=f"{kind}_lo")
    c = xr.DataArray(lp.c if sense == "min" else -lp.c, coords=[j])
    m.add_objective((c * x).sum(), sense=sense)
    return m


@pytest.mark.parametrize("sense", ["min", "max"])
@pytest.mark.parametrize("seed", range(3))
def test_solution_and_duals_match_highs(seed, sense):
    lp = lpgen.unique_lp(seed)
    ours = linopy_model(lp, sense)
    status, condition = fleetlp.linopy.solve(ours)
    ref = linopy_model(lp, sense)
    assert ref.solve("highs") == (status, condition) == ("ok", "optimal")
    assert ours.status == "ok" and ours.termination_condition == "optimal"
    assert ours.objective.value == pytest.approx(ref.objective.value, rel=1e-6, abs=1e-6)
    np.testing.assert_allclose(ours.solution["x"].values, ref.solution["x"].values, atol=1e-5)
    assert set(ours.dual) == set(ref.dual)
    for name in ref.dual:
        np.testing.assert_allclose(ours.dual[name].values, ref.dual[name].values, atol=1e-5,
                                   err_msg=name)


@pytest.mark.filterwarnings("ignore:Variable 'x' has absent slots")  # linopy's legacy semantics
def test_masked_entries_stay_nan_as_with_highs():
    m = linopy.Model()
    i = pd.RangeIndex(4, name="i")
    x = m.add_variables(lower=0, upper=10, coords=[i], name="x",
                        mask=xr.DataArray([True, True, False, True], coords=[i]))
    m.add_constraints(x.sum() >= 5, name="total")
    m.add_constraints(x <= xr.DataArray([1.0, 2.0, 3.0, 4.0], coords=[i]), name="cap")
    m.add_objective((xr.DataArray([3.0, 1.0, 1.0, 2.0], coords=[i]) * x).sum())
    fleetlp.linopy.solve(m)
    values = m.solution["x"].values
    assert np.isnan(values[2])
    np.testing.assert_allclose(values[[0, 1, 3]], [0, 2, 3], atol=1e-6)
    assert m.dual["total"].item() == pytest.approx(2.0, abs=1e-6)


def test_infeasible_and_integer_models():
    m = linopy.Model()
    x = m.add_variables(lower=0, upper=1, name="x")
    m.add_constraints(x >= 2, name="c")
    m.add_objective(1 * x)
    assert fleetlp.linopy.solve(m, presolve=False) == ("warning", "infeasible")
    assert m.status == "warning"
    mip = linopy.Model()
    z = mip.add_variables(lower=0, upper=3, integer=True, name="z")
    mip.add_objective(1 * z)
    with pytest.raises(ValueError, match="fleetlp solves linear programs"):
        fleetlp.linopy.solve(mip)


def test_iteration_limit_and_options():
    lp = lpgen.unique_lp(7, n=20, m_eq=4, m_ineq=20)
    m = linopy_model(lp, "min")
    status, condition = fleetlp.linopy.solve(m, iteration_limit=64)
    assert condition == "iteration_limit"
    with pytest.raises(ValueError, match="unknown setting 'TimeLimit'"):
        fleetlp.linopy.solve(linopy_model(lp, "min"), TimeLimit=3)
