"""Set m5-s1 "Newton–Raphson in one dimension" and the graded "Checking Newton–Raphson".

Iterations come from the engine (`mvcalc.math.optimize.roots`); wrong numbers from the
usual slips: the wrong sign, f′/f instead of f/f′, the step instead of the new x.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import choice, multichoice
from mvcalc.exercises.bank._common import (
    diff,
    distinct_numbers,
    mistake,
    nonzero,
    num,
    question,
    rng_for,
    symbol,
    tex,
    text,
)
from mvcalc.exercises.bank._derivative import derivative_generator
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

S1, SA = "m5-s1-newton-raphson", "m5-assessment-newton-raphson"
x = symbol("x")


def _poly(rng):
    """A polynomial like the course's x⁶/6 − 3x⁴ − 2x³/3 + 27x²/2 + 18x − 30, with new numbers."""
    n = rng.choice([4, 5, 6])
    lead = sp.Rational(1, n) if rng.random() < 0.5 else 1
    terms = [lead * x**n]
    for k in range(n - 2, 0, -1):
        if rng.random() < 0.6:
            terms.append(sp.Rational(nonzero(rng, -9, 9), rng.choice([1, 1, 2, 3])) * x**k)
    terms.append(nonzero(rng, -30, 30))
    return sum(terms, sp.Integer(0))


def _one_step(generator_id: str):
    def make(seed: int):
        rng = rng_for(generator_id, seed)
        while True:
            f = _poly(rng)
            x0 = rng.choice([-2, -1, 1, 2, 3])
            fx, dfx = f.subs(x, x0), diff(f, x).subs(x, x0)
            if dfx != 0 and fx != 0:
                break
        x1 = x0 - fx / dfx
        return question(
            "number",
            f"Apply one Newton–Raphson step to $f(x) = {tex(f)}$ from $x_0 = {x0}$. What is $x_1$? Give the exact value.",
            x1,
            buggy=distinct_numbers(x1, [
                mistake("newton_sign", x0 + fx / dfx, "The step is subtracted: x₁ = x₀ − f(x₀)/f′(x₀)."),
                mistake("newton_inverted", x0 - dfx / fx, "Divide f by f′, not f′ by f."),
                mistake("newton_step_only", -fx / dfx, "That is the step; add it to x₀ to get x₁."),
                mistake("newton_no_derivative", x0 - fx, "Divide by the slope f′(x₀): the step is f/f′."),
            ]),
            hints=[
                "Follow the tangent at x₀ down to where it crosses the axis.",
                r"$x_1 = x_0 - \dfrac{f(x_0)}{f'(x_0)}$.",
                f"$f({x0}) = {tex(fx)}$ and $f'({x0}) = {tex(dfx)}$.",
            ],
            solution=f"$f'(x) = {tex(diff(f, x))}$, $f({x0}) = {tex(fx)}$, $f'({x0}) = {tex(dfx)}$, so "
            f"$x_1 = {x0} - \\frac{{{tex(fx)}}}{{{tex(dfx)}}} = {tex(x1)}$.",
            data={"f": str(f), "x0": x0},
        )

    return make


def _roots(f) -> list[float]:
    from mvcalc.math.optimize.roots import newton_expr

    found = []
    for start in [-6, -4, -2.5, -1, 0.3, 1.2, 2.5, 4, 6]:
        r = newton_expr(f, float(start), "x")
        if r.converged and not any(abs(r.root - q) < 1e-6 for q in found):
            found.append(float(r.root))
    return sorted(found)


def _root(seed: int):
    from mvcalc.math.optimize.roots import newton_expr

    rng = rng_for("m5-nr-iterate-to-root", seed)
    while True:
        a, b, c = rng.sample([-4, -3, -2, -1, 1, 2, 3, 4], 3)
        f = sp.expand((x - a) * (x - b) * (x - c)) + rng.choice([1, -1, 2, -2])
        roots = _roots(f)
        if len(roots) >= 2:
            break
    target = rng.choice(roots)
    # a start 0.6 to 1.5 from the root, on either side, from which the iteration reaches it
    # (and never a start that is already the root to the digits asked for)
    offsets = [d * sign for d in (0.6, 0.8, 1.0, 1.2, 1.5) for sign in (1, -1)]
    rng.shuffle(offsets)
    for offset in offsets:
        x0 = round(target + offset, 1)
        result = newton_expr(f, x0, "x")
        if result.converged and abs(result.root - target) < 1e-6 and len(result.path) >= 4:
            break
    else:
        x0 = round(target + 0.5, 1)
        result = newton_expr(f, x0, "x")
    root = round(float(result.root), 4)
    others = [mistake("other_root", round(r, 4), f"That is another root of $f$; from $x_0 = {x0}$ the iteration goes to a different one: follow the steps from $x_0$.")
              for r in roots if abs(r - root) > 1e-3]
    path = ", ".join(f"{v:.5g}" for v in result.path[:6])
    x1 = result.path[1]
    return question(
        "number",
        f"Iterate Newton–Raphson on $f(x) = {tex(f)}$ from $x_0 = {x0}$ until it settles. Which root does it "
        "reach? Give it to within ±0.001.",
        sp.Float(root),
        answer_text=str(root),
        tolerance=0.001,
        buggy=distinct_numbers(root, others, places=3, tolerance=0.001),
        hints=[
            "Repeat $x_{n+1} = x_n - f(x_n)/f'(x_n)$ until the first three decimals stop changing.",
            f"$f'(x) = {tex(diff(f, x))}$.",
            f"Check your first step: $x_1 = {x0} - f({x0})/f'({x0}) \\approx {x1:.5g}$. Keep going from there; "
            "the steps shrink quickly once you are close.",
        ],
        solution=f"The iterates {path}, … settle at $x \\approx {root}$.",
        data={"f": text(f), "x0": x0},
    )


