"""Interactive figures (issue 8): the server computes every value a control can reach; the page only picks.

Each data function samples its formula with the engine (`mvcalc.math.numeric`,
derivatives from `sympy.diff`, Newton–Raphson from `mvcalc.math.optimize.roots`,
contours from contourpy) on a grid of control positions, so the JS modules
never evaluate a formula.
"""

from __future__ import annotations

import re
from typing import Any

import contourpy
import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError, register
from mvcalc.course.figures._sampling import formula, interval, number, values
from mvcalc.math.input.reader import symbol
from mvcalc.math.optimize.roots import newton_expr

STEPS_H = (2.0, 1.0, 0.5, 0.25, 0.1, 0.01, 0.001)
SEXTIC = "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30"


def _clean(a: np.ndarray, digits: int = 5) -> list:
    """JSON-able floats, None where undefined or huge."""
    a = np.asarray(a, float)
    return [None if not np.isfinite(v) or abs(v) > 1e6 else round(float(v), digits) for v in a.ravel()]


def _one(expr: sp.Expr, xs: np.ndarray) -> np.ndarray:
    return values(expr, {"x": np.asarray(xs, float)}, np.shape(xs))


@register("secant-to-tangent", script="figures/secant-to-tangent.js")
def secant_to_tangent(params: dict[str, Any]) -> dict[str, Any]:
    """Rise over run: the secant through (a, f(a)) and (a+h, f(a+h)) for shrinking h, beside f′(a)."""
    f = formula(params, "f", ["x"], "x^2")
    lo, hi = interval(params, "range", (-1, 3))
    xs = np.linspace(lo, hi, 301)
    anchors = np.round(np.linspace(lo + 0.1 * (hi - lo), hi - 0.1 * (hi - lo), 41), 4)
    slope = sp.diff(f, symbol("x"))
    ys, fa, da = _one(f, xs), _one(f, anchors), _one(slope, anchors)
    table = []
    for a, value in zip(anchors, fa, strict=True):
        far = _one(f, a + np.array(STEPS_H))
        table.append({"a": float(a), "fa": _clean([value])[0], "fah": _clean(far),
                      "slope": _clean((far - value) / np.array(STEPS_H), 6)})
    start = int(np.argmin(np.abs(anchors - number(params, "a", float(anchors[len(anchors) // 2])))))
    finite = ys[np.isfinite(ys)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 1.0)
    pad = 0.1 * (high - low or 1)
    return {"bbox": [lo, high + pad, hi, low - pad], "curve": {"x": _clean(xs), "y": _clean(ys)},
            "h": list(STEPS_H), "anchors": table, "derivative": _clean(da, 6), "start": start,
            "latex": sp.latex(f), "derivative_latex": sp.latex(slope)}


def _run_reason(verdict: str, reason: str) -> str:
    """The engine's reason as the clause the caption puts in brackets after the verdict.

    The caption reads "x₀ = 1: converged to the root 1.23 (…)", so the clause drops what the
    caption already says (the verdict, "converged to 1.23") and its own brackets become commas:
    one pair of brackets, no repeated words.
    """
    clause = reason.removeprefix(f"{verdict}: ")
    if verdict == "converged":
        clause = re.sub(r"^converged to \S+ ", "", clause)
    if verdict == "stalled":
        clause = clause.removeprefix("stalled ")
    return clause.replace(" (", ", ").replace(")", "")


@register("newton-explorer", script="figures/newton-explorer.js")
def newton_explorer(params: dict[str, Any]) -> dict[str, Any]:
    """Newton–Raphson from a starting point chosen with a slider: converging, oscillating or diverging."""
    f = formula(params, "f", ["x"], SEXTIC)
    lo, hi = interval(params, "range", (-5, 5))
    steps = int(number(params, "steps", 12))
    if not 1 <= steps <= 40:
        raise FigureError("`steps` must be between 1 and 40")
    xs = np.linspace(lo, hi, 401)
    ys = _one(f, xs)
    starts = np.round(np.linspace(lo, hi, 201), 4)
    runs = []
    for x0 in starts:
        result = newton_expr(f, float(x0), "x", max_iter=60)
        path = [float(p) for p in result.path[: steps + 1]]
        runs.append({"x0": float(x0), "path": _clean(path, 6), "f": _clean(_one(f, np.array(path)), 6),
                     "verdict": result.verdict, "reason": _run_reason(result.verdict, result.reason),
                     "root": None if result.root is None else round(float(result.root), 8)})
    finite = ys[np.isfinite(ys)]
    low, high = float(np.percentile(finite, 2)), float(np.percentile(finite, 98))
    pad = 0.1 * (high - low or 1)
    start = int(np.argmin(np.abs(starts - number(params, "x0", 1.99))))
    return {"bbox": [lo, high + pad, hi, low - pad], "curve": {"x": _clean(xs), "y": _clean(ys)},
            "runs": runs, "start": start, "latex": sp.latex(f)}


@register("gradient-contours", script="figures/gradient-contours.js")
def gradient_contours(params: dict[str, Any]) -> dict[str, Any]:
    """Contours of f(x, y) and the Jacobian arrow at a movable point, perpendicular to its contour."""
    f = formula(params, "f", ["x", "y"], "x^2 + 3y^2 - x y")
    xr, yr = interval(params, "xrange", (-2, 2)), interval(params, "yrange", (-2, 2))
    gx, gy = np.meshgrid(np.linspace(*xr, 121), np.linspace(*yr, 121))
    z = values(f, {"x": gx, "y": gy}, gx.shape)
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        raise FigureError("f is undefined on the whole range")
    levels = np.linspace(*np.percentile(finite, [2, 98]), 12)
    gen = contourpy.contour_generator(gx, gy, np.where(np.isfinite(z), z, np.nan))
    contours = [{"level": round(float(c), 4),
                 "lines": [[_clean(line[:, 0], 4), _clean(line[:, 1], 4)] for line in gen.lines(c)]}
                for c in levels]
    px, py = np.meshgrid(np.linspace(*xr, 25), np.linspace(*yr, 25))
    dfx, dfy = (values(sp.diff(f, symbol(v)), {"x": px, "y": py}, px.shape) for v in ("x", "y"))
    return {"bbox": [xr[0], yr[1], xr[1], yr[0]], "contours": contours, "xs": _clean(px[0], 5),
            "ys": _clean(py[:, 0], 5), "f": [_clean(r) for r in values(f, {"x": px, "y": py}, px.shape)],
            "fx": [_clean(r) for r in dfx], "fy": [_clean(r) for r in dfy], "latex": sp.latex(f)}
