"""Shapes first: does the answer have the shape of the expected value?

A flat list `[a, b]` (typed, or a Python list) matches a 1×n or an n×1 expected
vector; every other shape must match exactly. Messages name both shapes.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

Value = sp.Expr | sp.ImmutableMatrix


@dataclass(frozen=True)
class Side:
    """One side of a check: its value, and whether it was written as a flat list."""

    value: Value
    flat: bool = False


def is_matrix(value: object) -> bool:
    return isinstance(value, sp.MatrixBase)


def describe(side: Side) -> str:
    """'a single expression', 'a 1×2 row vector', 'a list of 3 entries', 'a 2×2 matrix'."""
    if not is_matrix(side.value):
        return "a single expression (not a vector or matrix)"
    rows, cols = side.value.shape
    if side.flat:
        n = rows * cols
        return f"a list of {n} {'entry' if n == 1 else 'entries'}"
    if rows == 1 and cols > 1:
        return f"a 1×{cols} row vector"
    if cols == 1 and rows > 1:
        return f"a {rows}×1 column vector"
    return f"a {rows}×{cols} matrix"


def _is_vector(value: sp.ImmutableMatrix) -> bool:
    return 1 in value.shape


def align(expected: Side, answer: Side) -> tuple[list[tuple[sp.Expr, sp.Expr, str]], str]:
    """Pair up the entries of expected and answer.

    Returns (pairs, mismatch): `pairs` is a list of (expected, answer, label) with
    label "" for a scalar, "component 2" for a vector, "entry (1, 2)" for a matrix;
    `mismatch` is a message when the shapes do not match (and pairs is empty).
    """
    e, a = expected.value, answer.value
    if not is_matrix(e) and not is_matrix(a):
        return [(e, a, "")], ""
    if is_matrix(e) != is_matrix(a):
        return [], f"Your answer is {describe(answer)}; {describe(expected)} was expected."
    if e.shape != a.shape:
        flat = expected.flat or answer.flat
        if flat and _is_vector(e) and _is_vector(a) and len(e) == len(a):
            a = a.reshape(*e.shape)
        else:
            return [], f"Your answer is {describe(answer)}; {describe(expected)} was expected."
    rows, cols = e.shape
    pairs = []
    for i in range(rows):
        for j in range(cols):
            if rows == 1 or cols == 1:
                label = f"component {i + j + 1}" if len(e) > 1 else "entry (1, 1)"
            else:
                label = f"entry ({i + 1}, {j + 1})"
            pairs.append((e[i, j], a[i, j], label))
    return pairs, ""
