"""Set m2-s5 "Classifying stationary points": the Hessian test (lesson 2.7, "The Hessian").

The kind of a point comes from the engine (`mvcalc.math.multivariate.stationary`, exact
eigenvalue signs); each wrong option carries the slip that leads to it: reading only
the diagonal, taking det H > 0 to mean a minimum, det H < 0 a maximum, or deciding a
point the test cannot decide. The tests check every answer with SymPy and NumPy.
"""

from __future__ import annotations

import sympy as sp

from mvcalc.exercises.bank._choices import Option, choice
from mvcalc.exercises.bank._common import (
    coefficient,
    diff,
    mistake,
    nonzero,
    question,
    rng_for,
    symbols,
    tex,
    text,
)
from mvcalc.exercises.model import Meta
from mvcalc.exercises.registry import Generator

SET = "m2-s5-stationary-points"
x, y = symbols("x y")

KINDS = ("minimum", "maximum", "saddle", "degenerate")
LABELS = {
    "minimum": "a local minimum",
    "maximum": "a local maximum",
    "saddle": "a saddle point",
    "degenerate": "the second-derivative test cannot tell ($\\det H = 0$)",
}
HINTS = [
    "At a stationary point the Hessian plays the part of $f''$ in one variable.",
    r"For two variables: $\det H = f_{xx} f_{yy} - f_{xy}^2$. If $\det H < 0$ it is a saddle; if "
    r"$\det H > 0$ the sign of $f_{xx}$ (or of the trace $f_{xx} + f_{yy}$) says minimum ($+$) or maximum ($-$); "
    r"if $\det H = 0$ the test cannot tell.",
]


def by_hessian(a, b, c) -> str:
    """The 2×2 Hessian test on H = [[a, b], [b, c]]: minimum, maximum, saddle or degenerate."""
    det = a * c - b * b
    if det < 0:
        return "saddle"
    if det == 0:
        return "degenerate"
    return "minimum" if a > 0 else "maximum"


def _by_diagonal(a, c) -> str:
    """What reading only the diagonal (the curvatures along x and y) suggests."""
    if a > 0 and c > 0:
        return "minimum"
    if a < 0 and c < 0:
        return "maximum"
    if a * c < 0:
        return "saddle"
    return "degenerate"


def _wrong_options(a, b, c, kind: str) -> list[Option]:
    """Every other label, each with the slip that leads to it."""
    det = a * c - b * b
    diagonal = _by_diagonal(a, c)
    out: list[Option] = []
    for other in KINDS:
        if other == kind:
            continue
        # each message says which condition the option needs and that it fails here, never the
        # value of det H or f_xx at the point (working those out is the question)
        if other == diagonal and b != 0:
            rule, why = "stationary_diagonal_only", (
                f"The diagonal alone is not enough: the mixed partial $f_{{xy}} = {b}$ counts too, in "
                "$\\det H = f_{xx} f_{yy} - f_{xy}^2$.")
        elif other == "degenerate":
            rule, why = "stationary_cannot_tell", (
                "The test cannot tell only when $\\det H = 0$; work out $\\det H = f_{xx} f_{yy} - f_{xy}^2$ "
                "here: it is not 0, so the test decides.")
        elif other == "saddle":
            rule, why = "stationary_positive_determinant" if det > 0 else "stationary_zero_determinant", (
                "A saddle needs $\\det H < 0$ (curvatures of opposite signs); here $\\det H$ is not negative: "
                "work it out with the mixed partial included.")
        else:  # a minimum or a maximum, each with its own condition (never naming what the point is)
            sign = "> 0" if other == "minimum" else "< 0"
            rule = ("stationary_negative_determinant" if det < 0 else
                    "stationary_zero_determinant" if det == 0 else "stationary_curvature_sign")
            why = (f"{LABELS[other].capitalize()} needs $\\det H > 0$ and $f_{{xx}} {sign}$ (curving "
                   f"{'up' if other == 'minimum' else 'down'} in every direction); here the two do not both "
                   "hold: check $\\det H$ and the sign of $f_{xx}$ at the point.")
        out.append((LABELS[other], mistake(rule, 0, why)))
    return out


