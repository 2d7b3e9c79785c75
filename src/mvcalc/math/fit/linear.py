"""Straight-line regression y ≈ m x + c in closed form, with uncertainties and χ².

With per-point sigmas σᵢ the weights are wᵢ = 1/σᵢ² and χ² = Σ wᵢ(yᵢ − m xᵢ − c)²;
the uncertainties then follow from the sigmas alone. Without sigmas the weights
are 1 and the uncertainties are scaled by the residual variance RSS/(n − 2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from mvcalc.errors import MvcalcError
from mvcalc.math.display import Displayed


class LinearFitError(MvcalcError):
    """The data cannot determine a straight line."""


@dataclass(frozen=True)
class LinearFit(Displayed):
    """Slope, intercept, their standard errors and covariance, and the goodness of fit."""

    m: float
    c: float
    sigma_m: float
    sigma_c: float
    cov_mc: float
    chi2: float  # Σ w (y − m x − c)²: the RSS when no sigmas were given
    dof: int
    weighted: bool
    r2: float

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def linfit(x: Sequence[float], y: Sequence[float], sigma=None) -> LinearFit:
    """m = Σw(x − x̄)y / Σw(x − x̄)², c = ȳ − m x̄ (weighted means x̄, ȳ)."""
    xv = np.asarray(x, dtype=float)
    yv = np.asarray(y, dtype=float)
    if xv.ndim != 1 or xv.shape != yv.shape:
        raise LinearFitError("x and y must be lists of numbers of the same length")
    if xv.size < 2:
        raise LinearFitError("a straight line needs at least two points")
    if not (np.all(np.isfinite(xv)) and np.all(np.isfinite(yv))):
        raise LinearFitError("the data contain missing or non-finite values")
    weighted = sigma is not None
    if weighted:
        sv = np.broadcast_to(np.asarray(sigma, dtype=float), xv.shape)
        if np.any(~np.isfinite(sv)) or np.any(sv <= 0):
            raise LinearFitError("every sigma must be a positive number")
        w = 1.0 / sv**2
    else:
        w = np.ones_like(xv)
    total = w.sum()
    xbar, ybar = (w * xv).sum() / total, (w * yv).sum() / total
    sxx = (w * (xv - xbar) ** 2).sum()
    if sxx <= 1e-300 or sxx <= 1e-14 * (w * xv**2).sum():
        raise LinearFitError("all x values are equal, so the slope is undetermined")
    m = float((w * (xv - xbar) * yv).sum() / sxx)
    c = float(ybar - m * xbar)
    resid = yv - m * xv - c
    chi2 = float((w * resid**2).sum())
    dof = xv.size - 2
    scale = 1.0 if weighted else (chi2 / dof if dof > 0 else float("nan"))
    var_m = scale / sxx
    var_c = scale * (1.0 / total + xbar**2 / sxx)
    cov = -scale * xbar / sxx
    syy = (w * (yv - ybar) ** 2).sum()
    r2 = float(1.0 - chi2 / syy) if syy > 0 else 1.0
    return LinearFit(m, c, float(np.sqrt(var_m)), float(np.sqrt(var_c)), float(cov), chi2, dof,
                     weighted, r2)
