"""`mvcalc progress`: the learner's progress as the course's one model gives it (`mvcalc.course.progress`),
as text or JSON; and what `mvcalc practice` with no target runs (skills due for review, else the next item)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mvcalc.cli.output import open_store

console = Console(highlight=False)


def percent(value: float | None) -> str:
    """A fraction as the pages show it: `42 %`, or `–` for none."""
    return "–" if value is None else f"{round(100 * value)} %"


def summary_of(store, learner: str, now: datetime | None = None):
    """The learner's `Summary` now, from the store (the same model the web pages read)."""
    from mvcalc.course.loader import load_course
    from mvcalc.course.progress import History, summarise
    from mvcalc.exercises import registry

    history = History.from_rows(store.history(learner))
    return summarise(load_course(), registry.sets(), history, now or datetime.now(UTC))


def _when(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC")


def _lesson_status(lesson) -> str:
    if lesson.done:
        return "✓ done"
    if lesson.read:
        return "read, practice not started"
    return "practised, not read" if lesson.practised else "not started"


def _module_line(m) -> str:
    parts = [f"lessons done {m.lessons_done} / {len(m.lessons)}", f"practice sets started {m.sets_started} / {len(m.sets)}",
             "mastery " + ("not started" if m.mastery is None else percent(m.mastery))]
    if m.assessments:
        parts.append(f"assessments passed {m.assessments_passed} / {len(m.assessments)}")
    return " · ".join(parts)


def show(summary) -> None:
    """The summary as text: what to do next, what is due, then each module's lessons, sets and assessments."""
    step = summary.next
    if step.kind == "done":
        console.print(f"[bold]{escape(step.title)}[/bold]: {escape(step.reason)}.")
    else:
        where = f"module {step.module}, " if step.module else ""
        console.print(f"Continue: [bold]{escape(step.title)}[/bold] ({where}{escape(step.reason)})")
        console.print(f"  in the browser: {step.url} (mvcalc serve)" + (f"; here: {step.command}" if step.command else ""))
    if summary.due:
        console.print("Due for review (mvcalc practice): " + ", ".join(
            f"{escape(d.name)} (since {_when(d.due)})" for d in summary.due))
    elif summary.next_review:
        console.print(f"Nothing due for review; the next review falls due on {_when(summary.next_review)}.")
    for m in summary.modules:
        table = Table(title=f"Module {m.number}: {escape(m.title)}", title_justify="left",
                      caption=_module_line(m), caption_justify="left")
        for col in ("item", "id", "status"):
            table.add_column(col, overflow="fold")
        for lesson in m.lessons:
            table.add_row(f"Lesson: {escape(lesson.title)}", lesson.id, _lesson_status(lesson))
        for s in m.sets:
            status = "not started" if s.mastery is None else f"{s.answers} answered, {s.right} right, mastery {percent(s.mastery)}"
            table.add_row(f"Practice: {escape(s.title)}", s.id, status)
        for a in m.assessments:
            status = (f"passed (best {percent(a.best_score)})" if a.passed
                      else f"best {percent(a.best_score)}, not passed yet" if a.tries else "not taken")
            table.add_row(f"Assessment: {escape(a.title)}", a.id, status)
        console.print(table)


def progress(
    learner: str = typer.Option("local", "--learner"),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
    db: str = typer.Option(None, "--db", help="Database URL."),
) -> None:
    """Summarise progress: what to do next, skills due for review, and each module's lessons, sets and assessments."""
    summary = summary_of(open_store(db), learner)
    if as_json:
        typer.echo(json.dumps({"learner": learner, **summary.to_dict()}, indent=2))
        return
    show(summary)


def register(app: typer.Typer) -> None:
    """Add `progress` to the mvcalc app."""
    app.command("progress")(progress)
