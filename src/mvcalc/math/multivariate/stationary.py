"""Stationary points read from the Hessian (course module 2): minimum, maximum, saddle, degenerate.

The signs of the eigenvalues are counted exactly: the Hessian is real symmetric, so
its eigenvalues are real and Descartes' rule of signs on the characteristic
polynomial gives how many are positive and negative; the rest are zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import sympy as sp

from mvcalc.math.multivariate.matrices import gradient, hessian
from mvcalc.math.points import PointError, describe_point


def _sign(value: sp.Expr) -> int:
    """Exact sign of a real constant, with a high-precision fallback."""
    if value.is_zero:
        return 0
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    simplified = sp.simplify(value)
    if simplified.is_zero:
        return 0
    approx = sp.N(simplified, 50)
    if abs(approx) < sp.Float("1e-40"):
        return 0
    return 1 if approx > 0 else -1


def _sign_changes(signs: Sequence[int]) -> int:
    nonzero = [s for s in signs if s != 0]
    return sum(1 for a, b in zip(nonzero, nonzero[1:], strict=False) if a != b)


@dataclass(frozen=True)
class StationaryPoint:
    """What the Hessian says about a stationary point."""

    kind: str  # minimum | maximum | saddle | degenerate
    point: dict
    gradient: sp.ImmutableMatrix
    hessian: sp.ImmutableMatrix
    determinant: sp.Expr
    eigenvalues: tuple[float, ...]
    positive: int
    negative: int
    zero: int
    explanation: str

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "at": {s.name: str(v) for s, v in self.point.items()},
            "hessian": [[str(e) for e in row] for row in self.hessian.tolist()],
            "determinant": str(self.determinant),
            "eigenvalues": list(self.eigenvalues),
            "explanation": self.explanation,
        }

    def __str__(self) -> str:
        return f"{self.kind} at {describe_point(self.point)}: {self.explanation}"


def analyse_stationary(function: object, variables=None, point: object = None) -> StationaryPoint:
    """Classify a stationary point from the signs of the Hessian's eigenvalues, exactly.

    The eigenvalues of a real symmetric matrix are real, so Descartes' rule of signs on
    its characteristic polynomial counts the positive and negative ones exactly.
    Raises PointError when the gradient is not zero at the point.
    """

    if point is None:
        raise PointError("give the stationary point, e.g. x=0,y=0")
    grad = gradient(function, variables, at=point)
    nonzero = [e for e in grad.entries if _sign(e.value) != 0]
    if nonzero:
        shown = ", ".join(f"{e.label} = {e.value}" for e in nonzero)
        raise PointError(
            f"{describe_point(grad.point)} is not a stationary point: {shown}; "
            "a stationary point needs every first partial derivative to be 0"
        )
    hess = hessian(function, variables, at=point)
    h = sp.Matrix(hess.value)
    n = h.shape[0]
    coeffs = h.charpoly().all_coeffs()  # of det(λI - H), highest power first
    positive = _sign_changes([_sign(c) for c in coeffs])
    flipped = [c * (-1) ** (len(coeffs) - 1 - k) for k, c in enumerate(coeffs)]
    negative = _sign_changes([_sign(c) for c in flipped])
    zero = n - positive - negative
    det = sp.simplify(h.det())
    eig = tuple(float(v) for v in np.linalg.eigvalsh(np.array(hess.floats(), dtype=float)))
    if positive and negative:
        kind = "saddle"
        why = "the Hessian has positive and negative eigenvalues: f curves up along some directions and down along others"
    elif zero:
        kind = "degenerate"
        why = "the Hessian has a zero eigenvalue (determinant 0): second derivatives cannot decide; look at higher-order terms"
    elif positive == n:
        kind = "minimum"
        why = "every eigenvalue of the Hessian is positive: f curves up in every direction"
    else:
        kind = "maximum"
        why = "every eigenvalue of the Hessian is negative: f curves down in every direction"
    if n == 2 and kind != "degenerate":
        why += f" (2×2 test: det H = {det}, ∂²f/∂x² = {h[0, 0]})"
    return StationaryPoint(
        kind, grad.point, grad.value, hess.value, det, eig, positive, negative, zero, why
    )


def classify_stationary(function: object, variables=None, point: object = None) -> str:
    """'minimum' | 'maximum' | 'saddle' | 'degenerate' for a stationary point."""
    return analyse_stationary(function, variables, point).kind
