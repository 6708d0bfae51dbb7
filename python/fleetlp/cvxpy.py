"""CVXPY plug-in: a ConicSolver for LPs (Zero and NonNeg cones, bounded
variables).

    prob.solve(solver=fleetlp.cvxpy.FLEETLP())
    prob.solve(solver=fleetlp.cvxpy.FLEETLP(), tol=1e-8, time_limit=10)

CVXPY hands over  minimize c'x + d  s.t.  A x + s = b,  s in Zero x NonNeg,
l <= x <= u,  that is rows A x = b and A x <= b of a minimisation. The duals
CVXPY wants for them are minus d objective / d b, i.e. minus fleetlp's y, as
its HiGHS interface passes them: >= 0 for every inequality, and for an
equality the multiplier of lhs - rhs in the minimisation's Lagrangian
(minimise x s.t. x == 2: -1); docs/python.md has the table.

Statuses: OPTIMAL; INFEASIBLE; UNBOUNDED (a ray with decreasing cost: CVXPY's
convention for dual infeasibility); at a time or iteration limit
OPTIMAL_INACCURATE when the point meets inaccurate_tol (default 1e-4,
fleetlp's own default tolerance) in relative primal and dual residual and
gap, else USER_LIMIT; both with the last point; SOLVER_ERROR on a numerical
error. Options (in FLEETLP(...) or prob.solve(...)): tol (default
fleetlp.PLUGIN_TOL), time_limit, max_iters, inaccurate_tol, verbose, and any
fleetlp setting by name. warm_start=True starts from the last solve's point
when the shapes agree.
"""
import numpy as np
import cvxpy.settings as s
from cvxpy.reductions.solution import Solution, failure_solution
from cvxpy.reductions.solvers import utilities
from cvxpy.reductions.solvers.conic_solvers.conic_solver import ConicSolver, dims_to_solver_dict

from ._problem import Problem
from ._result import Status
from ._settings import PLUGIN_TOL
from ._solver import Solver

INACCURATE_TOL = 1e-4

_LIMITS = (Status.TIME_LIMIT, Status.ITERATION_LIMIT, Status.INTERRUPTED)


class FLEETLP(ConicSolver):
    """fleetlp as a CVXPY conic solver for linear programs."""

    MIP_CAPABLE = False
    BOUNDED_VARIABLES = True
    SUPPORTED_CONSTRAINTS = ConicSolver.SUPPORTED_CONSTRAINTS  # Zero, NonNeg

    def __init__(self, **options):
        super().__init__()
        self.options = options

    def name(self):
        return "FLEETLP"

    def import_solver(self):
        from . import _core  # noqa: F401  (the extension is the whole dependency)

    def solve_via_data(self, data, warm_start, verbose, solver_opts, solver_cache=None):
        opts = dict(self.options)
        opts.update(solver_opts)
        inaccurate_tol = float(opts.pop("inaccurate_tol", INACCURATE_TOL))
        if "max_iters" in opts:
            opts["iteration_limit"] = opts.pop("max_iters")
        opts.setdefault("tol", PLUGIN_TOL)
        dims = dims_to_solver_dict(data[s.DIMS])
        n_eq, n_leq = dims[s.EQ_DIM], dims[s.LEQ_DIM]
        b = np.asarray(data[s.B], dtype=float)
        c = np.asarray(data[s.C], dtype=float)
        lower = np.concatenate([b[:n_eq], np.full(n_leq, -np.inf)])
        lb, ub = data.get(s.LOWER_BOUNDS), data.get(s.UPPER_BOUNDS)
        n = c.shape[0]
        problem = Problem(c, data[s.A], lower, b,
                          np.full(n, -np.inf) if lb is None else lb,
                          np.full(n, np.inf) if ub is None else ub)
        log = print if verbose else False
        with Solver(problem, log=log, **opts) as solver:
            cached = solver_cache.get(self.name()) if solver_cache is not None else None
            if warm_start and cached is not None and cached[0].shape == (n,) \
                    and cached[1].shape == b.shape:
                solver.set_warm_start(*cached)
            r = solver.solve()
        if solver_cache is not None and r.x is not None:
            solver_cache[self.name()] = (r.x.copy(), r.y.copy())
        return {"result": r, "inaccurate_tol": inaccurate_tol}

    def invert(self, results, inverse_data):
        r = results["result"]
        attr = {s.SOLVE_TIME: r.solve_seconds, s.SETUP_TIME: r.setup_seconds,
                s.NUM_ITERS: r.iterations, s.EXTRA_STATS: r}
        status = self._status(r, results["inaccurate_tol"])
        if status not in s.SOLUTION_PRESENT:
            return failure_solution(status, attr)
        primal = {self.VAR_ID: r.x}
        duals = utilities.get_dual_values(-r.y, utilities.extract_dual_value,
                                          inverse_data[self.EQ_CONSTR] + inverse_data[self.NEQ_CONSTR])
        return Solution(status, r.primal_objective + inverse_data[s.OFFSET], primal, duals, attr)

    @staticmethod
    def _status(r, inaccurate_tol):
        if r.status == Status.OPTIMAL:
            return s.OPTIMAL
        if r.status == Status.PRIMAL_INFEASIBLE:
            return s.INFEASIBLE
        if r.status == Status.DUAL_INFEASIBLE:
            return s.UNBOUNDED
        if r.status in _LIMITS:
            worst = max(r.rel_primal_residual, r.rel_dual_residual, r.rel_gap)
            return s.OPTIMAL_INACCURATE if worst <= inaccurate_tol else s.USER_LIMIT
        return s.SOLVER_ERROR

    def cite(self, data):
        return ""
