"""`mvcalc practice`, `mvcalc questions list|show`: practice in the terminal.

Every answer is graded by `mvcalc.exercises.grade`, written to the store and only
then shown, so Ctrl-C or a closed terminal loses no recorded attempt.
"""

from __future__ import annotations

import json
import random
import re
import time

import sympy as sp
import typer
from rich.console import Console
from rich.markdown import Markdown
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from mvcalc.cli.output import fail as _fail
from mvcalc.cli.output import open_store
from mvcalc.exercises import grade, letter, registry
from mvcalc.exercises.registry import UnknownQuestion
from mvcalc.exercises.reveal import reveal
from mvcalc.exercises.selection import next_generator
from mvcalc.exercises.terminal_text import terminal_text, unicode_math
from mvcalc.exercises.textplot import text_plot

console = Console(highlight=False)
questions_app = typer.Typer(help="Browse the question bank (for authors).", no_args_is_help=True)

HELP_KEYS = "Type your answer; ? for a hint, ! for the worked solution, n for the next question, q to quit."


def _store(db: str | None):
    return open_store(db)


def _saved(record, *args):
    """`record(*args)`, a store write, and what it returned; on a database fault say so (nothing was
    recorded) and return None."""
    from mvcalc.store import StoreUnavailable

    try:
        return record(*args)
    except StoreUnavailable as exc:
        console.print(f"[red]Your answer could not be saved: {escape(exc.reason)}.[/red] Nothing was recorded; "
                      "try again in a moment.")
        return None


# ---------------------------------------------------------------- showing a question


_MARKDOWN_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


def md(text: str) -> Markdown:
    """Markdown for the terminal, each $…$ written as Unicode maths (escaped: Markdown leaves it as it is)."""
    return Markdown(terminal_text(text, escape=lambda maths: _MARKDOWN_PUNCTUATION.sub(r"\\\1", maths)))


def plain(text: str) -> str:
    """A message with $…$ maths as Unicode, escaped for Rich markup."""
    return escape(terminal_text(text))


def _show_question(q, number: int | None = None) -> None:
    title = f"{escape(q.title)}  [dim]({q.id}, seed {q.seed})[/dim]"
    if number is not None:
        title = f"{number}. {title}"
    console.print(Panel(md(q.prompt), title=title, title_align="left"))
    for k, fig in enumerate(q.figures):
        console.print(f"[dim]Figure {k + 1}{': ' + fig.title if fig.title else ''}[/dim]")
        console.print(text_plot(fig), markup=False)
    for i, choice in enumerate(q.choices):
        if choice.figure is not None:
            console.print(f"[bold]{letter(i)}[/bold]")
            console.print(text_plot(choice.figure), markup=False)
        else:
            console.print(md(f"**{letter(i)}.** {choice.text}"))
    if q.input_help:
        console.print(f"[dim]Answer format: {escape(q.input_help)}[/dim]")


def _show_grade(g) -> None:
    colour = {"correct": "green", "partial": "yellow", "incorrect": "red"}.get(g.status, "magenta")
    if g.latex:
        console.print(f"[dim]Read as:[/dim] {escape(unicode_math(g.latex))}")
    for note in g.notes:
        console.print(f"[dim]  ({escape(note)})[/dim]")
    label = g.status.upper() if g.status != "partial" else f"PARTLY RIGHT ({g.score:.0%})"
    console.print(f"[bold {colour}]{label}[/bold {colour}] {plain(g.message)}")
    if g.status == "invalid" and g.column:
        console.print(f"[dim]  at column {g.column}[/dim]")


def _ask(prompt: str) -> str | None:
    """One line from the learner; None when input ends (Ctrl-D, a closed terminal)."""
    try:
        return console.input(prompt)
    except EOFError:
        return None


# ---------------------------------------------------------------- practice


