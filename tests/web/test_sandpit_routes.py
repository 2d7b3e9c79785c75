"""The Sandpit over HTTP: start, probe, win, lose, refuse the reveal during a round, record finished rounds."""

from __future__ import annotations

import json

import pytest

from mvcalc.games.pit import BOUNDS, pit
from mvcalc.games.sandpit import MAX_PROBES


def post_json(client, path: str, body: dict, token: bool = True):
    headers = {"Accept": "application/json"}
    if token:
        headers["X-CSRF-Token"] = client.token
    return client.http.post(
        path, content=json.dumps(body), headers={**headers, "Content-Type": "application/json"}
    )


@pytest.fixture
def sandpit(client):
    assert client.get("/sandpit").status_code == 200
    return client


def test_page_has_levels_and_modes_and_no_surface(sandpit):
    html = sandpit.get("/sandpit?level=well&seed=11").text
    for level in ("intro", "depth", "random", "multiple-minima", "rocks", "well"):
        assert f'value="{level}"' in html
    best = pit("well", 11).minimum
    assert f"{best.x:.3f}"[:5] not in html
    assert sandpit.get("/sandpit?level=lava").status_code == 404


def _new_round(sandpit, store, level: str = "random", **settings) -> tuple[str, int]:
    """(round id, seed) of a round the server seeded: the seed is read from the store, never from the page."""
    started = post_json(sandpit, "/api/sandpit/rounds", {"level": level, **settings}).json()
    assert started["ok"] and started["replay"] is False and "seed" not in started
    return started["round"], store.round(started["round"], "local")["seed"]


def test_win_a_round_and_it_is_recorded(sandpit, store):
    key, seed = _new_round(sandpit, store)
    first = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 0.3, "y": 0.3}).json()
    assert first["status"] == "playing" and "arrow" in first["probes"][0]
    assert set(first) == {"ok", "probes", "message", "status", "used", "left", "hurry"}
    refused = sandpit.get(f"/api/sandpit/rounds/{key}/reveal")
    assert refused.status_code == 409 and "contour" not in refused.text
    best = pit("random", seed).minimum
    won = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": best.x, "y": best.y}).json()
    assert won["status"] == "won" and won["used"] == 2
    shown = sandpit.get(f"/api/sandpit/rounds/{key}/reveal").json()
    assert (
        shown["phone"]["x"] == pytest.approx(best.x, abs=1e-3)
        and len(shown["contour"]["depth"]) == 61
    )
    assert shown["seed"] == seed and shown["replay"] is False  # shown once the round is over
    again = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 1, "y": 1})
    assert again.status_code == 409
    rows = [r for r in store.assignments() if r["name"] == "sandpit:random"]
    assert rows and rows[0]["passed"] is True and rows[0]["details"]["round"] == key
    state = store.round(key, "local")
    assert state["status"] == "won" and [p["number"] for p in state["probes"]] == [1, 2]


def test_a_replay_of_a_known_seed_is_practice_never_a_win(sandpit, store):
    before = len(store.assignments())
    started = post_json(sandpit, "/api/sandpit/rounds", {"level": "random", "seed": 4}).json()
    assert started["replay"] is True and started["seed"] == 4
    best = pit("random", 4).minimum
    won = post_json(
        sandpit, f"/api/sandpit/rounds/{started['round']}/probe", {"x": best.x, "y": best.y}
    ).json()
    assert won["status"] == "won"
    assert len(store.assignments()) == before  # no win recorded
    assert store.round(started["round"], "local")["replay"] is True


def test_no_answer_during_a_round_carries_its_seed_or_surface(sandpit, store):
    started = post_json(sandpit, "/api/sandpit/rounds", {"level": "well"})
    key = started.json()["round"]
    seed = store.round(key, "local")["seed"]
    best = pit("well", seed).minimum  # probe far from the phone, so the round is still being played
    (x_low, x_high), (y_low, y_high) = BOUNDS
    far = {
        "x": x_low if best.x > (x_low + x_high) / 2 else x_high,
        "y": y_low if best.y > (y_low + y_high) / 2 else y_high,
    }
    probed = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", far)
    assert probed.json()["status"] == "playing", probed.text
    refused = sandpit.get(f"/api/sandpit/rounds/{key}/reveal")
    for response in (started, probed, refused):
        assert str(seed) not in response.text and "contour" not in response.text


