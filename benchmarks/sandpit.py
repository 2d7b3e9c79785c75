"""Median probes a simple strategy needs per Sandpit level, next to random probing on the same pits.

Simple strategy, Jacobian mode: follow the arrow with a fixed step of 0.4 (halved
when the depth rises), restart at a random point when told "stuck" or when the
step falls below 0.05. Depth-only mode: a compass search (probe the four
neighbours at the step, move to the deepest, halve the step when none is deeper).
Peer: uniformly random probes. Rounds that are lost count as 26 probes.
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from mvcalc.games.sandpit import MAX_PROBES, Round
from mvcalc.games.surfaces import LEVEL_MODES, LEVELS, SIZE

SEEDS = range(100, 108)
LOST = MAX_PROBES + 1


def _result(game: Round) -> int:
    return len(game.probes) if game.status == "won" else LOST


def follow_arrows(game: Round, rng: np.random.Generator) -> int:
    point, step, last = rng.uniform(0, SIZE, 2), 0.4, None
    while not game.over:
        out = game.probe(*point)
        probe = out["probes"][-1]
        if game.over:
            break
        if "Stuck" in out["message"] or step < 0.05:
            point, step, last = rng.uniform(0, SIZE, 2), 0.4, None
            continue
        if last is not None and probe["depth"] > last:
            step /= 2
        last = probe["depth"]
        a = np.array(probe["arrow"])
        norm = np.linalg.norm(a)
        if norm == 0:
            point, step, last = rng.uniform(0, SIZE, 2), 0.4, None
            continue
        point = np.clip(np.array([probe["x"], probe["y"]]) + step * a / norm, 0, SIZE)
    return _result(game)


def compass(game: Round, rng: np.random.Generator) -> int:
    centre, step = rng.uniform(0, SIZE, 2), 0.8
    best = game.probe(*centre)["probes"][-1]["depth"]
    while not game.over:
        moved = False
        for d in ((1, 0), (0, 1), (-1, 0), (0, -1)):
            if game.over:
                break
            p = np.clip(centre + step * np.array(d), 0, SIZE)
            depth = game.probe(*p)["probes"][-1]["depth"]
            if depth < best:
                centre, best, moved = p, depth, True
                break
        if not moved:
            step /= 2
            if step < 0.05 and not game.over:
                centre, step = rng.uniform(0, SIZE, 2), 0.8
                best = game.probe(*centre)["probes"][-1]["depth"]
    return _result(game)


def random_probes(game: Round, rng: np.random.Generator) -> int:
    while not game.over:
        game.probe(*rng.uniform(0, SIZE, 2))
    return _result(game)


def main() -> None:
    print(f"{'level':<16} {'simple':>7} {'random':>7} {'ratio':>6} {'simple won':>11} {'s/seed':>6}  (median probes, {len(SEEDS)} seeds; lost = {LOST})")
    for level in LEVELS:
        start = time.perf_counter()
        simple, peer, wins = [], [], 0
        for seed in SEEDS:
            mode = LEVEL_MODES[level]
            game = Round(level, seed, mode=mode)
            game.pit  # noqa: B018 - make the pit before timing the play
            rng = np.random.default_rng(seed)
            n = (follow_arrows if mode == "jacobian" else compass)(game, rng)
            simple.append(n)
            wins += game.status == "won"
            peer.append(random_probes(Round(level, seed, mode=mode), np.random.default_rng(seed)))
        made = (time.perf_counter() - start) / len(SEEDS)
        a, b = statistics.median(simple), statistics.median(peer)
        print(f"{level:<16} {a:>7g} {b:>7g} {a / b:>6.2f} {wins:>6}/{len(SEEDS):<4} {made:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
