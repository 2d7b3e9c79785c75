"""Coverage of the question model's data forms (mvcalc.exercises.model)."""

from __future__ import annotations

import pytest

from mvcalc.exercises.model import Choice, Curve, Figure, Grade, Meta, Question, letter


def _question(**fields) -> Question:
    return Question(id="q", seed=1, prompt="p", kind="choice", answer=1, answer_text="B", **fields)


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown answer kind 'essay'"):
        Question(id="q", seed=1, prompt="p", kind="essay", answer=1, answer_text="")


def test_to_dict_hides_answers_unless_revealed() -> None:
    figure = Figure(curves=(Curve("x^2", -1, 1, "f"),), points=((0.0, 0.0),))
    q = _question(choices=[Choice("a", figure=figure), Choice("b", correct=True)], data={"k": 1},
                  solution="because")
    hidden = q.to_dict(reveal=False)
    assert {"answer", "buggy", "solution", "data"}.isdisjoint(hidden)
    assert hidden["choices"] == [
        {"label": "A", "text": "a", "figure": figure.to_dict()},
        {"label": "B", "text": "b", "figure": None},
    ]
    shown = q.to_dict()
    assert shown["answer"] == "B" and shown["solution"] == "because" and shown["data"] == {"k": 1}
    assert shown["choices"][1]["label"] == "B" and shown["choices"][1]["correct"] is True
    assert letter(0) == "A" and letter(2) == "C"


def test_meta_round_trip_and_grade_to_dict() -> None:
    meta = Meta(id="g", title="G", module=1, set="s", skills=("a", "b"), difficulty=2, kind="number")
    assert Meta.from_dict(meta.to_dict()) == meta
    plain = Grade(status="incorrect", score=0.0, message="no")
    assert plain.to_dict()["diagnosis"] is None and plain.to_dict()["entries"] is None and not plain.correct
    entries = Grade(status="correct", score=1.0, message="yes", entries=((True, None),), notes=("n",))
    assert entries.correct
    assert entries.to_dict()["entries"] == [[True, None]] and entries.to_dict()["notes"] == ["n"]
