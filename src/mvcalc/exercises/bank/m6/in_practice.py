"""Set m6-s3 "Least squares in practice" (lesson 6.3): residuals, χ² with each point's σ,
rescaled variables, a slope's uncertainty and what χ²/(N − p) says.

Values are exact (SymPy rationals and square roots); the tests refit the data with
NumPy (polyfit, its covariance) and recompute every answer independently.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, curve
from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    distinct_numbers,
    mistake,
    question,
    rng_for,
    tex,
)
from mvcalc.exercises.bank._decimals import decimal_text
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m6-s3-least-squares-in-practice"
C, M = sp.symbols("c m")  # the intercept and slope in the rescaling algebra
HALVES = [sp.Rational(v, 2) for v in range(-6, 7)]


def _table(rows: list[tuple[str, list]]) -> str:
    """A Markdown table with one row per quantity (values written as decimals)."""
    width = len(rows[0][1])
    lines = ["| " + rows[0][0] + " | " + " | ".join(decimal_text(v) for v in rows[0][1]) + " |",
             "|---|" + "---|" * width]
    lines += ["| " + name + " | " + " | ".join(decimal_text(v) for v in values) + " |" for name, values in rows[1:]]
    return "\n".join(lines)


def _line_data(rng, n: int):
    m, c = rng.choice([v for v in HALVES if v]), rng.choice(HALVES)
    start = rng.choice([0, 1, 2])
    xs = [sp.Integer(start + i) for i in range(n)]
    ys = [m * xv + c + sp.Rational(rng.randint(-8, 8), 10) for xv in xs]
    return m, c, xs, ys


def _data_figure(m, c, xs, ys) -> Figure:
    """The data as points and the fitted line across them."""
    line = m * sp.Symbol("x", real=True) + c
    return Figure((curve(line, float(xs[0]) - 0.5, float(xs[-1]) + 0.5, "fitted line"),),
                  points=tuple((float(a), float(b)) for a, b in zip(xs, ys, strict=True)))


def _model_text(m, c, lhs: str = "y", var: str = "x") -> str:
    """`y = 2.5x - 1` (no `1x`, no `+ 0`)."""
    slope = {1: "", -1: "-"}.get(m, decimal_text(m))
    rest = "" if c == 0 else f" {'+' if c > 0 else '-'} {decimal_text(abs(c))}"
    return f"{lhs} = {slope}{var}{rest}"


def _residuals(seed: int):
    rng = rng_for("m6-residuals", seed)
    while True:
        m, c, xs, ys = _line_data(rng, rng.choice([4, 5]))
        if c != 0:  # with no intercept, forgetting it is no mistake
            break
    fitted = [m * xv + c for xv in xs]
    res = [yv - fv for yv, fv in zip(ys, fitted, strict=True)]
    answer = sp.ImmutableMatrix([res])
    wrong = [
        mistake("residual_sign", sp.ImmutableMatrix([[-r for r in res]]),
                "A residual is measured minus predicted, $y_i - f(x_i)$: points above the line have positive residuals."),
        mistake("residual_intercept_forgotten", sp.ImmutableMatrix([[yv - m * xv for xv, yv in zip(xs, ys, strict=True)]]),
                f"The prediction includes the intercept: ${_model_text(m, c, 'f(x_i)', 'x_i')}$."),
        mistake("residual_squared", sp.ImmutableMatrix([[r * r for r in res]]),
                "Those are the squared residuals (the terms of χ²); a residual keeps its sign."),
    ]
    return question(
        "vector",
        f"The fitted line is ${_model_text(m, c)}$. Find the residuals $r_i = y_i - f(x_i)$ of these data:\n\n"
        + _table([("$x$", xs), ("$y$", ys)]) + "\n\nGive them in order, as a list $[r_1, r_2, \\ldots]$.",
        answer,
        buggy=distinct_mistakes(answer, wrong, []),
        hints=[
            "A residual is what the model misses: measured minus predicted.",
            f"First predict each $y$: ${_model_text(m, c, 'f(x_i)', 'x_i')}$.",
            f"For example $f({decimal_text(xs[0])}) = {decimal_text(fitted[0])}$.",
        ],
        solution="Predictions " + ", ".join(decimal_text(v) for v in fitted) + "; residuals $y_i - f(x_i)$ = "
        + ", ".join(decimal_text(v) for v in res) + ". A good model leaves residuals with no pattern.",
        figures=[_data_figure(m, c, xs, ys)],
        data={"x": [str(v) for v in xs], "y": [str(v) for v in ys], "m": str(m), "c": str(c)},
        input_help="a list [a, b, c, ...]",
    )


SIGMAS = [sp.Rational(v) for v in ("0.5", "1", "2", "0.2", "1", "0.5")]


def _chi_squared(seed: int):
    rng = rng_for("m6-chi2-uncertainties", seed)
    while True:
        m, c, xs, ys = _line_data(rng, 4)
        sigmas = [rng.choice(SIGMAS) for _ in xs]
        res = [yv - (m * xv + c) for xv, yv in zip(xs, ys, strict=True)]
        if len(set(sigmas)) > 1 and all(res):  # every σ and every residual matters
            break
    chi2 = sum((r / s) ** 2 for r, s in zip(res, sigmas, strict=True))
    wrong = [
        mistake("chi2_sigma_not_squared", sum(r * r / s for r, s in zip(res, sigmas, strict=True)),
                "Divide each squared residual by $\\sigma_i^2$, not $\\sigma_i$: χ² adds up $(r_i/\\sigma_i)^2$."),
        mistake("chi2_no_sigma", sum(r * r for r in res), "Weight each point by its uncertainty: divide its squared residual by $\\sigma_i^2$."),
        mistake("chi2_times_sigma", sum(r * r * s * s for r, s in zip(res, sigmas, strict=True)),
                "Precise points (small σ) should count more, so divide by $\\sigma_i^2$; multiplying makes them count less."),
    ]
    return question(
        "number",
        f"For the line ${_model_text(m, c)}$ and these measurements, each with its own uncertainty $\\sigma_i$, "
        "compute $\\chi^2 = \\sum_i \\left(\\dfrac{y_i - f(x_i)}{\\sigma_i}\\right)^2$ exactly.\n\n"
        + _table([("$x$", xs), ("$y$", ys), ("$\\sigma$", sigmas)]),
        chi2,
        answer_text=decimal_text(chi2),
        buggy=distinct_numbers(chi2, wrong),
        hints=[
            "Each point's residual is measured in units of its own uncertainty.",
            "Compute $r_i = y_i - f(x_i)$, divide by $\\sigma_i$, square, and add.",
            "The residuals are " + ", ".join(decimal_text(r) for r in res) + ".",
        ],
        solution="Residuals " + ", ".join(decimal_text(r) for r in res) + "; divided by their σ: "
        + ", ".join(decimal_text(r / s) for r, s in zip(res, sigmas, strict=True))
        + f"; squared and added, $\\chi^2 = {decimal_text(chi2)}$.",
        figures=[_data_figure(m, c, xs, ys)],
        data={"x": [str(v) for v in xs], "y": [str(v) for v in ys], "sigma": [str(v) for v in sigmas],
              "m": str(m), "c": str(c)},
    )


UNITS = [  # (quantity, old unit, new unit, factor: new = factor × old)
    ("time", "hours", "minutes", 60), ("length", "metres", "centimetres", 100),
    ("mass", "kilograms", "grams", 1000), ("length", "kilometres", "metres", 1000),
    ("time", "seconds", "milliseconds", 1000), ("voltage", "volts", "millivolts", 1000),
]


def _rescale(seed: int):
    rng = rng_for("m6-rescale-parameters", seed)
    m, c = rng.choice([v for v in HALVES if v]) * rng.choice([1, 2, 4]), rng.choice(HALVES) * 2
    case = rng.choice(["x-units", "y-units", "x-shift"])
    if case == "x-units":
        what, old, new, k = rng.choice(UNITS)
        answer = (m / k, c)
        change = f"$x$ (a {what}) was in {old}. It is now given in {new} instead ($x' = {k}x$)"
        wrong = [
            ("scale_multiplied", (m * k, c), f"Each unit of $x'$ is 1/{k} of a unit of $x$, so $y$ changes {k} times less per unit: divide the slope by {k}."),
            ("scale_intercept_too", (m / k, c / k), "At $x' = 0$ we still have $x = 0$: the intercept does not change."),
            ("scale_unchanged", (m, c), "The slope is measured per unit of $x$: changing the unit changes it."),
        ]
        reason = f"$y = m x + c = m\\,(x'/{k}) + c$, so $m' = m/{k}$ and $c' = c$"
    elif case == "y-units":
        what, old, new, k = rng.choice(UNITS)
        answer = (m * k, c * k)
        change = f"$y$ (a {what}) was in {old}. It is now given in {new} instead ($y' = {k}y$)"
        wrong = [
            ("scale_divided", (m / k, c / k), f"Every $y$ value is now {k} times larger, so the line must be {k} times higher: multiply."),
            ("scale_intercept_forgotten", (m * k, c), f"The intercept is a value of $y$ too: it is scaled by {k} as well."),
            ("scale_unchanged", (m, c), "Both parameters are measured in units of $y$: changing the unit changes them."),
        ]
        reason = f"$y' = {k}y = {k}m\\,x + {k}c$, so $m' = {k}m$ and $c' = {k}c$"
    else:
        k = rng.randint(1, 9)
        answer = (m, c + m * k)
        shifted = tex(C + k * M)  # c + m, c + 2 m, ...
        change = f"$x$ is now measured from ${k}$ instead of from $0$ ($x' = x - {k}$, as when centring the data)"
        wrong = [
            ("shift_sign", (m, c - m * k), f"The shift goes the other way: from $x' = x - {k}$ write $x$ in terms "
             "of $x'$, substitute it into $y = mx + c$ and collect the constant term."),
            ("shift_intercept_unchanged", (m, c), "The new intercept is the line's value at the new origin $x' = 0$ "
             "(that is, at $x = " + str(k) + "$), not $c$, its value at $x = 0$."),
            ("shift_slope_changed", (m, c + k), "A shift does not change the slope; the intercept moves by $m$ times the shift."),
        ]
        reason = f"$x = x' + {k}$, so $y = m(x' + {k}) + c = m x' + ({shifted})$: $m' = m$, $c' = {shifted}$"
    answer_m = sp.ImmutableMatrix([list(answer)])
    mistakes = [mistake(rule, sp.ImmutableMatrix([list(v)]), why) for rule, v, why in wrong]
    return question(
        "vector",
        f"A straight-line fit $y = mx + c$ gave $m = {decimal_text(m)}$ and $c = {decimal_text(c)}$. Then {change}. "
        "Refitting the same data gives $y = m'x' + c'$ (or $y' = m'x + c'$). Find $[m', c']$ exactly.",
        answer_m,
        buggy=distinct_mistakes(answer_m, mistakes, []),
        hints=[
            "Rescaling or shifting a variable does not change the data, only how they are written: the best line is the same line.",
            "Write the old variable in terms of the new one and substitute it into $y = mx + c$.",
            "Then read off the new slope and intercept.",
        ],
        solution=reason + f": $[m', c'] = [{decimal_text(answer[0]) if _finite(answer[0]) else tex(answer[0])}, "
        f"{decimal_text(answer[1]) if _finite(answer[1]) else tex(answer[1])}]$. Scaling like this is why fitted "
        "parameters can differ by orders of magnitude, and why fitters rescale parameters to comparable sizes.",
        data={"m": str(m), "c": str(c), "case": case, "k": k, "answer": [str(v) for v in answer]},
        input_help="[m', c']",
    )


def _finite(value) -> bool:
    try:
        decimal_text(value)
    except ValueError:
        return False
    return True


def _slope_uncertainty(seed: int):
    rng = rng_for("m6-slope-uncertainty", seed)
    n = rng.choice([4, 5, 6])
    xs = sorted(rng.sample(range(0, 12), n))
    sigma = rng.choice([sp.Rational(v) for v in ("0.1", "0.2", "0.5", "1", "2", "0.3")])
    xbar = sp.Rational(sum(xs), n)
    sxx = sum((xv - xbar) ** 2 for xv in xs)
    answer = sigma / sp.sqrt(sxx)
    value = round(float(answer), 4)
    wrong = [
        mistake("uncertainty_variance", round(float(sigma**2 / sxx), 4),
                "That is the variance $\\sigma^2/S_{xx}$; the uncertainty (standard error) is its square root."),
        mistake("uncertainty_not_centred", round(float(sigma / sp.sqrt(sum(xv * xv for xv in xs))), 4),
                "Measure the spread of $x$ about its mean: $S_{xx} = \\sum (x_i - \\bar{x})^2$."),
        mistake("uncertainty_of_mean", round(float(sigma / sp.sqrt(n)), 4),
                "$\\sigma/\\sqrt{N}$ is the uncertainty of a mean; a slope's depends on how spread out the $x_i$ are."),
    ]
    if sigma != 1:
        wrong.append(mistake("uncertainty_sigma_forgotten", round(float(1 / sp.sqrt(sxx)), 4),
                             f"Scale by the measurement uncertainty: $\\sigma_m = \\sigma/\\sqrt{{S_{{xx}}}}$ with $\\sigma = {decimal_text(sigma)}$."))
    return question(
        "number",
        "A straight line $y = mx + c$ is fitted by least squares to points at $x = "
        + ", ".join(str(v) for v in xs) + f"$, every $y_i$ with the same uncertainty $\\sigma = {decimal_text(sigma)}$. "
        "The covariance matrix of $(m, c)$ is $(J^T W J)^{-1}$ with $W = I/\\sigma^2$; its top-left entry is "
        "$\\sigma^2 / \\sum_i (x_i - \\bar{x})^2$. What is the standard error $\\sigma_m$ of the slope? Give it to 4 decimal places.",
        sp.Float(value),
        answer_text=f"{value:.4f}",
        tolerance=0.0001,
        buggy=distinct_numbers(value, wrong, places=4, tolerance=0.0001),
        hints=[
            "A standard error is the square root of a variance, a diagonal entry of the covariance matrix.",
            f"$\\bar{{x}} = {tex(xbar)}$; find $S_{{xx}} = \\sum_i (x_i - \\bar{{x}})^2$.",
            "$\\sigma_m = \\sigma / \\sqrt{S_{xx}}$: more spread in $x$ pins the slope down better.",
        ],
        solution=f"$\\bar{{x}} = {tex(xbar)}$, $S_{{xx}} = {tex(sxx)}$, so $\\sigma_m = {decimal_text(sigma)}/\\sqrt{{{tex(sxx)}}} "
        f"\\approx {value:.4f}$.",
        data={"x": xs, "sigma": str(sigma)},
    )


VERDICTS = {
    "good": "a good fit: the residuals are about the size the uncertainties predict",
    "large": "a poor fit: the model misses something, or the uncertainties are underestimated",
    "small": "suspiciously good: the uncertainties are probably overestimated",
}


def _reduced(seed: int):
    rng = rng_for("m6-reduced-chi2", seed)
    n, p = rng.choice([15, 20, 25, 30, 40, 50]), rng.choice([2, 3, 4])
    dof = n - p
    truth = rng.choice(list(VERDICTS))
    ratio = {"good": rng.choice([0.8, 0.9, 1.0, 1.1, 1.2]), "large": rng.choice([3, 4, 5, 8]),
             "small": rng.choice([0.1, 0.15, 0.2, 0.25])}[truth]
    chi2 = round(ratio * dof, 1)
    reduced = chi2 / dof
    wrong = []
    for verdict in VERDICTS:
        if verdict == truth:
            continue
        if truth == "good" and verdict == "large":
            rule, why = "chi2_not_per_degree", (
                f"χ² grows with the number of points: compare it with N − p = {dof}. χ²/(N − p) ≈ {reduced:.2f} is close to 1.")
        elif truth == "good":
            rule, why = "chi2_good_as_small", (
                f"χ²/(N − p) ≈ {reduced:.2f} is close to 1: the residuals are the size the uncertainties predict, not smaller.")
        elif verdict == "good" and truth == "large":
            rule, why = "chi2_large_accepted", (
                f"χ²/(N − p) ≈ {reduced:.2f} is far above 1: the residuals are several times larger than the uncertainties allow.")
        elif verdict == "good":
            rule, why = "chi2_smaller_better", (
                f"Smaller is not always better: χ²/(N − p) ≈ {reduced:.2f} means the residuals are much smaller than the stated "
                "uncertainties, which are then too large.")
        else:
            rule, why = "chi2_ratio_inverted", (
                f"χ²/(N − p) ≈ {reduced:.2f}: {'above' if reduced > 1 else 'below'} 1 means residuals "
                f"{'larger' if reduced > 1 else 'smaller'} than the uncertainties predict.")
        wrong.append((VERDICTS[verdict], mistake(rule, 0, why)))
    return choice(
        rng,
        f"A model with $p = {p}$ parameters is fitted to $N = {n}$ points with stated uncertainties, and the best fit "
        f"has $\\chi^2 = {chi2}$. What does that say?",
        VERDICTS[truth],
        wrong,
        hints=[
            "Each point contributes about 1 to χ² when its residual is the size of its uncertainty.",
            "Fitting p parameters uses up p of the N points: compare χ² with N − p.",
            f"Here $N - p = {dof}$; compute $\\chi^2/(N - p)$.",
        ],
        solution=f"$\\chi^2/(N - p) = {chi2}/{dof} \\approx {reduced:.2f}$: it is "
        + ("close to 1" if truth == "good" else "far above 1" if truth == "large" else "far below 1")
        + f", so it is {VERDICTS[truth]}. Plot the residuals too: a pattern shows what the model misses.",
        data={"n": n, "p": p, "chi2": chi2},
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 6, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m6-residuals", "Residuals of a fit", ["residuals"], 1, "vector"), _residuals),
    Generator(_meta("m6-chi2-uncertainties", "χ² with each point's σ", ["chi-squared", "uncertainties"], 1, "number"),
              _chi_squared),
    Generator(_meta("m6-rescale-parameters", "Rescaled variables, rescaled parameters", ["scaling"], 2, "vector"),
              _rescale),
    Generator(_meta("m6-reduced-chi2", "What χ²/(N − p) says", ["chi-squared", "residuals"], 2, "choice"), _reduced),
    Generator(_meta("m6-slope-uncertainty", "The uncertainty of a slope", ["uncertainties"], 3, "number"),
              _slope_uncertainty),
]
