"""`mvcalc grad | jacobian | hessian | taylor`: the multivariate toolkit on the command line.

Text output is pretty in a terminal (matrices as aligned grids); `--json` prints
the result as plain text and LaTeX. Bad input: one line on stderr, exit status 2.
"""

from __future__ import annotations

import json

import typer
from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from mvcalc.cli.output import fail as _fail
from mvcalc.cli.output import math_json
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import InputError, read
from mvcalc.math.multivariate import analyse_stationary, gradient, hessian, jacobian
from mvcalc.math.series.expansion import MAX_ORDER, taylor
from mvcalc.math.series.terms import general_term, radius_of_convergence, remainder_bound

VARS_HELP = "The variables, in order, e.g. x,y (default: the letters in the expression, sorted)."
AT_HELP = "A point, e.g. x=1,y=pi: the result is then exact there (with a float view)."




def _message(exc: Exception) -> str:
    text = getattr(exc, "message", None) or str(exc)
    column = getattr(exc, "column", None)
    hint = getattr(exc, "hint", None)
    return text + (f" (column {column})" if isinstance(exc, InputError) and column else "") + (f" {hint}" if hint else "")


def _names(vars_: str | None) -> list[str] | None:
    if vars_ is None:
        return None
    names = [v.strip() for v in vars_.split(",") if v.strip()]
    bad = [n for n in names if not n.isidentifier()]
    if bad or not names:
        _fail(f"--vars must be variable names separated by commas, e.g. x,y (got {vars_!r})")
    return names


def _read_all(texts: list[str], names: list[str] | None) -> tuple[list, list[str]]:
    values, notes = [], []
    for t in texts:
        try:
            reading = read(t, names)
        except InputError as exc:
            _fail(f"cannot read {t!r}: {_message(exc)}")
        values.append(reading.value)
        notes += list(reading.notes)
    return values, list(dict.fromkeys(notes))


def _variables(values: list, names: list[str] | None) -> list[str]:
    if names is not None:
        return names
    found = set()
    for v in values:
        found |= {s.name for s in v.free_symbols}
    if not found:
        _fail("the expression has no variables: say which with --vars x,y")
    return sorted(found)


def _print(result, notes: list[str], as_json: bool, extra: dict | None = None, steps: bool = False) -> None:
    if as_json:
        data = result.to_dict(steps=steps) if steps else result.to_dict()
        data["notes"] = notes
        data.update(extra or {})
        typer.echo(math_json(data))
        return
    console = Console()
    for note in notes:
        console.print(Text(f"note: {note}", style="dim"))
    console.print(result)
    if steps:
        for entry in result.entries:
            console.print(Text(f"{entry.label} = {entry.expr}", style="bold"))
            for item in entry.working():
                note = f" ({item['note']})" if item["note"] else ""
                console.print(Text(f"  ∂/∂{item['wrt']} of {item['of']}{note} = {item['result']}"))
                for order in (item["steps"] or {}).get("orders", []):
                    for step in order["steps"]:
                        _print_step(console, step, 2)
    if getattr(result, "point", None):
        console.print(Text("floats: " + json.dumps(result.to_dict()["floats"]), style="dim"))


def _print_step(console: Console, step: dict, depth: int) -> None:
    """One derivation step (rule, what it acts on, its result, why), then its sub-steps."""
    line = Text("  " * depth + f"{step['name']}: ", style="cyan")
    line.append(f"{step['expr']} → {step['result']}")
    line.append(f"  ({step['explanation']})", style="dim")
    console.print(line)
    for sub in step["substeps"]:
        _print_step(console, sub, depth + 1)


def _scalar(values: list, what: str):
    if len(values) != 1 or getattr(values[0], "is_Matrix", False):
        _fail(f"{what} takes one scalar expression; for several functions use `mvcalc jacobian`")
    return values[0]


