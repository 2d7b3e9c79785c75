"""The learner's progress through the course: one pure function, `summarise(course, sets, history, now)`,
read by the home and module pages, `mvcalc progress`, `mvcalc practice` and the instructor's views.

The rules, in one place:
- a lesson is *read* when it is in `History.reads` or an answer was given on its own page (with
  one of its practice blocks' seeds); *practised* when each of its practice sets has an answer
  (invalid ones aside); *done* when both;
- a practice set is *started* once it has an answer; its mastery (the mean P(known) of its skills,
  a skill without an estimate counting 0) exists only then: before, it is "not started";
- a module's mastery is the mean over its practice sets, a set not started counting 0; none until
  one of them is started; a module counts assessments only if it has some;
- *due for review*: the skills whose FSRS due date has come (`mvcalc.exercises.review`), each with a
  fresh variant to practise (`mvcalc.exercises.selection.review_picks`, seeded by the skill and its
  number of reviews, so a page shows the same question until the learner answers it);
- *next* ("continue"): the first unfinished item in course order (a lesson not done, a practice set
  that no lesson holds and is not started, an assessment not passed); once everything is finished,
  the skill most overdue for review.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from mvcalc.course.model import Course, Lesson
from mvcalc.exercises import review
from mvcalc.exercises.mastery import MASTERED
from mvcalc.exercises.review import Answer, utc

NOT_ANSWERS = ("invalid",)  # statuses that are not an attempt at the maths


@dataclass(frozen=True)
class Result:
    """One finished assessment."""

    assessment_id: str
    score: float
    passed: bool
    created_at: datetime


@dataclass(frozen=True)
class History:
    """Everything the summary reads about one learner."""

    answers: tuple[Answer, ...] = ()
    results: tuple[Result, ...] = ()
    mastery: Mapping[str, float] = field(default_factory=dict)
    reads: frozenset[str] = frozenset()

    @classmethod
    def from_rows(cls, rows: Mapping[str, Any]) -> History:
        """From `Store.history()`'s plain rows. An answer without `solution_viewed` (not recorded
        by that store) counts as solution not viewed."""
        answers = tuple(
            Answer(
                question_id=a["question_id"], set_id=a.get("set_id") or "", seed=int(a["seed"]),
                status=a["status"], created_at=utc(a["created_at"]), hints_used=int(a.get("hints_used") or 0),
                elapsed_ms=a.get("elapsed_ms"), solution_viewed=bool(a.get("solution_viewed", False)),
            )
            for a in rows.get("answers", ())
        )
        results = tuple(
            Result(r["assessment_id"], float(r["score"]), bool(r["passed"]), utc(r["created_at"]))
            for r in rows.get("results", ())
        )
        return cls(answers, results, dict(rows.get("mastery", {})), frozenset(rows.get("reads", ())))


@dataclass(frozen=True)
class LessonProgress:
    id: str
    title: str
    url: str
    sets: tuple[str, ...]
    read: bool
    practised: bool

    @property
    def done(self) -> bool:
        return self.read and self.practised

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "sets": list(self.sets), "read": self.read,
                "practised": self.practised, "done": self.done}


@dataclass(frozen=True)
class SetProgress:
    id: str
    title: str
    answers: int
    right: int
    mastery: float | None  # None until the set has an answer
    last: datetime | None
    in_lesson: bool

    @property
    def url(self) -> str:
        return f"/practice/{self.id}"

    @property
    def started(self) -> bool:
        return self.answers > 0

    @property
    def status(self) -> str:
        if self.mastery is None:
            return "not started"
        return "mastered" if self.mastery >= MASTERED else "started"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "answers": self.answers, "right": self.right,
                "status": self.status, "mastery": self.mastery, "last": _iso(self.last)}


@dataclass(frozen=True)
class AssessmentProgress:
    id: str
    title: str
    tries: int
    best_score: float | None
    passed: bool

    @property
    def url(self) -> str:
        return f"/assessments/{self.id}"

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "url": self.url, "tries": self.tries,
                "best_score": self.best_score, "passed": self.passed}


@dataclass(frozen=True)
class ModuleProgress:
    number: int
    title: str
    url: str
    lessons: tuple[LessonProgress, ...]
    sets: tuple[SetProgress, ...]
    assessments: tuple[AssessmentProgress, ...]
    mastery: float | None  # None until one of its practice sets is started

    @property
    def lessons_done(self) -> int:
        return sum(1 for lesson in self.lessons if lesson.done)

    @property
    def sets_started(self) -> int:
        return sum(1 for s in self.sets if s.started)

    @property
    def assessments_passed(self) -> int:
        return sum(1 for a in self.assessments if a.passed)

    def lesson(self, lesson_id: str) -> LessonProgress | None:
        return next((lesson for lesson in self.lessons if lesson.id == lesson_id), None)

    def set(self, set_id: str) -> SetProgress | AssessmentProgress | None:
        found: list[SetProgress | AssessmentProgress] = [*self.sets, *self.assessments]
        return next((s for s in found if s.id == set_id), None)

    def to_dict(self) -> dict:
        return {
            "module": self.number, "title": self.title, "url": self.url,
            "lessons_done": self.lessons_done, "lessons_total": len(self.lessons),
            "sets_started": self.sets_started, "sets_total": len(self.sets),
            "assessments_passed": self.assessments_passed if self.assessments else None,
            "assessments_total": len(self.assessments),
            "mastery": self.mastery,
            "lessons": [lesson.to_dict() for lesson in self.lessons],
            "sets": [s.to_dict() for s in self.sets],
            "assessments": [a.to_dict() for a in self.assessments],
        }


@dataclass(frozen=True)
class DueSkill:
    """A skill due for review, and the fresh variant to review it with."""

    skill: str
    due: datetime
    reviews: int
    question_id: str
    seed: int
    set_id: str
    set_title: str

    @property
    def name(self) -> str:
        return skill_name(self.skill)

    @property
    def url(self) -> str:
        return f"/practice/{self.set_id}?q={self.question_id}&seed={self.seed}"

    def to_dict(self) -> dict:
        return {"skill": self.skill, "name": self.name, "due": _iso(self.due), "reviews": self.reviews,
                "question_id": self.question_id, "seed": self.seed, "set": self.set_id, "url": self.url}


@dataclass(frozen=True)
class Step:
    """Where to carry on: a lesson, a practice set, an assessment, a review, or nothing left."""

    kind: str  # lesson | practice | assessment | review | done
    title: str
    url: str
    module: int | None = None
    set_id: str | None = None  # what `mvcalc practice` runs for this step
    reason: str = ""

    @property
    def command(self) -> str:
        if self.kind == "review":
            return "mvcalc practice"
        return f"mvcalc practice {self.set_id}" if self.set_id else ""

    def to_dict(self) -> dict:
        return {"kind": self.kind, "title": self.title, "url": self.url, "module": self.module,
                "set": self.set_id, "reason": self.reason, "command": self.command}


@dataclass(frozen=True)
class Summary:
    modules: tuple[ModuleProgress, ...]
    next: Step
    due: tuple[DueSkill, ...]
    next_review: datetime | None  # the earliest review not yet due
    now: datetime
    mastery: Mapping[str, float] = field(default_factory=dict)  # P(known) per practised skill

    def module(self, number: int) -> ModuleProgress | None:
        return next((m for m in self.modules if m.number == number), None)

    def to_dict(self) -> dict:
        return {
            "now": _iso(self.now),
            "next": self.next.to_dict(),
            "due": [d.to_dict() for d in self.due],
            "next_review": _iso(self.next_review),
            "modules": [m.to_dict() for m in self.modules],
            "mastery": dict(sorted(self.mastery.items())),
        }


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def skill_name(skill: str) -> str:
    return skill.replace("-", " ")


def set_mastery(skills: Collection[str], p_known: Mapping[str, float]) -> float:
    """The mean P(known) over a set's skills (a skill without an estimate counts 0)."""
    return sum(p_known.get(s, 0.0) for s in skills) / len(skills) if skills else 0.0