def test_a_round_belongs_to_its_learner_and_outlives_the_server(sandpit, store, live):
    key, seed = _new_round(sandpit, store, "intro")
    post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 1, "y": 1})
    with store.engine.begin() as connection:  # hand the round to another learner
        connection.exec_driver_sql(
            f"UPDATE sandpit_rounds SET learner = 'someone' WHERE id = '{key}'"
        )
    assert (
        post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 2, "y": 2}).status_code == 404
    )
    assert sandpit.get(f"/api/sandpit/rounds/{key}/reveal").status_code == 404
    with store.engine.begin() as connection:
        connection.exec_driver_sql(
            f"UPDATE sandpit_rounds SET learner = 'local' WHERE id = '{key}'"
        )
    live.stop()
    live.start()  # a restart loses nothing: the round goes on where it was
    sandpit.http.base_url = live.url
    out = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 2, "y": 2}).json()
    assert out["used"] == 2 and out["probes"][0]["number"] == 2


def test_lose_after_25_probes(sandpit, store):
    key, _ = _new_round(sandpit, store, "depth")
    for _ in range(MAX_PROBES):
        out = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", {"x": 0.2, "y": 5.8}).json()
    assert out["status"] == "lost" and "arrow" not in out["probes"][0]
    assert sandpit.get(f"/api/sandpit/rounds/{key}/reveal").status_code == 200
    rows = [r for r in store.assignments() if r["details"].get("round") == key]
    assert len(rows) == 1 and rows[0]["passed"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"level": "lava"},
        {"mode": "x"},
        {"strategy": "y"},
        {"gamma": -1},
        {"seed": -3},
        {"seed": "abc"},
    ],
)
def test_bad_start_is_a_clear_error(sandpit, body):
    response = post_json(sandpit, "/api/sandpit/rounds", body)
    assert response.status_code in (400, 422) and response.json()["ok"] is False


def test_bad_probes_and_unknown_rounds(sandpit):
    key = post_json(sandpit, "/api/sandpit/rounds", {"level": "intro", "seed": 1}).json()["round"]
    for body in ({"x": 7, "y": 1}, {"x": "a", "y": 1}, {"x": 1}):
        response = post_json(sandpit, f"/api/sandpit/rounds/{key}/probe", body)
        assert response.status_code in (400, 422) and response.json()["ok"] is False
    assert post_json(sandpit, "/api/sandpit/rounds/nope/probe", {"x": 1, "y": 1}).status_code == 404
    assert sandpit.get("/api/sandpit/rounds/nope/reveal").status_code == 404
    assert (
        post_json(sandpit, "/api/sandpit/rounds", {"level": "intro"}, token=False).status_code
        == 403
    )


def test_automatic_mode_walks_five_steps_of_the_chosen_strategy(sandpit):
    started = post_json(
        sandpit,
        "/api/sandpit/rounds",
        {"level": "random", "seed": 8, "mode": "automatic", "strategy": "steepest", "gamma": 0.2},
    ).json()
    out = post_json(
        sandpit, f"/api/sandpit/rounds/{started['round']}/probe", {"x": 0.5, "y": 0.5}
    ).json()
    from mvcalc.games.strategies import walk

    expected = walk("steepest", pit("random", 8), (0.5, 0.5), 5, gamma=0.2)
    got = [[p["x"], p["y"]] for p in out["probes"]]
    assert len(got) == len(expected[: len(got)]) and out["used"] == len(got)
    assert sum(got, []) == pytest.approx(sum(expected[: len(got)], []), abs=1e-3)
    # seed 8 from (0.5, 0.5): the start and five steps, and the round is not won by them
    assert (len(got), len(expected), out["status"]) == (6, 6, "playing")


def test_network_figure_endpoint(sandpit):
    ok = post_json(sandpit, "/api/figures/network-backprop", {"w1": [0.5, 0.5], "b2": -1}).json()
    assert ok["ok"] and len(ok["graph"]["nodes"]) == 15
    bad = post_json(sandpit, "/api/figures/network-backprop", {"w1": "lots"})
    assert bad.status_code == 400 and "w1" in bad.json()["error"]
    assert post_json(sandpit, "/api/figures/network-backprop", {}, token=False).status_code == 403


def test_course_style_level_addresses_and_module_labs(sandpit):
    for level in ("intro", "depth", "random", "multiple-minima", "rocks", "well"):
        assert sandpit.get(f"/sandpit/{level}").status_code == 200
    assert sandpit.get("/sandpit/lava").status_code == 404
    assert sandpit.get("/sandpit/figures").status_code == 200
    module2 = sandpit.get("/modules/2").text
    assert 'href="/sandpit/intro"' in module2 and 'href="/sandpit/well"' in module2
    assert 'href="/sandpit/random?mode=automatic"' in sandpit.get("/modules/5").text
