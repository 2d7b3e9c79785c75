"""Numeric least-squares solvers on callables: minimise |r(b)|² over the parameters b.

`levenberg_marquardt` is Moré's scaled trust-region form (MINPACK's lmder), with the
column-scaled Jacobian factored once per iteration (thin SVD on short data; on long data
the normal equations when well conditioned, QR otherwise): one plain run, and only when
that fails its own tests a careful search (several trust regions, Transtrum's geodesic
acceleration, restarts, a Gauss–Newton polish); `gauss_newton` (with step halving) and `steepest_descent` (with
backtracking, as in the course) are there to teach and to compare.
Each returns a `Solution` with the path of parameter vectors and a verdict.
"""

from __future__ import annotations

import math
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
    fallback: bool = False  # True when the first run failed its tests and the careful search ran
    scale: np.ndarray | None = None  # the largest column norms of J seen during the run
    factored: Factored | None = None  # of `jacobian` / `scale`, when the run kept it


class _Counted:
    """A residual function that counts its calls, its values as a float array."""

    def __init__(self, fn: Residual):
        self.fn = fn
        self.calls = 0

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.calls += 1
        with np.errstate(all="ignore"):
            return np.asarray(self.fn(x), dtype=float)


class _Quiet(_Counted):
    """`_Counted` for a caller that already ignores floating-point warnings."""

    def __call__(self, x: np.ndarray) -> np.ndarray:
        self.calls += 1
        return np.asarray(self.fn(x), dtype=float)


def _norm(v: np.ndarray) -> float:
    """The Euclidean norm of a short vector (np.linalg.norm costs more than it computes here)."""
    return math.sqrt(float(v @ v))


def _rss(r: np.ndarray) -> float:
    """|r|², or inf when it is not finite."""
    with np.errstate(all="ignore"):
        return _sum_squares(r)


def _sum_squares(r: np.ndarray) -> float:
    """`_rss` for a caller that already ignores floating-point warnings (the LM loop)."""
    value = float(r @ r)
    return value if math.isfinite(value) else math.inf


def _trust_region_lambda(s: np.ndarray, sz: np.ndarray, delta: float, lam0: float) -> float:
    """The damping λ ≥ 0 whose step |p(λ)| = |Σ s z/(s²+λ)| is within 10 % of `delta`.

    Plain floats: p is a handful of parameters, where NumPy's per-call cost dominates."""
    s2 = (s * s).tolist()
    w = (sz * sz).tolist()
    pairs = list(zip(s2, w, strict=True))

    def norm(lam: float) -> float:
        return math.sqrt(sum(wi / ((si + lam) * (si + lam)) for si, wi in pairs))

    lo, hi = 0.0, max(math.sqrt(sum(w)) / delta, EPS)
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
        dn = -sum(wi / (si + lam) ** 3 for si, wi in pairs) / n
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
    fallback: bool = True,
) -> Solution:
    """Scaled trust-region Levenberg–Marquardt: one plain run, and a careful search if it fails.

    The first run is MINPACK's lmder: first trust region `factors[0]`·|D b₀| (Moré's rule),
    MINPACK's updates and tests, the column-scaled Jacobian factored once per iteration
    (`factor_scaled`); a run still going after `ACCELERATE_AFTER`·p iterations is crawling
    along a curved valley (MGH17, Bennett5) and takes Transtrum's geodesic acceleration from
    then on; once converged, full Gauss–Newton steps settle the last digits (`_finish`).
    The run is kept when it passes its own tests (`_doubt`). Otherwise, unless `fallback`
    is False, the careful search runs: a too-bold first step can throw a parameter onto a
    plateau where the model no longer depends on it (BoxBOD from its first start), a
    too-timid one can crawl, so each factor in `factors` is tried from b₀ with geodesic
    acceleration (if `geodesic`) and up to `restarts` restarts (fresh trust region and
    scaling at the last point); the converged run with the lowest RSS wins and a few
    Gauss–Newton steps polish it. `Solution.fallback` says whether the search ran.
    """
    fn = _Quiet(residual)
    x0 = np.array(x0, dtype=float)
    path = [x0.copy()] if record_path else None
    with np.errstate(all="ignore"):
        first = _lm_run(fn, jacobian, x0, max_iter, ftol, xtol, gtol, False, path, factors[0],
                        scaling, ACCELERATE_AFTER * x0.size)
    first.path = path or []
    doubt = _doubt(first)
    if doubt is None or not fallback or first.iterations == 0:
        first.evaluations = fn.calls
        return first
    best = first
    total_iter = first.iterations
    for factor in factors:
        with np.errstate(all="ignore"):
            sol = _lm_restarting(fn, jacobian, x0, max_iter, ftol, xtol, gtol, geodesic, restarts,
                                 record_path, factor, scaling)
        total_iter += sol.iterations
        if (sol.converged, -sol.rss) > (best.converged, -best.rss):
            best = sol
    if best.converged:
        best = _polish(fn, jacobian, best)
    best.iterations = total_iter
    best.evaluations = fn.calls
    best.fallback = True
    best.reason += f" (the first run {doubt}: best of {len(factors)} initial trust regions)"
    return best


