"""The built-in figures, drawn as static plots by `figures/plot.js` from data computed here.

Each returns {"bbox", "curves", "points", "segments", "arrows", "xlabel", "ylabel"};
issue 8's interactive figures may replace any of them by registering the same name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError, register
from mvcalc.course.figures._sampling import (
    bbox,
    curve,
    formula,
    interval,
    json_list,
    latex,
    number,
    point_value,
    values,
)


def _symbol(name: str) -> sp.Symbol:
    from mvcalc.math.input.reader import symbol

    return symbol(name)


def _plot(curves, points=(), segments=(), arrows=(), lo=-3.0, hi=3.0, extra_y=(), xlabel="x", ylabel="y"):
    return {
        "bbox": bbox(list(curves), lo, hi, list(extra_y)),
        "curves": list(curves),
        "points": list(points),
        "segments": list(segments),
        "arrows": list(arrows),
        "xlabel": xlabel,
        "ylabel": ylabel,
    }


def _taylor(expr: sp.Expr, x: sp.Symbol, a: float, order: int) -> sp.Expr:
    a_exact = sp.nsimplify(a)
    term, total = expr, sp.Integer(0)
    for k in range(order + 1):
        total += term.subs(x, a_exact) / sp.factorial(k) * (x - a_exact) ** k
        term = sp.diff(term, x)
    return total


@register("function")
def function_plot(params: dict[str, Any]) -> dict[str, Any]:
    """Graphs of one or more functions of x (`f`, or `functions: [..]`)."""
    lo, hi = interval(params, "range", (-3, 3))
    texts = params.get("functions") or [params.get("f")]
    if not isinstance(texts, list) or not texts or texts[0] is None:
        raise FigureError("the figure needs `f` or `functions: [..]`")
    curves = []
    for i, text in enumerate(texts):
        expr = formula({"f": text}, "f", ["x"])
        curves.append(curve(expr, "x", lo, hi, f"${latex(expr)}$", color=i))
    return _plot(curves, lo=lo, hi=hi)


@register("rise-over-run")
def rise_over_run(params: dict[str, Any]) -> dict[str, Any]:
    """A curve, two points on it and the rise and run between them (`f`, `a`, `h`)."""
    lo, hi = interval(params, "range", (-1, 3))
    f = formula(params, "f", ["x"])
    a, h = number(params, "a", 1.0), number(params, "h", 1.0)
    fa, fb = point_value(f, {"x": a}), point_value(f, {"x": a + h})
    slope = (fb - fa) / h if h else 0.0
    return _plot(
        [curve(f, "x", lo, hi, f"$f(x) = {latex(f)}$")],
        points=[{"x": a, "y": fa, "label": "A"}, {"x": a + h, "y": fb, "label": "B"}],
        segments=[
            {"from": [a, fa], "to": [a + h, fa], "label": "run", "dash": True},
            {"from": [a + h, fa], "to": [a + h, fb], "label": "rise", "dash": True},
            {"from": [lo, fa + slope * (lo - a)], "to": [hi, fa + slope * (hi - a)], "label": f"slope {slope:.4g}"},
        ],
        lo=lo,
        hi=hi,
        extra_y=[fa, fb],
    )


@register("derivative-link")
def derivative_link(params: dict[str, Any]) -> dict[str, Any]:
    """A function and its derivative on the same axes (`f`)."""
    lo, hi = interval(params, "range", (-3, 3))
    f = formula(params, "f", ["x"])
    df = sp.diff(f, _symbol("x"))
    return _plot(
        [curve(f, "x", lo, hi, f"$f(x) = {latex(f)}$", color=0), curve(df, "x", lo, hi, f"$f'(x) = {latex(df)}$", color=1)],
        lo=lo,
        hi=hi,
    )


@register("linearisation")
def linearisation(params: dict[str, Any]) -> dict[str, Any]:
    """A function and its tangent line (first-order Taylor polynomial) at `a`."""
    lo, hi = interval(params, "range", (-3, 3))
    f = formula(params, "f", ["x"])
    a = number(params, "a", 0.0)
    line = _taylor(f, _symbol("x"), a, 1)
    fa = point_value(f, {"x": a})
    return _plot(
        [curve(f, "x", lo, hi, f"$f(x) = {latex(f)}$", color=0), curve(line, "x", lo, hi, f"tangent at $x = {a:g}$", color=1)],
        points=[{"x": a, "y": fa, "label": ""}],
        lo=lo,
        hi=hi,
    )


@register("taylor-explorer")
def taylor_explorer(params: dict[str, Any]) -> dict[str, Any]:
    """A function and its Taylor polynomials of the given orders about `a`."""
    lo, hi = interval(params, "range", (-3, 3))
    f = formula(params, "f", ["x"])
    a = number(params, "a", 0.0)
    orders = params.get("orders", [1, 2, 3])
    if not isinstance(orders, list) or not all(isinstance(n, int) and 0 <= n <= 12 for n in orders):
        raise FigureError("`orders` must be a list of whole numbers from 0 to 12")
    x = _symbol("x")
    curves = [curve(f, "x", lo, hi, f"$f(x) = {latex(f)}$", color=0)]
    curves += [curve(_taylor(f, x, a, n), "x", lo, hi, f"order {n}", color=i + 1, dash=True) for i, n in enumerate(orders)]
    return _plot(curves[:1], lo=lo, hi=hi) | {"curves": curves, "points": [{"x": a, "y": point_value(f, {"x": a}), "label": ""}]}


@register("newton-stepper")
def newton_stepper(params: dict[str, Any]) -> dict[str, Any]:
    """Newton–Raphson steps x ← x − f(x)/f′(x) from `x0`, drawn as tangent lines."""
    lo, hi = interval(params, "range", (-3, 3))
    f = formula(params, "f", ["x"])
    df = sp.diff(f, _symbol("x"))
    x, steps = number(params, "x0", 1.0), int(number(params, "steps", 4))
    points, segments = [], []
    for i in range(max(0, min(steps, 20))):
        fx, dfx = point_value(f, {"x": x}), point_value(df, {"x": x})
        points.append({"x": x, "y": fx, "label": f"x{i}"})
        if dfx == 0:
            break
        nxt = x - fx / dfx
        segments.append({"from": [x, fx], "to": [nxt, 0.0], "dash": True, "label": ""})
        x = nxt
    return _plot([curve(f, "x", lo, hi, f"$f(x) = {latex(f)}$")], points=points, segments=segments, lo=lo, hi=hi)


@register("neuron")
def neuron(params: dict[str, Any]) -> dict[str, Any]:
    """The output a = σ(w·x + b) of one neuron as its input x varies (`w`, `b`)."""
    lo, hi = interval(params, "range", (-4, 4))
    w, b = number(params, "w", 1.0), number(params, "b", 0.0)
    activation = params.get("activation", "sigmoid")
    if activation not in ("sigmoid", "tanh"):
        raise FigureError("`activation` must be sigmoid or tanh")
    expr = formula({"f": f"{activation}({w:g} x + {b:g})"}, "f", ["x"])
    return _plot([curve(expr, "x", lo, hi, f"$a = {latex(expr)}$")], lo=lo, hi=hi, xlabel="x", ylabel="a")


def _two_d(params: dict[str, Any]) -> tuple[sp.Expr, tuple[float, float], tuple[float, float]]:
    return formula(params, "f", ["x", "y"]), interval(params, "xrange", (-2, 2)), interval(params, "yrange", (-2, 2))


def _arrow_field(expr: sp.Expr, xr, yr, n: int = 11) -> list[dict[str, Any]]:
    x, y = _symbol("x"), _symbol("y")
    gx, gy = np.meshgrid(np.linspace(*xr, n), np.linspace(*yr, n))
    env = {"x": gx.ravel(), "y": gy.ravel()}
    u = values(sp.diff(expr, x), env, gx.ravel().shape)
    v = values(sp.diff(expr, y), env, gx.ravel().shape)
    length = np.hypot(u, v)
    finite = np.isfinite(length)
    scale = 0.8 * (xr[1] - xr[0]) / n / (np.nanmax(length[finite]) if finite.any() and np.nanmax(length[finite]) > 0 else 1)
    return [
        {"from": [float(px), float(py)], "to": [float(px + scale * du), float(py + scale * dv)]}
        for px, py, du, dv, ok in zip(env["x"], env["y"], u, v, finite, strict=True)
        if ok
    ]


@register("gradient-field")
def gradient_field(params: dict[str, Any]) -> dict[str, Any]:
    """Arrows of the gradient ∇f of f(x, y) on a grid (longest arrow scaled to fit)."""
    f, xr, yr = _two_d(params)
    return {
        "bbox": [xr[0], yr[1], xr[1], yr[0]],
        "curves": [],
        "points": [],
        "segments": [],
        "arrows": _arrow_field(f, xr, yr),
        "xlabel": "x",
        "ylabel": "y",
        "title": f"$\\nabla f$ for $f = {latex(f)}$",
    }


@register("partials-surface")
def partials_surface(params: dict[str, Any]) -> dict[str, Any]:
    """Slices of f(x, y) along y = const: each slice's slope is the partial ∂f/∂x."""
    f, xr, _ = _two_d(params)
    slices = params.get("slices", [-1, 0, 1])
    if not isinstance(slices, list) or not all(isinstance(s, int | float) for s in slices):
        raise FigureError("`slices` must be a list of y values")
    y = _symbol("y")
    curves = [curve(f.subs(y, sp.nsimplify(s)), "x", *xr, f"$y = {s:g}$", color=i) for i, s in enumerate(slices)]
    return _plot(curves, lo=xr[0], hi=xr[1], xlabel="x", ylabel="f(x, y)")


