"""`mvcalc users ...` and `mvcalc classes ...`: accounts, rosters, classes and their assessment rules.

These run the course for a class (`mvcalc serve --accounts`). Passwords are read
from standard input (`--password-stdin`) or typed at a hidden prompt, never
taken on the command line (where `ps` and shell history would show them).
Times given without a zone are read in this computer's zone and stored in UTC.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import datetime
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from mvcalc.cli.output import fail, open_store

console = Console(highlight=False)
users_app = typer.Typer(help="Accounts of a hosted course: add, import a roster, list, set passwords.",
                        no_args_is_help=True)
classes_app = typer.Typer(help="Classes: create, enrol, and set each assessment's dates and attempts.",
                          no_args_is_help=True)

DB = typer.Option(None, "--db", help="SQLAlchemy database URL (default: MVCALC_DATABASE_URL or the SQLite file).")


def _accounts():
    from mvcalc.store import accounts

    return accounts


def _password_from_stdin() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        fail("no password on standard input")
    return password


def _run(action):
    """Run a store action; a refused one is a one-line error with exit status 2."""
    accounts = _accounts()
    try:
        return action()
    except accounts.AccountError as exc:
        fail(str(exc))


# ---------------------------------------------------------------- users


@users_app.command("add")
def users_add(
    name: str = typer.Argument(..., help="Username (lower-case letters, digits, . _ @ -)."),
    role: str = typer.Option("learner", "--role", help="learner, instructor or admin."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    display_name: str = typer.Option("", "--display-name", help="The person's name, as shown on pages."),
    email: str = typer.Option("", "--email", help="Email address (for the gradebook and the LMS)."),
    klass: str = typer.Option(None, "--class", help="Enrol the learner in (or make the instructor teach) this class."),
    claim_local: bool = typer.Option(False, "--claim-local", help="Give this account the personal course's progress (the \"local\" learner)."),
    db: str = DB,
) -> None:
    """Add an account. Without --password-stdin you are asked for the password (or, with no terminal,
    the account has none until `users set-password`, or until the student joins with the join code)."""
    accounts = _accounts()
    password = None
    if password_stdin:
        password = _password_from_stdin()
    elif sys.stdin.isatty():
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    store = open_store(db)
    user = _run(lambda: accounts.create_user(store, name, role, display_name=display_name, email=email,
                                             password=password))
    if klass:
        _run(lambda: (accounts.enrol if user.role == "learner" else accounts.add_instructor)(
            store, klass, user.username))
    console.print(f"Added {user.role} [bold]{escape(user.username)}[/bold]"
                  + ("" if user.has_password else " (no password yet)") + (f", in class {klass}" if klass else ""))
    if claim_local:
        moved = _run(lambda: accounts.claim_local(store, user.username))
        console.print(f"Claimed the local learner's progress: {moved} record(s) now belong to {user.username}.")


@users_app.command("set-password")
def users_set_password(
    name: str = typer.Argument(..., help="Username."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
    db: str = DB,
) -> None:
    """Set or replace a password (the account's open sessions end)."""
    accounts = _accounts()
    if password_stdin:
        password = _password_from_stdin()
    elif sys.stdin.isatty():
        password = typer.prompt("New password", hide_input=True, confirmation_prompt=True)
    else:
        fail("give the password on standard input with --password-stdin")
    store = open_store(db)
    _run(lambda: accounts.set_password(store, name, password))
    console.print(f"Password set for {escape(name)}.")


def _roster_rows(path: Path):
    """(line number, row) of a roster CSV whose header names the columns (any case, any order)."""
    accounts = _accounts()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror}")
    except UnicodeDecodeError:
        fail(f"{path} is not UTF-8 text")
    reader = csv.reader(text.splitlines())
    header = [h.strip().lower().replace("_", " ") for h in next(reader, [])]
    if "username" not in header:
        fail(f"line 1 of {path}: the header must name the columns {', '.join(accounts.ROSTER_COLUMNS)}")
    unknown = [h for h in header if h and h not in accounts.ROSTER_COLUMNS]
    if unknown:
        fail(f"line 1 of {path}: unknown column {unknown[0]!r} (columns: {', '.join(accounts.ROSTER_COLUMNS)})")
    rows = []
    for values in reader:
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(header):
            fail(f"line {reader.line_num}: {len(values)} values for {len(header)} columns")
        rows.append((reader.line_num, {h: v.strip() for h, v in zip(header, values, strict=False)}))
    return rows


