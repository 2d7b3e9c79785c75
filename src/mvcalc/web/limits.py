"""Request bodies bounded before anything parses them: a size limit for every body, a nesting
limit for JSON (Python's json module recurses, so a deep enough body would end in a 500).

Too large: 413 with a message; too deeply nested: 400 with a message. The body is read once
here (at most `max_body` bytes) and handed on unchanged.
"""

from __future__ import annotations

import re
from itertools import accumulate

from starlette.datastructures import Headers
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY = 2_000_000  # bytes: twice the largest upload (an assignment file, 1 MB), so its own message shows
MAX_JSON_DEPTH = 32  # the deepest JSON the course sends is 3 levels
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")
_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_NOT_BRACKET = re.compile(rb"[^\[\]{}]")


def json_depth(body: bytes) -> int:
    """How deeply `body`'s arrays and objects nest (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub(b"", _STRING.sub(b"", body))
    return max(accumulate(1 if b in b"[{" else -1 for b in brackets), default=0)


def _refuse(scope: Scope, status: int, message: str) -> Response:
    headers = Headers(scope=scope)
    if scope["path"].startswith("/api/") or "json" in headers.get("accept", "") + headers.get("content-type", ""):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return PlainTextResponse(message, status_code=status)


class BodyLimitMiddleware:
    """Pure ASGI middleware: reads at most `max_body` bytes of a request, checks JSON depth, replays it."""

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY, max_depth: int = MAX_JSON_DEPTH) -> None:
        self.app, self.max_body, self.max_depth = app, max_body, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        too_big = f"The request is too large (over {self.max_body:,} bytes)."
        declared = headers.get("content-length", "")
        if declared and (not declared.isdigit() or int(declared) > self.max_body):
            await _refuse(scope, 413, too_big)(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _refuse(scope, 413, too_big)(scope, receive, send)
                return
            chunks.append(chunk)
            more = message.get("more_body", False)
        body = b"".join(chunks)
        is_form = headers.get("content-type", "").startswith(FORMS)
        if not is_form and json_depth(body) > self.max_depth:  # any body a route may read as JSON
            message = f"The JSON is nested too deeply (more than {self.max_depth} levels)."
            await _refuse(scope, 400, message)(scope, receive, send)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)
