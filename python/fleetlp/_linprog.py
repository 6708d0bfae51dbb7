"""fleetlp.linprog: scipy.optimize.linprog's signature and OptimizeResult,
solved by fleetlp, so that swapping the import is the whole change.

    minimize c @ x  subject to  A_ub @ x <= b_ub,  A_eq @ x == b_eq,  lb <= x <= ub

Statuses have scipy's meanings: 0 optimal, 1 iteration or time limit (or
an interrupt), 2 infeasible, 3 unbounded, 4 numerical difficulties. The
marginals follow scipy's (HiGHS's) convention: the partial derivative of
the objective with respect to each right-hand side, so ineqlin.marginals
<= 0, lower.marginals >= 0 and upper.marginals <= 0 at an optimum.
"""
import warnings

import numpy as np

from . import _checks
from ._problem import Problem
from ._result import Status
from ._settings import PLUGIN_TOL
from ._solver import Solver

# scipy's method names are accepted, so that existing calls keep working;
# every one of them means fleetlp here
METHODS = {"fleetlp", "pdhg", "highs", "highs-ds", "highs-ipm", "simplex", "revised simplex",
           "interior-point"}

_SCIPY_STATUS = {
    Status.OPTIMAL: (0, "Optimization terminated successfully."),
    Status.ITERATION_LIMIT: (1, "Iteration limit reached."),
    Status.TIME_LIMIT: (1, "Time limit reached."),
    Status.INTERRUPTED: (1, "The solve was interrupted."),
    Status.PRIMAL_INFEASIBLE: (2, "The problem is infeasible."),
    Status.DUAL_INFEASIBLE: (3, "The problem is unbounded."),
    Status.NUMERICAL_ERROR: (4, "Numerical difficulties encountered."),
}

# scipy's option names that mean something here; fleetlp's settings are
# accepted by their own names as well
_OPTION_MAP = {"maxiter": "iteration_limit", "time_limit": "time_limit", "presolve": "presolve",
               "primal_feasibility_tolerance": "tol", "dual_feasibility_tolerance": "tol"}


def _bounds(bounds, n):
    """scipy's bound forms: None, one (min, max) pair, n pairs, or an object
    with lb and ub (scipy.optimize.Bounds); None in a pair means no bound."""
    if hasattr(bounds, "lb") and hasattr(bounds, "ub"):
        lb = np.broadcast_to(np.asarray(bounds.lb, dtype=float), (n,)).copy()
        ub = np.broadcast_to(np.asarray(bounds.ub, dtype=float), (n,)).copy()
        return lb, ub
    if bounds is None or np.array_equal(bounds, []) or np.array_equal(bounds, [[]]):
        bounds = (0, np.inf)
    try:
        arr = np.atleast_2d(np.array(bounds, dtype=float))
    except (TypeError, ValueError) as exc:
        raise ValueError(f"bounds: cannot be read as (min, max) pairs ({exc})") from None
    if arr.shape == (1, 2):
        arr = np.repeat(arr, n, axis=0)
    elif arr.shape != (n, 2):
        raise ValueError(f"bounds: shape {arr.shape}, expected one (min, max) pair or {n} pairs")
    lb, ub = arr[:, 0].copy(), arr[:, 1].copy()
    lb[np.isnan(lb)] = -np.inf  # None
    ub[np.isnan(ub)] = np.inf
    for name, side, wrong in (("lower", lb, np.inf), ("upper", ub, -np.inf)):
        if (side == wrong).any():
            i = _checks.first_bad(side == wrong)
            raise ValueError(f"bounds[{i}]: the {name} bound is {side[i]}")
    return lb, ub


def _rows(name_A, A, name_b, b, n, allow_inf):
    if A is None and b is None:
        return None, np.zeros(0)
    if A is None or b is None:
        raise ValueError(f"{name_A} and {name_b} must be given together")
    indptr, indices, data, m = _checks.csr_parts(A, n)
    import scipy.sparse as sp

    rows = sp.csr_array((data, indices, indptr), shape=(m, n))
    b = _checks.vector(name_b, b, m, what="rows")
    bad = np.isnan(b) | (np.isinf(b) if not allow_inf else b == -np.inf)
    if bad.any():
        i = _checks.first_bad(bad)
        raise ValueError(f"{name_b}[{i}] is {b[i]}: not a valid right-hand side")
    return rows, b


def _settings_from(options):
    settings, unknown = {"tol": PLUGIN_TOL}, {}
    disp = False
    from ._settings import settings as table

    names = {row["name"] for row in table()}
    for key, value in (options or {}).items():
        if key == "disp":
            disp = bool(value)
        elif key in _OPTION_MAP:
            target = _OPTION_MAP[key]
            if target == "tol":
                value = min(float(value), settings.get("tol", 1.0))
            if value is not None:
                settings[target] = value
        elif key in names:
            settings[key] = value
        else:
            unknown[key] = value
    if unknown:
        from scipy.optimize import OptimizeWarning

        warnings.warn(f"Unrecognized options detected: {unknown}. These are ignored by fleetlp.",
                      OptimizeWarning, stacklevel=3)
    return settings, disp


