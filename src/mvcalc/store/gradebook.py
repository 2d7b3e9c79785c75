"""The gradebook: one row per student, one column per graded assessment and assignment (best
score and a late flag), and mastery per module; as data, CSV or JSON.

"Late" means the best score was first reached after the student's due date for that item
(the class's due date, or their extension). Due dates come from the class rules of
`mvcalc.store.accounts` (`ClassAssessment`, keyed by assessment id or assignment name).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, select

from mvcalc.store import reports
from mvcalc.store.accounts import AccountError, utc
from mvcalc.store.api import LOCAL, Store
from mvcalc.store.models import ClassAssessment, Enrolment, Extension, Section, User


@dataclass(frozen=True)
class Item:
    """A graded column: an assessment (a graded set) or a programming assignment."""

    kind: str
    id: str
    title: str


@dataclass
class Gradebook:
    class_code: str | None
    items: list[Item]
    modules: list[int]
    rows: list[dict] = field(default_factory=list)
    #: per student, the modules not started (the page says so; the CSV and JSON keep 0 for a number)
    not_started: dict[str, list[int]] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "class": self.class_code,
            "items": [{"kind": i.kind, "id": i.id, "title": i.title} for i in self.items],
            "modules": self.modules,
            "rows": self.rows,
        }

    def header(self) -> list[str]:
        cols = ["username", "display_name"]
        for item in self.items:
            cols += [f"{item.id} best", f"{item.id} late"]
        return cols + [f"module {m} mastery" for m in self.modules]

    def to_csv(self) -> str:
        """CSV with a header line; scores and mastery as fractions in [0, 1] with 3 decimals, empty when
        the student has no result; late as 1/0 (empty without a result)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.header())
        for row in self.rows:
            line = [row["username"], row["display_name"]]
            for item in self.items:
                cell = row["items"].get(item.id)
                line += ["", ""] if cell is None else [f"{cell['best']:.3f}", "1" if cell["late"] else "0"]
            line += [f"{row['mastery'].get(m, 0.0):.3f}" for m in self.modules]
            writer.writerow([_safe_cell(v) for v in line])
        return out.getvalue()


def _safe_cell(value: str) -> str:
    """Text a spreadsheet will not run as a formula (a display name like "=HYPERLINK(…)")."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def items() -> list[Item]:
    """Every graded column in course order: the assessments, then the assignments."""
    from mvcalc.assignments import registry as assignments
    from mvcalc.exercises import registry

    found = [Item("assessment", s.id, s.title) for s in registry.sets() if s.graded]
    return found + [Item("assignment", a.name, a.title) for a in assignments.all_assignments().values()]


def _students(store: Store, class_code: str | None) -> list[tuple[str, str]]:
    """(username, display name) of the class's students; without a class, every learner account and
    every learner with a record (the personal course's "local" too)."""
    with store.session() as session:
        if class_code:
            section = session.scalar(select(Section).where(Section.code == class_code))
            if section is None:
                raise AccountError(f"no class called {class_code!r}")
            rows = session.execute(
                select(User.username, User.display_name).join(Enrolment, Enrolment.user_id == User.id)
                .where(Enrolment.class_id == section.id).order_by(User.username)
            )
            return [(u, d or "") for u, d in rows]
        named = dict(session.execute(select(User.username, User.display_name).where(User.role == "learner")).all())
    for who in reports.learners_seen(store):
        named.setdefault(who, "You" if who == LOCAL else "")
    return sorted((u, d or "") for u, d in named.items())


def due_dates(store: Store, usernames: list[str], class_code: str | None = None) -> dict[tuple[str, str], datetime]:
    """(username, item id) -> due date: the extension if there is one, else the rule of the class
    (the given one, or each student's first class by age that sets the item)."""
    query = (
        select(User.username, ClassAssessment.assessment_id, ClassAssessment.due_at, Extension.due_at, Section.id)
        .join(Enrolment, Enrolment.user_id == User.id)
        .join(Section, Section.id == Enrolment.class_id)
        .join(ClassAssessment, ClassAssessment.class_id == Section.id)
        .outerjoin(Extension, and_(Extension.class_id == Section.id, Extension.user_id == User.id,
                                   Extension.assessment_id == ClassAssessment.assessment_id))
        .where(User.username.in_(usernames))
        .order_by(Section.id.desc())  # the oldest class is written last and wins
    )
    if class_code:
        query = query.where(Section.code == class_code)
    due: dict[tuple[str, str], datetime] = {}
    with store.session() as session:
        for who, item_id, class_due, extended, _ in session.execute(query):
            when = utc(extended) or utc(class_due)
            if when is not None:
                due[(who, item_id)] = when
            else:
                due.pop((who, item_id), None)
    return due


def gradebook(store: Store, class_code: str | None = None) -> Gradebook:
    """The gradebook of a class (or of everyone in the store), in five queries whatever its size."""
    students = _students(store, class_code)
    names = [u for u, _ in students]
    cols = items()
    quizzes = reports.assessment_results(store, names)
    runs = reports.assignment_results(store, names)
    grid = reports.mastery_grid(store, names)
    due = due_dates(store, names, class_code)
    modules = sorted({m for per in grid["modules"].values() for m in per}) or sorted(
        reports.module_mastery({}).keys()
    )
    book = Gradebook(class_code, cols, modules)
    for username, display in students:
        cells = {}
        for item in cols:
            source = quizzes if item.kind == "assessment" else runs
            result = source.get(username, {}).get(item.id)
            if result is None:
                continue
            deadline = due.get((username, item.id))
            cells[item.id] = {
                "best": round(result["best"], 6),
                "passed": result["passed"],
                "late": bool(deadline and result["best_at"] and result["best_at"] > deadline),
                "tries": result.get("tries", result.get("runs", 0)),
                "due": deadline.isoformat() if deadline else None,
            }
        book.rows.append({
            "username": username,
            "display_name": display,
            "items": cells,
            "mastery": grid["modules"].get(username, {m: 0.0 for m in modules}),
        })
        book.not_started[username] = grid["not_started"].get(username, list(modules))
    return book
