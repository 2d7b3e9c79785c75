"""Answers in integer variables (n, k): sampled at whole numbers, the real variables as usual.

A general term such as (-1)^n x^n / n! is only meant at n = 0, 1, 2, …, where (-1)^n is
real and n! is a factorial; at n = 1.5 it is not even a real number. So each integer
variable is drawn from whole numbers in its declared range — 0, 1 and 2 always, small
values often, and large ones (up to 100) too, where a wrong factorial or power shows —
and the real variables from the usual seeded scales (`sampling.sample_points`). The
comparison at those points is `sampling`'s own (float, then high precision), so the
guarantees are the same: bounded time, never correct by default. For the exact stage
both sides get the integer symbols by name (a question's `n` and the learner's are
then one symbol), so SymPy's simplification can use that n is an integer.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import numpy as np
import sympy as sp

from mvcalc.math.check.sampling import Budget, Outcome, compare_at, sample_points
from mvcalc.math.input.integers import Ranges, declared_in, integer_symbol

SEED = 20260521
#: whole numbers tried for an integer variable with no upper bound: small ones most
POOL = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 17, 20, 25, 30, 40, 50, 64, 75, 100)
ROWS = 96  # points in a round (the second round has four times as many)
SMALL = (0, 1, 2, 3)  # tried first when reporting where two answers differ


def declared(expected: sp.Basic, answer: sp.Basic, given: Mapping[str, int | None] | None) -> Ranges:
    """The integer variables of a comparison: those declared, else those of either side."""
    found = declared_in(expected, answer)
    if given:
        found.update(given)
    return found


def _pool(low: int | None) -> np.ndarray:
    if low is None:
        values = sorted({v for p in POOL for v in (p, -p)}, key=abs)
        return np.array(values, dtype=float)
    return np.array([low + p for p in POOL], dtype=float)


@functools.lru_cache(maxsize=64)
def points(names: tuple[str, ...], integers: tuple[tuple[str, int | None], ...], second: bool = False):
    """Seeded points: whole numbers for the integer names (every small value and 0, 1, 2
    in several rows), the usual scales for the others. The same every run."""
    lows = dict(integers)
    reals = tuple(name for name in names if name not in lows)
    rows = ROWS * (4 if second else 1)
    rng = np.random.default_rng(SEED + (1 if second else 0))
    env: dict[str, np.ndarray] = {}
    if reals:
        base = sample_points(reals, second)
        for name in reals:
            env[name] = np.resize(rng.permutation(base[name]), rows)
    for name in names:
        if name in lows:
            pool = _pool(lows[name])
            # the first rows cover the small values in order, the rest are drawn
            head = np.resize(pool[: len(SMALL) + 4], rows // 3)
            tail = rng.choice(pool, rows - len(head))
            env[name] = np.concatenate([head, tail])
            rng.shuffle(env[name][: len(head)])  # with two integer names, mix the pairs
    for array in env.values():
        array.setflags(write=False)
    return env


def _small_points(names: Sequence[str], lows: Ranges) -> dict[str, np.ndarray]:
    """Points a learner can check by hand: n = 0, 1, 2, 3 and x = 1.5, 0.5, 2, −1."""
    nice = (1.5, 0.5, 2.0, -1.0)
    rows = len(SMALL) * len(nice)
    env = {}
    for k, name in enumerate(names):
        if name in lows:
            low = lows[name] or 0
            env[name] = np.array([low + SMALL[(i + k) % len(SMALL)] for i in range(rows)], dtype=float)
        else:
            env[name] = np.array([nice[(i // len(SMALL) + k) % len(nice)] for i in range(rows)])
    return env


def compare(
    expected: sp.Expr,
    answer: sp.Expr,
    names: Sequence[str],
    integers: Ranges,
    budget: Budget,
    inexact: bool = False,
) -> Outcome:
    """`sampling.compare` for expressions with integer variables (see the module docstring)."""
    names = tuple(sorted(names))
    key = tuple(sorted((k, v) for k, v in integers.items() if k in names))
    outcome = compare_at(expected, answer, names, points(names, key), budget, inexact)
    if outcome.status == "undecided" and outcome.reason == "few":
        outcome = compare_at(expected, answer, names, points(names, key, True), budget, inexact)
    if outcome.status in ("differ", "domain"):
        small = compare_at(expected, answer, names, _small_points(names, integers), budget, inexact)
        return small if small.status in ("differ", "domain") else outcome
    if outcome.status == "undecided" and outcome.reason == "few":
        return Outcome("undecided", reason="the two answers are defined together at too few points")
    return outcome


def canonical(expr: sp.Basic, integers: Ranges) -> sp.Basic:
    """`expr` with each integer variable as its integer symbol, whatever symbol it had."""
    swap = {
        s: integer_symbol(s.name, integers[s.name])
        for s in getattr(expr, "free_symbols", ())
        if isinstance(s, sp.Symbol) and s.name in integers
    }
    return expr.xreplace(swap) if swap else expr