def grad(
    expr: str = typer.Argument(..., help='A scalar function, e.g. "x^2 y + sin(x y)".'),
    vars_: str = typer.Option(None, "--vars", help=VARS_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
    steps: bool = typer.Option(False, "--steps", help="Show which partial derivative each entry is and its working."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (text and LaTeX)."),
) -> None:
    """The gradient ∇f (a column): mvcalc grad "x^2 y" --vars x,y --at x=1,y=2."""
    names = _names(vars_)
    values, notes = _read_all([expr], names)
    f = _scalar(values, "grad")
    try:
        result = gradient(f, _variables(values, names), at=at)
    except ValueError as exc:
        _fail(_message(exc))
    _print(result, notes, as_json, steps=steps)


def jacobian_command(
    exprs: list[str] = typer.Argument(..., help='One or more component functions, or one vector "[u, v]".'),
    vars_: str = typer.Option(None, "--vars", help=VARS_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
    steps: bool = typer.Option(False, "--steps", help="Show which partial derivative each entry is and its working."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (text and LaTeX)."),
) -> None:
    """The Jacobian J[i, j] = ∂f_i/∂x_j: mvcalc jacobian "x^2 - y^2" "2 x y" --vars x,y."""
    names = _names(vars_)
    values, notes = _read_all(exprs, names)
    functions = values[0] if len(values) == 1 and getattr(values[0], "is_Matrix", False) else values
    if any(getattr(v, "is_Matrix", False) for v in values) and len(values) > 1:
        _fail("give either several expressions or one vector [u, v], not both")
    try:
        result = jacobian(functions, _variables(values, names), at=at)
    except ValueError as exc:
        _fail(_message(exc))
    _print(result, notes, as_json, steps=steps)


def hessian_command(
    expr: str = typer.Argument(..., help='A scalar function, e.g. "x^3 - 3 x y^2".'),
    vars_: str = typer.Option(None, "--vars", help=VARS_HELP),
    at: str = typer.Option(None, "--at", help=AT_HELP),
    classify: bool = typer.Option(
        False, "--classify", help="With --at at a stationary point: minimum, maximum, saddle or degenerate."
    ),
    steps: bool = typer.Option(False, "--steps", help="Show which partial derivative each entry is and its working."),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (text and LaTeX)."),
) -> None:
    """The Hessian H[i, j] = ∂²f/∂x_i∂x_j: mvcalc hessian "sin(pi x - x^2 y)" --vars x,y --at x=1,y=pi."""
    names = _names(vars_)
    values, notes = _read_all([expr], names)
    f = _scalar(values, "hessian")
    variables = _variables(values, names)
    if classify and at is None:
        _fail("--classify needs the stationary point: add --at, e.g. --at x=0,y=0")
    try:
        result = hessian(f, variables, at=at)
        stationary = analyse_stationary(f, variables, at) if classify else None
    except ValueError as exc:
        _fail(_message(exc))
    extra = {"stationary": stationary.to_dict()} if stationary else None
    _print(result, notes, as_json, extra, steps=steps)
    if stationary and not as_json:
        Console().print(Text(f"{stationary.kind}: {stationary.explanation}", style="bold green"))


def _parse_interval(text: str) -> tuple[float, float]:
    from mvcalc.math.points import exact_number

    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2:
        _fail(f"--interval takes two numbers lo,hi (got {text!r})")
    try:
        lo, hi = (float(exact_number(p, where="--interval")) for p in parts)
    except ValueError as exc:
        _fail(_message(exc))
    if not lo < hi:
        _fail("--interval needs lo < hi")
    return lo, hi


def _taylor_view(result) -> Group:
    table = Table(show_header=True, box=None, padding=(0, 2))
    table.add_column("order", justify="right")
    table.add_column("term")
    table.add_column("value")
    for t in result.terms:
        table.add_row(str(t.order), t.label, text(t.expr))
    parts = [Text(result.title(), style="bold"), table]
    if result.jacobian is not None:
        parts.append(Text(f"J = {result.jacobian.tolist()}"))
    if result.hessian is not None:
        parts.append(Text(f"H = {result.hessian.tolist()}"))
    parts.append(Text(f"≈ {result.to_dict()['polynomial']}   + {result.error_term}", style="bold green"))
    parts += [Text(f"note: {n}", style="dim") for n in result.notes]
    return Group(*parts)


def taylor_command(
    expr: str = typer.Argument(..., help='The function, e.g. "ln x" or "x y^2 e^(-x^4 - y^2/2)".'),
    at: str = typer.Option(..., "--at", help="The expansion point, e.g. x=0 (Maclaurin) or x=-1,y=2."),
    order: int = typer.Option(2, "--order", "-n", help=f"The order (total degree), 0-{MAX_ORDER}."),
    general: bool = typer.Option(False, "--general", help="Also find the general term (one variable)."),
    radius: bool = typer.Option(False, "--radius", help="Also find the radius of convergence (one variable)."),
    interval: str = typer.Option(
        None, "--interval", help="lo,hi: the remainder bound and the observed error there (one variable)."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the result as JSON (text and LaTeX)."),
) -> None:
    """The Taylor polynomial of EXPR about a point: mvcalc taylor "ln x" --at x=10 --order 3."""
    if not 0 <= order <= MAX_ORDER:
        _fail(f"--order must be a whole number from 0 to {MAX_ORDER}")
    names = [p.split("=", 1)[0].strip() for p in at.split(",") if "=" in p] or None
    values, notes = _read_all([expr], names)
    f = _scalar(values, "taylor")
    extra: dict = {}
    try:
        result = taylor(f, at, order, names)
        one = len(result.variables) == 1
        if (general or radius or interval) and not one:
            _fail("--general, --radius and --interval are for functions of one variable")
        if general:
            extra["general_term"] = general_term(result.function, result.point).to_dict()
        if radius:
            extra["radius"] = radius_of_convergence(result.function, result.point).to_dict()
        if interval:
            extra["remainder"] = remainder_bound(result.function, result.point, result.order, _parse_interval(interval)).to_dict()
    except ValueError as exc:
        _fail(_message(exc))
    if as_json:
        data = result.to_dict()
        data["notes"] = notes + data["notes"]
        data.update(extra)
        typer.echo(math_json(data))
        return
    console = Console()
    for note in notes:
        console.print(Text(f"note: {note}", style="dim"))
    console.print(_taylor_view(result))
    if "general_term" in extra:
        g = extra["general_term"]
        shown = g["term"] and f"Σ_(n≥{g['start']}) {g['term']}" + (f"  (after {', '.join(g['head'])})" if g["head"] else "")
        console.print(Text(f"general term: {shown or g['message']}"))
    if "radius" in extra:
        console.print(Text(f"radius of convergence: {extra['radius']['reason']}"))
    if "remainder" in extra:
        r = extra["remainder"]
        console.print(
            Text(
                f"remainder on [{r['interval'][0]:g}, {r['interval'][1]:g}]: Lagrange bound {r['bound']:.3e}, "
                f"observed max error {r['observed']:.3e} at x = {r['where']:.4g}"
            )
        )


def register(app: typer.Typer) -> None:
    """Add `mvcalc grad`, `jacobian`, `hessian` and `taylor` to the app."""
    app.command("grad")(grad)
    app.command("jacobian")(jacobian_command)
    app.command("hessian")(hessian_command)
    app.command("taylor")(taylor_command)
