"""What an instructor reads about a class, as SQL over the progress tables.

Every function takes a `Store` and `learners`: the class (a list of learner names,
or a SQL select of them, e.g. a class's roster), or None for everyone in the store.
Aggregation happens in the database (GROUP BY, window functions), so a class of
hundreds costs a handful of queries, not one per student.

A *variant* is one (learner, question generator, seed): practice keeps the seed
while the learner retries, so "attempts until correct" counts the answers given to
one variant up to its first right one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, case, func, literal_column, select
from sqlalchemy.sql import Select

from mvcalc.store.api import Store
from mvcalc.store.models import AssessmentResult, AssignmentResult, Attempt, SkillMastery

Learners = Iterable[str] | Select | None
HISTOGRAM_CAP = 5  # attempts-until-correct buckets: 1, 2, 3, 4, "5 or more"


def _who(column, learners: Learners):
    """The WHERE clause that keeps the class's rows (None: no restriction)."""
    if learners is None:
        return None
    if isinstance(learners, Select):
        return column.in_(learners)
    return column.in_(sorted(set(learners)))


def _where(query, column, learners: Learners):
    clause = _who(column, learners)
    return query if clause is None else query.where(clause)


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


# ------------------------------------------------------------------ course structure


def skill_map() -> list[dict]:
    """Every skill of the bank in course order, with the module and sets that practise it."""
    from mvcalc.exercises import registry

    seen: dict[str, dict] = {}
    for info in registry.sets():
        for gen_id in info.generators:
            for skill in registry.get(gen_id).META.skills:
                entry = seen.setdefault(skill, {"skill": skill, "module": info.module, "sets": []})
                if info.id not in entry["sets"]:
                    entry["sets"].append(info.id)
    return list(seen.values())


def module_mastery(p_known: dict[str, float], started: Iterable[str] = ()) -> dict[int, float]:
    """Mastery per module from P(known) per skill and the practice sets the learner has answered in,
    by the course's progress model (`mvcalc.course.progress.mastery_by_module`), as the learner's
    own pages show it; a module with no set started counts 0 here (`modules_not_started` names them)."""
    return {m: value or 0.0 for m, value in _module_mastery(p_known, started).items()}


def modules_not_started(p_known: dict[str, float], started: Iterable[str] = ()) -> list[int]:
    """The modules whose mastery the learner's own pages show as "not started" (no practice set answered)."""
    return [m for m, value in _module_mastery(p_known, started).items() if value is None]


def _module_mastery(p_known: dict[str, float], started: Iterable[str]) -> dict[int, float | None]:
    from mvcalc.course.progress import mastery_by_module
    from mvcalc.exercises import registry

    return mastery_by_module(registry.sets(), p_known, set(started))


# ------------------------------------------------------------------ queries


def learners_seen(store: Store, learners: Learners = None) -> list[str]:
    """Every learner with at least one attempt or result, sorted."""
    names: set[str] = set()
    with store.session() as session:
        for model in (Attempt, AssessmentResult, AssignmentResult, SkillMastery):
            names.update(session.scalars(_where(select(model.learner).distinct(), model.learner, learners)))
    return sorted(names)