def _hessian_entries(rng) -> tuple[int, int, int]:
    """Integer a, b, c for H = [[a, b], [b, c]], the kind drawn first so all four appear."""
    kind = rng.choice(KINDS)
    while True:
        if kind == "degenerate":
            p, q, k = nonzero(rng, -3, 3), nonzero(rng, -3, 3), rng.choice([1, 1, 2, -1, -2])
            a, b, c = (k * p * p, k * p * q, k * q * q) if rng.random() < 0.7 else (coefficient(rng, 1, 6), 0, 0)
            if rng.random() < 0.3:
                a, c = c, a
        else:
            a, c = nonzero(rng, -8, 8), nonzero(rng, -8, 8)
            b = rng.randint(-6, 6)
        if by_hessian(a, b, c) == kind:
            return a, b, c


def by_eigenvalues(values) -> str:
    """The test in any dimension: signs of the Hessian's eigenvalues."""
    if any(v > 0 for v in values) and any(v < 0 for v in values):
        return "saddle"
    if any(v == 0 for v in values):
        return "degenerate"
    return "minimum" if values[0] > 0 else "maximum"


def _eigen_options(values, kind: str) -> list[Option]:
    """Each wrong option with what it would need of the eigenvalues (never naming what the point is)."""
    shown = "$" + ", ".join(str(v) for v in values) + "$"
    out: list[Option] = []
    for other in KINDS:
        if other == kind:
            continue
        if other == "degenerate" and 0 in values:
            rule, why = "stationary_zero_with_mixed_signs", (
                f"A zero eigenvalue leaves the test undecided only when the others share one sign; here they are {shown}.")
        elif other == "degenerate":
            rule, why = "stationary_cannot_tell", (
                f"The test cannot tell only when an eigenvalue is $0$; here they are {shown}, none zero.")
        elif other == "saddle":
            rule, why = ("stationary_zero_determinant" if 0 in values else "stationary_same_sign_eigenvalues"), (
                f"A saddle needs eigenvalues of both signs (up along some directions, down along others); "
                f"here they are {shown}.")
        else:
            rule = "stationary_zero_determinant" if kind == "degenerate" else (
                "stationary_mixed_eigenvalues" if kind == "saddle" else "stationary_curvature_sign")
            why = (f"{LABELS[other].capitalize()} needs every eigenvalue "
                   f"{'positive' if other == 'minimum' else 'negative'} (curving "
                   f"{'up' if other == 'minimum' else 'down'} in every direction); here they are {shown}.")
        out.append((LABELS[other], mistake(rule, 0, why)))
    return out


def _classify_eigenvalues(rng):
    kind = rng.choice(KINDS)
    while True:
        values = sorted(rng.choice([-4, -3, -2, -1, 0, 1, 2, 5, 6]) for _ in range(3))
        if by_eigenvalues(values) == kind and any(values):
            break
    rng.shuffle(values)
    p = tuple(rng.randint(-2, 2) for _ in range(3))
    shown = ", ".join(str(v) for v in values)
    label = LABELS[kind].replace("($\\det H = 0$)", "(an eigenvalue is $0$)")
    wrong = [(LABELS[o].replace("($\\det H = 0$)", "(an eigenvalue is $0$)"), m)
             for o, (_, m) in zip([k for k in KINDS if k != kind], _eigen_options(values, kind), strict=True)]
    return choice(
        rng,
        f"The function $f(x, y, z)$ has a stationary point at ${p}$, and the eigenvalues of its Hessian there are "
        f"${shown}$. What does the second-derivative (Hessian) test say it is?",
        label,
        wrong,
        hints=[
            "In any number of dimensions the test reads the signs of the Hessian's eigenvalues (the curvatures "
            "along its eigenvectors).",
            "All positive: minimum. All negative: maximum. Some positive and some negative: saddle.",
            "If some eigenvalues are zero and the rest share one sign, the test cannot tell.",
        ],
        solution=f"The eigenvalues are ${shown}$: " + {
            "minimum": "all positive, so $f$ curves up in every direction: a local minimum.",
            "maximum": "all negative, so $f$ curves down in every direction: a local maximum.",
            "saddle": "some positive and some negative, so it is a saddle point.",
            "degenerate": "some are zero and the rest share one sign, so the test cannot tell.",
        }[kind],
        data={"eigenvalues": values},
    )


