"""Taylor series in one and several variables, and what can be said about them.

`expansion` builds the polynomial from derivatives at the point (`point` reads
and checks the point); `terms` finds the general term, the radius of convergence
and a remainder bound; `buggy` gives series with a learner's mistake.
"""

from mvcalc.math.series.buggy import buggy_series
from mvcalc.math.series.expansion import (
    NoSeriesError,
    SingularPointError,
    TaylorError,
    TaylorSeries,
    TaylorTerm,
    linearise,
    linearize,
    taylor,
)
from mvcalc.math.series.terms import general_term, radius_of_convergence, remainder_bound

__all__ = [
    "NoSeriesError",
    "SingularPointError",
    "TaylorError",
    "TaylorSeries",
    "TaylorTerm",
    "buggy_series",
    "general_term",
    "linearise",
    "linearize",
    "radius_of_convergence",
    "remainder_bound",
    "taylor",
]