def mastery_grid(store: Store, learners: Learners = None) -> dict:
    """The heatmap: P(known) for each learner × skill, and mastery per module per learner (`module_mastery`).

    Returns {"skills": [{skill, module, sets}], "learners": [...], "cells": {learner: {skill: p}},
    "modules": {learner: {module: mastery}} (0 for a module not started), "not_started": {learner: [module]}
    (shown as "not started", as on the learner's own pages), "class": {skill: mean over learners with a value}}.
    """
    skills = skill_map()
    cells: dict[str, dict[str, float]] = defaultdict(dict)
    with store.session() as session:
        query = _where(select(SkillMastery.learner, SkillMastery.skill, SkillMastery.p_known),
                       SkillMastery.learner, learners)
        for who, skill, p in session.execute(query):
            cells[who][skill] = float(p)
        started: dict[str, set[str]] = defaultdict(set)
        query = _where(select(Attempt.learner, Attempt.set_id).where(Attempt.status != "invalid").distinct(),
                       Attempt.learner, learners)
        for who, set_id in session.execute(query):
            started[who].add(set_id)
        known_skills = {s["skill"] for s in skills}
        averages = {
            skill: float(avg)
            for skill, avg in session.execute(
                _where(select(SkillMastery.skill, func.avg(SkillMastery.p_known)), SkillMastery.learner, learners)
                .group_by(SkillMastery.skill)
            )
        }
    names = sorted(set(cells) | (set(learners) if isinstance(learners, (list, tuple, set, frozenset)) else set()))
    extra = sorted({s for row in cells.values() for s in row} - known_skills)
    skills += [{"skill": s, "module": 0, "sets": []} for s in extra]
    return {
        "skills": skills,
        "learners": names,
        "cells": {n: dict(cells.get(n, {})) for n in names},
        "modules": {n: module_mastery(cells.get(n, {}), started.get(n, ())) for n in names},
        "not_started": {n: modules_not_started(cells.get(n, {}), started.get(n, ())) for n in names},
        "class": averages,
    }


def class_mastery(store: Store, learners: Learners = None) -> list[dict]:
    """Per skill, in course order: how many learners practised it and their mean P(known)."""
    with store.session() as session:
        found = {
            skill: (int(n), float(avg))
            for skill, n, avg in session.execute(
                _where(select(SkillMastery.skill, func.count(), func.avg(SkillMastery.p_known)),
                       SkillMastery.learner, learners).group_by(SkillMastery.skill)
            )
        }
    return [{**s, "learners": found.get(s["skill"], (0, 0.0))[0], "mean": found[s["skill"]][1] if s["skill"] in found else None}
            for s in skill_map()]


def question_stats(store: Store, learners: Learners = None) -> list[dict]:
    """Per question generator: attempts, learners, variants, share right at the first try, and the
    histogram of attempts until the first right answer (1, 2, …, HISTOGRAM_CAP or more, never).

    One statement: a window numbers each variant's answers, a GROUP BY per variant finds its first
    right one, and a GROUP BY per generator counts the buckets as columns.
    Invalid answers (unreadable input) are left out: they say nothing about the mathematics.
    """
    base = _where(
        select(Attempt.id, Attempt.question_id, Attempt.learner, Attempt.seed, Attempt.status)
        .where(Attempt.status != "invalid"),
        Attempt.learner, learners,
    ).subquery()
    ranked = select(
        base.c.question_id, base.c.learner, base.c.seed, base.c.status,
        func.row_number()
        .over(partition_by=(base.c.learner, base.c.question_id, base.c.seed), order_by=base.c.id)
        .label("n"),
    ).subquery()
    right = (ranked.c.status == "correct").cast(Integer)
    variants = (
        select(
            ranked.c.question_id, ranked.c.learner,
            func.min(case((ranked.c.status == "correct", ranked.c.n))).label("until"),
            func.count().label("answers"),
            func.sum(right).label("right"),
        )
        .group_by(ranked.c.question_id, ranked.c.learner, ranked.c.seed)
        .subquery()
    )
    until = variants.c.until
    buckets = [
        func.sum(case((until == k, 1), else_=0)) for k in range(1, HISTOGRAM_CAP)
    ] + [func.sum(case((until >= HISTOGRAM_CAP, 1), else_=0)), func.sum(case((until.is_(None), 1), else_=0))]
    query = select(
        variants.c.question_id, func.sum(variants.c.answers), func.count(func.distinct(variants.c.learner)),
        func.sum(variants.c.right), func.count(), *buckets,
    ).group_by(variants.c.question_id)
    with store.session() as session:
        rows = session.execute(query).all()
    out = []
    labels = [str(k) for k in range(1, HISTOGRAM_CAP)] + [f"{HISTOGRAM_CAP}+", "not yet"]
    keys = list(range(1, HISTOGRAM_CAP + 1)) + [None]
    for qid, answers, people, right_n, variants_n, *counts in rows:
        counts = [int(c or 0) for c in counts]
        out.append({
            "question_id": qid,
            "attempts": int(answers),
            "learners": int(people),
            "correct": int(right_n or 0),
            "variants": int(variants_n),
            "first_try": counts[0] / variants_n if variants_n else 0.0,
            "histogram": [{"attempts": k, "label": label, "variants": c}
                          for k, label, c in zip(keys, labels, counts, strict=True)],
        })
    order = _course_order()
    return sorted(out, key=lambda q: (order.get(q["question_id"], len(order)), q["question_id"]))


