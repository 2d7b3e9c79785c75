"""The tables: attempts, questions issued to learners, assessment and assignment results, mastery per skill; Sandpit rounds
with their probes and assessment attempts in progress (no state lives in an app process);
accounts (users, sessions, classes, enrolments, each class's assessment rules).

The schema itself is created by the Alembic migrations in `migrations/`; these
models are what the code reads and writes. The learner is a plain name
("local" for the one learner of a single-user install: no account needed).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    pass


class Attempt(Base):
    """One answer to one question variant, with its verdict (written before it is shown)."""

    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    question_id: Mapped[str] = mapped_column(String(100), index=True)
    set_id: Mapped[str] = mapped_column(String(100), index=True, default="")
    seed: Mapped[int] = mapped_column(BigInteger)
    answer_text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    diagnosis: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    message: Mapped[str] = mapped_column(Text, default="")
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    # one key per recorded answer: a write retried after a lost connection is saved once
    request_key: Mapped[str | None] = mapped_column(String(40), nullable=True, unique=True, index=True)
    # given after the worked solution of the variant was seen: recorded, but no evidence for mastery
    solution_viewed: Mapped[bool] = mapped_column(Boolean, default=False)


class IssuedQuestion(Base):
    """A question variant the server issued to a learner under an opaque id (the form carries only
    the id), with what happened since: wrong tries, hints, the solution seen, answered right (closed);
    `replay` marks a variant the learner chose by its seed (practice that never counts)."""

    __tablename__ = "issued_questions"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    learner: Mapped[str] = mapped_column(String(100))
    set_id: Mapped[str] = mapped_column(String(100))
    question_id: Mapped[str] = mapped_column(String(100))
    seed: Mapped[int] = mapped_column(BigInteger)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    wrong_tries: Mapped[int] = mapped_column(Integer, default=0)
    hints_used: Mapped[int] = mapped_column(Integer, default=0)
    solution_viewed: Mapped[bool] = mapped_column(Boolean, default=False)
    closed: Mapped[bool] = mapped_column(Boolean, default=False)
    replay: Mapped[bool] = mapped_column(Boolean, default=False)


class AssessmentResult(Base):
    """One finished graded quiz: its score, whether it passed, and the answers given."""

    __tablename__ = "assessment_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    assessment_id: Mapped[str] = mapped_column(String(100), index=True)
    score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool] = mapped_column(Boolean)
    answers: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class AssignmentResult(Base):
    """One run of a programming assignment's checker."""

    __tablename__ = "assignment_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    passed: Mapped[bool] = mapped_column(Boolean)
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class SkillMastery(Base):
    """The knowledge-tracing estimate P(skill known) of one learner for one skill."""

    __tablename__ = "skill_mastery"

    learner: Mapped[str] = mapped_column(String(100), primary_key=True)
    skill: Mapped[str] = mapped_column(String(100), primary_key=True)
    p_known: Mapped[float] = mapped_column(Float)
    observations: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Submission(Base):
    """A learner's file sent for grading, and what became of it (queued → running → graded | failed).

    The grading job writes its result once, keyed by `id`: a retried job finds the row
    finished and writes nothing (see `mvcalc.store.submissions`).
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    assignment: Mapped[str] = mapped_column(String(100), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), index=True, default="queued")
    stage: Mapped[str] = mapped_column(String(200), default="")
    error: Mapped[str | None] = mapped_column(Text, nullable=True)
    result: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    passed: Mapped[bool | None] = mapped_column(Boolean, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SandpitRound(Base):
    """One Sandpit round. `seed` decides the surface and never leaves the server while the round
    is open; `replay` marks a round whose seed the learner chose (practice, never a win)."""

    __tablename__ = "sandpit_rounds"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(40))
    mode: Mapped[str] = mapped_column(String(20))
    strategy: Mapped[str] = mapped_column(String(20))
    gamma: Mapped[float] = mapped_column(Float)
    seed: Mapped[int] = mapped_column(BigInteger)
    replay: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))  # playing | won | lost
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class SandpitProbe(Base):
    """One probe of a round, numbered from 1 (the key makes two probes with one number impossible)."""

    __tablename__ = "sandpit_probes"

    round_id: Mapped[str] = mapped_column(String(40), ForeignKey("sandpit_rounds.id", ondelete="CASCADE"),
                                          primary_key=True)
    number: Mapped[int] = mapped_column(Integer, primary_key=True)
    x: Mapped[float] = mapped_column(Float)
    y: Mapped[float] = mapped_column(Float)
    depth: Mapped[float] = mapped_column(Float)
    arrow_x: Mapped[float | None] = mapped_column(Float, nullable=True)
    arrow_y: Mapped[float | None] = mapped_column(Float, nullable=True)


class LessonRead(Base):
    """A learner marked a lesson as read (one row per learner and lesson: the first time)."""

    __tablename__ = "lesson_reads"

    learner: Mapped[str] = mapped_column(String(100), primary_key=True)
    lesson_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class AssessmentAttempt(Base):
    """A graded quiz in progress: its seed is chosen by the server; submitted once (`finished_at`)."""

    __tablename__ = "assessment_attempts"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    learner: Mapped[str] = mapped_column(String(100), index=True)
    assessment_id: Mapped[str] = mapped_column(String(100), index=True)
    seed: Mapped[int] = mapped_column(BigInteger)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    result_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Accounts mode: the attempt's number (unique per learner and assessment, so two starts at once
    # cannot pass the attempt limit), the class whose rules applied, and whether it came in late.
    number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    class_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (UniqueConstraint("learner", "assessment_id", "number", name="uq_assessment_attempt_number"),)
# ---------------------------------------------------------------- accounts (hosted mode)
#
# With accounts on, the `learner` column of the progress tables above holds the
# user's `username` (immutable; "local" is reserved for the personal course).


class User(Base):
    """An account: a learner, an instructor or an admin; the password is an argon2 hash (or none yet)."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    email: Mapped[str] = mapped_column(String(320), default="")
    role: Mapped[str] = mapped_column(String(20), default="learner")
    password_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class LoginSession(Base):
    """A signed-in browser: only the SHA-256 of its cookie token is stored; it ends at `expires_at`."""

    __tablename__ = "login_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LoginFailure(Base):
    """One failed sign-in (for throttling): which username was tried, from where, when."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), index=True)
    address: Mapped[str] = mapped_column(String(64), index=True, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class Section(Base):
    """A class (section) of the course: a short code, a title and the join code students enter."""

    __tablename__ = "classes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(100), unique=True)
    title: Mapped[str] = mapped_column(String(200), default="")
    join_code: Mapped[str] = mapped_column(String(32), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ClassInstructor(Base):
    """An instructor of a class (an instructor sees only the classes listed here)."""

    __tablename__ = "class_instructors"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class Enrolment(Base):
    """A student in a class."""

    __tablename__ = "enrolments"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class ClassAssessment(Base):
    """A class's rules for one graded assessment: released from, due by, how many attempts (None: no limit)."""

    __tablename__ = "class_assessments"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    assessment_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    release_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    attempt_limit: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Extension(Base):
    """One student's own due date for one assessment of a class."""

    __tablename__ = "extensions"

    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), primary_key=True)
    assessment_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    due_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Secret(Base):
    """Server secrets shared by every app process (e.g. the key that derives assessment seeds)."""

    __tablename__ = "secrets"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(String(200))
