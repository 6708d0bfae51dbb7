"""Shared helpers for the pytest suite (run from a virtual environment after
`pip install .`; see the README's test command)."""
import numpy as np
import pytest

import fleetlp

# Tests compare at tolerances a solve at this tolerance meets on the
# generated LPs (lpgen: unique optimum, duals of size 0.5-2).
TOL = 1e-8


def problem_of(lp, sense="min"):
    """lpgen.LP as a fleetlp.Problem (negated costs for sense='max', which
    leaves x and negates the duals in the maximisation's sense)."""
    c = lp.c if sense == "min" else -lp.c
    return fleetlp.Problem(c, lp.A, lp.row_lower, lp.row_upper, lp.col_lower, lp.col_upper,
                           sense=sense)


@pytest.fixture
def small():
    """examples/c_api/resolve.c's LP: optimum -5 at (3, 1)."""
    import scipy.sparse as sp

    return fleetlp.Problem(c=[-1.0, -2.0], A=sp.csr_array(np.array([[1.0, 1.0], [1.0, 3.0]])),
                           row_upper=[4.0, 6.0], col_upper=[3.0, np.inf])


def never_finishing(n=30, seed=3):
    """A feasible LP with settings under which a solve makes no headway
    (step 1e-9 of the safe one) and stops only when interrupted (or at the
    60 s safety limit): interrupt tests then need no timing assumptions."""
    import lpgen

    lp = lpgen.unique_lp(seed, n=n, m_eq=4, m_ineq=n)
    settings = dict(step_safety=1e-9, tol=1e-9, time_limit=60.0, presolve=False, polish=False,
                    verbose=False)
    return problem_of(lp), settings


@pytest.fixture
def repo_root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]