def _course_order() -> dict[str, int]:
    from mvcalc.exercises import registry

    return {g.id: i for i, g in enumerate(registry.all_generators())}


def common_mistakes(store: Store, learners: Learners = None, limit: int = 20) -> list[dict]:
    """The diagnosed mistakes, most widespread first: per buggy rule, how many learners made it,
    how often, on which questions, and one example answer with its message (the latest)."""
    from mvcalc.exercises.mistakes import label

    filtered = _where(select(Attempt).where(Attempt.diagnosis.is_not(None)), Attempt.learner, learners).subquery()
    with store.session() as session:
        groups = session.execute(
            select(
                filtered.c.diagnosis,
                func.count(func.distinct(filtered.c.learner)).label("learners"),
                func.count().label("attempts"),
                func.count(func.distinct(filtered.c.question_id)).label("questions"),
                func.max(filtered.c.id).label("example"),
            )
            .group_by(filtered.c.diagnosis)
            .order_by(literal_column("learners").desc(), literal_column("attempts").desc(), filtered.c.diagnosis)
            .limit(limit)
        ).all()
        ids = [g.example for g in groups]
        examples = {a.id: a for a in session.scalars(select(Attempt).where(Attempt.id.in_(ids)))} if ids else {}
        rules = [g.diagnosis for g in groups]
        where = defaultdict(list)
        if rules:
            for rule, qid, n in session.execute(
                select(filtered.c.diagnosis, filtered.c.question_id, func.count())
                .where(filtered.c.diagnosis.in_(rules))
                .group_by(filtered.c.diagnosis, filtered.c.question_id)
                .order_by(func.count().desc())
            ):
                where[rule].append({"question_id": qid, "attempts": int(n)})
    out = []
    for g in groups:
        example = examples[g.example]
        out.append({
            "diagnosis": g.diagnosis,
            "label": label(g.diagnosis),
            "learners": int(g.learners),
            "attempts": int(g.attempts),
            "questions": where[g.diagnosis],
            "example": {
                "question_id": example.question_id,
                "seed": example.seed,
                "answer": example.answer_text,
                "message": example.message,
                "learner": example.learner,
                "created_at": _iso(example.created_at),
            },
        })
    return out


def timeline(store: Store, learner: str, limit: int = 500) -> list[dict]:
    """One learner's attempts, assessment results and assignment runs, newest first."""
    with store.session() as session:
        attempts = [
            {"kind": "attempt", "when": a.created_at, "question_id": a.question_id, "set_id": a.set_id,
             "seed": a.seed, "answer": a.answer_text, "status": a.status, "score": a.score,
             "diagnosis": a.diagnosis, "message": a.message, "hints_used": a.hints_used}
            for a in session.scalars(
                select(Attempt).where(Attempt.learner == learner).order_by(Attempt.id.desc()).limit(limit)
            )
        ]
        quizzes = [
            {"kind": "assessment", "when": r.created_at, "set_id": r.assessment_id, "score": r.score,
             "passed": r.passed}
            for r in session.scalars(
                select(AssessmentResult).where(AssessmentResult.learner == learner)
                .order_by(AssessmentResult.id.desc()).limit(limit)
            )
        ]
        runs = [
            {"kind": "assignment", "when": r.created_at, "name": r.name, "passed": r.passed,
             "score": assignment_score(r.passed, r.details)}
            for r in session.scalars(
                select(AssignmentResult).where(AssignmentResult.learner == learner)
                .order_by(AssignmentResult.id.desc()).limit(limit)
            )
        ]
    events = sorted(attempts + quizzes + runs, key=lambda e: _aware(e["when"]), reverse=True)[:limit]
    for e in events:
        e["when"] = _aware(e["when"]).isoformat()  # UTC, with its offset (the page shows local time)
    return events


