"""Set m1-s1 "Matching functions visually": choose the graph that fits a situation or a formula.

Figures are data (functions of x as text, and ranges); every wrong graph is
what a particular misreading of the situation would draw.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import curve, graph_choice
from mvcalc.exercises.bank._common import coefficient, mistake, nonzero, rng_for, symbol, tex
from mvcalc.exercises.model import Figure, Meta
from mvcalc.exercises.registry import Generator

SET = "m1-s1-matching-functions"
x = symbol("x")


def _figure(expr, xmax, title="") -> Figure:
    return Figure((curve(expr, 0, xmax),), title=title)


def _pool(rng):
    v0, r = rng.choice([0, 50, 100, 200]), rng.choice([5, 10, 20, 25])
    story = (
        f"A swimming pool holds {v0} litres of water when a hose starts filling it at a constant "
        f"rate of {r} litres per minute. Which graph shows the volume of water (litres) against "
        "time $x$ (minutes)?"
    )
    return story, v0 + r * x, [
        (sp.Integer(r), "rate_not_amount", "That graph shows the rate of filling (constant), not the amount of water."),
        (v0 + r * 10 - r * x + (r * 10 if v0 == 0 else 0), "wrong_direction", "That graph goes down, but the pool is filling."),
        (v0 + r * x**2 / 10, "constant_rate_curves", "A constant rate adds the same amount every minute: a straight line, not a curve that gets steeper."),
    ], 10


def _drain(rng):
    v0, r = rng.choice([400, 500, 600]), rng.choice([20, 25, 40])
    story = (
        f"A tank holding {v0} litres drains at a constant {r} litres per minute. Which graph shows "
        "the water left (litres) against time $x$ (minutes) over the first 10 minutes?"
    )
    return story, v0 - r * x, [
        (v0 + r * x, "wrong_direction", "That graph goes up, but the tank is emptying."),
        (sp.Integer(-r), "rate_not_amount", "That graph shows the rate of change (a constant), not the amount left."),
        (v0 * sp.exp(-x * r / v0 * 2), "constant_rate_curves", "Draining at a constant rate loses the same amount each minute: a straight line, not a curve."),
    ], 10


def _car(rng):
    a = rng.choice([2, 3, 4])
    story = (
        f"A car starts from rest and speeds up with a constant acceleration of {a} m/s². Which graph "
        "shows the distance travelled (metres) against time $x$ (seconds)?"
    )
    return story, sp.Rational(a, 2) * x**2, [
        (a * x, "speed_not_distance", "That is the car's speed (a straight line through 0), not the distance travelled."),
        (5 * a * x, "constant_speed", "A straight line means a constant speed, but the car keeps speeding up."),
        (sp.Integer(a), "acceleration_not_distance", "That graph shows the constant acceleration, not the distance."),
    ], 10


def _tea(rng):
    room, start, k = rng.choice([18, 20, 22]), rng.choice([80, 90, 95]), rng.choice([sp.Rational(1, 5), sp.Rational(1, 4)])
    story = (
        f"A cup of tea at {start} °C cools in a room at {room} °C: the hotter it is compared with "
        "the room, the faster it cools. Which graph shows its temperature (°C) against time $x$ "
        "(minutes)?"
    )
    return story, room + (start - room) * sp.exp(-k * x), [
        (start - 6 * x, "cools_at_constant_rate", "A straight line cools at the same rate all the time and drops below room temperature; the tea cools more slowly as it nears room temperature."),
        (start - (start - room) * (1 - sp.exp(-k * (20 - x))), "cooling_speeds_up", "That curve cools slowly at first and faster later: the other way round."),
        (room + (start - room) * sp.exp(k * x / 4) / sp.exp(5 * k), "warms_up", "That graph rises: the tea is cooling, not warming."),
    ], 20


SCENARIOS = [_pool, _drain, _car, _tea]


def _situation(seed: int):
    rng = rng_for("m1-match-situation", seed)
    story, right, wrong, xmax = rng.choice(SCENARIOS)(rng)
    return graph_choice(
        rng,
        story,
        _figure(right, xmax),
        [(_figure(f, xmax), mistake(rule, 0, message)) for f, rule, message in wrong],
        hints=[
            "Ask what happens at the start (x = 0) and whether the quantity goes up or down.",
            "A constant rate of change gives a straight line; a rate that changes gives a curve.",
            "Check each graph's value at x = 0 and how steep it is later compared with earlier.",
        ],
        solution=f"The quantity is ${tex(right)}$: check its start value and how its slope changes.",
    )


def _line(seed: int):
    rng = rng_for("m1-match-line", seed)
    m = coefficient(rng, 1, 4)
    c = nonzero(rng, -4, 4, avoid=(0, m, -m))
    right = m * x + c
    wrong = [
        (c * x + m, "slope_intercept_swapped", "You swapped the gradient and the intercept: in mx + c, m is the slope and c where the line crosses the y-axis."),
        (-m * x + c, "slope_sign", "That line slopes the other way: the sign of m says whether the line goes up or down."),
        (m * x - c, "intercept_sign", "That line crosses the y-axis at the wrong height: at x = 0 the value is c."),
    ]
    return graph_choice(
        rng,
        f"Which graph shows $f(x) = {tex(right)}$?",
        Figure((curve(right, -5, 5),), ylim=(-12, 12)),
        [(Figure((curve(f, -5, 5),), ylim=(-12, 12)), mistake(r, 0, msg)) for f, r, msg in wrong],
        hints=[
            "Find where the line crosses the y-axis, and whether it goes up or down.",
            "In $f(x) = mx + c$, $c = f(0)$ and $m$ is the rise per unit run.",
            f"At $x = 0$ the value is ${c}$; one step to the right it changes by ${m}$.",
        ],
        solution=f"$f(0) = {c}$ and the gradient is ${m}$.",
    )


def _parabola(seed: int):
    rng = rng_for("m1-match-parabola", seed)
    a = rng.choice([1, -1, sp.Rational(1, 2), -sp.Rational(1, 2)])
    h, k = nonzero(rng, -3, 3), nonzero(rng, -4, 4)
    right = a * (x - h) ** 2 + k
    wrong = [
        (a * (x + h) ** 2 + k, "shift_sign", "The vertex is on the wrong side: (x − h)² is smallest at x = h, not at −h."),
        (-a * (x - h) ** 2 + k, "opens_wrong_way", "That parabola opens the other way: the sign of the x² coefficient decides."),
        (a * (x - h) ** 2 - k, "vertex_height_sign", "The vertex is at the wrong height: at x = h the value is k."),
    ]
    def fig(f):
        return Figure((curve(f, -7, 7),), ylim=(-12, 12))

    return graph_choice(
        rng,
        f"Which graph shows $f(x) = {tex(right)}$?",
        fig(right),
        [(fig(f), mistake(r, 0, msg)) for f, r, msg in wrong],
        hints=[
            "Where is the vertex (the turning point), and does the parabola open up or down?",
            "$a(x - h)^2 + k$ has its vertex at $(h, k)$ and opens upwards when $a > 0$.",
            f"Here the vertex is at $({h}, {k})$.",
        ],
        solution=f"Vertex at $({h}, {k})$; it opens {'upwards' if a > 0 else 'downwards'} because the $x^2$ coefficient is ${tex(a)}$.",
    )


def _meta(id_, title, skills, difficulty):
    return Meta(id_, title, 1, SET, tuple(skills), difficulty, "graph")


GENERATORS = [
    Generator(_meta("m1-match-situation", "Choose the graph of a situation", ["reading-graphs", "rates"], 1), _situation),
    Generator(_meta("m1-match-line", "Choose the graph of a line", ["reading-graphs"], 1), _line),
    Generator(_meta("m1-match-parabola", "Choose the graph of a parabola", ["reading-graphs"], 2), _parabola),
]
