"""Accounts and classes in the store: users and roles, passwords, sessions, classes, enrolments, and
each class's rules for its assessments (release, due, extensions, attempt limit).

Functions take the `Store` first and return frozen records (`User`, `ClassInfo`,
`AssessmentRules`), never ORM rows. Bad input raises `AccountError` with a
one-line message. A user's progress lives under their `username` in the
progress tables (the `learner` column), so usernames never change; "local" is
the personal course's learner and no account may take that name (an admin
claims its rows with `claim_local`). Times are stored and returned in UTC.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from mvcalc.store.api import LOCAL, Store
from mvcalc.store.models import (
    AssessmentAttempt,
    AssessmentResult,
    AssignmentResult,
    Attempt,
    ClassAssessment,
    ClassInstructor,
    Enrolment,
    Extension,
    LoginFailure,
    LoginSession,
    Secret,
    Section,
    SkillMastery,
    now,
)
from mvcalc.store.models import User as UserRow

ROLES = ("learner", "instructor", "admin")
USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{0,99}$")
CLASS_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
MIN_PASSWORD = 8
MAX_PASSWORD = 1024
SESSION_LIFETIME = timedelta(hours=12)
# Throttling: this many failed sign-ins for one username (or from one address) in the window
# refuse further tries until the window has passed.
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_ADDRESS = 100  # a classroom behind one NAT address must not lock itself out
FAILURE_WINDOW = timedelta(minutes=15)

_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash("not a password of anyone")


class AccountError(ValueError):
    """A refused account operation, with a one-line message for the person who asked."""


class LoginRefused(AccountError):
    """A sign-in that failed; `retry_after` (seconds) is set when it was throttled."""

    def __init__(self, message: str, retry_after: int | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True)
class User:
    id: int
    username: str
    display_name: str
    email: str
    role: str
    active: bool
    has_password: bool
    created_at: datetime

    def to_dict(self) -> dict:
        return {
            "id": self.id, "username": self.username, "display_name": self.display_name,
            "email": self.email, "role": self.role, "active": self.active,
            "has_password": self.has_password, "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class ClassInfo:
    id: int
    code: str
    title: str
    join_code: str

    def to_dict(self) -> dict:
        return {"id": self.id, "code": self.code, "title": self.title, "join_code": self.join_code}


@dataclass(frozen=True)
class AssessmentRules:
    """A class's rules for one assessment (None: no release date, no due date, no attempt limit)."""

    class_id: int
    class_code: str
    assessment_id: str
    release_at: datetime | None
    due_at: datetime | None
    attempt_limit: int | None

    def to_dict(self) -> dict:
        return {
            "class": self.class_code, "assessment_id": self.assessment_id,
            "release_at": _iso(self.release_at), "due_at": _iso(self.due_at),
            "attempt_limit": self.attempt_limit,
        }


