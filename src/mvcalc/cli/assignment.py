"""`mvcalc assignment list | start | check | hint`: programming assignments on the learner's machine."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from mvcalc.assignments import (
    SandboxUnavailable,
    StarterExists,
    SubmissionError,
    UnknownAssignment,
    all_assignments,
    get,
    write_starter,
)
from mvcalc.assignments.checker import Report
from mvcalc.assignments.submission import check_path
from mvcalc.cli.output import fail as _fail
from mvcalc.store.api import record_assignment

app = typer.Typer(help="Programming assignments: start one, check your file, get a hint.",
                  no_args_is_help=True)


def _assignment(name: str):
    try:
        return get(name)
    except UnknownAssignment as exc:
        _fail(str(exc))


@app.command("list")
def list_(as_json: bool = typer.Option(False, "--json", help="Print the list as JSON.")) -> None:
    """List the assignments, with their course module and the functions you write."""
    assignments = all_assignments().values()
    if as_json:
        typer.echo(json.dumps([a.to_dict() for a in assignments], indent=2, ensure_ascii=False))
        return
    table = Table(title="Assignments")
    for column in ("name", "module", "title", "you write"):
        table.add_column(column)
    for a in assignments:
        table.add_row(a.name, str(a.module), a.title, ", ".join(f.name for f in a.functions))
    Console().print(table)


@app.command()
def start(
    name: str = typer.Argument(..., help="The assignment, e.g. backprop (see `mvcalc assignment list`)."),
    directory: Path = typer.Argument(Path("."), help="Where to write the starter file (default: here)."),
    force: bool = typer.Option(False, "--force", help="Replace an existing file with a fresh starter."),
    notebook: bool = typer.Option(False, "--notebook", help="Write a Jupyter notebook (NAME.ipynb) instead of a .py file."),
) -> None:
    """Write the starter file of an assignment: the story, the maths, and the functions to write."""
    assignment = _assignment(name)
    try:
        if notebook:
            from mvcalc.assignments.notebook import write_notebook

            path = write_notebook(assignment, directory, overwrite=force)
        else:
            path = write_starter(assignment, directory, overwrite=force)
    except (StarterExists, NotADirectoryError) as exc:
        _fail(str(exc))
    except OSError as exc:
        _fail(f"cannot write the starter file: {exc.strerror or exc}")
    names = ", ".join(f.name for f in assignment.functions)
    Console(soft_wrap=True).print(f"Wrote {path}: fill in {names}, then run "
                                  f"`mvcalc assignment check {path}`.")


@app.command()
def check(
    file: Path = typer.Argument(..., help="Your file, e.g. backprop.py or backprop.ipynb."),
    assignment: str = typer.Option(None, "--assignment", "-a", help="The assignment (default: read from the file)."),
    seed: int = typer.Option(None, "--seed", help="Seed of the random test inputs (default: a fresh one)."),
    plot: Path = typer.Option(None, "--plot", help="After a pass, save the assignment's picture to this PNG."),
    as_json: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    record: bool = typer.Option(True, "--record/--no-record", help="Record the result in the progress store."),
) -> None:
    """Run your file in a sandbox and check each function you wrote; exit status 1 if any fails."""
    if plot is not None and plot.suffix.lower() != ".png":
        _fail(f"--plot takes a .png file name, not {plot.name!r}")
    if seed is not None and not 0 <= seed < 2**32:
        _fail("--seed must be a whole number from 0 to 4294967295")
    console = Console(stderr=True)
    try:
        if as_json:
            report = check_path(file, assignment, seed=seed, plot=plot)
        else:
            with console.status("checking your file…") as status:
                report = check_path(file, assignment, seed=seed, plot=plot,
                                    progress=lambda text: status.update(text))
    except (SubmissionError, UnknownAssignment) as exc:
        _fail(str(exc))
    except SandboxUnavailable as exc:
        _fail(f"the checker's sandbox could not run your file: {exc}")
    if record:
        _record(report, console)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False, default=str))
    else:
        _show(report)
    raise typer.Exit(0 if report.passed else 1)


def _record(report: Report, console: Console) -> None:
    """Save the result through mvcalc.store.api.record_assignment."""
    details = {"file": report.file, "seed": report.seed,
               "functions": {f.name: {"passed": f.passed, "message": f.message} for f in report.functions},
               "violations": report.violations, "final_cost": report.extra.data.get("final_cost")}
    try:
        record_assignment(report.assignment, report.passed, details)
    except Exception as exc:  # noqa: BLE001 - the verdict is shown even if saving it fails
        console.print(Text(f"warning: the result was not recorded ({type(exc).__name__}: {exc})", style="yellow"))


def _show(report: Report) -> None:
    console = Console(soft_wrap=True)
    console.print(Text(f"{report.title} — {Path(report.file).name}", style="bold"))
    if report.load_error:
        console.print(Text(f"Your file could not be loaded: {report.load_error}", style="red"))
    for result in report.functions:
        mark, style = ("✓", "green") if result.passed else ("✗", "red")
        console.print(Text(f"{mark} {result.name:<6} ", style=f"bold {style}") + Text(result.message))
    for violation in report.violations:
        console.print(Text(f"! your code tried to {violation}; the checker refused", style="bold red"))
    for line in report.extra.lines:
        console.print(line)
    if report.output.strip() and not report.passed:
        console.print(Text("Your file printed (last lines; not the checker's words):", style="dim"))
        for line in report.output.strip()[-800:].splitlines():
            console.print(Text(f"│ {line}", style="dim"))
    verdict = "All functions pass." if report.passed else "Not yet: fix the ✗ lines and check again."
    console.print(Text(verdict, style="bold green" if report.passed else "bold yellow"))
    console.print(Text(f"seed {report.seed}, {report.seconds:.1f} s; sandbox: {_fences(report.containment)}",
                       style="dim"))


def _fences(containment: dict) -> str:
    """The sandbox's fences in a few words (the full record is in --json)."""
    if containment.get("isolated"):
        fences = ["bubblewrap: empty root file system", "own " + ", ".join(containment.get("namespaces", []))
                  + " namespaces", f"uid {containment.get('uid')}"]
    else:
        fences = [f"a plain process that can read what you can ({containment.get('note', '')})"]
    if containment.get("seccomp"):
        fences.append("seccomp filter")
    if containment.get("no_capabilities"):
        fences.append("no capabilities")
    if containment.get("cgroups"):
        fences.append(" and ".join(containment["cgroups"]) + " cgroups")
    fences.append("limits on " + ", ".join(r.removeprefix("RLIMIT_").lower() for r in containment.get("rlimits", [])))
    if containment.get("audit_hook"):
        fences.append("audit hook")
    return "; ".join(fences)


@app.command()
def hint(
    name: str = typer.Argument(..., help="The assignment, e.g. backprop."),
    function: str = typer.Argument(None, help="A function to write, e.g. J_W1 (default: general hints)."),
    level: int = typer.Option(None, "--level", help="Show only the first LEVEL hints (1 = a nudge)."),
    as_json: bool = typer.Option(False, "--json", help="Print the hints as JSON."),
) -> None:
    """Hints for an assignment or one of its functions: a nudge, the rule, then the first step."""
    assignment = _assignment(name)
    if level is not None and level < 1:
        _fail("--level must be 1 or more")
    if function is None:
        hints = list(assignment.hints)
    else:
        try:
            hints = list(assignment.function(function).hints)
        except KeyError:
            names = ", ".join(f.name for f in assignment.functions)
            _fail(f"{assignment.name} has no function {function!r} to write (it has {names})")
    hints = hints[:level] if level else hints
    if as_json:
        typer.echo(json.dumps({"assignment": assignment.name, "function": function, "hints": hints},
                              ensure_ascii=False))
        return
    console = Console(soft_wrap=True)
    for i, text in enumerate(hints, 1):
        console.print(Text(f"{i}. ", style="bold") + Text(text))


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="assignment")
