"""PuLP plug-ins: solve a pulp.LpProblem with fleetlp.

    prob.solve(fleetlp.pulp.FLEETLP())          # in-process, the solver object
    prob.solve(fleetlp.pulp.FLEETLP_CMD())      # the `fleetlp` command: MPS out, solution in

Both fill varValue, dj, pi and slack with the conventions of PuLP's default
solver (CBC): pi = d objective / d rhs and dj = the reduced cost, in the
problem's own sense (so on a maximisation a binding <= row has pi >= 0),
slack = rhs - activity. (PuLP's HiGHS plug-in solves a maximisation as the
minimisation of -objective and reports pi and dj of that: the negatives.)
Statuses: Optimal, Infeasible, Unbounded, and Not Solved at a time or
iteration limit or an interrupt, with the last point's values assigned.

Options: msg, timeLimit, tol (default fleetlp.PLUGIN_TOL, 1e-7 relative),
threads, and any fleetlp setting by name (FLEETLP_CMD passes them as --set).
A problem with integer variables is refused unless mip=False, which solves
its LP relaxation (PuLP's meaning of mip=False).
"""
import os
import subprocess

import numpy as np
import pulp
from pulp import constants

from . import _cli
from ._problem import Problem
from ._result import Status
from ._settings import PLUGIN_TOL
from ._solver import Solver

_STATUS = {
    Status.OPTIMAL: (constants.LpStatusOptimal, constants.LpSolutionOptimal),
    Status.PRIMAL_INFEASIBLE: (constants.LpStatusInfeasible, constants.LpSolutionInfeasible),
    Status.DUAL_INFEASIBLE: (constants.LpStatusUnbounded, constants.LpSolutionUnbounded),
}
_NOT_SOLVED = (constants.LpStatusNotSolved, constants.LpSolutionNoSolutionFound)


def _constraints(lp):
    """name -> LpConstraint in the problem's order. PuLP 3.3 deprecates the
    mapping behind lp.constraints (a list in PuLP 4); its own solvers read
    lp._constraints, and so does this one where it exists."""
    own = getattr(lp, "_constraints", None)
    return own if isinstance(own, dict) else lp.constraints


def _refuse_mip(solver, lp):
    if solver.mip and any(v.cat == constants.LpInteger for v in lp.variables()):
        count = sum(v.cat == constants.LpInteger for v in lp.variables())
        raise pulp.PulpSolverError(
            f"{solver.name}: {lp.name} has {count} integer variables and fleetlp solves linear "
            f"programs; pass mip=False to solve its LP relaxation")


def _settings(solver):
    s = {"tol": PLUGIN_TOL}
    s.update(solver.optionsDict)
    if solver.timeLimit is not None:
        s["time_limit"] = float(solver.timeLimit)
    return s


def _assign(lp, variables, constraints, status, x, dj, pi, activity):
    for j, v in enumerate(variables):
        v.varValue = float(x[j])
        v.dj = float(dj[j])
    for i, c in enumerate(constraints):
        c.pi = float(pi[i])
        c.slack = -(c.constant + float(activity[i]))  # rhs - activity, as PuLP's own assignConsSlack
    for v in variables:
        v.modified = False
    for c in constraints:
        c.modified = False
    pulp_status, sol_status = _STATUS.get(status, _NOT_SOLVED)
    lp.assignStatus(pulp_status, sol_status)
    return pulp_status


def to_problem(lp):
    """The LpProblem as a fleetlp.Problem, with its variables and constraints
    in the Problem's column and row order."""
    variables = lp.variables()
    index = {id(v): j for j, v in enumerate(variables)}
    constraints = list(_constraints(lp).values())
    names = list(_constraints(lp).keys())
    indptr, indices, data = [0], [], []
    lower = np.full(len(constraints), -np.inf)
    upper = np.full(len(constraints), np.inf)
    for i, con in enumerate(constraints):
        for v, a in con.items():
            if a != 0:
                indices.append(index[id(v)])
                data.append(a)
        indptr.append(len(indices))
        rhs = -con.constant
        if con.sense in (constants.LpConstraintGE, constants.LpConstraintEQ):
            lower[i] = rhs
        if con.sense in (constants.LpConstraintLE, constants.LpConstraintEQ):
            upper[i] = rhs
    c = np.zeros(len(variables))
    objective = lp.objective if lp.objective is not None else {}
    for v, a in objective.items():
        c[index[id(v)]] += a
    import scipy.sparse as sp

    A = sp.csr_array((np.asarray(data, float), np.asarray(indices, np.int32),
                      np.asarray(indptr, np.int64)), shape=(len(constraints), len(variables)))
    col_lower = np.array([-np.inf if v.lowBound is None else v.lowBound for v in variables], float)
    col_upper = np.array([np.inf if v.upBound is None else v.upBound for v in variables], float)
    offset = getattr(objective, "constant", 0.0) or 0.0
    problem = Problem(c, A, lower, upper, col_lower, col_upper, offset=offset,
                      sense="max" if lp.sense == constants.LpMaximize else "min",
                      row_names=names, col_names=[v.name for v in variables], name=lp.name)
    return problem, variables, constraints


