"""Interactive figures that link two views: a function and its derivative; a surface and its tangent plane.

As in `interactive`, the server computes every value a control can reach (derivatives
from `sympy.diff`, values with `mvcalc.math.numeric`); the page only picks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError, register
from mvcalc.course.figures._sampling import formula, interval, values
from mvcalc.course.figures.interactive import _clean
from mvcalc.math.input.reader import symbol

OFFSETS = np.round(np.linspace(-1.0, 1.0, 9), 4)


def _nested(a: np.ndarray) -> list:
    """[j][i][q][p] as nested lists, None where undefined (valid JSON: no NaN)."""
    return [[[_clean(row) for row in block] for block in plane] for plane in a]


@register("derivative-pair", script="figures/derivative-pair.js")
def derivative_pair(params: dict[str, Any]) -> dict[str, Any]:
    """A function and its derivative, linked: move x and see f(x) on one curve and f′(x) on the other."""
    f = formula(params, "f", ["x"], "x^3 - 3x")
    lo, hi = interval(params, "range", (-2.5, 2.5))
    xs = np.linspace(lo, hi, 301)
    df = sp.diff(f, symbol("x"))
    ys, dys = values(f, {"x": xs}, xs.shape), values(df, {"x": xs}, xs.shape)
    marks = np.round(np.linspace(lo, hi, 101), 4)
    both = np.concatenate([ys[np.isfinite(ys)], dys[np.isfinite(dys)]])
    if both.size == 0:
        raise FigureError("f is undefined on the whole range")
    low, high = float(np.percentile(both, 1)), float(np.percentile(both, 99))
    pad = 0.1 * (high - low or 1)
    return {"bbox": [lo, high + pad, hi, low - pad], "x": _clean(xs), "f": _clean(ys), "df": _clean(dys),
            "marks": marks.tolist(), "f_at": _clean(values(f, {"x": marks}, marks.shape)),
            "df_at": _clean(values(df, {"x": marks}, marks.shape)), "latex": [sp.latex(f), sp.latex(df)]}


@register("tangent-plane", script="figures/tangent-plane.js")
def tangent_plane(params: dict[str, Any]) -> dict[str, Any]:
    """Linearisation: the tangent plane L at (x₀, y₀) and its error |f − L| a step (Δx, Δy) away."""
    f = formula(params, "f", ["x", "y"], "sin(x) cos(y) + x^2/4")
    xr, yr = interval(params, "xrange", (-2, 2)), interval(params, "yrange", (-2, 2))
    bx, by = np.linspace(*xr, 11), np.linspace(*yr, 11)
    fx_e, fy_e = sp.diff(f, symbol("x")), sp.diff(f, symbol("y"))
    base_x, base_y = np.meshgrid(bx, by)  # [j][i]
    f0 = values(f, {"x": base_x, "y": base_y}, base_x.shape)
    fx = values(fx_e, {"x": base_x, "y": base_y}, base_x.shape)
    fy = values(fy_e, {"x": base_x, "y": base_y}, base_x.shape)
    # true values at every base point + every offset: shape (11, 11, 9, 9) as [j][i][q][p]
    dx, dy = np.meshgrid(OFFSETS, OFFSETS)
    X = base_x[:, :, None, None] + dx[None, None]
    Y = base_y[:, :, None, None] + dy[None, None]
    true = values(f, {"x": X, "y": Y}, X.shape)
    linear = f0[:, :, None, None] + fx[:, :, None, None] * dx + fy[:, :, None, None] * dy
    return {"bbox": [xr[0] - 1, yr[1] + 1, xr[1] + 1, yr[0] - 1], "x0": _clean(bx), "y0": _clean(by),
            "offsets": OFFSETS.tolist(), "f0": [_clean(r) for r in f0], "fx": [_clean(r) for r in fx],
            "fy": [_clean(r) for r in fy], "true": _nested(true), "linear": _nested(linear),
            "latex": sp.latex(f)}
