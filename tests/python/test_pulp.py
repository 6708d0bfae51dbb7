"""fleetlp.pulp.FLEETLP and FLEETLP_CMD against PuLP's HiGHS and CBC."""
import warnings

import numpy as np
import pytest

pulp = pytest.importorskip("pulp")
import fleetlp.pulp  # noqa: E402
import lpgen  # noqa: E402

def var(prob, name, lo=None, hi=None, cat="Continuous"):
    """A variable of prob (PuLP 4's way where there is one)."""
    if hasattr(prob, "add_variable"):
        return prob.add_variable(name, lo, hi, cat=cat)
    return pulp.LpVariable(name, lo, hi, cat=cat)


def constraint(prob, name):
    if hasattr(prob, "get_constraint_by_name"):
        return prob.get_constraint_by_name(name)
    return prob.constraints[name]


def cbc():
    """PuLP's bundled CBC, the layer's default solver (deprecated in PuLP 3.3)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        solver = pulp.PULP_CBC_CMD(msg=False) if hasattr(pulp, "PULP_CBC_CMD") else None
    if solver is None or not solver.available():
        pytest.skip("PuLP's CBC is not available")
    return solver


SOLVERS = {"FLEETLP": lambda: fleetlp.pulp.FLEETLP(msg=False),
           "FLEETLP_CMD": lambda: fleetlp.pulp.FLEETLP_CMD(msg=False)}


def pulp_model(lp, sense):
    """lpgen.LP in PuLP: = rows, <= and >= rows, ranged rows as a >= and a <=
    constraint on the same expression, boxed, one-sided, fixed and free
    variables; 'max' maximises -c'x (the same optimum)."""
    prob = pulp.LpProblem("gen", pulp.LpMinimize if sense == "min" else pulp.LpMaximize)
    x = [var(prob, f"x{j}", None if np.isinf(lo) else lo, None if np.isinf(hi) else hi)
         for j, (lo, hi) in enumerate(zip(lp.col_lower, lp.col_upper))]
    sign = 1 if sense == "min" else -1
    prob += pulp.lpSum(sign * cj * xj for cj, xj in zip(lp.c, x))
    rows = {}
    for i, row in enumerate(lp.dense):
        expr = pulp.lpSum(a * x[j] for j, a in enumerate(row) if a != 0)
        lo, hi = lp.row_lower[i], lp.row_upper[i]
        if lo == hi:
            prob += expr == lo, f"r{i}"
            rows[f"r{i}"] = (i, 1)
            continue
        if np.isfinite(lo):
            prob += expr >= lo, f"r{i}_lo"
            rows[f"r{i}_lo"] = (i, 1)
        if np.isfinite(hi):
            prob += expr <= hi, f"r{i}_hi"
            rows[f"r{i}_hi"] = (i, 1)
    return prob, x, rows


def solve(prob, rows, solver):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # PULP_CBC_CMD's
        status = prob.solve(solver)
    values = {v.name: (v.varValue, v.dj) for v in prob.variables()}
    cons = {name: (constraint(prob, name).pi, constraint(prob, name).slack) for name in rows}
    return status, pulp.value(prob.objective), values, cons


@pytest.mark.parametrize("name", sorted(SOLVERS))
@pytest.mark.parametrize("sense", ["min", "max"])
@pytest.mark.parametrize("seed", range(3))
def test_values_duals_and_slacks_match_highs_and_cbc(name, sense, seed):
    lp = lpgen.unique_lp(seed, row_kinds=("le", "ge", "range"))
    ours = solve(*pulp_model(lp, sense)[::2], SOLVERS[name]())
    highs = solve(*pulp_model(lp, sense)[::2], pulp.HiGHS(msg=False))
    cbc_ = solve(*pulp_model(lp, sense)[::2], cbc())
    assert ours[0] == highs[0] == cbc_[0] == pulp.LpStatusOptimal
    assert ours[1] == pytest.approx(highs[1], rel=1e-6, abs=1e-6)
    # PuLP's HiGHS plug-in solves a maximisation as min -objective and reports
    # pi and dj of that; CBC (PuLP's default) and fleetlp report them in the
    # problem's own sense
    flip = 1 if sense == "min" else -1
    for var, (value, dj) in ours[2].items():
        assert value == pytest.approx(highs[2][var][0], abs=1e-5), var
        assert dj == pytest.approx(cbc_[2][var][1], abs=1e-5), var
        assert dj == pytest.approx(flip * highs[2][var][1], abs=1e-5), var
    for con, (pi, slack) in ours[3].items():
        assert pi == pytest.approx(cbc_[3][con][0], abs=1e-5), con
        assert pi == pytest.approx(flip * highs[3][con][0], abs=1e-5), con
        assert slack == pytest.approx(cbc_[3][con][1], abs=1e-5), con  # rhs - activity


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_infeasible_unbounded_and_not_solved(name):
    prob = pulp.LpProblem("infeasible", pulp.LpMinimize)
    x = var(prob, "x", 0, 4)
    y = var(prob, "y", -1, 1)
    prob += x + 4 * y
    prob += x + y >= 10, "c1"
    assert prob.solve(SOLVERS[name]()) == pulp.LpStatusInfeasible

    prob = pulp.LpProblem("unbounded", pulp.LpMaximize)
    x = var(prob, "x", 0)
    y = var(prob, "y")
    prob += x + y
    prob += x - y <= 1, "c1"
    assert prob.solve(SOLVERS[name]()) == pulp.LpStatusUnbounded

    lp = lpgen.unique_lp(5, n=20, m_eq=4, m_ineq=20, row_kinds=("le", "ge"))
    prob, x, _ = pulp_model(lp, "min")
    status = prob.solve(SOLVERS[name].__call__().__class__(msg=False, iteration_limit=64))
    assert status == pulp.LpStatusNotSolved
    assert all(v.varValue is not None for v in x)  # the last point


