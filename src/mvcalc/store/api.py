"""`Store`: the learner's progress in one database (SQLite by default, any SQLAlchemy URL).

Every write is one transaction that is committed before the method returns,
so a caller that records an attempt and then shows the verdict never shows a
verdict that was not saved. Every read-modify-write is atomic in the database
(`INSERT ... ON CONFLICT` and row locks; SQLite takes its write lock at BEGIN),
so concurrent workers on SQLite or PostgreSQL lose no update. A database that
cannot be reached or written raises `StoreUnavailable` (see `engine.py`). The
schema is brought up to date by Alembic on first use (`migrate()`).
"""

from __future__ import annotations

import os
import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from platformdirs import user_data_dir
from sqlalchemy import Integer, bindparam, func, insert, select, text, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.orm import Session

from mvcalc.exercises import mastery as bkt
from mvcalc.exercises.reveal import reveal
from mvcalc.store.engine import (
    RECOVERABLE,
    WRITE,
    StoreUnavailable,
    Transactions,
    check_writable,
    connection_of,
    diagnose,
    insert_ignoring_conflicts,
    make_engine,
    ping,
    sqlite_path,
)
from mvcalc.store.models import (
    AssessmentAttempt,
    AssessmentResult,
    AssignmentResult,
    Attempt,
    IssuedQuestion,
    LessonRead,
    SandpitProbe,
    SandpitRound,
    SkillMastery,
    now,
)

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
    """status/score/message/diagnosis from a Grade (or a checker's Verdict) or a dict shaped like
    Grade.to_dict(); a Grade's own fields, not its to_dict(), which prints the diagnosed answer."""
    data = dict(grade) if isinstance(grade, Mapping) else vars(grade)
    diagnosis = data.get("diagnosis")
    if isinstance(diagnosis, dict):
        diagnosis = diagnosis.get("rule")
    elif diagnosis is not None:
        diagnosis = diagnosis.rule
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


def _text(value: str) -> str:
    """Text as both databases keep it: PostgreSQL refuses NUL characters, so they become U+FFFD."""
    return value.replace("\x00", "\ufffd")


def _attempt_row(learner: str, question_id: str, set_id: str, seed: int, answer_text: str, grade: Any,
                 hints_used: int = 0, elapsed_ms: int | None = None, solution_viewed: bool = False) -> dict:
    """The columns of one attempt, with a fresh request key (made once, before any retry)."""
    fields = _grade_fields(grade)
    return {
        "learner": learner or LOCAL,
        "question_id": question_id,
        "set_id": set_id or "",
        "seed": int(seed),
        "answer_text": _text(answer_text or ""),
        "hints_used": int(hints_used or 0),
        "elapsed_ms": None if elapsed_ms is None else int(elapsed_ms),
        "request_key": secrets.token_hex(16),
        "solution_viewed": bool(solution_viewed),
        **fields,
        "message": _text(fields["message"]),
    }


def _add(session: Session, row: Any) -> int:
    session.add(row)
    session.flush()
    return row.id


def _add_attempt(session: Session | Connection, row: dict, skills: tuple[str, ...] | None, hints_used: int,
                 counts: bool = True) -> int:
    """Insert an attempt and observe it in the learner's mastery of its skills (same transaction);
    an attempt that does not count (`counts` false, or given after the solution was seen) moves nothing."""
    known_skills, kind, options = _question_info(row["question_id"])
    attempt_id = connection_of(session).execute(_INSERT_ATTEMPT, {**row, "created_at": now()}).scalar_one()
    if counts and not row.get("solution_viewed") and row["status"] in bkt.EVIDENCE:
        _observe(session, row["learner"], skills if skills is not None else known_skills, row["status"],
                 kind, options, hints_used)
    return attempt_id