def _doubt(sol: Solution) -> str | None:
    """Why a run's answer needs the careful search, or None when it passed its own tests:
    converged; no parameter lost its grip on the model (a Jacobian column that fell to zero,
    or below √ε of the largest it had during the run: a plateau, not a minimum); the
    Jacobian of full numerical rank; and the Gauss–Newton step from there negligible
    (`SETTLED`: a run can also "converge" far out along a valley whose floor only levels
    off at infinity, as a·exp(−k x) + c does with k → 0)."""
    if not sol.converged:
        return "did not converge"
    if sol.rss == 0.0:
        return None
    colnorm = np.linalg.norm(sol.jacobian, axis=0)
    scale = sol.scale if sol.scale is not None else np.where(colnorm > 0, colnorm, 1.0)
    if np.any(colnorm <= np.sqrt(EPS) * scale):
        return "ended where the model no longer depends on a parameter"
    fac = sol.factored or factor_scaled(sol.jacobian, scale, sol.residuals)
    if fac.s.size < sol.x.size:
        return "ended where the parameters' effects on the model are not independent"
    step = _norm(fac.sz / fac.s**2)
    if not step <= SETTLED * _norm(scale * sol.x):
        return "ended where a Gauss-Newton step would still move the parameters"
    return None


#: The largest Gauss–Newton step (relative to the parameters, scaled) a converged run may end
#: with: every NIST StRD fit ends below 1e-9; a run that drifted off to infinity, far above.
SETTLED = 1e-6


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
    sol.factored = None  # it was of the Jacobian before the polish
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


#: Iterations per parameter after which a first run that has not converged is crawling along a
#: curved valley (MGH17, Bennett5) and takes geodesic acceleration for the rest of its way.
ACCELERATE_AFTER = 10

#: The largest condition number of the scaled Gram matrix JₛᵀJₛ that the normal equations
#: are trusted with (Jₛ's own is then below 1e4); above it Jₛ is factored orthogonally.
NORMAL_EQUATIONS_COND = 1e8
#: Rows per parameter from which the p × p normal equations (or QR) beat NumPy's thin SVD of
#: the whole Jₛ; below it the SVD is the cheaper call.
QR_ROWS = 200


@dataclass
class Factored:
    """The column-scaled Jacobian Jₛ = J/d as U diag(s) Vᵀ (numerical rank only), and
    sz = s·Uᵀr for the residual vector r the trust-region step needs.

    On short data from NumPy's thin SVD of Jₛ (there the cheapest call, QR included). On
    long data from the normal equations (eigenvectors of JₛᵀJₛ, U never formed) when they are
    well conditioned, else from the QR factorisation of [Jₛ r] (Q never formed) and the SVD
    of its p × p triangle. `project(v)` is s·Uᵀv = VᵀJₛᵀv.
    """

    s: np.ndarray
    Vt: np.ndarray
    sz: np.ndarray
    project: Callable[[np.ndarray], np.ndarray]


