"""Questions of the exercise bank as the pages show them: inputs by answer kind, figures, answers from forms."""

from __future__ import annotations

import secrets
from functools import lru_cache
from typing import Any

import sympy as sp

from mvcalc.course import markdown
from mvcalc.course.figures import FigureError, figure_data
from mvcalc.exercises import Question, letter
from mvcalc.exercises import registry as bank
from mvcalc.exercises.model import answer_latex

TEXT_KINDS = ("expression", "vector", "matrix", "number", "points")
MAX_SEED = 10**9


class FormError(ValueError):
    """Form data that does not make an answer (unknown question, bad seed, bad cells)."""


def new_seed() -> int:
    return secrets.randbelow(MAX_SEED)


def _figure(fig) -> dict[str, Any] | None:
    try:
        return figure_data("curves", fig.to_dict())
    except FigureError:
        return None


def grid_shape(question: Question) -> tuple[int, int] | None:
    """(rows, cols) of a matrix or vector answer, for the grid input."""
    if question.kind in ("matrix", "vector") and isinstance(question.answer, sp.MatrixBase):
        return tuple(question.answer.shape)
    return None


def view(question: Question) -> dict[str, Any]:
    """What a template needs to show `question` without revealing its answer (computed once per variant)."""
    return _view_of(question.id, question.seed)


@lru_cache(maxsize=bank.KEPT_QUESTIONS)
def _view_of(generator_id: str, seed: int) -> dict[str, Any]:
    return _view(generate(generator_id, seed))


def _view(question: Question) -> dict[str, Any]:
    kind = question.kind
    return {
        "id": question.id,
        "seed": question.seed,
        "title": question.title,
        "set": question.set,
        "prompt": question.prompt,
        "kind": kind,
        "mode": "text" if kind in TEXT_KINDS else ("multichoice" if kind == "multichoice" else "choice"),
        "grid": grid_shape(question),
        "variables": list(question.variables),
        "integers": list(question.integers),
        "input_help": question.input_help,
        "choices": [
            {"label": letter(i), "text": c.text, "figure": _figure(c.figure) if c.figure else None}
            for i, c in enumerate(question.choices)
        ],
        "figures": [f for f in (_figure(fig) for fig in question.figures) if f],
        "hints": list(question.hints),
    }


def reveal(question: Question) -> dict[str, Any]:
    """The answer (LaTeX) and worked solution (Markdown and its HTML), shown after an attempt."""
    return _reveal_of(question.id, question.seed)


@lru_cache(maxsize=bank.KEPT_QUESTIONS)
def _reveal_of(generator_id: str, seed: int) -> dict[str, Any]:
    question = generate(generator_id, seed)
    return {
        "answer_latex": answer_latex(question),
        "solution": question.solution,
        "solution_html": markdown.render(question.solution),
        "answer_text": question.answer_text,
    }


def load(generator_id: str, seed: str | int, set_id: str | None = None) -> Question:
    """Regenerate the question a form was answering; FormError when the ids do not fit."""
    try:
        seed_value = int(seed)
    except (TypeError, ValueError):
        raise FormError("the question's seed must be a whole number") from None
    if not 0 <= seed_value < MAX_SEED * 1000 + 1000:
        raise FormError("the question's seed is out of range")
    try:
        generator = bank.get(generator_id)
    except KeyError:
        raise FormError(f"there is no question called {generator_id!r}") from None
    if set_id is not None and generator.META.set != set_id:
        raise FormError(f"question {generator_id!r} is not in set {set_id!r}")
    return generate(generator_id, seed_value)


def generate(generator_id: str, seed: int) -> Question:
    """The question of (generator, seed), generated once per process and kept (`registry.generate`)."""
    return bank.generate(generator_id, seed)


def answer_text(question: Question, form: dict[str, Any]) -> str:
    """The answer as the grader reads it: typed text, grid cells as `[[..]]`, or chosen letters."""
    kind = question.kind
    if kind == "multichoice":
        letters = form.get("choice") or []
        letters = [letters] if isinstance(letters, str) else list(letters)
        return ", ".join(str(x) for x in letters)
    if kind in ("choice", "graph"):
        chosen = form.get("choice") or ""
        if isinstance(chosen, list | tuple):
            if len(chosen) > 1:
                raise FormError("choose one answer only")
            chosen = chosen[0] if chosen else ""
        return str(chosen)
    text = str(form.get("answer") or "").strip()
    shape = grid_shape(question)
    cells = form.get("cell")
    if not text and shape and cells:
        cells = [cells] if isinstance(cells, str) else list(cells)
        rows, cols = shape
        if len(cells) != rows * cols:
            raise FormError(f"the grid must have {rows}×{cols} cells")
        if any(not str(c).strip() for c in cells):
            return ""
        if kind == "vector":
            return "[" + ", ".join(str(c) for c in cells) + "]"
        grid = [cells[r * cols : (r + 1) * cols] for r in range(rows)]
        return "[" + ", ".join("[" + ", ".join(str(c) for c in row) + "]" for row in grid) + "]"
    return text


def pick(set_id: str, mastery: dict[str, float], recent: list[str]) -> tuple[str, int]:
    """The next question of a practice set, chosen by the exercise bank's mastery-based selection.

    `recent` is the learner's recent question ids, newest first (as the store lists them).
    """
    from mvcalc.exercises.selection import next_generator

    info = bank.get_set(set_id)
    if not info.generators:
        raise FormError(f"the set {set_id!r} has no questions yet")
    chosen = next_generator([bank.get(g) for g in info.generators], mastery, list(reversed(recent)))
    return chosen.id, new_seed()
