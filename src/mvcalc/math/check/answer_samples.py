"""Comparing answers by their values at random points, vectorised over many answers at once.

The diagnosis compares a learner's answer with every buggy answer of a question; the
buggy answers' values are computed once per question (a matrix, one row an answer)
and a learner's answer is one more row compared with all of them in one NumPy call.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from mvcalc.math.numeric import UnsupportedExpression, compile_expr

RTOL = 1e-7
ATOL = 1e-9
MIN_POINTS = 4


def _draw(rng: np.random.Generator, count: int) -> np.ndarray:
    """Values where the course's functions live: (0, 1) for arcsin and ln, beyond 1, below 0."""
    parts = [
        rng.uniform(0.05, 0.95, count // 2),
        rng.uniform(1.1, 3.0, count // 4),
        rng.uniform(-2.5, -0.05, count - count // 2 - count // 4),
    ]
    return rng.permutation(np.concatenate(parts))


class Samples:
    """Random points for the variables, kept where the reference value is a real number."""

    def __init__(self, reference: sp.Expr, variables: Sequence[str], count: int = 24, seed: int = 7):
        self.names = sorted(set(variables))
        rng = np.random.default_rng(seed)
        for attempt in range(3):
            n = count * (4**attempt)
            env = {name: _draw(rng, n) for name in self.names}
            ref = self.raw_values(reference, env)
            keep = np.isfinite(ref)
            if keep.sum() >= MIN_POINTS or not self.names:
                break
        self.env = {k: v[keep][:count] for k, v in env.items()}
        self.reference = ref[keep][:count]

    @staticmethod
    def raw_values(expr: sp.Expr, env: dict) -> np.ndarray:
        names = list(env)
        size = len(next(iter(env.values()))) if env else 1
        try:
            out = compile_expr(expr, names)(env)
        except (UnsupportedExpression, TypeError, ValueError, OverflowError):
            return np.full(size, np.nan)
        return np.broadcast_to(np.asarray(out, dtype=float), (size,)).copy()

    def values(self, expr: sp.Expr) -> np.ndarray:
        """The values of `expr` at the kept points (NaN where it is not a real number)."""
        if not self.env:
            return self.raw_values(expr, {"_": np.zeros(1)})
        return self.raw_values(expr, self.env)

    @property
    def usable(self) -> bool:
        return self.reference.size >= MIN_POINTS or (not self.names and self.reference.size > 0)


def close_rows(table: np.ndarray, row: np.ndarray) -> np.ndarray:
    """Which rows of `table` equal `row` at every point (NaN where both are NaN), at least 3 finite."""
    if table.size == 0:
        return np.zeros(0, dtype=bool)
    finite_t, finite_r = np.isfinite(table), np.isfinite(row)
    with np.errstate(all="ignore"):
        near = np.abs(table - row) <= ATOL + RTOL * np.maximum(np.abs(table), np.abs(row))
    same = np.where(finite_t & finite_r, near, finite_t == finite_r)
    enough = (finite_t & finite_r).sum(axis=1) >= min(3, row.size)
    return same.all(axis=1) & enough


def same_values(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(close_rows(a[None, :], b)[0])