def factor_scaled(J: np.ndarray, d: np.ndarray, r: np.ndarray, gram: np.ndarray | None = None,
                  g: np.ndarray | None = None) -> Factored:
    """Factor J/d (d > 0: column scales) against the residuals r; `gram` = JᵀJ and
    `g` = Jᵀr when the caller has them (long data only)."""
    n, p = J.shape

    def project(v: np.ndarray) -> np.ndarray:
        return Vt @ ((J.T @ v) / d)

    if n < QR_ROWS * p:  # short data: one thin SVD costs about what one p × p eigh does
        U, s, Vt = np.linalg.svd(J / d, full_matrices=False)
        z = U.T @ r
    else:
        gram = J.T @ J if gram is None else gram
        w, V = np.linalg.eigh(gram / np.outer(d, d))
        if w.size and w[-1] > 0 and w[0] > w[-1] / NORMAL_EQUATIONS_COND:
            Vt = V[:, ::-1].T
            g = J.T @ r if g is None else g
            return Factored(np.sqrt(w[::-1]), Vt, Vt @ (g / d), project)
        R: np.ndarray = np.linalg.qr(np.column_stack([J / d, r]), mode="r")  # type: ignore[assignment]
        UR, s, Vt = np.linalg.svd(R[:p, :p])
        z = UR.T @ R[:p, p]
    keep = s > s[0] * EPS * max(n, p) if s.size else s > 0
    if not keep.all():
        s, Vt, z = s[keep], Vt[keep], z[keep]
    return Factored(s, Vt, s * z, project)


def _gram(J: np.ndarray) -> tuple[np.ndarray | None, np.ndarray]:
    """(JᵀJ on long data, else None; the column norms of J)."""
    if J.shape[0] < QR_ROWS * J.shape[1]:
        return None, np.sqrt(np.einsum("ij,ij->j", J, J))
    gram = J.T @ J
    return gram, np.sqrt(np.diag(gram))


