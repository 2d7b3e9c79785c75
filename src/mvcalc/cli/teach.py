"""`mvcalc gradebook`: the instructor's gradebook in the terminal, as CSV or as JSON."""

from __future__ import annotations

import json

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table


def gradebook(
    class_code: str = typer.Option(None, "--class", help="A class's code (default: every learner in the store)."),
    as_csv: bool = typer.Option(False, "--csv", help="Print CSV (one row per student)."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """The gradebook: best score and late flag of every graded item per student, and mastery per module.

    One row per student, one column per graded assessment and assignment; CSV or JSON for a
    spreadsheet or an LMS."""
    from mvcalc.cli.output import fail, open_store
    from mvcalc.store.accounts import AccountError
    from mvcalc.store.gradebook import gradebook as build

    if as_csv and as_json:
        fail("choose one of --csv and --json")
    try:
        book = build(open_store(db), class_code)
    except AccountError as exc:
        fail(str(exc))
    if as_csv:
        typer.echo(book.to_csv(), nl=False)
        return
    if as_json:
        typer.echo(json.dumps(book.to_dict(), indent=2))
        return
    table = Table(title=f"Gradebook{' of ' + escape(class_code) if class_code else ''}", title_justify="left")
    table.add_column("student")
    shown = [i for i in book.items if any(i.id in r["items"] for r in book.rows)] or book.items[:3]
    for item in shown:
        table.add_column(item.id)
    for module in book.modules:
        table.add_column(f"M{module}")
    for row in book.rows:
        cells = []
        for item in shown:
            cell = row["items"].get(item.id)
            cells.append("—" if cell is None else f"{cell['best']:.0%}" + (" late" if cell["late"] else ""))
        cells += [f"{row['mastery'].get(m, 0.0):.0%}" for m in book.modules]
        table.add_row(escape(row["username"]), *cells)
    Console(soft_wrap=True).print(table)
    if len(shown) < len(book.items):
        typer.echo(f"({len(book.items) - len(shown)} graded items nobody has tried are left out; --csv has them all)")


def register(app: typer.Typer) -> None:
    """Add gradebook to the mvcalc app."""
    app.command("gradebook")(gradebook)
