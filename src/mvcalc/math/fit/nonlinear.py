"""Non-linear least squares from a model written in the input language.

`fit(model, data, y, start)` parses the model (with mvcalc's parser, if text),
differentiates it with SymPy for the Jacobian, compiles both for NumPy with
`numeric.compile_expr`, and hands them to a solver in `least_squares`:
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

from mvcalc.errors import MvcalcError
from mvcalc.math.display import Displayed
from mvcalc.math.fit.least_squares import (
    Solution,
    gauss_newton,
    levenberg_marquardt,
    steepest_descent,
)
from mvcalc.math.numeric import UnsupportedExpression, compile_expr

METHODS = ("auto", "lm", "gauss-newton", "steepest")


class FitError(MvcalcError):
    """The fit cannot be set up: unknown names, mismatched data, unsupported model."""


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


def _as_expr(model, variables: Sequence[str]) -> sp.Expr:
    if isinstance(model, sp.Expr):
        return model
    if not isinstance(model, str):
        raise FitError("the model must be text or a SymPy expression")
    from mvcalc.math.input.reader import InputError, parse  # the parser owns learner text

    try:
        expr = parse(model, variables=list(variables))
    except InputError as exc:
        raise FitError(f"cannot read the model: {exc}") from None
    if not isinstance(expr, sp.Expr):
        raise FitError("the model must be a single expression, not a matrix")
    return expr


@dataclass(frozen=True)
class CompiledModel:
    """A model and its parameter Jacobian, compiled once for NumPy."""

    expr: sp.Expr
    predictors: tuple[str, ...]
    names: tuple[str, ...]
    value: object
    partials: tuple

    def __call__(self, data: Mapping[str, np.ndarray], b: np.ndarray, n: int | None = None) -> np.ndarray:
        """The model's values at every data point for the parameter vector b (n points: needed
        only when the model uses no data column, as a constant model does)."""
        n = _points(data, n)
        return np.broadcast_to(self.value(self._env(data, b)), (n,))

    def jacobian(self, data: Mapping[str, np.ndarray], b: np.ndarray, n: int | None = None) -> np.ndarray:
        """∂f/∂b_j at every point: an n × p array."""
        n = _points(data, n)
        env = self._env(data, b)
        return np.column_stack([np.broadcast_to(p(env), (n,)) for p in self.partials])

    def _env(self, data, b):
        env = dict(data)
        env.update({name: float(v) for name, v in zip(self.names, b, strict=True)})
        return env


def _points(data: Mapping[str, np.ndarray], n: int | None) -> int:
    if n is not None:
        return n
    if not data:
        raise FitError("the model uses no data column: say how many points there are")
    return len(next(iter(data.values())))


def compile_model(expr: sp.Expr, predictors: Sequence[str], names: Sequence[str]) -> CompiledModel:
    """Compile the model and each ∂model/∂parameter (from `sympy.diff`) for NumPy."""
    symbols = {s.name: s for s in expr.free_symbols}
    unknown = set(symbols) - set(predictors) - set(names)
    if unknown:
        raise FitError(f"the model uses {', '.join(sorted(unknown))}, which is neither data nor a parameter")
    unused = [n for n in names if n not in symbols]
    if unused:
        raise FitError(f"the model does not depend on the parameter(s) {', '.join(unused)}")
    every = list(predictors) + list(names)
    try:
        value = compile_expr(expr, every)
        partials = tuple(compile_expr(sp.diff(expr, symbols[n]), every) for n in names)
    except UnsupportedExpression as exc:
        raise FitError(str(exc)) from None
    return CompiledModel(expr, tuple(predictors), tuple(names), value, partials)


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
    expr = _as_expr(model, list(data) + list(names))
    compiled = compile_model(expr, tuple(data), names)
    weight = 1.0 / sv if sv is not None else 1.0

    def residual(b: np.ndarray) -> np.ndarray:
        return (yv - compiled(cols, b, yv.size)) * weight

    def jacobian(b: np.ndarray) -> np.ndarray:
        return -compiled.jacobian(cols, b, yv.size) * (weight if sv is None else weight[:, None])

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


def covariance(jacobian: np.ndarray, rss: float, dof: int, weighted: bool) -> np.ndarray:
    """(JᵀJ)⁻¹ scaled by RSS/dof (unweighted) — or as is for a χ² with known sigmas."""
    U, s, Vt = np.linalg.svd(jacobian, full_matrices=False)
    with np.errstate(divide="ignore"):
        inv = np.where(s > s[0] * 1e-15 * max(jacobian.shape), 1.0 / s**2, np.inf) if s.size else s
    cov = (Vt.T * inv) @ Vt
    if not weighted:
        cov = cov * (rss / dof if dof > 0 else np.nan)
    return cov


def _result(sol: Solution, names: tuple[str, ...], n: int, weighted: bool, method: str) -> FitResult:
    dof = n - len(names)
    cov = covariance(sol.jacobian, sol.rss, dof, weighted)
    stderr = np.sqrt(np.abs(np.diag(cov)))
    message = ("converged: " if sol.converged else "did not converge: ") + sol.reason
    message += f" after {sol.iterations} iterations"
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
