"""The `mvcalc` command line: one Typer app; each area registers its commands, loaded on demand.

Each module in this package owns the commands of one area and exposes
`register(app)`, so that areas grow without touching each other. `mvcalc --help`
reads the table below and imports no area (so no SymPy): a command's module is
imported only when that command runs. `tests/cli/test_cli_table.py` keeps the
table equal to what the modules register.
"""

from __future__ import annotations

import importlib
import sys

import typer
from typer.core import TyperCommand, TyperGroup

#: command -> (the area module that registers it, its one-line help), in `mvcalc --help` order.
COMMANDS: dict[str, tuple[str, str]] = {
    "serve": ("serve", "Serve the course in your browser (offline; your progress is kept in a local SQLite file)."),
    "users": ("accounts", "Accounts of a hosted course: add, import a roster, list, set passwords."),
    "classes": ("accounts", "Classes: create, enrol, and set each assessment's dates and attempts."),
    "practice": ("practice", "Practise in the terminal: questions chosen by mastery, checked at once, everything recorded."),
    "progress": ("progress", "Summarise progress: what to do next, skills due for review, and each module's lessons, sets and assessments."),
    "questions": ("practice", "Browse the question bank (for authors)."),
    "diff": ("calculus", 'Differentiate EXPR, showing the rules used: mvcalc diff "x^2 sin x" --steps.'),
    "grad": ("multivariate", 'The gradient ∇f (a column): mvcalc grad "x^2 y" --vars x,y --at x=1,y=2.'),
    "jacobian": ("multivariate", 'The Jacobian J[i, j] = ∂f_i/∂x_j: mvcalc jacobian "x^2 - y^2" "2 x y" --vars x,y.'),
    "hessian": ("multivariate", 'The Hessian H[i, j] = ∂²f/∂x_i∂x_j: mvcalc hessian "sin(pi x - x^2 y)" --vars x,y --at x=1,y=pi.'),
    "taylor": ("multivariate", 'The Taylor polynomial of EXPR about a point: mvcalc taylor "ln x" --at x=10 --order 3.'),
    "check": ("check", "Check an answer against the expected one: correct, incorrect, invalid or undecided."),
    "newton": ("optimize", "Newton–Raphson x ← x − f(x)/f′(x) from --x0: the path and a verdict (converged, oscillating, …)."),
    "minimize": ("optimize", "Minimise EXPR from --from by gradient descent, Newton steps or the course's hybrid."),
    "lagrange": ("optimize", "Stationary points of F subject to constraints, by Lagrange multipliers, each classified."),
    "fit": ("fit", "Fit MODEL to the data by least squares: parameters, standard errors, RSS and a verdict."),
    "assignment": ("assignment", "Programming assignments: start one, check your file, get a hint."),
    "worker": ("worker", "Run a grading worker: take submissions from the queue in PostgreSQL, grade them in the sandbox."),
    "gradebook": ("teach", "The gradebook: best score and late flag of every graded item per student, and mastery per module."),
    "lti": ("lti", "Connect the course to an LMS by LTI 1.3 (Moodle, Canvas, Blackboard)."),
}


class LazyAreas(TyperGroup):
    """A group whose commands are imported from their area module the first time one is needed."""

    listing = False  # while help is written, commands are named from the table, not imported

    def list_commands(self, ctx) -> list[str]:
        return list(COMMANDS) + [n for n in super().list_commands(ctx) if n not in COMMANDS]

    def get_command(self, ctx, name: str):
        if name in self.commands or name not in COMMANDS:
            return super().get_command(ctx, name)
        area, summary = COMMANDS[name]
        if self.listing:
            return TyperCommand(name, help=summary, short_help=summary)
        self.commands.update(area_commands(area))
        return super().get_command(ctx, name)

    def format_help(self, ctx, formatter) -> None:
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False


def area_commands(area: str) -> dict:
    """The click commands that one area module registers, by name."""
    sub = typer.Typer()
    importlib.import_module(f"mvcalc.cli.{area}").register(sub)
    return dict(typer.main.get_group(sub).commands)


app = typer.Typer(
    name="mvcalc",
    cls=LazyAreas,
    help="Multivariate calculus for machine learning: the course, practice and a toolkit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # the top-level help in Click's plain format: it need not import Rich's renderer
)


def _version(value: bool) -> None:
    if value:
        from mvcalc import __version__

        typer.echo(f"mvcalc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", help="Print the version and exit.", is_eager=True,
                                 callback=_version),
) -> None:
    """mvcalc: learn multivariate calculus for machine learning."""


def main() -> None:
    """Entry point of the console script.

    The command's area is imported here, before Click dispatches to it: imported from deep
    inside the dispatch, SymPy's 700 modules made CPython 3.11 map and unmap a 16 KB chunk of
    its frame stack some 800 times (about 10 ms of `mvcalc diff`).
    """
    if len(sys.argv) > 1 and sys.argv[1] in COMMANDS:
        importlib.import_module(f"mvcalc.cli.{COMMANDS[sys.argv[1]][0]}")
    app()
