"""Non-linear least squares from a model written in the input language.

`fit(model, data, y, start)` parses the model (with mvcalc's parser, if text),
differentiates it with SymPy for the Jacobian and compiles both for NumPy, once per
model (`model.cached_model`), and hands them to a solver in `least_squares`:
Levenberg–Marquardt by default, Gauss–Newton or steepest descent on request.
The result carries the parameters, their standard errors and covariance, the
RSS (χ² when per-point sigmas are given), and the solver's verdict in words.
Linear regression in closed form is in `fit_linear`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from mvcalc.math.display import Displayed
from mvcalc.math.fit.least_squares import (
    Factored,
    Solution,
    factor_scaled,
    gauss_newton,
    levenberg_marquardt,
    steepest_descent,
)
from mvcalc.math.fit.model import CompiledModel, FitError, cached_model, compile_model

__all__ = ["METHODS", "CompiledModel", "FitError", "FitResult", "compile_model", "covariance", "fit"]

METHODS = ("auto", "lm", "gauss-newton", "steepest")


@dataclass
class FitResult(Displayed):
    """A least-squares fit: parameters, uncertainties, goodness of fit and the verdict."""

    parameters: dict[str, float]
    stderr: dict[str, float]
    covariance: np.ndarray
    names: tuple[str, ...]
    rss: float
    dof: int
    weighted: bool
    iterations: int
    evaluations: int
    converged: bool
    message: str
    method: str
    residuals: np.ndarray
    path: list[dict[str, float]] = field(default_factory=list)

    @property
    def chi2(self) -> float:
        """χ² = Σ((y − f)/σ)² when sigmas were given; the RSS otherwise."""
        return self.rss

    @property
    def residual_sd(self) -> float:
        """√(RSS / degrees of freedom): NIST's "residual standard deviation"."""
        return float(np.sqrt(self.rss / self.dof)) if self.dof > 0 else float("nan")

    def to_dict(self) -> dict:
        """Plain data for JSON output."""
        return {
            "parameters": self.parameters,
            "stderr": self.stderr,
            "covariance": self.covariance.tolist(),
            "names": list(self.names),
            "rss": self.rss,
            "weighted": self.weighted,
            "residual_sd": self.residual_sd,
            "dof": self.dof,
            "iterations": self.iterations,
            "evaluations": self.evaluations,
            "converged": self.converged,
            "message": self.message,
            "method": self.method,
        }


def _columns(data: Mapping[str, Sequence[float]], y, sigma) -> tuple[dict, np.ndarray, np.ndarray | None]:
    cols = {k: np.asarray(v, dtype=float) for k, v in data.items()}
    yv = np.asarray(y, dtype=float)
    if yv.ndim != 1 or yv.size == 0:
        raise FitError("y must be a non-empty list of numbers")
    for k, v in cols.items():
        if v.shape != yv.shape:
            raise FitError(f"the column {k} has {v.size} values but y has {yv.size}")
    sv = None
    if sigma is not None:
        sv = np.broadcast_to(np.asarray(sigma, dtype=float), yv.shape).copy()
        if np.any(~np.isfinite(sv)) or np.any(sv <= 0):
            raise FitError("every sigma must be a positive number")
    if not all(np.all(np.isfinite(v)) for v in [*cols.values(), yv]):
        raise FitError("the data contain missing or non-finite values")
    return cols, yv, sv