@register("taylor-2d")
def taylor_2d(params: dict[str, Any]) -> dict[str, Any]:
    """f(x, y) and its first- and second-order Taylor approximations about (a, b), along y = b."""
    f, xr, _ = _two_d(params)
    a, b = number(params, "a", 0.0), number(params, "b", 0.0)
    x, y = _symbol("x"), _symbol("y")
    slice_f = f.subs(y, sp.nsimplify(b))
    curves = [curve(slice_f, "x", *xr, f"$f(x, {b:g})$", color=0)]
    curves += [curve(_taylor(slice_f, x, a, n), "x", *xr, f"order {n}", color=n, dash=True) for n in (1, 2)]
    return _plot(curves, lo=xr[0], hi=xr[1], xlabel="x", ylabel="f")


def _zero_crossings(gx: np.ndarray, gy: np.ndarray, gv: np.ndarray) -> list[tuple[float, float]]:
    """Points of the curve g = 0 where it crosses the grid's rows and its columns (linear interpolation)."""
    found = []
    for axis in (1, 0):
        a = gv[:, :-1] if axis == 1 else gv[:-1, :]
        b = gv[:, 1:] if axis == 1 else gv[1:, :]
        rows, cols = np.nonzero((np.signbit(a) != np.signbit(b)) & np.isfinite(a) & np.isfinite(b))
        t = a[rows, cols] / (a[rows, cols] - b[rows, cols])
        r2, c2 = (rows, cols + 1) if axis == 1 else (rows + 1, cols)
        px = gx[rows, cols] + t * (gx[r2, c2] - gx[rows, cols])
        py = gy[rows, cols] + t * (gy[r2, c2] - gy[rows, cols])
        found += [(round(float(u), 4), round(float(v), 4)) for u, v in zip(px, py, strict=True)]
    return found


