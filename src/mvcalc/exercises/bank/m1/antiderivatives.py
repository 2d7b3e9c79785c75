"""Set m1-s3: which functions have a given derivative? (several are right: they differ by a constant)."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import multichoice
from mvcalc.exercises.bank._common import coefficient, diff, mistake, nonzero, rng_for, symbol, tex
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m1-s3-differentiate"
x = symbol("x")


def _which_have_derivative(seed: int):
    rng = rng_for("m1-which-antiderivative", seed)
    n = rng.randint(2, 5)
    a = coefficient(rng, 1, 4, signed=False) * (n + 1)
    trig = rng.choice([sp.sin, sp.cos])
    big_f = sp.Rational(a, n + 1) * x ** (n + 1) + trig(x)
    g = diff(big_f, x)
    c1, c2 = nonzero(rng, -9, 9), nonzero(rng, -9, 9, avoid=(0,))
    rights = [f"${tex(big_f)}$", f"${tex(big_f + c1)}$"]
    if c2 != c1:
        rights.append(f"${tex(big_f + c2 * sp.pi if rng.random() < 0.5 else big_f + c2)}$")
    other = sp.cos if trig is sp.sin else sp.sin
    wrong = [
        (f"${tex(a * x ** (n + 1) + trig(x))}$", mistake("power_not_divided", 0,
         "Raising the power is right, but then divide by the new power: d/dx of that gives an extra factor.")),
        (f"${tex(sp.Rational(a, n + 1) * x ** (n + 1) - trig(x))}$", mistake("trig_sign", 0,
         "Check the sign: d/dx sin x = cos x and d/dx cos x = −sin x.")),
        (f"${tex(g)}$", mistake("derivative_not_antiderivative", 0,
         "That is the given function itself; we want functions whose derivative it is.")),
        (f"${tex(sp.Rational(a, n + 1) * x ** (n + 1) + other(x))}$", mistake("trig_swapped", 0,
         "Differentiate that option: its trig term gives the wrong function.")),
        (f"${tex(big_f + c1 * x)}$", mistake("constant_vs_linear", 0,
         f"Adding a constant keeps the derivative, but adding ${tex(c1 * x)}$ adds ${c1}$ to it.")),
    ]
    return multichoice(
        rng,
        f"Which of these functions have the derivative $g(x) = {tex(g)}$? Select all that apply.",
        rights,
        rng.sample(wrong, 3),
        hints=[
            "Differentiate each option and compare with g.",
            "Adding a constant does not change a derivative: if F′ = g then (F + c)′ = g too.",
            f"One answer is ${tex(big_f)}$; look for the others that differ from it by a constant.",
        ],
        solution=f"$\\frac{{d}}{{dx}}\\left({tex(big_f)}\\right) = {tex(g)}$, and so does the same plus any constant.",
    )


GENERATORS = [
    Generator(
        Meta("m1-which-antiderivative", "Which functions have this derivative?", 1, SET,
             ("power-rule", "trig-derivatives"), 2, "multichoice"),
        _which_have_derivative,
    ),
]