def utc(value: datetime | None) -> datetime | None:
    """The same instant as an aware UTC datetime (SQLite hands back naive UTC ones)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _iso(value: datetime | None) -> str | None:
    return utc(value).isoformat() if value else None


def _user(row: UserRow) -> User:
    return User(
        id=row.id, username=row.username, display_name=row.display_name, email=row.email, role=row.role,
        active=row.active, has_password=bool(row.password_hash), created_at=utc(row.created_at),
    )


def _class(row: Section) -> ClassInfo:
    return ClassInfo(id=row.id, code=row.code, title=row.title, join_code=row.join_code)


# ---------------------------------------------------------------- checks


def check_username(username: str) -> str:
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        raise AccountError(
            f"{username!r} is not a username: use 1-100 lower-case letters, digits and . _ @ - "
            "(starting with a letter or digit)"
        )
    if name == LOCAL:
        raise AccountError(f"{LOCAL!r} is the personal course's learner; choose another username")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"{role!r} is not a role: use one of {', '.join(ROLES)}")
    return role


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise AccountError(f"the password is too short: use at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise AccountError(f"the password is too long: use at most {MAX_PASSWORD} characters")
    return password


def check_class_code(code: str) -> str:
    code = (code or "").strip()
    if not CLASS_CODE.match(code):
        raise AccountError(f"{code!r} is not a class code: use letters, digits and . _ - (e.g. mml-2027)")
    return code


# ---------------------------------------------------------------- users


def _new_user_row(username: str, role: str, display_name: str, email: str, password: str | None) -> UserRow:
    return UserRow(
        username=check_username(username),
        role=check_role(role),
        display_name=(display_name or "").strip()[:200],
        email=(email or "").strip()[:320],
        password_hash=_hasher.hash(check_password(password)) if password is not None else None,
        active=True,
        created_at=now(),
    )


def create_user(
    store: Store, username: str, role: str = "learner", *, display_name: str = "", email: str = "",
    password: str | None = None,
) -> User:
    """A new account (no password: it cannot sign in until one is set, e.g. by joining its class)."""
    row = _new_user_row(username, role, display_name, email, password)
    with store.session() as session, session.begin():
        if session.scalar(select(UserRow.id).where(UserRow.username == row.username)) is not None:
            raise AccountError(f"there is already a user called {row.username!r}")
        session.add(row)
        try:
            session.flush()
        except IntegrityError:
            raise AccountError(f"there is already a user called {row.username!r}") from None
        return _user(row)


def find_user(store: Store, username: str) -> User | None:
    with store.session() as session:
        row = session.scalar(select(UserRow).where(UserRow.username == (username or "").strip().lower()))
        return _user(row) if row else None


def get_user(store: Store, user_id: int) -> User | None:
    with store.session() as session:
        row = session.get(UserRow, user_id)
        return _user(row) if row else None


def list_users(store: Store, role: str | None = None) -> list[User]:
    """Every account, by username (or only those with `role`)."""
    query = select(UserRow).order_by(UserRow.username)
    if role:
        query = query.where(UserRow.role == check_role(role))
    with store.session() as session:
        return [_user(r) for r in session.scalars(query)]


def _require_user(session: Session, username: str) -> UserRow:
    row = session.scalar(select(UserRow).where(UserRow.username == (username or "").strip().lower()))
    if row is None:
        raise AccountError(f"there is no user called {username!r}")
    return row


def set_password(store: Store, username: str, password: str) -> None:
    """Set (or replace) a password; the user's existing sessions end."""
    digest = _hasher.hash(check_password(password))
    with store.session() as session, session.begin():
        row = _require_user(session, username)
        row.password_hash = digest
        session.execute(delete(LoginSession).where(LoginSession.user_id == row.id))


def set_role(store: Store, username: str, role: str) -> User:
    with store.session() as session, session.begin():
        row = _require_user(session, username)
        row.role = check_role(role)
        return _user(row)


def set_active(store: Store, username: str, active: bool) -> User:
    """Disable or re-enable an account (a disabled account cannot sign in; its sessions end)."""
    with store.session() as session, session.begin():
        row = _require_user(session, username)
        row.active = bool(active)
        if not active:
            session.execute(delete(LoginSession).where(LoginSession.user_id == row.id))
        return _user(row)


def claim_local(store: Store, username: str) -> int:
    """Give the personal course's progress ("local") to this account; returns the rows moved.

    Mastery rows the account already has for a skill are kept (the local ones for that skill dropped).
    """
    with store.session() as session, session.begin():
        name = _require_user(session, username).username
        moved = 0
        for table in (Attempt, AssessmentResult, AssignmentResult, AssessmentAttempt):
            moved += session.execute(update(table).where(table.learner == LOCAL).values(learner=name)).rowcount
        own = set(session.scalars(select(SkillMastery.skill).where(SkillMastery.learner == name)))
        if own:
            session.execute(delete(SkillMastery).where(SkillMastery.learner == LOCAL, SkillMastery.skill.in_(own)))
        moved += session.execute(
            update(SkillMastery).where(SkillMastery.learner == LOCAL).values(learner=name)
        ).rowcount
        return moved


# ---------------------------------------------------------------- signing in