def _case(rng):
    """(f, x₀) for one behaviour, drawn from a family: the engine's verdict is the answer.

    Newton–Raphson commutes with a shift of x and ignores a constant factor on f, so the
    textbook cases (x³ − 2x + 2 cycling from 0 and 1, arctan running away, x² + c with
    no real root, a flat tangent at x₀) keep their behaviour with new numbers.
    """
    h = rng.choice([-2, -1, 0, 1, 2])
    c = rng.choice([1, 1, 2, 3])
    kind = rng.choice(["converged", "oscillating", "diverging", "wandering", "stalled"])
    if kind == "converged":
        k = rng.choice([2, 3, 5, 6, 7, 10])
        f = rng.choice([x**2 - k, x**3 - x - k + 1, sp.cos(x) - x / rng.choice([1, 2])])
        return f, rng.choice([1, 2, 3, sp.Rational(3, 2)])
    if kind == "oscillating":
        return sp.expand(c * ((x - h) ** 3 - 2 * (x - h) + 2)), h + rng.choice([0, 1])
    if kind == "diverging":
        k = rng.choice([1, 2, 3])
        if rng.random() < 0.25:
            return x * sp.exp(-x), rng.choice([2, 3, sp.Rational(3, 2), sp.Rational(5, 2)])
        return sp.atan(k * (x - h)) if h else sp.atan(k * x), h + rng.choice([-1, 1]) * sp.Rational(rng.choice([3, 4, 5]), 2 * k)
    if kind == "wandering":
        return sp.expand((x - h) ** 2 + c), h + rng.choice([sp.Rational(1, 2), 2, -2, sp.Rational(-3, 2)])
    if rng.random() < 0.3:
        return x**2 - rng.choice([2, 3, 5, 7]), sp.Integer(0)
    k = rng.choice([1, 2])  # f′ = 3(x − h)² − 3k² is zero at x₀ = h ± k
    return sp.expand(c * ((x - h) ** 3 - 3 * k**2 * (x - h))), h + rng.choice([-1, 1]) * k


LABELS = {
    "converged": "it converges to a root",
    "oscillating": "it cycles between values for ever (oscillates)",
    "diverging": "it runs away from the root (diverges)",
    "wandering": "it wanders without settling (there is no real root)",
    "stalled": "it stops: the tangent is flat (f′ = 0), so the next step cannot be taken",
    "undefined": "it leaves the domain of f",
}
# Why each option is tempting and what it would take to be right: one sentence per option,
# followed in the message by what the iterates really do.
TEMPTING = {
    "converged": "It is tempting to expect convergence whenever the start looks close to a root, but "
                 "converging means the steps shrink and the iterates home in on one value.",
    "oscillating": "A sign change between iterates can look like a cycle, but oscillating means the "
                   "iterates come back exactly to earlier values and repeat them.",
    "diverging": "A large first step can look like running away, but diverging means every step "
                 "lands further out than the one before.",
    "wandering": "Irregular early iterates can look aimless, but wandering for ever only happens "
                 "when there is no real root to settle on.",
    "stalled": "A shallow slope can look flat, but the iteration stops only when f′(xₙ) is exactly 0 at an iterate.",
}
WHY = {
    "converged": "the steps shrink and the iterates settle on a root",
    "oscillating": "the iterates come back to earlier values and repeat for ever",
    "diverging": "each tangent lands further away, so the iterates run off",
    "wandering": "f has no real root here, so the iterates cannot settle",
    "stalled": "f′ is 0 at an iterate, so its tangent is flat and never meets the axis",
    "undefined": "an iterate falls where f is not defined",
}


