"""The instructor's dashboard under /teach: a class's progress, questions, common mistakes, one
student's timeline, assignment results and the gradebook (HTML, CSV, JSON).

Instructors see only the classes they teach, admins every class and the pseudo-class `all`
(everyone in the store; in the personal course, the one local learner is the admin). The
numbers come from `mvcalc.store.reports` and `mvcalc.store.gradebook`, a student's progress from the
course's one progress model (`mvcalc.web.progress`, as the student's own pages show it); plots are SVG drawn
by the templates, nothing is fetched from elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from mvcalc.store import accounts, reports
from mvcalc.store.gradebook import gradebook
from mvcalc.store.models import Enrolment, Section, User
from mvcalc.web import progress
from mvcalc.web.auth import require_role
from mvcalc.web.deps import course, render, store

router = APIRouter(prefix="/teach")
ALL = "all"
PAGE_SIZE = 50  # students per page of the heatmap (a page stays a few hundred kB)
teacher = require_role("instructor")


@dataclass(frozen=True)
class ClassView:
    """The class a page is about and the SQL select of its students' usernames (None: everyone)."""

    code: str
    title: str
    learners: object
    join_code: str = ""


def _classes(request: Request, user: accounts.User) -> list[accounts.ClassInfo]:
    if user.role == "admin" and accounts.find_user(store(request), user.username) is None:
        return accounts.list_classes(store(request))  # the personal course's local admin
    return accounts.classes_of_instructor(store(request), user.username)


def the_class(request: Request, code: str, user: accounts.User = Depends(teacher)) -> ClassView:
    """The class `code` if this user may teach it, else 403."""
    if code == ALL:
        if user.role != "admin":
            raise HTTPException(403, "Only an admin sees every learner at once; open one of your classes.")
        return ClassView(ALL, "Everyone", None)
    found = next((c for c in _classes(request, user) if c.code == code), None)
    if found is None:
        raise HTTPException(403, f"You do not teach a class called {code!r}.")
    roster = (
        select(User.username).join(Enrolment, Enrolment.user_id == User.id)
        .join(Section, Section.id == Enrolment.class_id).where(Section.code == code)
    )
    return ClassView(found.code, found.title or found.code, roster, found.join_code)


def _page(request: Request, template: str, cls: ClassView, tab: str, **context) -> Response:
    return render(request, template, {"cls": cls, "tab": tab, **context})


@router.get("")
def classes_page(request: Request, user: accounts.User = Depends(teacher)) -> Response:
    return render(request, "teach/classes.html", {"classes": _classes(request, user), "admin": user.role == "admin"})


@router.get("/{code}")
def overview(request: Request, page: int = 1, cls: ClassView = Depends(the_class)) -> Response:
    """Mastery per module and per skill, PAGE_SIZE students a page (in username order), and the results."""
    # a class's rows are its roster, students who have not started yet included
    if cls.code == ALL:
        everyone = reports.learners_seen(store(request))
    else:
        everyone = [u.username for u in accounts.users_in_class(store(request), cls.code)]
    pages = max(1, -(-len(everyone) // PAGE_SIZE))
    page = min(max(page, 1), pages)
    shown = everyone[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
    grid = reports.mastery_grid(store(request), shown)
    return _page(request, "teach/overview.html", cls, "progress", grid=grid, page=page, pages=pages,
                 students=len(everyone), class_mastery=reports.class_mastery(store(request), cls.learners),
                 items=reports.item_summary(store(request), cls.learners))


@router.get("/{code}/questions")
def questions_page(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    from mvcalc.exercises import registry

    stats = reports.question_stats(store(request), cls.learners)
    titles = {g.id: g.META.title for g in registry.all_generators()}
    return _page(request, "teach/questions.html", cls, "questions", stats=stats, titles=titles)


@router.get("/{code}/mistakes")
def mistakes_page(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    mistakes = reports.common_mistakes(store(request), cls.learners, limit=50)
    return _page(request, "teach/mistakes.html", cls, "mistakes", mistakes=mistakes)


@router.get("/{code}/students/{username}")
def student_page(request: Request, username: str, cls: ClassView = Depends(the_class)) -> Response:
    if cls.code != ALL and username not in {u.username for u in accounts.users_in_class(store(request), cls.code)}:
        raise HTTPException(404, f"{username!r} is not a student of {cls.code!r}.")
    events = reports.timeline(store(request), username)
    summary = progress.summary(store(request), username, course(request))
    return _page(request, "teach/student.html", cls, "students", student=username, events=events, summary=summary)


def _book(request: Request, cls: ClassView):
    return gradebook(store(request), None if cls.code == ALL else cls.code)


@router.get("/{code}/gradebook")
def gradebook_page(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    return _page(request, "teach/gradebook.html", cls, "gradebook", book=_book(request, cls))


@router.get("/{code}/gradebook.csv")
def gradebook_csv(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    return Response(
        _book(request, cls).to_csv(), media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="gradebook-{cls.code}.csv"'},
    )


@router.get("/{code}/gradebook.json")
def gradebook_json(request: Request, cls: ClassView = Depends(the_class)) -> Response:
    return JSONResponse(_book(request, cls).to_dict())
