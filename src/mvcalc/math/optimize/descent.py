"""Minimisation in several dimensions: gradient descent (fixed step or backtracking), Newton, hybrid.

The course's methods, each returning the whole path for plotting and a verdict:
- `gd`: x ← x − γ∇f with a fixed step γ;
- `backtracking`: the same direction, with γ halved until f drops enough (Armijo);
- `newton`: x ← x − H⁻¹∇f, which heads for any stationary point, maxima included;
- `hybrid`: the Newton step unless it points uphill or is longer than `max_newton`,
  else −γ∇f (the course's Sandpit rule).
At the end the Hessian's eigenvalues say what the point is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import sympy as sp

from mvcalc.math.display import Displayed
from mvcalc.math.numeric import compile_expr
from mvcalc.math.optimize.roots import find_cycle, symbols_for

METHODS = ("gd", "backtracking", "newton", "hybrid")


@dataclass
class DescentResult(Displayed):
    """The path x₀, x₁, … with f at each, the steps each method chose, and the verdict."""

    method: str
    path: list[list[float]]
    values: list[float]
    kinds: list[str]  # per step: "gradient" or "newton"
    verdict: str  # "converged" | "oscillating" | "diverging" | "stalled" | "max-iterations"
    reason: str
    point: list[float]
    value: float
    gradient_norm: float
    classification: str  # "minimum" | "maximum" | "saddle" | "degenerate" | "unknown"
    steps: int
    notes: list[str] = field(default_factory=list)

    @property
    def converged(self) -> bool:
        return self.verdict == "converged"

    def to_dict(self) -> dict:
        return {k: getattr(self, k) for k in (
            "method", "verdict", "reason", "point", "value", "gradient_norm",
            "classification", "steps", "path", "values", "kinds")}


def classify_hessian(H: np.ndarray, scale: float = 1.0) -> str:
    """Minimum, maximum, saddle or degenerate, from the eigenvalues of a symmetric Hessian."""
    if not np.all(np.isfinite(H)):
        return "unknown"
    eig = np.linalg.eigvalsh(0.5 * (H + H.T))
    tiny = 1e-9 * max(float(np.max(np.abs(eig), initial=0.0)), scale)
    if np.any(np.abs(eig) <= tiny):
        return "degenerate"
    if np.all(eig > 0):
        return "minimum"
    if np.all(eig < 0):
        return "maximum"
    return "saddle"


def newton_step(H: np.ndarray, g: np.ndarray) -> np.ndarray | None:
    """The Newton step −H⁻¹∇f, or None where the Hessian is singular."""
    try:
        step = -np.linalg.solve(H, g)
    except np.linalg.LinAlgError:
        return None
    return step if np.all(np.isfinite(step)) else None


def hybrid_takes_newton(step: np.ndarray | None, g: np.ndarray, max_newton: float) -> bool:
    """The course's hybrid rule: take the Newton step unless it points uphill or is longer than max_newton."""
    return step is not None and float(step @ g) < 0 and float(np.linalg.norm(step)) <= max_newton


