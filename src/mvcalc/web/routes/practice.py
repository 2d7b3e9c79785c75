"""Practice: one question at a time, issued by the server under an opaque id (the variant never comes
from the form), answer checked and recorded, what is shown decided by the reveal policy
(`exercises/reveal.py`), the next question picked by mastery; hints and the solution on request; live preview."""

from __future__ import annotations

import secrets
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from mvcalc.exercises import grade
from mvcalc.exercises import registry as bank
from mvcalc.exercises.reveal import Reveal, reveal
from mvcalc.store.engine import WouldWait
from mvcalc.web import questions
from mvcalc.web.deps import course, learner, render, store, writing
from mvcalc.web.lesson_view import is_lesson_variant
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
async def practice_page(request: Request, set_id: str, q: str | None = None, seed: int | None = None,
                        who: str = Depends(learner)) -> Response:
    """A question issued to the learner: the server picks the variant (by mastery, from the pool) and
    the page carries only its opaque id. A link naming `q` and `seed` replays that variant (never
    evidence for mastery, unless a lesson shows it)."""
    info = find_set(set_id)
    if q is not None and seed is not None:
        return await run_in_threadpool(_replay_page, request, info, who, q, seed)
    try:  # a view's two short transactions on the event loop cost less than a hand-over to a thread
        issued = _issue(request, who, set_id, wait=False)
    except WouldWait:  # ...unless they would wait (PostgreSQL, another thread writing, a retry)
        issued = await run_in_threadpool(_issue, request, who, set_id)
    if _page_key(info, issued) in request.app.state.practice_pages:
        return _fresh_page(request, info, issued)
    return await run_in_threadpool(_fresh_page, request, info, issued)  # rendering may generate the question


def _issue(request: Request, who: str, set_id: str, wait: bool = True) -> dict:
    """Pick the learner's next question of the set (from their mastery and recent questions) and
    issue it; without `wait`: `WouldWait` rather than waiting (then nothing was issued)."""
    the_store = store(request)
    q, seed = questions.pick(set_id, *the_store.practice_state(who, set_id, limit=questions.RECENT, wait=wait))
    if not wait:  # the store's own write queue is tried without waiting; the app's lock is for waiting threads
        return the_store.issue(who, set_id, q, seed, wait=False)
    with writing(request):
        return the_store.issue(who, set_id, q, seed)


def _replay_page(request: Request, info, who: str, q: str, seed: int) -> Response:
    try:
        questions.load(q, seed, info.id)
    except questions.FormError as exc:
        raise HTTPException(404, str(exc)) from None
    with writing(request):
        issued = store(request).find_or_issue(who, info.id, q, int(seed),
                                              replay=not is_lesson_variant(course(request), q, int(seed)))
    return _page(request, info, issued)


def _page(request: Request, info, issued: dict, result: dict | None = None, back: str = "",
          requested: bool = False) -> Response:
    """The practice page of an issued question, with what the reveal policy lets it show now."""
    return render(request, "practice.html", _context(info, issued, result, back, requested))


def _context(info, issued: dict, result: dict | None = None, back: str = "", requested: bool = False) -> dict:
    question = questions.generate(issued["question_id"], issued["seed"])
    policy = _policy(issued)
    shown = questions.reveal(question) if policy.solution == "shown" else None
    return {"set": info, "q": questions.view(question), "issued": issued, "policy": policy, "result": result,
            "solution": shown, "requested": requested, "back": back}


ISSUED_SLOT = f"mvcalc-issued-slot-{secrets.token_hex(8)}"  # where a kept page's issued id goes


def _page_key(info, issued: dict) -> tuple:
    return (info.id, issued["question_id"], issued["seed"], issued["replay"])


def _fresh_page(request: Request, info, issued: dict) -> Response:
    """The page of a question just issued (nothing tried yet): the same for every learner given the
    variant, so it is rendered once per (set, variant) and kept, with this view's issued id put in."""
    key = _page_key(info, issued)
    build = lambda: ("practice.html", _context(info, {**issued, "id": ISSUED_SLOT}))  # noqa: E731
    return request.app.state.practice_pages.response(request, key, build, fill={ISSUED_SLOT: issued["id"]})


def _policy(issued: dict) -> Reveal:
    return reveal(issued["wrong_tries"], issued["hints_used"], issued["solution_viewed"],
                  solved=issued["closed"], replay=issued["replay"])


def _issued(request: Request, who: str, set_id: str, form: dict[str, Any]) -> dict:
    """The issued question a form refers to: by its opaque id (404 if it is not the learner's), or, for
    the practice blocks of the (cached, same-for-everyone) lesson pages, by the lesson's (question, seed)."""
    key = str(form.get("issued") or "")
    if key:
        issued = store(request).issued_question(key, who)
        if issued is None or issued["set_id"] != set_id:
            raise HTTPException(404, "There is no such question of yours: take a new one from the practice page.")
        return issued
    question = _named(form, set_id)
    return _find_or_issue(request, who, set_id, question)


def _named(form: dict[str, Any], set_id: str):
    """The question a form names by (question, seed) (a lesson's practice block); 400 if it names none."""
    try:
        return questions.load(str(form.get("question") or ""), form.get("seed"), set_id)
    except questions.FormError as exc:
        raise HTTPException(400, f"Bad answer form: {exc}.") from None


def _find_or_issue(request: Request, who: str, set_id: str, question) -> dict:
    """The learner's issued question for a named variant: counted if a lesson shows it, else a replay."""
    chosen = not is_lesson_variant(course(request), question.id, question.seed)
    with writing(request):
        return store(request).find_or_issue(who, set_id, question.id, question.seed, replay=chosen)


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _back(form: dict[str, Any]) -> str:
    back = str(form.get("back") or "")
    return back if back.startswith("/modules/") else ""


