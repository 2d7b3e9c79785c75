"""LTI 1.3 in the store: platform registrations, the tool's signing key, launch state (nonces),
the links a launch leaves behind (LMS context ↔ class, LMS user ↔ account, resource link ↔
grade column) and the scores sent back.

Everything a later request needs is here, not in a process, so any app process can finish a
launch another one started, and a restart loses nothing. Framework-free: the web adapter
(`mvcalc.web.lti`) and the CLI (`mvcalc lti ...`) call these functions.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    delete,
    select,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from mvcalc.store import accounts
from mvcalc.store.accounts import AccountError, utc
from mvcalc.store.api import Store
from mvcalc.store.models import Base, Section, now

INSTRUCTOR_ROLES = ("Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant", "Mentor")


class LtiPlatform(Base):
    """A registered LMS (issuer + client id), with its endpoints and the deployments we accept."""

    __tablename__ = "lti_platforms"
    __table_args__ = (UniqueConstraint("issuer", "client_id", name="uq_lti_platform"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    issuer: Mapped[str] = mapped_column(String(500))
    client_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200), default="")
    deployment_ids: Mapped[list] = mapped_column(JSON, default=list)
    auth_login_url: Mapped[str] = mapped_column(String(1000))
    auth_token_url: Mapped[str] = mapped_column(String(1000))
    key_set_url: Mapped[str] = mapped_column(String(1000))
    auth_audience: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class LtiKey(Base):
    """The tool's RSA key pair (PEM); the newest signs, all are published in the JWKS."""

    __tablename__ = "lti_keys"

    kid: Mapped[str] = mapped_column(String(100), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_pem: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class LtiState(Base):
    """Short-lived launch data (nonces, state, launch claims, access tokens), shared by all processes."""

    __tablename__ = "lti_state"

    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class LtiIdentity(Base):
    """An LMS user (platform + `sub`) and the account they launch as."""

    __tablename__ = "lti_identities"
    __table_args__ = (UniqueConstraint("platform_id", "sub", name="uq_lti_identity"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    sub: Mapped[str] = mapped_column(String(300))
    username: Mapped[str] = mapped_column(String(100), index=True)


class LtiContext(Base):
    """An LMS course (platform + context id) and the class it maps to, with its roster service URL."""

    __tablename__ = "lti_contexts"
    __table_args__ = (UniqueConstraint("platform_id", "context_id", name="uq_lti_context"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    context_id: Mapped[str] = mapped_column(String(300))
    class_id: Mapped[int] = mapped_column(ForeignKey("classes.id", ondelete="CASCADE"), index=True)
    memberships_url: Mapped[str] = mapped_column(String(1000), default="")


class LtiLink(Base):
    """Where a learner's score for one graded item goes: the line item of the resource link they launched."""

    __tablename__ = "lti_links"
    __table_args__ = (UniqueConstraint("platform_id", "username", "resource_link_id", name="uq_lti_link"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform_id: Mapped[int] = mapped_column(ForeignKey("lti_platforms.id", ondelete="CASCADE"))
    username: Mapped[str] = mapped_column(String(100), index=True)
    sub: Mapped[str] = mapped_column(String(300))
    resource_link_id: Mapped[str] = mapped_column(String(300))
    item_id: Mapped[str] = mapped_column(String(100), index=True)
    lineitem: Mapped[str] = mapped_column(String(1000), default="")
    lineitems: Mapped[str] = mapped_column(String(1000), default="")
    scopes: Mapped[list] = mapped_column(JSON, default=list)


class LtiScore(Base):
    """One score sent (or not) to an LMS: the outbox, so a failed send is visible and can be retried."""

    __tablename__ = "lti_scores"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    link_id: Mapped[int] = mapped_column(ForeignKey("lti_links.id", ondelete="CASCADE"), index=True)
    score: Mapped[float] = mapped_column(Float)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


# ---------------------------------------------------------------- platforms


@dataclass(frozen=True)
class Platform:
    id: int
    issuer: str
    client_id: str
    name: str
    deployment_ids: tuple[str, ...]
    auth_login_url: str
    auth_token_url: str
    key_set_url: str
    auth_audience: str

    def to_dict(self) -> dict:
        return {"id": self.id, "issuer": self.issuer, "client_id": self.client_id, "name": self.name,
                "deployment_ids": list(self.deployment_ids), "auth_login_url": self.auth_login_url,
                "auth_token_url": self.auth_token_url, "key_set_url": self.key_set_url,
                "auth_audience": self.auth_audience}


def _platform(row: LtiPlatform) -> Platform:
    return Platform(row.id, row.issuer, row.client_id, row.name, tuple(row.deployment_ids or ()),
                    row.auth_login_url, row.auth_token_url, row.key_set_url, row.auth_audience or "")


def _check_url(name: str, url: str) -> str:
    parts = urlsplit(url or "")
    if parts.scheme not in ("https", "http") or not parts.netloc:
        raise AccountError(f"{name} must be an http(s) URL, not {url!r}")
    return url


def add_platform(
    store: Store, issuer: str, client_id: str, *, deployment_ids: list[str], auth_login_url: str,
    auth_token_url: str, key_set_url: str, name: str = "", auth_audience: str = "",
) -> Platform:
    """Register an LMS, or update the registration with the same issuer and client id (the deployment
    ids given are added to those it had)."""
    if not issuer.strip() or not client_id.strip():
        raise AccountError("the issuer and the client id must not be empty")
    deployments = [d.strip() for d in deployment_ids if d and d.strip()]
    if not deployments:
        raise AccountError("give at least one deployment id (--deployment), as the LMS shows it")
    for label, url in (("the login URL", auth_login_url), ("the token URL", auth_token_url),
                       ("the JWKS URL", key_set_url)):
        _check_url(label, url)
    with store.session() as session, session.begin():
        row = session.scalar(select(LtiPlatform).where(LtiPlatform.issuer == issuer, LtiPlatform.client_id == client_id))
        if row is None:
            row = LtiPlatform(issuer=issuer, client_id=client_id, deployment_ids=[], created_at=now())
            session.add(row)
        row.name = name or row.name or urlsplit(issuer).netloc or issuer
        row.deployment_ids = sorted(set(row.deployment_ids or []) | set(deployments))
        row.auth_login_url, row.auth_token_url, row.key_set_url = auth_login_url, auth_token_url, key_set_url
        row.auth_audience = auth_audience or row.auth_audience or ""
        session.flush()
        return _platform(row)


def platforms(store: Store) -> list[Platform]:
    with store.session() as session:
        return [_platform(r) for r in session.scalars(select(LtiPlatform).order_by(LtiPlatform.id))]


def find_platform(store: Store, issuer: str, client_id: str | None = None) -> Platform | None:
    """The registration of `issuer` with `client_id` (or its only one when no client id is given);
    None for anything but text (a launch's claims are untrusted until checked)."""
    if not isinstance(issuer, str) or not (client_id is None or isinstance(client_id, str)):
        return None
    with store.session() as session:
        query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
        if client_id is not None:
            query = query.where(LtiPlatform.client_id == client_id)
        rows = list(session.scalars(query))
    return _platform(rows[0]) if len(rows) == 1 else None


def platform_origins(store: Store) -> list[str]:
    """The web origins of the registered LMSs (for the frame-ancestors of the security headers)."""
    found = set()
    for p in platforms(store):
        for url in (p.issuer, p.auth_login_url):
            parts = urlsplit(url)
            if parts.scheme in ("http", "https") and parts.netloc:
                found.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(found)


# ---------------------------------------------------------------- the tool's key


@dataclass(frozen=True)
class ToolKey:
    kid: str
    private_pem: str
    public_pem: str


def tool_key(store: Store) -> ToolKey:
    """The tool's signing key: the newest in the store, made (RSA 2048) on first use."""
    with store.session() as session:
        row = session.scalar(select(LtiKey).order_by(LtiKey.created_at.desc()).limit(1))
        if row is not None:
            return ToolKey(row.kid, row.private_pem, row.public_pem)
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()).decode()
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    kid = hashlib.sha256(public_pem.encode()).hexdigest()[:32]
    try:
        with store.session() as session, session.begin():
            session.add(LtiKey(kid=kid, private_pem=private_pem, public_pem=public_pem, created_at=now()))
    except IntegrityError:
        pass
    return tool_key(store)  # another process may have made one first: use the one stored


def public_pems(store: Store) -> list[str]:
    tool_key(store)
    with store.session() as session:
        return list(session.scalars(select(LtiKey.public_pem).order_by(LtiKey.created_at.desc())))


# ---------------------------------------------------------------- launch state


def state_set(store: Store, key: str, value, lifetime: int | None = None) -> None:
    """Keep `value` (JSON) under `key` for `lifetime` seconds (default one day)."""
    expires = now() + timedelta(seconds=lifetime or 86400)
    text = json.dumps(value)
    with store.session() as session, session.begin():
        row = session.get(LtiState, key)
        if row is None:
            session.add(LtiState(key=key, value=text, expires_at=expires))
        else:
            row.value, row.expires_at = text, expires
        session.execute(delete(LtiState).where(LtiState.expires_at < now()))


def state_get(store: Store, key: str):
    with store.session() as session:
        row = session.get(LtiState, key)
        if row is None or utc(row.expires_at) < now():
            return None
        return json.loads(row.value)


def state_take(store: Store, key: str) -> bool:
    """Remove `key`; True only for the one caller that removed a live entry (a nonce is used once)."""
    with store.session() as session, session.begin():
        done = session.execute(delete(LtiState).where(LtiState.key == key, LtiState.expires_at >= now()))
        return done.rowcount == 1


# ---------------------------------------------------------------- who launched, in which course


def is_instructor(roles: list[str]) -> bool:
    """Does an LTI roles claim make this person an instructor here (teacher, admin, designer, TA)?"""
    names = {r.rsplit("#", 1)[-1].rsplit("/", 1)[-1] for r in roles or []}
    return any(role in names for role in INSTRUCTOR_ROLES)


def _username(platform_id: int, sub: str) -> str:
    return f"lti{platform_id}-" + hashlib.sha256(sub.encode()).hexdigest()[:12]


def launched_user(store: Store, platform: Platform, sub: str, *, roles: list[str], name: str = "",
                  email: str = "") -> accounts.User:
    """The account of an LMS user: matched by (platform, sub), else created; an instructor in the LMS
    becomes an instructor here (an admin stays an admin; nobody is demoted)."""
    if not sub:
        raise AccountError("the launch names no user (its 'sub' claim is empty)")
    role = "instructor" if is_instructor(roles) else "learner"
    with store.session() as session:
        username = session.scalar(select(LtiIdentity.username).where(
            LtiIdentity.platform_id == platform.id, LtiIdentity.sub == sub))
    user = accounts.find_user(store, username) if username else None
    if user is None:
        username = _username(platform.id, sub)
        user = accounts.find_user(store, username) or accounts.create_user(
            store, username, role, display_name=(name or "")[:200], email=(email or "")[:320])
        try:
            with store.session() as session, session.begin():
                session.add(LtiIdentity(platform_id=platform.id, sub=sub, username=username))
        except IntegrityError:
            pass  # a concurrent launch linked it
    if role == "instructor" and user.role == "learner":
        user = accounts.set_role(store, user.username, "instructor")
    return user


def launched_class(store: Store, platform: Platform, context: dict, memberships_url: str = "") -> accounts.ClassInfo | None:
    """The class of an LMS course (created on its first launch); None when the launch has no context."""
    context_id = str((context or {}).get("id") or "")
    if not context_id:
        return None
    with store.session() as session:
        row = session.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                      LtiContext.context_id == context_id))
        class_id = row.class_id if row else None
    if class_id is None:
        code = f"lti{platform.id}-" + hashlib.sha256(context_id.encode()).hexdigest()[:10]
        title = str(context.get("title") or context.get("label") or code)
        found = accounts.find_class(store, code) or accounts.create_class(store, code, title)
        try:
            with store.session() as session, session.begin():
                session.add(LtiContext(platform_id=platform.id, context_id=context_id, class_id=found.id,
                                       memberships_url=memberships_url or ""))
        except IntegrityError:
            pass
        class_id = found.id
    with store.session() as session, session.begin():
        row = session.scalar(select(LtiContext).where(LtiContext.platform_id == platform.id,
                                                      LtiContext.context_id == context_id))
        if memberships_url and row.memberships_url != memberships_url:
            row.memberships_url = memberships_url
        section = session.get(Section, class_id)
        return accounts.ClassInfo(section.id, section.code, section.title, section.join_code)


def join(store: Store, cls: accounts.ClassInfo, user: accounts.User) -> None:
    """Put a launched user in the class: as an instructor or as a student."""
    if user.role in ("instructor", "admin"):
        accounts.add_instructor(store, cls.code, user.username)
    else:
        accounts.enrol(store, cls.code, user.username)


def roster_source(store: Store, class_code: str) -> tuple[Platform, str] | None:
    """The LMS and the Names and Roles URL that the class's roster comes from, if it came from one."""
    with store.session() as session:
        row = session.execute(
            select(LtiContext, LtiPlatform).join(LtiPlatform, LtiPlatform.id == LtiContext.platform_id)
            .join(Section, Section.id == LtiContext.class_id).where(Section.code == class_code)
        ).first()
    if row is None or not row[0].memberships_url:
        return None
    return _platform(row[1]), row[0].memberships_url


# ---------------------------------------------------------------- grade links and scores


def remember_link(store: Store, platform: Platform, username: str, sub: str, resource_link_id: str,
                  item_id: str, endpoint: dict) -> None:
    """After a launch into a graded item with the AGS claim: where its scores go."""
    with store.session() as session, session.begin():
        row = session.scalar(select(LtiLink).where(
            LtiLink.platform_id == platform.id, LtiLink.username == username,
            LtiLink.resource_link_id == resource_link_id))
        if row is None:
            row = LtiLink(platform_id=platform.id, username=username, resource_link_id=resource_link_id)
            session.add(row)
        row.sub, row.item_id = sub, item_id
        row.lineitem = str(endpoint.get("lineitem") or "")
        row.lineitems = str(endpoint.get("lineitems") or "")
        row.scopes = list(endpoint.get("scope") or [])


@dataclass(frozen=True)
class Link:
    id: int
    platform: Platform
    username: str
    sub: str
    item_id: str
    lineitem: str
    lineitems: str
    scopes: tuple[str, ...]


def links_for(store: Store, username: str, item_id: str) -> list[Link]:
    with store.session() as session:
        rows = session.execute(
            select(LtiLink, LtiPlatform).join(LtiPlatform, LtiPlatform.id == LtiLink.platform_id)
            .where(LtiLink.username == username, LtiLink.item_id == item_id)
        ).all()
    return [Link(k.id, _platform(p), k.username, k.sub, k.item_id, k.lineitem, k.lineitems, tuple(k.scopes or ()))
            for k, p in rows]


def record_score(store: Store, link_id: int, score: float, status: str, message: str = "") -> int:
    with store.session() as session, session.begin():
        row = LtiScore(link_id=link_id, score=float(score), status=status, message=message[:2000], created_at=now())
        session.add(row)
        session.flush()
        return row.id


def scores(store: Store, status: str | None = None) -> list[dict]:
    """The scores sent (or failed), newest first, with where they went."""
    query = (select(LtiScore, LtiLink).join(LtiLink, LtiLink.id == LtiScore.link_id).order_by(LtiScore.id.desc()))
    if status:
        query = query.where(LtiScore.status == status)
    with store.session() as session:
        return [{"id": s.id, "username": k.username, "item_id": k.item_id, "score": s.score, "status": s.status,
                 "message": s.message, "lineitem": k.lineitem, "created_at": utc(s.created_at).isoformat()}
                for s, k in session.execute(query)]