def _failures(session: Session, column, value: str, since: datetime) -> tuple[int, datetime | None]:
    count, first = session.execute(
        select(func.count(LoginFailure.id), func.min(LoginFailure.created_at)).where(
            column == value, LoginFailure.created_at > since
        )
    ).one()
    return int(count), utc(first)


def authenticate(store: Store, username: str, password: str, address: str = "") -> User:
    """The user if the password is theirs; else `LoginRefused` (the same message whatever was wrong).

    After too many failures for one username, or from one address, in `FAILURE_WINDOW`, sign-ins are
    refused without checking the password until the window has passed.
    """
    name = (username or "").strip().lower()[:100]
    address = (address or "")[:64]
    moment = now()
    since = moment - FAILURE_WINDOW
    with store.session() as session:
        for column, value, limit in (
            (LoginFailure.username, name, MAX_FAILURES_PER_USER),
            (LoginFailure.address, address, MAX_FAILURES_PER_ADDRESS),
        ):
            if not value:
                continue
            count, first = _failures(session, column, value, since)
            if count >= limit:
                wait = int(((first or moment) + FAILURE_WINDOW - moment).total_seconds()) + 1
                raise LoginRefused(
                    f"Too many failed sign-ins: wait {max(1, (wait + 59) // 60)} minute(s) and try again.",
                    retry_after=max(1, wait),
                )
        row = session.scalar(select(UserRow).where(UserRow.username == name)) if name else None
    stored = row.password_hash if row is not None and row.password_hash else _DUMMY_HASH
    try:
        ok = _hasher.verify(stored, password or "") and row is not None and bool(row.password_hash)
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or not row.active:
        with store.session() as session, session.begin():
            session.execute(delete(LoginFailure).where(LoginFailure.created_at < since))  # aged out
            session.add(LoginFailure(username=name, address=address, created_at=moment))
        raise LoginRefused("Wrong username or password.")
    with store.session() as session, session.begin():
        session.execute(delete(LoginFailure).where(LoginFailure.username == name))
        if _hasher.check_needs_rehash(row.password_hash):
            fresh = session.get(UserRow, row.id)
            fresh.password_hash = _hasher.hash(password)
    return _user(row)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(store: Store, user_id: int, lifetime: timedelta = SESSION_LIFETIME) -> str:
    """A new session for the user; returns the token for the cookie (only its hash is stored)."""
    token = secrets.token_urlsafe(32)
    moment = now()
    with store.session() as session, session.begin():
        session.execute(delete(LoginSession).where(LoginSession.expires_at < moment))
        session.add(LoginSession(
            token_hash=_token_hash(token), user_id=user_id, created_at=moment, expires_at=moment + lifetime,
        ))
    return token


def session_user(store: Store, token: str) -> User | None:
    """The signed-in, active user of a session token, or None (unknown, expired or ended)."""
    if not token or len(token) > 200:
        return None
    with store.session() as session:
        row = session.execute(
            select(UserRow, LoginSession.expires_at)
            .join(LoginSession, LoginSession.user_id == UserRow.id)
            .where(LoginSession.token_hash == _token_hash(token))
        ).first()
    if row is None or not row[0].active or utc(row[1]) <= now():
        return None
    return _user(row[0])


def end_session(store: Store, token: str) -> None:
    """Sign out: the token stops working at once, in every app process."""
    if token:
        with store.session() as session, session.begin():
            session.execute(delete(LoginSession).where(LoginSession.token_hash == _token_hash(token)))


# ---------------------------------------------------------------- classes