@register("lagrange")
def lagrange(params: dict[str, Any]) -> dict[str, Any]:
    """The gradient field of f and the constraint curve g(x, y) = 0 (found on a grid)."""
    f, xr, yr = _two_d(params)
    g = formula(params, "g", ["x", "y"])
    n = 121
    gx, gy = np.meshgrid(np.linspace(*xr, n), np.linspace(*yr, n))
    gv = values(g, {"x": gx, "y": gy}, gx.shape)
    curve_points = [{"x": u, "y": v, "label": "", "size": 1} for u, v in _zero_crossings(gx, gy, gv)]
    return {
        "bbox": [xr[0], yr[1], xr[1], yr[0]],
        "curves": [],
        "points": curve_points,
        "segments": [],
        "arrows": _arrow_field(f, xr, yr),
        "xlabel": "x",
        "ylabel": "y",
        "title": f"$\\nabla f$ for $f = {latex(f)}$ and $g = {latex(g)} = 0$",
    }


@register("regression")
def regression(params: dict[str, Any]) -> dict[str, Any]:
    """Data points and their least-squares straight line y = m x + c."""
    xs, ys = params.get("x"), params.get("y")
    if not (isinstance(xs, list) and isinstance(ys, list) and len(xs) == len(ys) >= 2):
        raise FigureError("the figure needs lists `x` and `y` of the same length (at least 2)")
    if not all(isinstance(v, int | float) for v in xs + ys):
        raise FigureError("`x` and `y` must hold numbers")
    X, Y = np.array(xs, float), np.array(ys, float)
    (m, c), *_ = np.linalg.lstsq(np.column_stack([X, np.ones_like(X)]), Y, rcond=None)
    lo, hi = float(X.min()) - 1, float(X.max()) + 1
    line = {"label": f"$y = {m:.3g}x + {c:.3g}$", "x": json_list(np.array([lo, hi])), "y": json_list(np.array([m * lo + c, m * hi + c]))}
    return _plot([line], points=[{"x": u, "y": v, "label": ""} for u, v in zip(xs, ys, strict=True)], lo=lo, hi=hi, extra_y=ys)


@register("curves")
def curves(params: dict[str, Any]) -> dict[str, Any]:
    """Curves given as data (an exercise's figure): `curves: [{f, xmin, xmax, label}]`, `points`, `ylim`."""
    items = params.get("curves")
    if not isinstance(items, list) or not items:
        raise FigureError("the figure needs `curves: [{f, xmin, xmax}]`")
    drawn = []
    for i, item in enumerate(items):
        if not isinstance(item, dict):
            raise FigureError("each curve is {f, xmin, xmax, label}")
        lo, hi = interval({"r": [item.get("xmin", -3), item.get("xmax", 3)]}, "r", (-3, 3))
        expr = formula(item, "f", ["x"])
        drawn.append(curve(expr, "x", lo, hi, str(item.get("label", "")), color=i))
    lo = min(c["x"][0] for c in drawn)
    hi = max(c["x"][-1] for c in drawn)
    points = [{"x": float(p[0]), "y": float(p[1]), "label": ""} for p in params.get("points") or []]
    data = _plot(drawn, points=points, lo=lo, hi=hi)
    ylim = params.get("ylim")
    if isinstance(ylim, list | tuple) and len(ylim) == 2:
        data["bbox"] = [lo, float(ylim[1]), hi, float(ylim[0])]
    if params.get("title"):
        data["title"] = str(params["title"])
    return data
