"""Helpers for assignment tests: reference files and broken variants made by editing one function."""

from __future__ import annotations

import re
from importlib import resources

from mvcalc.assignments.sandbox import Limits

FAST = Limits(call_seconds=3.0, cpu_seconds=20)


def reference_text(package: str) -> str:
    return resources.files(f"mvcalc.assignments.{package}").joinpath("reference.py").read_text()


def function_source(text: str, name: str) -> tuple[int, int]:
    """Start and end offsets of `def name(...)` up to the next top-level statement."""
    match = re.search(rf"^def {name}\(", text, flags=re.M)
    assert match, name
    body_start = text.index("\n", match.end()) + 1
    nxt = re.search(r"^\S", text[body_start:], flags=re.M)
    end = body_start + nxt.start() if nxt else len(text)
    return match.start(), end


def edit_function(text: str, name: str, old: str, new: str) -> str:
    """Replace `old` by `new` inside function `name` only (exactly once)."""
    start, end = function_source(text, name)
    body = text[start:end]
    assert body.count(old) == 1, (name, old)
    return text[:start] + body.replace(old, new) + text[end:]