def new_join_code() -> str:
    """Eight characters a student can type: no 0/O or 1/l/I."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(8))


def create_class(store: Store, code: str, title: str = "", join_code: str | None = None) -> ClassInfo:
    """A new class with a join code (random unless given)."""
    row = Section(
        code=check_class_code(code), title=(title or code).strip()[:200],
        join_code=(join_code or new_join_code()).strip().upper()[:32], created_at=now(),
    )
    with store.session() as session, session.begin():
        if session.scalar(select(Section.id).where(Section.code == row.code)) is not None:
            raise AccountError(f"there is already a class called {row.code!r}")
        if session.scalar(select(Section.id).where(Section.join_code == row.join_code)) is not None:
            raise AccountError("that join code is taken by another class")
        session.add(row)
        session.flush()
        return _class(row)


def _require_class(session: Session, code: str) -> Section:
    row = session.scalar(select(Section).where(Section.code == (code or "").strip()))
    if row is None:
        raise AccountError(f"there is no class called {code!r}")
    return row


def find_class(store: Store, code: str) -> ClassInfo | None:
    with store.session() as session:
        row = session.scalar(select(Section).where(Section.code == (code or "").strip()))
        return _class(row) if row else None


def class_by_join_code(store: Store, join_code: str) -> ClassInfo | None:
    with store.session() as session:
        row = session.scalar(select(Section).where(Section.join_code == (join_code or "").strip().upper()))
        return _class(row) if row else None


def list_classes(store: Store) -> list[ClassInfo]:
    with store.session() as session:
        return [_class(r) for r in session.scalars(select(Section).order_by(Section.code))]


def add_instructor(store: Store, code: str, username: str) -> None:
    """Make an instructor (or admin) an instructor of the class (idempotent)."""
    with store.session() as session, session.begin():
        section = _require_class(session, code)
        user = _require_user(session, username)
        if user.role not in ("instructor", "admin"):
            raise AccountError(f"{user.username!r} is a {user.role}, not an instructor")
        if session.get(ClassInstructor, (section.id, user.id)) is None:
            session.add(ClassInstructor(class_id=section.id, user_id=user.id))


def enrol(store: Store, code: str, username: str) -> None:
    """Put a student in the class (idempotent)."""
    with store.session() as session, session.begin():
        _enrol(session, _require_class(session, code), _require_user(session, username))


def _enrol(session: Session, section: Section, user: UserRow) -> None:
    if session.get(Enrolment, (section.id, user.id)) is None:
        session.add(Enrolment(class_id=section.id, user_id=user.id, created_at=now()))
        session.flush()


def unenrol(store: Store, code: str, username: str) -> None:
    with store.session() as session, session.begin():
        section, user = _require_class(session, code), _require_user(session, username)
        session.execute(delete(Enrolment).where(Enrolment.class_id == section.id, Enrolment.user_id == user.id))


def users_in_class(store: Store, code: str) -> list[User]:
    """The students enrolled in a class, by username."""
    with store.session() as session:
        section = _require_class(session, code)
        rows = session.scalars(
            select(UserRow).join(Enrolment, Enrolment.user_id == UserRow.id)
            .where(Enrolment.class_id == section.id).order_by(UserRow.username)
        )
        return [_user(r) for r in rows]


def instructors_of_class(store: Store, code: str) -> list[User]:
    with store.session() as session:
        section = _require_class(session, code)
        rows = session.scalars(
            select(UserRow).join(ClassInstructor, ClassInstructor.user_id == UserRow.id)
            .where(ClassInstructor.class_id == section.id).order_by(UserRow.username)
        )
        return [_user(r) for r in rows]


def classes_of_instructor(store: Store, username: str) -> list[ClassInfo]:
    """The classes an instructor teaches (an admin: every class)."""
    with store.session() as session:
        user = _require_user(session, username)
        query = select(Section).order_by(Section.code)
        if user.role != "admin":
            query = query.join(ClassInstructor, ClassInstructor.class_id == Section.id).where(
                ClassInstructor.user_id == user.id
            )
        return [_class(r) for r in session.scalars(query)]


def classes_of_learner(store: Store, username: str) -> list[ClassInfo]:
    """The classes a student is enrolled in, oldest class first."""
    with store.session() as session:
        user = _require_user(session, username)
        rows = session.scalars(
            select(Section).join(Enrolment, Enrolment.class_id == Section.id)
            .where(Enrolment.user_id == user.id).order_by(Section.id)
        )
        return [_class(r) for r in rows]


def can_teach(store: Store, username: str, code: str) -> bool:
    """May this user see the class's pages (an admin, or one of its instructors)?"""
    user = find_user(store, username)
    if user is None or not user.active:
        return False
    if user.role == "admin":
        return True
    return user.role == "instructor" and any(c.code == code for c in classes_of_instructor(store, username))