def _observe(session: Session | Connection, learner: str, skills: Iterable[str], status: str, kind: str, options: int,
             hints_used: int) -> None:
    """Bayesian knowledge tracing, atomically: make the rows that are missing (ON CONFLICT DO NOTHING),
    then lock them (FOR UPDATE, in one order, so that two writers never deadlock) and update them."""
    skills = sorted(set(skills))
    if not skills:
        return
    stamp = now()
    insert_ignoring_conflicts(
        session, SkillMastery,
        [{"learner": learner, "skill": s, "p_known": bkt.DEFAULT.p_init, "observations": 0, "updated_at": stamp}
         for s in skills],
        ("learner", "skill"),
    )
    connection = connection_of(session)
    rows = connection.execute(_LOCK_MASTERY, {"learner": learner, "skills": skills}).all()
    connection.execute(_UPDATE_MASTERY, [
        {"b_learner": learner, "b_skill": skill, "updated_at": stamp, "observations": observations + 1,
         "p_known": bkt.observe(p_known, status, kind, options, hints_used)}
        for skill, p_known, observations in rows
    ])


# Prepared statements of the hot paths (a practice view, an answer): built once, so that their cache
# keys and compiled forms are kept, and run on the session's connection without the ORM's unit of work.
_ISSUED, _ATTEMPTS, _MASTERY = IssuedQuestion.__table__, Attempt.__table__, SkillMastery.__table__
_INSERT_ATTEMPT = insert(_ATTEMPTS).returning(_ATTEMPTS.c.id)
_LOCK_MASTERY = (
    select(_MASTERY.c.skill, _MASTERY.c.p_known, _MASTERY.c.observations)
    .where(_MASTERY.c.learner == bindparam("learner"), _MASTERY.c.skill.in_(bindparam("skills", expanding=True)))
    .order_by(_MASTERY.c.skill)  # one order, so that two writers never deadlock
    .with_for_update()
)
_UPDATE_MASTERY = (
    update(_MASTERY)
    .where(_MASTERY.c.learner == bindparam("b_learner"), _MASTERY.c.skill == bindparam("b_skill"))
    .values(p_known=bindparam("p_known"), observations=bindparam("observations"), updated_at=bindparam("updated_at"))
)
_ISSUED_OF = select(_ISSUED).where(_ISSUED.c.id == bindparam("key"), _ISSUED.c.learner == bindparam("learner"))
_LOCK_ISSUED = _ISSUED_OF.with_for_update()
# the variant's worked solution seen under another issued id: a variant counts for mastery only
# while its solution is unseen, however it was issued
_SEEN_ELSEWHERE = (
    select(_ISSUED.c.id)
    .where(_ISSUED.c.learner == bindparam("learner"), _ISSUED.c.question_id == bindparam("question_id"),
           _ISSUED.c.seed == bindparam("seed"), _ISSUED.c.solution_viewed.is_(True), _ISSUED.c.id != bindparam("key"))
    .limit(1)
)
_UPDATE_ISSUED = (
    update(_ISSUED)
    .where(_ISSUED.c.id == bindparam("b_id"))
    .values(hints_used=bindparam("hints_used"), wrong_tries=bindparam("wrong_tries"), closed=bindparam("closed"))
)
_ATTEMPT_BY_KEY = select(_ATTEMPTS.c.id).where(_ATTEMPTS.c.request_key == bindparam("request_key"))


# The reads of every practice view, built once (their compiled form and cache key are kept).
_MASTERY_OF = select(SkillMastery.__table__.c.skill, SkillMastery.__table__.c.p_known).where(
    SkillMastery.__table__.c.learner == bindparam("learner"))
_RECENT_ISSUED = (
    select(IssuedQuestion.__table__.c.question_id, IssuedQuestion.__table__.c.seed)
    .where(IssuedQuestion.__table__.c.learner == bindparam("learner"),
           IssuedQuestion.__table__.c.set_id == bindparam("set_id"))
    .order_by(IssuedQuestion.__table__.c.issued_at.desc(), IssuedQuestion.__table__.c.id)
    .limit(bindparam("limit"))
)


