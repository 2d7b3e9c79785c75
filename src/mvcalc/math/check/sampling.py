"""Are two scalar expressions equal?  Numeric sampling with a high-precision re-check.

Both sides are compiled once (`numeric.compile_expr`) and evaluated, vectorised, at
seeded random points of several scales. Points where only the expected side is
defined are a domain difference (your answer is undefined where it should not be);
points where only the answer is defined are ignored, so we compare on the common
real domain of a simplified answer ((x^2-1)/(x-1) = x+1, exp(log x) = x). Float
disagreements and near ties are decided again with mpmath at rising precision,
where a real difference stays put and round-off shrinks; a value that lost its
digits to cancellation (cosh(100x)^2 - sinh(100x)^2) is re-evaluated with enough
digits to survive it, or left unknown, never taken as a difference.

Budgets are in work, not time (docs/reference/check.md): a fixed set of points,
and high-precision evaluations paid for by the size of the trees and the digits
used, so the same pair gets the same outcome on an idle machine and a busy one.
`Outcome.stage` says what decided: "float" sampling or the "high-precision" re-check.
"""

from __future__ import annotations

import functools
import math
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import mpmath
import numpy as np
import sympy as sp

from mvcalc.math.numeric import UnsupportedExpression, compile_expr, evaluate_mp_tracked

SEED = 20240613
MIN_VALID = 12  # points where both sides are defined, needed to say "equal"
AGREE = 1e-13  # float relative difference that is agreement without a re-check
DIFFER = 1e-6  # float relative difference that is a disagreement (after a re-check)
INEXACT = 1e-9  # relative tolerance when an input holds floating-point numbers
LADDER = (30, 60, 120)  # mpmath digits used to tell a difference from round-off
RELIABLE = 15  # digits a value must keep after cancellation before it can show a difference
MAX_DPS = 400  # the most digits a point is worth: sums of terms up to about 10^370 may cancel
WORK = 120_000  # high-precision work one check may do: tree nodes x (digits / 30)
SPENT = "the high-precision work budget was spent"
RESCUE = 16  # points re-tried in mpmath when floats leave too few valid ones

# (rows, low, high, how): the scales of the first round of points
FIRST_ROUND = (
    (22, -3.0, 3.0, "uniform"),
    (14, 0.1, 3.0, "uniform"),
    (8, -3.0, -0.1, "uniform"),
    (8, -0.5, 0.5, "uniform"),
    (6, 3.0, 30.0, "log"),
    (6, 3.0, 30.0, "signed-log"),
    (8, 30.0, 3e3, "signed-log"),  # large magnitudes: abs(x - 100), e^(x - 100)
    (4, 3e3, 1e6, "signed-log"),
)
# a second, wider round, used only when the first finds too few valid points
SECOND_ROUND = (
    (64, -10.0, 10.0, "uniform"),
    (64, 1e-3, 1.0, "log"),
    (64, 1.0, 1e3, "signed-log"),
    (64, 1e-3, 1e3, "log"),
)
# values a learner can check by hand: sampled too (a narrow feature at x = 0.7 is found),
# and tried first when reporting where answers differ
NICE = (1.5, 0.5, 2.0, -1.5, 2.5, -0.5, 1.0, 3.0, -2.0, 0.25, 0.7, -0.7, 0.0, 0.1, -1.0, 1.25)


@dataclass(frozen=True)
class Outcome:
    """The result of comparing one pair of scalars.

    `status`: "equal", "differ" (values differ at `point`), "domain" (the answer
    is not defined at `point`, the expected value is), or "undecided" (`reason`).
    """

    status: str
    point: dict[str, float] = field(default_factory=dict)
    expected: float | None = None
    answer: float | None = None
    reason: str = ""
    stage: str = "float"


class Budget:
    """The high-precision work one check may still do, counted in tree nodes evaluated
    (times digits / 30): the same on a busy machine as on an idle one."""

    def __init__(self, units: float = WORK) -> None:
        self.left = float(units)

    def spend(self, units: float) -> None:
        self.left -= units

    def spent(self) -> bool:
        return self.left <= 0


