"""fleetlp.Solver and fleetlp.solve over the C solver object.

The solve runs in the calling thread with the GIL released. Ctrl-C (in the
main thread) stops it at the next check and raises KeyboardInterrupt;
solve() frees its solver on the way out, a Solver stays usable. The log
goes to a callable, or to the "fleetlp" logger at INFO, never to C's stdout.
"""
import logging

import numpy as np

from . import _checks, _core, _settings
from ._problem import Problem
from ._result import Result

_logger = logging.getLogger("fleetlp")


def _log_sink(log):
    """The callable that receives log lines for this solve, or None (dropped)."""
    if log is False:
        return None
    if log is None:
        return _logger.info if _logger.isEnabledFor(logging.INFO) else None
    if not callable(log):
        raise ValueError(f"log: {log!r} is not callable (or None / False)")
    return log


class Solver:
    """Set up once (presolve, upload, scaling, the norm estimate), then solve,
    change costs or bounds of the same shape, and solve again from the last
    point.

        s = fleetlp.Solver(problem, tol=1e-6)
        r = s.solve()
        s.set_row_bounds(upper=new_upper)
        r2 = s.solve()          # warm from r's point

    Keyword arguments are settings by name (fleetlp.settings() lists them),
    plus log (a callable taking one line, None for the "fleetlp" logger at
    INFO, False for none) and callback (called with a dict at every check;
    a true return stops the solve at the next check, status INTERRUPTED). Costs and bounds
    are in the problem's own sense. One solve at a time per Solver;
    interrupt() may be called from any thread.
    """

    def __init__(self, problem, *, log=None, callback=None, **settings):
        if not isinstance(problem, Problem):
            raise ValueError(f"problem: expected a fleetlp.Problem, got {type(problem).__name__}")
        self._settings = _settings.make(settings)
        self._log = log
        _log_sink(log)  # a bad log argument fails here, not at the first solve
        if callback is not None and not callable(callback):
            raise ValueError(f"callback: {callback!r} is not callable")
        self._callback = callback
        self._sense = problem.sense
        self._offset = problem.offset
        self._core = _core.Solver(*problem._core_arrays(), self._settings)

    # ---- solving -------------------------------------------------------------
    def solve(self):
        """Solve from the last point (or a set warm start); returns a Result."""
        return Result(self._core.solve(_log_sink(self._log), self._callback))

    def interrupt(self):
        """Stop the solve in progress at its next check (status INTERRUPTED).
        Safe from any thread; asked with no solve running, it stops the next
        solve at its first check."""
        self._core.interrupt()

    # ---- data of the same shape -------------------------------------------------
    def set_objective(self, c, offset=None):
        """New costs (and offset; None keeps it) in the problem's sense."""
        c = _checks.vector("c", c, self.num_cols, what="columns")
        _checks.finite("c", c)
        if offset is not None:
            offset = float(offset)
            if not np.isfinite(offset):
                raise ValueError(f"offset is {offset}: must be finite")
            self._offset = offset
        c_min = c if self._sense == 1 else -c
        self._core.set_objective(c_min, self._sense * self._offset)

    def set_row_bounds(self, lower=None, upper=None):
        """New row bounds; None keeps that side. A scalar is broadcast."""
        self._core.set_row_bounds(*self._sides("row", lower, upper, self.num_rows))

    def set_col_bounds(self, lower=None, upper=None):
        """New column bounds; None keeps that side. A scalar is broadcast."""
        self._core.set_col_bounds(*self._sides("col", lower, upper, self.num_cols))

    def set_warm_start(self, x=None, y=None):
        """Start the next solve from x (columns) and y (rows, the problem's
        sense); either may be None (zero); both None: start cold."""
        x = None if x is None else _checks.vector("x", x, self.num_cols, what="columns")
        y = None if y is None else _checks.vector("y", y, self.num_rows, what="rows")
        for name, v in (("x", x), ("y", y)):
            if v is not None:
                _checks.finite(name, v)
        self._core.set_warm_start(x, y)

    def set_settings(self, **settings):
        """Change settings by name for the next solves (device, threads,
        scaling and presolve make it set up again)."""
        self._settings = _settings.make(settings, base=self._settings)
        self._core.set_settings(self._settings)

    # ---- lifetime ----------------------------------------------------------------
    def close(self):
        """Free the C solver now (also done when the object is collected)."""
        self._core.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # ---- information -------------------------------------------------------------
    @property
    def settings(self):
        """The settings in force, by name."""
        return _settings.as_dict(self._settings)

    @property
    def device(self):
        return self._core.device

    @property
    def num_rows(self):
        return self._core.num_rows

    @property
    def num_cols(self):
        return self._core.num_cols

    def _sides(self, kind, lower, upper, n):
        lo = None if lower is None else _checks.vector(f"{kind}_lower", lower, n)
        hi = None if upper is None else _checks.vector(f"{kind}_upper", upper, n)
        for name, arr, wrong in ((f"{kind}_lower", lo, np.inf), (f"{kind}_upper", hi, -np.inf)):
            if arr is not None:
                bad = np.isnan(arr) | (arr == wrong)
                if bad.any():
                    i = _checks.first_bad(bad)
                    raise ValueError(f"{name}[{i}] is {arr[i]}: not a valid bound")
        if lo is not None and hi is not None:
            _checks.bounds(f"{kind}_lower", lo, f"{kind}_upper", hi)
        return lo, hi  # lower > the kept other side: the library's ValueError names the index


def solve(problem, *, log=None, callback=None, **settings):
    """Solve problem once; returns a Result. Settings by name, as for Solver."""
    solver = Solver(problem, log=log, callback=callback, **settings)
    try:
        return solver.solve()
    finally:
        solver.close()  # also on KeyboardInterrupt: nothing is left allocated