def _behaviour(generator_id: str):
    def make(seed: int):
        from mvcalc.math.optimize.roots import newton_expr

        rng = rng_for(generator_id, seed)
        f, x0 = _case(rng)
        x0 = num(x0)
        result = newton_expr(f, float(x0), "x")
        verdict = result.verdict
        path = ", ".join(f"{v:.4g}" for v in result.path[:4])
        really = f"Here the iterates are {path}, …: {WHY[verdict]}."
        wrong = [(LABELS[v], mistake(f"newton_{v}", 0, f"{TEMPTING[v]} {really}"))
                 for v in ("converged", "oscillating", "diverging", "wandering", "stalled") if v != verdict]
        rng.shuffle(wrong)
        return choice(
            rng,
            f"What happens when Newton–Raphson is applied to $f(x) = {tex(f)}$ from $x_0 = {tex(x0)}$?",
            LABELS[verdict],
            wrong[:3],
            hints=[
                "Compute the first few iterates.",
                r"$x_{n+1} = x_n - f(x_n)/f'(x_n)$.",
                f"$f'(x) = {tex(diff(f, x))}$.",
            ],
            solution=f"The iterates are {path}, …: {result.reason}.",
            data={"f": text(f), "x0": text(x0)},
        )

    return make


def _which_starts(seed: int):
    from mvcalc.math.optimize.roots import newton_expr

    rng = rng_for("m5-assess-which-starts", seed)
    # Newton–Raphson commutes with a shift of x and ignores a constant factor on f: shifting the
    # classic cubics and quartic (and their starts) by h gives new numbers with the same basins
    h, c = rng.choice([-1, 0, 0, 1, 2]), rng.choice([1, 2])
    base = rng.choice([x**3 - 3 * x + 1, x**3 - 2 * x**2 - x + 2, x**3 - 4 * x, x**4 - 5 * x**2 + 4])
    f = sp.expand(c * base.subs(x, x - h))
    roots = _roots(f)
    target = rng.choice(roots)
    starts = sorted(s + h for s in rng.sample([-3, -2.5, -1.5, -0.5, 0.25, 0.75, 1.5, 2.5, 3], 5))
    rights, wrong = [], []
    for s in starts:
        r = newton_expr(f, float(s), "x")
        if r.converged and abs(r.root - target) < 1e-6:
            rights.append(f"$x_0 = {s}$")
        else:
            where = f"goes to the root {r.root:.4g}" if r.converged else r.verdict
            wrong.append((f"$x_0 = {s}$", mistake("newton_other_basin", 0, f"From x₀ = {s} the iteration {where}.")))
    if not rights:
        rights.append(f"$x_0 = {round(target, 2)}$")
    return multichoice(
        rng,
        f"$f(x) = {tex(f)}$ has a root at $x \\approx {target:.4g}$. From which starting points does "
        "Newton–Raphson reach that root? Select all that apply.",
        rights,
        wrong,
        hints=[
            "Run a few iterations from each start.",
            "A start near a turning point (f′ ≈ 0) can be thrown far away.",
            f"$f'(x) = {tex(diff(f, x))}$.",
        ],
        solution="Iterating from each start: " + "; ".join(
            f"$x_0 = {s}$ → {newton_expr(f, float(s), 'x').verdict}" for s in starts
        ) + ".",
    )


def _meta(id_, title, set_, skills, difficulty, kind):
    return Meta(id_, title, 5, set_, tuple(skills), difficulty, kind)


GENERATORS = [
    derivative_generator({"id": "m5-nr-derivative", "title": "f′ for Newton–Raphson", "module": 5, "set": S1,
                          "skills": ["power-rule", "newton-raphson"], "difficulty": 1}, _poly),
    Generator(_meta("m5-nr-one-step", "One Newton–Raphson step", S1, ["newton-raphson"], 1, "number"),
              _one_step("m5-nr-one-step")),
    Generator(_meta("m5-nr-iterate-to-root", "Iterate to a root", S1, ["newton-raphson"], 2, "number"), _root),
    Generator(_meta("m5-nr-behaviour", "Converge, oscillate or diverge?", S1, ["newton-raphson"], 3, "choice"),
              _behaviour("m5-nr-behaviour")),
    Generator(_meta("m5-assess-which-starts", "Which starting points reach the root?", SA, ["newton-raphson"], 2,
                    "multichoice"), _which_starts),
    Generator(_meta("m5-assess-one-step", "One Newton–Raphson step", SA, ["newton-raphson"], 1, "number"),
              _one_step("m5-assess-one-step")),
    Generator(_meta("m5-assess-behaviour", "What does the iteration do?", SA, ["newton-raphson"], 2, "choice"),
              _behaviour("m5-assess-behaviour")),
]