def _aware(value: datetime) -> datetime:
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


def assignment_score(passed: bool, details: dict | None) -> float:
    """A checker run's score: the share of the assignment's functions that passed (or 1/0)."""
    functions = (details or {}).get("functions") if isinstance(details, dict) else None
    if isinstance(functions, dict) and functions:
        return sum(1 for f in functions.values() if isinstance(f, dict) and f.get("passed")) / len(functions)
    return 1.0 if passed else 0.0


def assessment_results(store: Store, learners: Learners = None) -> dict[str, dict[str, dict]]:
    """learner -> assessment id -> {best, passed, tries, best_at, first_at} (best score, when it was set)."""
    best_score = (
        _where(
            select(
                AssessmentResult.learner,
                AssessmentResult.assessment_id,
                func.max(AssessmentResult.score).label("best"),
                func.max(AssessmentResult.passed.cast(Integer)).label("passed"),
                func.count().label("tries"),
                func.min(AssessmentResult.created_at).label("first_at"),
            ),
            AssessmentResult.learner,
            learners,
        )
        .group_by(AssessmentResult.learner, AssessmentResult.assessment_id)
        .subquery()
    )
    # when the best score was first reached: the earliest result with that score
    best_at = (
        select(
            best_score.c.learner, best_score.c.assessment_id, best_score.c.best, best_score.c.passed,
            best_score.c.tries, best_score.c.first_at, func.min(AssessmentResult.created_at),
        )
        .join(
            AssessmentResult,
            (AssessmentResult.learner == best_score.c.learner)
            & (AssessmentResult.assessment_id == best_score.c.assessment_id)
            & (AssessmentResult.score == best_score.c.best),
        )
        .group_by(best_score.c.learner, best_score.c.assessment_id, best_score.c.best, best_score.c.passed,
                  best_score.c.tries, best_score.c.first_at)
    )
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    with store.session() as session:
        for who, aid, best, passed, tries, first_at, when in session.execute(best_at):
            out[who][aid] = {"best": float(best), "passed": bool(passed), "tries": int(tries),
                             "best_at": _aware(when), "first_at": _aware(first_at)}
    return dict(out)


def assignment_results(store: Store, learners: Learners = None) -> dict[str, dict[str, dict]]:
    """learner -> assignment name -> {best, passed, runs, best_at} over the checker's runs."""
    query = _where(
        select(AssignmentResult.learner, AssignmentResult.name, AssignmentResult.passed,
               AssignmentResult.details, AssignmentResult.created_at),
        AssignmentResult.learner, learners,
    ).order_by(AssignmentResult.id)
    out: dict[str, dict[str, dict]] = defaultdict(dict)
    with store.session() as session:
        for who, name, passed, details, when in session.execute(query):
            score = assignment_score(passed, details)
            entry = out[who].setdefault(name, {"best": -1.0, "passed": False, "runs": 0, "best_at": None})
            entry["runs"] += 1
            entry["passed"] = entry["passed"] or bool(passed)
            if score > entry["best"]:
                entry.update(best=score, best_at=_aware(when))
    return dict(out)


def item_summary(store: Store, learners: Learners = None) -> list[dict]:
    """Per graded assessment and assignment: learners who tried, who passed, mean best score."""
    from mvcalc.assignments import registry as assignments
    from mvcalc.exercises import registry

    quizzes = assessment_results(store, learners)
    runs = assignment_results(store, learners)
    items = [("assessment", s.id, s.title) for s in registry.sets() if s.graded]
    items += [("assignment", a.name, a.title) for a in assignments.all_assignments().values()]
    out = []
    for kind, item_id, title in items:
        source = quizzes if kind == "assessment" else runs
        rows = [per[item_id] for per in source.values() if item_id in per]
        out.append({
            "kind": kind, "id": item_id, "title": title, "learners": len(rows),
            "passed": sum(1 for r in rows if r["passed"]),
            "mean_best": sum(r["best"] for r in rows) / len(rows) if rows else None,
        })
    return out
