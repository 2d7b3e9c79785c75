"""The Sandpit's hidden surfaces: one SymPy expression in x, y on the 6 × 6 pit per level.

Each level builds its surface from a seeded random generator, so one seed always
gives the same pit. Surfaces are SymPy expressions (never learner text) so that
their gradient and Hessian come exactly from `sympy.diff`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import sympy as sp

from mvcalc.math.input.reader import symbol

X, Y = symbol("x"), symbol("y")
SIZE = 6.0  # the pit is [0, 6] × [0, 6]

LEVELS = ("intro", "depth", "random", "multiple-minima", "rocks", "well")

LEVEL_TITLES = {
    "intro": "Introduction: gradient arrows",
    "depth": "Depth only",
    "random": "A random pit",
    "multiple-minima": "Multiple minima",
    "rocks": "Rocks",
    "well": "The well",
}

# Default mode of each level: what the course's levels show.
LEVEL_MODES = {
    "intro": "jacobian",
    "depth": "depth",
    "random": "jacobian",
    "multiple-minima": "jacobian",
    "rocks": "jacobian",
    "well": "jacobian",
}


def _rational(value: float, digits: int = 3) -> sp.Rational:
    """A short exact number, so surfaces print and differentiate cleanly."""
    return sp.Rational(round(float(value) * 10**digits), 10**digits)


def _edges(strength: float) -> sp.Expr:
    """A bowl that rises near the pit's walls and keeps the lowest point inside."""
    u, v = (X - 3) / 3, (Y - 3) / 3
    return _rational(strength) * (u**4 + v**4)


def _cosines(rng: np.random.Generator, n: int = 4) -> sp.Expr:
    """A random n × n sum of cosines over the pit (smooth hills and valleys)."""
    terms = []
    for i in range(n):
        for j in range(n):
            if i == j == 0:
                continue
            c = _rational(rng.normal(0, 1) / (1 + i + j))
            terms.append(c * sp.cos(i * sp.pi * X / SIZE) * sp.cos(j * sp.pi * Y / SIZE))
    return sp.Add(*terms)


def intro(rng: np.random.Generator) -> sp.Expr:
    """The course's intro: one broad, slightly tilted valley of a fixed shape, placed by the seed
    (so that a round's phone must be found, not remembered from the last round)."""
    cx, cy = _rational(rng.uniform(1.2, 4.8)), _rational(rng.uniform(1.2, 4.8))
    return (X - cx) ** 2 / 4 + (Y - cy) ** 2 / 2 + sp.sin(X - cx + sp.Rational(39, 10)) / 2


def random_pit(rng: np.random.Generator) -> sp.Expr:
    """A random 4 × 4 cosine surface with raised edges."""
    return _cosines(rng) + _edges(1.5)


def _dip(cx: float, cy: float, depth: float, width: float) -> sp.Expr:
    """A round Gaussian hollow of the given depth and width centred at (cx, cy)."""
    return -_rational(depth) * sp.exp(-((X - _rational(cx)) ** 2 + (Y - _rational(cy)) ** 2) / (2 * _rational(width) ** 2))


def multiple_minima(rng: np.random.Generator) -> sp.Expr:
    """A broad valley holding the phone, with four narrower, shallower hollows on its slopes.

    Descending from most starts ends in one of the small hollows (a local minimum); the
    phone's valley is the widest and deepest, so a player who surveys the pit first and
    restarts from the deepest probes finds it within the probe limit (asserted in the tests).
    """
    gx, gy = (float(v) for v in rng.uniform(1.2, 4.8, size=2))
    centres: list[np.ndarray] = []
    while len(centres) < 4:
        c = rng.uniform(0.6, 5.4, size=2)
        if np.hypot(c[0] - gx, c[1] - gy) >= 1.8 and all(np.hypot(*(c - d)) >= 1.3 for d in centres):
            centres.append(c)
    hollows = [_dip(gx, gy, 3.0, float(rng.uniform(1.0, 1.2)))]
    hollows += [_dip(float(c[0]), float(c[1]), float(rng.uniform(1.4, 2.1)), float(rng.uniform(0.45, 0.6)))
                for c in centres]
    valley = ((X - _rational(gx)) ** 2 + (Y - _rational(gy)) ** 2) / 20
    return sp.Add(*hollows) + valley + _edges(0.5)


def rocks(rng: np.random.Generator) -> sp.Expr:
    """A random pit with rocks: high-frequency noise that traps naive descent."""
    noise = []
    for _ in range(3):
        kx, ky = rng.uniform(5, 9, size=2) * rng.choice([-1, 1], size=2)
        phase = _rational(rng.uniform(0, 2 * np.pi))
        noise.append(sp.sin(_rational(kx) * X + _rational(ky) * Y + phase))
    return random_pit(rng) + sp.Rational(12, 100) * sp.Add(*noise)


def well(rng: np.random.Generator) -> sp.Expr:
    """A gentle surface hiding a narrow well of width 0.2: arrows alone will not find it."""
    base = _cosines(rng, 3) / 2 + _edges(1.0)
    wx, wy = _rational(rng.uniform(0.8, 5.2)), _rational(rng.uniform(0.8, 5.2))
    width = sp.Rational(2, 10)
    return base - 3 * sp.exp(-((X - wx) ** 2 + (Y - wy) ** 2) / (2 * width**2))


BUILDERS: dict[str, Callable[[np.random.Generator], sp.Expr]] = {
    "intro": intro,
    "depth": intro,
    "random": random_pit,
    "multiple-minima": multiple_minima,
    "rocks": rocks,
    "well": well,
}


def surface(level: str, seed: int) -> sp.Expr:
    """The (unscaled) surface of `level` for `seed`."""
    if level not in BUILDERS:
        raise ValueError(f"unknown level {level!r}: choose one of {', '.join(LEVELS)}")
    return BUILDERS[level](np.random.default_rng(seed))
