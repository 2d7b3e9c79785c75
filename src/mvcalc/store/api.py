"""`Store`: the learner's progress in one database (SQLite by default, any SQLAlchemy URL).

Every write is one transaction that is committed before the method returns,
so a caller that records an attempt and then shows the verdict never shows a
verdict that was not saved. The schema is brought up to date by Alembic on
first use (`migrate()`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Integer, create_engine, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from mvcalc.exercises import mastery as bkt
from mvcalc.store.models import AssessmentResult, AssignmentResult, Attempt, SkillMastery, now

LOCAL = "local"
ENV_URL = "MVCALC_DATABASE_URL"


def default_url() -> str:
    """`MVCALC_DATABASE_URL` if set, else a SQLite file in the user's data directory."""
    url = os.environ.get(ENV_URL, "").strip()
    if url:
        return url
    folder = Path(user_data_dir("mvcalc", appauthor=False))
    return f"sqlite:///{folder / 'mvcalc.sqlite3'}"


def _grade_fields(grade: Any) -> dict:
    """status/score/message/diagnosis from a Grade or a dict shaped like Grade.to_dict()."""
    data = grade.to_dict() if hasattr(grade, "to_dict") else dict(grade)
    diagnosis = data.get("diagnosis")
    if isinstance(diagnosis, dict):
        diagnosis = diagnosis.get("rule")
    return {
        "status": str(data["status"]),
        "score": float(data.get("score", 1.0 if data["status"] == "correct" else 0.0)),
        "message": str(data.get("message", "")),
        "diagnosis": diagnosis,
    }


def _question_info(question_id: str) -> tuple[tuple[str, ...], str, int]:
    """(skills, answer kind, number of options) of a generator; nothing if it is unknown."""
    from mvcalc.exercises import registry

    try:
        meta = registry.get(question_id).META
    except KeyError:
        return (), "expression", 0
    return meta.skills, meta.kind, (4 if meta.kind in ("choice", "graph", "multichoice") else 0)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


