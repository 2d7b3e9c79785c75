"""Set m2-s6 "Finite differences and the step size" (lesson 2.8, "Reality is hard").

Estimates from a table of values are exact in the table's decimals; estimates of a
formula are worked out in high precision (SymPy); the best step comes from the
engine's error study (`mvcalc.math.multivariate.finite_differences.step_study`) in
double precision, as a computer would meet it. Wrong answers come from the usual
slips: not dividing by the step, 2h for h, the other variable, the other method,
the wrong order of the truncation error.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    diff,
    distinct_numbers,
    mistake,
    question,
    rng_for,
    symbols,
    tex,
)
from mvcalc.exercises.bank._decimals import decimal_text
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m2-s6-finite-differences"
x, y = symbols("x y")

ONE_D = [sp.exp(x), sp.sin(x), sp.cos(x), sp.log(x), x**3, sp.sqrt(x), sp.exp(2 * x), 1 / x, x * sp.exp(x),
         sp.atan(x), x**4 - 2 * x, sp.exp(-x) * x**2]
TWO_D = [x**2 * y, sp.sin(x * y), sp.exp(x) * y, x * y**3, sp.log(x + y), x / y, sp.exp(x - y) + x * y]
NAMES = {"forward": "forward", "central": "central", "backward": "backward"}
FORMULA = {
    "forward": r"\dfrac{f(x + h) - f(x)}{h}",
    "central": r"\dfrac{f(x + h) - f(x - h)}{2h}",
    "backward": r"\dfrac{f(x) - f(x - h)}{h}",
}


def _rounded(value: sp.Expr, places: int = 4) -> sp.Rational:
    """A value rounded to `places` decimals, kept exact."""
    return sp.Rational(str(round(float(sp.N(value, 30)), places)))


def estimate(f_plus, f_zero, f_minus, h, method: str):
    """The finite-difference estimate from the three values, exactly."""
    if method == "forward":
        return (f_plus - f_zero) / h
    if method == "backward":
        return (f_zero - f_minus) / h
    return (f_plus - f_minus) / (2 * h)


def _slips(f_plus, f_zero, f_minus, h, method: str) -> list:
    """The usual slips of a finite-difference estimate, each as a (rule, value, message)."""
    forward, central = (f_plus - f_zero) / h, (f_plus - f_minus) / (2 * h)
    out = []
    if method == "central":
        out += [
            ("fd_central_one_h", (f_plus - f_minus) / h, "The two points are $2h$ apart: divide by $2h$, not $h$."),
            ("fd_not_divided", f_plus - f_minus, "Divide the rise by the run: the difference of the values over $2h$."),
            ("fd_forward_for_central", forward,
             "That is the forward difference; the central one uses $f(x + h)$ and $f(x - h)$."),
        ]
    else:
        rise = f_plus - f_zero if method == "forward" else f_zero - f_minus
        out += [
            ("fd_not_divided", rise, "Divide the rise by the run $h$."),
            ("fd_forward_two_h", rise / (2 * h), f"The points of a {method} difference are $h$ apart: divide by $h$."),
            ("fd_central_for_forward" if method == "forward" else "fd_central_for_backward", central,
             f"That is the central difference; the {method} one uses $f(x)$ and "
             f"$f(x {'+' if method == 'forward' else '-'} h)$."),
            ("fd_difference_reversed", -rise / h, "Rise over run: subtract the value at the smaller $x$ from the one at the larger $x$."),
        ]
    return out


def _table(rows: list[tuple[str, str]]) -> str:
    head = "| point | " + " | ".join(r[0] for r in rows) + " |"
    rule = "|---|" + "---|" * len(rows)
    values = "| $f$ | " + " | ".join(r[1] for r in rows) + " |"
    return "\n".join([head, rule, values])


def _from_values(seed: int):
    rng = rng_for("m2-fd-from-values", seed)
    method = rng.choice(["forward", "central", "backward", "central"])
    h = sp.Rational(rng.choice(["0.1", "0.2", "0.05", "0.01"]))
    two = rng.random() < 0.5
    x0 = sp.Rational(rng.choice(["0.5", "1", "1.5", "2", "0.8"]))
    if two:
        f = rng.choice(TWO_D)
        y0 = sp.Rational(rng.choice(["0.5", "1", "1.2", "2"]))
        wrt = rng.choice([x, y])
        pts = {(dx, dy): (x0 + dx * h, y0 + dy * h) for dx, dy in [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]}
        vals = {k: _rounded(f.subs({x: a, y: b})) for k, (a, b) in pts.items()}
        step = (1, 0) if wrt == x else (0, 1)
        other = (0, 1) if wrt == x else (1, 0)

        def values(d):
            return vals[d], vals[(0, 0)], vals[(-d[0], -d[1])]

        f_plus, f_zero, f_minus = values(step)
        o_plus, o_zero, o_minus = values(other)
        rows = [(f"$({decimal_text(a)}, {decimal_text(b)})$", decimal_text(vals[k])) for k, (a, b) in pts.items()]
        what = f"\\dfrac{{\\partial f}}{{\\partial {wrt}}}"
        where = f"$({decimal_text(x0)}, {decimal_text(y0)})$"
        story = "A simulation $f(x, y)$ returned these values"
    else:
        f = rng.choice(ONE_D)
        pts1 = [x0 - h, x0, x0 + h]
        f_minus, f_zero, f_plus = (_rounded(f.subs(x, p)) for p in pts1)
        rows = [(f"$x = {decimal_text(p)}$", decimal_text(v)) for p, v in zip(pts1, (f_minus, f_zero, f_plus), strict=True)]
        what, where = "f'(x)", f"$x = {decimal_text(x0)}$"
        story = "A measured quantity $f(x)$ took these values"
    answer = estimate(f_plus, f_zero, f_minus, h, method)
    slips = [mistake(rule, value, message) for rule, value, message in _slips(f_plus, f_zero, f_minus, h, method)]
    if two:
        slips.append(mistake("fd_wrong_variable", estimate(o_plus, o_zero, o_minus, h, method),
                             f"Those values step in the other variable; for ${what}$ move ${wrt}$ and hold the other fixed."))
    return question(
        "number",
        f"{story} (step $h = {decimal_text(h)}$):\n\n" + _table(rows)
        + f"\n\nEstimate ${what}$ at {where} with the {NAMES[method]} difference. Give the exact value of the estimate.",
        answer,
        answer_text=decimal_text(answer),
        buggy=distinct_numbers(answer, slips, places=9),
        hints=[
            "Rise over run, with the points in the table.",
            f"The {method} difference is ${FORMULA[method]}$" + (f", stepping in ${wrt}$ only." if two else "."),
            f"Here $h = {decimal_text(h)}$" + (f", so divide by $2h = {decimal_text(2 * h)}$." if method == "central" else "."),
        ],
        solution=f"${FORMULA[method]}$ with the table's values gives ${tex(answer)} = {float(answer):.6g}$.",
        data={"f": str(f), "point": [str(x0)] + ([str(y0)] if two else []), "variable": str(wrt) if two else "x",
              "method": method, "h": str(h), "values": [str(v) for v in (f_minus, f_zero, f_plus)]},
    )


def _of_function(seed: int):
    rng = rng_for("m2-fd-of-function", seed)
    method = rng.choice(["forward", "central"])
    h = sp.Rational(rng.choice(["0.1", "0.01", "0.2", "0.05", "0.001"]))
    if rng.random() < 0.35:
        f = rng.choice(TWO_D)
        x0, y0 = sp.Rational(rng.choice(["1", "0.5", "2"])), sp.Rational(rng.choice(["1", "2", "0.5"]))
        wrt = rng.choice([x, y])
        base = {x: x0, y: y0}

        def at(d):
            return sp.N(f.subs({**base, wrt: base[wrt] + d}), 30)

        exact = sp.N(diff(f, wrt).subs(base), 30)
        what = f"\\dfrac{{\\partial f}}{{\\partial {wrt}}}"
        where = f"$({decimal_text(x0)}, {decimal_text(y0)})$"
        name = f"f(x, y) = {tex(f)}"
        point = [str(x0), str(y0)]
    else:
        f = rng.choice(ONE_D)
        x0 = sp.Rational(rng.choice(["1", "0.5", "2", "1.5", "3"]))

        def at(d):
            return sp.N(f.subs(x, x0 + d), 30)

        exact = sp.N(diff(f, x).subs(x, x0), 30)
        what, where, name = "f'(x)", f"$x = {decimal_text(x0)}$", f"f(x) = {tex(f)}"
        wrt, point = x, [str(x0)]
    f_plus, f_zero, f_minus = at(h), at(0), at(-h)
    value = estimate(f_plus, f_zero, f_minus, h, method)
    answer = round(float(value), 4)
    slips = [mistake(rule, round(float(v), 4), message) for rule, v, message in _slips(f_plus, f_zero, f_minus, h, method)]
    slips.append(mistake("fd_exact_derivative", round(float(exact), 4),
                         "That is the exact derivative; the question asks what the finite difference gives with this $h$."))
    return question(
        "number",
        f"Estimate ${what}$ for ${name}$ at {where} with the {method} difference and step $h = {decimal_text(h)}$"
        + (" (angles in radians)" if f.has(sp.sin, sp.cos, sp.atan) else "") + ". Give the estimate to 4 decimal places.",
        sp.Float(answer),
        answer_text=f"{answer:.4f}",
        tolerance=0.0001,
        buggy=distinct_numbers(answer, slips, places=4, tolerance=0.0001),
        hints=[
            "Evaluate the function at the points the formula needs, to at least 8 significant digits.",
            f"The {method} difference is ${FORMULA[method]}$.",
            f"You need $f$ at {'the point and one step on' if method == 'forward' else 'one step either side of the point'}.",
        ],
        solution=f"${FORMULA[method]}$ with $h = {decimal_text(h)}$: "
        + (f"$f(x + h) \\approx {float(f_plus):.8f}$, $f(x) \\approx {float(f_zero):.8f}$"
           if method == "forward" else f"$f(x + h) \\approx {float(f_plus):.8f}$, $f(x - h) \\approx {float(f_minus):.8f}$")
        + f", so the estimate is $\\approx {answer:.4f}$ (the exact derivative is ${float(exact):.6f}$).",
        data={"f": str(f), "point": point, "variable": str(wrt), "method": method, "h": str(h)},
    )


STEPS = (1e-2, 1e-5, 1e-8, 1e-13)
STEP_TEX = {1e-2: "10^{-2}", 1e-5: "10^{-5}", 1e-8: "10^{-8}", 1e-13: "10^{-13}"}


def _best_step(seed: int):
    from mvcalc.math.multivariate.finite_differences import step_study

    rng = rng_for("m2-fd-best-step", seed)
    while True:
        f = rng.choice(ONE_D)
        x0 = rng.choice([0.5, 1, 1.5, 2, 3])
        method = rng.choice(["forward", "central"])
        study = step_study(f, {"x": x0}, STEPS)
        errors = study.forward if method == "forward" else study.central
        other_errors = study.central if method == "forward" else study.forward
        ranked = sorted(range(len(STEPS)), key=lambda i: errors[i])
        if errors[ranked[1]] > 5 * errors[ranked[0]] and min(errors) > 0:
            break
    best = STEPS[ranked[0]]
    other_best = STEPS[min(range(len(STEPS)), key=lambda i: other_errors[i])]
    wrong = []
    for h in STEPS:
        if h == best:
            continue
        if h == other_best:
            other = "central" if method == "forward" else "forward"
            wrong.append((f"$h = {STEP_TEX[h]}$", mistake(
                "fd_other_method_step", 0,
                f"That step suits the {other} difference. The {method} difference's truncation error falls like "
                f"{'$h$' if method == 'forward' else '$h^2$'}, so its balance with rounding lies elsewhere.")))
        elif h > best:
            wrong.append((f"$h = {STEP_TEX[h]}$", mistake(
                "fd_step_too_large", 0,
                "Too large: the truncation error (a secant, not the tangent) dominates at that step.")))
        else:
            wrong.append((f"$h = {STEP_TEX[h]}$", mistake(
                "fd_step_too_small", 0,
                "Too small: subtracting two nearly equal values loses digits, and dividing by a tiny $h$ "
                "magnifies the rounding error.")))
    table = "\n".join(f"| ${STEP_TEX[h]}$ | {e:.1e} |" for h, e in zip(STEPS, errors, strict=True))
    order = "h" if method == "forward" else "h^2"
    return choice(
        rng,
        f"A program computes $f(x) = {tex(f)}$ in double precision (about 16 significant digits). Which step $h$ "
        f"gives the most accurate {method}-difference estimate of $f'({x0})$?",
        f"$h = {STEP_TEX[best]}$",
        wrong,
        hints=[
            "Two errors pull in opposite directions: truncation (too large a step) and rounding (too small a step).",
            f"The {method} difference's truncation error shrinks like ${order}$; the rounding error grows like "
            r"$\varepsilon |f| / h$ with $\varepsilon \approx 10^{-16}$.",
            "The best step balances the two: about $\\sqrt{\\varepsilon} \\approx 10^{-8}$ for forward differences and "
            "$\\varepsilon^{1/3} \\approx 10^{-5}$ for central ones (for a well-scaled $f$).",
        ],
        solution="The errors of the estimate, computed in double precision against the exact derivative:\n\n"
        "| $h$ | error |\n|---|---|\n" + table
        + f"\n\nThe smallest is at $h = {STEP_TEX[best]}$: larger steps suffer truncation error, smaller ones rounding error.",
        data={"f": str(f), "x0": x0, "method": method, "errors": list(errors)},
    )


def _error_order(seed: int):
    rng = rng_for("m2-fd-error-order", seed)
    while True:
        f = rng.choice(ONE_D)
        x0 = sp.Rational(rng.choice(["1", "0.5", "2", "1.5"]))
        method = rng.choice(["forward", "central"])
        h1 = sp.Rational(rng.choice(["0.1", "0.2", "0.05"]))
        k = rng.choice([2, 4, 5, 10])
        exact = sp.N(diff(f, x).subs(x, x0), 40)

        def error(h, f=f, x0=x0, method=method, exact=exact):
            return abs(estimate(*(sp.N(f.subs(x, x0 + d), 40) for d in (h, 0, -h)), h, method) - exact)

        e1 = error(h1)
        if e1 < sp.Float("1e-5"):
            continue
        shown = sp.Rational(str(float(f"{float(e1):.3g}")))
        power = 1 if method == "forward" else 2
        answer = shown / k**power
        actual = error(h1 / k)
        if abs(float(actual) / float(answer) - 1) < 0.2:
            break
    other_power = 2 if power == 1 else 1
    slips = [
        mistake("fd_order_forward_as_central" if power == 1 else "fd_order_central_as_forward",
                shown / k**other_power,
                f"The {method} difference's error is of order {'$h$' if power == 1 else '$h^2$'}: dividing $h$ by {k} "
                f"divides the error by {k if power == 1 else k * k}."),
        mistake("fd_error_grows", shown * k**power, "A smaller step shrinks the truncation error, it does not grow it."),
        mistake("fd_error_unchanged", shown, f"The truncation error depends on $h$: it is of order ${'h' if power == 1 else 'h^2'}$."),
    ]
    h2 = h1 / k
    return question(
        "number",
        f"For $f(x) = {tex(f)}$ at $x = {decimal_text(x0)}$, the {method}-difference estimate of $f'(x)$ with step "
        f"$h = {decimal_text(h1)}$ is off by about ${decimal_text(shown)}$. About how large will the error be with "
        f"$h = {decimal_text(h2)}$ (still far above rounding level)? Give the value the error's order predicts.",
        answer,
        answer_text=decimal_text(answer),
        buggy=distinct_numbers(answer, slips, places=12),
        hints=[
            "At steps like these the truncation error dominates, and it follows a power of $h$.",
            "The forward difference's error is about $\\tfrac{h}{2}|f''|$ (order $h$); the central difference's is "
            "about $\\tfrac{h^2}{6}|f'''|$ (order $h^2$).",
            f"The step is divided by {k}.",
        ],
        solution=f"The {method} difference's error is of order ${'h' if power == 1 else 'h^2'}$, so dividing $h$ by {k} "
        f"divides the error by ${k**power}$: ${decimal_text(shown)} / {k**power} = "
        f"{decimal_text(answer)}$. (The actual error at $h = {decimal_text(h2)}$ is ${float(actual):.3g}$.)",
        data={"f": str(f), "x0": str(x0), "method": method, "h1": str(h1), "k": k, "error": str(shown)},
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 2, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m2-fd-from-values", "A finite difference from a table", ["finite-differences"], 1, "number"),
              _from_values),
    Generator(_meta("m2-fd-of-function", "A finite difference of a formula", ["finite-differences"], 2, "number"),
              _of_function),
    Generator(_meta("m2-fd-error-order", "How the error shrinks with h", ["finite-differences", "step-size"], 2,
                    "number"), _error_order),
    Generator(_meta("m2-fd-best-step", "The best step size", ["finite-differences", "step-size"], 3, "choice"),
              _best_step),
]