def module_mastery(set_values: Sequence[float | None]) -> float | None:
    """A module's mastery from its practice sets' (None: not started, counting 0); None if none started."""
    if all(v is None for v in set_values):
        return None
    return sum(v or 0.0 for v in set_values) / len(set_values)


def mastery_by_module(
    sets: Sequence[Any],
    p_known: Mapping[str, float],
    started: Collection[str],
    skills_of: Callable[[str], Sequence[str]] | None = None,
) -> dict[int, float | None]:
    """Each module's mastery as `summarise` gives it, from P(known) per skill and the ids of the sets
    the learner has answered in (for the instructor's views, which read many learners at once)."""
    skills_of = skills_of or _generator_skills
    per_module: dict[int, list[float | None]] = {}
    for info in sets:
        if not info.graded:
            skills = {k for g in info.generators for k in skills_of(g)}
            value = set_mastery(skills, p_known) if info.id in started else None
            per_module.setdefault(info.module, []).append(value)
    return {m: module_mastery(values) for m, values in sorted(per_module.items())}


def _generator_skills(generator_id: str) -> tuple[str, ...]:
    from mvcalc.exercises import registry

    try:
        return registry.get(generator_id).META.skills
    except KeyError:
        return ()


def _lesson_read(lesson: Lesson, answered: Collection[tuple[str, int]], reads: Collection[str]) -> bool:
    """Read: recorded as read, or answered on its own page (`answered`: the (set, seed) of every answer)."""
    return lesson.id in reads or any((p.set, seed) in answered for p in lesson.practices for seed in p.seeds(lesson.id))


