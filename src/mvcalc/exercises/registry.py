"""Finds the question generators under `mvcalc.exercises.bank` and the sets they belong to.

A generator module defines `META` (a dict: id, title, module, set, skills,
difficulty, kind) and `generate(seed) -> Question`; a module holding a family
of closely related generators defines `GENERATORS`, a list of `Generator`.
The sets themselves (ids, titles, course order, which are graded) are data in
`sets.yaml`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import yaml

from mvcalc.errors import MvcalcError
from mvcalc.exercises.model import Meta, Question

PASS_MARK = 0.8


@dataclass(frozen=True)
class Generator:
    """A question generator: its metadata and its seeded `generate`."""

    META: Meta
    make: Callable[[int], Question] = field(repr=False)

    @property
    def id(self) -> str:
        return self.META.id

    def generate(self, seed: int) -> Question:
        """The question for `seed`: the same seed always gives the same question."""
        question = self.make(int(seed))
        question.id = self.META.id
        question.seed = int(seed)
        question.title = question.title or self.META.title
        question.set = self.META.set
        question.skills = self.META.skills
        return question


@dataclass(frozen=True)
class SetInfo:
    """A practice set or graded assessment of the course."""

    id: str
    module: int
    number: int
    title: str
    graded: bool = False
    length: int = 0
    generators: tuple[str, ...] = ()

    @property
    def pass_mark(self) -> float | None:
        return PASS_MARK if self.graded else None

    def to_dict(self) -> dict:
        return {
            "id": self.id,
            "module": self.module,
            "number": self.number,
            "title": self.title,
            "graded": self.graded,
            "length": self.length,
            "pass_mark": self.pass_mark,
            "generators": list(self.generators),
        }


class UnknownQuestion(MvcalcError, KeyError):
    """No generator or set has this id."""

    def __init__(self, what: str, name: str, known: list[str]):
        super().__init__(name)
        self.message = f"no {what} called {name!r}; try one of: " + ", ".join(known[:8]) + (
            ", …" if len(known) > 8 else ""
        )

    def __str__(self) -> str:
        return self.message


def _set_rows() -> list[dict]:
    text = resources.files("mvcalc.exercises").joinpath("sets.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _module_generators(module) -> list[Generator]:
    if hasattr(module, "GENERATORS"):
        return list(module.GENERATORS)
    if hasattr(module, "META") and hasattr(module, "generate"):
        return [Generator(Meta.from_dict(module.META), module.generate)]
    return []


@cache
def _load() -> tuple[dict[str, Generator], dict[str, SetInfo]]:
    import mvcalc.exercises.bank as bank

    found: dict[str, Generator] = {}
    for info in pkgutil.walk_packages(bank.__path__, prefix="mvcalc.exercises.bank."):
        if info.name.rsplit(".", 1)[-1].startswith("_"):
            continue
        module = importlib.import_module(info.name)
        for gen in _module_generators(module):
            if gen.id in found:
                raise ValueError(f"two generators share the id {gen.id!r}")
            found[gen.id] = gen
    rows = _set_rows()
    order = {row["id"]: i for i, row in enumerate(rows)}
    for gen in found.values():
        if gen.META.set not in order:
            raise ValueError(f"generator {gen.id!r} names an unknown set {gen.META.set!r}")
    ordered = sorted(found.values(), key=lambda g: (order[g.META.set], g.META.difficulty, g.id))
    generators = {g.id: g for g in ordered}
    sets = {}
    for row in rows:
        members = tuple(g.id for g in ordered if g.META.set == row["id"])
        sets[row["id"]] = SetInfo(
            id=row["id"],
            module=int(row["module"]),
            number=int(row["number"]),
            title=row["title"],
            graded=bool(row.get("graded", False)),
            length=int(row.get("length", len(members))),
            generators=members,
        )
    return generators, sets


def all_generators() -> list[Generator]:
    """Every generator, in course order (set, then difficulty, then id)."""
    return list(_load()[0].values())


def get(generator_id: str) -> Generator:
    """The generator with this id; UnknownQuestion if there is none."""
    generators = _load()[0]
    if generator_id not in generators:
        raise UnknownQuestion("question", generator_id, list(generators))
    return generators[generator_id]


def sets() -> list[SetInfo]:
    """Every practice set and assessment, in course order, with its generators."""
    return list(_load()[1].values())


def get_set(set_id: str) -> SetInfo:
    """The set with this id; UnknownQuestion if there is none."""
    found = _load()[1]
    if set_id not in found:
        raise UnknownQuestion("set", set_id, list(found))
    return found[set_id]


KEPT_QUESTIONS = 2048


@lru_cache(maxsize=KEPT_QUESTIONS)
def generate(generator_id: str, seed: int) -> Question:
    """`get(generator_id).generate(seed)`, generated once per process and kept (the most recent
    KEPT_QUESTIONS): a question is a pure function of (generator, seed), so the one a page shows is
    the one its answer is graded against. The object is shared: read it, never change it."""
    return get(generator_id).generate(seed)


def assessment(set_id: str, seed: int) -> list[Question]:
    """The fixed-length quiz of a graded set: each generator in turn, variants from `seed`.

    A retake with another seed gives new variants of the same kinds of question.
    """
    info = get_set(set_id)
    if not info.graded:
        raise UnknownQuestion("assessment", set_id, [s.id for s in sets() if s.graded])
    ids = info.generators
    return [generate(ids[i % len(ids)], seed * 1000 + i) for i in range(info.length)]
