"""Set m1-s2: choose the graph of f′ given the graph of f; the wrong graphs are f, −f′ and f″."""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import curve, graph_choice
from mvcalc.exercises.bank._common import (
    coefficient,
    diff,
    fingerprint,
    mistake,
    nonzero,
    rng_for,
    symbol,
    tex,
)
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m1-s2-graph-derivative"
x = symbol("x")


def _function(rng):
    kind = rng.randrange(4)
    if kind == 0:
        return coefficient(rng, 1, 2) * x**2 + nonzero(rng, -3, 3) * x, (-4, 4)
    if kind == 1:
        a = rng.choice([1, -1])
        return a * (x**3 / 3 - rng.randint(1, 4) * x), (-3.5, 3.5)
    if kind == 2:
        return rng.choice([1, 2, -2]) * rng.choice([sp.sin, sp.cos])(x), (-6, 6)
    return rng.choice([1, -1]) * x * sp.exp(-x**2 / 2), (-3.5, 3.5)


def _derivative_graph(seed: int):
    rng = rng_for("m1-derivative-graph", seed)
    f, (lo, hi) = _function(rng)
    d1, d2 = diff(f, x), diff(f, x, 2)
    right = Figure((curve(d1, lo, hi),))
    candidates = [
        (f, "plotted_f", "That is the graph of f itself, not of its slope."),
        (-d1, "derivative_sign", "That graph is upside down: where f goes up (positive slope) f′ must be above the axis."),
        (d2, "second_derivative", "That is f″, the slope of the slope; f′ is the slope of f."),
        (d1 + 2, "shifted", "That graph is shifted up: where f has a turning point f′ must be 0."),
    ]
    seen = {fingerprint(d1, ["x"])}
    wrong = []
    for g, rule, message in candidates:
        key = fingerprint(g, ["x"])
        if key in seen:
            continue
        seen.add(key)
        wrong.append((Figure((curve(g, lo, hi),)), mistake(rule, 0, message)))
    return graph_choice(
        rng,
        f"The first figure shows $f(x) = {tex(f)}$. Which graph is its derivative $f'(x)$?",
        right,
        wrong[:3],
        figures=[Figure((curve(f, lo, hi, "f"),), title="f")],
        hints=[
            "Where f has a turning point, f′ crosses zero.",
            "Where f goes up, f′ is positive; where f goes down, f′ is negative; steeper means larger |f′|.",
            f"Differentiate: $f'(x) = {tex(d1)}$.",
        ],
        solution=f"$f'(x) = {tex(d1)}$: it is zero at the turning points of f and positive where f increases.",
    )


GENERATORS = [
    Generator(
        Meta("m1-derivative-graph", "Choose the graph of the derivative", 1, SET,
             ("derivative-as-slope", "reading-graphs"), 2, "graph"),
        _derivative_graph,
    ),
]
