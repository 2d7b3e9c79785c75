"""The data a question generator returns and the verdict `grade()` gives back.

A `Question` is plain data (PrairieLearn's "variant"): the prompt, the answer
kind, the reference answer, the buggy answers with their diagnoses, hints, a
worked solution and figures. Everything the web app or the terminal needs to
show it is here; nothing in it is code.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from mvcalc.math.calculus.misconception import Misconception

KINDS = ("expression", "vector", "matrix", "number", "points", "choice", "multichoice", "graph")
STATUSES = ("correct", "partial", "incorrect", "invalid", "undecided")


@dataclass(frozen=True)
class Meta:
    """What a generator is about: its id, title, place in the course, skills and difficulty."""

    id: str
    title: str
    module: int
    set: str
    skills: tuple[str, ...]
    difficulty: int = 1
    kind: str = "expression"

    @classmethod
    def from_dict(cls, data: dict) -> Meta:
        return cls(
            id=data["id"],
            title=data["title"],
            module=int(data["module"]),
            set=data["set"],
            skills=tuple(data.get("skills", ())),
            difficulty=int(data.get("difficulty", 1)),
            kind=data.get("kind", "expression"),
        )

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "title": self.title,
            "module": self.module,
            "set": self.set,
            "skills": list(self.skills),
            "difficulty": self.difficulty,
            "kind": self.kind,
        }


@dataclass(frozen=True)
class Curve:
    """One function to plot: `f` in the input language of x, on [xmin, xmax]."""

    f: str
    xmin: float
    xmax: float
    label: str = ""

    def to_dict(self) -> dict:
        return {"f": self.f, "xmin": self.xmin, "xmax": self.xmax, "label": self.label}


@dataclass(frozen=True)
class Figure:
    """A figure as data: curves (and optionally marked points), rendered by the front end."""

    curves: tuple[Curve, ...]
    points: tuple[tuple[float, float], ...] = ()
    title: str = ""
    ylim: tuple[float, float] | None = None

    def to_dict(self) -> dict:
        return {
            "curves": [c.to_dict() for c in self.curves],
            "points": [list(p) for p in self.points],
            "title": self.title,
            "ylim": list(self.ylim) if self.ylim else None,
        }


@dataclass(frozen=True)
class Choice:
    """One option of a choice, multichoice or graph question.

    `text` is Markdown with `$…$` (may be empty for a graph option), `figure`
    the option's plot for graph questions, `correct` whether it is (one of) the
    right answer(s), `misconception` the mistake that leads to it, if any.
    """

    text: str
    correct: bool = False
    figure: Figure | None = None
    misconception: Misconception | None = None

    def to_dict(self) -> dict:
        return {
            "text": self.text,
            "correct": self.correct,
            "figure": self.figure.to_dict() if self.figure else None,
            "misconception": self.misconception.to_dict() if self.misconception else None,
        }


def letter(index: int) -> str:
    """The label of the option at `index`: A, B, C, …"""
    return chr(ord("A") + index)


class Lazy:
    """A dataclass field that may be given as a function of no arguments, called once, on first read.

    The buggy answers of a question are worked out by the engine (the buggy rules,
    applied to every sub-expression): most of the cost of generating a question, and
    needed only when a wrong answer is diagnosed; the worked solution is shown only
    after an attempt. A generator may pass them as `buggy=lambda: ...`; reading
    `question.buggy` computes the value once (thread-safe) and keeps it.
    """

    _lock = threading.Lock()

    def __init__(self, convert: Callable[[Any], Any] = list, default: Any = ()) -> None:
        self.convert, self.default = convert, default

    def __set_name__(self, owner, name: str) -> None:
        self.slot = f"_{name}"

    def __get__(self, obj, owner=None):
        if obj is None:
            return self.default  # what the dataclass takes as the field's default
        value = obj.__dict__[self.slot]
        if callable(value):
            with self._lock:
                value = obj.__dict__[self.slot]
                if callable(value):
                    value = obj.__dict__[self.slot] = self.convert(value())
        return value

    def __set__(self, obj, value: Any) -> None:
        obj.__dict__[self.slot] = value if callable(value) else self.convert(value)

    @staticmethod
    def pending(obj, name: str) -> bool:
        """Whether `obj.name` is still waiting for its first read."""
        return callable(obj.__dict__.get(f"_{name}"))


@dataclass
class Question:
    """One variant of a question, as generated from a seed.

    `answer` depends on `kind`: a SymPy expression (expression), an
    ImmutableMatrix (vector, matrix), a SymPy number (number), a tuple of points
    (points; each point a tuple of SymPy numbers), an option index (choice,
    graph) or a frozenset of indices (multichoice). `tolerance` is the absolute
    tolerance of number and points answers (None: exact). `answer_text` is the
    reference answer written in the input language (what a learner would type).
    `data` holds the generator's parameters (PrairieLearn's "params"), as text:
    e.g. {"f": "x**2*sin(x)", "wrt": "x", "order": 1}; tests recompute answers from it.
    `buggy` and `solution` may be given as functions of no arguments, worked out on first read (`Lazy`).
    """

    id: str
    seed: int
    prompt: str
    kind: str
    answer: Any
    answer_text: str
    variables: list[str] = field(default_factory=list)
    integers: dict[str, int | None] = field(default_factory=dict)  # integer variables: least value
    choices: list[Choice] = field(default_factory=list)
    buggy: list[Misconception] = Lazy(list, ())  # type: ignore[assignment]  # or a function giving them
    hints: list[str] = field(default_factory=list)
    solution: str = Lazy(str, "")  # type: ignore[assignment]  # or a function giving it
    figures: list[Figure] = field(default_factory=list)
    tolerance: float | None = None
    title: str = ""
    set: str = ""
    skills: tuple[str, ...] = ()
    input_help: str = ""
    data: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown answer kind {self.kind!r}")

    def to_dict(self, reveal: bool = True) -> dict:
        """Plain JSON-able data; `reveal=False` leaves out answers, buggy answers and solution."""
        data = {
            "id": self.id,
            "seed": self.seed,
            "title": self.title,
            "set": self.set,
            "skills": list(self.skills),
            "prompt": self.prompt,
            "kind": self.kind,
            "variables": list(self.variables),
            "integers": dict(self.integers),
            "choices": [
                {"label": letter(i), "text": c.text, "figure": c.figure.to_dict() if c.figure else None}
                for i, c in enumerate(self.choices)
            ],
            "figures": [f.to_dict() for f in self.figures],
            "hints": list(self.hints),
            "tolerance": self.tolerance,
            "input_help": self.input_help,
        }
        if reveal:
            data["data"] = dict(self.data)
        if reveal:
            data["answer"] = self.answer_text
            data["answer_latex"] = answer_latex(self)
            data["buggy"] = [m.to_dict() for m in self.buggy]
            data["solution"] = self.solution
            data["choices"] = [
                {"label": letter(i), **c.to_dict()} for i, c in enumerate(self.choices)
            ]
        return data


def answer_latex(question: Question) -> str:
    """The reference answer as LaTeX (choices as their letters)."""
    kind, answer = question.kind, question.answer
    if kind in ("choice", "graph"):
        return letter(answer)
    if kind == "multichoice":
        return ", ".join(letter(i) for i in sorted(answer))
    if kind == "points":
        return ",\\ ".join(
            "(" + ", ".join(sp.latex(c) for c in p) + ")" if isinstance(p, tuple) else sp.latex(p)
            for p in answer
        )
    return sp.latex(answer)


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer.

    `status`: correct | partial | incorrect | invalid | undecided; `score` in
    [0, 1] (partial credit by entry for vectors and matrices, by point for
    points); `message` one or two sentences for the learner; `diagnosis` the
    named mistake when the answer matches one (a Misconception: `.rule`,
    `.message`), or one of the shape mistakes ("transposed", "wrong_shape");
    `latex` how the answer was read; `notes` the parser's notes ("read xy as
    x·y"); `column` where the input could not be read (invalid); `entries` for
    vectors and matrices, rows of True (right), False (wrong) or None (undecided:
    never counted right or wrong; with no wrong entry the grade is "undecided").
    """

    status: str
    score: float
    message: str
    diagnosis: Misconception | None = None
    latex: str = ""
    notes: tuple[str, ...] = ()
    column: int | None = None
    entries: tuple[tuple[bool | None, ...], ...] | None = None

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    def to_dict(self) -> dict:
        return {
            "status": self.status,
            "score": self.score,
            "message": self.message,
            "diagnosis": self.diagnosis.to_dict() if self.diagnosis else None,
            "latex": self.latex,
            "notes": list(self.notes),
            "column": self.column,
            "entries": [list(row) for row in self.entries] if self.entries is not None else None,
        }
