"""Finite decimals as a learner reads them: 0.25, not 1/4 (values stay exact SymPy Rationals)."""

from __future__ import annotations

from decimal import Decimal

import sympy as sp


def decimal_text(value) -> str:
    """A finite decimal (a Rational such as 221/1000) written as 0.221; ValueError if it does not end."""
    value = sp.Rational(value)
    den = int(value.q)
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    if den != 1:
        raise ValueError(f"{value} is not a finite decimal")
    text = format(Decimal(int(value.p)) / Decimal(int(value.q)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def decimal_matrix(m: sp.MatrixBase) -> str:
    """A matrix of finite decimals as LaTeX, entries written as decimals."""
    rows = [" & ".join(decimal_text(e) for e in m.row(i)) for i in range(m.rows)]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"
