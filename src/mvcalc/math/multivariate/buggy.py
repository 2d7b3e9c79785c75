"""The wrong Jacobians and Hessians learners write, each named and explained.

`buggy_jacobians` and `buggy_hessians` return `Misconception` records; the diagnosis
(`mvcalc.math.diagnose`) matches a learner's answer against them. Each rule is one
row of a table: its id, how it bends the correct matrix, and what to tell the learner.
A buggy answer equal to the correct one, or to an earlier buggy answer, is left out.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from mvcalc.math.calculus.misconception import Misconception
from mvcalc.math.multivariate.matrices import hessian, jacobian

Matrix = sp.ImmutableMatrix


def _transposed(j: Matrix) -> Matrix | None:
    return None if j.shape[0] == 1 else j.T


def _row_as_column(j: Matrix) -> Matrix | None:
    return j.T if j.shape[0] == 1 else None


def _variable_major(j: Matrix) -> Matrix | None:
    """The right partials listed variable by variable, then filled in row by row."""
    rows, cols = j.shape
    if rows == 1 or cols == 1:
        return None
    flat = [j[i, k] for k in range(cols) for i in range(rows)]
    return Matrix(rows, cols, flat)


def _columns_reversed(j: Matrix) -> Matrix | None:
    return None if j.shape[1] == 1 else Matrix(j[:, ::-1])


# (rule id, how the correct Jacobian becomes the buggy one, message for the learner)
JACOBIAN_RULES: list[tuple[str, Callable[[Matrix], Matrix | None], str]] = [
    (
        "jacobian_transposed",
        _transposed,
        r"Your Jacobian is transposed: row $i$ holds the partial derivatives of the $i$-th function "
        r"($J_{ij} = \frac{\partial f_i}{\partial x_j}$), so each function gets a row and each "
        r"variable a column.",
    ),
    (
        "gradient_as_column",
        _row_as_column,
        r"You wrote the derivatives as a column, but the Jacobian of a scalar function is a row "
        r"vector $\left[\frac{\partial f}{\partial x}, \frac{\partial f}{\partial y}, \dots\right]$: "
        r"one column per variable.",
    ),
    (
        "jacobian_rows_columns_mixed",
        _variable_major,
        "The entries are right but in the wrong places: you listed the derivatives variable by "
        r"variable and filled the matrix row by row. Write row $i$ as "
        r"$\frac{\partial f_i}{\partial x_1}, \frac{\partial f_i}{\partial x_2}, \dots$",
    ),
    (
        "jacobian_variables_out_of_order",
        _columns_reversed,
        "Your columns are in the wrong order: column j holds the derivatives with respect to the "
        "j-th variable, in the order the variables are given.",
    ),
]


def _hessian_without_mixed(h: Matrix, first: Matrix) -> Matrix | None:
    n = h.shape[0]
    return Matrix(n, n, lambda i, j: h[i, j] if i == j else 0)


def _hessian_diagonal_only(h: Matrix, first: Matrix) -> Matrix | None:
    return Matrix([[h[i, i] for i in range(h.shape[0])]])


def _first_derivatives(h: Matrix, first: Matrix) -> Matrix | None:
    return first


def _mixed_halved(h: Matrix, first: Matrix) -> Matrix | None:
    n = h.shape[0]
    return Matrix(n, n, lambda i, j: h[i, j] if i == j else h[i, j] / 2)


HESSIAN_RULES: list[tuple[str, Callable[[Matrix, Matrix], Matrix | None], str]] = [
    (
        "hessian_without_mixed_partials",
        _hessian_without_mixed,
        r"You left out the mixed partial derivatives: the off-diagonal entries of the Hessian are "
        r"$\frac{\partial^{2} f}{\partial x \partial y}$ (differentiate by one variable, then the "
        r"other), not $0$.",
    ),
    (
        "hessian_diagonal_only",
        _hessian_diagonal_only,
        r"You gave only the pure second derivatives $\frac{\partial^{2} f}{\partial x^{2}}, "
        r"\frac{\partial^{2} f}{\partial y^{2}}, \dots$; the Hessian is the whole $n \times n$ matrix, "
        r"with the mixed partials $\frac{\partial^{2} f}{\partial x \partial y}$ off the diagonal.",
    ),
    (
        "hessian_first_derivatives",
        _first_derivatives,
        "These are the first derivatives (the Jacobian); the Hessian differentiates each of them "
        "again with respect to every variable.",
    ),
    (
        "hessian_mixed_partials_halved",
        _mixed_halved,
        r"Your mixed partials are half what they should be: "
        r"$\frac{\partial^{2} f}{\partial x \partial y}$ is the full derivative; the $\frac{1}{2}$ "
        r"belongs to the Taylor term $\frac{1}{2} \Delta x^{T} H \Delta x$, not to the Hessian.",
    ),
]


def _same(a: Matrix, b: Matrix) -> bool:
    return a.shape == b.shape and all(sp.simplify(x - y) == 0 for x, y in zip(a, b, strict=True))


def _collect(candidates, correct: Matrix) -> list[Misconception]:
    out: list[Misconception] = []
    for rule, answer, message in candidates:
        if answer is None or _same(answer, correct) or any(_same(answer, m.answer) for m in out):
            continue
        out.append(Misconception(rule=rule, answer=answer, message=message))
    return out


def buggy_jacobians(functions, variables=None, at=None) -> list[Misconception]:
    """The Jacobians a learner with one misconception would write (at the point, if given)."""

    result = jacobian(functions, variables, at=at)
    j = result.value
    return _collect(((rule, bend(j), message) for rule, bend, message in JACOBIAN_RULES), j)


def buggy_hessians(function, variables=None, at=None) -> list[Misconception]:
    """The Hessians a learner with one misconception would write (at the point, if given)."""

    result = hessian(function, variables, at=at)
    first = jacobian(function, variables, at=at).value
    h = result.value
    return _collect(((rule, bend(h, first), message) for rule, bend, message in HESSIAN_RULES), h)
