"""Cross-site request protection, even on 127.0.0.1: Host/Origin checks and a double-submit CSRF token.

- Every request must name an allowed Host (loopback names plus the host the
  server was started on): a DNS-rebinding page cannot talk to the app.
- Every unsafe request (POST, …) whose Origin (or, lacking it, Referer) is
  given must come from the same host and port.
- Every POST carries the per-browser token from the `mvcalc_csrf` cookie back
  in a hidden form field `csrf_token` or an `X-CSRF-Token` header; the
  `require_csrf` dependency compares them in constant time.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

from fastapi import HTTPException, Request
from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSRF_COOKIE = "mvcalc_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")
# An LMS posts to these from its own site (LTI 1.3); they are guarded by the signed id_token,
# the state cookie and a one-time nonce instead of the same-origin rule.
CROSS_SITE_POSTS = ("/lti/login", "/lti/launch")


def _hostname(host: str) -> str:
    """'127.0.0.1:8000' -> '127.0.0.1'; '[::1]:80' -> '[::1]'."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class GuardMiddleware:
    """Pure ASGI middleware: rejects foreign Host and cross-origin unsafe requests; issues the CSRF cookie."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = (), secure: bool = False,
                 embeddable: Callable[[], bool] = lambda: False) -> None:
        self.app = app
        self.allowed = {h.lower() for h in (*LOOPBACK, *allowed_hosts)}
        self.secure = secure
        self.embeddable = embeddable  # may an LMS frame the course? (then its cookie must cross sites)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if "*" not in self.allowed and _hostname(host).lower() not in self.allowed:
            await PlainTextResponse(f"Host {host!r} is not served here.", status_code=400)(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and scope["path"] not in CROSS_SITE_POSTS:
            origin = headers.get("origin") or headers.get("referer")
            if origin and origin != "null" and urlsplit(origin).netloc.lower() != host.lower():
                await PlainTextResponse(
                    "Cross-site request refused: the form was not sent from this site.", status_code=403
                )(scope, receive, send)
                return
            if origin == "null":
                await PlainTextResponse("Cross-site request refused (opaque origin).", status_code=403)(scope, receive, send)
                return
        cookie = SimpleCookie(headers.get("cookie", ""))
        token = cookie[CSRF_COOKIE].value if CSRF_COOKIE in cookie else ""
        fresh = not (16 <= len(token) <= 128 and token.replace("-", "").replace("_", "").isalnum())
        if fresh:
            token = secrets.token_urlsafe(32)
        scope.setdefault("state", {})["csrf_token"] = token
        scope["state"]["csrf_fresh"] = fresh

        async def send_with_cookie(message: Message) -> None:
            if fresh and message["type"] == "http.response.start":
                # https as the browser sees it (uvicorn takes it from a trusted proxy's X-Forwarded-Proto)
                https = self.secure or scope.get("scheme") == "https"
                # In an LMS's iframe the course is a third party: a Strict (or Lax) cookie would not be sent
                # there, and every form would fail. Over https a framable course's cookie is SameSite=None
                # (browsers require Secure with it); the token check and the Origin check still refuse
                # requests from other sites, which cannot read the token.
                same_site = "None" if https and self.embeddable() else "Strict"
                flags = "; Secure" if https else ""
                value = f"{CSRF_COOKIE}={token}; Path=/; SameSite={same_site}; HttpOnly{flags}"
                message.setdefault("headers", []).append((b"set-cookie", value.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def csrf_token(request: Request) -> str:
    """The token to put in this page's forms (the cookie's, or the one being issued)."""
    return request.state.csrf_token


async def require_csrf(request: Request) -> None:
    """Dependency of every POST route: the form field or header must equal the cookie."""
    if request.state.csrf_fresh:
        raise HTTPException(403, "Missing security cookie: reload the page and send the form again.")
    sent = request.headers.get(CSRF_HEADER, "")
    if not sent and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        sent = str(form.get(CSRF_FIELD, ""))
    if not sent or not hmac.compare_digest(sent.encode(), request.state.csrf_token.encode()):
        raise HTTPException(403, "The form's security token does not match: reload the page and try again.")


class HeadersMiddleware:
    """Pure ASGI middleware: the security headers of every response.

    Content-Security-Policy allows scripts from this site only (no inline scripts: the pages' data
    travels in `<script type="application/json">` blocks, which never run); styles may be inline
    (KaTeX and JSXGraph set them). `frame_ancestors()` names the sites that may show the course in a
    frame (an LMS that launches it by LTI); with none, only this site may.
    """

    def __init__(self, app: ASGIApp, frame_ancestors=lambda: ()) -> None:
        self.app = app
        self.frame_ancestors = frame_ancestors

    def policy(self) -> str:
        ancestors = " ".join(("'self'", *sorted(set(self.frame_ancestors()))))
        return (
            "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
            f"base-uri 'self'; form-action 'self'; frame-ancestors {ancestors}"
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = [
            (b"content-security-policy", self.policy().encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                own = any(name.lower() == b"content-security-policy" for name, _ in headers)
                headers.extend(extra[1:] if own else extra)  # a page with its own policy keeps it
            await send(message)

        await self.app(scope, receive, send_with_headers)
