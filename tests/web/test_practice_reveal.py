"""Practice over real HTTP: server-issued questions (the form carries only an opaque id), the reveal
policy (what went wrong, never the answer; the solution offered after two wrong tries or on request,
then the variant stops counting), someone else's or an unknown id refused, hints recorded,
number answers echoed as typed with their hint kept, the verdict focused."""

from __future__ import annotations

import re

import pytest
from wrong_answers import a_wrong_answer

from mvcalc.exercises import registry as bank
from mvcalc.web import questions

from .practice_forms import issued_question

SET = "m1-s4-product-rule"
JSON = {"Accept": "application/json"}


def _verdict(page: str) -> str:
    return re.search(r'<section class="verdict .*?</section>', page, re.S).group(0)


def _wrong(q) -> str:
    return "x + 12345"  # readable, and never a product rule's derivative


def test_a_wrong_answer_hides_the_answer_then_the_solution_is_offered_after_two_tries(client, store):
    key, q = issued_question(client, store, SET)
    first = client.post(f"/practice/{SET}", {"issued": key, "answer": _wrong(q)})
    assert first.status_code == 200 and "verdict incorrect" in first.text
    assert 'class="solution"' not in first.text and "Answer:" not in first.text
    verdict = _verdict(first.text)
    assert "solution-request" not in verdict  # closed: not offered in the verdict after one try
    assert 'class="solution-request"' in first.text  # ... but the learner may ask for it
    second = client.post(f"/practice/{SET}", {"issued": key, "answer": _wrong(q)}, headers=JSON).json()
    assert second["solution"] == "offered" and second["wrong_tries"] == 2
    assert second["answer_latex"] is None and second["solution_html"] is None
    page = client.post(f"/practice/{SET}", {"issued": key, "answer": _wrong(q)})
    verdict = _verdict(page.text)
    assert "solution-request offered" in verdict and "Show the worked solution" in verdict
    assert f'name="csrf_token" value="{client.token}"' in verdict.split("solution-request")[1]  # a form that works


def test_the_solution_on_request_is_recorded_and_its_variant_then_moves_no_mastery(client, store):
    key, q = issued_question(client, store, SET)
    shown = client.post(f"/practice/{SET}/solution", {"issued": key})
    assert shown.status_code == 200
    assert '<details class="solution" open>' in shown.text and 'id="solution"' in shown.text
    assert store.issued_question(key, "local")["solution_viewed"]
    before = store.mastery("local")
    right = client.post(f"/practice/{SET}", {"issued": key, "answer": q.answer_text}, headers=JSON).json()
    assert right["grade"]["status"] == "correct" and right["counted"] is False
    assert "worked solution" in right["not_counted"]
    assert store.mastery("local") == before
    last = store.attempts("local", question_id=q.id, limit=1)[0]
    assert last["solution_viewed"] is True and last["answer_text"] == q.answer_text
    fresh_key, fresh = issued_question(client, store, SET)  # a fresh variant counts again
    assert fresh_key != key
    counted = client.post(f"/practice/{SET}", {"issued": fresh_key, "answer": fresh.answer_text}, headers=JSON).json()
    assert counted["counted"] is True and store.mastery("local") != before


def test_a_right_answer_closes_the_question_and_shows_the_solution_closed(client, store):
    key, q = issued_question(client, store, SET)
    page = client.post(f"/practice/{SET}", {"issued": key, "answer": q.answer_text})
    assert "verdict correct" in page.text and '<details class="solution">' in page.text
    assert store.issued_question(key, "local")["closed"]
    again = client.post(f"/practice/{SET}", {"issued": key, "answer": q.answer_text}, headers=JSON).json()
    assert again["counted"] is False and "already" in again["not_counted"]


@pytest.mark.parametrize("path", [f"/practice/{SET}", f"/practice/{SET}/solution", f"/practice/{SET}/hint"])
def test_someone_elses_or_an_unknown_or_another_sets_id_is_a_404_and_records_nothing(client, store, path):
    theirs = store.issue_question("somebody-else", SET, "m1-product-linear", 5)
    elsewhere = store.issue_question("local", "m1-s3-differentiate", "m1-power-rule", 5)
    before = len(store.attempts(None, limit=100_000))
    for key in (theirs, "no-such-question", elsewhere):
        response = client.post(path, {"issued": key, "answer": "6x", "hints_used": "1"})
        assert response.status_code == 404 and "no such question of yours" in response.text
        assert "Traceback" not in response.text
    assert len(store.attempts(None, limit=100_000)) == before
    assert store.issued_question(theirs, "somebody-else")["solution_viewed"] is False