def _classify_matrix(seed: int):
    rng = rng_for("m2-classify-from-hessian", seed)
    if rng.random() < 0.25:
        return _classify_eigenvalues(rng)
    a, b, c = _hessian_entries(rng)
    kind = by_hessian(a, b, c)
    H = sp.Matrix([[a, b], [b, c]])
    p, q = rng.randint(-3, 3), rng.randint(-3, 3)
    if rng.random() < 0.5:
        given = f"its Hessian there is $H = {tex(H)}$"
    else:
        given = f"there $f_{{xx}} = {a}$, $f_{{xy}} = {b}$ and $f_{{yy}} = {c}$"
    det = a * c - b * b
    return choice(
        rng,
        f"The function $f(x, y)$ has a stationary point at $({p}, {q})$, and {given}. What does the second-derivative (Hessian) test say it is?",
        LABELS[kind],
        _wrong_options(a, b, c, kind),
        hints=[*HINTS, f"Here $\\det H = ({a})({c}) - ({b})^2$."],
        solution=f"$\\det H = ({a})({c}) - ({b})^2 = {det}$"
        + ("" if det <= 0 else f" and $f_{{xx}} = {a}$") + f", so it is {LABELS[kind]}.",
        data={"hessian": [[a, b], [b, c]]},
    )


# ---------------------------------------------------------------- functions with known stationary points


def _family(rng):
    """A function of x, y and its stationary points (exact, found by construction; checked by SymPy in the tests)."""
    p, q = rng.randint(1, 3), rng.randint(-2, 2)
    s = coefficient(rng, 1, 4)
    pick = rng.randrange(5)
    if pick == 0:  # x³ − 3p²x + s(y − q)²: (±p, q)
        f = x**3 - 3 * p**2 * x + s * (y - q) ** 2
        return sp.expand(f), [(p, q), (-p, q)], "roots"
    if pick == 1:  # x³ + y³ − 3kxy: (0, 0), (k, k)
        k = nonzero(rng, -3, 3)
        return x**3 + y**3 - 3 * k * x * y, [(0, 0), (k, k)], "coupled"
    if pick == 2:  # x³ − 3p²x + y³ − 3r²y: (±p, ±r)
        r = rng.randint(1, 3)
        return x**3 - 3 * p**2 * x + y**3 - 3 * r**2 * y, [(p, r), (p, -r), (-p, r), (-p, -r)], "roots"
    if pick == 3:  # a quadratic with one stationary point at (p, q)
        a, c = nonzero(rng, -3, 3), nonzero(rng, -3, 3)
        b = rng.randint(-4, 4)
        f = a * (x - p) ** 2 + b * (x - p) * (y - q) + c * (y - q) ** 2 + rng.randint(-5, 5)
        return sp.expand(f), [(p, q)], "one"
    # det H = 0 at (p, q): the test cannot tell (a quartic or cubic term decides)
    k = rng.choice([1, 2])
    f = s * (x - p) ** 2 + k * (y - q) ** 4 if rng.random() < 0.5 else s * (x - p) ** 3 + k * (y - q) ** 2
    return sp.expand(f), [(p, q)], "one"


def _point_text(pt) -> str:
    return f"({pt[0]}, {pt[1]})"


def _kind_at(f, pt) -> tuple[str, sp.Matrix]:
    from mvcalc.math.multivariate import analyse_stationary

    result = analyse_stationary(f, ["x", "y"], {"x": pt[0], "y": pt[1]})
    return result.kind, sp.Matrix(result.hessian)