def _lm_run(fn, jacobian, x, max_iter, ftol, xtol, gtol, geodesic, path, factor, scaling,
            accelerate_after: float = math.inf) -> Solution:
    r = fn(x)
    f = _sum_squares(r)
    J, failed = _cannot_start(x, r, f, jacobian, fn.calls, [])
    if failed:
        return failed
    gram, colnorm = _gram(J)
    d = np.where(colnorm > 0, colnorm, 1.0)
    delta = factor * _norm(d * x) or factor
    lam = 0.0
    reason, converged = "reached the iteration limit", False
    it = 0
    first = True
    while it < max_iter:
        it += 1
        if f == 0.0:
            reason, converged = "the residuals are exactly zero", True
            break
        g = J.T @ r
        # MINPACK's gradient test: the largest cosine between r and a column of J
        cosine = float((np.abs(g) / np.where(colnorm > 0, colnorm, np.inf)).max()) / math.sqrt(f)
        if cosine <= gtol:
            reason, converged = "the gradient is orthogonal to the residuals (gradient test)", True
            break
        d = np.maximum(d, colnorm) if scaling == "max" else np.where(colnorm > 0, colnorm, d)
        xnorm = _norm(d * x)
        fac = factor_scaled(J, d, r, gram, g)
        s, Vt, sz = fac.s, fac.Vt, fac.sz
        s2 = s * s
        gn_norm = _norm(sz / s2)
        if gn_norm <= LAST_STEP * xnorm:
            return _finish(fn, jacobian, Solution(x, r, J, f, it, fn.calls, True, _NEGLIGIBLE), d, path)
        lam = 0.0 if gn_norm <= 1.1 * delta else _trust_region_lambda(s, sz, delta, lam)
        accepted = False
        while not accepted:
            c = sz / (s2 + lam)
            p_scaled = -(Vt.T @ c)
            v = p_scaled / d
            # |r|² − |r + J v|², from the factors: exact, and free of cancellation near the end
            pred = float(np.sum(sz * c * (s2 + 2.0 * lam) / (s2 + lam)))
            step, step_norm = v, _norm(p_scaled)
            if geodesic or it > accelerate_after:
                h = 0.1
                r_h = fn(x + h * v)
                if np.all(np.isfinite(r_h)):
                    rvv = (2.0 / h) * ((r_h - r) / h - J @ v)
                    a = -(Vt.T @ (fac.project(rvv) / (s2 + lam))) / d
                    if 2.0 * _norm(d * a) <= 0.75 * step_norm:
                        step = v + 0.5 * a
                        step_norm = _norm(d * step)
            x_new = x + step
            r_new = fn(x_new)
            f_new = _sum_squares(r_new)
            rho = (f - f_new) / pred if pred > 0 else -1.0
            if first:  # MINPACK: the first trust region is at most the first step
                delta, first = min(delta, step_norm), False
            if rho <= 0.25:  # MINPACK's update of the trust region (lmder)
                if f_new <= f:
                    shrink = 0.5
                else:
                    slope = float(np.sum(sz * c))  # −(directional derivative of |r|²)
                    shrink = 0.5 * slope / (slope + 0.5 * (f_new - f)) if slope > 0 else 0.1
                if f_new >= 100.0 * f or not shrink >= 0.1:
                    shrink = 0.1
                delta = shrink * min(delta, 10.0 * step_norm)
            elif rho >= 0.75 or lam == 0.0:
                delta = 2.0 * step_norm
            # MINPACK's tests, on every trial step, taken or not: the RSS can no longer fall by
            # more than ftol (relative), or the trust region is below xtol of the parameters
            small = abs(f - f_new) <= ftol * f and pred <= ftol * f and rho <= 2.0
            # a step the model says is worth less than the RSS's rounding, whose RSS moved only
            # by rounding: no step can show progress any more (the end game settles the rest)
            settled = pred <= ROUNDING_RSS * f and abs(f - f_new) <= ROUNDING * f
            if rho > 1e-4 and f_new < f:
                J_new = np.asarray(jacobian(x_new), dtype=float)
                if not np.isfinite(J_new).all():
                    return Solution(x, r, J, f, it, fn.calls, False, _NO_DERIVATIVES, scale=d)
                accepted = True
                x, r, f, J = x_new, r_new, f_new, J_new
                gram, colnorm = _gram(J)
                if path is not None and len(path) < 100_000:
                    path.append(x.copy())
                if step_norm <= xtol * max(xnorm, EPS):
                    return _finish(fn, jacobian, Solution(x, r, J, f, it, fn.calls, True, _NEGLIGIBLE),
                                   d, path)
            elif delta <= xtol * max(xnorm, EPS) or step_norm <= EPS * max(xnorm, EPS):
                sol = _stopped(x, r, J, f, it, fn.calls)
                return _finish(fn, jacobian, sol, d, path) if sol.converged else sol
            if small:
                return _finish(fn, jacobian, Solution(
                    x, r, J, f, it, fn.calls, True,
                    "the relative reduction of the RSS fell below the tolerance"), d, path)
            if settled and not accepted:
                return _finish(fn, jacobian, Solution(
                    x, r, J, f, it, fn.calls, True,
                    "no step can lower the RSS by more than its rounding error"), d, path)
            if not accepted:
                lam = _trust_region_lambda(s, sz, delta, lam) if delta < gn_norm else 0.0
                it += 1
                if it >= max_iter:
                    break
        if not accepted:
            break
    sol = Solution(x, r, J, f, it, fn.calls, converged, reason, scale=d)
    return _finish(fn, jacobian, sol, d, path) if converged and f > 0 else sol


#: A full Gauss–Newton step shorter than this fraction of the parameters (in the scaled
#: norm) ends the run: it is not worth taking. Near the minimum the RSS changes too little
#: for rounding to show (a relative change of 1e-17 still moves a parameter in its 8th
#: digit when the residuals are large), so the parameters' own steps decide.
LAST_STEP = 1e-10
ROUNDING = 1e-10  # a final step may raise the RSS by this fraction (rounding) and still be taken
ROUNDING_RSS = 1e-13  # a predicted reduction below this fraction of the RSS is lost in rounding
_NEGLIGIBLE = "the step became negligible relative to the parameters"


