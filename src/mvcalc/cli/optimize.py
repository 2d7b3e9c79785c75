"""`mvcalc newton`, `mvcalc minimize`, `mvcalc lagrange`: module 5's methods from the terminal."""

from __future__ import annotations

import math

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mvcalc.cli.output import fail, math_json
from mvcalc.math.input.printer import text
from mvcalc.math.input.reader import InputError, parse
from mvcalc.math.numeric import UnsupportedExpression
from mvcalc.math.optimize.constrained import exact_text
from mvcalc.math.optimize.constrained import lagrange as solve_lagrange
from mvcalc.math.optimize.descent import METHODS, minimize_expr
from mvcalc.math.optimize.roots import newton_expr

VERDICT_STYLE = {"converged": "bold green", "minimum": "green", "maximum": "yellow"}




def read_expression(text: str, variables: list[str] | None, what: str):
    """Parse learner text with the project's parser; a clear message on failure."""
    try:
        value = parse(text, variables=variables)
    except InputError as exc:
        fail(f"cannot read {what}: {exc}")
    if getattr(value, "is_Matrix", False):
        fail(f"{what} must be a single expression, not a vector or matrix")
    return value


def read_equation(text: str, variables: list[str], what: str):
    """`g`, or `lhs = rhs` read as lhs − rhs (constraints are often written as equations)."""
    if text.count("=") == 1:
        lhs, rhs = text.split("=")
        return read_expression(lhs, variables, what) - read_expression(rhs, variables, what)
    return read_expression(text, variables, what)


def names_list(text: str, option: str) -> list[str]:
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names or not all(n.isidentifier() for n in names):
        fail(f"{option} takes names separated by commas, such as x,y")
    if len(set(names)) != len(names):
        fail(f"{option} names a variable twice")
    return names


def numbers_list(text: str, option: str) -> list[float]:
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        fail(f"{option} takes numbers separated by commas, such as 1,2")
    if not all(math.isfinite(v) for v in values):
        fail(f"{option} must hold finite numbers")
    return values


def _num(v) -> str:
    if isinstance(v, list):
        return "(" + ", ".join(_num(u) for u in v) + ")"
    return f"{v:.10g}"


def newton_command(
    expr: str = typer.Argument(..., help='f(x), e.g. "x^6/6 - 3x^4 - 2x^3/3 + 27x^2/2 + 18x - 30".'),
    x0: float = typer.Option(..., "--x0", help="The starting point."),
    var: str = typer.Option(None, "--var", help="The variable (default: the only one in EXPR)."),
    max_steps: int = typer.Option(100, "--max-steps", min=1, max=10_000, help="Give up after this many steps."),
    tol: float = typer.Option(1e-12, "--tol", help="Stop when a step is below tol·(1 + |x|)."),
    as_json: bool = typer.Option(False, "--json", help="Print the path and verdict as JSON."),
) -> None:
    """Newton–Raphson x ← x − f(x)/f′(x) from --x0: the path and a verdict (converged, oscillating, …)."""
    if not math.isfinite(x0):
        fail("--x0 must be a finite number")
    if not (math.isfinite(tol) and 0 < tol < 1):
        fail("--tol must be a positive number below 1, such as 1e-12")
    if var is not None and not var.isidentifier():
        fail(f"--var must be a variable name such as x, not {var!r}")
    f = read_expression(expr, [var] if var else None, "the expression")
    names = sorted(s.name for s in f.free_symbols)
    if var is None and len(names) != 1:
        fail("the expression must have exactly one variable" + (f" (it has {', '.join(names)}); say which with --var" if names else ""))
    if var is not None and any(n != var for n in names):
        fail(f"the expression uses {', '.join(n for n in names if n != var)} besides {var}")
    try:
        result = newton_expr(f, x0, var, tol=tol, max_iter=max_steps)
    except (UnsupportedExpression, ValueError) as exc:
        fail(str(exc))
    if as_json:
        data = result.to_dict()
        data["notes"] = result.notes
        typer.echo(math_json(data))
        return
    console = Console()
    for note in result.notes:
        console.print(Text(note, style="dim"))
    table = Table("k", "x_k", "f(x_k)")
    for k, x in enumerate(result.path):
        fx = result.values[k] if k < len(result.values) else float("nan")
        table.add_row(str(k), _num(x), f"{fx:.4g}" if k < len(result.values) else "")
    console.print(table)
    console.print(Text(result.reason, style=VERDICT_STYLE.get(result.verdict, "bold yellow")))