def can_view_learner(store: Store, viewer: str, learner: str) -> bool:
    """May `viewer` read `learner`'s progress: themselves, an admin, or an instructor of one of their classes?"""
    if viewer == learner:
        return True
    user = find_user(store, viewer)
    if user is None or not user.active or user.role == "learner":
        return False
    if user.role == "admin":
        return True
    taught = {c.id for c in classes_of_instructor(store, viewer)}
    student = find_user(store, learner)
    return student is not None and any(c.id in taught for c in classes_of_learner(store, learner))


def join_class(
    store: Store, join_code: str, username: str, *, password: str | None = None, display_name: str = "",
) -> User:
    """A student joins a class with its join code.

    An existing account without a password (e.g. imported from a roster) gets `password`; a new
    username becomes a learner account with `password`; an account that has a password already is
    enrolled only when called for the signed-in user (`password=None`).
    """
    with store.session() as session, session.begin():
        section = session.scalar(select(Section).where(Section.join_code == (join_code or "").strip().upper()))
        if section is None:
            raise AccountError("No class has that join code: check it with your instructor.")
        name = check_username(username)
        row = session.scalar(select(UserRow).where(UserRow.username == name))
        if row is None:
            if password is None:
                raise AccountError("Choose a password.")
            row = _new_user_row(name, "learner", display_name, "", password)
            session.add(row)
            session.flush()
        elif password is not None:
            if row.password_hash:
                raise AccountError(f"The username {name!r} is taken: sign in first, or choose another.")
            if row.role != "learner":  # a join code never opens an instructor's or admin's account
                raise AccountError(f"{name!r} is an {row.role}'s account: an admin sets its password.")
            row.password_hash = _hasher.hash(check_password(password))
        if row.role != "learner":
            raise AccountError("Join codes are for students; an admin makes instructors teach a class.")
        _enrol(session, section, row)
        return _user(row)


# ---------------------------------------------------------------- roster


ROSTER_COLUMNS = ("username", "display name", "email", "role", "class")


def import_roster(store: Store, rows: Iterable[tuple[int, dict[str, str]]]) -> list[User]:
    """Create (or update) the users of a roster and enrol them, all in one transaction.

    `rows` are (line number, {column: value}); the first bad row raises `AccountError` naming its
    line, and then nothing is imported. An existing user keeps their password; their display name
    and email are updated; instructors are made instructors of the row's class, learners enrolled.
    """
    done: list[User] = []
    with store.session() as session, session.begin():
        seen: set[str] = set()
        for line, row in rows:
            try:
                username = check_username(row.get("username", ""))
                role = check_role((row.get("role") or "").strip().lower() or "learner")
                code = (row.get("class") or "").strip()
                if username in seen:
                    raise AccountError(f"{username!r} appears twice")
                seen.add(username)
                section = None
                if code:
                    section = session.scalar(select(Section).where(Section.code == code))
                    if section is None:
                        raise AccountError(f"there is no class called {code!r} (create it with `mvcalc classes add`)")
                email = (row.get("email") or "").strip()
                if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
                    raise AccountError(f"{email!r} is not an email address")
            except AccountError as exc:
                raise AccountError(f"line {line}: {exc}") from None
            user = session.scalar(select(UserRow).where(UserRow.username == username))
            if user is None:
                user = _new_user_row(username, role, row.get("display name", ""), email, None)
                session.add(user)
                session.flush()
            else:
                if user.role != role:
                    raise AccountError(f"line {line}: {username!r} exists already as a {user.role}, not a {role}")
                user.display_name = (row.get("display name") or user.display_name).strip()[:200]
                user.email = email or user.email
            if section is not None:
                if role == "learner":
                    _enrol(session, section, user)
                elif session.get(ClassInstructor, (section.id, user.id)) is None:
                    session.add(ClassInstructor(class_id=section.id, user_id=user.id))
                    session.flush()
            done.append(_user(user))
    return done


# ---------------------------------------------------------------- assessment rules

_UNSET = object()