class FLEETLP(pulp.LpSolver):
    """fleetlp in-process, through the solver object (fleetlp.Solver)."""

    name = "FLEETLP"

    def __init__(self, mip=True, msg=True, timeLimit=None, tol=PLUGIN_TOL, **settings):
        super().__init__(mip=mip, msg=msg, timeLimit=timeLimit, tol=tol, **settings)

    def available(self):
        return True

    def actualSolve(self, lp, **kwargs):
        _refuse_mip(self, lp)
        problem, variables, constraints = to_problem(lp)
        log = (lambda line: print(line, flush=True)) if self.msg else False
        with Solver(problem, log=log, **_settings(self)) as solver:
            r = solver.solve()
        lp.solverModel = r
        return _assign(lp, variables, constraints, r.status, r.x, r.reduced_costs, r.y,
                       r.row_activity)


class FLEETLP_CMD(pulp.LpSolver_CMD):
    """fleetlp through the `fleetlp` command: the problem is written as MPS,
    `fleetlp solve --solution FILE.txt` solves it, the text solution is read
    back. The command: path=..., else $FLEETLP_CLI, else the one shipped in
    the package, else `fleetlp` on PATH."""

    name = "FLEETLP_CMD"

    def __init__(self, path=None, keepFiles=False, mip=True, msg=True, timeLimit=None,
                 tol=PLUGIN_TOL, **settings):
        super().__init__(path=path, keepFiles=keepFiles, mip=mip, msg=msg, timeLimit=timeLimit,
                         tol=tol, **settings)

    def defaultPath(self):
        return _cli.find_command() or "fleetlp"

    def available(self):
        return self.executable(self.path)

    def _command(self, mps, sol):
        cmd = [self.path, "solve", mps, "--solution", sol]
        if not self.msg:
            cmd.append("--quiet")
        for name, value in _settings(self).items():
            if isinstance(value, bool):
                value = int(value)
            cmd += ["--set", f"{name}={value}"]
        return cmd

    def actualSolve(self, lp, **kwargs):
        if not self.executable(self.path):
            raise pulp.PulpSolverError(f"{self.name}: cannot execute {self.path}; set FLEETLP_CLI "
                                       "or pass path=")
        _refuse_mip(self, lp)
        mps, sol = self.create_tmp_files(lp.name, "mps", "sol.txt")
        variables, var_names, con_names, _ = lp.writeMPS(mps, rename=1, mip=False, with_objsense=True)
        out = None if self.msg else subprocess.DEVNULL
        proc = subprocess.run(self._command(mps, sol), stdout=out, stderr=subprocess.PIPE,
                              stdin=subprocess.DEVNULL, text=True)
        if not os.path.exists(sol):
            self.delete_tmp_files(mps, sol)
            raise pulp.PulpSolverError(f"{self.name}: {self.path} exited with {proc.returncode} "
                                       f"and wrote no solution: {proc.stderr.strip()}")
        status, cols, rows = read_solution_text(sol)
        self.delete_tmp_files(mps, sol)
        constraints = list(_constraints(lp).values())
        x = [cols[var_names[v.name]][0] for v in variables]
        dj = [cols[var_names[v.name]][1] for v in variables]
        names = [con_names[k] for k in _constraints(lp)]
        pi = [rows[n][1] for n in names]
        activity = [rows[n][0] for n in names]
        return _assign(lp, variables, constraints, status, x, dj, pi, activity)


def read_solution_text(path):
    """fleetlp's plain-text solution (--solution FILE.txt): the status and,
    by name, (value, reduced cost) per column and (activity, dual) per row."""
    status, cols, rows, section = Status.UNSET, {}, {}, None
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words or words[0].startswith("#"):
                continue
            if words[0] == "status":
                status = Status[words[1]]
            elif words[0] in ("columns", "rows", "dual_ray", "primal_ray") and len(words) == 2:
                section = words[0]
            elif section == "columns" and len(words) == 3:
                cols[words[0]] = (float(words[1]), float(words[2]))
            elif section == "rows" and len(words) == 3:
                rows[words[0]] = (float(words[1]), float(words[2]))
    return status, cols, rows
