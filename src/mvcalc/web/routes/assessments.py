"""Graded assessments: a fixed-length quiz, scored at the end, pass at 80 %, attempts recorded.

An attempt in progress is a row of the store with a seed the server chose: any process serves
it, the page never learns its seed, and it is submitted once. With accounts on, an attempt
starts only within the learner's class rules (release, due date or extension, attempt limit),
its seed is a keyed hash of (assessment, learner, attempt number) (`store.accounts.start_attempt`),
and one submitted after the due date is recorded and marked late."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mvcalc.exercises import grade
from mvcalc.exercises import registry as bank
from mvcalc.lti.services import best_score_and_publish
from mvcalc.store import accounts
from mvcalc.web import questions
from mvcalc.web.deps import accounts_on, learner, render, store, writing
from mvcalc.web.routes.practice import find_set
from mvcalc.web.security import require_csrf

router = APIRouter()


def _in_progress(request: Request, who: str, set_id: str, key: str) -> dict:
    """The learner's quiz `key` of `set_id`, still open (404 if it is not theirs, 409 if submitted)."""
    quiz = store(request).assessment_attempt(key, who)
    if quiz is None or quiz["assessment_id"] != set_id:
        raise HTTPException(404, "There is no such assessment attempt: start the assessment again.")
    if quiz["finished_at"] is not None:
        raise HTTPException(409, "This attempt was submitted already: its result is on the assessment's page.")
    return quiz


@router.get("/assessments/{set_id}")
def assessment_page(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    return _assessment_view(request, set_id, who)


def _assessment_view(request: Request, set_id: str, who: str, refused: str = "", status: int = 200) -> Response:
    """The assessment's page: your rules (with accounts), your attempts, and why a start was refused."""
    info = find_set(set_id, graded=True)
    the_store = store(request)
    history = the_store.assessments(who, set_id)
    context = {"set": info, "history": history, "pass_mark": bank.PASS_MARK, "refused": refused,
               "window": None, "started": []}
    if accounts_on(request):
        context["window"] = accounts.window_for(the_store, who, set_id)
        context["started"] = accounts.attempts_of(the_store, who, set_id)
    return render(request, "assessment.html", context, status=status)


@router.post("/assessments/{set_id}/start", dependencies=[Depends(require_csrf)])
def start(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """A new attempt, saved with a seed the server chose (the page never sees it)."""
    find_set(set_id, graded=True)
    if accounts_on(request):
        try:
            with writing(request):
                key = accounts.start_attempt(store(request), who, set_id, max_seed=questions.MAX_SEED).id
        except accounts.AttemptRefused as exc:
            return _assessment_view(request, set_id, who, refused=str(exc), status=403)
    else:
        with writing(request):
            key = store(request).start_assessment(who, set_id, questions.new_seed())
    return RedirectResponse(f"/assessments/{set_id}/take/{key}", status_code=303)


@router.get("/assessments/{set_id}/take/{key}")
def take(request: Request, set_id: str, key: str, who: str = Depends(learner)) -> Response:
    info = find_set(set_id, graded=True)
    quiz = bank.assessment(set_id, _in_progress(request, who, set_id, key)["seed"])
    context = {"set": info, "attempt": key, "quiz": [questions.view(q) for q in quiz]}
    if accounts_on(request):
        context["started"] = accounts.find_attempt_by_key(store(request), who, key)
        context["window"] = accounts.window_for(store(request), who, set_id)
    return render(request, "assessment_take.html", context)


def _grade_and_record(request: Request, who: str, set_id: str, key: str, quiz: list, answers: list[str]):
    """Grade every answer, then commit each attempt, the result and the end of the quiz together."""
    grades = [grade(q, a) for q, a in zip(quiz, answers, strict=True)]
    score = sum(g.score for g in grades) / len(grades)
    passed = score >= bank.PASS_MARK - 1e-9
    attempts = [{"question_id": q.id, "set_id": set_id, "seed": q.seed, "answer_text": a, "grade": g}
                for q, a, g in zip(quiz, answers, grades, strict=True)]
    summary = [{"question": q.id, "seed": q.seed, "answer": a, "status": g.status, "score": g.score}
               for q, a, g in zip(quiz, answers, grades, strict=True)]
    with writing(request):
        _, fresh = store(request).submit_assessment(key, who, attempts, score, passed, summary)
        if not fresh:
            raise HTTPException(409, "This attempt was submitted already: its result is on the assessment's page.")
        late = accounts_on(request) and accounts.mark_if_late(store(request), key)
    return score, passed, grades, late


@router.post("/assessments/{set_id}", dependencies=[Depends(require_csrf)])
async def submit(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """Grade every answer, record each attempt and the result in the store, then show the score."""
    info = find_set(set_id, graded=True)
    form = await request.form()
    key = str(form.get("attempt") or "")
    if not key:
        raise HTTPException(400, "Bad quiz form: it names no assessment attempt.")
    progress = await run_in_threadpool(_in_progress, request, who, set_id, key)
    quiz = bank.assessment(set_id, progress["seed"])
    answers = []
    for i, question in enumerate(quiz):
        fields = {
            "answer": form.get(f"q{i}-answer"),
            "choice": form.getlist(f"q{i}-choice"),
            "cell": form.getlist(f"q{i}-cell"),
        }
        try:
            answers.append(questions.answer_text(question, fields))
        except questions.FormError as exc:
            raise HTTPException(400, f"Bad quiz form, question {i + 1}: {exc}.") from None
    score, passed, grades, late = await run_in_threadpool(
        _grade_and_record, request, who, set_id, key, quiz, answers
    )
    await run_in_threadpool(best_score_and_publish, store(request), who, set_id)  # to the LMS, if launched from one
    results = [
        {"q": questions.view(q), "answer": a, "grade": g, "reveal": questions.reveal(q)}
        for q, a, g in zip(quiz, answers, grades, strict=True)
    ]
    return render(
        request,
        "assessment_result.html",
        {"set": info, "score": score, "passed": passed, "results": results, "pass_mark": bank.PASS_MARK,
         "late": late},
    )
