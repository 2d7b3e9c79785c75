"""Set m4-s2 "Applying the Taylor series": Maclaurin series, series about a point, general terms."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import mistake, rng_for, symbols, tex
from mvcalc.exercises.bank._series import series_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m4-s2-applying-taylor"
x, n = symbols("x n")


def _exp_square(rng):
    k = rng.choice([1, -1, 2, -2, sp.Rational(1, 2)])
    order = rng.choice([4, 6])
    f = sp.exp(k * x**2)
    return f, {"x": 0}, order, f"Find the Maclaurin series of $f(x) = {tex(f)}$ up to the $x^{{{order}}}$ term."


def _reciprocal(rng):
    a, order, c = rng.randint(2, 6), rng.choice([2, 3]), rng.choice([1, 1, 2, 3])
    f = c / x
    return f, {"x": a}, order, (
        f"Find the Taylor polynomial of order {order} of $f(x) = \\dfrac{{{c}}}{{x}}$ about $x = {a}$ "
        f"(in powers of $(x - {a})$)."
    )


def _log(rng):
    a, order, c = rng.choice([1, 2, 3, 5, 10]), rng.choice([2, 3]), rng.choice([1, 1, 2, 3])
    f = sp.log(c * x)
    return f, {"x": a}, order, (
        f"Find the Taylor polynomial of order {order} of $f(x) = {tex(f)}$ about $x = {a}$."
    )


def _sqrt(rng):
    c, k = rng.choice([4, 9, 16, 1]), rng.choice([1, 2, 3])
    f = sp.sqrt(c - k * x)
    return f, {"x": 0}, 2, f"Find the Maclaurin series of $f(x) = {tex(f)}$ up to the $x^2$ term."


GENERAL = [
    (1 / (1 - x) ** 2, "(n + 1) x^n", [
        ("n x^n", "index_shift", "Check n = 0: the constant term of 1/(1 − x)² is 1, but n xⁿ gives 0."),
        ("x^n", "geometric_series", "xⁿ is the general term of 1/(1 − x); squaring the denominator changes the coefficients."),
        ("(n + 1) x^{n + 1}", "power_shift", "The power and the coefficient are out of step: the xⁿ term has coefficient n + 1."),
    ]),
    (1 / (1 - x), "x^n", [
        ("n x^n", "coefficient_n", "Every coefficient of 1/(1 − x) is 1: differentiate it k times and divide by k!."),
        ("(-1)^n x^n", "alternating", "The signs alternate for 1/(1 + x), not for 1/(1 − x)."),
        ("\\frac{x^n}{n!}", "exp_series", "That is the series of eˣ."),
    ]),
    (1 / (1 + x), "(-1)^n x^n", [
        ("x^n", "sign_lost", "Substitute −x into 1/(1 − x): the signs alternate."),
        ("(-1)^{n+1} x^n", "sign_shift", "Check n = 0: the constant term is +1."),
        ("\\frac{(-1)^n x^n}{n!}", "factorial_added", "The k-th derivative of 1/(1 + x) at 0 is (−1)ᵏk!: the factorials cancel."),
    ]),
    (sp.exp(x), "\\frac{x^n}{n!}", [
        ("x^n", "factorial_forgotten", "Divide by n!: every derivative of eˣ is 1 at 0, and the term is f⁽ⁿ⁾(0)/n! · xⁿ."),
        ("\\frac{x^n}{n}", "n_not_factorial", "The denominator is n! (n factorial), not n."),
        ("\\frac{(-1)^n x^n}{n!}", "alternating", "That is e^(−x)."),
    ]),
    (sp.exp(-x), "\\frac{(-1)^n x^n}{n!}", [
        ("\\frac{x^n}{n!}", "sign_lost", "The derivatives of e^(−x) alternate in sign at 0."),
        ("(-1)^n x^n", "factorial_forgotten", "Divide by n!."),
        ("\\frac{(-1)^{n+1} x^n}{n!}", "sign_shift", "Check n = 0: the constant term is +1."),
    ]),
]


def _general_term(seed: int):
    rng = rng_for("m4-general-term", seed)
    f, right, wrong = rng.choice(GENERAL)
    return choice(
        rng,
        f"Which is the general term (the coefficient times $x^n$, for $n = 0, 1, 2, \\dots$) of the "
        f"Maclaurin series of $f(x) = {tex(f)}$?",
        f"${right}$",
        [(f"${t}$", mistake(rule, 0, msg)) for t, rule, msg in wrong],
        hints=[
            "Write out the first three or four terms and look for the pattern.",
            "The coefficient of $x^n$ is $f^{(n)}(0)/n!$.",
            "Check your candidate at $n = 0$ and $n = 1$.",
        ],
        solution=f"The series of ${tex(f)}$ is $\\sum_{{n\\ge 0}} {right}$.",
    )


def _m(id_, title, skills, difficulty):
    return {"id": id_, "title": title, "module": 4, "set": SET, "skills": skills, "difficulty": difficulty}


GENERATORS = [
    series_generator(_m("m4-maclaurin-exp-square", "Maclaurin series of e^(kx²)", ["taylor-series", "maclaurin"], 1), _exp_square),
    series_generator(_m("m4-series-reciprocal", "1/x about a point", ["taylor-series"], 2), _reciprocal),
    series_generator(_m("m4-series-log", "ln x about a point", ["taylor-series"], 2), _log),
    series_generator(_m("m4-maclaurin-sqrt", "Maclaurin series of a square root", ["taylor-series", "maclaurin"], 2), _sqrt),
    Generator(Meta("m4-general-term", "The general term of a series", 4, SET, ("taylor-series", "power-series"), 3, "choice"),
              _general_term),
]