def _practice_state(connection, learner: str, set_id: str, limit: int) -> tuple[dict[str, float], list[dict]]:
    """(mastery, the learner's recently issued questions of the set, newest first): two prepared reads."""
    mastery = {skill: p for skill, p in connection.execute(_MASTERY_OF, {"learner": learner})}
    recent = [{"question_id": qid, "seed": seed} for qid, seed in
              connection.execute(_RECENT_ISSUED, {"learner": learner, "set_id": set_id, "limit": limit})]
    return mastery, recent


def _issued_state(row: IssuedQuestion | dict) -> dict:
    """An issued question as the web reads it, from its ORM row or a row of its columns."""
    get = row.get if isinstance(row, dict) else partial(getattr, row)
    return {"id": get("id"), "learner": get("learner"), "set_id": get("set_id"), "question_id": get("question_id"),
            "seed": get("seed"), "issued_at": _iso(get("issued_at")), "wrong_tries": get("wrong_tries"),
            "hints_used": get("hints_used"), "solution_viewed": bool(get("solution_viewed")),
            "closed": bool(get("closed")), "replay": bool(get("replay"))}


def _issued_row(learner: str, set_id: str, question_id: str, seed: int, replay: bool) -> dict:
    return {"id": secrets.token_urlsafe(16), "learner": learner or LOCAL, "set_id": set_id or "",
            "question_id": question_id, "seed": int(seed), "replay": bool(replay), "wrong_tries": 0,
            "hints_used": 0, "solution_viewed": False, "closed": False}


def _locked_issued(session: Session, key: str, learner: str) -> IssuedQuestion:
    """The learner's issued question `key` under a row lock; KeyError if it is not theirs (or unknown)."""
    row = session.scalar(
        select(IssuedQuestion).where(IssuedQuestion.id == key, IssuedQuestion.learner == (learner or LOCAL))
        .with_for_update()
    )
    if row is None:
        raise KeyError(key)
    return row


WRONG = ("incorrect", "partial")  # the statuses that are a wrong try (an unreadable answer is none)


def _assessment_row(learner: str, assessment_id: str, score: float, passed: bool, answers: list | None) -> dict:
    return {"learner": learner or LOCAL, "assessment_id": assessment_id, "score": float(score),
            "passed": bool(passed), "answers": list(answers or []), "created_at": now()}


def _assignment_row(learner: str, name: str, passed: bool, details: dict | None) -> dict:
    return {"learner": learner or LOCAL, "name": name, "passed": bool(passed), "details": dict(details or {}),
            "created_at": now()}


def _round_state(session: Session, row: SandpitRound) -> dict:
    probes = session.scalars(
        select(SandpitProbe).where(SandpitProbe.round_id == row.id).order_by(SandpitProbe.number)
    )
    return {
        "id": row.id, "learner": row.learner, "level": row.level, "mode": row.mode, "strategy": row.strategy,
        "gamma": row.gamma, "seed": row.seed, "replay": row.replay, "status": row.status,
        "created_at": _iso(row.created_at), "finished_at": _iso(row.finished_at),
        "probes": [
            {"number": p.number, "x": p.x, "y": p.y, "depth": p.depth,
             "arrow": None if p.arrow_x is None else (p.arrow_x, p.arrow_y)}
            for p in probes
        ],
    }


