"""Sensible play wins: the careful player (survey, then descend) finds the phone on every seed."""

import os

import pytest

from mvcalc.games.players import SURVEY, survey_then_descend
from mvcalc.games.sandpit import MAX_PROBES, Round

# The full check (200 seeds) runs in CI (MVCALC_FULL_SEEDS=1); a quick run tries 12.
SEEDS = range(200) if os.environ.get("MVCALC_FULL_SEEDS") else range(12)


@pytest.mark.parametrize("seed", SEEDS)
def test_multiple_minima_is_won_within_the_probe_limit(seed):
    game = survey_then_descend(Round("multiple-minima", seed))
    assert game.status == "won", f"seed {seed}: not found in {MAX_PROBES} probes"
    assert len(game.probes) <= MAX_PROBES


def test_the_player_sees_only_what_the_page_shows():
    """It plays through `Round.probe` alone: its first probes are the survey grid, in order."""
    game = survey_then_descend(Round("multiple-minima", 3))
    assert [(p.x, p.y) for p in game.probes[: len(SURVEY)]] == list(SURVEY)


def test_descending_from_most_corners_needs_a_restart():
    """The level teaches local minima: plain descent from a corner usually stops in a small hollow."""
    stuck = 0
    for seed in range(8):
        pit = Round("multiple-minima", seed).pit
        best = pit.minimum
        for corner in [(0.3, 0.3), (5.7, 0.3), (0.3, 5.7), (5.7, 5.7)]:
            rest = pit.local_minimum(*corner)
            stuck += (rest.x - best.x) ** 2 + (rest.y - best.y) ** 2 > 0.25
    assert stuck >= 8  # at least a quarter of the 32 corner starts
