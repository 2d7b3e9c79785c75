"""What an assignment is: its metadata (from `assignment.yaml`), its starter text and its checks.

An assignment is a subpackage of `mvcalc.assignments` holding data and one checks module:
`assignment.yaml` (name, title, functions with signatures and hints), the learner's
template `starter.py.txt`, `checks.py` (parent-side checks, see `Checks`) and
`reference.py` (a solved file used only by the tests; never shown, never copied).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from importlib import resources
from types import ModuleType

import yaml


class AssignmentError(ValueError):
    """An assignment's files are inconsistent (a developer's error, caught by the tests)."""


@dataclass(frozen=True)
class FunctionSpec:
    """One function the learner writes: its name, signature, one-line purpose and hint ladder."""

    name: str
    signature: str
    summary: str
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Assignment:
    """An assignment's data; `checks` is its checks module, imported on first use."""

    name: str
    title: str
    module: int
    package: str
    file: str
    summary: str
    functions: tuple[FunctionSpec, ...]
    hints: tuple[str, ...] = ()
    given: tuple[str, ...] = field(default=())

    @property
    def checks(self) -> ModuleType:
        return importlib.import_module(f"{self.package}.checks")

    def starter_text(self) -> str:
        return resources.files(self.package).joinpath("starter.py.txt").read_text(encoding="utf-8")

    def function(self, name: str) -> FunctionSpec:
        for spec in self.functions:
            if spec.name == name:
                return spec
        raise KeyError(name)

    def to_dict(self) -> dict:
        return {"name": self.name, "title": self.title, "module": self.module, "file": self.file,
                "summary": self.summary, "functions": [f.name for f in self.functions],
                "given": list(self.given)}


def load(package: str) -> Assignment:
    """Read `assignment.yaml` of an assignment subpackage."""
    text = resources.files(package).joinpath("assignment.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    try:
        functions = tuple(
            FunctionSpec(name=f["name"], signature=f["signature"], summary=f["summary"],
                         hints=tuple(f.get("hints", ())))
            for f in data["functions"]
        )
        return Assignment(name=data["name"], title=data["title"], module=int(data["module"]),
                          package=package, file=data["file"], summary=data["summary"].strip(),
                          functions=functions, hints=tuple(data.get("hints", ())),
                          given=tuple(data.get("given", ())))
    except (KeyError, TypeError) as exc:
        raise AssignmentError(f"{package}/assignment.yaml: missing or malformed {exc}") from None