def set_assessment_rules(
    store: Store, code: str, assessment_id: str, *, release_at=_UNSET, due_at=_UNSET, attempt_limit=_UNSET,
) -> AssessmentRules:
    """Set some of a class's rules for one assessment (others unchanged; None clears one)."""
    if attempt_limit is not _UNSET and attempt_limit is not None and int(attempt_limit) < 1:
        raise AccountError("the attempt limit must be at least 1 (or none)")
    with store.session() as session, session.begin():
        section = _require_class(session, code)
        row = session.get(ClassAssessment, (section.id, assessment_id))
        if row is None:
            row = ClassAssessment(class_id=section.id, assessment_id=assessment_id)
            session.add(row)
        if release_at is not _UNSET:
            row.release_at = utc(release_at)
        if due_at is not _UNSET:
            row.due_at = utc(due_at)
        if attempt_limit is not _UNSET:
            row.attempt_limit = None if attempt_limit is None else int(attempt_limit)
        if row.release_at and row.due_at and utc(row.due_at) <= utc(row.release_at):
            raise AccountError("the due date must come after the release date")
        session.flush()
        return _rules(row, section)


def _rules(row: ClassAssessment, section: Section) -> AssessmentRules:
    return AssessmentRules(
        class_id=section.id, class_code=section.code, assessment_id=row.assessment_id,
        release_at=utc(row.release_at), due_at=utc(row.due_at), attempt_limit=row.attempt_limit,
    )


def class_assessment_rules(store: Store, code: str) -> list[AssessmentRules]:
    """A class's rules for each assessment it has set, by assessment id."""
    with store.session() as session:
        section = _require_class(session, code)
        rows = session.scalars(
            select(ClassAssessment).where(ClassAssessment.class_id == section.id)
            .order_by(ClassAssessment.assessment_id)
        )
        return [_rules(r, section) for r in rows]


def set_extension(store: Store, code: str, assessment_id: str, username: str, due_at: datetime | None) -> None:
    """Give one student their own due date for an assessment of the class (None removes it)."""
    with store.session() as session, session.begin():
        section, user = _require_class(session, code), _require_user(session, username)
        if session.get(Enrolment, (section.id, user.id)) is None:
            raise AccountError(f"{user.username!r} is not in class {section.code!r}")
        row = session.get(Extension, (section.id, assessment_id, user.id))
        if due_at is None:
            if row is not None:
                session.delete(row)
            return
        if row is None:
            session.add(Extension(class_id=section.id, assessment_id=assessment_id, user_id=user.id,
                                  due_at=utc(due_at)))
        else:
            row.due_at = utc(due_at)


def extensions(store: Store, code: str) -> list[dict]:
    """The class's extensions: {username, assessment_id, due_at}."""
    with store.session() as session:
        section = _require_class(session, code)
        rows = session.execute(
            select(UserRow.username, Extension.assessment_id, Extension.due_at)
            .join(UserRow, UserRow.id == Extension.user_id).where(Extension.class_id == section.id)
            .order_by(UserRow.username, Extension.assessment_id)
        )
        return [{"username": u, "assessment_id": a, "due_at": _iso(d)} for u, a, d in rows]


@dataclass(frozen=True)
class Window:
    """The rules that apply to one learner for one assessment: from their class, with their extension."""

    class_id: int | None
    class_code: str | None
    release_at: datetime | None
    due_at: datetime | None
    attempt_limit: int | None
    extended: bool = False

    def to_dict(self) -> dict:
        return {"class": self.class_code, "release_at": _iso(self.release_at), "due_at": _iso(self.due_at),
                "attempt_limit": self.attempt_limit, "extended": self.extended}


OPEN = Window(None, None, None, None, None)


