"""Result and Status: what a solve returns."""
import enum

import numpy as np


class Status(enum.IntEnum):
    """flp_status, with the C library's names and values."""

    UNSET = 0
    OPTIMAL = 1
    PRIMAL_INFEASIBLE = 2
    DUAL_INFEASIBLE = 3
    TIME_LIMIT = 4
    ITERATION_LIMIT = 5
    NUMERICAL_ERROR = 6
    INTERRUPTED = 7

    def __str__(self):  # the C name, not the number (IntEnum prints numbers since 3.11)
        return self.name


HISTORY_DTYPE = np.dtype([
    ("iteration", np.int64), ("seconds", np.float64), ("primal_objective", np.float64),
    ("dual_objective", np.float64), ("rel_primal_residual", np.float64),
    ("rel_dual_residual", np.float64), ("rel_gap", np.float64), ("step", np.float64),
    ("primal_weight", np.float64), ("restarted", np.int8)])

_FIELDS = (
    "status", "x", "y", "reduced_costs", "row_activity",
    "primal_objective", "dual_objective",
    "rel_primal_residual", "rel_dual_residual", "rel_gap", "abs_primal_residual", "abs_dual_residual",
    "iterations", "restarts", "polish_iterations", "matrix_passes",
    "setup_seconds", "presolve_seconds", "solve_seconds", "total_seconds", "device",
    "primal_ray", "dual_ray", "certificate_quality", "norm_A_estimate",
    "stopped_by_callback")


class Result:
    """The answer of one solve, in the user's space and sense.

    status              Status (OPTIMAL, PRIMAL_INFEASIBLE, DUAL_INFEASIBLE, TIME_LIMIT,
                        ITERATION_LIMIT, NUMERICAL_ERROR, INTERRUPTED)
    x, y                primal values (columns) and duals (rows): y = d objective / d rhs
                        in the problem's own sense (so >= 0 on a binding >= row of a
                        minimisation, <= 0 on a binding <= row)
    reduced_costs       c - A'y (same sense)
    row_activity        A x
    primal_objective, dual_objective (objective: the primal one), offset included
    rel_primal_residual, rel_dual_residual, rel_gap, abs_primal_residual, abs_dual_residual
    iterations, restarts, polish_iterations, matrix_passes
    setup_seconds, solve_seconds, total_seconds, device
    presolve_seconds    of setup_seconds, the presolve's
    primal_ray          DUAL_INFEASIBLE: a ray d with c'd < 0 (else None)
    dual_ray            PRIMAL_INFEASIBLE: Farkas multipliers (else None)
    certificate_quality the certificate's relative violation of its own check
    history             one row per check (numpy structured array, HISTORY_DTYPE)
    stopped_by_callback the check callback returned true (status INTERRUPTED)

    The vectors are numpy arrays over the C result's own memory (no copy).
    """

    __slots__ = _FIELDS + ("_history_rows", "_history")

    def __init__(self, d):
        for name in _FIELDS:
            setattr(self, name, d.get(name))
        self.status = Status(d["status"])
        self._history_rows, self._history = d["history"], None

    @property
    def history(self):
        # built on first use: a re-solve loop that never looks pays nothing for it
        if self._history is None:
            raw = self._history_rows
            hist = np.zeros(raw.shape[0], dtype=HISTORY_DTYPE)
            for k, field in enumerate(HISTORY_DTYPE.names):
                hist[field] = raw[:, k]
            self._history = hist
        return self._history

    @property
    def objective(self):
        return self.primal_objective

    @property
    def optimal(self):
        return self.status == Status.OPTIMAL

    def __repr__(self):
        return (f"<fleetlp.Result {self.status.name}: objective {self.primal_objective:.10g}, "
                f"{self.iterations} iterations, {self.total_seconds:.3g} s on {self.device}>")
