"""Reading pages: home, module and lesson pages; the static health check and the readiness check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from mvcalc.assignments import all_assignments
from mvcalc.exercises import registry as bank
from mvcalc.web import lesson_view, progress
from mvcalc.web.deps import cached_page, course, learner, render, store, writing
from mvcalc.web.security import require_csrf

router = APIRouter()


@router.get("/health")
def health() -> JSONResponse:
    """A static answer, for monitors and as the load benchmark's peer."""
    return JSONResponse({"status": "ok"})


@router.get("/ready")
def ready(request: Request) -> JSONResponse:
    """Whether this process can serve learners now: its store answers a query (503 with the reason if not)."""
    from mvcalc.store import StoreUnavailable

    try:
        store(request).ready()
    except StoreUnavailable as exc:
        return JSONResponse({"status": "unavailable", "store": exc.reason}, status_code=503)
    return JSONResponse({"status": "ok", "store": "ok"})


@router.get("/")
def home(request: Request, who: str = Depends(learner)) -> Response:
    return render(request, "home.html", {"summary": progress.summary(store(request), who, course(request))})


def _module(request: Request, number: int):
    module = course(request).module(number)
    if module is None:
        raise HTTPException(404, f"There is no module {number}; the course has modules 1 to {len(course(request).modules)}.")
    return module


@router.get("/modules/{number}")
def module_page(request: Request, number: int, who: str = Depends(learner)) -> Response:
    module = _module(request, number)
    sets = [s for s in bank.sets() if s.module == number]
    summary = progress.summary(store(request), who, course(request))
    skills = sorted({skill for s in sets for g in s.generators for skill in bank.get(g).META.skills})
    return render(
        request,
        "module.html",
        {
            "module": module,
            "sets": sets,
            "progress": summary.module(number),
            "skills": [{"id": k, "name": k.replace("-", " "), "p": summary.mastery.get(k)} for k in skills],
            "assignments": [a for a in all_assignments().values() if a.module == number],
        },
    )


@router.get("/modules/{number}/lessons/{slug}")
def lesson_page(request: Request, number: int, slug: str) -> Response:
    """The same for every learner, so rendered once and kept (`page_cache`); only the CSRF token is per request."""
    module = _module(request, number)
    lesson = module.lesson(slug)
    if lesson is None:
        raise HTTPException(404, f"Module {number} has no lesson called {slug!r}.")
    the_course = course(request)
    return cached_page(request, lesson_view.lesson_key(lesson),
                       lambda: lesson_view.lesson_page(the_course, module, lesson))


@router.post("/modules/{number}/lessons/{slug}/read", dependencies=[Depends(require_csrf)])
def mark_read(request: Request, number: int, slug: str, who: str = Depends(learner)) -> Response:
    """The learner marks a lesson as read: with its practice attempted, it counts as done."""
    lesson = _module(request, number).lesson(slug)
    if lesson is None:
        raise HTTPException(404, f"Module {number} has no lesson called {slug!r}.")
    with writing(request):
        store(request).record_read(who, lesson.id)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"ok": True, "lesson": lesson.id})
    return RedirectResponse(lesson.url, status_code=303)


@router.get("/pages/{slug}")
def content_page(request: Request, slug: str) -> Response:
    """A page of the course that is not a lesson, such as the glossary."""
    page = course(request).page(slug)
    if page is None:
        raise HTTPException(404, f"There is no page called {slug!r}.")
    return render(request, "page.html", {"page": page, "blocks": lesson_view.page_blocks(page)})
