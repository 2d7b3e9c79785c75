"""General terms of power series, typed as expressions in n and x, and n-th derivatives in n.

Each family below is data: the function, the point, the general term (in the integer
variable n, from its least value) and the named mistakes — the n! forgotten, the sign
pattern (−1)ⁿ⁺¹ for (−1)ⁿ, the power off by one, (x − a) written as x — each with a
message that says what went wrong without giving the term away. Every general term is
checked against the engine (`tests/exercises/test_general_terms.py`): its first terms
are the Taylor coefficients of f.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp

from mvcalc.exercises.bank._choices import choice
from mvcalc.exercises.bank._common import (
    distinct_mistakes,
    mistake,
    question,
    rng_for,
    symbol,
    tex,
    text,
)
from mvcalc.exercises.model import Meta, Question
from mvcalc.exercises.registry import Generator
from mvcalc.math.input.reader import integer_symbol

x = symbol("x")
n = integer_symbol("n", 0)
n1 = integer_symbol("n", 1)  # for terms that start at n = 1 (ln(1 + x))


@dataclass(frozen=True)
class Term:
    """One series: f, the point a, the general term t(n) for n ≥ low, and named mistakes."""

    f: sp.Expr
    a: sp.Expr
    term: sp.Expr
    low: int
    mistakes: tuple[tuple[str, sp.Expr, str], ...]
    shape: str = "coefficient"  # "coefficient": t(n) = c_n (x − a)^n; "nonzero": n-th nonzero term

    @property
    def n(self) -> sp.Symbol:
        return n1 if self.low == 1 else n


FORGOT_FACTORIAL = "The denominator n! is missing: the coefficient of the n-th power is f⁽ⁿ⁾(a)/n!, and here the derivatives do not cancel it."
N_NOT_FACTORIAL = "The denominator should be a factorial: the n-th Taylor coefficient divides by n! = 1·2·…·n, not by n."
SIGN_SHIFT = "The sign pattern is shifted: check n = 0 (or the first term), whose sign is fixed by f itself."
SIGN_LOST = "The signs should alternate: each derivative brings in another factor −1."
SIGN_ADDED = "The signs do not alternate here: every derivative at the point is positive."
POWER_UP = "The power is one too high: the term with coefficient f⁽ⁿ⁾(a)/n! has the n-th power, not the (n + 1)-th."
POWER_DOWN = "The power is one too low: check the first term, at n = 0, which must be the constant f(a)."
ABOUT_ZERO = "The series is about a, not 0: the powers are of (x − a), not of x."
SCALE_LOST = "The factor from the inner function is missing: the chain rule gives one factor k for each derivative, so kⁿ."
INDEX_SHIFT = "Check the first term: at n = 0 your term does not give the constant term of the series."


def _k(rng: random.Random, pool=(1, -1, 2, -2, 3, -3, sp.Rational(1, 2))) -> sp.Expr:
    """A scale factor from our own list of numbers (never text)."""
    choice = rng.choice(pool)
    return choice if isinstance(choice, sp.Basic) else sp.Integer(choice)


def _exp(rng: random.Random) -> Term:
    k, a = _k(rng), sp.Integer(rng.choice([0, 0, 1, -1, 2]))
    c = sp.Integer(rng.choice([1, 1, 2, 3]))
    f = c * sp.exp(k * x)
    term = c * sp.exp(k * a) * k**n * (x - a) ** n / sp.factorial(n)
    wrong = [
        ("factorial_forgotten", term * sp.factorial(n), FORGOT_FACTORIAL),
        ("n_not_factorial", term * sp.factorial(n) / n, N_NOT_FACTORIAL),
        ("power_shift", term * (x - a), POWER_UP),
    ]
    if a != 0:
        wrong.append(("about_zero", c * sp.exp(k * a) * k**n * x**n / sp.factorial(n), ABOUT_ZERO))
    if k != 1:
        wrong.append(("scale_lost", c * sp.exp(k * a) * k * (x - a) ** n / sp.factorial(n), SCALE_LOST))
    if k == -1:
        wrong.append(("sign_shift", -term, SIGN_SHIFT))
    return Term(f, a, term, 0, tuple(wrong))


def _geometric(rng: random.Random) -> Term:
    k = _k(rng, (1, -1, 2, -2, 3, -3, sp.Rational(1, 2), sp.Rational(-1, 2)))
    c = sp.Integer(rng.choice([1, 1, 2, 3]))
    f = c / (1 - k * x)
    term = c * k**n * x**n
    wrong = [
        ("factorial_added", term / sp.factorial(n), "No n! here: the n-th derivative of 1/(1 − kx) at 0 is n!·kⁿ, and the n! cancels."),
        ("power_shift", term * x, POWER_UP),
    ]
    if k < 0:
        wrong.append(("sign_shift", -term, SIGN_SHIFT))
        wrong.append(("sign_lost", c * abs(k) ** n * x**n, SIGN_LOST))
    else:
        wrong.append(("sign_added", c * (-k) ** n * x**n, SIGN_ADDED))
    if abs(k) != 1:
        wrong.append(("scale_lost", c * k * x**n, SCALE_LOST))
    return Term(f, sp.Integer(0), term, 0, tuple(wrong))


def _reciprocal_about(rng: random.Random) -> Term:
    a = sp.Integer(rng.choice([1, 2, 3, -2, 4]))
    c = sp.Integer(rng.choice([1, 1, 2, 3]))
    f = c / x
    term = c * (-1) ** n * (x - a) ** n / a ** (n + 1)
    wrong = [
        ("about_zero", c * (-1) ** n * x**n / a ** (n + 1), ABOUT_ZERO),
        ("sign_shift", -term, SIGN_SHIFT),
        ("sign_lost", c * (x - a) ** n / a ** (n + 1), SIGN_LOST),
        ("power_off_by_one", c * (-1) ** n * (x - a) ** n / a**n, r"The power of $a$ is one too low: the $n$-th derivative of $\frac{1}{x}$ is $\frac{(-1)^{n} n!}{x^{n+1}}$."),
        ("factorial_forgotten", c * (-1) ** n * sp.factorial(n) * (x - a) ** n / a ** (n + 1),
         "Divide the n-th derivative by n!: here the n! from the derivative cancels the n! of Taylor's formula."),
    ]
    return Term(f, a, term, 0, tuple(wrong))


def _square(rng: random.Random) -> Term:
    k = _k(rng, (1, -1, 2, -2, 3, sp.Rational(1, 2)))
    f = 1 / (1 - k * x) ** 2
    term = (n + 1) * k**n * x**n
    wrong = [
        ("index_shift", n * k**n * x**n, INDEX_SHIFT),
        ("geometric_series", k**n * x**n, "That is the series of 1/(1 − kx); squaring the denominator changes the coefficients to (n + 1)·kⁿ."),
        ("power_shift", (n + 1) * k**n * x ** (n + 1), POWER_UP),
    ]
    if k < 0:
        wrong.append(("sign_shift", -term, SIGN_SHIFT))
    if abs(k) != 1:
        wrong.append(("scale_lost", (n + 1) * k * x**n, SCALE_LOST))
    return Term(f, sp.Integer(0), term, 0, tuple(wrong))


def _log(rng: random.Random) -> Term:
    k = _k(rng, (1, 1, 2, 3, sp.Rational(1, 2), -1))
    f = sp.log(1 + k * x)
    term = (-1) ** (n1 + 1) * k**n1 * x**n1 / n1
    wrong = [
        ("sign_shift", -term, SIGN_SHIFT.replace("n = 0", "n = 1")),
        ("n_as_factorial", term * n1 / sp.factorial(n1),
         "Not n! here: the n-th derivative of ln(1 + x) carries (n − 1)!, which leaves 1/n after dividing by n!."),
        ("power_shift", term * x, POWER_UP),
    ]
    if k > 0:
        wrong.append(("sign_lost", k**n1 * x**n1 / n1, SIGN_LOST))
    if k not in (1, -1):
        wrong.append(("scale_lost", (-1) ** (n1 + 1) * k * x**n1 / n1, SCALE_LOST))
    return Term(f, sp.Integer(0), term, 1, tuple(wrong))


def _trig(rng: random.Random) -> Term:
    k = _k(rng, (1, 2, 3, sp.Rational(1, 2), -1))
    if rng.random() < 0.5:
        f, power, other = sp.sin(k * x), 2 * n + 1, 2 * n
    else:
        f, power, other = sp.cos(k * x), 2 * n, 2 * n + 1
    term = (-1) ** n * k**power * x**power / sp.factorial(power)
    wrong = [
        ("factorial_forgotten", term * sp.factorial(power), FORGOT_FACTORIAL),
        ("sign_shift", -term, SIGN_SHIFT),
        ("sign_lost", k**power * x**power / sp.factorial(power), SIGN_LOST),
        ("sin_cos_swapped", (-1) ** n * k**other * x**other / sp.factorial(other),
         "Those are the powers of the other function: sin x has only odd powers and cos x only even ones."),
    ]
    if k not in (1, -1):
        wrong.append(("scale_lost", (-1) ** n * k * x**power / sp.factorial(power), SCALE_LOST))
    return Term(f, sp.Integer(0), term, 0, tuple(wrong), "nonzero")


FAMILIES: tuple[Callable[[random.Random], Term], ...] = (_exp, _geometric, _reciprocal_about, _square, _log, _trig)


def _prompt(t: Term) -> str:
    about = "Maclaurin series" if t.a == 0 else f"Taylor series about $x = {tex(t.a)}$"
    power = "x^n" if t.a == 0 else f"{tex(x - t.a)}^n"
    start = f"n = {t.low}, {t.low + 1}, {t.low + 2}, \\dots"
    if t.shape == "nonzero":
        return (f"The {about} of $f(x) = {tex(t.f)}$ has only every other power of $x$. "
                f"Type its $n$-th nonzero term, counting from $n = 0$, as an expression in $n$ and $x$.")
    return (f"Type the general term of the {about} of $f(x) = {tex(t.f)}$: the coefficient times "
            f"${power}$, for ${start}$, as an expression in $n$ and $x$.")


def _first_terms(t: Term, count: int = 3) -> str:
    return series_text([sp.simplify(t.term.subs(t.n, t.low + i)) for i in range(count)])


def series_text(terms: list[sp.Expr]) -> str:
    """a + b − c + ⋯ as LaTeX, the terms in the order given."""
    out = ""
    for term in terms:
        shown = tex(term)
        if not out:
            out = shown
        elif shown.startswith("-"):
            out += " - " + shown[1:].lstrip()
        else:
            out += " + " + shown
    return out + r" + \cdots"


def _hints(t: Term) -> list[str]:
    return [
        f"Write out the first three or four terms of the series of ${tex(t.f)}$ and look for the pattern.",
        r"The coefficient of $(x - a)^n$ is $\dfrac{f^{(n)}(a)}{n!}$: find a formula for the $n$-th derivative first.",
        f"The series starts ${_first_terms(t)}$. Check your term at the first two values of $n$.",
    ]


def _typed(t: Term) -> Question:
    mistakes = [mistake(rule, sp.expand_power_base(wrong), message) for rule, wrong, message in t.mistakes]
    names = ["x", "n"]
    return question(
        "expression",
        _prompt(t),
        t.term,
        text(t.term),
        variables=names,
        integers={"n": t.low},
        buggy=distinct_mistakes(t.term, mistakes, names),
        hints=_hints(t),
        solution=(f"The series is ${_first_terms(t, 4)}$, so the general term is "
                  f"${tex(t.term)}$ for $n \\ge {t.low}$, and $f(x) = \\sum_{{n \\ge {t.low}}} {tex(t.term)}$."),
        input_help="Type n! for a factorial and (-1)^n for alternating signs.",
        data={"f": text(t.f), "a": text(t.a), "low": t.low, "shape": t.shape},
    )


def _general_term(seed: int) -> Question:
    rng = rng_for("m4-general-term", seed)
    return _typed(rng.choice(FAMILIES)(rng))


def _assess_general_term(seed: int) -> Question:
    rng = rng_for("m4-assess-general-term", seed)
    return _typed(rng.choice(FAMILIES)(rng))


# ---------------------------------------------------------------- the easier, multiple-choice variant

def _general_term_choice(seed: int) -> Question:
    rng = rng_for("m4-general-term-choice", seed)
    t = rng.choice((_exp, _geometric, _square, _log, _trig))(rng)
    wrong = [(f"${tex(w)}$", mistake(rule, 0, message)) for rule, w, message in t.mistakes]
    rng.shuffle(wrong)
    q = choice(rng, _prompt(t).replace("Type", "Which is").replace(
        ", as an expression in $n$ and $x$.", "?"), f"${tex(t.term)}$", wrong, hints=_hints(t),
        solution=f"The series is ${_first_terms(t, 4)}$, so the general term is ${tex(t.term)}$.")  # fmt: skip
    return q


# ---------------------------------------------------------------- the n-th derivative at a point

@dataclass(frozen=True)
class Derivative:
    f: sp.Expr
    a: sp.Expr
    value: sp.Expr  # f^(n)(a), in n
    low: int
    mistakes: tuple[tuple[str, sp.Expr, str], ...]


def _d_exp(rng: random.Random) -> Derivative:
    k, a = _k(rng, (2, -2, 3, -3, sp.Rational(1, 2), 5)), sp.Integer(rng.choice([0, 1, -1, 2]))
    c = sp.Integer(rng.choice([1, 1, 2, 3]))
    f = c * sp.exp(k * x)
    value = c * k**n * sp.exp(k * a)
    return Derivative(f, a, value, 0, (
        ("chain_factor_once", c * k * sp.exp(k * a), SCALE_LOST),
        ("chain_factor_forgotten", c * sp.exp(k * a), r"Each derivative of $e^{kx}$ brings out one more factor $k$ (the chain rule)."),
        ("power_off_by_one", c * k ** (n - 1) * sp.exp(k * a), "Check n = 1: the first derivative has exactly one factor k."),
        ("taylor_coefficient", value / sp.factorial(n), "That is the Taylor coefficient f⁽ⁿ⁾(a)/n!, not the derivative itself."),
    ))


def _d_trig(rng: random.Random) -> Derivative:
    k = sp.Integer(rng.choice([1, 2, 3, -1, -2]))
    if rng.random() < 0.5:
        f, value, other = sp.sin(k * x), k**n * sp.sin(n * sp.pi / 2), k**n * sp.cos(n * sp.pi / 2)
    else:
        f, value, other = sp.cos(k * x), k**n * sp.cos(n * sp.pi / 2), k**n * sp.sin(n * sp.pi / 2)
    return Derivative(f, sp.Integer(0), value, 0, (
        ("sin_cos_swapped", other, "Check n = 0: the 0-th derivative is f itself, so its value at 0 decides whether the pattern starts with 0 or with 1."),
        ("sign_pattern_alternating", k**n * (-1) ** n, "The derivatives of sin and cos repeat every four steps (sin, cos, −sin, −cos), so at 0 half of them vanish."),
        ("chain_factor_forgotten", value.subs(k**n, 1) if k != 1 else -value,
         "Each derivative of sin(kx) or cos(kx) brings out one more factor k (the chain rule)."),
    ))


def _d_geometric(rng: random.Random) -> Derivative:
    a = sp.Integer(rng.choice([0, 0, 2, -1, 3, -2]))  # never the pole: a = 1 for 1/(1 − x)
    if rng.random() < 0.6:
        f, value = 1 / (1 - x), sp.factorial(n) / (1 - a) ** (n + 1)
        sign = (-1) ** n * sp.factorial(n) / (1 - a) ** (n + 1)
    else:
        a = -a  # 0, 0, −2, 1, −3, 2: never the pole a = −1 of 1/(1 + x)
        f, value = 1 / (1 + x), (-1) ** n * sp.factorial(n) / (1 + a) ** (n + 1)
        sign = sp.factorial(n) / (1 + a) ** (n + 1)
    wrong = [
        ("factorial_forgotten", value / sp.factorial(n), "Each derivative brings down the power as a factor: 1, 2, 3, …, so the n-th has n!."),
        ("factorial_shift", value / n, "Check n = 2: the second derivative of 1/(1 − x) is 2/(1 − x)³, so the factor is n!, not (n − 1)!."),
        ("sign_pattern", sign, "Check the sign of the first derivative: the chain rule on 1 ∓ x decides whether the signs alternate."),
    ]
    if a != 0:
        wrong.append(("power_off_by_one", value * (1 - a if f == 1 / (1 - x) else 1 + a),
                      "The power of the denominator is one more than n: the n-th derivative of (1 − x)⁻¹ has (1 − x)^−(n+1)."))
    return Derivative(f, a, value, 0, tuple(wrong))


def _d_x_exp(rng: random.Random) -> Derivative:
    a = sp.Integer(rng.choice([0, 1, -1, 2]))
    f, value = x * sp.exp(x), (a + n) * sp.exp(a)
    return Derivative(f, a, value, 0, (
        ("product_rule_once", (a + 1) * sp.exp(a), "The product rule adds one more eˣ at each derivative: after n steps there are n of them."),
        ("product_rule_forgotten", a * sp.exp(a), "Use the product rule: the derivative of x·eˣ is eˣ + x·eˣ, and each further one adds another eˣ."),
        ("index_shift", (a + n - 1) * sp.exp(a), "Check n = 1: f′(x) = (x + 1)eˣ."),
    ))


DERIVATIVES = (_d_exp, _d_trig, _d_geometric, _d_x_exp)


def _nth_derivative(seed: int) -> Question:
    rng = rng_for("m4-nth-derivative", seed)
    d = rng.choice(DERIVATIVES)(rng)
    where = f"x = {tex(d.a)}"
    names = ["n"]
    mistakes = [mistake(rule, wrong, message) for rule, wrong, message in d.mistakes]
    firsts = ", ".join(f"f^{{({i})}}({tex(d.a)}) = {tex(sp.simplify(d.value.subs(n, i)))}" for i in range(3))
    return question(
        "expression",
        f"Let $f(x) = {tex(d.f)}$. Type the $n$-th derivative at ${where}$, $f^{{(n)}}({tex(d.a)})$, "
        f"as an expression in $n$ (for $n = 0, 1, 2, \\dots$).",
        d.value,
        text(d.value),
        variables=names,
        integers={"n": 0},
        buggy=distinct_mistakes(d.value, mistakes, names),
        hints=[
            "Differentiate two or three times and look for the pattern.",
            "Write the k-th derivative as a formula in k, then put in the point.",
            f"The first values are ${firsts}$.",
        ],
        solution=(f"Differentiating repeatedly, ${firsts}, \\dots$; the pattern is "
                  f"$f^{{(n)}}({tex(d.a)}) = {tex(d.value)}$."),
        input_help="Type n! for a factorial and (-1)^n for alternating signs.",
        data={"f": text(d.f), "a": text(d.a)},
    )


def _meta(id_: str, title: str, set_: str, skills: tuple[str, ...], difficulty: int, kind: str = "expression") -> Meta:
    return Meta(id_, title, 4, set_, skills, difficulty, kind)


APPLYING = "m4-s2-applying-taylor"
ASSESSMENT = "m4-assessment"

GENERATORS = [
    Generator(_meta("m4-general-term", "Type the general term of a series", APPLYING,
                    ("taylor-series", "power-series"), 3), _general_term),
    Generator(_meta("m4-general-term-choice", "The general term of a series", APPLYING,
                    ("taylor-series", "power-series"), 2, "choice"), _general_term_choice),
    Generator(_meta("m4-nth-derivative", "The n-th derivative at a point", APPLYING,
                    ("taylor-series", "higher-derivatives"), 3), _nth_derivative),
    Generator(_meta("m4-assess-general-term", "The general term of a series", ASSESSMENT,
                    ("taylor-series", "power-series"), 3), _assess_general_term),
]
