"""Assignment pages: the story, the starter to download, an upload graded as a job, feedback and history.

An upload is checked here only for what can be told at once (size, binary, UTF-8, a
notebook with IPython syntax, the right assignment): a bad file gets a message and
changes nothing. A good one is stored as a queued submission and handed to the grading
queue (`app.state.grading`); the page polls `/api/submissions/ID` until it is graded.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.datastructures import UploadFile

from mvcalc.assignments import SubmissionError, UnknownAssignment, all_assignments, get
from mvcalc.assignments.checker import MAX_FILE_BYTES
from mvcalc.assignments.notebook import notebook_name, starter_notebook, story_markdown
from mvcalc.assignments.registry import MARKER
from mvcalc.assignments.submission import python_of, read_source
from mvcalc.store import submissions
from mvcalc.web.deps import learner, render, store, writing
from mvcalc.web.security import require_csrf

router = APIRouter()
MAX_BODY = MAX_FILE_BYTES + 64_000  # the file plus the form's own fields and boundaries


def _assignment(name: str):
    try:
        return get(name)
    except UnknownAssignment:
        raise HTTPException(404, f"There is no assignment called {name!r}.") from None


def _story(assignment) -> list[str]:
    """The starter's docstring as Markdown sections (the same as the notebook's first cells)."""
    import ast

    text = assignment.starter_text()
    if text.startswith(MARKER):
        text = text.split("\n", 1)[1]
    return story_markdown(ast.get_docstring(ast.parse(text), clean=False) or assignment.summary)[1:]


def _view(row: dict) -> dict:
    """A submission as the page and the status endpoint show it: status, stage, feedback per function."""
    result = row.get("result") or {}
    functions = [{"name": f["name"], "passed": f["passed"], "message": f["message"]}
                 for f in result.get("functions", [])]
    return {
        "id": row["id"], "assignment": row["assignment"], "filename": row["filename"],
        "status": row["status"], "stage": row["stage"], "finished": row["status"] in ("graded", "failed"),
        "error": row["error"] if row["status"] == "failed" else None,
        "passed": row["passed"], "score": row["score"], "attempts": row["attempts"],
        "functions": functions, "load_error": result.get("load_error"),
        "violations": result.get("violations", []), "lines": (result.get("extra") or {}).get("lines", []),
        "output": (result.get("output") or "").strip()[-800:] if not row["passed"] else "",
        "created_at": row["created_at"], "finished_at": row["finished_at"],
        "status_url": f"/api/submissions/{row['id']}",
        "page_url": f"/assignments/{row['assignment']}?submission={row['id']}",
    }


def _no_grader(request: Request, view: dict | None) -> bool:
    """A hosted course's submission is waiting in the queue and no grading worker is running."""
    queue = request.app.state.grading
    if view is None or view["finished"] or not getattr(queue, "hosted", False):
        return False
    return queue.graders(store(request)) == 0


def _page(request: Request, assignment, who: str, shown: int | None = None, error: str | None = None,
          status: int = 200) -> Response:
    the_store = store(request)
    history = [_view(r) for r in submissions.history(the_store, who, assignment.name)]
    current = next((s for s in history if s["id"] == shown), None) if shown else (history[0] if history else None)
    return render(request, "assignment.html", {
        "assignment": assignment, "story": _story(assignment), "notebook": notebook_name(assignment),
        "history": history, "current": current, "best": submissions.best(the_store, who, assignment.name),
        "error": error, "max_kb": MAX_FILE_BYTES // 1000,
        "hosted": getattr(request.app.state.grading, "hosted", False),
        "no_grader": _no_grader(request, current),
    }, status=status)


@router.get("/assignments")
def assignment_index(request: Request) -> Response:
    return render(request, "assignments.html", {"assignments": list(all_assignments().values())})


@router.get("/assignments/{name}")
def assignment_page(request: Request, name: str, submission: int | None = None,
                    who: str = Depends(learner)) -> Response:
    return _page(request, _assignment(name), who, shown=submission)


@router.get("/assignments/{name}/starter.py")
def starter_py(name: str) -> Response:
    assignment = _assignment(name)
    text = assignment.starter_text()
    if not text.startswith(MARKER):
        text = f"{MARKER} {assignment.name}\n{text}"
    return Response(text, media_type="text/x-python; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{assignment.file}"'})


@router.get("/assignments/{name}/starter.ipynb")
def starter_ipynb(name: str) -> Response:
    import nbformat

    assignment = _assignment(name)
    return Response(nbformat.writes(starter_notebook(assignment)), media_type="application/x-ipynb+json",
                    headers={"Content-Disposition": f'attachment; filename="{notebook_name(assignment)}"'})


async def bounded_upload(request: Request) -> None:
    """Refuse an oversized body before it is read (and before the CSRF check parses the form)."""
    length = request.headers.get("content-length", "")
    if not length.isdigit():
        raise HTTPException(411, "Send the file from the page's form (the upload had no length).")
    if int(length) > MAX_BODY:
        raise HTTPException(413, f"The file is larger than {MAX_FILE_BYTES // 1000} kB; is it the right file? "
                                 "Nothing was submitted.")


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


@router.post("/assignments/{name}/submissions", dependencies=[Depends(bounded_upload), Depends(require_csrf)])
async def submit(request: Request, name: str, who: str = Depends(learner)) -> Response:
    """Store the learner's file as a queued submission and queue its grading; a bad file changes nothing."""
    assignment = _assignment(name)
    form = await request.form(max_files=1, max_fields=10)
    upload = form.get("file")
    try:
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise SubmissionError("choose your .py file or notebook first")
        data = await upload.read(MAX_FILE_BYTES + 1)
        text = read_source(data, upload.filename)
        try:
            _, found = python_of(text, upload.filename)
        except SubmissionError:  # no marker line: it is for this page's assignment (if it is Python at all)
            _, found = python_of(text, upload.filename, assignment)
        if found.name != assignment.name:
            raise SubmissionError(f"{upload.filename} is for the assignment {found.name!r}, not {assignment.name!r}: "
                                  f"upload it on /assignments/{found.name}")
    except (SubmissionError, UnknownAssignment) as exc:
        message = f"Nothing was submitted: {exc}."
        if _wants_json(request):
            return JSONResponse({"ok": False, "error": message}, status_code=400)
        return _page(request, assignment, who, error=message, status=400)
    with writing(request):
        submission_id = submissions.create(store(request), who, assignment.name, upload.filename[:200], text)
    try:
        request.app.state.grading.enqueue(submission_id)
    except Exception as exc:  # noqa: BLE001 - the queue is down: say so on the submission, never a 500
        submissions.fail(store(request), submission_id, f"the grading queue could not be reached "
                         f"({type(exc).__name__}); this is not a verdict on your code: submit again later")
    view = _view(submissions.get(store(request), submission_id))
    if _wants_json(request):
        return JSONResponse({"ok": True, **view}, status_code=202)
    return RedirectResponse(view["page_url"], status_code=303)


@router.get("/api/submissions/{submission_id}")
def submission_status(request: Request, submission_id: int, who: str = Depends(learner)) -> JSONResponse:
    """A submission's status and, once graded, its feedback per function (only for its own learner)."""
    row = submissions.get(store(request), submission_id)
    if row is None or row["learner"] != who:
        raise HTTPException(404, "There is no such submission.")
    view = _view(row)
    return JSONResponse({"ok": True, **view, "no_grader": _no_grader(request, view)})
