"""Questions of the exercise bank as the pages show them: inputs by answer kind, figures, answers from
forms; the per-process pool of variants the practice page issues; how a typed number is echoed."""

from __future__ import annotations

import random
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Collection
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
    """The question of (generator, seed), generated once per process and kept (by the pool while
    the variant is one of its seeds, else by `registry.generate`'s own cache)."""
    question = POOL.kept(generator_id, seed)
    if question is None:
        question = bank.generate(generator_id, seed)
        POOL.keep(question)
    return question


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


_PICKING = random.Random(secrets.randbits(64))  # one per process: a fresh Random() per view reads os.urandom
RECENT = 20  # a learner's last RECENT issued questions of a set are not shown again while others are kept


def pick(set_id: str, mastery: dict[str, float], recent: list[dict]) -> tuple[str, int]:
    """The next question of a practice set: the generator by the exercise bank's mastery-based
    selection, the variant from the pool (never the one the learner was shown last of it).

    `recent` is the learner's last `RECENT` issued questions of the set (`question_id`, `seed`), newest first.
    """
    from mvcalc.exercises.selection import next_generator

    info = bank.get_set(set_id)
    if not info.generators:
        raise FormError(f"the set {set_id!r} has no questions yet")
    shown = [r["question_id"] for r in recent]
    chosen = next_generator([bank.get(g) for g in info.generators], mastery, list(reversed(shown)), _PICKING)
    seen = {r["seed"] for r in recent if r["question_id"] == chosen.id}
    return chosen.id, POOL.take(chosen.id, avoid=seen)


class VariantPool:
    """Per process, per generator: a few seeds whose questions are kept once generated, so that a
    practice page mostly shows a kept question (generating one costs 5-25 ms of CPU).

    The pool fills lazily (each take adds a fresh seed until it holds `size`); after that, a take
    swaps the generator's oldest seed for a fresh one at most every `refresh` seconds, so the
    variants keep changing while the cost of making them stays flat however many learners ask. A
    take never returns a seed in `avoid` (the learner's recent variants of the set): with none left
    it makes a fresh one, so the pool holds more seeds than a learner's `RECENT` window: a learner
    who asks for question after question (every one of them from the same generator, at worst)
    still gets kept variants, never one generated on their request. A take only chooses (it is
    cheap enough to run inside the transaction that issues the question); the question is
    generated when it is first shown (`generate`)."""

    def __init__(self, size: int = RECENT + 4, refresh: float = 10.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.size, self.refresh, self.clock = size, refresh, clock
        self._seeds: dict[str, deque[int]] = {}
        self._kept: dict[tuple[str, int], Question] = {}
        self._fresh_at: dict[str, float] = {}
        self._lock = threading.Lock()
        self._random = random.Random(secrets.randbits(64))

    def take(self, generator_id: str, avoid: Collection[int] = ()) -> int:
        with self._lock:
            seeds = self._seeds.setdefault(generator_id, deque())
            now = self.clock()
            grow = len(seeds) < self.size or now - self._fresh_at.get(generator_id, now) >= self.refresh
            choices = [s for s in seeds if s not in avoid]
            if not grow and choices:
                return self._random.choice(choices)
            self._fresh_at[generator_id] = now
            seed = new_seed()
            while seed in avoid or seed in seeds:
                seed = new_seed()
            seeds.append(seed)
            while len(seeds) > self.size:
                self._kept.pop((generator_id, seeds.popleft()), None)
            return seed

    def kept(self, generator_id: str, seed: int) -> Question | None:
        """The pool's question for (generator, seed), if it holds that variant and it was generated."""
        return self._kept.get((generator_id, seed))

    def keep(self, question: Question) -> None:
        """Keep a generated question if its seed is one of the pool's (else it is not the pool's to keep)."""
        with self._lock:
            if question.seed in self._seeds.get(question.id, ()):
                self._kept[(question.id, question.seed)] = question


POOL = VariantPool()


NUMBER = re.compile(r"^\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*$")


def number_echo(text: str) -> str | None:
    """A plain decimal as the learner typed it, in LaTeX (`1.2708`, `-2.5 \\times 10^{-3}`), where the
    parser would show the exact fraction it reads (3177/2500); None for anything else."""
    found = NUMBER.match(text or "")
    if not found:
        return None
    sign, digits, exponent = found.groups()
    body = ("-" if sign == "-" else "") + digits
    if exponent is not None:
        body += rf" \times 10^{{{int(exponent)}}}"
    return body


def input_hint(question: Question, text: str) -> str:
    """The parser's hint on an answer it cannot read (kept after submitting, beside the verdict)."""
    if question.kind not in TEXT_KINDS or not (text or "").strip():
        return ""
    from mvcalc.math.input.reader import InputError, read

    try:
        read(text, [] if question.kind == "number" else (list(question.variables) or None),
             list(question.integers) or None)
    except InputError as exc:
        return exc.hint or ""
    except ValueError:
        return ""
    return ""
