"""Graded assessments: a fixed-length quiz from a seed, scored at the end, pass at 80 %, attempts recorded."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from mvcalc.exercises import grade
from mvcalc.exercises import registry as bank
from mvcalc.web import questions
from mvcalc.web.deps import learner, render, store, writing
from mvcalc.web.routes.practice import find_set
from mvcalc.web.security import require_csrf

router = APIRouter()


def _quiz(set_id: str, seed: int):
    if not 0 <= seed < questions.MAX_SEED:
        raise HTTPException(400, "The quiz seed is out of range.")
    return bank.assessment(set_id, seed)


@router.get("/assessments/{set_id}")
def assessment_page(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    info = find_set(set_id, graded=True)
    history = store(request).assessments(who, set_id)
    return render(request, "assessment.html", {"set": info, "history": history, "pass_mark": bank.PASS_MARK})


@router.post("/assessments/{set_id}/start", dependencies=[Depends(require_csrf)])
def start(request: Request, set_id: str) -> Response:
    find_set(set_id, graded=True)
    return RedirectResponse(f"/assessments/{set_id}/take?seed={questions.new_seed()}", status_code=303)


@router.get("/assessments/{set_id}/take")
def take(request: Request, set_id: str, seed: int) -> Response:
    info = find_set(set_id, graded=True)
    quiz = _quiz(set_id, seed)
    return render(request, "assessment_take.html", {"set": info, "seed": seed, "quiz": [questions.view(q) for q in quiz]})


def _grade_and_record(request: Request, who: str, set_id: str, quiz: list, answers: list[str]):
    """Grade every answer, then commit each attempt and the result before the score is shown."""
    grades = [grade(q, a) for q, a in zip(quiz, answers, strict=True)]
    score = sum(g.score for g in grades) / len(grades)
    passed = score >= bank.PASS_MARK - 1e-9
    the_store = store(request)
    with writing(request):
        for question, text, verdict in zip(quiz, answers, grades, strict=True):
            the_store.record_attempt(who, question.id, set_id, question.seed, text, verdict)
        the_store.record_assessment(
            who, set_id, score, passed,
            [{"question": q.id, "seed": q.seed, "answer": a, "status": g.status, "score": g.score}
             for q, a, g in zip(quiz, answers, grades, strict=True)],
        )
    return score, passed, grades


@router.post("/assessments/{set_id}", dependencies=[Depends(require_csrf)])
async def submit(request: Request, set_id: str, who: str = Depends(learner)) -> Response:
    """Grade every answer, record each attempt and the result in the store, then show the score."""
    info = find_set(set_id, graded=True)
    form = await request.form()
    try:
        seed = int(form.get("seed") or "")
    except ValueError:
        raise HTTPException(400, "Bad quiz form: the seed must be a whole number.") from None
    quiz = _quiz(set_id, seed)
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
    score, passed, grades = await run_in_threadpool(_grade_and_record, request, who, set_id, quiz, answers)
    results = [
        {"q": questions.view(q), "answer": a, "grade": g, "reveal": questions.reveal(q)}
        for q, a, g in zip(quiz, answers, grades, strict=True)
    ]
    return render(
        request,
        "assessment_result.html",
        {"set": info, "score": score, "passed": passed, "results": results, "pass_mark": bank.PASS_MARK},
    )