def _classify_function(seed: int):
    rng = rng_for("m2-classify-stationary-point", seed)
    f, points, _ = _family(rng)
    pt = rng.choice(points)
    kind, H = _kind_at(f, pt)
    a, b, c = (int(H[0, 0]), int(H[0, 1]), int(H[1, 1]))
    general = sp.Matrix([[diff(diff(f, x), x), diff(diff(f, x), y)], [diff(diff(f, y), x), diff(diff(f, y), y)]])
    det = a * c - b * b
    return choice(
        rng,
        f"$f(x, y) = {tex(f)}$ has a stationary point at ${_point_text(pt)}$. What does the second-derivative (Hessian) "
        "test say it is?",
        LABELS[kind],
        _wrong_options(a, b, c, kind),
        hints=[*HINTS, f"The Hessian is $H = {tex(general)}$; substitute the point."],
        solution=f"$H = {tex(general)}$, so at ${_point_text(pt)}$, $H = {tex(H)}$ and $\\det H = {det}$"
        + ("" if det <= 0 else f" with $f_{{xx}} = {a}$") + f": {LABELS[kind]}.",
        data={"f": text(f), "point": list(pt)},
    )


def _find_points(seed: int):
    rng = rng_for("m2-find-stationary-points", seed)
    while True:
        f, points, family = _family(rng)
        if len(points) > 1:
            break
    answer = tuple(tuple(sp.Integer(v) for v in pt) for pt in points)
    gx, gy = diff(f, x), diff(f, y)
    wrong = [
        mistake("stationary_positive_root_only", tuple(pt for pt in answer if pt[0] >= 0 and pt[1] >= 0),
                "A square equals $p^2$ at $p$ and at $-p$: keep both roots (in $x$ and in $y$).")
        if family == "roots" else mistake("stationary_one_point", (answer[-1],),
                                          "$x = 0$ also solves the equations: there are two stationary points."),
        mistake("stationary_coordinates_swapped", tuple((pt[1], pt[0]) for pt in answer),
                "Each pair is $(x, y)$: the first coordinate solves $\\partial f/\\partial x = 0$ in $x$."),
        mistake("stationary_one_point", (answer[0],), "There is more than one: solve both equations fully."),
    ]
    buggy = []
    seen = {frozenset(answer)}
    for m in wrong:
        key = frozenset(m.answer)
        if m.answer and key not in seen:
            seen.add(key)
            buggy.append(m)
    return question(
        "points",
        f"Find every stationary point of $f(x, y) = {tex(f)}$. Give them as $(x, y)$ pairs.",
        answer,
        answer_text=", ".join(_point_text(pt) for pt in points),
        buggy=buggy,
        hints=[
            "A stationary point is where every first partial derivative is zero.",
            f"Solve $\\dfrac{{\\partial f}}{{\\partial x}} = {tex(gx)} = 0$ and "
            f"$\\dfrac{{\\partial f}}{{\\partial y}} = {tex(gy)} = 0$ together.",
            "Each equation may have more than one root; combine every pair that satisfies both.",
        ],
        solution=f"$\\partial f/\\partial x = {tex(gx)}$ and $\\partial f/\\partial y = {tex(gy)}$ are both zero at "
        + ", ".join(f"${_point_text(pt)}$" for pt in points) + ".",
        input_help="points as (x, y), separated by commas",
        data={"f": text(f)},
    )


def _meta(id_, title, skills, difficulty, kind):
    return Meta(id_, title, 2, SET, tuple(skills), difficulty, kind)


GENERATORS = [
    Generator(_meta("m2-classify-from-hessian", "Classify a point from its Hessian", ["hessian", "stationary-points"],
                    1, "choice"), _classify_matrix),
    Generator(_meta("m2-find-stationary-points", "Find the stationary points", ["gradient", "stationary-points"],
                    2, "points"), _find_points),
    Generator(_meta("m2-classify-stationary-point", "Find H and classify the point", ["hessian", "stationary-points"],
                    2, "choice"), _classify_function),
]
