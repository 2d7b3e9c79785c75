"""The Sandpit's rules: probes, arrows, winning, being stuck, hurrying up and the reveal.

A `Round` holds everything about one game; the web app keeps it in the store
(`Round.from_state` rebuilds it for each move, in any process). The page only ever
receives what `Round.probe` returns for the probed points; the whole surface
and the phone's position are in `Round.reveal()`, which refuses until the
round has ended.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mvcalc.errors import MvcalcError
from mvcalc.games.pit import Pit, pit
from mvcalc.games.strategies import STRATEGIES, comparison, step
from mvcalc.games.surfaces import LEVEL_MODES, LEVELS, SIZE

WIN_DISTANCE = 0.15  # a probe this close to the global minimum finds the phone
STUCK_DISTANCE = 0.15  # a local optimiser from the probe moving less than this: a local minimum
HURRY_AT = 22  # the probe at which the hurry-up warning appears
MAX_PROBES = 25  # after this many probes the answer is revealed and the round is lost
AUTO_STEPS = 5  # automatic mode: steps of the strategy per click
MODES = ("jacobian", "depth", "automatic")


class GameError(MvcalcError):
    """A move the rules do not allow (outside the pit, after the end, unknown mode...)."""


@dataclass
class Probe:
    """One probe: its number, position, depth and (in Jacobian mode) the downhill arrow."""

    number: int
    x: float
    y: float
    depth: float
    arrow: tuple[float, float] | None = None

    def to_state(self) -> dict:
        """Everything about the probe, unrounded (what the store keeps)."""
        return {"number": self.number, "x": self.x, "y": self.y, "depth": self.depth, "arrow": self.arrow}

    def to_dict(self) -> dict:
        out = {"number": self.number, "x": round(self.x, 4), "y": round(self.y, 4),
               "depth": round(self.depth, 3)}
        if self.arrow is not None:
            out["arrow"] = [round(self.arrow[0], 4), round(self.arrow[1], 4)]
        return out


def arrow(gradient: np.ndarray) -> tuple[float, float]:
    """The arrow along −∇f with length 0.2|∇f|, capped at 1 (the course's rule)."""
    norm = float(np.linalg.norm(gradient))
    if norm == 0.0:
        return (0.0, 0.0)
    length = min(0.2 * norm, 1.0)
    return (float(-gradient[0] / norm * length), float(-gradient[1] / norm * length))


@dataclass
class Round:
    """One game of the Sandpit, seeded: the same level, seed and mode replay the same pit."""

    level: str
    seed: int
    mode: str = ""
    strategy: str = "hybrid"
    gamma: float = 0.5
    probes: list[Probe] = field(default_factory=list)
    status: str = "playing"  # playing | won | lost

    def __post_init__(self) -> None:
        if self.level not in LEVELS:
            raise GameError(f"unknown level {self.level!r}: choose one of {', '.join(LEVELS)}")
        self.mode = self.mode or LEVEL_MODES[self.level]
        if self.mode not in MODES:
            raise GameError(f"unknown mode {self.mode!r}: choose one of {', '.join(MODES)}")
        if self.strategy not in STRATEGIES:
            raise GameError(f"unknown strategy {self.strategy!r}: choose one of {', '.join(STRATEGIES)}")
        if not 0 < self.gamma <= 5:
            raise GameError("the step size γ must be between 0 and 5")

    @classmethod
    def from_state(cls, state: dict) -> Round:
        """The round as the store saved it: settings, status and probes (see `Probe.to_state`)."""
        probes = [Probe(p["number"], p["x"], p["y"], p["depth"], None if p.get("arrow") is None else tuple(p["arrow"]))
                  for p in state.get("probes", ())]
        return cls(level=state["level"], seed=state["seed"], mode=state["mode"], strategy=state["strategy"],
                   gamma=state["gamma"], probes=probes, status=state.get("status", "playing"))

    @property
    def pit(self) -> Pit:
        return pit(self.level, self.seed)

    @property
    def over(self) -> bool:
        return self.status != "playing"

    def _one(self, x: float, y: float) -> tuple[Probe, str]:
        pit_ = self.pit
        x, y = float(np.clip(x, 0.0, SIZE)), float(np.clip(y, 0.0, SIZE))
        gradient = pit_.gradient(x, y)
        shown = arrow(gradient) if self.mode in ("jacobian", "automatic") else None
        probe = Probe(len(self.probes) + 1, x, y, pit_.depth(x, y), shown)
        self.probes.append(probe)
        best = pit_.minimum
        if np.hypot(x - best.x, y - best.y) <= WIN_DISTANCE:
            self.status = "won"
            return probe, "You found the phone!"
        if len(self.probes) >= MAX_PROBES:
            self.status = "lost"
            return probe, f"That was probe {MAX_PROBES}: the phone is revealed."
        rest = pit_.local_minimum(x, y)
        if np.hypot(rest.x - x, rest.y - y) <= STUCK_DISTANCE:
            return probe, "Stuck in a local optimum: the ground is flat here but the phone is deeper elsewhere."
        if len(self.probes) >= HURRY_AT:
            left = MAX_PROBES - len(self.probes)
            return probe, f"Hurry up! {left} probe{'' if left == 1 else 's'} left."
        return probe, ""

    def probe(self, x: float, y: float) -> dict:
        """Probe the depth at (x, y) (in automatic mode, then let the strategy take its steps)."""
        if self.over:
            raise GameError("this round is over: start a new one")
        if not (np.isfinite(x) and np.isfinite(y)) or not (0 <= x <= SIZE and 0 <= y <= SIZE):
            raise GameError(f"probe inside the pit: x and y between 0 and {SIZE:g}")
        made, message = [], ""
        probe, message = self._one(x, y)
        made.append(probe)
        if self.mode == "automatic":
            point = np.array([probe.x, probe.y])
            for _ in range(AUTO_STEPS):
                if self.over:
                    break
                point = step(self.strategy, self.pit, point, self.gamma)
                probe, message = self._one(*point)
                made.append(probe)
        return {
            "probes": [p.to_dict() for p in made],
            "message": message,
            "status": self.status,
            "used": len(self.probes),
            "left": max(MAX_PROBES - len(self.probes), 0),
            "hurry": HURRY_AT <= len(self.probes) and not self.over,
        }

    def reveal(self) -> dict:
        """The whole pit, the phone and how other strategies would have fared: after the round only."""
        if not self.over:
            raise GameError("the pit is revealed only when the round is over")
        best = self.pit.minimum
        first = self.probes[0] if self.probes else None
        return {
            "phone": {"x": round(best.x, 4), "y": round(best.y, 4), "depth": round(best.depth, 3)},
            "contour": self.pit.contour(),
            "probes": [p.to_dict() for p in self.probes],
            "comparison": comparison(self.pit, (first.x, first.y)) if first else {},
        }

    def summary(self) -> dict:
        """What is recorded about a finished round."""
        return {"level": self.level, "seed": self.seed, "mode": self.mode,
                "probes": len(self.probes), "won": self.status == "won"}
