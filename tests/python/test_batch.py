"""fleetlp.solve_batch: each scenario as its own solve would report it."""
import numpy as np
import pytest

import fleetlp
import lpgen
from conftest import TOL, problem_of


def _scenarios(p, K):
    rng = np.random.default_rng(7)
    c = np.array([p.c * (1 + 0.1 * rng.uniform(-1, 1, p.num_cols)) for _ in range(K)])
    lo = np.array([np.where(np.isfinite(p.row_lower), p.row_lower - 0.05 * k, p.row_lower) for k in range(K)])
    hi = np.array([np.where(np.isfinite(p.row_upper), p.row_upper + 0.05 * k, p.row_upper) for k in range(K)])
    return c, lo, hi


@pytest.mark.parametrize("sense", ["min", "max"])
def test_each_scenario_is_its_solo_solve(sense):
    p = problem_of(lpgen.unique_lp(4, n=20, m_eq=4, m_ineq=18), sense=sense)
    K = 4
    c, lo, hi = _scenarios(p, K)
    off = np.arange(K, dtype=float)
    rs = fleetlp.solve_batch(p, c=c, offset=off, row_lower=lo, row_upper=hi, tol=TOL,
                             names=[f"s{k}" for k in range(K)])
    assert len(rs) == K
    for k, r in enumerate(rs):
        q = fleetlp.Problem(c[k], p.A, lo[k], hi[k], p.col_lower, p.col_upper, offset=off[k], sense=sense)
        solo = fleetlp.solve(q, tol=TOL)
        assert r.status == solo.status
        if r.status == fleetlp.Status.OPTIMAL:
            scale = 1 + abs(r.objective) + abs(solo.objective)
            assert abs(r.objective - solo.objective) <= 10 * TOL * scale


def test_from_zero_is_bit_identical_to_solo_solves():
    p = problem_of(lpgen.unique_lp(5, n=16, m_eq=3, m_ineq=14))
    c, lo, hi = _scenarios(p, 3)
    rs = fleetlp.solve_batch(p, c=c, row_lower=lo, row_upper=hi, tol=1e-6, batch_warm_start=False,
                             threads=1, device="cpu")
    for k, r in enumerate(rs):
        q = fleetlp.Problem(c[k], p.A, lo[k], hi[k], p.col_lower, p.col_upper)
        solo = fleetlp.solve(q, tol=1e-6, threads=1, device="cpu")
        assert r.iterations == solo.iterations
        assert np.array_equal(r.x, solo.x) and np.array_equal(r.y, solo.y)


def test_bad_scenarios_say_what_is_wrong(small):
    with pytest.raises(ValueError, match=r"row_upper: expected shape \(2, 2\)"):
        fleetlp.solve_batch(small, row_upper=np.ones((2, 3)))
    with pytest.raises(ValueError, match=r"c: scenario 1, index 0 is NaN"):
        fleetlp.solve_batch(small, c=[[1.0, 1.0], [np.nan, 1.0]])
    with pytest.raises(ValueError, match=r"lower bound|above"):
        fleetlp.solve_batch(small, row_lower=[[0.0, 0.0], [9.0, 0.0]])
    with pytest.raises(ValueError, match="no scenario data"):
        fleetlp.solve_batch(small)


def test_log_lines_go_to_the_callable(small):
    lines = []
    rs = fleetlp.solve_batch(small, row_upper=[[4.0, 6.0], [5.0, 6.0]], log=lines.append, verbose=True)
    assert [r.status for r in rs] == [fleetlp.Status.OPTIMAL] * 2
    assert abs(rs[0].objective - -5.0) < 1e-3
    assert any("2 of 2 scenarios finished" in line for line in lines), lines