def _result(**fields):
    from scipy.optimize import OptimizeResult

    return OptimizeResult(fields)


def _no_solution(status, message, nit=0):
    none = _result(residual=None, marginals=None)
    return _result(x=None, fun=None, slack=None, con=None, success=False, status=status,
                   message=message, nit=nit, ineqlin=none, eqlin=_result(**none),
                   lower=_result(**none), upper=_result(**none))


def linprog(c, A_ub=None, b_ub=None, A_eq=None, b_eq=None, bounds=(0, None), method="fleetlp",
            callback=None, options=None, x0=None, integrality=None):
    """scipy.optimize.linprog, solved by fleetlp (tolerance PLUGIN_TOL, 1e-7
    relative, unless options={"tol": ...}). options take scipy's names that
    apply (maxiter, time_limit, presolve, disp, primal_/dual_feasibility_
    tolerance) and any fleetlp setting by name; x0 is a warm start; callback
    receives an OptimizeResult per check (nit, fun, dual_fun, residuals; no
    x) and stops the solve (status 1) by returning True. integrality is
    refused: fleetlp solves LPs (pass None to solve the relaxation)."""
    if method is None or str(method).lower() not in METHODS:
        raise ValueError(f"Unknown solver '{method}'")
    if integrality is not None and np.any(integrality):
        raise ValueError("integrality: fleetlp solves linear programs only; pass integrality=None "
                         "to solve the LP relaxation")
    c = _checks.as_real_array("c", c).squeeze()  # scipy's reading of c
    if c.ndim == 0:
        c = c.reshape(1)
    if c.ndim != 1:
        raise ValueError(f"c: expected a 1-D array, got shape {c.shape}")
    _checks.finite("c", c)
    n = c.shape[0]
    ub_rows, b_ub = _rows("A_ub", A_ub, "b_ub", b_ub, n, allow_inf=True)
    eq_rows, b_eq = _rows("A_eq", A_eq, "b_eq", b_eq, n, allow_inf=False)
    lb, ub = _bounds(bounds, n)
    if (lb > ub).any():  # scipy reports this as infeasible, not as an error
        i = _checks.first_bad(lb > ub)
        return _no_solution(2, f"The problem is infeasible: bounds[{i}] has lower {lb[i]} > "
                               f"upper {ub[i]}.")
    settings, disp = _settings_from(options)

    import scipy.sparse as sp

    m_ub, m_eq = b_ub.shape[0], b_eq.shape[0]
    parts = [r for r in (ub_rows, eq_rows) if r is not None]
    A = sp.vstack(parts, format="csr") if len(parts) == 2 else (parts[0] if parts else None)
    row_lower = np.concatenate([np.full(m_ub, -np.inf), b_eq])
    row_upper = np.concatenate([b_ub, b_eq])
    problem = Problem(c, A, row_lower, row_upper, lb, ub)

    check = None
    if callback is not None:
        def check(rec):
            return callback(_result(nit=rec["iteration"], fun=rec["primal_objective"],
                                    dual_fun=rec["dual_objective"],
                                    rel_primal_residual=rec["rel_primal_residual"],
                                    rel_dual_residual=rec["rel_dual_residual"],
                                    rel_gap=rec["rel_gap"]))
    with Solver(problem, log=print if disp else None, callback=check, **settings) as solver:
        if x0 is not None:
            solver.set_warm_start(x=x0)
        r = solver.solve()

    status, message = _SCIPY_STATUS.get(r.status, (4, f"fleetlp status {r.status.name}."))
    message = f"{message} (fleetlp status {r.status.name})"
    if status in (2, 3):
        return _no_solution(status, message, r.iterations)
    x, y, rc = r.x, r.y, r.reduced_costs
    act = r.row_activity
    slack, con = b_ub - act[:m_ub], b_eq - act[m_ub:]
    return _result(
        x=x, fun=r.primal_objective, slack=slack, con=con, success=status == 0, status=status,
        message=message, nit=r.iterations,
        ineqlin=_result(residual=slack, marginals=y[:m_ub]),
        eqlin=_result(residual=con, marginals=y[m_ub:]),
        # the reduced cost belongs to the bound it pushes against (none: 0)
        lower=_result(residual=x - lb, marginals=np.where((rc > 0) & np.isfinite(lb), rc, 0.0)),
        upper=_result(residual=ub - x, marginals=np.where((rc < 0) & np.isfinite(ub), rc, 0.0)),
        fleetlp=r)