def _practise_one(store, learner: str, q, set_id: str, replay: bool = False) -> str:
    """Ask one question until it is right or the learner moves on; returns 'next' or 'quit'.

    The question is issued in the store like a practice page's, and what is shown follows the one
    reveal policy (`exercises/reveal.py`): a wrong answer gets what went wrong, never the answer;
    `!` gives the worked solution (offered after two wrong tries), after which the question no
    longer counts for mastery."""
    from mvcalc.store import StoreUnavailable

    try:
        key = store.issue_question(learner, set_id, q.id, q.seed, replay=replay)
    except StoreUnavailable as exc:
        console.print(f"[red]The question could not be saved: {escape(exc.reason)}.[/red] Nothing is recorded.")
        return "quit"
    state = {"wrong_tries": 0, "hints_used": 0, "solution_viewed": False, "closed": False, "replay": replay}
    hints_used = 0
    started = time.monotonic()
    while True:
        text = _ask("[bold]answer>[/bold] ")
        if text is None:
            return "quit"
        text = text.strip()
        if text in ("q", "quit", "exit"):
            return "quit"
        if text in ("n", "next"):
            return "next"
        if text == "?":
            if hints_used < len(q.hints):
                console.print(md(f"**Hint {hints_used + 1}:** {q.hints[hints_used]}"))
                hints_used += 1
            else:
                console.print("[dim]No more hints; ! shows the worked solution.[/dim]")
            continue
        if text == "!":
            if not _saved(store.view_solution, key, learner):
                continue
            state["solution_viewed"] = True
            console.print(Panel(md(q.solution), title="Worked solution", title_align="left"))
            if not state["closed"]:
                console.print("[dim]This question no longer counts toward your mastery; the next one does.[/dim]")
            continue
        if not text:
            console.print(f"[dim]{HELP_KEYS}[/dim]")
            continue
        g = grade(q, text)
        elapsed = int((time.monotonic() - started) * 1000)
        after = _saved(store.answer_issued, key, learner, text, g, hints_used, elapsed)
        if after is None:
            continue
        state.update({k: after[k] for k in state})
        _show_grade(g)
        if g.status == "correct":
            return "next"
        if g.status == "invalid":
            continue
        policy = reveal(state["wrong_tries"], hints_used, state["solution_viewed"], replay=replay)
        if policy.solution == "offered":
            console.print("[dim]Still stuck after two tries? ! shows the worked solution (this question then stops "
                          "counting); ? for a hint, n for the next question.[/dim]")
        else:
            console.print("[dim]Try again, or ? for a hint, n for the next question.[/dim]")


def _run_assessment(store, learner: str, info, seed: int) -> None:
    questions = registry.assessment(info.id, seed)
    console.print(
        f"[bold]{escape(info.title)}[/bold]: {len(questions)} questions, pass mark {info.pass_mark:.0%}. "
        "No hints in a graded quiz, and no verdicts until the end; q quits (the quiz is then not recorded)."
    )
    answers, total, graded = [], 0.0, []
    for k, q in enumerate(questions, start=1):
        _show_question(q, k)
        while True:
            text = _ask("[bold]answer>[/bold] ")
            if text is None or text.strip() in ("q", "quit"):
                console.print("[yellow]Quiz stopped; your answers so far are saved as attempts.[/yellow]")
                return
            g = grade(q, text.strip())
            if not _saved(store.record_attempt, learner, q.id, info.id, q.seed, text.strip(), g, 0, None):
                continue
            if g.status == "invalid":  # the reveal policy: before the end, only "cannot read that"
                _show_grade(g)
                continue
            console.print("[dim]Saved.[/dim]")
            break
        total += g.score
        graded.append((q, g))
        answers.append({"question_id": q.id, "seed": q.seed, "answer": text.strip(), "status": g.status,
                        "score": g.score})
    score = total / len(questions)
    passed = score >= info.pass_mark
    while not _saved(store.record_assessment, learner, info.id, score, passed, answers):
        if _ask("[bold]Press Enter to try saving the quiz again, q to give up>[/bold] ") in (None, "q"):
            return
    if reveal(0, 0, False, "assessment", submitted=True).answer:  # submitted: every verdict and answer
        for k, (q, g) in enumerate(graded, start=1):
            console.print(f"[bold]{k}.[/bold] ", end="")
            _show_grade(g)
            if g.status != "correct":
                console.print(f"   [dim]Answer:[/dim] {escape(q.answer_text)}")
    verdict = "[bold green]Passed[/bold green]" if passed else "[bold red]Not passed yet[/bold red]"
    console.print(f"{verdict}: {score:.0%} (pass mark {info.pass_mark:.0%}). Retake for new variants.")