@users_app.command("import")
def users_import(
    roster: Path = typer.Argument(..., help="CSV with a header: username, display name, email, role, class."),
    db: str = DB,
) -> None:
    """Create the accounts of a roster and enrol them; a bad row stops it all (nothing is half-imported)."""
    accounts = _accounts()
    rows = _roster_rows(roster)
    store = open_store(db)
    done = _run(lambda: accounts.import_roster(store, rows))
    console.print(f"Imported {len(done)} account(s) from {roster.name}.")


@users_app.command("list")
def users_list(
    role: str = typer.Option(None, "--role", help="Only this role."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: str = DB,
) -> None:
    """Every account: username, name, email, role, classes."""
    accounts = _accounts()
    store = open_store(db)
    users = _run(lambda: accounts.list_users(store, role))
    classes = {u.username: [c.code for c in (accounts.classes_of_learner(store, u.username) if u.role == "learner"
                                            else accounts.classes_of_instructor(store, u.username))]
               for u in users}
    if as_json:
        typer.echo(json.dumps([{**u.to_dict(), "classes": classes[u.username]} for u in users], indent=2))
        return
    table = Table("username", "name", "email", "role", "classes", "password")
    for u in users:
        table.add_row(u.username, u.display_name, u.email, u.role, ", ".join(classes[u.username]),
                      "set" if u.has_password else "none yet")
    console.print(table)


# ---------------------------------------------------------------- classes


def _when(text: str) -> datetime | None:
    """ISO 8601 date or date-time; without a zone, this computer's zone; 'none' clears the date."""
    if text.strip().lower() in ("none", "never", "-"):
        return None
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        fail(f"{text!r} is not a date: write e.g. 2027-03-01T17:00 or 2027-03-01T17:00+01:00 (or none)")
    return moment.astimezone() if moment.tzinfo is None else moment


def _assessment(set_id: str) -> str:
    from mvcalc.exercises import registry

    graded = [s.id for s in registry.sets() if s.graded]
    if set_id not in graded:
        fail(f"{set_id!r} is not an assessment; they are: {', '.join(graded)}")
    return set_id


def _shown(moment: datetime | None) -> str:
    return "none" if moment is None else moment.strftime("%Y-%m-%d %H:%M UTC")


@classes_app.command("add")
def classes_add(
    code: str = typer.Argument(..., help="A short name for the class, e.g. mml-2027."),
    title: str = typer.Option("", "--title", help="The class's title, as shown on pages."),
    join_code: str = typer.Option(None, "--join-code", help="The code students type to join (default: random)."),
    instructor: list[str] = typer.Option([], "--instructor", help="An instructor of the class (repeatable)."),
    db: str = DB,
) -> None:
    """Create a class; prints its join code."""
    accounts = _accounts()
    store = open_store(db)
    info = _run(lambda: accounts.create_class(store, code, title, join_code))
    for name in instructor:
        _run(lambda name=name: accounts.add_instructor(store, info.code, name))
    console.print(f"Class [bold]{escape(info.code)}[/bold] created; join code [bold]{info.join_code}[/bold].")


@classes_app.command("list")
def classes_list(as_json: bool = typer.Option(False, "--json", help="Machine-readable output."), db: str = DB) -> None:
    """Every class with its join code, instructors and number of students."""
    accounts = _accounts()
    store = open_store(db)
    rows = [
        {**c.to_dict(), "instructors": [u.username for u in accounts.instructors_of_class(store, c.code)],
         "students": len(accounts.users_in_class(store, c.code))}
        for c in accounts.list_classes(store)
    ]
    if as_json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table("class", "title", "join code", "instructors", "students")
    for r in rows:
        table.add_row(r["code"], r["title"], r["join_code"], ", ".join(r["instructors"]), str(r["students"]))
    console.print(table)


@classes_app.command("show")
def classes_show(
    code: str = typer.Argument(..., help="The class."),
    as_json: bool = typer.Option(False, "--json", help="Machine-readable output."),
    db: str = DB,
) -> None:
    """A class: its students, instructors, each assessment's rules and the extensions."""
    accounts = _accounts()
    store = open_store(db)
    info = accounts.find_class(store, code)
    if info is None:
        fail(f"there is no class called {code!r}")
    data = {
        **info.to_dict(),
        "instructors": [u.username for u in accounts.instructors_of_class(store, code)],
        "students": [u.username for u in accounts.users_in_class(store, code)],
        "assessments": [r.to_dict() for r in accounts.class_assessment_rules(store, code)],
        "extensions": accounts.extensions(store, code),
    }
    if as_json:
        typer.echo(json.dumps(data, indent=2))
        return
    console.print(f"[bold]{escape(info.title)}[/bold] ({info.code}), join code {info.join_code}")
    console.print(f"Instructors: {', '.join(data['instructors']) or 'none'}")
    console.print(f"Students ({len(data['students'])}): {', '.join(data['students']) or 'none'}")
    table = Table("assessment", "released", "due", "attempts")
    for r in accounts.class_assessment_rules(store, code):
        table.add_row(r.assessment_id, _shown(r.release_at), _shown(r.due_at),
                      "no limit" if r.attempt_limit is None else str(r.attempt_limit))
    console.print(table)
    for e in data["extensions"]:
        console.print(f"Extension: {e['username']}, {e['assessment_id']}, due {e['due_at']}")


@classes_app.command("enrol")
def classes_enrol(
    code: str = typer.Argument(..., help="The class."),
    names: list[str] = typer.Argument(..., help="Usernames of learners (instructors are made instructors)."),
    db: str = DB,
) -> None:
    """Put existing accounts in a class."""
    accounts = _accounts()
    store = open_store(db)
    for name in names:
        user = _run(lambda name=name: accounts.find_user(store, name))
        if user is None:
            fail(f"there is no user called {name!r}")
        _run(lambda user=user: (accounts.enrol if user.role == "learner" else accounts.add_instructor)(
            store, code, user.username))
    console.print(f"{len(names)} account(s) in class {escape(code)}.")


def _set_rules(code: str, assessment: str, **rules) -> None:
    accounts = _accounts()
    store = open_store(rules.pop("db", None))
    result = _run(lambda: accounts.set_assessment_rules(store, code, _assessment(assessment), **rules))
    limit = "no limit" if result.attempt_limit is None else result.attempt_limit
    console.print(f"{escape(code)}, {assessment}: released {_shown(result.release_at)}, due {_shown(result.due_at)}, "
                  f"attempts {limit}.")


@classes_app.command("set-due")
def classes_set_due(
    code: str = typer.Argument(..., help="The class."),
    assessment: str = typer.Argument(..., help="The assessment, e.g. m1-assessment."),
    when: str = typer.Argument(..., help="ISO 8601, e.g. 2027-03-01T17:00 (this computer's zone) or with +01:00; none clears."),
    db: str = DB,
) -> None:
    """Set the due date of an assessment for a class (no attempt starts after it)."""
    _set_rules(code, assessment, due_at=_when(when), db=db)


@classes_app.command("set-release")
def classes_set_release(
    code: str = typer.Argument(..., help="The class."),
    assessment: str = typer.Argument(..., help="The assessment."),
    when: str = typer.Argument(..., help="ISO 8601 date or date-time; none clears."),
    db: str = DB,
) -> None:
    """Set when an assessment opens for a class."""
    _set_rules(code, assessment, release_at=_when(when), db=db)


@classes_app.command("set-attempts")
def classes_set_attempts(
    code: str = typer.Argument(..., help="The class."),
    assessment: str = typer.Argument(..., help="The assessment."),
    limit: str = typer.Argument(..., help="How many attempts each student may start, or none."),
    db: str = DB,
) -> None:
    """Limit the attempts each student of the class may make at an assessment."""
    if limit.strip().lower() in ("none", "-"):
        value = None
    elif limit.strip().isdigit():
        value = int(limit)
    else:
        fail(f"{limit!r} is not a number of attempts (or none)")
    _set_rules(code, assessment, attempt_limit=value, db=db)


@classes_app.command("extend")
def classes_extend(
    code: str = typer.Argument(..., help="The class."),
    assessment: str = typer.Argument(..., help="The assessment."),
    student: str = typer.Argument(..., help="The student's username."),
    when: str = typer.Argument(..., help="Their own due date (ISO 8601), or none to remove it."),
    db: str = DB,
) -> None:
    """Give one student their own due date for an assessment."""
    accounts = _accounts()
    moment = _when(when)
    store = open_store(db)
    _run(lambda: accounts.set_extension(store, code, _assessment(assessment), student, moment))
    console.print(f"{escape(student)} is due {_shown(accounts.utc(moment))} for {assessment} in {escape(code)}.")


def register(app: typer.Typer) -> None:
    app.add_typer(users_app, name="users")
    app.add_typer(classes_app, name="classes")
