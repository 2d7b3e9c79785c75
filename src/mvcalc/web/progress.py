"""The learner's progress for the pages that show it: the course's one progress model
(`mvcalc.course.progress.summarise`) over what the store holds about the learner, now."""

from __future__ import annotations

from datetime import UTC, datetime

from mvcalc.course.model import Course
from mvcalc.course.progress import History, Summary, summarise
from mvcalc.exercises import registry as bank
from mvcalc.store.api import Store


def summary(store: Store, learner: str, course: Course, now: datetime | None = None) -> Summary:
    """The summary the home page, the module pages and the instructor's student page show."""
    history = History.from_rows(store.history(learner))
    return summarise(course, bank.sets(), history, now or datetime.now(UTC))