def summarise(
    course: Course,
    sets: Sequence[Any],
    history: History,
    now: datetime,
    skills_of: Callable[[str], Sequence[str]] = _generator_skills,
) -> Summary:
    """The learner's progress at `now`. `sets` are the bank's sets in course order (`registry.sets()`:
    `id`, `module`, `title`, `graded`, `generators`); `skills_of(generator id)` names its skills."""
    now = utc(now)
    answered = [a for a in history.answers if a.status not in NOT_ANSWERS]
    variants = {(a.set_id, a.seed) for a in history.answers}  # even a typo shows the page was open
    by_set: dict[str, list[Answer]] = {}
    for a in answered:
        by_set.setdefault(a.set_id, []).append(a)
    set_skills = {s.id: sorted({k for g in s.generators for k in skills_of(g)}) for s in sets}
    in_lessons = {p.set for lesson in course.lessons for p in lesson.practices}
    results: dict[str, list[Result]] = {}
    for r in history.results:
        results.setdefault(r.assessment_id, []).append(r)

    modules = []
    for module in course.modules:
        practice, assessments = [], []
        for info in (s for s in sets if s.module == module.number):
            mine = by_set.get(info.id, [])
            if info.graded:
                tried = results.get(info.id, [])
                assessments.append(AssessmentProgress(
                    info.id, info.title, len(tried), max((r.score for r in tried), default=None),
                    any(r.passed for r in tried)))
            else:
                practice.append(SetProgress(
                    info.id, info.title, len(mine), sum(1 for a in mine if a.status == "correct"),
                    set_mastery(set_skills[info.id], history.mastery) if mine else None,
                    max((a.created_at for a in mine), default=None), info.id in in_lessons))
        known_sets = {s.id for s in sets}
        lessons = []
        for lesson in module.lessons:
            lesson_sets = tuple(dict.fromkeys(p.set for p in lesson.practices if p.set in known_sets))
            lessons.append(LessonProgress(
                lesson.id, lesson.title, lesson.url, lesson_sets,
                read=_lesson_read(lesson, variants, history.reads),
                practised=all(s in by_set for s in lesson_sets)))
        modules.append(ModuleProgress(
            module.number, module.title, module.url, tuple(lessons), tuple(practice), tuple(assessments),
            module_mastery([s.mastery for s in practice])))

    due, next_review = _due(sets, history, now, skills_of)
    return Summary(tuple(modules), _next(modules, due), tuple(due), next_review, now, dict(history.mastery))


def _due(sets: Sequence[Any], history: History, now: datetime,
         skills_of: Callable[[str], Sequence[str]]) -> tuple[list[DueSkill], datetime | None]:
    """The skills due for review with a fresh variant each, and when the next one falls due."""
    from mvcalc.exercises import registry
    from mvcalc.exercises.selection import review_picks

    reviews = review.schedule(history.answers, skills_of)
    upcoming = [r.due for r in reviews.values() if not r.is_due(now)]
    titles = {s.id: s.title for s in sets}
    practice = [registry.get(g) for s in sets if not s.graded for g in s.generators]
    out: list[DueSkill] = []
    due = review.due(reviews, now)
    seen = {(a.question_id, a.seed) for a in history.answers} if due else set()
    for r in due:
        rng = random.Random(f"{r.skill}:{r.reviews}")
        for skill, gen, seed in review_picks([r.skill], practice, history.mastery, seen, rng):
            out.append(DueSkill(skill, r.due, r.reviews, gen.id, seed, gen.META.set, titles.get(gen.META.set, "")))
    return out, min(upcoming, default=None)


def _next(modules: Sequence[ModuleProgress], due: Sequence[DueSkill]) -> Step:
    for m in modules:
        for lesson in m.lessons:
            if not lesson.done:
                unstarted = [s for s in lesson.sets if not any(p.id == s and p.started for p in m.sets)]
                if lesson.read:
                    reason = "its practice is not started"
                elif unstarted:
                    reason = "not read yet"
                else:
                    reason = "answer one of its questions on the lesson's page to tick it"
                target: str | None = next(iter(unstarted or lesson.sets), None)
                return Step("lesson", lesson.title, lesson.url, m.number, target, reason)
        for s in m.sets:
            if not s.in_lesson and not s.started:
                return Step("practice", s.title, s.url, m.number, s.id, "not started")
        for a in m.assessments:
            if not a.passed:
                return Step("assessment", a.title, a.url, m.number, a.id, "not passed yet" if a.tries else "not taken")
    if due:
        first = due[0]
        return Step("review", f"Review: {first.name}", first.url, None, first.set_id, "due for review")
    return Step("done", "Everything is done", "/", None, None, "nothing left to do and nothing due")
