"""1,000 solves in a loop do not grow the process: neither Python's heap
(tracemalloc) nor the resident set (the C library's mallocs, which
tracemalloc does not see). A leaked result of the LP below would be about
13 KB a solve, 13 MB over the loop; the bounds allow allocator noise only."""
import gc
import os
import tracemalloc

import numpy as np
import pytest
import scipy.sparse as sp

import fleetlp


def rss_bytes():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def easy_lp(n=600, m=200):
    """Rows x_i + x_{i+1} / 2 <= 1: solved in a few checks, so the loop is quick."""
    A = (sp.eye(m, n, format="csr") + 0.5 * sp.eye(m, n, k=1, format="csr")).tocsr()
    return fleetlp.Problem(-np.ones(n), A, row_upper=np.ones(m), col_upper=1.0)


def loop(problem, count):
    solver = fleetlp.Solver(problem, tol=1e-4)
    upper = problem.row_upper.copy()
    for k in range(count):
        if k % 2:
            r = fleetlp.solve(problem, tol=1e-4)  # create, solve, free
        else:
            upper[k % problem.num_rows] = 1.0 + 0.01 * (k % 7)
            solver.set_row_bounds(upper=upper)
            r = solver.solve()  # re-solve through one solver object
        assert r.status == fleetlp.Status.OPTIMAL
        del r
        if k % 100 == 0:  # error paths release what they took, too
            with pytest.raises(ValueError):
                solver.set_row_bounds(lower=upper + 1)
            with pytest.raises(OSError):
                fleetlp.Problem.read("/nonexistent/model.mps")
    solver.close()


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="needs /proc for the RSS")
def test_a_thousand_solves_do_not_grow_the_process():
    problem = easy_lp()
    loop(problem, 50)  # warm up: allocator pools, imports, caches
    gc.collect()
    tracemalloc.start()
    before_py, before_rss = tracemalloc.get_traced_memory()[0], rss_bytes()
    loop(problem, 1000)
    gc.collect()
    after_py, after_rss = tracemalloc.get_traced_memory()[0], rss_bytes()
    tracemalloc.stop()
    assert after_py - before_py < 256 * 1024, f"Python heap grew by {after_py - before_py} bytes"
    assert after_rss - before_rss < 6 * 1024 * 1024, f"RSS grew by {after_rss - before_rss} bytes"
