"""Helpers of the practice tests: the question a practice page issued, read back from the store."""

from __future__ import annotations

import re

from mvcalc.exercises import registry as bank


def issued_question(client, store, set_id: str, learner: str = "local", path: str = ""):
    """(issued id, Question) of the question the practice page of `set_id` shows now."""
    page = client.get(path or f"/practice/{set_id}")
    assert page.status_code == 200, page.text[:300]
    key = re.search(r'name="issued" value="([^"]+)"', page.text).group(1)
    state = store.issued_question(key, learner)
    return key, bank.generate(state["question_id"], state["seed"])
