"""fleetlp.Problem, solve, Solver and Result against LPs whose optimum is known."""
import logging

import numpy as np
import pytest
import scipy.sparse as sp

import fleetlp
import lpgen
from conftest import TOL, problem_of
from fleetlp import _core


def test_status_enum_has_the_c_names_and_values():
    assert [s.name for s in sorted(fleetlp.Status)] == _core.status_names()
    assert str(fleetlp.Status.OPTIMAL) == "OPTIMAL"


def test_settings_come_from_the_c_table():
    table = {row["name"]: row for row in fleetlp.settings()}
    assert table["tol"]["default"] == 1e-4 and table["tol"]["type"] == "real"
    assert table["norm"]["choices"] == ["l2", "linf"]
    assert table["presolve"]["needs_setup"]
    s = fleetlp.Solver(problem_of(lpgen.unique_lp(0)), tol=1e-6, norm="linf", threads=1,
                       presolve=False)
    assert s.settings["tol"] == 1e-6 and s.settings["norm"] == "linf"
    assert s.settings["threads"] == 1 and s.settings["presolve"] is False
    assert set(s.settings) == set(table)


def test_small_lp(small):
    r = fleetlp.solve(small, tol=TOL)
    assert r.status == fleetlp.Status.OPTIMAL and r.optimal
    assert r.objective == pytest.approx(-5, rel=1e-7)
    np.testing.assert_allclose(r.x, [3, 1], atol=1e-6)
    np.testing.assert_allclose(r.row_activity, small.A @ r.x, atol=1e-12)
    np.testing.assert_allclose(r.reduced_costs, small.c - small.A.T @ r.y, atol=1e-9)
    assert (r.y <= 1e-9).all()  # <= rows of a minimisation: y = d obj / d rhs <= 0
    assert r.iterations > 0 and r.matrix_passes >= r.iterations
    assert r.total_seconds >= r.solve_seconds >= 0 and r.device.startswith("cpu")
    assert r.history.shape[0] >= 1 and r.history["iteration"][-1] <= r.iterations
    assert r.primal_ray is None and r.dual_ray is None


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("sense", ["min", "max"])
def test_unique_optimum_of_every_row_and_bound_kind(seed, sense):
    lp = lpgen.unique_lp(seed)
    r = fleetlp.solve(problem_of(lp, sense), tol=TOL)
    assert r.status == fleetlp.Status.OPTIMAL
    sign = 1 if sense == "min" else -1  # duals of the maximisation of -c'x
    assert r.objective == pytest.approx(sign * lp.objective, rel=1e-6, abs=1e-6)
    np.testing.assert_allclose(r.x, lp.x, atol=1e-4)
    np.testing.assert_allclose(r.y, sign * lp.y, atol=1e-4)
    np.testing.assert_allclose(r.reduced_costs, sign * lp.r, atol=1e-4)


def test_inputs_of_the_c_layout_are_not_copied():
    lp = lpgen.unique_lp(1)
    A = sp.csr_array(lp.A)
    assert A.indices.dtype == np.int32
    c = np.ascontiguousarray(lp.c)
    p = fleetlp.Problem(c, A, lp.row_lower, lp.row_upper, lp.col_lower, lp.col_upper)
    assert p.c is c and p.row_lower is lp.row_lower
    assert np.shares_memory(p._data, A.data) and np.shares_memory(p._indices, A.indices)
    r = fleetlp.solve(p, tol=1e-6)
    assert not r.x.flags.owndata  # a view of the C result's memory
    assert r.x.base is not None


def test_other_formats_and_dense_matrices_give_the_same_problem():
    lp = lpgen.unique_lp(2)
    answers = []
    for A in (lp.dense, sp.coo_matrix(lp.dense), sp.csc_array(lp.dense), lp.dense.tolist()):
        p = fleetlp.Problem(lp.c, A, lp.row_lower, lp.row_upper, lp.col_lower, lp.col_upper)
        answers.append(fleetlp.solve(p, tol=1e-6).objective)
    assert max(answers) == min(answers)  # the same CSR, the same deterministic solve


def test_duplicate_entries_are_summed():
    A = sp.csr_array((np.array([1.0, 1.0, 3.0]), np.array([0, 0, 1]), np.array([0, 2, 3])),
                     shape=(2, 2))
    p = fleetlp.Problem([-1.0, -1.0], A, row_upper=[4.0, 3.0])
    assert p.nnz == 2 and p.A[0, 0] == 2.0
    assert fleetlp.solve(p, tol=TOL).objective == pytest.approx(-3.0, rel=1e-7)


