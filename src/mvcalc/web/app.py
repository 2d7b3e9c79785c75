"""The FastAPI application of the course: `create_app()` wires the store, the course, templates and routes.

This module only assembles the app; what a route needs per request (the learner, the
store, the render function) comes from `deps.py`, so no route imports this module.
"""

from __future__ import annotations

import os
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from mvcalc.course.loader import cached_course
from mvcalc.store.api import LOCAL, Store
from mvcalc.store.engine import StoreUnavailable
from mvcalc.web import lesson_view
from mvcalc.web.auth import SignInMiddleware
from mvcalc.web.deps import render
from mvcalc.web.limits import MAX_BODY, BodyLimitMiddleware
from mvcalc.web.page_cache import PageCache
from mvcalc.web.security import GuardMiddleware, HeadersMiddleware
from mvcalc.web.templating import make_templates

STATIC = Path(__file__).parent / "static"


@dataclass
class Settings:
    """How the app runs: database URL (None: the store's default), content folder, extra allowed hosts;
    with `accounts`, every page but the public ones needs a signed-in user (see web/auth.py)."""

    database_url: str | None = None
    content_root: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    learner: str = LOCAL
    warm_pages: bool = False  # render lesson and figure pages in a background thread at start-up
    max_body: int = MAX_BODY
    accounts: bool = False
    secure_cookies: bool = False
    frame_ancestors: tuple[str, ...] = ()
    session_hours: float = 12.0


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _lms_origins(store: Store, ttl: float = 60.0):
    """The registered LMSs' origins (they may frame the course), re-read from the store every `ttl` s."""
    from mvcalc.store.lti import platform_origins

    cache: dict = {"at": -ttl, "origins": []}

    def origins() -> list[str]:
        if time.monotonic() - cache["at"] >= ttl:
            cache["origins"], cache["at"] = platform_origins(store), time.monotonic()
        return cache["origins"]

    origins.refresh = lambda: cache.update(at=-ttl)  # read the store again at the next response
    return origins


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app; the store's schema is migrated and the course loaded now (fail fast, no race).

    Raises `StoreUnavailable` when the database cannot be opened or migrated."""
    from mvcalc.grading import queue_for
    from mvcalc.web.routes import (
        account,
        assessments,
        assignments,
        lti,
        pages,
        practice,
        sandpit,
        teach,
    )

    settings = settings or Settings()
    app = FastAPI(title="mvcalc", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.store = Store(settings.database_url)
    app.state.write_lock = threading.Lock() if app.state.store.engine.dialect.name == "sqlite" else nullcontext()
    app.state.store.migrate()  # now, not on the first requests (which may arrive together)
    app.state.store.ready()  # a read-only file is a start-up problem, not a surprise at the first answer
    app.state.course = cached_course(settings.content_root)
    app.state.grading = queue_for(app.state.store)  # procrastinate on PostgreSQL, a thread pool on SQLite
    app.state.grading.recover()
    app.state.templates = make_templates()
    app.state.pages = PageCache(app.state.templates, lambda: {"course": app.state.course})
    # practice pages of newly issued questions: one per kept variant (web/questions.VariantPool)
    app.state.practice_pages = PageCache(app.state.templates, lambda: {"course": app.state.course}, size=1024)
    if settings.warm_pages:
        app.state.pages.warm(lesson_view.pages(app.state.course))
    # Sites that may frame the course (LMSs launching it): the setting's, then any source added to
    # this list (the LTI platform registry appends one returning its platforms' origins).
    app.state.frame_ancestor_sources = [lambda: settings.frame_ancestors, _lms_origins(app.state.store)]
    if settings.accounts:
        app.add_middleware(SignInMiddleware, store=app.state.store)
    app.add_middleware(BodyLimitMiddleware, max_body=settings.max_body)
    def frame_ancestors() -> list[str]:
        return [h for source in app.state.frame_ancestor_sources for h in source()]

    app.add_middleware(GuardMiddleware, allowed_hosts=settings.allowed_hosts, secure=settings.secure_cookies,
                       embeddable=lambda: bool(frame_ancestors()))
    app.add_middleware(HeadersMiddleware, frame_ancestors=frame_ancestors)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (pages, practice, assessments, sandpit, assignments, account, teach, lti):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(StoreUnavailable)
    async def store_unavailable(request: Request, exc: StoreUnavailable) -> Response:
        """The database cannot be used now: say so, say nothing was saved, keep serving."""
        if request.method in ("GET", "HEAD"):
            message = f"Your progress could not be read: {exc.reason}. Please try again in a moment."
        else:
            message = f"Your answer could not be saved: {exc.reason}. Nothing was recorded; please try again in a moment."
        response = _error_page(request, 503, message)
        response.headers["Retry-After"] = "5"
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return _error_page(request, 422, f"The form was not filled in as expected ({problems}).")

    return app


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _words(name: str) -> tuple[str, ...]:
    return tuple(w for w in os.environ.get(name, "").replace(",", " ").split() if w)


def settings_from_environment(**given) -> Settings:
    """Settings from `MVCALC_ACCOUNTS`, `MVCALC_SECURE_COOKIES`, `MVCALC_FRAME_ANCESTORS`,
    `MVCALC_SESSION_HOURS`; keyword arguments (command-line options) win."""
    hours = os.environ.get("MVCALC_SESSION_HOURS", "").strip()
    found = {
        "accounts": _flag("MVCALC_ACCOUNTS"),
        "secure_cookies": _flag("MVCALC_SECURE_COOKIES"),
        "frame_ancestors": _words("MVCALC_FRAME_ANCESTORS"),
        "session_hours": float(hours) if hours else 12.0,
    }
    found.update({k: v for k, v in given.items() if v is not None})
    return Settings(**found)


def one_blas_thread() -> None:
    """Run BLAS (OpenBLAS: NumPy's, and SciPy's own copy) on one thread in this process and its children.

    A served process answers many small requests at once on its own threads; the only BLAS work
    it does is tiny (2-D optimisers of the Sandpit, small fits), where waking OpenBLAS's worker
    threads costs more than the sum: a bounded L-BFGS-B run took 1.8 ms instead of 0.3 ms, and
    the threads' spinning takes cores from the requests (`benchmarks/load.py`, the class).
    The environment covers the libraries loaded from now on (mvcalc imports NumPy and SciPy
    lazily) and the worker processes; threadpoolctl the ones already loaded."""
    from threadpoolctl import threadpool_limits

    os.environ["OPENBLAS_NUM_THREADS"] = "1"
    threadpool_limits(limits=1, user_api="blas")


def from_environment() -> FastAPI:
    """The app for uvicorn's multi-worker mode (`mvcalc serve --workers N`): settings from the environment."""
    one_blas_thread()
    hosts = tuple(h for h in os.environ.get("MVCALC_SERVE_HOSTS", "").split(",") if h)
    return create_app(
        settings_from_environment(database_url=os.environ.get("MVCALC_SERVE_DB") or None, allowed_hosts=hosts,
                                  warm_pages=True)
    )
