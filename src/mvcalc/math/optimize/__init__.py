"""Optimisation for module 5, in one place: Newton–Raphson, minimisation, Lagrange multipliers.

The work is done in `roots` (Newton–Raphson, with verdicts), `descent` (gradient
descent, Newton and the course's hybrid, with paths) and `constrained` (Lagrange
multipliers: constrained stationary points, exact or numeric); this package
gathers their public names.
"""

from mvcalc.math.optimize.constrained import LagrangeResult, StationaryPoint, lagrange
from mvcalc.math.optimize.descent import (
    METHODS,
    DescentResult,
    classify_hessian,
    minimize,
    minimize_expr,
)
from mvcalc.math.optimize.roots import (
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
