"""fleetlp: a first-order LP solver (restarted Halpern PDHG) for Python.

    import fleetlp, scipy.sparse as sp
    p = fleetlp.Problem(c=[-1, -2], A=sp.csr_array([[1, 1], [1, 3]]),
                        row_upper=[4, 6], col_upper=[3, float("inf")])
    r = fleetlp.solve(p, tol=1e-6)
    print(r.status.name, r.objective, r.x, r.y)

fleetlp.Problem, fleetlp.solve, fleetlp.Solver (set up once, re-solve with
changed costs or bounds), fleetlp.solve_batch (scenarios of one LP solved
together), fleetlp.linprog (scipy.optimize.linprog's
signature) and the plug-ins fleetlp.pulp, fleetlp.cvxpy and fleetlp.linopy,
imported on first use. docs/python.md has the details.
"""
import importlib

from . import _core
from ._batch import solve_batch
from ._linprog import linprog
from ._problem import Problem
from ._result import HISTORY_DTYPE, Result, Status
from ._settings import PLUGIN_TOL, settings
from ._solver import Solver, solve

__version__ = _core.version
__all__ = ["Problem", "Result", "Solver", "Status", "linprog", "settings", "solve", "solve_batch",
           "devices", "PLUGIN_TOL", "HISTORY_DTYPE", "__version__"]

_PLUGINS = ("pulp", "cvxpy", "linopy")


def devices():
    """The compiled-in backends and the devices they can use (or why not)."""
    return _core.describe_devices()


def __getattr__(name):
    # fleetlp.pulp etc. import their modelling layer, so only when asked for
    if name in _PLUGINS:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'fleetlp' has no attribute {name!r}")
