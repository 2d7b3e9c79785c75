"""`mvcalc check`: is an answer equal to the expected one?  One pair, or a JSONL batch.

`mvcalc check EXPECTED ANSWER --vars x,y [--integers n] [--json]` prints the verdict, how the
answer was read and the parser's notes; `--batch FILE.jsonl` checks one
`{"expected", "answer", "vars"}` object a line and prints each back with
`status`, `message`, `latex` and `elapsed_ms`; `--derivative-of EXPR --wrt x
ANSWER` checks a derivative and names the mistake (mvcalc.math.diagnose).
Any verdict exits 0; a usage error prints one line on stderr and exits 2.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.text import Text

from mvcalc.cli.output import fail as _fail
from mvcalc.cli.output import sympy_form
from mvcalc.exercises.terminal_text import terminal_text
from mvcalc.math.diagnose import check_derivative

STYLE = {"correct": "bold green", "incorrect": "bold red", "invalid": "bold yellow",
         "undecided": "bold magenta"}  # fmt: skip
MAX_LINE = 100_000  # characters in one batch line; longer lines are refused, not parsed




def _names(vars_: str | None) -> list[str] | None:
    if vars_ is None:
        return None
    names = [v.strip() for v in vars_.split(",") if v.strip()]
    if not names or any(not n.isidentifier() for n in names):
        _fail(f"--vars must be variable names separated by commas, e.g. x,y (got {vars_!r})")
    return names


def _show(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        form = sympy_form(result.get("value"))
        typer.echo(json.dumps({**result, "value_sympy": form} if form is not None else result, ensure_ascii=False))
        return
    console = Console(soft_wrap=True)
    status = result["status"]
    console.print(Text(f"{status}: ", style=STYLE.get(status, "bold")) + Text(terminal_text(result["message"])))
    shown = result.get("answer") or _plain(result.get("value"))
    if shown:
        console.print(Text("interpreted as: ", style="dim") + Text(str(shown)))
    if result.get("latex"):
        console.print(Text("LaTeX: ", style="dim") + Text(result["latex"]))
    for note in result.get("notes") or []:
        console.print(Text(f"note: {note}", style="dim"))
    diagnosis = result.get("diagnosis")
    if diagnosis and diagnosis.get("message") != result["message"]:
        console.print(Text("mistake: ", style="dim") + Text(terminal_text(str(diagnosis.get("message", "")))))


def _plain(value: Any) -> str:
    """The answer as the checker gave it: already in learner syntax (x^2*sin(x))."""
    return "" if value is None else str(value)


def _check_one(
    expected: Any, answer: Any, names: list[str] | None, integers: list[str] | None = None
) -> dict[str, Any]:
    from mvcalc.math.check.compare import check

    return check(expected, answer, names, integers).to_dict()


def _batch_line(line: str) -> dict[str, Any]:
    """Check one JSONL line; a malformed line is an "invalid" record, never an exception."""
    start = time.perf_counter()
    record: dict[str, Any] = {}
    problem = ""
    if len(line) > MAX_LINE:
        problem = f"the line is longer than {MAX_LINE} characters"
    else:
        try:
            loaded = json.loads(line)
        except ValueError as exc:
            loaded, problem = None, f"the line is not valid JSON ({exc.msg}, column {exc.colno})"
        if not problem and not isinstance(loaded, dict):
            problem = (
                'each line must be a JSON object {"expected": ..., "answer": ..., "vars": [...]}'
            )
        elif not problem:
            record = loaded
            problem = _batch_problem(record)
    if problem:
        record.update(status="invalid", message=f"Malformed line: {problem}.", latex="")
    else:
        result = _check_one(
            record["expected"], record["answer"], record.get("vars"), record.get("integers")
        )
        record.update(status=result["status"], message=result["message"], latex=result["latex"])
    record["elapsed_ms"] = round((time.perf_counter() - start) * 1000, 3)
    return record


def _batch_problem(record: dict[str, Any]) -> str:
    for key in ("expected", "answer"):
        value = record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            record[key] = value = json.dumps(value)  # a number is read as its text
        if not isinstance(value, str):
            return f'"{key}" must be a string'
    names = record.get("vars")
    if names is not None and (
        not isinstance(names, list)
        or not all(isinstance(n, str) and n.isidentifier() for n in names)
    ):
        return '"vars" must be a list of variable names, e.g. ["x", "y"]'
    whole = record.get("integers")
    if whole is not None and (
        not isinstance(whole, list)
        or not all(isinstance(n, str) and n.isidentifier() for n in whole)
    ):
        return '"integers" must be a list of variable names, e.g. ["n"]'
    return ""


def _run_batch(path: Path, as_json: bool) -> None:
    try:
        handle = path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        _fail(f"cannot read {path}: {exc.strerror or exc}")
    counts: dict[str, int] = {}
    from mvcalc.math.check import (
        compare as _warm,  # imports and worker start-up are not a line's time
    )

    _warm.exact.start()
    _warm.check("x + 1", "1 + x")  # first-call set-up (caches, imports) is not a line's time
    with handle:
        for number, raw in enumerate(handle, 1):
            if not raw.strip():
                continue
            record = _batch_line(raw.rstrip("\n"))
            counts[record["status"]] = counts.get(record["status"], 0) + 1
            if as_json:
                typer.echo(json.dumps(record, ensure_ascii=False))
            else:
                style = STYLE.get(record["status"], "bold")
                Console(soft_wrap=True).print(
                    Text(f"line {number}: ", style="dim")
                    + Text(record["status"], style=style)
                    + Text(f"  {record['message']}  ({record['elapsed_ms']:.1f} ms)")
                )
    if not as_json:
        summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
        Console(stderr=True).print(Text(f"checked: {summary or 'no lines'}", style="dim"))


def _run_derivative(expr: str, wrt: str | None, answer: str, names, as_json: bool) -> None:
    if wrt is None:
        _fail("--derivative-of needs --wrt, the variable to differentiate with respect to")
    result = check_derivative(expr, wrt, answer, names)
    _show(result, as_json)


def register(app: typer.Typer) -> None:
    """Add `mvcalc check` to the app."""

    @app.command("check")
    def check_command(
        expected: str | None = typer.Argument(
            None, help="The expected answer, e.g. '2x cos(x^2)'."
        ),
        answer: str | None = typer.Argument(None, help="The answer to check, e.g. '2 x cos x^2'."),
        vars_: str | None = typer.Option(
            None, "--vars", help="The variable names, e.g. x,y (default: any single letter)."
        ),
        integers: str | None = typer.Option(
            None,
            "--integers",
            help="Integer variables (n ≥ 0), e.g. n,k: they take n! and are checked at whole numbers.",
        ),
        as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
        batch: Path | None = typer.Option(
            None,
            "--batch",
            help='A JSONL file: {"expected": ..., "answer": ..., "vars": [...]} a line.',
        ),
        derivative_of: str | None = typer.Option(
            None, "--derivative-of", help="Check ANSWER as the derivative of this expression."
        ),
        wrt: str | None = typer.Option(None, "--wrt", help="With --derivative-of: the variable."),
    ) -> None:
        """Check an answer against the expected one: correct, incorrect, invalid or undecided."""
        names = _names(vars_)
        whole = _names(integers) if integers is not None else None
        given = [v for v in (expected, answer) if v is not None]
        if batch is not None:
            if given or derivative_of is not None:
                _fail("--batch reads pairs from the file: give no EXPECTED or ANSWER with it")
            _run_batch(batch, as_json)
            return
        if derivative_of is not None:
            if len(given) != 1:
                _fail("with --derivative-of give exactly one argument: the ANSWER")
            _run_derivative(derivative_of, wrt, given[0], names, as_json)
            return
        if wrt is not None:
            _fail("--wrt goes with --derivative-of")
        if len(given) != 2:
            _fail("give EXPECTED and ANSWER, e.g. mvcalc check '2x' 'x+x' (or --batch FILE)")
        _require_readable(expected, names, whole)
        _show(_check_one(expected, answer, names, whole), as_json)


def _require_readable(expected: str, names: list[str] | None, integers: list[str] | None = None) -> None:
    """The expected answer is the user's own: if it cannot be read, that is an error (exit 2), not a verdict."""
    from mvcalc.math.input.reader import InputError, read

    try:
        read(expected, names, integers)
    except InputError as exc:
        _fail(f"the expected answer cannot be read: {exc}")
