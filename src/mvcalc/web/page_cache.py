"""Pages that are the same for every learner (lessons, the figures page), rendered once per app and kept.

A page is rendered with a placeholder where the learner's CSRF token goes; each
request gets the kept HTML with its own token put in. Only what is the same for
every learner and every view may be rendered through here: progress, choices of
question by mastery or anything else per learner stays in pages rendered per
request. `warm()` renders a list of pages in a background thread at start-up, so
that the first learner of each page does not wait (nor does start-up, nor /health).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable

from fastapi import Request
from fastapi.responses import HTMLResponse
from markupsafe import escape

log = logging.getLogger("mvcalc.web")
SLOT = f"mvcalc-csrf-slot-{secrets.token_hex(8)}"  # never in content: fresh per process
USER_SLOT = f"mvcalc-user-slot-{secrets.token_hex(8)}"  # where the signed-in user's name and sign-out go
Build = Callable[[], tuple[str, dict]]  # -> (template, context), the context free of learner data


class PageCache:
    """Rendered pages by key (at most `size`, least recently used dropped); each page built once."""

    def __init__(self, templates, base_context: Callable[[], dict], size: int = 256) -> None:
        self.templates = templates
        self.base_context = base_context
        self.size = size
        self._pages: OrderedDict[object, str] = OrderedDict()
        self._lock = threading.Lock()
        self._building: dict[object, threading.Lock] = {}

    def html(self, key: object, build: Build) -> str:
        """The page's HTML with the token placeholder; rendered now if it is not kept yet."""
        with self._lock:
            if key in self._pages:
                self._pages.move_to_end(key)
                return self._pages[key]
            building = self._building.setdefault(key, threading.Lock())
        with building:  # one render per page, however many learners ask for it at once
            with self._lock:
                if key in self._pages:
                    return self._pages[key]
            template, context = build()
            page = self.templates.get_template(template).render(
                {**self.base_context(), **context, "csrf_token": SLOT, "user_slot": USER_SLOT}
            )
            with self._lock:
                self._pages[key] = page
                self._building.pop(key, None)
                while len(self._pages) > self.size:
                    self._pages.popitem(last=False)
        return page

    def __contains__(self, key: object) -> bool:
        with self._lock:
            return key in self._pages

    def response(self, request: Request, key: object, build: Build, fill: dict[str, str] | None = None) -> HTMLResponse:
        """The kept page with this request's CSRF token in its forms and, with accounts on, the
        signed-in user's sign-out form (rendered per request: a kept page never shows another user);
        `fill` maps other placeholders the build put in its context to this request's values (escaped)."""
        token = str(escape(getattr(request.state, "csrf_token", "")))
        user = getattr(request.state, "user", None)
        header = (self.templates.get_template("_signed_in.html").render(user=user, csrf_token=token)
                  if user is not None else "")
        page = self.html(key, build).replace(USER_SLOT, header).replace(SLOT, token)
        for slot, value in (fill or {}).items():
            page = page.replace(slot, str(escape(value)))
        return HTMLResponse(page)

    def warm(self, pages: Iterable[tuple[object, Build]]) -> threading.Thread:
        """Render `pages` in a daemon thread, one after another; failures are logged and left for later."""

        def run() -> None:
            for key, build in pages:
                try:
                    self.html(key, build)
                except Exception:  # a page that cannot be built now answers with its error when asked
                    log.warning("could not pre-render %r", key, exc_info=True)

        thread = threading.Thread(target=run, name="mvcalc-warm-pages", daemon=True)
        thread.start()
        return thread