def _finish(fn, jacobian, sol: Solution, d: np.ndarray, path, steps: int = 10) -> Solution:
    """End a converged run with full Gauss–Newton steps (λ = 0): each is taken unless the
    RSS visibly rises, while none is twice as long as the one before (they shrink, though
    not always at once), until one is negligible (`LAST_STEP`: not worth an evaluation)
    or `steps` were taken. The damped steps stop short, and where the residuals are large
    Gauss–Newton gains digits only linearly (ENSO: about a fifth of a digit a step), so
    the parameters' last digits come from these steps, not from the RSS. Keeps the
    factorisation of the final Jacobian for the checks and the covariance."""
    x, r, J, f = sol.x, sol.residuals, sol.jacobian, sol.rss
    previous = math.inf
    fac = None
    for _ in range(steps):
        fac = factor_scaled(J, d, r)
        if f == 0.0:
            break
        p_scaled = -(fac.Vt.T @ (fac.sz / fac.s**2))
        size = _norm(p_scaled)
        if size <= LAST_STEP * _norm(d * x) or not size < 2.0 * previous:
            break
        x_new = x + p_scaled / d
        r_new = fn(x_new)
        f_new = _sum_squares(r_new)
        if not f_new <= f * (1.0 + ROUNDING):
            break
        J_new = np.asarray(jacobian(x_new), dtype=float)
        if not np.all(np.isfinite(J_new)):
            break
        x, r, f, J, previous, fac = x_new, r_new, f_new, J_new, size, None
        sol.iterations += 1
        if path is not None and len(path) < 100_000:
            path.append(x.copy())
    sol.x, sol.residuals, sol.jacobian, sol.rss = x, r, J, f
    sol.evaluations, sol.scale = fn.calls, d
    sol.factored = fac if fac is not None else factor_scaled(J, d, r)
    return sol


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


def _cannot_start(x: np.ndarray, r: np.ndarray, f: float, jacobian: Jacobian, calls: int,
                  path: list) -> tuple[np.ndarray, Solution | None]:
    """The Jacobian at the start, and a failed Solution when the model or its derivatives
    cannot be evaluated there (a verdict, never an exception from the linear algebra)."""
    if not math.isfinite(f):
        J = np.full((r.size, x.size), np.nan)
        return J, Solution(x, r, J, f, 0, calls, False,
                           "the model cannot be evaluated at the starting point", path=path)
    J = np.asarray(jacobian(x), dtype=float)
    if not np.isfinite(J).all():
        return J, Solution(x, r, J, f, 0, calls, False,
                           "the model's derivatives cannot be evaluated at the starting point",
                           path=path)
    return J, None


_NO_DERIVATIVES = "the model's derivatives cannot be evaluated past this point"


def gauss_newton(
    residual: Residual, jacobian: Jacobian, x0: np.ndarray, *, max_iter: int = 200,
    ftol: float = 1e-14, record_path: bool = True,
) -> Solution:
    """Gauss–Newton steps (least-squares solve of J δ = −r), halving a step that raises the RSS."""
    fn = _Counted(residual)
    x = np.array(x0, dtype=float)
    r = fn(x)
    f = _rss(r)
    path = [x.copy()] if record_path else []
    J, failed = _cannot_start(x, r, f, jacobian, fn.calls, path)
    if failed:
        return failed
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
        if not np.isfinite(J).all():
            return Solution(x, r, J, f, it, fn.calls, False, _NO_DERIVATIVES, path=path)
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
    path = [x.copy()] if record_path else []
    J, failed = _cannot_start(x, r, f, jacobian, fn.calls, path)
    if failed:
        return failed
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
        if not np.isfinite(J).all():
            return Solution(x, r, J, f, it, fn.calls, False, _NO_DERIVATIVES, path=path)
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
    path = [x.copy()] if record_path else []
    J, failed = _cannot_start(x, r, f, jacobian, fn.calls, path)
    if failed:
        return failed
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
        if not np.isfinite(J).all():
            return Solution(x, r, J, f, it, fn.calls, False, _NO_DERIVATIVES, path=path)
        if f == 0.0 or rel <= ftol:
            return Solution(x, r, J, f, it, fn.calls, True,
                            "χ² stopped changing (relative change below the tolerance)", path=path)
    return Solution(x, r, J, f, max_iter, fn.calls, False,
                    f"took the {max_iter} fixed steps asked for; χ² was still changing", path=path)