def _resolve_target(target: str, store, learner: str):
    """(set info, generators to draw from) for a set id or a generator id."""
    try:
        info = registry.get_set(target)
        return info, [registry.get(g) for g in info.generators]
    except UnknownQuestion:
        pass
    try:
        gen = registry.get(target)
    except UnknownQuestion:
        _fail(f"no set or question called {target!r}; see `mvcalc questions list`")
    return registry.get_set(gen.META.set), [gen]


def practice(
    target: str = typer.Argument(None, help="A set id (e.g. m1-s4-product-rule), an assessment, or a question id; none: what is due for review, else what comes next."),
    count: int = typer.Option(10, "--count", "-n", min=1, help="How many questions (practice sets)."),
    seed: int = typer.Option(None, "--seed", help="Start from this seed (default: random); variants you "
                             "choose are practice that never counts toward mastery."),
    learner: str = typer.Option("local", "--learner", help="Whose progress to record."),
    db: str = typer.Option(None, "--db", help="Database URL (default: MVCALC_DATABASE_URL or the SQLite file)."),
) -> None:
    """Practise in the terminal: questions chosen by mastery, checked at once, everything recorded.

    With no target: the skills due for review (a fresh variant each), else the next unfinished
    item of the course, as `mvcalc progress` names them."""
    store = _store(db)
    if target is None:
        target = _next_target(store, learner, count)
        if target is None:
            return
    info, generators = _resolve_target(target, store, learner)
    rng = random.Random(seed)
    base = seed if seed is not None else random.SystemRandom().randrange(1_000_000)
    if info.graded and len(generators) > 1:
        _run_assessment(store, learner, info, base)
        return
    console.print(f"[bold]{escape(info.title)}[/bold] [dim]({info.id})[/dim]. {HELP_KEYS}")
    recent: list[str] = []
    try:
        for k in range(count):
            gen = next_generator(generators, store.mastery(learner), recent, rng)
            q = gen.generate(base + k)
            recent.append(gen.id)
            _show_question(q, k + 1)
            if _practise_one(store, learner, q, info.id, replay=seed is not None) == "quit":
                break
    except KeyboardInterrupt:
        console.print("\n[dim]Stopped. Every answer you gave is saved.[/dim]")
        return
    _summary(store, learner, info.id)


def _next_target(store, learner: str, count: int) -> str | None:
    """Review what is due (and return None), or name the set of the course's next unfinished item."""
    from mvcalc.cli.progress import summary_of

    summary = summary_of(store, learner)
    if summary.due:
        _review(store, learner, summary.due[:count])
        return None
    step = summary.next
    if step.set_id is None:
        when = f" The next review falls due on {summary.next_review:%Y-%m-%d %H:%M} UTC." if summary.next_review else ""
        console.print(f"{step.title}, and nothing is due for review.{when}")
        return None
    where = f"module {step.module}, " if step.module else ""
    console.print(f"Next in the course: [bold]{escape(step.title)}[/bold] ({where}{escape(step.reason)}; "
                  f"in the browser: {step.url}).")
    return step.set_id


