"""Optimisation for module 5, in one place: Newton–Raphson, minimisation, Lagrange multipliers.

The work is done in `newton` (roots, with verdicts), `descent` (gradient descent,
Newton and the course's hybrid, with paths) and `lagrange` (constrained
stationary points, exact or numeric); this module gathers their public names.
"""

from mvcalc.math.descent import METHODS, DescentResult, classify_hessian, minimize, minimize_expr
from mvcalc.math.lagrange import LagrangeResult, StationaryPoint, lagrange
from mvcalc.math.newton import (
    VERDICTS,
    NewtonResult,
    newton,
    newton_expr,
    newton_system,
    newton_system_expr,
)

__all__ = [
    "METHODS",
    "VERDICTS",
    "DescentResult",
    "LagrangeResult",
    "NewtonResult",
    "StationaryPoint",
    "classify_hessian",
    "lagrange",
    "minimize",
    "minimize_expr",
    "newton",
    "newton_expr",
    "newton_system",
    "newton_system_expr",
]
