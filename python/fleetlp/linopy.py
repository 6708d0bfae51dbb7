"""linopy plug-in: solve a linopy.Model with fleetlp, in-process.

    status, condition = fleetlp.linopy.solve(model)          # instead of model.solve()
    model.solution, model.dual, model.objective.value        # filled as model.solve() fills them

linopy's registry of solvers is a closed enum (linopy.solvers.SolverName),
so `model.solve(solver_name="fleetlp")` cannot be added from outside
without patching linopy. fleetlp.linopy.solve takes Model.solve's place: it
sanitises the model as Model.solve does, reads linopy's own matrices
(model.matrices: the same A, b, c and bounds its HiGHS interface passes),
solves, and hands a linopy Result to model.assign_result, so values, duals
(the sign convention of linopy's HiGHS interface: d objective / d rhs in the
model's sense), status and termination condition land where model.solve()
puts them. Options: tol (default fleetlp.PLUGIN_TOL), time_limit,
iteration_limit, any fleetlp setting by name; log=print shows the log.
Needs linopy >= 0.10 (Model.assign_result, MatrixAccessor.vlabels).
"""
import numpy as np
import linopy
from linopy.constants import Result as _LinopyResult
from linopy.constants import Solution as _LinopySolution
from linopy.constants import Status as _LinopyStatus
from linopy.constants import TerminationCondition

from ._problem import Problem
from ._result import Status
from ._settings import PLUGIN_TOL
from ._solver import Solver

_CONDITION = {
    Status.OPTIMAL: TerminationCondition.optimal,
    Status.PRIMAL_INFEASIBLE: TerminationCondition.infeasible,
    # a ray of decreasing cost; whether rows can be met is not known (as linopy's cuPDLPx)
    Status.DUAL_INFEASIBLE: TerminationCondition.infeasible_or_unbounded,
    Status.TIME_LIMIT: TerminationCondition.time_limit,
    Status.ITERATION_LIMIT: TerminationCondition.iteration_limit,
    Status.INTERRUPTED: TerminationCondition.user_interrupt,
    Status.NUMERICAL_ERROR: TerminationCondition.internal_solver_error,
}


def _label_count(items):
    return max((int(item.range[1]) for _, item in items.items()), default=0)


def _by_label(values, labels, size):
    out = np.full(size, np.nan)
    out[labels] = values
    return out


def to_problem(model):
    """The linopy model's matrices as a fleetlp.Problem (columns in
    model.matrices.vlabels order, rows in clabels order)."""
    if model.type not in ("LP",):
        raise ValueError(f"fleetlp solves linear programs; this linopy model is {model.type} "
                         "(integer variables or a quadratic objective)")
    M = model.matrices
    n = len(M.vlabels)
    A = M.A
    if A is None:
        lower = upper = np.zeros(0)
    else:
        lower = np.where(M.sense != "<", M.b, -np.inf)
        upper = np.where(M.sense != ">", M.b, np.inf)
    problem = Problem(np.asarray(M.c, float), A, lower, upper, np.asarray(M.lb, float),
                      np.asarray(M.ub, float), sense=model.objective.sense)
    return problem, M.vlabels, (M.clabels if A is not None else np.zeros(0, int)), n


def solve(model, sanitize_zeros=True, sanitize_infinities=True, log=False, **options):
    """Solve model with fleetlp; returns (status, termination_condition) as
    Model.solve does, after assigning the solution to the model."""
    if not hasattr(model, "assign_result"):
        raise RuntimeError(f"fleetlp.linopy needs linopy >= 0.10 (found {linopy.__version__})")
    if model.objective.expression.empty:
        raise ValueError("No objective has been set on the model (as linopy's Model.solve says)")
    model.reset_solution()
    if sanitize_zeros:
        model.constraints.sanitize_zeros()
    if sanitize_infinities:
        model.constraints.sanitize_infinities()
    problem, vlabels, clabels, _ = to_problem(model)
    options.setdefault("tol", PLUGIN_TOL)
    with Solver(problem, log=log, **options) as solver:
        r = solver.solve()
    condition = _CONDITION.get(r.status, TerminationCondition.unknown)
    status = _LinopyStatus.from_termination_condition(condition)
    status.legacy_status = r.status.name
    solution = None
    if r.x is not None and r.status not in (Status.PRIMAL_INFEASIBLE, Status.DUAL_INFEASIBLE):
        solution = _LinopySolution(_by_label(r.x, vlabels, _label_count(model.variables)),
                                   _by_label(r.y, clabels, _label_count(model.constraints)),
                                   r.primal_objective)
    return model.assign_result(_LinopyResult(status, solution, solver_model=r, solver_name="fleetlp"))
