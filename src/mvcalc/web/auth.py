"""Accounts mode: who is signed in, who may see a page, and the session cookie.

With accounts on (`mvcalc serve --accounts`), `SignInMiddleware` finds the
signed-in user from the `mvcalc_session` cookie (a random token; the store keeps
only its hash, so any app process can serve any request) and sends everyone else
to /login, except for `PUBLIC_PATHS` and `PUBLIC_PREFIXES`. Routes ask for the
user with `current_user` and guard themselves with `require_role(...)`.

In the personal course (no accounts) there is one person, the local learner, who
is every role on their own machine: `current_user` is `LOCAL_USER` (an admin)
and `require_role` lets every request through.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from urllib.parse import quote

from fastapi import HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.responses import JSONResponse, RedirectResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from mvcalc.store import accounts
from mvcalc.store.api import LOCAL, Store

SESSION_COOKIE = "mvcalc_session"
# Pages anyone may open without signing in (the LTI launch endpoints sign people in themselves).
PUBLIC_PATHS = {"/login", "/join", "/health", "/ready", "/favicon.ico"}
PUBLIC_PREFIXES = ("/static/", "/lti/", "/.well-known/")

LOCAL_USER = accounts.User(
    id=0, username=LOCAL, display_name="You", email="", role="admin", active=True, has_password=False,
    created_at=datetime(2026, 1, 1, tzinfo=UTC),
)


def is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def session_token(headers: Headers) -> str:
    cookie = SimpleCookie(headers.get("cookie", ""))
    return cookie[SESSION_COOKIE].value if SESSION_COOKIE in cookie else ""


class SignInMiddleware:
    """Pure ASGI middleware: puts the signed-in user in `request.state.user`; others go to /login."""

    def __init__(self, app: ASGIApp, store: Store) -> None:
        self.app = app
        self.store = store

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path.startswith("/static/"):  # assets need nobody: no store lookup for each of a page's files
            await self.app(scope, receive, send)
            return
        token = session_token(Headers(scope=scope))
        user = await run_in_threadpool(accounts.session_user, self.store, token) if token else None
        scope.setdefault("state", {})["user"] = user
        if user is None and not is_public(path):
            await self._sign_in_first(scope, path)(scope, receive, send)
            return
        await self.app(scope, receive, send)

    @staticmethod
    def _sign_in_first(scope: Scope, path: str):
        headers = Headers(scope=scope)
        wants_page = scope["method"] in ("GET", "HEAD") and not path.startswith("/api/") and (
            "application/json" not in headers.get("accept", "")
        )
        if wants_page:
            query = scope.get("query_string", b"").decode("latin-1")
            target = path + (f"?{query}" if query else "")
            return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)
        return JSONResponse({"ok": False, "error": "Sign in first."}, status_code=401)


def accounts_on(request: Request) -> bool:
    return bool(getattr(request.app.state.settings, "accounts", False))


def current_user(request: Request) -> accounts.User:
    """The signed-in user (accounts mode), or `LOCAL_USER` in the personal course."""
    if not accounts_on(request):
        return LOCAL_USER
    user = getattr(request.state, "user", None)
    if user is None:  # the middleware lets only public paths through without one
        raise HTTPException(401, "Sign in first.")
    return user


def require_role(*roles: str) -> Callable[[Request], accounts.User]:
    """A dependency that lets through users with one of `roles` (admins always), else 403.

    Use: `@router.get("/teach", dependencies=[Depends(require_role("instructor"))])`, or
    `user = Depends(require_role("instructor"))` to get the user too.
    """
    for role in roles:
        accounts.check_role(role)

    def check(request: Request) -> accounts.User:
        user = current_user(request)
        if user.role != "admin" and user.role not in roles:
            raise HTTPException(403, f"This page is for {' and '.join(roles)}s only.")
        return user

    return check


def safe_next(target: str | None) -> str:
    """Where to go after signing in: a path on this site only (no //host, no scheme)."""
    target = target or "/"
    if not target.startswith("/") or target.startswith("//") or "\\" in target or "\n" in target:
        return "/"
    return target


def signed_in_redirect(request: Request, user: accounts.User, target: str = "/", samesite: str = "lax"):
    """Sign `user` in: a redirect to `target` with a fresh session cookie and a fresh CSRF cookie.

    Any session the browser had is ended first and a new random token issued (no session fixation).
    Used by /login and /join, and by anything else that signs people in (an LTI launch, which may
    need `samesite="none"`: then the cookie is `Secure` too, as browsers require).
    """
    from mvcalc.web.security import CSRF_COOKIE

    settings = request.app.state.settings
    store = request.app.state.store
    old = session_token(request.headers)
    if old:
        accounts.end_session(store, old)
    lifetime = timedelta(hours=settings.session_hours)
    token = accounts.start_session(store, user.id, lifetime)
    response = RedirectResponse(safe_next(target), status_code=303)
    response.set_cookie(SESSION_COOKIE, token, max_age=int(lifetime.total_seconds()), path="/", httponly=True,
                        samesite=samesite, secure=settings.secure_cookies or samesite == "none")
    response.delete_cookie(CSRF_COOKIE, path="/")  # the next page issues a new one
    return response
