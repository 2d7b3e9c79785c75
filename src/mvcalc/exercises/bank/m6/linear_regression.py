"""Set m6-s1 "Linear regression": which data suit a line, m and c by hand, χ², the best line.

m and c come from the closed-form least-squares formulas in exact arithmetic
(the tests compare them with numpy.polyfit); wrong answers from named slips.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, graph_choice
from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    distinct_numbers,
    mistake,
    question,
    rng_for,
    tex,
)
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m6-s1-linear-regression"


def least_squares_line(xs, ys):
    """(m, c) minimising Σ(y − (mx + c))², exact: m = Σ(x−x̄)(y−ȳ)/Σ(x−x̄)², c = ȳ − m x̄."""
    n = len(xs)
    xbar, ybar = sp.Rational(sum(xs), n), sp.Rational(sum(ys), n)
    sxy = sum((x - xbar) * (y - ybar) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - xbar) ** 2 for x in xs)
    m = sxy / sxx
    return m, ybar - m * xbar


def _data(rng, n=5):
    m, c = rng.choice([1, 2, 3, -1, -2]), rng.randint(-3, 5)
    xs = list(range(1, n + 1))
    ys = [m * x + c + rng.choice([-1, 0, 0, 1]) for x in xs]
    return xs, ys


def _table(xs, ys) -> str:
    head = "| $x$ | " + " | ".join(map(str, xs)) + " |"
    rule = "|---|" + "---|" * len(xs)
    row = "| $y$ | " + " | ".join(map(str, ys)) + " |"
    return "\n".join([head, rule, row])


def _by_hand(seed: int):
    rng = rng_for("m6-line-by-hand", seed)
    xs, ys = _data(rng)
    m, c = least_squares_line(xs, ys)
    answer = sp.ImmutableMatrix([[m, c]])
    n = len(xs)
    sxy, sxx = sum(x * y for x, y in zip(xs, ys, strict=True)), sum(x * x for x in xs)
    uncentred = sp.Rational(sxy, sxx)
    wrong = [
        mistake("m_c_swapped", sp.ImmutableMatrix([[c, m]]), "The answer is [m, c]: the slope first, then the intercept."),
        mistake("not_centred", sp.ImmutableMatrix([[uncentred, sp.Rational(sum(ys), n) - uncentred * sp.Rational(sum(xs), n)]]),
                "Centre the data first: m = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)², not Σxy / Σx²."),
        mistake("end_points", sp.ImmutableMatrix([[sp.Rational(ys[-1] - ys[0], xs[-1] - xs[0]),
                                                   ys[0] - sp.Rational(ys[-1] - ys[0], xs[-1] - xs[0]) * xs[0]]]),
                "That line goes through the first and last points; least squares uses every point."),
    ]
    return question(
        "vector",
        "Fit the straight line $y = mx + c$ to these points by least squares (all $\\sigma_i$ equal):\n\n"
        + _table(xs, ys) + "\n\nGive $[m, c]$ exactly.",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "Start with the means $\\bar{x}$ and $\\bar{y}$.",
            r"$m = \dfrac{\sum (x_i - \bar{x})(y_i - \bar{y})}{\sum (x_i - \bar{x})^2}$, $c = \bar{y} - m\bar{x}$.",
            f"$\\bar{{x}} = {tex(sp.Rational(sum(xs), n))}$ and $\\bar{{y}} = {tex(sp.Rational(sum(ys), n))}$.",
        ],
        solution=f"$m = {tex(m)}$, $c = {tex(c)}$.",
        data={"x": xs, "y": ys},
        input_help="[m, c]",
    )


def _chi_squared(seed: int):
    rng = rng_for("m6-chi-squared", seed)
    xs, ys = _data(rng, 4)
    m, c = rng.choice([1, 2, -1]), rng.randint(-2, 3)
    sigma = rng.choice([1, 2])
    res = [y - (m * x + c) for x, y in zip(xs, ys, strict=True)]
    chi2 = sp.Rational(sum(r * r for r in res), sigma**2)
    return question(
        "number",
        f"For the line $y = {tex(m * sp.Symbol('x') + c)}$ and the data below, each with uncertainty "
        f"$\\sigma = {sigma}$, compute $\\chi^2 = \\sum_i \\dfrac{{(y_i - (m x_i + c))^2}}{{\\sigma^2}}$ exactly.\n\n"
        + _table(xs, ys),
        chi2,
        buggy=distinct_numbers(chi2, [
            mistake("chi2_no_sigma", sum(r * r for r in res), "Divide each squared residual by σ²."),
            mistake("chi2_not_squared", sp.Rational(sum(res), sigma**2), "Square the residuals: otherwise positive and negative ones cancel."),
            mistake("chi2_sigma_not_squared", sp.Rational(sum(r * r for r in res), sigma), "Divide by σ², not σ."),
        ]),
        hints=[
            "Compute each residual $y_i - (m x_i + c)$ first.",
            "Square, divide by $\\sigma^2$, add.",
            "The residuals are " + ", ".join(map(str, res)) + ".",
        ],
        solution="Residuals " + ", ".join(map(str, res)) + f"; $\\chi^2 = {tex(chi2)}$.",
    )


def _scatter(points) -> Figure:
    return Figure((), points=tuple((float(a), float(b)) for a, b in points))


def _which_data(seed: int):
    rng = rng_for("m6-which-data-line", seed)
    n, spread = rng.randint(9, 25), rng.choice([0.2, 0.3, 0.4, 0.5])
    xs = [6 * i / (n - 1) for i in range(n)]
    noise = [rng.uniform(-spread, spread) for _ in xs]
    m, c = rng.choice([0.8, 1.2, -0.9]), rng.uniform(-1, 2)
    line = [(x, m * x + c + e) for x, e in zip(xs, noise, strict=True)]
    curve = [(x, 0.4 * (x - 3) ** 2 + e) for x, e in zip(xs, noise, strict=True)]
    expo = [(x, 0.2 * 2 ** (x / 1.2) + e * 0.3) for x, e in zip(xs, noise, strict=True)]
    wave = [(x, 2 * __import__("math").sin(1.5 * x) + e) for x, e in zip(xs, noise, strict=True)]
    return graph_choice(
        rng,
        f"Each figure shows {n} measurements of $y$ for $x$ from $0$ to $6$, each with an uncertainty of about "
        f"$\\pm {spread}$. Which data set is well described by a straight line $y = mx + c$ fitted by least squares?",
        _scatter(line),
        [
            (_scatter(curve), mistake("curved_trend", 0, "These points bend: a straight line would miss the curvature systematically.")),
            (_scatter(expo), mistake("exponential_trend", 0, "These points grow ever faster; try a log scale or a non-linear model.")),
            (_scatter(wave), mistake("periodic_trend", 0, "These points oscillate; a line cannot follow them.")),
        ],
        hints=[
            "Look for a trend that does not bend.",
            "A good straight-line fit leaves residuals scattered evenly above and below the line.",
            "Imagine a ruler laid along each cloud of points.",
        ],
        solution="Only one cloud follows a straight trend with scatter around it.",
    )


def _best_line(seed: int):
    rng = rng_for("m6-best-line", seed)
    xs, ys = _data(rng)
    m, c = least_squares_line(xs, ys)

    def chi2(mm, cc):
        return sum((y - (mm * x + cc)) ** 2 for x, y in zip(xs, ys, strict=True))

    candidates = [(m + sp.Rational(1, 2), c - 1), (m, c + 2), (c, m) if c != m else (m - 1, c + 1)]
    wrong = [
        (f"$m = {tex(mm)},\\ c = {tex(cc)}$", mistake("not_least_squares", 0,
         f"That line gives $\\chi^2 = {tex(chi2(mm, cc))}$; work out $\\chi^2$ for the other lines: "
         "one of them gives less."))
        for mm, cc in candidates
    ]
    return choice(
        rng,
        "Which line has the smallest $\\chi^2$ (all $\\sigma_i = 1$) for these data?\n\n" + _table(xs, ys),
        f"$m = {tex(m)},\\ c = {tex(c)}$",
        wrong,
        hints=[
            "Compute χ² for each line, or find the least-squares line directly.",
            r"$m = \dfrac{\sum (x_i - \bar{x})(y_i - \bar{y})}{\sum (x_i - \bar{x})^2}$, $c = \bar{y} - m\bar{x}$.",
            f"$\\bar{{x}} = {tex(sp.Rational(sum(xs), len(xs)))}$.",
        ],
        solution=f"The least-squares line is $m = {tex(m)}$, $c = {tex(c)}$ with $\\chi^2 = {tex(chi2(m, c))}$.",
    )


GENERATORS = [
    Generator(Meta("m6-which-data-line", "Which data suit a straight line?", 6, SET, ("linear-regression",), 1, "graph"), _which_data),
    Generator(Meta("m6-chi-squared", "Compute χ² for a line", 6, SET, ("linear-regression", "chi-squared"), 1, "number"), _chi_squared),
    Generator(Meta("m6-line-by-hand", "m and c by hand", 6, SET, ("linear-regression",), 2, "vector"), _by_hand),
    Generator(Meta("m6-best-line", "The line with the smallest χ²", 6, SET, ("linear-regression", "chi-squared"), 2, "choice"), _best_line),
]
