"""Numeric least-squares solvers on callables: minimise |r(b)|² over the parameters b.

`levenberg_marquardt` is Moré's scaled trust-region form (MINPACK's lmder)
computed from one SVD per iteration, with Transtrum's geodesic acceleration and
restarts; `gauss_newton` (with step halving) and `steepest_descent` (with
backtracking, as in the course) are there to teach and to compare.
Each returns a `Solution` with the path of parameter vectors and a verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

Residual = Callable[[np.ndarray], np.ndarray]
Jacobian = Callable[[np.ndarray], np.ndarray]
EPS = np.finfo(float).eps


@dataclass
class Solution:
    """Where a solver stopped and why."""

    x: np.ndarray
    residuals: np.ndarray
    jacobian: np.ndarray
    rss: float
    iterations: int
    evaluations: int
    converged: bool
    reason: str
    path: list[np.ndarray] = field(default_factory=list)


class _Counted:
    """A residual function that counts its calls and turns non-finite values into inf."""

    def __init__(self, fn: Residual):
        self.fn = fn
        self.calls = 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.calls += 1
        with np.errstate(all="ignore"):
            return np.asarray(self.fn(x), dtype=float)


def _rss(r: np.ndarray) -> float:
    with np.errstate(all="ignore"):
        value = float(r @ r)
    return value if np.isfinite(value) else np.inf


def _trust_region_lambda(s: np.ndarray, sz: np.ndarray, delta: float, lam0: float) -> float:
    """The damping λ ≥ 0 whose step |p(λ)| = |Σ s z/(s²+λ)| is within 10 % of `delta`."""

    def norm(lam: float) -> float:
        return float(np.sqrt(np.sum((sz / (s * s + lam)) ** 2)))

    lo, hi = 0.0, max(float(np.sqrt(np.sum(sz * sz))) / delta, EPS)
    lam = min(max(lam0, lo), hi)
    if lam == 0.0:
        lam = hi * 1e-3
    for _ in range(60):
        n = norm(lam)
        if abs(n - delta) <= 0.1 * delta:
            return lam
        if n > delta:
            lo = lam
        else:
            hi = lam
        # Newton on 1/delta - 1/|p(lam)| (nearly linear in lam: Moré 1978)
        dn = -float(np.sum(sz * sz / (s * s + lam) ** 3)) / n
        step = (n - delta) / delta * n / (-dn) if dn < 0 else 0.0
        new = lam + step
        if not (lo < new < hi):
            new = 0.5 * (lo + hi) if hi > 0 else lam * 2
        lam = new
    return lam


def levenberg_marquardt(
    residual: Residual,
    jacobian: Jacobian,
    x0: np.ndarray,
    *,
    max_iter: int = 1000,
    ftol: float = 1e-15,
    xtol: float = 1e-15,
    gtol: float = 1e-15,
    geodesic: bool = True,
    restarts: int = 2,
    record_path: bool = True,
    factors: tuple[float, ...] = (100.0, 1.0, 0.01),
    scaling: str = "max",
) -> Solution:
    """Scaled trust-region Levenberg–Marquardt with geodesic acceleration.

    The first trust region is `factor`·|D b₀| (Moré's rule). A too-bold first
    step can throw a parameter onto a plateau where the model no longer depends
    on it (BoxBOD, MGH10 from their first starts), a too-timid one can crawl
    (MGH09), so each factor in `factors` is tried from b₀ and the converged run
    with the lowest RSS wins. Each run also restarts (fresh trust region and
    scaling at its last point) up to `restarts` times while that still helps.
    """
    fn = _Counted(residual)
    best: Solution | None = None
    total_iter = 0
    for factor in factors:
        with np.errstate(all="ignore"):
            sol = _lm_restarting(fn, jacobian, np.array(x0, dtype=float), max_iter, ftol, xtol,
                                 gtol, geodesic, restarts, record_path, factor, scaling)
        total_iter += sol.iterations
        if best is None or (sol.converged, -sol.rss) > (best.converged, -best.rss):
            best = sol
    assert best is not None
    if best.converged:
        best = _polish(fn, jacobian, best)
    best.iterations = total_iter if len(factors) > 1 else best.iterations
    best.evaluations = fn.calls
    if len(factors) > 1:
        best.reason += f" (best of {len(factors)} initial trust regions)"
    return best


def _polish(fn, jacobian, sol: Solution, steps: int = 3) -> Solution:
    """A few full Gauss–Newton steps from the converged point, each kept only if the RSS
    does not rise: LM stops on the damped step, and one undamped step often adds digits."""
    x, r, J, f = sol.x, sol.residuals, sol.jacobian, sol.rss
    for _ in range(steps):
        d = np.linalg.norm(J, axis=0)
        d[d == 0] = 1.0
        with np.errstate(all="ignore"):
            step = np.linalg.lstsq(J / d, -r, rcond=None)[0] / d
            r_new = fn(x + step)
            f_new = _rss(r_new)
        if not f_new <= f:
            break
        x, r, f = x + step, r_new, f_new
        J = np.asarray(jacobian(x), dtype=float)
    sol.x, sol.residuals, sol.jacobian, sol.rss = x, r, J, f
    return sol


def _lm_restarting(fn, jacobian, x, max_iter, ftol, xtol, gtol, geodesic, restarts,
                   record_path, factor, scaling) -> Solution:
    path = [x.copy()] if record_path else None
    total_iter = 0
    best: Solution | None = None
    for _attempt in range(restarts + 1):
        sol = _lm_run(fn, jacobian, x, max_iter - total_iter, ftol, xtol, gtol, geodesic, path,
                      factor, scaling)
        total_iter += sol.iterations
        improved = best is None or sol.rss < best.rss * (1 - 1e-13)
        if best is None or sol.rss <= best.rss:
            best = sol
        if not improved or total_iter >= max_iter or sol.rss == 0.0:
            break
        x = sol.x
    assert best is not None
    best.iterations = total_iter
    best.path = path or []
    return best


def _lm_run(fn, jacobian, x, max_iter, ftol, xtol, gtol, geodesic, path, factor, scaling) -> Solution:
    r = fn(x)
    f = _rss(r)
    if not np.isfinite(f):
        return Solution(x, r, np.full((r.size, x.size), np.nan), f, 0, fn.calls, False,
                        "the model cannot be evaluated at the starting point")
    J = np.asarray(jacobian(x), dtype=float)
    d = np.linalg.norm(J, axis=0)
    d[d == 0] = 1.0
    delta = factor * float(np.linalg.norm(d * x)) or factor
    lam = 0.0
    reason, converged = "reached the iteration limit", False
    it = 0
    while it < max_iter:
        it += 1
        if f == 0.0:
            reason, converged = "the residuals are exactly zero", True
            break
        g = J.T @ r
        colnorm = np.linalg.norm(J, axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            cosines = np.where(colnorm > 0, np.abs(g) / (colnorm * np.sqrt(f)), 0.0)
        if np.max(cosines, initial=0.0) <= gtol:
            reason, converged = "the gradient is orthogonal to the residuals (gradient test)", True
            break
        d = np.maximum(d, colnorm) if scaling == "max" else np.where(colnorm > 0, colnorm, d)
        Js = J / d
        U, s, Vt = np.linalg.svd(Js, full_matrices=False)
        keep = s > s[0] * EPS * max(J.shape) if s.size else s > 0
        s, U, Vt = s[keep], U[:, keep], Vt[keep]
        z = U.T @ r
        sz = s * z
        gn_norm = float(np.linalg.norm(z / s))
        lam = 0.0 if gn_norm <= 1.1 * delta else _trust_region_lambda(s, sz, delta, lam)
        accepted = False
        while not accepted:
            p_scaled = -(Vt.T @ (sz / (s * s + lam)))
            v = p_scaled / d
            Jv = J @ v
            pred = f - _rss(r + Jv)
            step = v
            if geodesic:
                h = 0.1
                r_h = fn(x + h * v)
                if np.all(np.isfinite(r_h)):
                    rvv = (2.0 / h) * ((r_h - r) / h - Jv)
                    a = -(Vt.T @ (s * (U.T @ rvv) / (s * s + lam))) / d
                    if 2.0 * np.linalg.norm(d * a) <= 0.75 * np.linalg.norm(p_scaled):
                        step = v + 0.5 * a
            x_new = x + step
            r_new = fn(x_new)
            f_new = _rss(r_new)
            step_norm = float(np.linalg.norm(d * step))
            rho = (f - f_new) / pred if pred > 0 else -1.0
            if rho < 0.25:
                delta = 0.25 * min(delta, step_norm) if rho < 0 else 0.5 * min(delta, step_norm)
            elif rho > 0.75 or lam == 0.0:
                delta = max(delta, 2.0 * step_norm)
            xnorm = float(np.linalg.norm(d * x))
            if rho > 1e-4 and f_new < f:
                accepted = True
                rel_actual = (f - f_new) / f
                rel_pred = pred / f
                x, r, f = x_new, r_new, f_new
                if path is not None and len(path) < 100_000:
                    path.append(x.copy())
                J = np.asarray(jacobian(x), dtype=float)
                if rel_actual <= ftol and rel_pred <= ftol and rho <= 2.0:
                    return Solution(x, r, J, f, it, fn.calls, True,
                                    "the relative reduction of the RSS fell below the tolerance")
                if step_norm <= xtol * max(xnorm, EPS):
                    return Solution(x, r, J, f, it, fn.calls, True,
                                    "the step became negligible relative to the parameters")
            else:
                if delta <= xtol * max(xnorm, EPS) or step_norm <= EPS * max(xnorm, EPS):
                    return _stopped(x, r, J, f, it, fn.calls)
                lam = _trust_region_lambda(s, sz, delta, lam) if delta < gn_norm else 0.0
                it += 1
                if it >= max_iter:
                    break
        if not accepted:
            break
    return Solution(x, r, J, f, it, fn.calls, converged, reason)


def gradient_cosine(J: np.ndarray, r: np.ndarray) -> float:
    """max_j |J_jᵀ r| / (|J_j| |r|): 0 at a least-squares minimum (MINPACK's gradient test)."""
    f = float(r @ r)
    if f == 0.0:
        return 0.0
    colnorm = np.linalg.norm(J, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        cos = np.where(colnorm > 0, np.abs(J.T @ r) / (colnorm * np.sqrt(f)), 0.0)
    return float(np.max(cos, initial=0.0))


def _stopped(x, r, J, f, it, calls) -> Solution:
    """No step reduces the RSS any more: a minimum if the gradient test or the size of the
    remaining Gauss–Newton step says so (at the rounding floor, where the residuals are noise,
    only the second can tell), else a stall."""
    cos = gradient_cosine(J, r)
    d = np.linalg.norm(J, axis=0)
    d[d == 0] = 1.0
    gn = np.linalg.lstsq(J / d, -r, rcond=None)[0]
    rel = float(np.linalg.norm(gn)) / max(float(np.linalg.norm(d * x)), EPS)
    if cos <= 1e-6 or rel <= 1e-8:
        return Solution(x, r, J, f, it, calls, True,
                        "no smaller step reduces the RSS: it is minimal to machine precision "
                        f"(gradient cosine {cos:.1e}, remaining Gauss-Newton step {rel:.1e})")
    return Solution(x, r, J, f, it, calls, False,
                    f"stalled: no step reduces the RSS, yet the gradient cosine is {cos:.1e} "
                    f"and a Gauss-Newton step would still move {rel:.1e} (relative)")


def gauss_newton(
    residual: Residual, jacobian: Jacobian, x0: np.ndarray, *, max_iter: int = 200,
    ftol: float = 1e-14, record_path: bool = True,
) -> Solution:
    """Gauss–Newton steps (least-squares solve of J δ = −r), halving a step that raises the RSS."""
    fn = _Counted(residual)
    x = np.array(x0, dtype=float)
    r = fn(x)
    f = _rss(r)
    J = np.asarray(jacobian(x), dtype=float)
    path = [x.copy()] if record_path else []
    for it in range(1, max_iter + 1):
        step = np.linalg.lstsq(J, -r, rcond=None)[0]
        t = 1.0
        while t > 1e-10:
            r_new = fn(x + t * step)
            f_new = _rss(r_new)
            if f_new < f:
                break
            t *= 0.5
        else:
            return Solution(x, r, J, f, it, fn.calls, True,
                            "no fraction of the Gauss-Newton step reduces the RSS", path=path)
        rel = (f - f_new) / f if f > 0 else 0.0
        x, r, f = x + t * step, r_new, f_new
        J = np.asarray(jacobian(x), dtype=float)
        if record_path:
            path.append(x.copy())
        if f == 0.0 or rel <= ftol:
            return Solution(x, r, J, f, it, fn.calls, True,
                            "the relative reduction of the RSS fell below the tolerance", path=path)
    return Solution(x, r, J, f, max_iter, fn.calls, False, "reached the iteration limit", path=path)


def steepest_descent(
    residual: Residual, jacobian: Jacobian, x0: np.ndarray, *, max_iter: int = 20_000,
    ftol: float = 1e-12, record_path: bool = True, aggression: float | None = None,
) -> Solution:
    """Steepest descent on χ² = |r|² along −∇χ² = −2Jᵀr, with a backtracking (Armijo) step,
    or with the course's fixed step −aggression·∇χ² when `aggression` is given."""
    if aggression is not None:
        return _fixed_steps(_Counted(residual), jacobian, np.array(x0, dtype=float), aggression,
                            max_iter, ftol, record_path)
    fn = _Counted(residual)
    x = np.array(x0, dtype=float)
    r = fn(x)
    f = _rss(r)
    J = np.asarray(jacobian(x), dtype=float)
    path = [x.copy()] if record_path else []
    t = 1.0
    small = 0
    for it in range(1, max_iter + 1):
        grad = 2.0 * J.T @ r
        gg = float(grad @ grad)
        if gg == 0.0:
            return Solution(x, r, J, f, it, fn.calls, True, "the gradient of χ² is zero", path=path)
        t *= 4.0
        while True:
            r_new = fn(x - t * grad)
            f_new = _rss(r_new)
            if f_new <= f - 1e-4 * t * gg:
                break
            t *= 0.5
            if t * np.sqrt(gg) <= EPS * max(float(np.linalg.norm(x)), 1.0):
                return Solution(x, r, J, f, it, fn.calls, True,
                                "no step along the gradient reduces χ² any further", path=path)
        rel = (f - f_new) / f if f > 0 else 0.0
        x, r, f = x - t * grad, r_new, f_new
        J = np.asarray(jacobian(x), dtype=float)
        if record_path and len(path) < 100_000:
            path.append(x.copy())
        small = small + 1 if rel <= ftol else 0
        if f == 0.0 or small >= 5:
            return Solution(x, r, J, f, it, fn.calls, True,
                            "χ² stopped decreasing (relative change below tolerance five times)", path=path)
    return Solution(x, r, J, f, max_iter, fn.calls, False,
                    "reached the iteration limit (steepest descent is slow on curved valleys)", path=path)


def _fixed_steps(fn, jacobian, x, aggression, max_iter, ftol, record_path) -> Solution:
    """x ← x − aggression·∇χ², as in the course's heights assignment (no line search)."""
    if not aggression > 0:
        raise ValueError("the aggression must be a positive number")
    r = fn(x)
    f = _rss(r)
    J = np.asarray(jacobian(x), dtype=float)
    path = [x.copy()] if record_path else []
    for it in range(1, max_iter + 1):
        x = x - aggression * 2.0 * (J.T @ r)
        r_new = fn(x)
        f_new = _rss(r_new)
        if record_path and len(path) < 100_000:
            path.append(x.copy())
        if not np.isfinite(f_new) or f_new > 1e8 * max(f, EPS):
            return Solution(x, r_new, J, f_new, it, fn.calls, False,
                            "diverged: the fixed step is too large for this χ² (lower the aggression)",
                            path=path)
        rel = abs(f - f_new) / f if f > 0 else 0.0
        r, f = r_new, f_new
        J = np.asarray(jacobian(x), dtype=float)
        if f == 0.0 or rel <= ftol:
            return Solution(x, r, J, f, it, fn.calls, True,
                            "χ² stopped changing (relative change below the tolerance)", path=path)
    return Solution(x, r, J, f, max_iter, fn.calls, False,
                    f"took the {max_iter} fixed steps asked for; χ² was still changing", path=path)
