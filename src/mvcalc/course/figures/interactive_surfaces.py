"""Interactive figures of functions of two variables: slices and partials; Lagrange multipliers.

As in `interactive`, the server computes every value a control can reach
(derivatives from `sympy.diff`, the constraint curve from contourpy, the
stationary points from `mvcalc.math.optimize.constrained`); the page only picks.
"""

from __future__ import annotations

from typing import Any

import contourpy
import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError, register
from mvcalc.course.figures._sampling import formula, interval, values
from mvcalc.course.figures.interactive import _clean
from mvcalc.math.input.reader import symbol
from mvcalc.math.optimize.constrained import lagrange

SLICE_POINTS = 21


@register("partial-slices", script="figures/partial-slices.js")
def partial_slices(params: dict[str, Any]) -> dict[str, Any]:
    """Partial derivatives: the slices f(t, y₀) and f(x₀, t) of a surface and their slopes ∂f/∂x, ∂f/∂y."""
    f = formula(params, "f", ["x", "y"], "x^2 y - y^2/2 + x")
    xr, yr = interval(params, "xrange", (-2, 2)), interval(params, "yrange", (-2, 2))
    ts_x, ts_y = np.linspace(*xr, 161), np.linspace(*yr, 161)
    x0s, y0s = np.linspace(*xr, SLICE_POINTS), np.linspace(*yr, SLICE_POINTS)
    along_x = [_clean(values(f, {"x": ts_x, "y": np.full_like(ts_x, y0)}, ts_x.shape)) for y0 in y0s]
    along_y = [_clean(values(f, {"x": np.full_like(ts_y, x0), "y": ts_y}, ts_y.shape)) for x0 in x0s]
    gx, gy = np.meshgrid(x0s, y0s)  # [j][i]: y = y0s[j], x = x0s[i]
    fx, fy = (values(sp.diff(f, symbol(v)), {"x": gx, "y": gy}, gx.shape) for v in ("x", "y"))
    fv = values(f, {"x": gx, "y": gy}, gx.shape)
    every = [v for row in along_x + along_y for v in row if v is not None]
    if not every:
        raise FigureError("f is undefined on the whole range")
    low, high = min(every), max(every)
    pad = 0.1 * (high - low or 1)
    return {"bbox": [min(xr[0], yr[0]), high + pad, max(xr[1], yr[1]), low - pad],
            "tx": _clean(ts_x), "ty": _clean(ts_y), "x0": _clean(x0s), "y0": _clean(y0s),
            "along_x": along_x, "along_y": along_y, "f": [_clean(r) for r in fv],
            "fx": [_clean(r) for r in fx], "fy": [_clean(r) for r in fy], "latex": sp.latex(f)}


@register("lagrange-parallel", script="figures/lagrange-parallel.js")
def lagrange_parallel(params: dict[str, Any]) -> dict[str, Any]:
    """Lagrange multipliers: move along g = 0 and watch ∇f and ∇g become parallel at the solutions."""
    f = formula(params, "f", ["x", "y"], "x^2 y")
    g = formula(params, "g", ["x", "y"], "x^2 + y^2 - 1")
    xr, yr = interval(params, "xrange", (-1.6, 1.6)), interval(params, "yrange", (-1.6, 1.6))
    gx, gy = np.meshgrid(np.linspace(*xr, 161), np.linspace(*yr, 161))
    fz, gz = values(f, {"x": gx, "y": gy}, gx.shape), values(g, {"x": gx, "y": gy}, gx.shape)
    lines = contourpy.contour_generator(gx, gy, gz).lines(0.0)
    if not lines:
        raise FigureError("the constraint g = 0 does not cross the range")
    curve = max(lines, key=len)
    step = max(1, len(curve) // 120)
    pts = curve[::step]
    env = {"x": pts[:, 0], "y": pts[:, 1]}
    grads = {name: [values(sp.diff(e, symbol(v)), env, pts[:, 0].shape) for v in ("x", "y")]
             for name, e in (("f", f), ("g", g))}
    cross = grads["f"][0] * grads["g"][1] - grads["f"][1] * grads["g"][0]
    finite = fz[np.isfinite(fz)]
    levels = np.linspace(*np.percentile(finite, [3, 97]), 11)
    contour_gen = contourpy.contour_generator(gx, gy, fz)
    contours = [[[_clean(ln[:, 0], 4), _clean(ln[:, 1], 4)] for ln in contour_gen.lines(c)] for c in levels]
    try:
        solved = lagrange(f, [g], ["x", "y"], timeout=5.0)
        solutions = [{"x": p.point["x"], "y": p.point["y"], "value": p.value, "kind": p.kind} for p in solved.points]
    except ValueError as exc:
        raise FigureError(f"Lagrange: {exc}") from None
    return {"bbox": [xr[0], yr[1], xr[1], yr[0]], "contours": contours,
            "curve": [_clean(curve[:, 0], 4), _clean(curve[:, 1], 4)],
            "points": [_clean(pts[:, 0], 5), _clean(pts[:, 1], 5)], "f": _clean(values(f, env, pts[:, 0].shape)),
            "grad_f": [_clean(v) for v in grads["f"]], "grad_g": [_clean(v) for v in grads["g"]],
            "cross": _clean(cross), "solutions": solutions, "latex": [sp.latex(f), sp.latex(g)]}
