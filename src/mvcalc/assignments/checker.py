"""`check_file`: run a learner's file in the sandbox and judge each required function.

The parent computes every expected value itself (with the autodiff engine, finite
differences or closed forms in the assignment's `checks.py`); the child only runs the
learner's code on inputs the parent sends, so the reference solution never reaches it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np

from mvcalc.assignments.feedback import Outcome, fail
from mvcalc.assignments.registry import get, identify
from mvcalc.assignments.sandbox import LearnerError, LearnerMissing, Limits, SandboxedModule
from mvcalc.assignments.spec import Assignment
from mvcalc.errors import MvcalcError

MAX_FILE_BYTES = 1_000_000


class SubmissionError(MvcalcError):
    """The file cannot be checked at all (missing, not text, not an assignment); nothing ran."""


@dataclass
class Context:
    """What a checks module gets besides the learner: seeded randomness, the plot path, progress."""

    seed: int
    rng: np.random.Generator
    plot: Path | None = None
    progress: Callable[[str], None] | None = None

    def say(self, text: str) -> None:
        if self.progress is not None:
            self.progress(text)


@dataclass
class Extra:
    """What `after_pass` adds to a passing report: lines for the terminal and data for JSON."""

    lines: list[str] = field(default_factory=list)
    data: dict = field(default_factory=dict)


@dataclass
class FunctionResult:
    name: str
    passed: bool
    message: str
    details: dict = field(default_factory=dict)


@dataclass
class Report:
    """The result of checking one file."""

    assignment: str
    title: str
    file: str
    passed: bool
    functions: list[FunctionResult]
    load_error: str | None = None
    violations: list[str] = field(default_factory=list)
    extra: Extra = field(default_factory=Extra)
    output: str = ""
    containment: dict = field(default_factory=dict)
    seconds: float = 0.0
    seed: int = 0

    def to_dict(self) -> dict:
        return asdict(self)


def check_file(path: str | Path, assignment: str | Assignment | None = None, *, seed: int | None = None,
               plot: str | Path | None = None, limits: Limits | None = None,
               progress: Callable[[str], None] | None = None) -> Report:
    """Check a learner's file against its assignment; never runs the learner's code in this process."""
    started = time.perf_counter()
    path = Path(path)
    spec = _assignment_for(path, assignment)
    seed = int(np.random.SeedSequence().entropy % 2**32) if seed is None else int(seed)
    ctx = Context(seed=seed, rng=np.random.default_rng(seed), plot=Path(plot) if plot else None,
                  progress=progress)
    checks = spec.checks
    results: list[FunctionResult] = []
    extra = Extra()
    with SandboxedModule(path, limits) as learner:
        load_error = learner.load_error.message if learner.load_error else None
        for function in spec.functions:
            ctx.say(f"checking {function.name}")
            if load_error:
                outcome = fail(f"not checked: your file could not be loaded ({load_error})")
            else:
                outcome = _run_check(checks.CHECKS[function.name], learner, ctx, function.name,
                                     function.signature)
            results.append(FunctionResult(function.name, outcome.passed, outcome.message, outcome.details))
        passed = bool(results) and all(r.passed for r in results) and not learner.violations
        if passed and hasattr(checks, "after_pass"):
            ctx.say("all functions pass: running your code for real")
            try:
                extra = checks.after_pass(learner, ctx)
            except LearnerError as exc:
                extra = Extra(lines=[f"The demonstration stopped: {exc.message}"])
        return Report(assignment=spec.name, title=spec.title, file=str(path), passed=passed,
                      functions=results, load_error=load_error, violations=list(learner.violations),
                      extra=extra, output=learner.output(), containment=learner.containment.to_dict(),
                      seconds=time.perf_counter() - started, seed=seed)


def _run_check(check, learner: SandboxedModule, ctx: Context, name: str, signature: str) -> Outcome:
    if not learner.has(name):
        return fail(f"{name} is not defined in your file: write `def {signature}:`")
    try:
        return check(learner, ctx)
    except LearnerMissing as exc:
        return fail(f"{exc.message}: the starter file defines it; put it back")
    except LearnerError as exc:
        if exc.details.get("type") == "NotImplementedError":
            line = exc.details.get("line")
            where = f" on line {line}" if line else ""
            return fail(f"{name} is not written yet: replace the `raise NotImplementedError` line{where} "
                        "with your code", kind="todo")
        return fail(exc.message, kind=exc.kind)


def _assignment_for(path: Path, assignment: str | Assignment | None) -> Assignment:
    if not path.is_file():
        raise SubmissionError(f"{path} is not a file")
    if path.stat().st_size > MAX_FILE_BYTES:
        raise SubmissionError(f"{path} is larger than {MAX_FILE_BYTES // 1000} kB; is it the right file?")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SubmissionError(f"{path} is not a UTF-8 text file") from None
    if isinstance(assignment, Assignment):
        return assignment
    if assignment:
        return get(assignment)
    found = identify(text, path.name)
    if found is None:
        raise SubmissionError(
            f"cannot tell which assignment {path.name} is for: keep the first line "
            "`# mvcalc assignment: NAME` that `mvcalc assignment start` wrote, or pass --assignment NAME")
    return found
