"""fleetlp.linprog against scipy.optimize.linprog(method="highs")."""
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.optimize import Bounds, OptimizeWarning
from scipy.optimize import linprog as scipy_linprog

import fleetlp
import lpgen


def linprog_form(lp):
    """lpgen.LP as linprog's A_ub/b_ub, A_eq/b_eq and bounds: >= rows negated,
    ranged rows as two <= rows, free rows dropped."""
    D = lp.dense
    m_eq = lp.m_eq
    ub_rows, b_ub = [], []
    for i in range(m_eq, D.shape[0]):
        if np.isfinite(lp.row_upper[i]):
            ub_rows.append(D[i])
            b_ub.append(lp.row_upper[i])
        if np.isfinite(lp.row_lower[i]):
            ub_rows.append(-D[i])
            b_ub.append(-lp.row_lower[i])
    bounds = [(None if np.isinf(lo) else lo, None if np.isinf(hi) else hi)
              for lo, hi in zip(lp.col_lower, lp.col_upper)]
    return dict(c=lp.c, A_ub=np.array(ub_rows), b_ub=np.array(b_ub), A_eq=D[:m_eq],
                b_eq=lp.row_lower[:m_eq], bounds=bounds)


@pytest.mark.parametrize("seed", range(10))
def test_objective_values_and_marginals_match_highs(seed):
    lp = lpgen.unique_lp(seed, n=10 + seed, m_eq=2 + seed % 3, m_ineq=8 + seed)
    args = linprog_form(lp)
    ours = fleetlp.linprog(**args)
    ref = scipy_linprog(**args, method="highs")
    assert ours.status == ref.status == 0 and ours.success
    assert ours.fun == pytest.approx(ref.fun, rel=1e-6, abs=1e-6)
    np.testing.assert_allclose(ours.x, ref.x, atol=1e-5)
    np.testing.assert_allclose(ours.slack, ref.slack, atol=1e-5)
    np.testing.assert_allclose(ours.con, ref.con, atol=1e-5)
    for part in ("ineqlin", "eqlin", "lower", "upper"):
        np.testing.assert_allclose(ours[part].marginals, ref[part].marginals, atol=1e-5,
                                   err_msg=part)
        np.testing.assert_allclose(ours[part].residual, ref[part].residual, atol=1e-5,
                                   err_msg=part)
    # scipy's sign conventions, not just agreement on this instance
    assert (ours.ineqlin.marginals <= 1e-9).all() and (ours.upper.marginals <= 0).all()
    assert (ours.lower.marginals >= 0).all()


def test_sparse_input_and_bound_forms():
    lp = lpgen.unique_lp(11, col_kinds=("lower",), row_kinds=("le",))
    args = linprog_form(lp)
    args["A_ub"], args["A_eq"] = sp.csr_array(args["A_ub"]), sp.coo_matrix(args["A_eq"])
    ref = scipy_linprog(**args, method="highs")
    lower = [b[0] for b in args["bounds"]]
    for bounds in (args["bounds"], Bounds(lower, np.inf), np.column_stack([lower, [None] * len(lower)])):
        args["bounds"] = bounds
        ours = fleetlp.linprog(**args)
        assert ours.fun == pytest.approx(ref.fun, rel=1e-6)
    one_pair = fleetlp.linprog([1.0, 2.0], A_ub=[[-1.0, -1.0]], b_ub=[-1.0], bounds=(0, None))
    default = fleetlp.linprog([1.0, 2.0], A_ub=[[-1.0, -1.0]], b_ub=[-1.0], bounds=None)
    np.testing.assert_allclose(one_pair.x, [1, 0], atol=1e-6)
    np.testing.assert_allclose(default.x, [1, 0], atol=1e-6)


def test_infeasible_is_2_and_unbounded_is_3_as_in_scipy():
    infeasible = dict(c=[1.0, 1.0], A_ub=[[1.0, 1.0], [-1.0, -1.0]], b_ub=[1.0, -2.0])
    unbounded = dict(c=[-1.0, 0.0], A_ub=[[1.0, -1.0]], b_ub=[1.0])
    for args, status in ((infeasible, 2), (unbounded, 3)):
        ours = fleetlp.linprog(**args, options={"presolve": False})
        ref = scipy_linprog(**args, method="highs")
        assert ours.status == ref.status == status and not ours.success
        assert ours.x is None and ours.fun is None and ours.ineqlin.marginals is None


def test_lower_above_upper_is_infeasible_as_in_scipy():
    args = dict(c=[1.0, 1.0], A_ub=[[1.0, 1.0]], b_ub=[5.0], bounds=[(2, 1), (0, None)])
    ours = fleetlp.linprog(**args)
    assert ours.status == scipy_linprog(**args, method="highs").status == 2
    assert "bounds[0]" in ours.message


def test_iteration_limit_is_1_with_the_last_point():
    lp = lpgen.unique_lp(12, n=20, m_eq=4, m_ineq=20)
    ours = fleetlp.linprog(**linprog_form(lp), options={"maxiter": 64})
    assert ours.status == 1 and not ours.success and ours.nit == 64
    assert ours.x.shape == (20,) and "Iteration limit" in ours.message


def test_callback_can_stop_and_x0_warm_starts():
    lp = lpgen.unique_lp(13, n=20, m_eq=4, m_ineq=20)
    args = linprog_form(lp)
    calls = []
    stopped = fleetlp.linprog(**args, callback=lambda res: calls.append(res.nit) or True)
    assert stopped.status == 1 and calls[0] == 0
    cold = fleetlp.linprog(**args)
    warm = fleetlp.linprog(**args, x0=cold.x)
    assert warm.status == 0 and warm.fun == pytest.approx(cold.fun, rel=1e-6)


def test_options_methods_and_integrality():
    args = dict(c=[1.0, 2.0], A_ub=[[-1.0, -1.0]], b_ub=[-1.0])
    with pytest.warns(OptimizeWarning, match="Unrecognized options"):
        fleetlp.linprog(**args, options={"not_an_option": 1})
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r = fleetlp.linprog(**args, method="highs", options={"tol": 1e-6, "threads": 1})
    assert r.status == 0
    with pytest.raises(ValueError, match="Unknown solver"):
        fleetlp.linprog(**args, method="magic")
    with pytest.raises(ValueError, match="integrality"):
        fleetlp.linprog(**args, integrality=[1, 0])
    with pytest.raises(ValueError, match=r"c\[1\] is nan"):
        fleetlp.linprog([1.0, np.nan], **{k: v for k, v in args.items() if k != "c"})
    with pytest.raises(ValueError, match=r"b_ub\[0\] is nan"):
        fleetlp.linprog([1.0, 2.0], A_ub=[[1.0, 1.0]], b_ub=[np.nan])
    with pytest.raises(ValueError, match="must be given together"):
        fleetlp.linprog([1.0, 2.0], A_ub=[[1.0, 1.0]])
