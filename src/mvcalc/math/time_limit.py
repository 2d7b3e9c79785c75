"""Run a SymPy computation that may be slow (series, pattern search) in a killable worker.

SymPy calls cannot be interrupted inside a thread, so a forked child does the work
and is killed when the time is up. Where `fork` is not available the call runs in
the calling process, without a limit.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

EXIT_GRACE = 2.0  # seconds a child that has answered gets to exit before it is killed


class TimeLimitExceeded(TimeoutError):
    """The computation did not finish within its time limit."""


def _child(conn, fn, args, kwargs) -> None:
    try:
        result = ("ok", fn(*args, **kwargs))
    except BaseException as exc:  # sent back and re-raised in the parent
        result = ("error", exc)
    try:
        conn.send(result)
    except Exception as exc:  # the result or the exception did not pickle
        conn.send(("error", RuntimeError(f"worker result could not be sent back: {exc}")))
    finally:
        conn.close()


def run_with_time_limit(fn: Callable[..., Any], *args: Any, seconds: float = 5.0, **kwargs: Any) -> Any:
    """`fn(*args, **kwargs)` in a forked child; TimeLimitExceeded after `seconds`."""
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform
        return fn(*args, **kwargs)
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, fn, args, kwargs), daemon=True)
    proc.start()
    send.close()
    answered = False
    try:
        if not receive.poll(seconds):
            raise TimeLimitExceeded(f"gave up after {seconds:g} s")
        try:
            kind, payload = receive.recv()
        except EOFError as exc:
            raise RuntimeError("the worker stopped without an answer") from exc
        answered = True
    finally:
        receive.close()
        if answered:  # it is exiting by itself: let it finish (coverage.py saves a measured child's data then)
            proc.join(EXIT_GRACE)
        if proc.is_alive():
            proc.kill()
        proc.join()
    if kind == "error":
        raise payload
    return payload
