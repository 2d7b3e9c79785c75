"""Shared helpers of the built-in figures: read formulas with the engine, sample them as JSON."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import sympy as sp

from mvcalc.course.figures import FigureError
from mvcalc.math import numeric


def formula(params: dict[str, Any], key: str, variables: list[str], default: str | None = None) -> sp.Expr:
    """Parse parameter `key` (text of a formula) with the learner-input parser."""
    from mvcalc.math.input.reader import InputError, parse

    text = params.get(key, default)
    if text is None:
        raise FigureError(f"the figure needs `{key}` (a formula in {', '.join(variables)})")
    try:
        expr = parse(str(text), variables)
    except InputError as exc:
        raise FigureError(f"`{key}`: {exc.message}") from None
    if not isinstance(expr, sp.Expr):
        raise FigureError(f"`{key}` must be a scalar formula")
    return expr


def number(params: dict[str, Any], key: str, default: float) -> float:
    value = params.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise FigureError(f"`{key}` must be a number")
    return float(value)


def interval(params: dict[str, Any], key: str, default: tuple[float, float]) -> tuple[float, float]:
    value = params.get(key, list(default))
    if (
        not isinstance(value, list | tuple)
        or len(value) != 2
        or not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        or not value[0] < value[1]
    ):
        raise FigureError(f"`{key}` must be [low, high] with low < high")
    return float(value[0]), float(value[1])


def values(expr: sp.Expr, env: dict[str, np.ndarray], shape: tuple[int, ...]) -> np.ndarray:
    """Evaluate `expr` on arrays (NaN where undefined), broadcast to `shape`."""
    try:
        fn = numeric.compile_expr(expr, list(env))
    except numeric.UnsupportedExpression as exc:
        raise FigureError(str(exc)) from None
    with np.errstate(all="ignore"):
        out = np.asarray(fn(env), dtype=float)
    return np.broadcast_to(out, shape).astype(float)


def json_list(array: np.ndarray, clip: float = 1e6) -> list[float | None]:
    """Floats for JSON, with None where the value is not finite or absurdly large (gaps in a curve)."""
    return [round(float(v), 6) if math.isfinite(v) and abs(v) <= clip else None for v in array]


def curve(expr: sp.Expr, var: str, lo: float, hi: float, label: str, n: int = 241, **extra: Any) -> dict[str, Any]:
    """A sampled curve y = expr(var) on [lo, hi]."""
    xs = np.linspace(lo, hi, n)
    ys = values(expr, {var: xs}, xs.shape)
    return {"label": label, "x": json_list(xs), "y": json_list(ys), **extra}


def point_value(expr: sp.Expr, env: dict[str, float]) -> float:
    arrays = {k: np.array([v]) for k, v in env.items()}
    value = float(values(expr, arrays, (1,))[0])
    if not math.isfinite(value):
        raise FigureError(f"the formula is undefined at {env}")
    return value


def bbox(curves: list[dict[str, Any]], lo: float, hi: float, extra_y: list[float] = ()) -> list[float]:
    """[xmin, ymax, xmax, ymin] framing the curves, with a margin; robust to spikes."""
    ys = [y for c in curves for y in c["y"] if y is not None] + list(extra_y)
    if not ys:
        return [lo, 1.0, hi, -1.0]
    low, high = float(np.percentile(ys, 2)), float(np.percentile(ys, 98))
    low, high = min(low, *extra_y) if extra_y else low, max(high, *extra_y) if extra_y else high
    pad = max(0.1 * (high - low), 0.5)
    return [lo, high + pad, hi, low - pad]


def latex(expr: sp.Basic) -> str:
    return sp.latex(expr)
