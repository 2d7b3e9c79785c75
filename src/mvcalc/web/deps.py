"""What a route needs for a request, as FastAPI dependencies: the learner, the store, the course, rendering.

Routes import these, never `app.py` (which assembles the app and imports the routes).
Everything is read from `request.app.state`, set up once by `create_app()`.
"""

from __future__ import annotations

from fastapi import HTTPException, Request
from fastapi.responses import Response

from mvcalc.course.model import Course
from mvcalc.store.api import Store


async def learner(request: Request) -> str:
    """The learner whose progress this request reads and writes: the signed-in user's username with
    accounts on, else the one local learner. Nobody can ask for another learner's records.
    (`async`, though it awaits nothing: FastAPI would run a plain function in a worker thread.)"""
    user = getattr(request.state, "user", None)
    if user is not None:
        return user.username
    if getattr(request.app.state.settings, "accounts", False):
        raise HTTPException(401, "Sign in first.")
    return request.app.state.settings.learner


def store(request: Request) -> Store:
    return request.app.state.store


def writing(request: Request):
    """Held around each store write: SQLite has one writer at a time, and threads queueing on a
    lock are woken at once, where SQLite's busy handler would make them sleep and retry (p99 spikes)."""
    return request.app.state.write_lock


def course(request: Request) -> Course:
    return request.app.state.course


def render(request: Request, template: str, context: dict, status: int = 200) -> Response:
    """A page from a template, with the CSRF token every page's forms need."""
    context = {
        "csrf_token": getattr(request.state, "csrf_token", ""),
        "course": course(request),
        "user": getattr(request.state, "user", None),
        **context,
    }
    return request.app.state.templates.TemplateResponse(request, template, context, status_code=status)


def cached_page(request: Request, key: object, build) -> Response:
    """A page that is the same for every learner, rendered once per app (`page_cache`), with this request's
    CSRF token; `build()` gives its (template, context) and must not read anything of the learner."""
    return request.app.state.pages.response(request, key, build)


# Who is signed in and who may see a page (accounts mode): see web/auth.py.
from mvcalc.web.auth import accounts_on, current_user, require_role  # noqa: E402

__all__ = ["accounts_on", "cached_page", "course", "current_user", "learner", "render", "require_role", "store",
           "writing"]