@pytest.mark.parametrize("name", sorted(SOLVERS))
def test_mip_only_as_relaxation_when_asked(name):
    prob = pulp.LpProblem("mip", pulp.LpMaximize)
    x = var(prob, "x", 0, 10, cat="Integer")
    y = var(prob, "y", 0, 10)
    prob += 3 * x + 2 * y
    prob += 2 * x + 2 * y <= 9, "c1"
    prob += x - y <= 0.5, "c2"
    cls = SOLVERS[name]().__class__
    with pytest.raises(pulp.PulpSolverError, match="integer variables.*mip=False"):
        prob.solve(cls(msg=False))
    assert prob.solve(cls(msg=False, mip=False)) == pulp.LpStatusOptimal
    relaxed = pulp.value(prob.objective)
    prob.solve(pulp.HiGHS(msg=False, mip=False))
    assert relaxed == pytest.approx(pulp.value(prob.objective), rel=1e-7)


def test_msg_false_prints_nothing_and_msg_true_prints_the_log(capfd):
    prob = pulp.LpProblem("quiet", pulp.LpMinimize)
    x = var(prob, "x", 0)
    prob += x
    prob += x >= 1, "c1"
    for cls in (fleetlp.pulp.FLEETLP, fleetlp.pulp.FLEETLP_CMD):
        capfd.readouterr()
        prob.solve(cls(msg=False))
        assert capfd.readouterr().out == ""
        prob.solve(cls(msg=True))
        assert "status      OPTIMAL" in capfd.readouterr().out


def test_options_reach_the_solver():
    prob = pulp.LpProblem("opts", pulp.LpMinimize)
    x = var(prob, "x", 0)
    prob += x
    prob += x >= 1, "c1"
    solver = fleetlp.pulp.FLEETLP(msg=False, tol=1e-6, timeLimit=30, threads=1)
    assert prob.solve(solver) == pulp.LpStatusOptimal
    assert prob.solverModel.status.name == "OPTIMAL"
    assert fleetlp.pulp._settings(solver) == {"tol": 1e-6, "time_limit": 30.0, "threads": 1}
    cmd = fleetlp.pulp.FLEETLP_CMD(msg=False, timeLimit=5, presolve=False)._command("m.mps", "s.txt")
    assert cmd[1:5] == ["solve", "m.mps", "--solution", "s.txt"] and "--quiet" in cmd
    assert {"time_limit=5.0", "presolve=0", f"tol={fleetlp.PLUGIN_TOL}"} <= set(cmd)
    with pytest.raises(ValueError, match="unknown setting 'gapRel'"):
        prob.solve(fleetlp.pulp.FLEETLP(msg=False, gapRel=0.1))


def test_cmd_finds_the_command(monkeypatch, tmp_path):
    assert fleetlp.pulp.FLEETLP_CMD().available()
    monkeypatch.setenv("FLEETLP_CLI", str(tmp_path / "nowhere"))
    from fleetlp import _cli

    assert _cli.find_command() == _cli.PACKAGED  # an unusable $FLEETLP_CLI is passed over
    assert not fleetlp.pulp.FLEETLP_CMD(path=str(tmp_path / "nowhere")).available()
