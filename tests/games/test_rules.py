"""The Sandpit's rules: win, stuck, hurry-up, loss after 25, automatic mode, the reveal, arrows."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mvcalc.games.sandpit import (
    AUTO_STEPS,
    HURRY_AT,
    MAX_PROBES,
    WIN_DISTANCE,
    GameError,
    Round,
    arrow,
)
from mvcalc.games.strategies import comparison, probes_needed, step


def far_point(r: Round) -> tuple[float, float]:
    """A point of the pit at least 2 away from the phone and not at a local minimum."""
    best = r.pit.minimum
    for x, y in [(0.5, 0.5), (5.5, 5.5), (0.5, 5.5), (5.5, 0.5)]:
        rest = r.pit.local_minimum(x, y)
        if np.hypot(x - best.x, y - best.y) > 2 and np.hypot(rest.x - x, rest.y - y) > 0.15:
            return x, y
    raise AssertionError("no far point")


def test_probe_at_the_minimum_wins_and_then_the_round_is_over():
    r = Round("intro", 1)
    best = r.pit.minimum
    out = r.probe(best.x + WIN_DISTANCE * 0.9, best.y)
    assert out["status"] == "won" and r.over and out["used"] == 1
    with pytest.raises(GameError, match="over"):
        r.probe(1, 1)
    assert r.summary() == {"level": "intro", "seed": 1, "mode": "jacobian", "probes": 1, "won": True}


def test_just_outside_the_win_distance_does_not_win():
    r = Round("intro", 1)
    best = r.pit.minimum
    out = r.probe(best.x, best.y + WIN_DISTANCE * 1.2)
    assert out["status"] == "playing"


def test_hurry_up_at_22_and_lost_after_25():
    r = Round("random", 3, mode="depth")
    x, y = far_point(r)
    for n in range(1, MAX_PROBES + 1):
        out = r.probe(x, y)
        assert out["used"] == n
        assert out["hurry"] == (HURRY_AT <= n < MAX_PROBES)
        if n == HURRY_AT:
            assert "Hurry up" in out["message"]
        if "Hurry up" in out["message"]:  # the count agrees with its noun: "1 probe left", "3 probes left"
            left = MAX_PROBES - n
            assert f"{left} probe{'' if left == 1 else 's'} left." in out["message"]
    assert out["status"] == "lost" and out["left"] == 0
    assert r.summary()["won"] is False and r.summary()["probes"] == MAX_PROBES


def test_stuck_in_a_local_minimum_that_is_not_the_phone():
    for seed in range(20):
        r = Round("multiple-minima", seed)
        best = r.pit.minimum
        for sx, sy in [(0.5, 0.5), (5.5, 5.5), (0.5, 5.5), (5.5, 0.5), (3, 0.5), (0.5, 3)]:
            rest = r.pit.local_minimum(sx, sy)
            if np.hypot(rest.x - best.x, rest.y - best.y) > 0.5:
                out = r.probe(rest.x, rest.y)
                assert "Stuck in a local optimum" in out["message"] and out["status"] == "playing"
                return
    raise AssertionError("no local minimum found")


def test_reveal_is_refused_during_a_round_and_given_after():
    r = Round("well", 11)
    with pytest.raises(GameError, match="only when the round is over"):
        r.reveal()
    r.probe(*far_point(r))
    with pytest.raises(GameError):
        r.reveal()
    best = r.pit.minimum
    r.probe(best.x, best.y)
    shown = r.reveal()
    assert shown["phone"]["x"] == pytest.approx(best.x, abs=1e-3)
    assert len(shown["probes"]) == 2 and set(shown["comparison"]) == {"steepest", "newton", "hybrid"}
    assert len(shown["contour"]["depth"]) == len(shown["contour"]["y"])


def test_depth_mode_shows_no_arrow_jacobian_mode_does():
    assert "arrow" not in Round("depth", 1).probe(1, 1)["probes"][0]
    assert "arrow" in Round("intro", 1).probe(1, 1)["probes"][0]


def test_automatic_mode_takes_five_steps_per_click_along_the_strategy():
    r = Round("intro", 1, mode="automatic", strategy="steepest", gamma=0.3)
    out = r.probe(0.5, 5.5)
    assert len(out["probes"]) == 1 + AUTO_STEPS and out["used"] == 1 + AUTO_STEPS
    pts = [np.array([p["x"], p["y"]]) for p in out["probes"]]
    for a, b in zip(pts, pts[1:], strict=False):
        assert np.allclose(step("steepest", r.pit, a, 0.3), b, atol=1e-3)


def test_automatic_mode_stops_when_it_wins():
    r = Round("intro", 1, mode="automatic", strategy="hybrid")
    best = r.pit.minimum
    out = r.probe(best.x + 0.5, best.y + 0.3)
    assert out["status"] == "won" and len(out["probes"]) <= 1 + AUTO_STEPS


@pytest.mark.parametrize("bad", [dict(level="lava"), dict(mode="x"), dict(strategy="y"), dict(gamma=0)])
def test_bad_settings_are_refused(bad):
    with pytest.raises(GameError):
        Round(**{"level": "intro", "seed": 1, **bad})


@pytest.mark.parametrize("x, y", [(-0.1, 1), (1, 6.01), (float("nan"), 1), (1, float("inf"))])
def test_probe_outside_the_pit_is_refused_and_changes_nothing(x, y):
    r = Round("intro", 1)
    with pytest.raises(GameError, match="inside the pit"):
        r.probe(x, y)
    assert r.probes == [] and r.status == "playing"


@settings(max_examples=60, deadline=None)
@given(st.floats(-50, 50), st.floats(-50, 50))
def test_arrow_points_downhill_with_length_a_fifth_of_the_gradient_capped_at_one(gx, gy):
    g = np.array([gx, gy])
    a = np.array(arrow(g))
    norm = np.linalg.norm(g)
    assert np.linalg.norm(a) == pytest.approx(min(0.2 * norm, 1.0), abs=1e-12)
    if norm > 0:
        assert a @ g <= 0 and abs(a[0] * g[1] - a[1] * g[0]) < 1e-9 * max(1, norm)


def test_comparison_counts_probes_of_each_strategy():
    r = Round("intro", 1)
    result = comparison(r.pit, (1.0, 1.0))
    for name, entry in result.items():
        assert entry["probes"] == probes_needed(name, r.pit, (1.0, 1.0))
        assert entry["path"][0] == [1.0, 1.0]
    assert result["hybrid"]["probes"] is not None


def test_a_round_restored_from_its_saved_state_plays_on():
    r = Round("random", 3, mode="depth")
    r.probe(1.0, 1.0)
    r.probe(2.0, 2.5)
    state = {"level": "random", "seed": 3, "mode": "depth", "strategy": "hybrid", "gamma": 0.5,
             "status": r.status, "probes": [p.to_state() for p in r.probes]}
    again = Round.from_state(state)
    assert again.probes == r.probes and again.status == "playing"
    assert again.probe(4.0, 4.0) == r.probe(4.0, 4.0)


def test_hurry_counts_probes_in_words():
    r = Round("intro", 0)
    x, y = far_point(r)
    messages = [r.probe(x, y)["message"] for _ in range(MAX_PROBES - 1)]
    assert "Hurry up! 1 probe left." in messages and "Hurry up! 2 probes left." in messages
    assert not any("1 probes" in m for m in messages)
