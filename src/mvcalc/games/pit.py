"""A Sandpit pit: the hidden depth function, rescaled to [−9, −1], and its global minimum.

The depth, its gradient and its Hessian are compiled from the level's SymPy
surface (exact derivatives, evaluated with `mvcalc.math.numeric`). The global
minimum is found when the pit is made, by a dense grid search refined with a
bounded local optimiser and cross-checked by SciPy's differential evolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np
import sympy as sp
from scipy.optimize import differential_evolution, minimize

from mvcalc.games.surfaces import SIZE, X, Y, surface
from mvcalc.math.numeric import compile_expr

TOP, BOTTOM = -1.0, -9.0  # depths are rescaled to this range
BOUNDS = ((0.0, SIZE), (0.0, SIZE))
GRID = 241  # 0.025 between grid points: finer than the narrowest well


@dataclass(frozen=True)
class Minimum:
    """A point of the pit and its depth."""

    x: float
    y: float
    depth: float


class Pit:
    """The hidden surface of one round: depth, gradient and Hessian at any point of the pit."""

    def __init__(self, level: str, seed: int):
        self.level, self.seed = level, seed
        expr = surface(level, seed)
        names = ["x", "y"]
        self._f = compile_expr(expr, names)
        self._grads = [sp.diff(expr, v) for v in (X, Y)]
        self._g = [compile_expr(g, names) for g in self._grads]
        xs = np.linspace(0.0, SIZE, GRID)
        gx, gy = np.meshgrid(xs, xs, indexing="xy")
        raw = self._raw(gx, gy)
        self._low, self._high = float(raw.min()), float(raw.max())
        self._scale = (TOP - BOTTOM) / (self._high - self._low)
        self.minimum = self._global_minimum(gx, gy, raw)
        # the refined minimum can be a little below the grid's: rescale so it is exactly −9
        self._low = min(self._low, self._raw_at(self.minimum.x, self.minimum.y))
        self._scale = (TOP - BOTTOM) / (self._high - self._low)
        self.minimum = Minimum(self.minimum.x, self.minimum.y, self.depth(self.minimum.x, self.minimum.y))

    # -- the surface -----------------------------------------------------
    def _raw(self, x, y) -> np.ndarray:
        x, y = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float))
        return np.broadcast_to(self._f({"x": x, "y": y}), x.shape)

    def _raw_at(self, x: float, y: float) -> float:
        return float(self._raw(np.array([x]), np.array([y]))[0])

    def depth(self, x: float, y: float) -> float:
        """The depth at (x, y), in [−9, −1]."""
        return BOTTOM + (self._raw_at(x, y) - self._low) * self._scale

    def depths(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """Depths on arrays of points (for the contour map revealed after a round)."""
        return BOTTOM + (self._raw(x, y) - self._low) * self._scale

    def gradient(self, x: float, y: float) -> np.ndarray:
        """∇depth at (x, y)."""
        env = {"x": np.array([x], float), "y": np.array([y], float)}
        return np.array([float(np.broadcast_to(g(env), (1,))[0]) for g in self._g]) * self._scale

    @cached_property
    def _h(self) -> list[list]:
        """The Hessian's compiled entries, made when a strategy first asks (only the automatic
        mode's Newton steps do; its three derivatives are half the cost of making a pit)."""
        (gx, gy), names = self._grads, ["x", "y"]
        hxx, hxy, hyy = (compile_expr(sp.diff(e, v), names) for e, v in ((gx, X), (gx, Y), (gy, Y)))
        return [[hxx, hxy], [hxy, hyy]]  # the mixed partial once: the Hessian is symmetric

    def hessian(self, x: float, y: float) -> np.ndarray:
        """The Hessian of the depth at (x, y)."""
        env = {"x": np.array([x], float), "y": np.array([y], float)}
        return np.array(
            [[float(np.broadcast_to(h(env), (1,))[0]) for h in row] for row in self._h]
        ) * self._scale

    # -- optimisers ------------------------------------------------------
    def local_minimum(self, x: float, y: float) -> Minimum:
        """Where a bounded local optimiser (L-BFGS-B) started at (x, y) comes to rest."""
        result = minimize(
            lambda p: self.depth(p[0], p[1]),
            np.array([x, y]),
            jac=lambda p: self.gradient(p[0], p[1]),
            method="L-BFGS-B",
            bounds=BOUNDS,
            options={"ftol": 1e-12, "gtol": 1e-9},
        )
        px, py = (float(v) for v in result.x)
        return Minimum(px, py, self.depth(px, py))

    def _global_minimum(self, gx: np.ndarray, gy: np.ndarray, raw: np.ndarray) -> Minimum:
        order = np.argsort(raw, axis=None)[:12]
        candidates = [self.local_minimum(float(gx.flat[i]), float(gy.flat[i])) for i in order]
        # vectorised: the whole population is evaluated in one NumPy call per generation
        evolved = differential_evolution(
            lambda p: self._raw(p[0], p[1]), BOUNDS, seed=self.seed % (2**32), tol=1e-10,
            maxiter=200, polish=False, vectorized=True, updating="deferred",
        )
        candidates.append(self.local_minimum(*(float(v) for v in evolved.x)))
        return min(candidates, key=lambda m: m.depth)

    def contour(self, n: int = 61) -> dict:
        """The whole surface on an n × n grid: revealed only once a round has ended."""
        xs = np.linspace(0.0, SIZE, n)
        gx, gy = np.meshgrid(xs, xs, indexing="xy")
        return {"x": xs.round(4).tolist(), "y": xs.round(4).tolist(),
                "depth": self.depths(gx, gy).round(4).tolist()}


@lru_cache(maxsize=64)
def pit(level: str, seed: int) -> Pit:
    """The pit of `level` for `seed` (made once; a shared seed replays the same pit)."""
    return Pit(level, seed)
