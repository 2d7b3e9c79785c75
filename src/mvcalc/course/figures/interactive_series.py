"""Interactive figures for series and fits: Taylor polynomials by order and point; a line fit with live χ².

As in `interactive`, the server computes every value a control can reach (Taylor
terms from `mvcalc.math.series.expansion`, χ² on a grid of slopes and intercepts, the
least-squares line from `mvcalc.math.fit.nonlinear`); the page only picks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError, register
from mvcalc.course.figures._sampling import formula, interval, number, values
from mvcalc.course.figures.interactive import _clean
from mvcalc.math.fit.nonlinear import fit
from mvcalc.math.series import TaylorError, taylor

MAX_SHOWN = 10


def _numbers(params: dict[str, Any], key: str, default: list[float]) -> list[float]:
    value = params.get(key, default)
    if not isinstance(value, list) or not value or not all(
        isinstance(v, int | float) and not isinstance(v, bool) and np.isfinite(v) for v in value
    ):
        raise FigureError(f"`{key}` must be a list of numbers")
    return [float(v) for v in value]


@register("taylor-orders", script="figures/taylor-orders.js")
def taylor_orders(params: dict[str, Any]) -> dict[str, Any]:
    """Taylor series explorer: choose a point and an order; the polynomial and its error |f − Pₙ|."""
    f = formula(params, "f", ["x"], "ln(1 + x)")
    lo, hi = interval(params, "range", (-0.95, 3))
    points = _numbers(params, "points", [0.0, 1.0])
    top = int(number(params, "max_order", 8))
    if not 0 <= top <= MAX_SHOWN:
        raise FigureError(f"`max_order` must be between 0 and {MAX_SHOWN}")
    xs = np.linspace(lo, hi, 301)
    ys = values(f, {"x": xs}, xs.shape)
    series = []
    for a in points:
        try:
            full = taylor(f, {"x": a}, top)
        except TaylorError as exc:
            raise FigureError(f"no Taylor series at x = {a:g}: {exc}") from None
        polys, errors = [], []
        for n in range(top + 1):
            p = sp.Add(*(t.coefficient * t.monomial for t in full.terms if t.order <= n))
            pv = values(p, {"x": xs}, xs.shape) if p.free_symbols else np.full(xs.shape, float(p))
            polys.append(_clean(pv))
            errors.append(_clean(np.abs(ys - pv)))
        series.append({"a": a, "fa": _clean([values(f, {"x": np.array([a])}, (1,))[0]])[0], "poly": polys,
                       "error": errors, "latex": [sp.latex(sp.Add(*(t.coefficient * t.monomial
                                                                    for t in full.terms if t.order <= n)))
                                                  for n in range(top + 1)]})
    finite = ys[np.isfinite(ys)]
    low, high = float(finite.min()), float(finite.max())
    pad = 0.25 * (high - low or 1)
    return {"bbox": [lo, high + pad, hi, low - pad], "x": _clean(xs), "f": _clean(ys), "series": series,
            "latex": sp.latex(f)}


@register("line-fit", script="figures/line-fit.js")
def line_fit(params: dict[str, Any]) -> dict[str, Any]:
    """A straight line y = m x + c over data with m and c sliders and χ² live; the least-squares best."""
    xs = np.array(_numbers(params, "x", [0, 1, 2, 3, 4, 5, 6, 7]))
    ys = np.array(_numbers(params, "y", [1.1, 2.9, 5.2, 6.8, 9.1, 11.2, 12.8, 15.1]))
    if xs.size != ys.size or xs.size < 2:
        raise FigureError("`x` and `y` need the same number of values, at least 2")
    sigma = number(params, "sigma", 0.5)
    if sigma <= 0:
        raise FigureError("`sigma` must be positive")
    best = fit("m x + c", {"x": xs}, ys, {"m": 0.0, "c": 0.0}, sigma=sigma)
    m0, c0 = best.parameters["m"], best.parameters["c"]
    ms = np.round(np.linspace(m0 - 2, m0 + 2, 81), 4)
    cs = np.round(np.linspace(c0 - 4, c0 + 4, 81), 4)
    resid = ys[None, None, :] - (ms[None, :, None] * xs[None, None, :] + cs[:, None, None])
    chi2 = ((resid / sigma) ** 2).sum(axis=2)  # chi2[j][i]: c = cs[j], m = ms[i]
    pad = 0.1 * (ys.max() - ys.min() or 1)
    span = xs.max() - xs.min() or 1
    return {"bbox": [float(xs.min() - 0.1 * span), float(ys.max() + pad), float(xs.max() + 0.1 * span),
                     float(ys.min() - pad)], "x": xs.tolist(), "y": ys.tolist(), "m": ms.tolist(), "c": cs.tolist(),
            "chi2": [[round(float(v), 4) for v in row] for row in chi2],
            "best": {"m": round(float(m0), 6), "c": round(float(c0), 6), "chi2": round(float(best.rss), 6)}}


@register("taylor-2d-orders", script="figures/taylor-2d-orders.js")
def taylor_2d_orders(params: dict[str, Any]) -> dict[str, Any]:
    """2-D Taylor: orders 0, 1, 2 of f(x, y) at a chosen point, along the slices through it."""
    f = formula(params, "f", ["x", "y"], "e^(x y) + x")
    raw = params.get("points", [[0.5, 0.5], [0.0, 1.0], [-0.5, 0.2]])
    if not isinstance(raw, list) or not raw or not all(isinstance(p, list) and len(p) == 2 for p in raw):
        raise FigureError("`points` must be a list of [a, b] pairs")
    points = [_numbers({"p": p}, "p", []) for p in raw]
    half = number(params, "half_width", 1.5)
    if not 0 < half <= 10:
        raise FigureError("`half_width` must be between 0 and 10")
    ts = np.linspace(-half, half, 121)
    out = []
    for a, b in points:
        try:
            full = taylor(f, {"x": a, "y": b}, 2)
        except TaylorError as exc:
            raise FigureError(f"no Taylor series at ({a:g}, {b:g}): {exc}") from None
        along = {"x": {"x": a + ts, "y": np.full_like(ts, b)}, "y": {"x": np.full_like(ts, a), "y": b + ts}}
        entry = {"a": a, "b": b, "f": {k: _clean(values(f, env, ts.shape)) for k, env in along.items()},
                 "poly": {}, "latex": []}
        for n in range(3):
            p = sp.Add(*(t.coefficient * t.monomial for t in full.terms if t.order <= n))
            entry["latex"].append(sp.latex(p))
            entry["poly"][n] = {k: _clean(values(p, env, ts.shape) if p.free_symbols else np.full(ts.shape, float(p)))
                                for k, env in along.items()}
        out.append(entry)
    every = [v for e in out for k in ("x", "y") for v in e["f"][k] if v is not None]
    if not every:
        raise FigureError("f is undefined around the points")
    low, high = min(every), max(every)
    pad = 0.2 * (high - low or 1)
    return {"bbox": [-half, high + pad, half, low - pad], "t": _clean(ts), "points": out, "latex": sp.latex(f)}


GAUSSIAN = "exp(-(x - mu)^2/(2 sigma^2))/(sigma sqrt(2 pi))"


@register("gaussian-fit", script="figures/gaussian-fit.js")
def gaussian_fit(params: dict[str, Any]) -> dict[str, Any]:
    """A Gaussian fitted to a seeded height histogram by fixed-step steepest descent: its path on the χ² map."""
    import contourpy

    from mvcalc.math.fit.nonlinear import FitError
    from mvcalc.math.input.reader import parse

    mean, sd = number(params, "mean", 178.0), number(params, "sd", 8.0)
    steps, aggression = int(number(params, "steps", 50)), number(params, "aggression", 2000.0)
    start = (number(params, "mu0", 155.0), number(params, "sigma0", 6.0))
    if not (100 <= mean <= 250 and 2 <= sd <= 30 and 1 <= steps <= 200 and aggression > 0 and start[1] > 0):
        raise FigureError("choose 100 ≤ mean ≤ 250, 2 ≤ sd ≤ 30, 1 ≤ steps ≤ 200, aggression > 0, sigma0 > 0")
    heights = np.random.default_rng(int(number(params, "seed", 1))).normal(mean, sd, 2000)
    edges = np.arange(mean - 40, mean + 40.1, 2.5)
    y, _ = np.histogram(heights, edges, density=True)
    x = (edges[:-1] + edges[1:]) / 2
    try:
        result = fit(GAUSSIAN, {"x": x}, y, {"mu": start[0], "sigma": start[1]}, method="steepest",
                     aggression=aggression, max_iter=steps)
    except FitError as exc:
        raise FigureError(f"the fit failed: {exc}") from None
    model = parse(GAUSSIAN, ["x", "mu", "sigma"])
    path = result.path
    mus = np.linspace(min(p["mu"] for p in path) - 5, max(p["mu"] for p in path) + 5, 81)
    sigmas = np.linspace(max(1.0, min(p["sigma"] for p in path) - 3), max(p["sigma"] for p in path) + 3, 81)
    gm, gs = np.meshgrid(mus, sigmas)
    f = values(model, {"x": x[None, None, :], "mu": gm[:, :, None], "sigma": gs[:, :, None]}, gm.shape + x.shape)
    chi2 = ((y - f) ** 2).sum(axis=2)
    logs = np.log10(chi2)
    gen = contourpy.contour_generator(gm, gs, logs)
    contours = [[[_clean(ln[:, 0], 3), _clean(ln[:, 1], 3)] for ln in gen.lines(c)]
                for c in np.linspace(logs.min(), logs.max(), 14)[1:-1]]
    xs = np.linspace(edges[0], edges[-1], 161)
    curves = [_clean(values(model, {"x": xs, "mu": np.full_like(xs, p["mu"]), "sigma": np.full_like(xs, p["sigma"])},
                            xs.shape), 6) for p in path]
    chi_path = [float(((y - values(model, {"x": x, "mu": np.full_like(x, p["mu"]),
                                            "sigma": np.full_like(x, p["sigma"])}, x.shape)) ** 2).sum()) for p in path]
    return {"bbox": [float(mus[0]), float(sigmas[-1]), float(mus[-1]), float(sigmas[0])], "contours": contours,
            "path": [[round(p["mu"], 4), round(p["sigma"], 4)] for p in path], "chi2": _clean(chi_path, 8),
            "bins": {"x": x.tolist(), "y": _clean(y, 6)}, "xs": _clean(xs), "curves": curves,
            "hist_bbox": [float(edges[0]), float(max(y.max(), max(v or 0 for c in curves for v in c)) * 1.15),
                          float(edges[-1]), -0.005]}