def window_for(store: Store, learner: str, assessment_id: str) -> Window:
    """The rules of the learner's first class (by age) that sets this assessment; OPEN if none does."""
    with store.session() as session:
        found = session.execute(
            select(ClassAssessment, Section, UserRow.id)
            .join(Section, Section.id == ClassAssessment.class_id)
            .join(Enrolment, Enrolment.class_id == Section.id)
            .join(UserRow, UserRow.id == Enrolment.user_id)
            .where(UserRow.username == learner, ClassAssessment.assessment_id == assessment_id)
            .order_by(Section.id).limit(1)
        ).first()
        if found is None:
            return OPEN
        rules, section, user_id = found
        extension = session.get(Extension, (section.id, assessment_id, user_id))
        due = utc(extension.due_at) if extension else utc(rules.due_at)
        return Window(section.id, section.code, utc(rules.release_at), due, rules.attempt_limit,
                      extended=extension is not None)


def secret(store: Store, name: str) -> str:
    """A server secret shared by every app process, made on first use."""
    with store.session() as session:
        row = session.get(Secret, name)
        if row is not None:
            return row.value
    try:
        with store.session() as session, session.begin():
            session.add(Secret(name=name, value=secrets.token_hex(32)))
    except IntegrityError:
        pass  # another process made it first: use theirs
    with store.session() as session:
        return session.get(Secret, name).value


# ---------------------------------------------------------------- assessment attempts

SEED_SECRET = "assessment-seeds"


class AttemptRefused(AccountError):
    """An assessment that cannot be started now (not released, past due, no attempts left)."""


@dataclass(frozen=True)
class StartedAttempt:
    """An attempt at an assessment (a row of `assessment_attempts`): its key `id` (in the take page's
    address), number n of the learner's, its fixed seed, and how it ended."""

    id: str
    learner: str
    assessment_id: str
    number: int | None
    seed: int
    class_id: int | None
    started_at: datetime
    submitted_at: datetime | None
    result_id: int | None
    late: bool

    def to_dict(self) -> dict:
        return {
            "id": self.id, "learner": self.learner, "assessment_id": self.assessment_id,
            "number": self.number, "seed": self.seed, "class_id": self.class_id,
            "started_at": _iso(self.started_at), "submitted_at": _iso(self.submitted_at),
            "result_id": self.result_id, "late": self.late,
        }


def _attempt(row: AssessmentAttempt) -> StartedAttempt:
    return StartedAttempt(
        id=row.id, learner=row.learner, assessment_id=row.assessment_id, number=row.number, seed=row.seed,
        class_id=row.class_id, started_at=utc(row.started_at), submitted_at=utc(row.finished_at),
        result_id=row.result_id, late=bool(row.late),
    )


def attempt_seed(store: Store, learner: str, assessment_id: str, number: int, max_seed: int = 10**9) -> int:
    """The fixed seed of attempt `number`: a keyed hash of (assessment, learner, number) with a server
    secret, so two learners get different variants, a retake a new one, and nobody can predict them."""
    key = secret(store, SEED_SECRET).encode()
    digest = hashlib.blake2b(f"{assessment_id}\0{learner}\0{number}".encode(), key=key[:64], digest_size=8)
    return int.from_bytes(digest.digest(), "big") % max_seed