def test_solver_resolve_equals_a_cold_solve():
    lp = lpgen.unique_lp(3)
    s = fleetlp.Solver(problem_of(lp), tol=TOL)
    first = s.solve()
    assert first.status == fleetlp.Status.OPTIMAL
    upper = lp.row_upper + 0.1  # a small change of the right-hand sides
    s.set_row_bounds(upper=upper)
    warm = s.solve()
    changed = fleetlp.Problem(lp.c, lp.A, lp.row_lower, upper, lp.col_lower, lp.col_upper)
    cold = fleetlp.solve(changed, tol=TOL)
    assert warm.status == cold.status == fleetlp.Status.OPTIMAL
    assert warm.objective == pytest.approx(cold.objective, rel=1e-6)
    np.testing.assert_allclose(warm.x, cold.x, atol=1e-4)


def test_set_objective_and_col_bounds_in_the_problems_sense():
    lp = lpgen.unique_lp(4)
    s = fleetlp.Solver(problem_of(lp, "max"), tol=TOL)
    s.set_objective(-2 * lp.c, offset=3.0)  # maximise -2c'x + 3: the same x
    r = s.solve()
    assert r.objective == pytest.approx(-2 * lp.objective + 3, rel=1e-6)
    np.testing.assert_allclose(r.x, lp.x, atol=1e-4)
    s.set_col_bounds(lower=np.maximum(lp.col_lower, lp.x - 1e-3), upper=None)
    assert s.solve().objective == pytest.approx(r.objective, rel=1e-6)  # the optimum still fits


def test_warm_start_from_the_optimum_needs_fewer_iterations():
    lp = lpgen.unique_lp(5, n=20, m_eq=5, m_ineq=20)
    cold = fleetlp.solve(problem_of(lp), tol=TOL)
    s = fleetlp.Solver(problem_of(lp), tol=TOL)
    s.set_warm_start(x=cold.x, y=cold.y)
    warm = s.solve()
    assert warm.status == fleetlp.Status.OPTIMAL
    assert warm.iterations < cold.iterations


def test_set_settings_between_solves():
    lp = lpgen.unique_lp(6)
    s = fleetlp.Solver(problem_of(lp), tol=1e-3)
    loose = s.solve()
    s.set_settings(tol=TOL)
    tight = s.solve()
    assert s.settings["tol"] == TOL and tight.iterations > 0
    assert abs(tight.objective - lp.objective) <= abs(loose.objective - lp.objective) + 1e-9
    with pytest.raises(ValueError, match="setting tol"):
        s.set_settings(tol=-1)
    assert s.settings["tol"] == TOL  # unchanged by the refused value


def test_infeasible_and_unbounded_with_certificates():
    infeasible = fleetlp.Problem([1.0, 1.0], sp.csr_array(np.array([[1.0, 1.0], [1.0, 1.0]])),
                                 row_lower=[-np.inf, 2.0], row_upper=[1.0, np.inf])
    r = fleetlp.solve(infeasible, tol=TOL, presolve=False)
    assert r.status == fleetlp.Status.PRIMAL_INFEASIBLE and r.dual_ray is not None
    unbounded = fleetlp.Problem([-1.0, 0.0], sp.csr_array(np.array([[1.0, -1.0]])),
                                row_upper=[1.0])
    r = fleetlp.solve(unbounded, tol=TOL, presolve=False)
    assert r.status == fleetlp.Status.DUAL_INFEASIBLE and r.primal_ray is not None
    assert r.primal_ray @ unbounded.c < 0


def test_iteration_limit():
    lp = lpgen.unique_lp(7, n=20, m_eq=5, m_ineq=20)
    r = fleetlp.solve(problem_of(lp), tol=TOL, iteration_limit=64)
    assert r.status == fleetlp.Status.ITERATION_LIMIT and r.iterations == 64
    assert r.x is not None and r.x.shape == (20,)


def test_read_and_write_mps_and_hdf5(tmp_path):
    # no free rows: MPS writes them as N rows, which readers drop (as HiGHS's does)
    lp = lpgen.unique_lp(8, row_kinds=("le", "ge", "range"))
    p = fleetlp.Problem(-lp.c, lp.A, lp.row_lower, lp.row_upper, lp.col_lower, lp.col_upper,
                        offset=2.5, sense="max", name="gen8",
                        row_names=[f"r{i}" for i in range(lp.A.shape[0])],
                        col_names=[f"x{j}" for j in range(lp.A.shape[1])])
    want = fleetlp.solve(p, tol=TOL)
    for name in ("gen8.mps", "gen8.mps.gz", "gen8.h5"):
        p.write(tmp_path / name)
        q = fleetlp.Problem.read(tmp_path / name)
        assert q.sense == -1 and q.offset == 2.5 and q.row_names == p.row_names
        assert q.col_names == p.col_names
        np.testing.assert_array_equal(q.c, p.c)
        np.testing.assert_array_equal(q.col_lower, p.col_lower)
        np.testing.assert_array_equal(q.row_upper, p.row_upper)
        assert abs(q.A - p.A).max() <= 1e-12 * abs(p.A).max()  # MPS writes 17 digits
        assert fleetlp.solve(q, tol=TOL).objective == pytest.approx(want.objective, rel=1e-9)