@functools.lru_cache(maxsize=64)
def sample_points(names: tuple[str, ...], second: bool = False) -> dict[str, np.ndarray]:
    """Seeded points for these variable names (the same every run); one row per point.

    All variables of a row are drawn from the same scale, so the all-positive rows
    keep log x + log y defined. The first round ends with the NICE points
    (`nice_rows` of them).
    """
    rng = np.random.default_rng(SEED + (1 if second else 0))
    scales = SECOND_ROUND if second else FIRST_ROUND
    columns: dict[str, list[np.ndarray]] = {name: [] for name in names}
    for rows, low, high, how in scales:
        for name in names:
            if how == "uniform":
                values = rng.uniform(low, high, rows)
            else:
                values = np.exp(rng.uniform(np.log(low), np.log(high), rows))
                if how == "signed-log":
                    values = values * rng.choice([-1.0, 1.0], rows)
            columns[name].append(values)
    if not second:
        for name, values in _nice_points(names).items():
            columns[name].append(values)
    points = {name: np.concatenate(parts) for name, parts in columns.items()}
    for array in points.values():
        array.setflags(write=False)
    return points


def nice_rows(second: bool) -> int:
    """How many rows at the end of `sample_points(names, second)` are NICE points."""
    return 0 if second else len(NICE)


def _nice_points(names: tuple[str, ...]) -> dict[str, np.ndarray]:
    rows = len(NICE)
    return {
        name: np.array([NICE[(i + 3 * k) % rows] for i in range(rows)])
        for k, name in enumerate(names)
    }


@functools.lru_cache(maxsize=512)
def _compiled(expr: sp.Expr, names: tuple[str, ...]):
    return compile_expr(expr, names)


def _values(expr: sp.Expr, names: tuple[str, ...], env: Mapping[str, np.ndarray]) -> np.ndarray:
    n = len(next(iter(env.values())))
    out = _compiled(expr, names)(env)
    return np.broadcast_to(np.asarray(out, dtype=float), (n,))


# evaluate_mp sets mpmath's global precision: one evaluation at a time per process
_MP_LOCK = threading.Lock()


def _new_lock_after_fork() -> None:  # a lock held by another thread at fork time stays held
    global _MP_LOCK
    _MP_LOCK = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_lock_after_fork)


def _mp_pair(expected, answer, point, dps):
    with _MP_LOCK:
        e, lost_e = evaluate_mp_tracked(expected, point, dps)
        a, lost_a = evaluate_mp_tracked(answer, point, dps)
    return e, a, max(lost_e, lost_a)


@functools.lru_cache(maxsize=1024)
def size_of(expr: sp.Basic) -> int:
    """How many nodes a tree has: what one evaluation of it costs."""
    return sum(1 for _ in sp.preorder_traversal(expr))


def mp_verdict(
    expected: sp.Expr,
    answer: sp.Expr,
    point: Mapping[str, float],
    inexact: bool,
    budget: Budget | None = None,
):
    """Decide one point in high precision: ("agree" | "differ" | "domain" | "unknown", e, a).

    A true difference is the same at 30, 60 and 120 digits; round-off falls by
    thirty orders of magnitude from one rung to the next. A rung whose values lost
    all but RELIABLE digits to cancellation (a sum of terms near 10^130 that is
    about 1) says nothing: the ladder starts again with that many more digits, up
    to MAX_DPS, and the point is "unknown" when that is not enough. Each rung is
    paid from `budget`.
    """
    cost = size_of(expected) + size_of(answer)
    previous = None
    e = a = None
    shift, rung = 0, 0
    while rung < len(LADDER):
        dps = LADDER[rung] + shift
        if budget is not None:
            if budget.spent():
                return "unknown", e, a
            budget.spend(cost * dps / LADDER[0])
        e, a, lost = _mp_pair(expected, answer, point, dps)
        if not mpmath.isfinite(e):
            return "unknown", e, a
        if mpmath.isnan(a):
            return "domain", e, a
        if mpmath.isinf(a):
            return "unknown", e, a
        if lost > dps - RELIABLE:
            # cancellation left too few digits to tell: more digits, from the first rung
            shift += math.ceil(lost) + RELIABLE
            if LADDER[0] + shift > MAX_DPS:
                return "unknown", e, a
            rung, previous = 0, None
            continue
        d = abs(e - a)
        if d == 0:
            return "agree", e, a
        size = max(abs(e), abs(a))
        if inexact:
            return ("agree" if d <= INEXACT * size else "differ"), e, a
        if previous is None and d <= size * mpmath.mpf(10) ** (5 - dps):
            return "agree", e, a  # equal to the last few digits of the first rung
        if previous is not None:
            if d <= previous * mpmath.mpf(10) ** -20:
                return "agree", e, a
            if abs(d - previous) <= mpmath.mpf(10) ** -6 * d:
                return "differ", e, a
        previous = d
        rung += 1
    return "unknown", e, a


