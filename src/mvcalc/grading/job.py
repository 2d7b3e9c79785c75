"""The grading job: claim a submission, check it in the sandbox, record the report exactly once.

A learner's mistake (a wrong function, a file that does not load, a notebook cell in
IPython syntax) is a verdict: the submission is graded, with a score. Anything else that
goes wrong (the sandbox cannot start, `SandboxUnavailable`; the disk is full; the database
went away) is the infrastructure's fault: the attempt is retried, and after `MAX_ATTEMPTS`
the submission is marked failed with the reason, never as a wrong answer. A worker killed mid-job leaves the
row running; the retried job claims it again (counting the attempt) and the first finished
attempt is the one recorded.
"""

from __future__ import annotations

import logging

from mvcalc.assignments import SubmissionError, UnknownAssignment
from mvcalc.assignments.submission import check_source
from mvcalc.store import submissions
from mvcalc.store.api import Store

MAX_ATTEMPTS = 3
log = logging.getLogger("mvcalc.grading")


class TryAgain(RuntimeError):
    """This attempt failed for an infrastructure reason; the queue runs the job again."""


def _score(report) -> float:
    if report.passed:
        return 1.0
    if not report.functions:
        return 0.0
    return sum(f.passed for f in report.functions) / len(report.functions)


def _summary(report) -> dict:
    """What progress keeps of a graded submission (as `mvcalc assignment check` records)."""
    return {"file": report.file, "seed": report.seed,
            "functions": {f.name: {"passed": f.passed, "message": f.message} for f in report.functions},
            "violations": report.violations}


def grade(store: Store, submission_id: int) -> str:
    """Grade one submission; returns its final status ("graded", "failed", or "done" if already finished).

    Raises TryAgain when this attempt hit an infrastructure failure and another is allowed.
    """
    row = submissions.claim(store, submission_id)
    if row is None:
        return "done"
    if row["attempts"] > MAX_ATTEMPTS:
        submissions.fail(store, submission_id, f"grading stopped {MAX_ATTEMPTS} times before it finished "
                         f"(last problem: {row['error'] or 'a grading worker stopped mid-job'}); submit again")
        return "failed"
    try:
        report = check_source(row["source"], row["filename"], row["assignment"],
                              progress=lambda text: submissions.set_stage(store, submission_id, text))
    except (SubmissionError, UnknownAssignment) as exc:
        result = {"assignment": row["assignment"], "file": row["filename"], "passed": False,
                  "functions": [], "load_error": str(exc)}
        submissions.finish(store, submission_id, result, 0.0, False, {"file": row["filename"], "error": str(exc)})
        return "graded"
    except Exception as exc:  # noqa: BLE001 - not the learner's fault: retried, then shown as failed
        reason = f"{type(exc).__name__}: {exc}"
        log.warning("grading submission %s, attempt %s: %s", submission_id, row["attempts"], reason)
        if row["attempts"] >= MAX_ATTEMPTS:
            submissions.fail(store, submission_id, f"the grader could not run ({reason}); this is not a "
                             "verdict on your code: submit again later")
            return "failed"
        submissions.requeue(store, submission_id, reason)
        raise TryAgain(reason) from exc
    submissions.finish(store, submission_id, report.to_dict(), _score(report), report.passed, _summary(report))
    _publish_best(store, row["learner"], row["assignment"])
    return "graded"


def _publish_best(store: Store, learner: str, assignment: str) -> None:
    """An assignment is a graded item: its best score goes to every LMS it was launched from (LTI AGS)."""
    from mvcalc.lti.services import publish_score
    from mvcalc.store import lti as lti_store

    if not lti_store.links_for(store, learner, assignment):
        return
    best = submissions.best(store, learner, assignment)
    if best is not None and best.get("score") is not None:
        publish_score(store, learner, assignment, float(best["score"]))  # never raises; a failure is recorded
