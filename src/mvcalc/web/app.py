"""The FastAPI application of the course: `create_app()` wires the store, the course, templates and routes.

This module only assembles the app; what a route needs per request (the learner, the
store, the render function) comes from `deps.py`, so no route imports this module.
"""

from __future__ import annotations

import os
import threading
from contextlib import nullcontext
from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy import event
from starlette.exceptions import HTTPException as StarletteHTTPException

from mvcalc.course.loader import cached_course
from mvcalc.store.api import LOCAL, Store
from mvcalc.web import lesson_view
from mvcalc.web.deps import render
from mvcalc.web.page_cache import PageCache
from mvcalc.web.security import GuardMiddleware
from mvcalc.web.templating import make_templates

STATIC = Path(__file__).parent / "static"


@dataclass
class Settings:
    """How the app runs: database URL (None: the store's default), content folder, extra allowed hosts."""

    database_url: str | None = None
    content_root: str | None = None
    allowed_hosts: tuple[str, ...] = ()
    learner: str = LOCAL
    warm_pages: bool = False  # render lesson and figure pages in a background thread at start-up


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or "application/json" in request.headers.get("accept", "")


def _error_page(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"ok": False, "error": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _tune_sqlite(store: Store) -> None:
    """SQLite in WAL mode with synchronous=NORMAL: a commit survives a crash of the app, readers never
    wait for the writer, and a commit costs no fsync of the main file (about 30x faster per answer);
    busy_timeout lets several workers share the file."""
    if store.engine.dialect.name != "sqlite" or store.url in ("sqlite://", "sqlite:///:memory:"):
        return

    @event.listens_for(store.engine, "connect")
    def _pragmas(connection, _record) -> None:
        cursor = connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app; the store's schema is migrated and the course loaded now (fail fast, no race)."""
    from mvcalc.grading import queue_for
    from mvcalc.web.routes import assessments, assignments, pages, practice, sandpit

    settings = settings or Settings()
    app = FastAPI(title="mvcalc", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.settings = settings
    app.state.store = Store(settings.database_url)
    _tune_sqlite(app.state.store)
    app.state.write_lock = threading.Lock() if app.state.store.engine.dialect.name == "sqlite" else nullcontext()
    app.state.store.migrate()  # now, not on the first requests (which may arrive together)
    app.state.course = cached_course(settings.content_root)
    app.state.grading = queue_for(app.state.store)  # procrastinate on PostgreSQL, a thread pool on SQLite
    app.state.grading.recover()
    app.state.templates = make_templates()
    app.state.pages = PageCache(app.state.templates, lambda: {"course": app.state.course})
    if settings.warm_pages:
        app.state.pages.warm(lesson_view.pages(app.state.course))
    app.add_middleware(GuardMiddleware, allowed_hosts=settings.allowed_hosts)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (pages, practice, assessments, sandpit, assignments):
        app.include_router(module.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = "There is no page at this address."
        return _error_page(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', 'invalid')}"
            for e in exc.errors()
        )
        return _error_page(request, 422, f"The form was not filled in as expected ({problems}).")

    return app


def from_environment() -> FastAPI:
    """The app for uvicorn's multi-worker mode (`mvcalc serve --workers N`): settings from the environment."""
    hosts = tuple(h for h in os.environ.get("MVCALC_SERVE_HOSTS", "").split(",") if h)
    return create_app(Settings(database_url=os.environ.get("MVCALC_SERVE_DB") or None, allowed_hosts=hosts,
                               warm_pages=True))