def _point(env: Mapping[str, np.ndarray], i: int) -> dict[str, float]:
    return {name: float(column[i]) for name, column in env.items()}


def _as_float(value) -> float:
    try:
        return float(value)
    except (OverflowError, TypeError, ValueError):
        return float("nan")


def compare(
    expected: sp.Expr,
    answer: sp.Expr,
    names: Sequence[str],
    budget: Budget,
    inexact: bool = False,
) -> Outcome:
    """Compare two scalar expressions numerically (see the module docstring)."""
    names = tuple(sorted(names))
    if not names:
        return _compare_constants(expected, answer, inexact, budget)
    outcome = _compare_round(expected, answer, names, False, budget, inexact)
    if outcome.status == "undecided" and outcome.reason == "few":
        outcome = _compare_round(expected, answer, names, True, budget, inexact)
    if outcome.status in ("differ", "domain"):
        return _nicer_witness(expected, answer, names, outcome, inexact, budget)
    if outcome.status == "undecided" and outcome.reason == "few":
        return Outcome("undecided", reason="the two answers are defined together at too few points")
    return outcome


SCREEN = 1e-6  # relative float difference that `plainly_differ` takes as a difference
SCREEN_ROWS = 52  # the points with |x| <= 3, where floats rarely cancel badly


def plainly_differ(expected: sp.Basic, answer: sp.Basic) -> bool:
    """Do two scalars differ in floats at some first-round point with |x| <= 3 where both
    are defined?

    A cheap screen that only ever says no to equality (never yes): False when it
    cannot tell, including for trees numeric.py cannot evaluate.
    """
    if not isinstance(expected, sp.Expr) or not isinstance(answer, sp.Expr):
        return False
    names = tuple(sorted({s.name for s in (expected.free_symbols | answer.free_symbols)}))
    if not names:
        return False
    env = {name: column[:SCREEN_ROWS] for name, column in sample_points(names).items()}
    try:
        ve, va = _values(expected, names, env), _values(answer, names, env)
    except UnsupportedExpression:
        return False
    with np.errstate(all="ignore"):
        gap = np.abs(ve - va) > SCREEN * np.maximum(np.abs(ve), np.abs(va)) + 1e-12
    return bool((np.isfinite(ve) & np.isfinite(va) & gap).any())


def _decided(verdict: str, point, e, a) -> Outcome:
    return Outcome(verdict, point, _as_float(e), _as_float(a), stage="high-precision")


