"""Practice: one question at a time, answer checked and recorded, next question picked by mastery; live preview."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from mvcalc.exercises import grade
from mvcalc.exercises import registry as bank
from mvcalc.web import questions
from mvcalc.web.deps import learner, render, store, writing
from mvcalc.web.security import require_csrf

router = APIRouter()
MAX_PREVIEW = 2000


def find_set(set_id: str, graded: bool = False):
    try:
        info = bank.get_set(set_id)
    except KeyError:
        raise HTTPException(404, f"There is no practice set called {set_id!r}.") from None
    if info.graded != graded:
        where = "assessments" if info.graded else "practice"
        raise HTTPException(404, f"{info.title!r} is at /{where}/{set_id}.")
    if not info.generators:
        raise HTTPException(404, f"The questions of {info.title!r} are not in the bank yet.")
    return info


def form_dict(form: FormData) -> dict[str, Any]:
    """Form fields; repeated fields (grid cells, checked choices) as lists."""
    return {key: (form.getlist(key) if key in ("cell", "choice") else form.get(key)) for key in form}


@router.get("/practice/{set_id}")
def practice_page(request: Request, set_id: str, q: str | None = None, seed: int | None = None,
                  who: str = Depends(learner)) -> Response:
    info = find_set(set_id)
    if q is None or seed is None:
        recent = [a["question_id"] for a in store(request).attempts(who, set_id=set_id, limit=20)]
        q, seed = questions.pick(set_id, store(request).mastery(who), recent)
    try:
        question = questions.load(q, seed, set_id)
    except questions.FormError as exc:
        raise HTTPException(404, str(exc)) from None
    return render(request, "practice.html", {"set": info, "q": questions.view(question), "result": None})


@router.post("/practice/{set_id}", dependencies=[Depends(require_csrf)])
async def answer(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """Grade an answer, record it (committed before the verdict is shown), show verdict and solution."""
    info = find_set(set_id)
    form = form_dict(await request.form())
    try:
        question = questions.load(str(form.get("question") or ""), form.get("seed"), set_id)
        text = questions.answer_text(question, form)
    except questions.FormError as exc:
        raise HTTPException(400, f"Bad answer form: {exc}.") from None
    try:
        hints_used = max(0, min(int(form.get("hints_used") or 0), len(question.hints)))
    except ValueError:
        raise HTTPException(400, "Bad answer form: hints_used must be a whole number.") from None
    verdict = await run_in_threadpool(_grade_and_record, request, who, question, set_id, text, hints_used)
    shown = questions.reveal(question) if verdict.status != "invalid" else None
    back = str(form.get("back") or "")
    back = back if back.startswith("/modules/") else ""
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(
            {
                "ok": True,
                "grade": verdict.to_dict(),
                "answer_latex": shown["answer_latex"] if shown else None,
                "solution_html": shown["solution_html"] if shown else None,
                "next": f"/practice/{set_id}",
            }
        )
    return render(
        request,
        "practice.html",
        {
            "set": info,
            "q": questions.view(question),
            "result": {"grade": verdict, "reveal": shown, "answer": text, "hints_used": hints_used},
            "back": back,
        },
    )


def _grade_and_record(request: Request, who: str, question, set_id: str, text: str, hints_used: int):
    """Grade, then commit the attempt (and mastery) before anything is shown; off the event loop."""
    verdict = grade(question, text)
    with writing(request):
        store(request).record_attempt(who, question.id, set_id, question.seed, text, verdict, hints_used)
    return verdict


@router.post("/api/preview", dependencies=[Depends(require_csrf)])
async def preview(request: Request) -> JSONResponse:
    """How the server's parser reads the learner's text: LaTeX and notes, or where and why it cannot."""
    from mvcalc.math.input.reader import InputError, read

    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "The preview request must be JSON {text, variables}.") from None
    else:
        body = dict(await request.form())
    if not isinstance(body, dict) or not isinstance(body.get("text", ""), str):
        raise HTTPException(400, "The preview request must be JSON {text, variables}.")
    text = body.get("text", "").strip()
    variables = body.get("variables")
    if isinstance(variables, str):
        variables = [v.strip() for v in variables.split(",") if v.strip()] or None
    if variables is not None and not (isinstance(variables, list) and all(isinstance(v, str) for v in variables)):
        raise HTTPException(400, "`variables` must be a list of names.")
    integers = body.get("integers")  # names of integer variables (n, k), as the question declares
    if isinstance(integers, str):
        integers = [v.strip() for v in integers.split(",") if v.strip()] or None
    if integers is not None and not (isinstance(integers, list) and all(isinstance(v, str) for v in integers)):
        raise HTTPException(400, "`integers` must be a list of names.")
    if not text:
        return JSONResponse({"ok": True, "empty": True, "latex": "", "notes": []})
    if len(text) > MAX_PREVIEW:
        return JSONResponse({"ok": False, "message": f"That is too long to read (over {MAX_PREVIEW} characters).", "column": None, "hint": ""})
    try:
        reading = read(text, variables, integers)
    except (InputError, ValueError) as exc:
        if not isinstance(exc, InputError):
            raise HTTPException(400, "`variables` and `integers` must be names of variables.") from None
        return JSONResponse({"ok": False, "message": exc.message, "column": exc.column, "hint": exc.hint or ""})
    return JSONResponse({"ok": True, "latex": reading.latex, "notes": list(reading.notes)})