def test_reading_the_example_models_matches_their_sense(repo_root):
    p = fleetlp.Problem.read(repo_root / "datasets/examples/production.mps")
    assert p.sense == -1 and p.num_cols > 0 and p.col_names[0].startswith("make_")
    r = fleetlp.solve(p, tol=TOL)
    from scipy.optimize import linprog

    # the same LP through scipy: minimise -c'x
    A = p.A
    ub = np.isfinite(p.row_upper)
    lb = np.isfinite(p.row_lower)
    ref = linprog(-p.c, A_ub=sp.vstack([A[ub], -A[lb]]),
                  b_ub=np.concatenate([p.row_upper[ub], -p.row_lower[lb]]),
                  bounds=list(zip(p.col_lower, p.col_upper)), method="highs")
    assert r.objective == pytest.approx(-ref.fun, rel=1e-7)


def test_the_log_goes_to_python_logging_not_stdout(small, caplog, capfd):
    with caplog.at_level(logging.INFO, logger="fleetlp"):
        fleetlp.solve(small, tol=TOL)
    text = "\n".join(rec.getMessage() for rec in caplog.records if rec.name == "fleetlp")
    assert "status      OPTIMAL" in text and "iter" in text
    fleetlp.solve(small, tol=TOL)  # no handler at INFO: nothing anywhere
    out, err = capfd.readouterr()
    assert out == "" and err == ""


def test_log_callable_and_quiet(small):
    lines = []
    fleetlp.solve(small, tol=TOL, log=lines.append)
    assert any(line.startswith("status") for line in lines)
    lines.clear()
    fleetlp.solve(small, tol=TOL, log=lines.append, verbose=False)
    assert lines == []


def test_callback_sees_every_check_and_can_stop_the_solve():
    lp = lpgen.unique_lp(9, n=20, m_eq=5, m_ineq=20)
    seen = []
    r = fleetlp.solve(problem_of(lp), tol=TOL, callback=lambda rec: seen.append(rec) or len(seen) == 3)
    assert r.status == fleetlp.Status.INTERRUPTED and r.stopped_by_callback
    # the library honours a stop at the check after the one that asked for it
    assert [rec["iteration"] for rec in seen] == [0, 64, 128, 192]
    assert {"rel_gap", "primal_objective", "primal_weight"} <= set(seen[0])


def test_an_exception_in_a_hook_is_raised_from_solve(small):
    def boom(_):
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError, match="from the callback"):
        fleetlp.solve(small, tol=TOL, callback=boom)
    with pytest.raises(ZeroDivisionError):
        fleetlp.solve(small, tol=TOL, log=boom)
    s = fleetlp.Solver(small, tol=TOL, callback=boom)
    with pytest.raises(ZeroDivisionError):
        s.solve()
    s._callback = None
    assert s.solve().status == fleetlp.Status.OPTIMAL  # the Solver is still usable


def test_closed_solver_refuses_work(small):
    with fleetlp.Solver(small) as s:
        assert s.solve().optimal
    with pytest.raises(RuntimeError, match="closed"):
        s.solve()
    s.interrupt()  # harmless


def test_devices_and_version():
    assert "cpu" in fleetlp.devices()
    assert fleetlp.__version__ == _core.version


def test_the_packaged_command_runs(repo_root, tmp_path):
    import subprocess

    from fleetlp import _cli

    cmd = _cli.find_command()
    assert cmd is not None
    out = subprocess.run([cmd, "--version"], capture_output=True, text=True, check=True).stdout
    assert fleetlp.__version__ in out
    sol = tmp_path / "sol.txt"
    subprocess.run([cmd, "solve", str(repo_root / "datasets/examples/procurement.mps"), "--quiet",
                    "--solution", str(sol)], check=True)
    assert sol.read_text().startswith("# fleetlp")


def test_empty_problems_solve():
    no_rows = fleetlp.solve(fleetlp.Problem(c=[1.0, -1.0], col_upper=[1.0, 2.0]), tol=TOL)
    assert no_rows.optimal and no_rows.objective == pytest.approx(-2.0, abs=1e-9)
    nothing = fleetlp.solve(fleetlp.Problem(c=np.zeros(0)))
    assert nothing.optimal and nothing.x.shape == (0,) and nothing.y.shape == (0,)
    empty_rows = fleetlp.solve(fleetlp.Problem(c=[1.0], A=np.zeros((3, 1)), row_lower=0.0))
    assert empty_rows.optimal and empty_rows.y.shape == (3,)