class Store:
    """The progress store. `Store()` uses `default_url()`; `Store("sqlite://")` is in memory."""

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        path = sqlite_path(self.url)
        if path is not None:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailable(f"cannot create the folder {path.parent} ({exc.strerror})") from None
        self.engine: Engine = make_engine(self.url)
        self.tx = Transactions(self.engine)
        self._migrated = False
        self._migrating = threading.Lock()

    # ------------------------------------------------------------ schema

    def _alembic(self) -> Config:
        here = resources.files("mvcalc.store")
        cfg = Config(str(here.joinpath("alembic.ini")))
        cfg.set_main_option("script_location", str(here.joinpath("migrations")))
        cfg.set_main_option("sqlalchemy.url", self.url.replace("%", "%%"))
        return cfg

    def _run_alembic(self, action: Callable[[Config], None]) -> None:
        """Alembic on one write transaction: one process migrates while the others wait."""
        cfg = self._alembic()
        check_writable(self.tx.path)
        try:
            with self.engine.execution_options(**{WRITE: True}).begin() as connection:
                if connection.dialect.name == "postgresql":
                    connection.execute(text("SELECT pg_advisory_xact_lock(7215001)"))
                cfg.attributes["connection"] = connection
                action(cfg)
        except RECOVERABLE as exc:
            raise StoreUnavailable(diagnose(exc)[0]) from exc

    def migrate(self, revision: str = "head") -> None:
        """Bring the schema up to `revision` (Alembic upgrade; idempotent).

        A schema already at the head is seen with a read, without the write lock (many processes
        start at once); otherwise one thread of this process migrates and the others wait."""
        with self._migrating:
            if revision == "head" and self._at_head():
                self._migrated = True
                return
            self._run_alembic(lambda cfg: command.upgrade(cfg, revision))
            self._migrated = True

    def _at_head(self) -> bool:
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory.from_config(self._alembic()).get_current_head()
        try:
            with self.engine.connect() as connection:
                return MigrationContext.configure(connection).get_current_revision() == head
        except RECOVERABLE as exc:
            raise StoreUnavailable(diagnose(exc)[0]) from exc

    def downgrade(self, revision: str = "base") -> None:
        """Take the schema down to `revision` (for tests and for undoing a release)."""
        self._run_alembic(lambda cfg: command.downgrade(cfg, revision))
        self._migrated = False

    def ready(self) -> None:
        """Raises `StoreUnavailable` unless the database answers a query now and (a SQLite file)
        can be written: the file, its WAL files and its folder."""
        ping(self.engine)

    def _run(self, work: Callable[[Any, int], Any], *, write: bool, core: bool = False, wait: bool = True) -> Any:
        if not self._migrated:
            self.migrate()
        return self.tx.run(work, write=write, core=core, wait=wait)

    def session(self) -> Session:
        """A plain session (migrated first), for ad-hoc reads."""
        if not self._migrated:
            self.migrate()
        return self.tx.reader()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        """A read session whose database faults come out as `StoreUnavailable`."""
        check_writable(self.tx.path)
        try:
            with self.session() as session:
                yield session
        except (*RECOVERABLE, DisconnectionError) as exc:
            raise StoreUnavailable(diagnose(exc)[0]) from exc

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
        Invalid answers are recorded but are no evidence for mastery. A retry after a lost
        connection finds the attempt if the first try was committed: it is saved once.
        """
        attempt = _attempt_row(learner, question_id, set_id, seed, answer_text, grade, hints_used, elapsed_ms)
        skills = tuple(skills) if skills is not None else None

        def work(session: Session, retry: int) -> int:
            if retry:
                found = session.scalar(select(Attempt.id).where(Attempt.request_key == attempt["request_key"]))
                if found is not None:
                    return found
            return _add_attempt(session, attempt, skills, hints_used)

        return self._run(work, write=True)

    # ------------------------------------------------------------ issued questions

    def issue_question(self, learner: str, set_id: str, question_id: str, seed: int, *, replay: bool = False) -> str:
        """Save a question variant shown to the learner; returns its opaque, unguessable id."""
        return self.issue(learner, set_id, question_id, seed, replay=replay)["id"]

    def issue(self, learner: str, set_id: str, question_id: str, seed: int, *, replay: bool = False,
              wait: bool = True) -> dict:
        """`issue_question`, returning the new question's state (as `issued_question` reads it);
        without `wait`: `WouldWait` rather than waiting (`Transactions.run`)."""
        row = {**_issued_row(learner, set_id, question_id, seed, replay), "issued_at": now()}

        def work(connection: Connection, retry: int) -> dict:
            # one plain INSERT (no ORM unit of work: this runs on every practice view); a retry after a
            # lost connection finds the row already there if the first try was committed
            insert_ignoring_conflicts(connection, IssuedQuestion, [row], ["id"])
            return {**row, "issued_at": _iso(row["issued_at"])}

        return self._run(work, write=True, core=True, wait=wait)

    def practice_state(self, learner: str, set_id: str, limit: int = 20, *,
                       wait: bool = True) -> tuple[dict[str, float], list[dict]]:
        """(mastery, recently issued questions of the set) in one read: what picks the next question;
        without `wait`: `WouldWait` rather than waiting (`Transactions.run`)."""
        return self._run(lambda connection, _: _practice_state(connection, learner or LOCAL, set_id, limit),
                         write=False, core=True, wait=wait)

    def find_or_issue(self, learner: str, set_id: str, question_id: str, seed: int, *, replay: bool) -> dict:
        """The learner's latest issued question for this variant (what they did on it carries over:
        a solution seen stays seen), else a newly issued one."""
        fresh = _issued_row(learner, set_id, question_id, seed, replay)

        def work(session: Session, _: int) -> dict:
            row = session.scalar(
                select(IssuedQuestion)
                .where(IssuedQuestion.learner == fresh["learner"], IssuedQuestion.question_id == question_id,
                       IssuedQuestion.seed == int(seed))
                .order_by(IssuedQuestion.issued_at.desc(), IssuedQuestion.id)
                .limit(1)
            )
            if row is None:
                row = session.get(IssuedQuestion, fresh["id"]) or IssuedQuestion(**fresh, issued_at=now())
                session.add(row)
                session.flush()
            return _issued_state(row)

        return self._run(work, write=True)

    def issued_question(self, key: str, learner: str) -> dict | None:
        """The learner's issued question `key` (None if there is no such question of theirs)."""

        def work(connection: Connection, _: int) -> dict | None:  # a prepared read: this runs on every answer
            row = connection.execute(_ISSUED_OF, {"key": key, "learner": learner or LOCAL}).mappings().first()
            return None if row is None else _issued_state(dict(row))

        return self._run(work, write=False, core=True)

    def recent_issued(self, learner: str, set_id: str, limit: int = 20) -> list[dict]:
        """The learner's latest issued questions of a set, newest first: `question_id`, `seed`."""
        query = (
            select(IssuedQuestion.question_id, IssuedQuestion.seed)
            .where(IssuedQuestion.learner == (learner or LOCAL), IssuedQuestion.set_id == set_id)
            .order_by(IssuedQuestion.issued_at.desc(), IssuedQuestion.id)
            .limit(limit)
        )
        with self._reading() as session:
            return [{"question_id": qid, "seed": seed} for qid, seed in session.execute(query)]

    def note_hints(self, key: str, learner: str, hints_used: int) -> dict:
        """Raise the hints seen on an issued question to `hints_used` (never lowers it), atomically."""

        def work(session: Session, _: int) -> dict:
            row = _locked_issued(session, key, learner)
            row.hints_used = max(row.hints_used, int(hints_used))
            return _issued_state(row)

        return self._run(work, write=True)

    def view_solution(self, key: str, learner: str) -> dict:
        """Mark the worked solution of an issued question as seen (its later answers count for nothing)."""

        def work(session: Session, _: int) -> dict:
            row = _locked_issued(session, key, learner)
            row.solution_viewed = True
            return _issued_state(row)

        return self._run(work, write=True)

    def answer_issued(self, key: str, learner: str, answer_text: str, grade: Any, hints_used: int = 0,
                      elapsed_ms: int | None = None) -> dict:
        """Record an answer to the learner's issued question, in one transaction under a lock on it:
        the attempt (with `solution_viewed` as it stood), mastery if the reveal policy says the answer
        counts, the wrong tries, the hints (never lowered) and closed once right. Returns the question's
        state after it, with `attempt_id` and `counted`. KeyError if it is not the learner's question.
        A retry after a lost connection finds the attempt saved by the first try and saves nothing more."""
        request_key = secrets.token_hex(16)
        decided = {"counted": False}  # what the first try decided, should its commit have gone through

        def work(connection: Connection, retry: int) -> dict:  # prepared statements: this runs on every answer
            found = connection.execute(_LOCK_ISSUED, {"key": key, "learner": learner or LOCAL}).mappings().first()
            if found is None:
                raise KeyError(key)
            row = dict(found)
            if retry:
                saved = connection.execute(_ATTEMPT_BY_KEY, {"request_key": request_key}).scalar()
                if saved is not None:
                    return {**_issued_state(row), "attempt_id": saved, "counted": decided["counted"],
                            "solution_seen": row["solution_viewed"]}
            row["hints_used"] = max(row["hints_used"], int(hints_used or 0))
            seen = row["solution_viewed"] or connection.execute(_SEEN_ELSEWHERE, {
                "learner": row["learner"], "question_id": row["question_id"], "seed": row["seed"], "key": key,
            }).first() is not None
            counts = reveal(row["wrong_tries"], row["hints_used"], seen, solved=row["closed"], replay=row["replay"]).counts
            attempt = {**_attempt_row(row["learner"], row["question_id"], row["set_id"], row["seed"], answer_text,
                                      grade, row["hints_used"], elapsed_ms, seen),
                       "request_key": request_key}
            attempt_id = _add_attempt(connection, attempt, None, row["hints_used"], counts)
            if attempt["status"] in WRONG:
                row["wrong_tries"] += 1
            elif attempt["status"] == "correct":
                row["closed"] = True
            connection.execute(_UPDATE_ISSUED, {"b_id": key, "hints_used": row["hints_used"],
                                                "wrong_tries": row["wrong_tries"], "closed": row["closed"]})
            decided["counted"] = counts and attempt["status"] in bkt.EVIDENCE
            return {**_issued_state(row), "attempt_id": attempt_id, "counted": decided["counted"],
                    "solution_seen": seen}

        return self._run(work, write=True, core=True)

    def record_assessment(
        self, learner: str, assessment_id: str, score: float, passed: bool, answers: list | None = None
    ) -> int:
        """Save a finished graded quiz (score in [0, 1]); returns its id."""
        row = _assessment_row(learner, assessment_id, score, passed, answers)
        return self._run(lambda session, _: _add(session, AssessmentResult(**row)), write=True)

    def record_assignment(self, learner: str, name: str, passed: bool, details: dict | None = None) -> int:
        """Save one run of an assignment checker; returns its id."""
        row = _assignment_row(learner, name, passed, details)
        return self._run(lambda session, _: _add(session, AssignmentResult(**row)), write=True)

    def record_read(self, learner: str, lesson_id: str) -> None:
        """Mark a lesson as read by the learner (again: nothing changes; the first time is kept)."""
        row = {"learner": learner or LOCAL, "lesson_id": lesson_id, "read_at": now()}
        self._run(lambda session, _: insert_ignoring_conflicts(session, LessonRead, [row], ("learner", "lesson_id")),
                  write=True)

    # ------------------------------------------------------------ Sandpit rounds

    def start_round(self, learner: str, *, level: str, mode: str, strategy: str, gamma: float, seed: int,
                    replay: bool) -> str:
        """Save a new round (its seed stays in the store); returns its unguessable id."""
        key = secrets.token_urlsafe(16)
        row = {"id": key, "learner": learner or LOCAL, "level": level, "mode": mode, "strategy": strategy,
               "gamma": float(gamma), "seed": int(seed), "replay": bool(replay), "status": "playing"}

        def work(session: Session, retry: int) -> str:
            if not (retry and session.get(SandpitRound, key)):
                session.add(SandpitRound(**row, created_at=now()))
            return key

        return self._run(work, write=True)

    def round(self, key: str, learner: str) -> dict | None:
        """The learner's round `key` with its probes (None if there is no such round of theirs)."""

        def work(session: Session, _: int) -> dict | None:
            row = session.scalar(select(SandpitRound).where(SandpitRound.id == key, SandpitRound.learner == learner))
            return None if row is None else _round_state(session, row)

        return self._run(work, write=False)

    def play_round(self, key: str, learner: str, move: Callable[[dict], dict]) -> dict:
        """Apply a move to the learner's round under a row lock, in one transaction.

        `move(state)` gets the round as `round()` returns it and returns
        `{"probes": [new probes], "status": ..., "record": {"name", "passed", "details"} | None, ...}`;
        the new probes, the status and the record (a finished round's result) are saved
        together, and the move's dict is returned. KeyError if the round is not the learner's;
        an exception from `move` saves nothing.
        """

        def work(session: Session, _: int) -> dict:
            row = session.scalar(
                select(SandpitRound).where(SandpitRound.id == key, SandpitRound.learner == learner).with_for_update()
            )
            if row is None:
                raise KeyError(key)
            change = move(_round_state(session, row))
            for probe in change["probes"]:
                arrow = probe.get("arrow")
                session.add(SandpitProbe(
                    round_id=key, number=probe["number"], x=probe["x"], y=probe["y"], depth=probe["depth"],
                    arrow_x=None if arrow is None else arrow[0], arrow_y=None if arrow is None else arrow[1],
                ))
            if change["status"] != row.status:
                row.status = change["status"]
                row.finished_at = now() if row.status != "playing" else None
            record = change.get("record")
            if record:
                session.add(AssignmentResult(**_assignment_row(learner, record["name"], record["passed"],
                                                                record["details"])))
            return change

        return self._run(work, write=True)

    # ------------------------------------------------------------ assessments in progress

    def start_assessment(self, learner: str, assessment_id: str, seed: int) -> str:
        """Save a graded quiz being taken, with the seed the server chose; returns its id."""
        key = secrets.token_urlsafe(16)

        def work(session: Session, retry: int) -> str:
            if not (retry and session.get(AssessmentAttempt, key)):
                session.add(AssessmentAttempt(id=key, learner=learner or LOCAL, assessment_id=assessment_id,
                                              seed=int(seed), started_at=now()))
            return key

        return self._run(work, write=True)

    def assessment_attempt(self, key: str, learner: str) -> dict | None:
        """The learner's quiz `key`: `assessment_id`, `seed`, `started_at`, `finished_at`, `result_id`."""

        def work(session: Session, _: int) -> dict | None:
            row = session.scalar(
                select(AssessmentAttempt).where(AssessmentAttempt.id == key, AssessmentAttempt.learner == learner)
            )
            if row is None:
                return None
            return {"id": row.id, "assessment_id": row.assessment_id, "seed": row.seed,
                    "started_at": _iso(row.started_at), "finished_at": _iso(row.finished_at),
                    "result_id": row.result_id}

        return self._run(work, write=False)

    def submit_assessment(self, key: str, learner: str, attempts: list[dict], score: float, passed: bool,
                          answers: list) -> tuple[int, bool]:
        """Record a quiz's answers (each a `record_attempt` keyword dict), its result, and close it:
        one transaction, under a lock on the quiz. Returns (result id, False) if it was closed already
        (a second submission records nothing). KeyError if the quiz is not the learner's."""
        rows = [_attempt_row(learner, **a) for a in attempts]
        result = _assessment_row(learner, "", score, passed, answers)

        def work(session: Session, _: int) -> tuple[int, bool]:
            quiz = session.scalar(
                select(AssessmentAttempt)
                .where(AssessmentAttempt.id == key, AssessmentAttempt.learner == learner)
                .with_for_update()
            )
            if quiz is None:
                raise KeyError(key)
            if quiz.finished_at is not None:
                return quiz.result_id, False
            for row, given in zip(rows, attempts, strict=True):
                _add_attempt(session, row, None, given.get("hints_used", 0))
            result_id = _add(session, AssessmentResult(**{**result, "assessment_id": quiz.assessment_id}))
            quiz.finished_at, quiz.result_id = now(), result_id
            return result_id, True

        return self._run(work, write=True)

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
        with self._reading() as session:
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
                    "solution_viewed": a.solution_viewed,
                    "created_at": _iso(a.created_at),
                }
                for a in session.scalars(query)
            ]

    def assessments(self, learner: str = LOCAL, assessment_id: str | None = None) -> list[dict]:
        """Finished graded quizzes, newest first."""
        query = select(AssessmentResult).where(AssessmentResult.learner == learner)
        if assessment_id:
            query = query.where(AssessmentResult.assessment_id == assessment_id)
        with self._reading() as session:
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
        with self._reading() as session:
            return [
                {"id": r.id, "name": r.name, "passed": r.passed, "details": r.details,
                 "created_at": _iso(r.created_at)}
                for r in session.scalars(query.order_by(AssignmentResult.id.desc()))
            ]

    def mastery(self, learner: str = LOCAL) -> dict[str, float]:
        """P(known) per skill the learner has practised."""
        with self._reading() as session:
            rows = session.scalars(select(SkillMastery).where(SkillMastery.learner == learner))
            return {r.skill: r.p_known for r in rows}

    def history(self, learner: str = LOCAL) -> dict:
        """What the progress model (`mvcalc.course.progress.History.from_rows`) reads about a learner:
        "answers" oldest first (without their text), finished "results", "mastery" per skill and the
        lessons marked as "reads"."""
        with self._reading() as session:
            answers = [
                {"question_id": qid, "set_id": set_id, "seed": seed, "status": status, "hints_used": hints,
                 "elapsed_ms": elapsed, "created_at": created, "solution_viewed": bool(viewed)}
                for qid, set_id, seed, status, hints, elapsed, created, viewed in session.execute(
                    select(Attempt.question_id, Attempt.set_id, Attempt.seed, Attempt.status, Attempt.hints_used,
                           Attempt.elapsed_ms, Attempt.created_at, Attempt.solution_viewed)
                    .where(Attempt.learner == learner).order_by(Attempt.id)
                )
            ]
            results = [
                {"assessment_id": aid, "score": score, "passed": passed, "created_at": created}
                for aid, score, passed, created in session.execute(
                    select(AssessmentResult.assessment_id, AssessmentResult.score, AssessmentResult.passed,
                           AssessmentResult.created_at)
                    .where(AssessmentResult.learner == learner).order_by(AssessmentResult.id)
                )
            ]
            mastery = {
                skill: p for skill, p in session.execute(
                    select(SkillMastery.skill, SkillMastery.p_known).where(SkillMastery.learner == learner))
            }
            reads = list(session.scalars(select(LessonRead.lesson_id).where(LessonRead.learner == learner)))
        return {"answers": answers, "results": results, "mastery": mastery, "reads": reads}

    def last_activity(self, learner: str = LOCAL) -> dict | None:
        """The learner's latest attempt (question, set, seed, status, when)."""
        found = self.attempts(learner, limit=1)
        if not found:
            return None
        a = found[0]
        return {k: a[k] for k in ("question_id", "set_id", "seed", "status", "created_at")}

    def class_overview(self, limit: int = 10) -> dict:
        """For instructors: the most attempted and most missed questions and the commonest mistakes."""
        with self._reading() as session:
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
