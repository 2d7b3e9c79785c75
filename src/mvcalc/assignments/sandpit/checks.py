"""Checks of *Gradient descent in a sandpit*, run in the checker's process.

Expected moves come from the Sandpit's own strategies (`mvcalc.games.strategies`)
on Jacobians and Hessians of real pits (exact derivatives of the hidden surface)
and on hand-made cases that reach each branch of the hybrid.
"""

from __future__ import annotations

import numpy as np

from mvcalc.assignments.checker import Context, Extra
from mvcalc.assignments.feedback import Mistake, Outcome, compare, first_failure
from mvcalc.assignments.sandbox import SandboxedModule
from mvcalc.games import strategies
from mvcalc.games.pit import pit
from mvcalc.games.sandpit import MAX_PROBES, WIN_DISTANCE
from mvcalc.games.surfaces import SIZE

GAMMA = 0.5
WALKS = (("intro", 1, (0.5, 5.5)), ("random", 4, (1.0, 1.0)), ("multiple-minima", 5, (3.0, 3.0)))

# by-hand cases: (label, f, J, H); the hybrid's branch is named in the label
HAND = [
    ("on a bowl (Newton is safe)", -5.0, np.array([1.0, -2.0]), np.array([[2.0, 0.0], [0.0, 4.0]])),
    ("near a hilltop (Newton points uphill)", -2.0, np.array([0.5, 0.2]), np.array([[-3.0, 0.0], [0.0, -1.0]])),
    ("on a nearly flat bowl (Newton is longer than 2)", -6.0, np.array([0.4, 0.3]), np.array([[0.1, 0.0], [0.0, 0.1]])),
    ("at a tilted saddle", -4.0, np.array([0.3, -0.6]), np.array([[1.0, 0.5], [0.5, -2.0]])),
]


def _pit_cases(ctx: Context, count: int = 3) -> list[tuple[str, float, np.ndarray, np.ndarray]]:
    p = pit("random", 4)
    cases = []
    for x, y in ctx.rng.uniform(0.3, SIZE - 0.3, size=(count, 2)):
        cases.append((f"in a pit at ({x:.2f}, {y:.2f})", p.depth(x, y), p.gradient(x, y), p.hessian(x, y)))
    return cases


def _cases(ctx: Context):
    return HAND + _pit_cases(ctx)


def check_steepest_step(learner: SandboxedModule, ctx: Context) -> Outcome:
    def outcomes():
        for label, f, J, H in _cases(ctx):
            got = learner.call("steepest_step", f, J, H)
            yield compare("steepest_step", got, strategies.steepest(J, H, GAMMA), against="−γJ", case=label,
                          rtol=1e-9, atol=1e-12, mistakes=[
                              Mistake(GAMMA * J, "+γJ: J points uphill, the move goes against it"),
                              Mistake(-J, "−J without γ = 0.5"),
                          ])

    return first_failure(outcomes())


def check_newton_step(learner: SandboxedModule, ctx: Context) -> Outcome:
    def outcomes():
        for label, f, J, H in _cases(ctx):
            got = learner.call("newton_step", f, J, H)
            yield compare("newton_step", got, strategies.newton(J, H, GAMMA), against="−H⁻¹J", case=label,
                          rtol=1e-8, atol=1e-10, mistakes=[
                              Mistake(np.linalg.solve(H, J), "+H⁻¹J: the Newton move is −H⁻¹J"),
                              Mistake(-H @ J, "−HJ: multiply by the inverse of H (solve H δ = −J)"),
                              Mistake(-J / np.diag(H), "only the diagonal of H used"),
                          ])

    return first_failure(outcomes())


def check_next_step(learner: SandboxedModule, ctx: Context) -> Outcome:
    def outcomes():
        for label, f, J, H in _cases(ctx):
            got = learner.call("next_step", f, J, H)
            newton, steep = strategies.newton(J, H, GAMMA), strategies.steepest(J, H, GAMMA)
            expected = strategies.hybrid(J, H, GAMMA)
            other = steep if expected is newton or np.allclose(expected, newton) else newton
            yield compare("next_step", got, expected, against="the hybrid's move", case=label,
                          rtol=1e-8, atol=1e-10, mistakes=[
                              Mistake(other, "the other branch: Newton only when δ·J < 0 and |δ| ≤ 2, else −γJ"),
                          ])

    return first_failure(outcomes())


CHECKS = {"steepest_step": check_steepest_step, "newton_step": check_newton_step, "next_step": check_next_step}


def _walk(learner: SandboxedModule, level: str, seed: int, start: tuple[float, float]) -> tuple[list, int | None]:
    """The learner's next_step walked from `start` in a pit; probes needed (None: not within 25)."""
    p, point = pit(level, seed), np.asarray(start, float)
    path = [point.tolist()]
    for count in range(1, MAX_PROBES + 1):
        if np.hypot(point[0] - p.minimum.x, point[1] - p.minimum.y) <= WIN_DISTANCE:
            return path, count
        x, y = point
        move = np.asarray(learner.call("next_step", p.depth(x, y), p.gradient(x, y), p.hessian(x, y)), float)
        point = np.clip(point + move.reshape(2), 0.0, SIZE)
        path.append(point.tolist())
    return path, None


def after_pass(learner: SandboxedModule, ctx: Context) -> Extra:
    """Your next_step walking through three seeded pits, next to the Sandpit's own hybrid."""
    lines, data = ["Your next_step in three pits (probes to find the phone; the Sandpit's hybrid in brackets):"], {}
    for level, seed, start in WALKS:
        path, needed = _walk(learner, level, seed, start)
        ours = strategies.probes_needed("hybrid", pit(level, seed), start)
        shown = "not within 25" if needed is None else str(needed)
        lines.append(f"  {level} (seed {seed}) from {start}: {shown} ({'not within 25' if ours is None else ours})")
        data[f"{level}:{seed}"] = {"path": path, "probes": needed, "hybrid": ours}
    return Extra(lines, data)