def _review(store, learner: str, due) -> None:
    """One fresh variant of each skill due for review, most overdue first."""
    console.print(f"[bold]Due for review[/bold]: {len(due)} skill{'s' if len(due) != 1 else ''}. {HELP_KEYS}")
    try:
        for k, item in enumerate(due, start=1):
            console.print(f"[dim]Review: {escape(item.name)} (due since {item.due:%Y-%m-%d %H:%M} UTC)[/dim]")
            q = registry.generate(item.question_id, item.seed)
            _show_question(q, k)
            if _practise_one(store, learner, q, item.set_id) == "quit":
                break
    except KeyboardInterrupt:
        console.print("\n[dim]Stopped. Every answer you gave is saved.[/dim]")
        return
    console.print("[dim]Review done. `mvcalc progress` shows what is next.[/dim]")


def _summary(store, learner: str, set_id: str) -> None:
    mine = store.attempts(learner, set_id=set_id, limit=1000)
    graded = [a for a in mine if a["status"] != "invalid"]
    right = sum(1 for a in graded if a["status"] == "correct")
    console.print(f"[dim]This set so far: {right} right of {len(graded)} answer{'s' if len(graded) != 1 else ''}. `mvcalc progress` for more.[/dim]")


# ---------------------------------------------------------------- questions list / show


@questions_app.command("list")
def questions_list(
    set_id: str = typer.Option(None, "--set", help="Only this set."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON."),
) -> None:
    """List the sets and their question generators, in course order."""
    sets = registry.sets()
    if set_id:
        try:
            sets = [registry.get_set(set_id)]
        except UnknownQuestion as exc:
            _fail(exc.message)
    if as_json:
        out = [{**s.to_dict(), "generators": [registry.get(g).META.to_dict() for g in s.generators]} for s in sets]
        typer.echo(json.dumps(out, indent=2))
        return
    for s in sets:
        table = Table(title=escape(f"{s.id}: {s.title}" + (" (graded)" if s.graded else "")), title_justify="left")
        table.add_column("id", no_wrap=True, overflow="ignore")  # ids are copied into commands: never cut
        for col in ("title", "kind", "skills", "difficulty"):
            table.add_column(col)
        for gid in s.generators:
            m = registry.get(gid).META
            table.add_row(m.id, escape(m.title), m.kind, ", ".join(m.skills), str(m.difficulty))
        console.print(table)


@questions_app.command("show")
def questions_show(
    question_id: str = typer.Argument(..., help="A generator id (see `mvcalc questions list`)."),
    seed: int = typer.Option(0, "--seed", help="The variant's seed."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON (everything, answers included)."),
) -> None:
    """Show one variant of a question with its answer, buggy answers, hints and solution."""
    try:
        q = registry.get(question_id).generate(seed)
    except UnknownQuestion as exc:
        _fail(exc.message)
    if as_json:
        typer.echo(json.dumps(q.to_dict(), indent=2))
        return
    _show_question(q)
    console.print(f"[bold]Answer ({q.kind}):[/bold] {escape(q.answer_text)}")
    if isinstance(q.answer, sp.Basic | sp.MatrixBase):
        console.print(sp.pretty(q.answer, use_unicode=True), markup=False, highlight=False)
    for m in q.buggy:
        console.print(f"[red]✗[/red] {escape(m.rule)}: {plain(m.message)}")
    for i, hint in enumerate(q.hints, 1):
        console.print(md(f"**Hint {i}:** {hint}"))
    console.print(Panel(md(q.solution), title="Worked solution", title_align="left"))


@questions_app.command("report")
def questions_report(
    seeds: int = typer.Option(50, "--seeds", min=1, help="Seeds per generator."),
    as_json: bool = typer.Option(False, "--json", help="Print plain JSON instead of a Markdown table."),
) -> None:
    """Coverage for authors: kinds, generators, distinct variants and diagnoses per set."""
    from rich.progress import Progress

    from mvcalc.exercises.report import coverage, markdown

    total = len(registry.all_generators())
    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("generating", total=total)
        rows = coverage(seeds, progress=lambda gid: bar.advance(task))
    typer.echo(json.dumps(rows, indent=2) if as_json else markdown(rows, seeds))


def register(app: typer.Typer) -> None:
    """Add practice and questions to the mvcalc app."""
    app.command("practice")(practice)
    app.add_typer(questions_app, name="questions")
