"""The shapes of a lesson: front matter plus a sequence of blocks (Markdown HTML or directives)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: kinds of worked example a lesson may state; each is recomputed by the engine.
EXAMPLE_KINDS = ("derivative", "partial", "gradient", "jacobian", "hessian", "taylor", "value")


class LessonError(ValueError):
    """A lesson file that cannot be loaded: names the file, the line and the fix."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        self.path = str(path)
        self.line = line
        self.message = message
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {message}")


@dataclass(frozen=True)
class Html:
    """A run of rendered Markdown (maths left as `<span class="math">` for KaTeX)."""

    html: str


@dataclass(frozen=True)
class Example:
    """A worked example: a computation whose claimed `result` the engine recomputes."""

    kind: str
    expr: str
    result: str
    wrt: tuple[str, ...] = ()
    variables: tuple[str, ...] | None = None
    at: dict[str, str] = field(default_factory=dict)
    order: int = 1
    title: str = ""
    line: int = 0


@dataclass(frozen=True)
class Figure:
    """A figure named in the figure registry, with its parameters (e.g. `f: x^2`)."""

    name: str
    params: dict[str, Any]
    caption: str = ""
    line: int = 0


@dataclass(frozen=True)
class Practice:
    """A short practice block: `count` questions from the exercise bank's `set`."""

    set: str
    count: int = 3
    line: int = 0

    def seeds(self, lesson_id: str) -> range:
        """The seeds of this block's questions, fixed by the lesson (a stable page). An answer with
        one of them was given on the lesson's own page: the progress model reads it as the lesson read."""
        base = zlib.crc32(f"{lesson_id}:{self.set}".encode()) % 1_000_000
        return range(base, base + self.count)


Block = Html | Example | Figure | Practice


@dataclass(frozen=True)
class Lesson:
    """One lesson page: front matter, then its blocks in reading order."""

    id: str
    title: str
    module: int
    order: int
    slug: str
    objectives: tuple[str, ...]
    prerequisites: tuple[str, ...]
    blocks: tuple[Block, ...]
    path: Path
    summary: str = ""

    @property
    def examples(self) -> list[Example]:
        return [b for b in self.blocks if isinstance(b, Example)]

    @property
    def figures(self) -> list[Figure]:
        return [b for b in self.blocks if isinstance(b, Figure)]

    @property
    def practices(self) -> list[Practice]:
        return [b for b in self.blocks if isinstance(b, Practice)]

    @property
    def url(self) -> str:
        return f"/modules/{self.module}/lessons/{self.slug}"


@dataclass(frozen=True)
class Page:
    """A page of the course that is not a lesson (e.g. the glossary): `content/pages/<slug>.md`."""

    slug: str
    title: str
    summary: str
    blocks: tuple[Block, ...]
    path: Path

    @property
    def url(self) -> str:
        return f"/pages/{self.slug}"


@dataclass(frozen=True)
class Module:
    """A module of the course: its number, title, summary and lessons in order."""

    number: int
    title: str
    summary: str
    lessons: tuple[Lesson, ...]

    @property
    def url(self) -> str:
        return f"/modules/{self.number}"

    def lesson(self, slug: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.slug == slug), None)


@dataclass(frozen=True)
class Course:
    """All modules, in order, with look-ups by number, slug and lesson id."""

    modules: tuple[Module, ...]
    pages: tuple[Page, ...] = ()

    def page(self, slug: str) -> Page | None:
        return next((p for p in self.pages if p.slug == slug), None)

    def module(self, number: int) -> Module | None:
        return next((m for m in self.modules if m.number == number), None)

    def lesson_by_id(self, lesson_id: str) -> Lesson | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    @property
    def lessons(self) -> list[Lesson]:
        return [lesson for m in self.modules for lesson in m.lessons]
