"""Any text a learner types gets an answer, never a server error (property tests over real HTTP)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mvcalc.exercises import registry as bank
from mvcalc.math.input.reader import InputError, read

TEXT = st.text(alphabet=st.sampled_from(list("xyz0123456789+-*/^()[], .e|√πsincoexplgrt²")), max_size=40) | st.text(max_size=30)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=TEXT)
def test_preview_always_answers(client, text):
    response = client.http.post("/api/preview", json={"text": text, "variables": ["x"]}, headers={"X-CSRF-Token": client.token})
    assert response.status_code == 200
    data = response.json()
    if not text.strip():
        assert data == {"ok": True, "empty": True, "latex": "", "notes": []}
        return
    try:  # the oracle: the parser itself, in this process
        reading = read(text.strip(), ["x"])
    except InputError as exc:
        assert (data["ok"], data["message"], data["column"]) == (False, exc.message, exc.column)
    else:
        assert (data["ok"], data["latex"], data["notes"]) == (True, reading.latex, list(reading.notes))


@SETTINGS
@given(text=TEXT)
def test_answers_always_get_a_verdict(client, text):
    q = bank.get("m1-product-linear").generate(5)
    response = client.post(
        "/practice/m1-s4-product-rule",
        {"question": q.id, "seed": q.seed, "answer": text},
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 200, response.text[:300]
    assert response.json()["grade"]["status"] in ("correct", "partial", "incorrect", "invalid", "undecided")