def test_a_replay_link_never_counts_but_a_lesson_variant_does(client, store):
    q = bank.generate("m1-product-linear", 424242)
    page = client.get(f"/practice/{SET}?q={q.id}&seed={q.seed}")
    key = re.search(r'name="issued" value="([^"]+)"', page.text).group(1)
    assert store.issued_question(key, "local")["replay"]
    replayed = client.post(f"/practice/{SET}", {"issued": key, "answer": q.answer_text}, headers=JSON).json()
    assert replayed["counted"] is False and "link" in replayed["not_counted"]
    from mvcalc.course.loader import load_course
    from mvcalc.web.lesson_view import practice_variants

    lesson = next(le for m in load_course().modules for le in m.lessons if le.practices)
    block = lesson.practices[0]
    generator, seed = practice_variants(lesson.id, block)[0]
    shown = bank.generate(generator, seed)
    wrong = client.post(f"/practice/{block.set}", {"question": generator, "seed": seed, "answer": "[[9]]"},
                        headers=JSON).json()
    assert wrong["ok"] and wrong["issued"]
    assert store.issued_question(wrong["issued"], "local")["replay"] is False
    again = client.post(f"/practice/{block.set}", {"question": generator, "seed": seed, "answer": "[[9]]"},
                        headers=JSON).json()
    assert again["issued"] == wrong["issued"]  # the same variant is the same issued question
    assert shown.id == generator


def test_hints_are_recorded_on_the_issued_question_and_never_go_down(client, store):
    key, q = issued_question(client, store, SET)
    headers = {"X-CSRF-Token": client.token}
    two = client.http.post(f"/practice/{SET}/hint", json={"issued": key, "hints_used": 2}, headers=headers).json()
    one = client.http.post(f"/practice/{SET}/hint", json={"issued": key, "hints_used": 1}, headers=headers).json()
    assert two["hints_used"] == one["hints_used"] == min(2, len(q.hints))
    bad = client.http.post(f"/practice/{SET}/hint", json={"issued": key, "hints_used": "lots"}, headers=headers)
    assert bad.status_code == 400
    client.post(f"/practice/{SET}", {"issued": key, "answer": q.answer_text, "hints_used": "0"})
    assert store.attempts("local", question_id=q.id, limit=1)[0]["hints_used"] == min(2, len(q.hints))


def test_a_number_answer_is_echoed_as_typed_and_keeps_its_hint(client, store):
    key, q = issued_question(client, store, "m1-s2-graph-derivative",
                             path="/practice/m1-s2-graph-derivative?q=m1-rise-over-run&seed=5")
    assert 'data-kind="number"' in client.get("/practice/m1-s2-graph-derivative?q=m1-rise-over-run&seed=5").text
    wrong = client.post("/practice/m1-s2-graph-derivative", {"issued": key, "answer": "1.2708"})
    assert '<span class="math inline">1.2708</span>' in wrong.text and "3177" not in wrong.text
    unreadable = client.post("/practice/m1-s2-graph-derivative", {"issued": key, "answer": "0,5"})
    assert "Cannot read that" in unreadable.text and "for a decimal use a point" in unreadable.text
    headers = {"X-CSRF-Token": client.token}
    preview = client.http.post("/api/preview", json={"text": "1.2708", "kind": "number"}, headers=headers).json()
    assert preview == {"ok": True, "latex": "1.2708", "notes": []}
    letters = client.http.post("/api/preview", json={"text": "2x", "kind": "number"}, headers=headers).json()
    assert letters["ok"] is False and "no variables" in letters["hint"]


def test_the_verdict_is_a_focused_status_with_a_heading(client, store):
    key, q = issued_question(client, store, SET)
    page = client.post(f"/practice/{SET}", {"issued": key, "answer": _wrong(q)})
    section = re.search(r'<section class="verdict[^>]*>', page.text).group(0)
    assert 'role="status"' in section and "autofocus" in section and 'tabindex="-1"' in section
    assert 'aria-labelledby="verdict-title"' in section and 'id="verdict-title"' in page.text
    assert 'action="/practice/m1-s4-product-rule#verdict"' in page.text