def minimize_command(
    expr: str = typer.Argument(..., help='f, e.g. "(1-x)^2 + 100(y-x^2)^2".'),
    vars_: str = typer.Option(..., "--vars", help="The variables in order, e.g. x,y."),
    start: str = typer.Option(..., "--from", help="The starting point, e.g. 1,2."),
    method: str = typer.Option("hybrid", "--method", help="gd | backtracking | newton | hybrid."),
    step: float = typer.Option(0.1, "--step", help="γ for gradient steps (the first trial step for backtracking)."),
    max_newton: float = typer.Option(2.0, "--max-newton", help="hybrid: longest Newton step accepted."),
    max_steps: int = typer.Option(1000, "--max-steps", min=1, max=100_000, help="Give up after this many steps."),
    as_json: bool = typer.Option(False, "--json", help="Print the path and verdict as JSON."),
) -> None:
    """Minimise EXPR from --from by gradient descent, Newton steps or the course's hybrid."""
    if method not in METHODS:
        fail(f"--method must be one of {', '.join(METHODS)}")
    if not (math.isfinite(step) and step > 0):
        fail("--step must be a positive number")
    names = names_list(vars_, "--vars")
    x0 = numbers_list(start, "--from")
    if len(x0) != len(names):
        fail(f"--from has {len(x0)} numbers for {len(names)} variables")
    f = read_expression(expr, names, "the expression")
    try:
        result = minimize_expr(f, names, x0, method=method, step=step, max_newton=max_newton,
                               max_iter=max_steps)
    except (UnsupportedExpression, ValueError) as exc:
        fail(str(exc))
    if as_json:
        typer.echo(math_json(result.to_dict()))
        return
    console = Console()
    table = Table("k", *names, "f", "step")
    rows = list(enumerate(result.path))
    shown = rows if len(rows) <= 24 else rows[:12] + [None] + rows[-11:]
    for row in shown:
        if row is None:
            table.add_row("…", *["…"] * len(names), "…", "")
            continue
        k, x = row
        table.add_row(str(k), *(f"{v:.8g}" for v in x), f"{result.values[k]:.8g}",
                      result.kinds[k - 1] if k > 0 else "")
    console.print(table)
    style = "bold green" if result.converged and result.classification == "minimum" else "bold yellow"
    console.print(Text(f"{result.verdict}: {result.reason} ({result.steps} step{'s' if result.steps != 1 else ''})", style=style))


def lagrange_command(
    function: str = typer.Argument(..., metavar="F", help='The function to optimise, e.g. "exp(-(2x^2+y^2-xy)/2)".'),
    subject_to: list[str] = typer.Option(..., "--subject-to", help='A constraint g = 0 (or "lhs = rhs"); repeat for several.'),
    vars_: str = typer.Option(..., "--vars", help="The variables, e.g. x,y."),
    timeout: float = typer.Option(10.0, "--timeout", min=0.1, max=600, help="Seconds SymPy may spend on an exact solution."),
    numeric: bool = typer.Option(False, "--numeric", help="Skip the exact attempt."),
    box: float = typer.Option(3.0, "--box", min=1e-6, help="Numeric search: starting points in [-box, box]^n."),
    as_json: bool = typer.Option(False, "--json", help="Print the Lagrangian and the points as JSON."),
) -> None:
    """Stationary points of F subject to constraints, by Lagrange multipliers, each classified."""
    names = names_list(vars_, "--vars")
    reserved = {"lambda", *(f"lambda{i}" for i in range(1, 10))} & set(names)
    if reserved:
        fail("lambda is the multiplier's name: choose other variable names")
    fx = read_expression(function, names, "the function")
    gs = [read_equation(g, names, f"the constraint {g!r}") for g in subject_to]
    try:
        result = solve_lagrange(fx, gs, names, timeout=timeout, exact=not numeric, box=box)
    except (UnsupportedExpression, ValueError) as exc:
        fail(str(exc))
    if as_json:
        typer.echo(math_json(result.to_dict()))
        return
    console = Console()
    console.print(Text("L = ", style="bold") + Text(text(result.lagrangian)))
    for eq in result.equations:
        console.print(Text(f"  {eq} = 0", style="dim"))
    lams = list(result.points[0].multipliers) if result.points else []
    exact = {id(p): [f"{k} = {exact_text(v, 30)}" for k, v in (p.exact or {}).items()]
             for p in result.points}
    short = result.method == "exact" and all("radical" not in t for ts in exact.values() for t in ts)
    table = Table(*names, *lams, "f", "kind", *(["exact"] if short else []))
    for p in result.points:
        row = [f"{p.point[n]:.10g}" for n in names] + [f"{p.multipliers[m]:.6g}" for m in lams]
        row += [f"{p.value:.10g}", p.kind] + (["; ".join(exact[id(p)])] if short else [])
        table.add_row(*row)
    if result.method == "exact" and not short:
        result.notes.insert(0, "solved exactly; the exact values are long radical expressions "
                               "(--json prints them)")
    console.print(table)
    if result.points:
        lo, hi = result.global_minimum(), result.global_maximum()
        console.print(f"least f among these: {lo.value:.10g} at {_num(list(lo.point.values()))}; "
                      f"greatest: {hi.value:.10g} at {_num(list(hi.point.values()))}")
    else:
        console.print(Text("no stationary point found", style="bold yellow"))
    for note in result.notes:
        console.print(Text(note, style="dim"))


def register(app: typer.Typer) -> None:
    """Add newton, minimize and lagrange to the app."""
    # expressions may start with a minus sign: do not read "-x^2" as an option
    settings = {"ignore_unknown_options": True}
    app.command("newton", context_settings=settings)(newton_command)
    app.command("minimize", context_settings=settings)(minimize_command)
    app.command("lagrange", context_settings=settings)(lagrange_command)
