"""fleetlp.cvxpy.FLEETLP against CVXPY's HiGHS interface."""
import numpy as np
import pytest

cp = pytest.importorskip("cvxpy")
import fleetlp  # noqa: E402
import fleetlp.cvxpy  # noqa: E402
import lpgen  # noqa: E402


def cvxpy_model(lp, sense, bounded):
    """lpgen.LP in CVXPY: an equality, a <=, a >= and a ranged block (two
    constraints on one expression); column bounds as the variable's bounds
    (CVXPY's bounded variables) or as constraints."""
    n = lp.A.shape[1]
    lo = np.where(np.isinf(lp.col_lower), -np.inf, lp.col_lower)
    hi = np.where(np.isinf(lp.col_upper), np.inf, lp.col_upper)
    x = cp.Variable(n, bounds=[lo, hi]) if bounded else cp.Variable(n)
    D = lp.dense
    kinds = np.array(["eq"] * lp.m_eq + list(lp.row_kinds))
    cons = []
    for kind in ("eq", "le", "ge", "range"):
        rows = np.flatnonzero(kinds == kind)
        if rows.size == 0:
            continue
        expr = D[rows] @ x
        if kind == "eq":
            cons.append(expr == lp.row_lower[rows])
        if kind in ("le", "range"):
            cons.append(expr <= lp.row_upper[rows])
        if kind in ("ge", "range"):
            cons.append(lp.row_lower[rows] <= expr)
    if not bounded:
        fin_lo, fin_hi = np.isfinite(lo), np.isfinite(hi)
        cons += [x[fin_lo] >= lo[fin_lo], x[fin_hi] <= hi[fin_hi]]
    objective = cp.Minimize(lp.c @ x + 1.5) if sense == "min" else cp.Maximize(-lp.c @ x - 1.5)
    return cp.Problem(objective, cons), x, cons


@pytest.mark.parametrize("bounded", [True, False])
@pytest.mark.parametrize("sense", ["min", "max"])
@pytest.mark.parametrize("seed", range(3))
def test_values_and_duals_match_highs(seed, sense, bounded):
    lp = lpgen.unique_lp(seed, row_kinds=("le", "ge", "range"))
    ours, x, cons = cvxpy_model(lp, sense, bounded)
    ours.solve(solver=fleetlp.cvxpy.FLEETLP())
    ref, x_ref, cons_ref = cvxpy_model(lp, sense, bounded)
    ref.solve(solver=cp.HIGHS)
    assert ours.status == ref.status == cp.OPTIMAL
    assert ours.value == pytest.approx(ref.value, rel=1e-6, abs=1e-6)
    np.testing.assert_allclose(x.value, x_ref.value, atol=1e-5)
    for k, (a, b) in enumerate(zip(cons, cons_ref)):
        np.testing.assert_allclose(a.dual_value, b.dual_value, atol=1e-5, err_msg=f"constraint {k}")
    assert ours.solver_stats.solver_name == "FLEETLP"
    assert ours.solver_stats.num_iters > 0


def test_infeasible_and_unbounded():
    x = cp.Variable(2)
    infeasible = cp.Problem(cp.Minimize(cp.sum(x)), [x >= 1, cp.sum(x) <= 1])
    infeasible.solve(solver=fleetlp.cvxpy.FLEETLP(), presolve=False)
    assert infeasible.status == cp.INFEASIBLE
    unbounded = cp.Problem(cp.Maximize(x[0] + x[1]), [x[0] - x[1] <= 1, x[0] >= 0])
    unbounded.solve(solver=fleetlp.cvxpy.FLEETLP(), presolve=False)
    assert unbounded.status == cp.UNBOUNDED


@pytest.mark.filterwarnings("ignore:Solution may be inaccurate")  # CVXPY's, as it should
def test_a_limit_near_the_optimum_is_optimal_inaccurate():
    """The status follows the rule (all three relative measures within
    inaccurate_tol: OPTIMAL_INACCURATE, else USER_LIMIT), and both occur
    along one deterministic solve."""
    lp = lpgen.unique_lp(21, n=30, m_eq=6, m_ineq=30, row_kinds=("le", "ge"))
    seen = set()
    for limit in (64, 128, 256, 512, 1024, 2048):
        prob, x, _ = cvxpy_model(lp, "min", True)
        prob.solve(solver=fleetlp.cvxpy.FLEETLP(), max_iters=limit)
        r = prob.solver_stats.extra_stats
        if r.status == fleetlp.Status.OPTIMAL:
            assert prob.status == cp.OPTIMAL
            continue
        worst = max(r.rel_primal_residual, r.rel_dual_residual, r.rel_gap)
        want = cp.OPTIMAL_INACCURATE if worst <= fleetlp.cvxpy.INACCURATE_TOL else cp.USER_LIMIT
        assert prob.status == want and r.iterations == limit
        assert x.value is not None  # the last point is there in both cases
        seen.add(prob.status)
    assert seen == {cp.OPTIMAL_INACCURATE, cp.USER_LIMIT}


def test_parameters_and_warm_start():
    lp = lpgen.unique_lp(22, row_kinds=("le",))
    n = lp.A.shape[1]
    b = cp.Parameter(lp.A.shape[0] - lp.m_eq)
    x = cp.Variable(n, bounds=[lp.col_lower, lp.col_upper])
    prob = cp.Problem(cp.Minimize(lp.c @ x), [lp.dense[:lp.m_eq] @ x == lp.row_lower[:lp.m_eq],
                                              lp.dense[lp.m_eq:] @ x <= b])
    solver = fleetlp.cvxpy.FLEETLP()
    b.value = lp.row_upper[lp.m_eq:]
    prob.solve(solver=solver)
    cold_iters = prob.solver_stats.num_iters
    assert prob.value == pytest.approx(lp.objective, rel=1e-6)
    b.value = lp.row_upper[lp.m_eq:] + 1e-3
    prob.solve(solver=solver, warm_start=True)
    assert prob.status == cp.OPTIMAL and prob.solver_stats.num_iters < cold_iters
    ref = cp.Problem(prob.objective, prob.constraints)
    ref.solve(solver=cp.HIGHS)
    assert prob.value == pytest.approx(ref.value, rel=1e-6)


def test_options_and_refusals():
    x = cp.Variable(2)
    prob = cp.Problem(cp.Minimize(cp.sum(x)), [x >= 1])
    prob.solve(solver=fleetlp.cvxpy.FLEETLP(tol=1e-6), threads=1)
    assert prob.status == cp.OPTIMAL
    with pytest.raises(ValueError, match="unknown setting 'eps'"):
        prob.solve(solver=fleetlp.cvxpy.FLEETLP(), eps=1e-3)
    z = cp.Variable(2, integer=True)
    with pytest.raises(cp.error.SolverError, match="not MIP-capable"):
        cp.Problem(cp.Minimize(cp.sum(z)), [z >= 1]).solve(solver=fleetlp.cvxpy.FLEETLP())
    with pytest.raises(cp.error.SolverError):
        cp.Problem(cp.Minimize(cp.norm(x, 2)), [x >= 1]).solve(solver=fleetlp.cvxpy.FLEETLP())