class Store:
    """The progress store. `Store()` uses `default_url()`; `Store("sqlite://")` is in memory."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        if self.url.startswith("sqlite:///") and not self.url.startswith("sqlite:////:memory:"):
            path = self.url[len("sqlite:///") :].split("?", 1)[0]
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
        kwargs: dict[str, Any] = {}
        if self.url.startswith("sqlite"):
            kwargs["connect_args"] = {"check_same_thread": False}
            if self.url in ("sqlite://", "sqlite:///:memory:"):
                from sqlalchemy.pool import StaticPool

                kwargs["poolclass"] = StaticPool
        self.engine: Engine = create_engine(self.url, **kwargs)
        self._session = sessionmaker(self.engine, expire_on_commit=False)
        self._migrated = False

    # ------------------------------------------------------------ schema

    def _alembic(self) -> Config:
        here = resources.files("mvcalc.store")
        cfg = Config(str(here.joinpath("alembic.ini")))
        cfg.set_main_option("script_location", str(here.joinpath("migrations")))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema up to `revision` (Alembic upgrade; idempotent)."""
        cfg = self._alembic()
        with self.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, revision)
        self._migrated = True

    def downgrade(self, revision: str = "base") -> None:
        """Take the schema down to `revision` (for tests and for undoing a release)."""
        cfg = self._alembic()
        with self.engine.begin() as connection:
            cfg.attributes["connection"] = connection
            command.downgrade(cfg, revision)
        self._migrated = False

    def session(self) -> Session:
        if not self._migrated:
            self.migrate()
        return self._session()

    # ------------------------------------------------------------ writes

    def record_attempt(
        self,
        learner: str,
        question_id: str,
        set_id: str,
        seed: int,
        answer_text: str,
        grade: Any,
        hints_used: int = 0,
        elapsed_ms: int | None = None,
        *,
        skills: Iterable[str] | None = None,
    ) -> int:
        """Save one attempt and update the learner's mastery of its skills, in one transaction.

        `grade` is a `mvcalc.exercises.Grade` (or its `to_dict()`). Returns the attempt's id.
        Invalid answers are recorded but are no evidence for mastery.
        """
        fields = _grade_fields(grade)
        known_skills, kind, options = _question_info(question_id)
        skills = tuple(skills) if skills is not None else known_skills
        with self.session() as session, session.begin():
            attempt = Attempt(
                learner=learner or LOCAL,
                question_id=question_id,
                set_id=set_id or "",
                seed=int(seed),
                answer_text=answer_text or "",
                hints_used=int(hints_used or 0),
                elapsed_ms=None if elapsed_ms is None else int(elapsed_ms),
                created_at=now(),
                **fields,
            )
            session.add(attempt)
            evidence = fields["status"] in bkt.EVIDENCE
            for skill in skills if evidence else ():
                row = session.get(SkillMastery, (learner or LOCAL, skill))
                new = bkt.observe(row.p_known if row else None, fields["status"], kind, options, hints_used)
                if row is None:
                    row = SkillMastery(learner=learner or LOCAL, skill=skill, p_known=new, observations=0)
                    session.add(row)
                row.p_known = new
                row.observations += 1
                row.updated_at = now()
            session.flush()
            return attempt.id

    def record_assessment(
        self, learner: str, assessment_id: str, score: float, passed: bool, answers: list | None = None
    ) -> int:
        """Save a finished graded quiz (score in [0, 1]); returns its id."""
        with self.session() as session, session.begin():
            row = AssessmentResult(
                learner=learner or LOCAL,
                assessment_id=assessment_id,
                score=float(score),
                passed=bool(passed),
                answers=list(answers or []),
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return row.id

    def record_assignment(self, learner: str, name: str, passed: bool, details: dict | None = None) -> int:
        """Save one run of an assignment checker; returns its id."""
        with self.session() as session, session.begin():
            row = AssignmentResult(
                learner=learner or LOCAL, name=name, passed=bool(passed), details=dict(details or {}),
                created_at=now(),
            )
            session.add(row)
            session.flush()
            return row.id

    # ------------------------------------------------------------ reads

    def attempts(
        self,
        learner: str | None = LOCAL,
        *,
        question_id: str | None = None,
        set_id: str | None = None,
        limit: int = 100,
    ) -> list[dict]:
        """Recent attempts, newest first (learner=None: every learner)."""
        query = select(Attempt).order_by(Attempt.id.desc()).limit(limit)
        if learner is not None:
            query = query.where(Attempt.learner == learner)
        if question_id:
            query = query.where(Attempt.question_id == question_id)
        if set_id:
            query = query.where(Attempt.set_id == set_id)
        with self.session() as session:
            return [
                {
                    "id": a.id,
                    "learner": a.learner,
                    "question_id": a.question_id,
                    "set_id": a.set_id,
                    "seed": a.seed,
                    "answer_text": a.answer_text,
                    "status": a.status,
                    "score": a.score,
                    "diagnosis": a.diagnosis,
                    "message": a.message,
                    "hints_used": a.hints_used,
                    "elapsed_ms": a.elapsed_ms,
                    "created_at": _iso(a.created_at),
                }
                for a in session.scalars(query)
            ]

    def assessments(self, learner: str = LOCAL, assessment_id: str | None = None) -> list[dict]:
        """Finished graded quizzes, newest first."""
        query = select(AssessmentResult).where(AssessmentResult.learner == learner)
        if assessment_id:
            query = query.where(AssessmentResult.assessment_id == assessment_id)
        with self.session() as session:
            return [
                {
                    "id": r.id,
                    "assessment_id": r.assessment_id,
                    "score": r.score,
                    "passed": r.passed,
                    "answers": r.answers,
                    "created_at": _iso(r.created_at),
                }
                for r in session.scalars(query.order_by(AssessmentResult.id.desc()))
            ]

    def assignments(self, learner: str = LOCAL) -> list[dict]:
        """Assignment checker runs, newest first."""
        query = select(AssignmentResult).where(AssignmentResult.learner == learner)
        with self.session() as session:
            return [
                {"id": r.id, "name": r.name, "passed": r.passed, "details": r.details,
                 "created_at": _iso(r.created_at)}
                for r in session.scalars(query.order_by(AssignmentResult.id.desc()))
            ]

    def mastery(self, learner: str = LOCAL) -> dict[str, float]:
        """P(known) per skill the learner has practised."""
        with self.session() as session:
            rows = session.scalars(select(SkillMastery).where(SkillMastery.learner == learner))
            return {r.skill: r.p_known for r in rows}

    def last_activity(self, learner: str = LOCAL) -> dict | None:
        """The learner's latest attempt (question, set, seed, when) for "continue where you left off"."""
        found = self.attempts(learner, limit=1)
        if not found:
            return None
        a = found[0]
        return {k: a[k] for k in ("question_id", "set_id", "seed", "status", "created_at")}

    def progress(self, learner: str = LOCAL) -> list[dict]:
        """Per module: each set's attempts, right answers, last time; assessments' best score."""
        from mvcalc.exercises import registry

        with self.session() as session:
            per_set = {
                set_id: (n, right, last)
                for set_id, n, right, last in session.execute(
                    select(
                        Attempt.set_id,
                        func.count(Attempt.id),
                        func.sum(func.coalesce(Attempt.score, 0.0)),
                        func.max(Attempt.created_at),
                    )
                    .where(Attempt.learner == learner, Attempt.status != "invalid")
                    .group_by(Attempt.set_id)
                )
            }
            best = {
                aid: (score, passed, count)
                for aid, score, passed, count in session.execute(
                    select(
                        AssessmentResult.assessment_id,
                        func.max(AssessmentResult.score),
                        func.max(AssessmentResult.passed.cast(Integer)),
                        func.count(AssessmentResult.id),
                    )
                    .where(AssessmentResult.learner == learner)
                    .group_by(AssessmentResult.assessment_id)
                )
            }
        skills = self.mastery(learner)
        modules: dict[int, dict] = {}
        for info in registry.sets():
            n, right, last = per_set.get(info.id, (0, 0.0, None))
            entry = {
                "id": info.id,
                "title": info.title,
                "graded": info.graded,
                "attempts": int(n),
                "score": float(right or 0.0),
                "last": _iso(last) if isinstance(last, datetime) else last,
            }
            set_skills = {s for g in info.generators for s in registry.get(g).META.skills}
            known = [skills[s] for s in set_skills if s in skills]
            entry["mastery"] = sum(known) / len(set_skills) if set_skills and known else 0.0
            if info.graded:
                score, passed, count = best.get(info.id, (None, None, 0))
                entry.update(best_score=score, passed=bool(passed), tries=int(count))
            module = modules.setdefault(info.module, {"module": info.module, "sets": []})
            module["sets"].append(entry)
        for module in modules.values():
            sets_ = module["sets"]
            module["attempts"] = sum(s["attempts"] for s in sets_)
            module["mastery"] = sum(s["mastery"] for s in sets_) / len(sets_)
            module["assessments_passed"] = sum(1 for s in sets_ if s.get("passed"))
        return [modules[k] for k in sorted(modules)]

    def class_overview(self, limit: int = 10) -> dict:
        """For instructors: the most attempted and most missed questions and the commonest mistakes."""
        with self.session() as session:
            questions = [
                {
                    "question_id": qid,
                    "attempts": int(n),
                    "learners": int(people),
                    "correct_rate": float(right or 0) / n if n else 0.0,
                }
                for qid, n, people, right in session.execute(
                    select(
                        Attempt.question_id,
                        func.count(Attempt.id),
                        func.count(func.distinct(Attempt.learner)),
                        func.sum(func.coalesce((Attempt.status == "correct").cast(Integer), 0)),
                    )
                    .where(Attempt.status != "invalid")
                    .group_by(Attempt.question_id)
                    .order_by(func.count(Attempt.id).desc())
                    .limit(limit)
                )
            ]
            diagnoses = [
                {"diagnosis": rule, "question_id": qid, "count": int(n)}
                for rule, qid, n in session.execute(
                    select(Attempt.diagnosis, Attempt.question_id, func.count(Attempt.id))
                    .where(Attempt.diagnosis.is_not(None))
                    .group_by(Attempt.diagnosis, Attempt.question_id)
                    .order_by(func.count(Attempt.id).desc())
                    .limit(limit)
                )
            ]
            learners = session.scalar(select(func.count(func.distinct(Attempt.learner)))) or 0
        hardest = sorted(questions, key=lambda q: q["correct_rate"])
        return {"learners": int(learners), "questions": questions, "hardest": hardest, "diagnoses": diagnoses}


_default: Store | None = None


def default_store() -> Store:
    """The store at `default_url()`, created once per process."""
    global _default
    if _default is None or _default.url != default_url():
        _default = Store()
    return _default


def record_assignment(name: str, passed: bool, details: dict | None = None) -> int:
    """Record an assignment checker run for the local learner in the default store."""
    return default_store().record_assignment(LOCAL, name, passed, details)