@router.post("/practice/{set_id}", dependencies=[Depends(require_csrf)])
async def answer(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """Grade an answer to an issued question, record it (committed before the verdict is shown), and
    show the verdict with what the reveal policy allows: what went wrong, never the answer, until
    the learner solves it or asks for the worked solution."""
    info = find_set(set_id)
    form = form_dict(await request.form())
    if form.get("issued"):
        issued = await run_in_threadpool(_issued, request, who, set_id, form)
        question = questions.generate(issued["question_id"], issued["seed"])
    else:
        issued, question = None, _named(form, set_id)
    try:
        text = questions.answer_text(question, form)
    except questions.FormError as exc:
        raise HTTPException(400, f"Bad answer form: {exc}.") from None
    try:
        hints_used = max(0, min(int(form.get("hints_used") or 0), len(question.hints)))
    except ValueError:
        raise HTTPException(400, "Bad answer form: hints_used must be a whole number.") from None
    if issued is None:  # checked first: a bad form changes nothing
        issued = await run_in_threadpool(_find_or_issue, request, who, set_id, question)
    verdict, after = await run_in_threadpool(_grade_and_record, request, who, issued["id"], question, text, hints_used)
    policy = _policy(after)
    shown = questions.reveal(question) if policy.solution == "shown" and verdict.status != "invalid" else None
    echo = questions.number_echo(text) if question.kind == "number" else None
    hint = questions.input_hint(question, text) if verdict.status == "invalid" else ""
    if _wants_json(request):
        return JSONResponse({
            "ok": True,
            "grade": verdict.to_dict(),
            "issued": after["id"],
            "wrong_tries": after["wrong_tries"],
            "counted": after["counted"],
            "not_counted": _not_counted(issued, after, verdict.status),
            "solution": policy.solution,
            "solution_action": f"/practice/{set_id}/solution",
            "echo_latex": echo,
            "hint": hint,
            "answer_latex": shown["answer_latex"] if shown else None,
            "solution_html": shown["solution_html"] if shown else None,
            "next": f"/practice/{set_id}",
        })
    result = {"grade": verdict, "answer": text, "hints_used": after["hints_used"], "echo": echo, "hint": hint,
              "not_counted": _not_counted(issued, after, verdict.status), "focus": True}
    return _page(request, info, after, result, _back(form))


def _not_counted(before: dict, after: dict, status: str) -> str:
    """Why an answer moved no mastery (the reveal policy's reasons), in words; "" if it counted or is no evidence."""
    if status in ("invalid", "undecided") or after["counted"]:
        return ""
    if after["solution_seen"]:
        return "you saw this question's worked solution (the next question counts again)"
    if before["closed"]:
        return "you had answered this question right already"
    return "you chose this question by its link, so it is practice only"


def _grade_and_record(request: Request, who: str, key: str, question, text: str, hints_used: int):
    """Grade, then commit the attempt (and mastery, if it counts) before anything is shown; off the event loop."""
    verdict = grade(question, text)
    try:
        with writing(request):
            after = store(request).answer_issued(key, who, text, verdict, hints_used)
    except KeyError:
        raise HTTPException(404, "There is no such question of yours: take a new one from the practice page.") from None
    return verdict, after


@router.post("/practice/{set_id}/solution", dependencies=[Depends(require_csrf)])
async def solution(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """The worked solution of an issued question, on request: recorded as seen, so that the variant
    no longer counts for mastery (a fresh one does)."""
    info = find_set(set_id)
    form = await _body(request)
    issued = await run_in_threadpool(_issued, request, who, set_id, form)

    def seen() -> dict:
        with writing(request):
            return store(request).view_solution(issued["id"], who)

    after = await run_in_threadpool(seen)
    question = questions.generate(after["question_id"], after["seed"])
    if _wants_json(request):
        shown = questions.reveal(question)
        return JSONResponse({"ok": True, "issued": after["id"], "answer_latex": shown["answer_latex"],
                             "solution_html": shown["solution_html"]})
    return _page(request, info, after, back=_back(form), requested=True)


@router.post("/practice/{set_id}/hint", dependencies=[Depends(require_csrf)])
async def hint_seen(request: Request, set_id: str, who: str = Depends(learner)) -> JSONResponse:
    """Record how many hints of an issued question the learner has opened (it never goes down)."""
    find_set(set_id)
    form = await _body(request)
    issued = await run_in_threadpool(_issued, request, who, set_id, form)
    question = questions.generate(issued["question_id"], issued["seed"])
    try:
        count = max(0, min(int(form.get("hints_used") or 0), len(question.hints)))
    except (TypeError, ValueError):
        raise HTTPException(400, "hints_used must be a whole number.") from None

    def note() -> dict:
        with writing(request):
            return store(request).note_hints(issued["id"], who, count)

    after = await run_in_threadpool(note)
    return JSONResponse({"ok": True, "issued": after["id"], "hints_used": after["hints_used"]})


async def _body(request: Request) -> dict[str, Any]:
    """A small request's fields, from JSON or a form."""
    if request.headers.get("content-type", "").startswith("application/json"):
        try:
            body = await request.json()
        except ValueError:
            raise HTTPException(400, "The request must be JSON or a form.") from None
        if not isinstance(body, dict):
            raise HTTPException(400, "The request must be a JSON object.")
        return body
    return form_dict(await request.form())


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
    number = body.get("kind") == "number"  # a number answer: no variables, a decimal echoed as typed
    if number:
        variables, integers = [], None
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
    echo = questions.number_echo(text) if number else None
    if echo is not None:
        return JSONResponse({"ok": True, "latex": echo, "notes": []})
    return JSONResponse({"ok": True, "latex": reading.latex, "notes": list(reading.notes)})