def test_a_learner_asking_question_after_question_never_waits_for_a_fresh_variant():
    """Worst case for the pool: every question of the learner's recent window from one generator.
    Once the pool is full, no take within the refresh time makes (and so generates) a new variant."""
    clock = [0.0]
    pool = questions.VariantPool(refresh=10.0, clock=lambda: clock[0])
    assert pool.size > questions.RECENT
    recent: list[int] = []  # the learner's issued seeds, newest last
    for _ in range(pool.size):
        recent.append(pool.take("m1-product-linear", avoid=set(recent[-questions.RECENT:])))
    filled = set(recent)
    assert len(filled) == pool.size
    for _ in range(500):
        window = set(recent[-questions.RECENT:])
        seed = pool.take("m1-product-linear", avoid=window)
        assert seed not in window and seed in filled
        recent.append(seed)
    clock[0] += 10.0  # after the refresh time, one fresh variant comes in, and the oldest goes
    fresh = pool.take("m1-product-linear", avoid=set(recent[-questions.RECENT:]))
    assert fresh not in filled


def test_the_pool_reuses_kept_variants_and_never_repeats_the_last_one():
    clock = [0.0]
    pool = questions.VariantPool(size=3, refresh=10.0, clock=lambda: clock[0])
    seeds = [pool.take("m1-product-linear") for _ in range(3)]
    assert len(set(seeds)) == 3  # filled lazily
    for _ in range(20):  # many takes within the refresh time: kept variants only
        recent = set(seeds[-1:])
        seeds.append(pool.take("m1-product-linear", avoid=recent))
        assert seeds[-1] not in recent
    assert set(seeds) == set(seeds[:3])
    for _ in range(20):  # a second passes between takes: a fresh variant every ten seconds
        clock[0] += 1.0
        recent = set(seeds[-2:])
        seeds.append(pool.take("m1-product-linear", avoid=recent))
        assert seeds[-1] not in recent
    assert 3 + 2 <= len(set(seeds)) <= 3 + 20 // 10 + 20 // 3  # fresh ones come in (or when all are avoided)
    assert pool.kept("m1-product-linear", seeds[-1]) is None  # a take only chooses: nothing generated yet
    question = bank.generate("m1-product-linear", seeds[-1])
    pool.keep(question)
    assert pool.kept("m1-product-linear", seeds[-1]) is question
    stranger = bank.generate("m1-product-linear", max(seeds) + 1)
    pool.keep(stranger)  # not one of the pool's seeds: not kept
    assert pool.kept("m1-product-linear", stranger.seed) is None


def test_a_first_wrong_answer_to_every_practice_generator_shows_neither_answer_nor_solution(client, store):
    """The web side of the done-when test: each practice generator (seed 0), one wrong try. The
    verdict names what went wrong; the worked solution and the reference answer stay out of the page."""
    from markupsafe import escape

    from mvcalc.exercises.model import answer_latex

    practice = [(s.id, gid) for s in bank.sets() if not s.graded for gid in s.generators]
    assert len(practice) > 90
    for set_id, gid in practice:
        key, q = issued_question(client, store, set_id, path=f"/practice/{set_id}?q={gid}&seed=0")
        assert q.id == gid
        field = "choice" if q.kind in ("choice", "graph", "multichoice") else "answer"
        page = client.post(f"/practice/{set_id}", {"issued": key, field: a_wrong_answer(q)})
        assert page.status_code == 200, (gid, page.text[:300])
        verdict = _verdict(page.text)
        assert re.search(r"verdict (incorrect|partial)", verdict), (gid, verdict[:400])
        assert 'class="solution"' not in page.text and "Answer:" not in page.text, gid
        assert "solution-request offered" not in verdict, gid  # one try: the solution is not yet offered
        shown = [q.choices[q.answer].text] if q.kind in ("choice", "graph") else \
            [q.choices[i].text for i in q.answer] if q.kind == "multichoice" else [q.answer_text, answer_latex(q)]
        told = re.sub(r'<p class="read-as">.*?</p>', "", verdict, flags=re.S)  # the learner's own answer echoed
        for form in shown:
            if len(form) >= 3:
                assert str(escape(form)) not in told, (gid, form, told[:600])