def _compare_round(expected, answer, names, second, budget, inexact, env=None) -> Outcome:
    nice = nice_rows(second) if env is None else 0  # a caller's points (`compare_at`) are all plain
    env = sample_points(names, second) if env is None else env
    ve, va = _values(expected, names, env), _values(answer, names, env)
    fin_e, fin_a = np.isfinite(ve), np.isfinite(va)
    both = fin_e & fin_a
    with np.errstate(all="ignore"):
        diff = np.abs(ve - va)
        size = np.maximum(np.abs(ve), np.abs(va))
        rel = np.where(size > 0, diff / np.where(size > 0, size, 1.0), 0.0)
    agree_at = AGREE if not inexact else INEXACT
    agree = both & (rel <= agree_at)
    differ = both & (rel > (DIFFER if not inexact else INEXACT))
    near = both & ~agree & ~differ
    missing = fin_e & ~fin_a
    missing[len(missing) - nice :] = False  # a hole at one nice point: (x^2-1)/(x-1)

    valid = int(agree.sum())
    stage = "float"
    # likely disagreements first, then points the answer misses, then near ties
    for mask in (differ, missing, near):
        for i in np.flatnonzero(mask):
            if budget.spent():
                return Outcome("undecided", reason=SPENT, stage="high-precision")
            point = _point(env, i)
            verdict, e, a = mp_verdict(expected, answer, point, inexact, budget)
            if verdict == "agree":
                valid += 1
                stage = "high-precision"
            elif verdict in ("differ", "domain"):
                return _decided(verdict, point, e, a)
    if valid < MIN_VALID:
        # too few points in floats: where the expected value overflowed (sin(10^1000 x)),
        # mpmath may still compute it; a few such points can decide a difference
        for i in np.flatnonzero(~fin_e)[:RESCUE]:
            if budget.spent():
                break
            point = _point(env, i)
            verdict, e, a = mp_verdict(expected, answer, point, inexact, budget)
            if verdict == "agree":
                valid += 1
                stage = "high-precision"
            elif verdict in ("differ", "domain"):
                return _decided(verdict, point, e, a)
    if valid < MIN_VALID:
        return Outcome("undecided", reason="few")
    # one agreeing point again in high precision: catches differences below float's reach
    first = int(np.flatnonzero(agree)[0]) if agree.any() else None
    if first is not None and not inexact:
        point = _point(env, first)
        verdict, e, a = mp_verdict(expected, answer, point, inexact, budget)
        if verdict in ("differ", "domain"):
            return _decided(verdict, point, e, a)
    return Outcome("equal", stage=stage)


def compare_at(
    expected: sp.Expr,
    answer: sp.Expr,
    names: Sequence[str],
    env: Mapping[str, np.ndarray],
    budget: Budget,
    inexact: bool = False,
) -> Outcome:
    """One round of `compare` at points the caller chose (`integers` picks whole numbers)."""
    return _compare_round(expected, answer, tuple(sorted(names)), False, budget, inexact, env)


def _compare_constants(expected, answer, inexact, budget) -> Outcome:
    verdict, e, a = mp_verdict(expected, answer, {}, inexact, budget)
    if verdict == "agree":
        return Outcome("equal", stage="high-precision")
    if verdict in ("differ", "domain"):
        return _decided(verdict, {}, e, a)
    if e is not None and not mpmath.isfinite(e):
        return Outcome("undecided", reason="the expected value is not a finite real number")
    return Outcome("undecided", reason="the values are too large or too close to tell apart")


def _nicer_witness(expected, answer, names, outcome: Outcome, inexact: bool, budget) -> Outcome:
    """Prefer a point a learner can check by hand (x = 1.5) to a random one, and there
    one where the two values differ visibly."""
    env = _nice_points(names)
    ve, va = _values(expected, names, env), _values(answer, names, env)
    fin_e, fin_a = np.isfinite(ve), np.isfinite(va)
    candidates = (fin_e & fin_a & (ve != va)) | (fin_e & ~fin_a)
    with np.errstate(all="ignore"):
        gap = np.where(fin_a, np.abs(ve - va) / np.maximum(np.abs(ve), np.abs(va)), np.inf)
    # in NICE order, plain differences first (1.5 before 0 where only 10^-44 is seen)
    order = sorted(np.flatnonzero(candidates), key=lambda i: gap[i] <= DIFFER)
    for i in order[:4]:
        point = _point(env, i)
        verdict, e, a = mp_verdict(expected, answer, point, inexact, budget)
        if verdict in ("differ", "domain"):
            return _decided(verdict, point, e, a)
    return outcome