def fit(
    model,
    data: Mapping[str, Sequence[float]],
    y: Sequence[float],
    start: Mapping[str, float],
    sigma=None,
    method: str = "auto",
    max_iter: int | None = None,
    aggression: float | None = None,
    **options,
) -> FitResult:
    """Least-squares fit of `model` (text or SymPy) to y, from the first guesses in `start`.

    `data` maps each independent variable's name to its values; `sigma` (a number
    or one per point) weights the residuals, making the RSS a χ². `aggression` makes the
    steepest method take the course's fixed steps −aggression·∇χ² instead of a line search.
    """
    if method not in METHODS:
        raise FitError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    if aggression is not None and (method != "steepest" or not aggression > 0):
        raise FitError("aggression is the positive fixed step of the steepest method")
    names = tuple(start)
    if not names:
        raise FitError("give a starting value for at least one parameter")
    overlap = set(names) & set(data)
    if overlap:
        raise FitError(f"{', '.join(sorted(overlap))} is both a data column and a parameter")
    cols, yv, sv = _columns(data, y, sigma)
    if not isinstance(model, str | sp.Expr):
        raise FitError("the model must be text or a SymPy expression")
    compiled = cached_model(model, tuple(data), names)
    residual, jacobian = compiled.evaluator(cols, yv, 1.0 / sv if sv is not None else 1.0)

    b0 = np.array([float(start[n]) for n in names])
    if not np.all(np.isfinite(b0)):
        raise FitError("every starting value must be a finite number")
    if method in ("auto", "lm"):
        sol = levenberg_marquardt(residual, jacobian, b0, **_limit(max_iter), **options)
    elif method == "gauss-newton":
        sol = gauss_newton(residual, jacobian, b0, **_limit(max_iter))
    else:
        sol = steepest_descent(residual, jacobian, b0, aggression=aggression, **_limit(max_iter))
    return _result(sol, names, yv.size, sv is not None, "lm" if method == "auto" else method)


def _limit(max_iter: int | None) -> dict:
    return {} if max_iter is None else {"max_iter": int(max_iter)}


def covariance(jacobian: np.ndarray, rss: float, dof: int, weighted: bool,
               factored: Factored | None = None, scale: np.ndarray | None = None) -> np.ndarray:
    """(JᵀJ)⁻¹ scaled by RSS/dof (unweighted) — or as is for a χ² with known sigmas.

    Computed from the column-scaled J = J/d (the solver's own factorisation of it when
    given with its column scales d, since (JᵀJ)⁻¹ = D⁻¹(JₛᵀJₛ)⁻¹D⁻¹ for any scales); a
    direction J cannot see (a singular value below the rounding level) makes it infinite,
    and a J that is not finite everywhere makes it NaN.
    """
    if not np.isfinite(jacobian).all():  # the fit stopped where the model cannot be evaluated
        return np.full((jacobian.shape[1],) * 2, np.nan)
    if factored is None or scale is None:
        d = np.linalg.norm(jacobian, axis=0)
        d = np.where(d > 0, d, 1.0)
        fac = factor_scaled(jacobian, d, np.zeros(jacobian.shape[0]))
    else:
        fac, d = factored, scale
    s = fac.s
    full = s.size == jacobian.shape[1] and (s.size == 0 or s.min() > s.max() * 1e-15 * max(jacobian.shape))
    if not full:
        return np.full((jacobian.shape[1],) * 2, np.inf)
    cov = ((fac.Vt.T / s**2) @ fac.Vt) / np.outer(d, d)
    if not weighted:
        cov = cov * (rss / dof if dof > 0 else np.nan)
    return cov


def _result(sol: Solution, names: tuple[str, ...], n: int, weighted: bool, method: str) -> FitResult:
    dof = n - len(names)
    cov = covariance(sol.jacobian, sol.rss, dof, weighted, sol.factored, sol.scale)
    stderr = np.sqrt(np.abs(np.diag(cov)))
    message = ("converged: " if sol.converged else "did not converge: ") + sol.reason
    message += f" after {sol.iterations} iteration{'s' if sol.iterations != 1 else ''}"
    return FitResult(
        parameters={k: float(v) for k, v in zip(names, sol.x, strict=True)},
        stderr={k: float(v) for k, v in zip(names, stderr, strict=True)},
        covariance=cov,
        names=names,
        rss=float(sol.rss),
        dof=dof,
        weighted=weighted,
        iterations=sol.iterations,
        evaluations=sol.evaluations,
        converged=sol.converged,
        message=message,
        method=method,
        residuals=sol.residuals,
        path=[dict(zip(names, map(float, p), strict=True)) for p in sol.path],
    )
