"""Coverage of the exact-simplification stage (mvcalc.math.check.exact): the verdicts of
`decide` on hand-made pairs, and how the pool reports what it could not decide."""

from __future__ import annotations

import logging
import signal

import sympy as sp

from mvcalc.math.check import exact

x = sp.Symbol("x", real=True)


def test_decide_in_process_on_hand_made_pairs(monkeypatch) -> None:
    assert exact.decide([(x, x)]) == [True]  # the difference is 0 already
    assert exact.decide([(sp.Integer(3), sp.Integer(1))]) == [False]  # a nonzero number
    # (x + 1)^2 - x^2 - 2x expands to the number 1: provably different
    assert exact.decide([((x + 1) ** 2, x**2 + 2 * x)]) == [False]
    assert exact.decide([(sp.sin(x) ** 2, 1 - sp.cos(x) ** 2)]) == [True]  # simplify proves it
    assert exact.decide([(x, x + 1)]) == [False]
    assert exact.decide([(sp.sin(x), x)]) == [None]  # neither zero nor a number
    # a difference beyond MAX_OPS operations is not tried
    monkeypatch.setattr(exact, "MAX_OPS", 4)
    big = sp.sin(x) ** 2 + sp.cos(x) ** 2  # would simplify to 1, but has more than 4 operations
    assert sp.count_ops(big - 1) > exact.MAX_OPS
    assert exact.decide([(big, sp.Integer(1))]) == [None]


def test_pairs_that_cannot_be_pickled_are_reported_not_raised(caplog) -> None:
    assert exact.wait_ready(exact.SAFETY_NET)
    def refuse(self, protocol):
        raise TypeError("cannot pickle this")

    unpicklable = type("Unpicklable", (sp.Symbol,), {"__reduce_ex__": refuse})("u")
    with caplog.at_level(logging.ERROR, logger=exact.log.name):
        verdicts, reason = exact.exact_equal([(unpicklable, x)])
    assert verdicts == [None]
    assert reason == "error: the pairs cannot be sent (TypeError: cannot pickle this)"
    assert "exact simplification failed" in caplog.text
    # an ordinary pair still goes through the same worker afterwards
    assert exact.exact_equal([(sp.factorial(x), sp.gamma(x + 1))]) == ([True], "")


def test_empty_job_needs_no_worker() -> None:
    assert exact.exact_equal([]) == ([], "")


def test_a_pool_that_cannot_start_processes_leaves_jobs_undecided(monkeypatch) -> None:
    def cannot_start() -> None:
        raise OSError("no processes here")

    monkeypatch.setattr(exact, "_Worker", cannot_start)
    monkeypatch.setattr(exact, "SAFETY_NET", 0.05)
    pool = exact.Pool(size=1)
    assert pool.run([(x, x)], 1.0) == ([None], "no worker")


def test_a_dead_worker_is_reported_and_replaced(monkeypatch) -> None:
    pool = exact.Pool(size=1)
    pool.start()
    assert pool.first_ready.wait(exact.SAFETY_NET)
    worker = pool.idle.get(timeout=exact.SAFETY_NET)
    worker.process.kill()
    worker.process.wait(5)
    pool.idle.put(worker)
    verdicts, reason = pool.run([(x, x)], 1.0)
    assert verdicts == [None]
    assert reason in (f"error: the worker stopped ({-signal.SIGKILL})", "safety net")
    # a fresh worker took its place and decides the next job
    pool.first_ready.wait(exact.SAFETY_NET)
    replacement = pool.idle.get(timeout=exact.SAFETY_NET)
    assert replacement is not worker
    pool.idle.put(replacement)
    assert pool.run([(x + x, 2 * x)], 1.0) == ([True], "")
    replacement.stop()


def test_wait_ready_gives_up_when_no_worker_comes(monkeypatch) -> None:
    monkeypatch.setattr(exact, "_POOL", exact.Pool(size=0))  # a pool that never starts a worker
    assert exact.wait_ready(0.1) is False
