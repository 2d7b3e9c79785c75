"""The `mvcalc` command line: one Typer app; each area registers its commands.

Each module in this package owns the commands of one area and exposes
`register(app)`, so that areas grow without touching each other.
"""

from __future__ import annotations

import importlib

import typer

app = typer.Typer(
    name="mvcalc",
    help="Multivariate calculus for machine learning: the course, practice and a toolkit.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Areas, in the order their commands appear in `mvcalc --help`.
AREAS = [
    "serve",
    "practice",
    "calculus",
    "multivariate",
    "check",
    "optimize",
    "fit",
    "assignment",
]


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


for _area in AREAS:
    importlib.import_module(f"mvcalc.cli.{_area}").register(app)


def main() -> None:
    """Entry point of the console script."""
    app()
