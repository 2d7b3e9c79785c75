"""Least-squares fitting: straight lines, non-linear models, NIST's certified problems.

`linear` (weighted straight-line fits with uncertainties), `nonlinear` (a model
typed in the input language, fitted by `least_squares`: Levenberg–Marquardt,
Gauss–Newton, steepest descent), `model` (the model and its Jacobian compiled once
and cached) and `nist` (reading NIST StRD files).
"""

from mvcalc.math.fit.linear import LinearFit, LinearFitError, linfit
from mvcalc.math.fit.nonlinear import FitError, FitResult, fit

__all__ = ["FitError", "FitResult", "LinearFit", "LinearFitError", "fit", "linfit"]
