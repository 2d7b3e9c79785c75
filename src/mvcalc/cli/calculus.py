"""`mvcalc diff`: a derivative with its steps, pretty in a terminal or as JSON."""

from __future__ import annotations

import typer

from mvcalc.cli.output import fail as _fail
from mvcalc.cli.output import math_json
from mvcalc.math.calculus.derive import MAX_ORDER, derivative
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import InputError, read, symbol


def _input_message(exc: InputError, what: str) -> str:
    where = f" (column {exc.column})" if getattr(exc, "column", None) else ""
    hint = f" {exc.hint}" if getattr(exc, "hint", None) else ""
    return f"{what}{where}: {exc.message}{hint}"


def _variable(expr, wrt: str | None) -> str:
    names = sorted(s.name for s in expr.free_symbols)
    if wrt is None:
        if len(names) > 1:
            _fail(f"the expression has the variables {', '.join(names)}: say which one with --wrt")
        return names[0] if names else "x"
    wrt = wrt.strip()
    if not wrt.isidentifier():
        _fail(f"--wrt must be a variable name such as x, not {wrt!r}")
    return wrt


def diff(
    expr: str = typer.Argument(..., help="The expression to differentiate, e.g. \"x^2 sin x\"."),
    wrt: str = typer.Option(None, "--wrt", help="The variable (default: the only one in EXPR)."),
    order: int = typer.Option(1, "--order", "-n", help=f"How many times to differentiate (1-{MAX_ORDER})."),
    steps: bool = typer.Option(False, "--steps", help="Show every step, with the rule it uses."),
    as_json: bool = typer.Option(False, "--json", help="Print the result and steps as JSON."),
) -> None:
    """Differentiate EXPR, showing the rules used: mvcalc diff "x^2 sin x" --steps."""
    if not 1 <= order <= MAX_ORDER:
        _fail(f"--order must be a whole number from 1 to {MAX_ORDER}")
    try:
        reading = read(expr)
    except InputError as exc:
        _fail(_input_message(exc, "cannot read the expression"))
    value = reading.value
    if not hasattr(value, "free_symbols") or getattr(value, "is_Matrix", False):
        _fail("diff takes one expression; for a vector use `mvcalc jacobian`")
    x = _variable(value, wrt)
    try:
        result = derivative(value, symbol(x), order)
    except ValueError as exc:
        _fail(str(exc))
    if as_json:
        data = result.to_dict()
        data["notes"] = list(reading.notes)
        typer.echo(math_json(data))
        return
    for note in reading.notes:
        typer.secho(f"note: {note}", dim=True)
    if steps:
        from rich.console import (
            Console,  # only the steps need Rich's layout (a plain result starts faster)
        )

        Console().print(result)
        return
    typer.secho(f"{_operator(result.steps[0].ctx.d(), order)} ({text(result.expr)}) = ", bold=True, nl=False)
    typer.secho(text(result.result), bold=True, fg="green")


def _operator(d: str, order: int) -> str:
    """d/dx, or d^3/dx^3 for a higher order (∂ alike)."""
    if order == 1:
        return d
    top, bottom = d.split("/")
    return f"{top}^{order}/{bottom}^{order}"


def register(app: typer.Typer) -> None:
    """Add `mvcalc diff` to the app."""
    app.command("diff")(diff)
