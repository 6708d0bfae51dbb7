"""fleetlp.solve_batch: K scenarios of one LP solved together (flp_batch).

The scenarios differ from the problem only in costs, objective constant,
column bounds and row bounds (demand forecasts, price paths, outages); they
share its matrix, which is set up once, and their iterations run as one
product with A (and A') for all of them. Each scenario keeps its own primal
weight, restarts, termination and infeasibility detection and is certified
as a single solve is.
"""
import numpy as np

from . import _core, _settings
from ._result import Result
from ._solver import _log_sink


def _block(name, value, K, n):
    if value is None:
        return None
    a = np.ascontiguousarray(value, dtype=np.float64)
    if a.ndim == 1 and n == 1:
        a = a.reshape(-1, 1)
    if a.ndim != 2 or a.shape != (K, n):
        raise ValueError(f"{name}: expected shape ({K}, {n}), got {a.shape}")
    if np.isnan(a).any():
        k, i = np.argwhere(np.isnan(a))[0]
        raise ValueError(f"{name}: scenario {k}, index {i} is NaN")
    return a


def _count(c, offset, col_lower, col_upper, row_lower, row_upper, names):
    for v in (c, col_lower, col_upper, row_lower, row_upper, offset):
        if v is not None:
            return int(np.shape(v)[0])
    if names is not None:
        return len(names)
    raise ValueError("solve_batch: no scenario data given (c, offset, bounds or names)")


def solve_batch(problem, *, c=None, offset=None, col_lower=None, col_upper=None, row_lower=None,
                row_upper=None, names=None, log=None, **settings):
    """Solve K scenarios of problem; returns a list of K Results, in order.

    c, col_lower, col_upper: arrays of shape (K, num_cols); row_lower,
    row_upper: (K, num_rows); offset: (K,). Costs and offsets in the
    problem's own sense; None: the problem's values in every scenario.
    names: K strings (for the log). Settings by name, as for fleetlp.solve;
    batch_warm_start=False starts every scenario from zero instead of from
    the problem's own solution. Ctrl-C is seen when the batch returns.
    """
    from ._problem import Problem

    if not isinstance(problem, Problem):
        raise ValueError(f"problem: expected a fleetlp.Problem, got {type(problem).__name__}")
    K = _count(c, offset, col_lower, col_upper, row_lower, row_upper, names)
    if K < 1:
        raise ValueError("solve_batch: at least one scenario is needed")
    m, n, sense = problem.num_rows, problem.num_cols, problem.sense
    cb = _block("c", c, K, n)
    if cb is not None:
        cb = np.ascontiguousarray(cb if sense == 1 else -cb)
    ob = _block("offset", offset, K, 1)
    if ob is not None:
        ob = np.ascontiguousarray(sense * ob)
    st = _settings.make(settings)
    dicts = _core.solve_batch(*problem._core_arrays(), st, K, cb, ob,
                              _block("col_lower", col_lower, K, n), _block("col_upper", col_upper, K, n),
                              _block("row_lower", row_lower, K, m), _block("row_upper", row_upper, K, m),
                              None if names is None else [str(x) for x in names], _log_sink(log))
    return [Result(d) for d in dicts]
