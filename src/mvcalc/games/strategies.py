"""Strategies that walk downhill in the Sandpit (module 5's *Gradient descent in a sandpit*).

Each strategy maps the current point to the next one, from the depth's gradient J
and Hessian H at that point:
- `fixed`: a step of fixed length 0.5 straight downhill;
- `steepest`: −γJ (γ = 0.5 unless chosen);
- `newton`: −H⁻¹J, which heads for any flat point, hilltops included;
- `hybrid`: the Newton step unless it points uphill or is longer than 2, else −γJ.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mvcalc.games.surfaces import SIZE
from mvcalc.math.optimize.descent import hybrid_takes_newton, newton_step

FIXED_LENGTH = 0.5
MAX_NEWTON = 2.0


def fixed_step(J: np.ndarray, H: np.ndarray, gamma: float) -> np.ndarray:
    norm = float(np.linalg.norm(J))
    return np.zeros(2) if norm == 0 else -FIXED_LENGTH * J / norm


def steepest(J: np.ndarray, H: np.ndarray, gamma: float) -> np.ndarray:
    return -gamma * J


def newton(J: np.ndarray, H: np.ndarray, gamma: float) -> np.ndarray:
    move = newton_step(H, J)
    return np.zeros(2) if move is None else move


def hybrid(J: np.ndarray, H: np.ndarray, gamma: float) -> np.ndarray:
    move = newton_step(H, J)
    return move if hybrid_takes_newton(move, J, MAX_NEWTON) else steepest(J, H, gamma)


STRATEGIES: dict[str, Callable[[np.ndarray, np.ndarray, float], np.ndarray]] = {
    "fixed": fixed_step,
    "steepest": steepest,
    "newton": newton,
    "hybrid": hybrid,
}

STRATEGY_TITLES = {
    "fixed": "Fixed step (0.5 downhill)",
    "steepest": "Steepest descent (−γJ)",
    "newton": "Newton (−H⁻¹J)",
    "hybrid": "Hybrid (Newton when safe, else −γJ)",
}


def step(name: str, pit, point: np.ndarray, gamma: float = 0.5) -> np.ndarray:
    """The next point of strategy `name` from `point`, kept inside the pit."""
    x, y = float(point[0]), float(point[1])
    move = STRATEGIES[name](pit.gradient(x, y), pit.hessian(x, y), gamma)
    return np.clip(np.asarray(point, float) + move, 0.0, SIZE)


def walk(name: str, pit, start: tuple[float, float], steps: int, gamma: float = 0.5) -> list[list[float]]:
    """The path of a strategy from `start`: `steps` steps, for drawing."""
    path = [np.asarray(start, float)]
    for _ in range(steps):
        path.append(step(name, pit, path[-1], gamma))
    return [[round(float(p[0]), 4), round(float(p[1]), 4)] for p in path]


def probes_needed(name: str, pit, start: tuple[float, float], limit: int = 25,
                  radius: float = 0.15, gamma: float = 0.5) -> int | None:
    """How many probes (the start counts as the first) the strategy needs to find the phone."""
    point, best = np.asarray(start, float), pit.minimum
    for count in range(1, limit + 1):
        if np.hypot(point[0] - best.x, point[1] - best.y) <= radius:
            return count
        point = step(name, pit, point, gamma)
    return None


def comparison(pit, start: tuple[float, float], limit: int = 25) -> dict:
    """For each strategy from the learner's first probe: probes needed (None: not within the limit) and its path."""
    out = {}
    for name in ("steepest", "newton", "hybrid"):
        out[name] = {
            "title": STRATEGY_TITLES[name],
            "probes": probes_needed(name, pit, start, limit),
            "path": walk(name, pit, start, limit - 1),
        }
    return out