def minimize(
    f: Callable[[np.ndarray], float],
    grad: Callable[[np.ndarray], np.ndarray],
    hess: Callable[[np.ndarray], np.ndarray] | None,
    x0: Sequence[float],
    *,
    method: str = "hybrid",
    step: float = 0.1,
    max_newton: float = 2.0,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> DescentResult:
    """Minimise f from x0 with one of `METHODS`; `hess` is needed for newton and hybrid."""
    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}: choose one of {', '.join(METHODS)}")
    if method in ("newton", "hybrid") and hess is None:
        raise ValueError(f"the {method} method needs the Hessian")
    if not step > 0:
        raise ValueError("the step size must be positive")
    x = np.asarray(x0, dtype=float)
    fx = float(f(x))
    path, values, kinds = [x.tolist()], [fx], []
    verdict, reason = "max-iterations", f"stopped after {max_iter} step{'s' if max_iter != 1 else ''} without converging"
    start_norm = 1.0 + float(np.linalg.norm(x))
    for _k in range(max_iter):
        g = np.asarray(grad(x), dtype=float)
        gnorm = float(np.linalg.norm(g))
        if not np.isfinite(fx) or not np.all(np.isfinite(g)):
            verdict, reason = "diverging", f"f or its gradient is not finite at {_pt(x)}"
            break
        if gnorm <= tol * max(1.0, abs(fx)):
            verdict, reason = "converged", f"the gradient vanished (|∇f| = {gnorm:.2g}) at {_pt(x)}"
            break
        direction, kind = -g, "gradient"
        if method in ("newton", "hybrid"):
            newton = newton_step(np.asarray(hess(x), dtype=float), g)
            if method == "newton":
                if newton is None:
                    verdict, reason = "stalled", f"the Hessian is singular at {_pt(x)}"
                    break
                direction, kind = newton, "newton"
            elif hybrid_takes_newton(newton, g, max_newton):
                direction, kind = newton, "newton"
        if kind == "newton":
            new = x + direction
        elif method == "backtracking":
            t = step
            while float(f(x + t * direction)) > fx - 1e-4 * t * gnorm**2 and t > 1e-16:
                t *= 0.5
            new = x + t * direction
        else:
            new = x + step * direction
        f_new = float(f(new))
        moved = float(np.linalg.norm(new - x))
        x, fx = new, f_new
        path.append(x.tolist())
        values.append(fx)
        kinds.append(kind)
        if not np.isfinite(fx) or np.linalg.norm(x) > 1e8 * start_norm:
            verdict, reason = "diverging", f"the iterates ran off to {_pt(x)} (f = {fx:.4g})"
            break
        if len(path) >= 5:
            period = find_cycle([np.asarray(p) for p in path[-20:]], 1.0 + float(np.linalg.norm(x)), 1e-9)
            if period is not None:
                verdict, reason = "oscillating", (
                    f"the iterates repeat with period {period} "
                    f"({', '.join(_pt(np.asarray(p)) for p in path[-period:])}): "
                    + ("the step γ is too large for the curvature here" if kind == "gradient"
                       else "the steps undo each other"))
                break
        if moved <= tol * (1.0 + float(np.linalg.norm(x))):
            gnorm = float(np.linalg.norm(np.asarray(grad(x), dtype=float)))
            if gnorm <= 1e-6 * max(1.0, abs(fx)):
                verdict, reason = "converged", f"the steps became negligible (|∇f| = {gnorm:.2g}) at {_pt(x)}"
            else:
                verdict, reason = "stalled", f"the steps shrank to nothing at {_pt(x)} although |∇f| = {gnorm:.2g}"
            break
    g = np.asarray(grad(x), dtype=float)
    classification = "unknown"
    if hess is not None and np.all(np.isfinite(x)):
        H = np.asarray(hess(x), dtype=float)
        classification = classify_hessian(H)
        if classification in ("minimum", "maximum", "saddle") and _unresolved(H, g, x, tol):
            classification = "degenerate"
    if verdict == "converged":
        reason += f": a {classification}" if classification not in ("unknown",) else ""
        if method == "newton" and classification in ("maximum", "saddle"):
            reason += " (pure Newton steps head for any stationary point, not only minima)"
    return DescentResult(method, path, values, kinds, verdict, reason, x.tolist(), fx,
                         float(np.linalg.norm(g)), classification, len(kinds))


def _unresolved(H: np.ndarray, g: np.ndarray, x: np.ndarray, tol: float) -> bool:
    """True when a Newton step from x would still move far: the Hessian is too flat here to
    tell the kind of point (x³ near 0 has a tiny positive second derivative, yet no minimum)."""
    try:
        step = np.linalg.solve(H, g)
    except np.linalg.LinAlgError:
        return True
    return float(np.linalg.norm(step)) > 100 * tol * (1.0 + float(np.linalg.norm(x)))


def _pt(x: np.ndarray) -> str:
    return "(" + ", ".join(f"{v:.8g}" for v in x) + ")"


def minimize_expr(
    expr: sp.Expr, names: Sequence[str], x0: Sequence[float], **options
) -> DescentResult:
    """Minimise a SymPy expression: gradient and Hessian from `sympy.diff`, compiled for NumPy."""
    if len(x0) != len(names):
        raise ValueError(f"{len(names)} variables but {len(x0)} starting coordinates")
    extra = sorted({s.name for s in expr.free_symbols} - set(names))
    if extra:
        raise ValueError(f"the expression uses {', '.join(extra)}, which is not among the variables")
    symbols = symbols_for([expr], names)
    f = compile_expr(expr, names)
    grads = [sp.diff(expr, s) for s in symbols]
    g = [compile_expr(d, names) for d in grads]
    h = [[compile_expr(sp.diff(d, s), names) for s in symbols] for d in grads]

    def env(x):
        return {n: np.asarray(v) for n, v in zip(names, x, strict=True)}

    return minimize(
        lambda x: float(f(env(x))),
        lambda x: np.array([float(d(env(x))) for d in g]),
        lambda x: np.array([[float(d(env(x))) for d in row] for row in h]),
        x0,
        **options,
    )
