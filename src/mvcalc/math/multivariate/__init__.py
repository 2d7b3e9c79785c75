"""The multivariate toolkit: gradients, Jacobians, Hessians, the chain rule, stationary points.

`matrices` is the core (each entry with its working); `chain` (total derivative
and multivariate chain rule), `stationary` (classification by the Hessian),
`buggy` (Jacobians and Hessians with a learner's mistake) and
`finite_differences` build on it.
"""

from mvcalc.math.multivariate.buggy import buggy_hessians, buggy_jacobians
from mvcalc.math.multivariate.chain import chain_rule, total_derivative
from mvcalc.math.multivariate.finite_differences import (
    finite_difference_gradient,
    finite_difference_hessian,
)
from mvcalc.math.multivariate.matrices import (
    Entry,
    MatrixResult,
    PointError,
    evaluate_matrix,
    gradient,
    hessian,
    jacobian,
)
from mvcalc.math.multivariate.stationary import (
    StationaryPoint,
    analyse_stationary,
    classify_stationary,
)

__all__ = [
    "Entry",
    "MatrixResult",
    "PointError",
    "StationaryPoint",
    "analyse_stationary",
    "buggy_hessians",
    "buggy_jacobians",
    "chain_rule",
    "classify_stationary",
    "evaluate_matrix",
    "finite_difference_gradient",
    "finite_difference_hessian",
    "gradient",
    "hessian",
    "jacobian",
    "total_derivative",
]
