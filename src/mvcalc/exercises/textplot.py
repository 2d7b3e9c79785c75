"""Small text plots of question figures, for the terminal (the web app draws them properly).

Curves are given as text in the input language; they are read with
`mvcalc.math.input.reader` and evaluated with `mvcalc.math.numeric` (never eval).
"""

from __future__ import annotations

import numpy as np

from mvcalc.exercises.model import Figure
from mvcalc.math.input.reader import InputError, parse
from mvcalc.math.numeric import UnsupportedExpression, compile_expr

MARKS = "*+#@"


def _samples(figure: Figure, width: int):
    series = []
    for k, curve in enumerate(figure.curves):
        try:
            expr = parse(curve.f, ["x"])
            xs = np.linspace(curve.xmin, curve.xmax, width)
            ys = np.broadcast_to(compile_expr(expr, ["x"])({"x": xs}), xs.shape)
        except (InputError, UnsupportedExpression):
            continue
        series.append((xs, np.asarray(ys, dtype=float), MARKS[k % len(MARKS)]))
    if figure.points:
        pts = np.array(figure.points, dtype=float)
        series.append((pts[:, 0], pts[:, 1], "o"))
    return series


def text_plot(figure: Figure, width: int = 48, height: int = 12) -> str:
    """The figure drawn with characters: one mark per curve, `o` for points, axes where visible."""
    series = _samples(figure, width)
    if not series:
        return "(no plot)"
    xs_all = np.concatenate([s[0] for s in series])
    ys_all = np.concatenate([s[1][np.isfinite(s[1])] for s in series] or [np.zeros(1)])
    if ys_all.size == 0:
        return "(no plot)"
    x0, x1 = float(xs_all.min()), float(xs_all.max())
    y0, y1 = figure.ylim if figure.ylim else (float(ys_all.min()), float(ys_all.max()))
    if y1 - y0 < 1e-9:
        y0, y1 = y0 - 1, y1 + 1
    if x1 - x0 < 1e-9:
        x0, x1 = x0 - 1, x1 + 1
    grid = [[" "] * width for _ in range(height)]

    def col(x):
        return int(round((x - x0) / (x1 - x0) * (width - 1)))

    def row(y):
        return int(round((y1 - y) / (y1 - y0) * (height - 1)))

    if y0 <= 0 <= y1:
        for c in range(width):
            grid[row(0)][c] = "-"
    if x0 <= 0 <= x1:
        for r in range(height):
            grid[r][col(0)] = "|"
    for xs, ys, mark in series:
        for x, y in zip(xs, ys, strict=True):
            if np.isfinite(y) and y0 <= y <= y1:
                grid[row(y)][col(x)] = mark
    lines = ["".join(r) for r in grid]
    lines.append(f"x from {x0:g} to {x1:g}, y from {y0:.3g} to {y1:.3g}")
    return "\n".join(lines)