def _when_text(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def start_attempt(
    store: Store, learner: str, assessment_id: str, *, at: datetime | None = None, max_seed: int = 10**9,
) -> StartedAttempt:
    """Start the learner's next attempt (or return the one still open), within their class's rules.

    Refused with `AttemptRefused` before the release date, after the due date (their extension's, if
    any) and when the attempt limit is used up. Two starts at once cannot both pass the limit: the
    attempt number is unique per learner and assessment. Submit it with `Store.submit_assessment`
    (then `mark_if_late`).
    """
    moment = utc(at) or now()
    rules = window_for(store, learner, assessment_id)
    if rules.release_at and moment < rules.release_at:
        raise AttemptRefused(f"This assessment opens on {_when_text(rules.release_at)}.")
    for _ in range(5):
        rows = attempts_of(store, learner, assessment_id)
        open_ = [r for r in rows if r.submitted_at is None]
        if open_:
            return open_[-1]
        if rules.due_at and moment > rules.due_at:
            raise AttemptRefused(f"This assessment was due on {_when_text(rules.due_at)}: it is closed.")
        if rules.attempt_limit is not None and len(rows) >= rules.attempt_limit:
            raise AttemptRefused(
                f"You have used all {rules.attempt_limit} attempt(s) allowed for this assessment."
            )
        number = max((r.number or 0 for r in rows), default=0) + 1
        row = AssessmentAttempt(
            id=secrets.token_urlsafe(16), learner=learner, assessment_id=assessment_id, class_id=rules.class_id,
            number=number, seed=attempt_seed(store, learner, assessment_id, number, max_seed), started_at=moment,
            late=False,
        )
        try:
            with store.session() as session, session.begin():
                session.add(row)
                session.flush()
                return _attempt(row)
        except IntegrityError:
            continue  # a concurrent start took this number: look again
    raise AttemptRefused("This assessment is busy: try again in a moment.")


def find_attempt(store: Store, learner: str, assessment_id: str, number: int) -> StartedAttempt | None:
    """Attempt `number` of this learner (None if there is none: another learner's attempts are not found)."""
    with store.session() as session:
        row = session.scalar(select(AssessmentAttempt).where(
            AssessmentAttempt.learner == learner, AssessmentAttempt.assessment_id == assessment_id,
            AssessmentAttempt.number == number,
        ))
        return _attempt(row) if row else None


def find_attempt_by_key(store: Store, learner: str, key: str) -> StartedAttempt | None:
    """The learner's attempt with this key (None for anyone else's)."""
    with store.session() as session:
        row = session.scalar(select(AssessmentAttempt).where(
            AssessmentAttempt.id == key, AssessmentAttempt.learner == learner))
        return _attempt(row) if row else None


def mark_if_late(store: Store, key: str) -> bool:
    """After a submission: flag the attempt late if it was submitted after the learner's due date."""
    with store.session() as session:
        row = session.get(AssessmentAttempt, key)
        if row is None or row.finished_at is None:
            return False
        learner, assessment_id, finished = row.learner, row.assessment_id, utc(row.finished_at)
    due = window_for(store, learner, assessment_id).due_at
    late = bool(due and finished > due)
    if late:
        with store.session() as session, session.begin():
            session.execute(update(AssessmentAttempt).where(AssessmentAttempt.id == key).values(late=True))
    return late


def finish_attempt(
    store: Store, attempt_id: str, score: float, passed: bool, answers: list | None = None,
    *, at: datetime | None = None,
) -> StartedAttempt:
    """Record the attempt's result and mark it submitted, in one transaction and once only (a second
    submission is refused); it is late if after the learner's due date (recorded, and flagged).
    (The web app submits through `Store.submit_assessment`, which also records each answer.)"""
    moment = utc(at) or now()
    with store.session() as session:
        row = session.get(AssessmentAttempt, attempt_id)
        if row is None:
            raise AccountError("there is no such attempt")
        learner, assessment_id = row.learner, row.assessment_id
    due = window_for(store, learner, assessment_id).due_at
    with store.session() as session, session.begin():
        result = AssessmentResult(
            learner=learner, assessment_id=assessment_id, score=float(score), passed=bool(passed),
            answers=list(answers or []), created_at=moment,
        )
        session.add(result)
        session.flush()
        changed = session.execute(
            update(AssessmentAttempt)
            .where(AssessmentAttempt.id == attempt_id, AssessmentAttempt.finished_at.is_(None))
            .values(finished_at=moment, result_id=result.id, late=bool(due and moment > due))
        ).rowcount
        if not changed:
            session.rollback()
            raise AttemptRefused("This attempt was submitted already: start a new one.")
    with store.session() as session:
        return _attempt(session.get(AssessmentAttempt, attempt_id))


def attempts_of(store: Store, learner: str | None, assessment_id: str | None = None) -> list[StartedAttempt]:
    """A learner's attempts (learner=None: everyone's), oldest first."""
    query = select(AssessmentAttempt).order_by(AssessmentAttempt.started_at, AssessmentAttempt.number)
    if learner is not None:
        query = query.where(AssessmentAttempt.learner == learner)
    if assessment_id:
        query = query.where(AssessmentAttempt.assessment_id == assessment_id)
    with store.session() as session:
        return [_attempt(r) for r in session.scalars(query)]
