"""Stopping a solve: Solver.interrupt() from another thread, and Ctrl-C.

The solves here make no headway on their own (conftest.never_finishing), so
the tests do not depend on how fast the machine is: only an interrupt (or
the 60 s safety limit, which fails the test) ends them."""
import os
import signal
import threading
import time

import pytest

import fleetlp
from conftest import never_finishing


def test_interrupt_from_another_thread_returns_interrupted():
    problem, settings = never_finishing()
    solver = fleetlp.Solver(problem, **settings)
    started = threading.Event()
    timer = threading.Thread(target=lambda: (started.wait(30), solver.interrupt()))
    timer.start()
    # the callback says the solve is under way; the interrupt lands while it runs
    solver._callback = lambda rec: started.set()
    r = solver.solve()
    timer.join()
    assert r.status == fleetlp.Status.INTERRUPTED and not r.stopped_by_callback
    assert r.x is not None and r.total_seconds < 30
    # the request is cleared: the next solve runs until its own limit
    solver._callback = None
    solver.set_settings(iteration_limit=128)
    assert solver.solve().status == fleetlp.Status.ITERATION_LIMIT


def test_interrupt_before_a_solve_stops_it_at_the_first_check():
    problem, settings = never_finishing()
    solver = fleetlp.Solver(problem, **settings)
    solver.interrupt()
    r = solver.solve()
    assert r.status == fleetlp.Status.INTERRUPTED and r.iterations <= 64


def test_data_changes_are_refused_while_a_solve_runs():
    problem, settings = never_finishing()
    solver = fleetlp.Solver(problem, **settings)
    errors, started = [], threading.Event()

    def meddle():
        started.wait(30)
        for call in (lambda: solver.set_row_bounds(upper=problem.row_upper), solver.close,
                     solver.solve):
            try:
                call()
            except RuntimeError as exc:
                errors.append(str(exc))
        solver.interrupt()

    t = threading.Thread(target=meddle)
    t.start()
    solver._callback = lambda rec: started.set()
    r = solver.solve()
    t.join()
    assert r.status == fleetlp.Status.INTERRUPTED
    assert len(errors) == 3 and all("busy in another thread" in e for e in errors)


@pytest.fixture
def ctrl_c_raises():
    """Python's own SIGINT handler, as in an interactive session: a process
    started in the background by a shell (CI may be) inherits SIGINT ignored,
    and Python then installs no handler of its own."""
    old = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, old)


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach the main thread only")
def test_ctrl_c_raises_keyboard_interrupt_and_frees_the_solver(ctrl_c_raises):
    problem, settings = never_finishing()
    settings["time_limit"] = 20.0  # a safety net only: failing takes no longer than this
    # the signal arrives while the solve is in C (no Python hook runs): the
    # check polls Python's signal handlers every 50 ms
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    t0 = time.monotonic()
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        fleetlp.solve(problem, **settings)
    timer.join()
    assert time.monotonic() - t0 < 15
    # a Solver survives it and solves again
    solver = fleetlp.Solver(problem, **settings)
    timer = threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT))
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        solver.solve()
    timer.join()
    solver.set_settings(iteration_limit=64)
    assert solver.solve().status == fleetlp.Status.ITERATION_LIMIT


def test_other_threads_run_while_a_solve_holds_no_gil():
    problem, settings = never_finishing()
    solver = fleetlp.Solver(problem, **settings)
    counted = []

    def count():
        # pure Python work: it runs only when the solving thread has released the GIL
        n = 0
        while n < 200000:
            n += 1
        counted.append(n)
        solver.interrupt()

    started = threading.Event()
    worker = threading.Thread(target=lambda: (started.wait(30), count()))
    worker.start()
    solver._callback = lambda rec: started.set()
    r = solver.solve()
    worker.join()
    assert counted == [200000] and r.status == fleetlp.Status.INTERRUPTED
