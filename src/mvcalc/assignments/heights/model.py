"""The heights assignment on the checker's side: the data, the Gaussian and its derivatives.

The derivatives come from `sympy.diff` of the Gaussian, compiled with
`mvcalc.math.numeric.compile_expr`, so the checker does not share the closed forms
a learner might have copied wrongly. `generate()` rebuilds the shipped histogram
from the numbers documented in `heights.csv` (a test checks that they agree).
"""

from __future__ import annotations

import functools
from importlib import resources

import numpy as np

from mvcalc.math.input.reader import parse, symbol
from mvcalc.math.numeric import compile_expr

GAUSSIAN = "exp(-(x - mu)^2 / (2 sig^2)) / (sqrt(2 pi) sig)"
START, AGGRESSION, STEPS = (155.0, 6.0), 2000.0, 50

# The generator's inputs, documented in the header of heights.csv.
SEED, PEOPLE = 20241, 10_000
GROUPS = ((161.3, 7.1), (175.3, 7.6))  # (mean, SD) in cm: women, men (see heights.csv)
CENTRES = np.arange(50.0, 300.0, 2.5)  # 50, 52.5, ..., 297.5
WIDTH = 2.5


@functools.lru_cache(maxsize=1)
def _compiled():
    f = parse(GAUSSIAN, variables=["x", "mu", "sig"])
    names = ["x", "mu", "sig"]
    d_mu = f.diff(symbol("mu"))
    d_sig = f.diff(symbol("sig"))
    return compile_expr(f, names), compile_expr(d_mu, names), compile_expr(d_sig, names)


def _env(x, mu, sig):
    return {"x": np.asarray(x, dtype=float), "mu": np.asarray(float(mu)), "sig": np.asarray(float(sig))}


def f(x, mu, sig) -> np.ndarray:
    return _compiled()[0](_env(x, mu, sig))


def dfdmu(x, mu, sig) -> np.ndarray:
    return np.broadcast_to(_compiled()[1](_env(x, mu, sig)), np.shape(x)).astype(float)


def dfdsig(x, mu, sig) -> np.ndarray:
    return np.broadcast_to(_compiled()[2](_env(x, mu, sig)), np.shape(x)).astype(float)


def chi2(x, y, mu, sig) -> float:
    return float(np.sum((y - f(x, mu, sig)) ** 2))


def jacobian(x, y, mu, sig) -> np.ndarray:
    """∇χ² = [−2 Σ (y − f) ∂f/∂μ, −2 Σ (y − f) ∂f/∂σ]."""
    r = y - f(x, mu, sig)
    return np.array([-2 * np.sum(r * dfdmu(x, mu, sig)), -2 * np.sum(r * dfdsig(x, mu, sig))])


def steepest_step(x, y, mu, sig, aggression) -> np.ndarray:
    return -aggression * jacobian(x, y, mu, sig)


@functools.lru_cache(maxsize=1)
def load() -> tuple[np.ndarray, np.ndarray]:
    """(bin centres in cm, density per cm) from the shipped heights.csv."""
    text = resources.files(__package__).joinpath("heights.csv").read_text(encoding="utf-8")
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    table = np.array([[float(v) for v in row] for row in rows[1:]])
    return table[:, 0], table[:, 2]


def generate() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(centres, counts, density): PEOPLE heights, half from each group, binned and normalised."""
    rng = np.random.default_rng(SEED)
    heights = np.concatenate([rng.normal(mean, sd, PEOPLE // 2) for mean, sd in GROUPS])
    edges = np.append(CENTRES - WIDTH / 2, CENTRES[-1] + WIDTH / 2)
    counts, _ = np.histogram(heights, edges)
    return CENTRES.copy(), counts, counts / (counts.sum() * WIDTH)
