"""Submissions of assignment files in the progress store: create, claim, finish exactly once, read.

The life of a row: `queued` (created) → `running` (a grading job claimed it; `attempts`
counts the claims, so a job retried after a killed worker counts twice) → `graded` (the
checker's report, with score) or `failed` (an infrastructure reason, never a verdict on
the learner's code). `finish` and `fail` write only while the row is unfinished, in one
transaction with the assignment record that progress reads: a retried or duplicated job
records its result exactly once.
"""

from __future__ import annotations

from sqlalchemy import select, update

from mvcalc.store.api import LOCAL, Store
from mvcalc.store.models import AssignmentResult, Submission, now

UNFINISHED = ("queued", "running")


def _as_dict(row: Submission, *, source: bool = False) -> dict:
    data = {
        "id": row.id, "learner": row.learner, "assignment": row.assignment, "filename": row.filename,
        "status": row.status, "stage": row.stage, "error": row.error, "result": row.result,
        "score": row.score, "passed": row.passed, "attempts": row.attempts,
        "created_at": row.created_at.isoformat() if row.created_at else None,
        "started_at": row.started_at.isoformat() if row.started_at else None,
        "finished_at": row.finished_at.isoformat() if row.finished_at else None,
    }
    if source:
        data["source"] = row.source
    return data


def create(store: Store, learner: str, assignment: str, filename: str, source: str) -> int:
    """Save a new submission, queued; returns its id."""
    with store.session() as session, session.begin():
        row = Submission(learner=learner or LOCAL, assignment=assignment, filename=filename, source=source,
                         status="queued", stage="", attempts=0, created_at=now())
        session.add(row)
        session.flush()
        return row.id


def get(store: Store, submission_id: int, *, source: bool = False) -> dict | None:
    with store.session() as session:
        row = session.get(Submission, int(submission_id))
        return _as_dict(row, source=source) if row else None


def history(store: Store, learner: str, assignment: str | None = None, limit: int = 50) -> list[dict]:
    """A learner's submissions, newest first."""
    query = select(Submission).where(Submission.learner == learner).order_by(Submission.id.desc()).limit(limit)
    if assignment:
        query = query.where(Submission.assignment == assignment)
    with store.session() as session:
        return [_as_dict(r) for r in session.scalars(query)]


def unfinished(store: Store) -> list[int]:
    """Ids of submissions still queued or running (to grade again after a restart)."""
    with store.session() as session:
        return list(session.scalars(select(Submission.id).where(Submission.status.in_(UNFINISHED))
                                    .order_by(Submission.id)))


def claim(store: Store, submission_id: int) -> dict | None:
    """Mark the submission running and count the attempt; None when it is already finished (or gone)."""
    with store.session() as session, session.begin():
        done = session.execute(
            update(Submission)
            .where(Submission.id == int(submission_id), Submission.status.in_(UNFINISHED))
            .values(status="running", attempts=Submission.attempts + 1, started_at=now(), stage="starting")
        ).rowcount
        if not done:
            return None
        return _as_dict(session.get(Submission, int(submission_id)), source=True)


def set_stage(store: Store, submission_id: int, stage: str) -> None:
    """What the grader is doing now (shown by the progress indicator)."""
    with store.session() as session, session.begin():
        session.execute(update(Submission)
                        .where(Submission.id == int(submission_id), Submission.status == "running")
                        .values(stage=stage[:200]))


def requeue(store: Store, submission_id: int, error: str) -> None:
    """An attempt failed for an infrastructure reason and will be tried again."""
    with store.session() as session, session.begin():
        session.execute(update(Submission)
                        .where(Submission.id == int(submission_id), Submission.status.in_(UNFINISHED))
                        .values(status="queued", stage="waiting to try again", error=error[:2000]))


def finish(store: Store, submission_id: int, result: dict, score: float, passed: bool,
           record: dict | None = None) -> bool:
    """Record the checker's report once; also the assignment record progress reads. False if already done."""
    with store.session() as session, session.begin():
        done = session.execute(
            update(Submission)
            .where(Submission.id == int(submission_id), Submission.status.in_(UNFINISHED))
            .values(status="graded", result=result, score=float(score), passed=bool(passed), error=None,
                    stage="", finished_at=now())
        ).rowcount
        if not done:
            return False
        row = session.get(Submission, int(submission_id))
        session.add(AssignmentResult(learner=row.learner, name=row.assignment, passed=bool(passed),
                                     details={"submission": row.id, "score": float(score), **(record or {})},
                                     created_at=now()))
        return True


def fail(store: Store, submission_id: int, reason: str) -> bool:
    """Give up on a submission for an infrastructure reason (not a verdict on the code); once."""
    with store.session() as session, session.begin():
        return bool(session.execute(
            update(Submission)
            .where(Submission.id == int(submission_id), Submission.status.in_(UNFINISHED))
            .values(status="failed", error=reason[:2000], stage="", finished_at=now())
        ).rowcount)


def best(store: Store, learner: str, assignment: str) -> dict | None:
    """The learner's best recorded result for an assignment (from the assignment records)."""
    with store.session() as session:
        rows = session.scalars(select(AssignmentResult)
                               .where(AssignmentResult.learner == learner, AssignmentResult.name == assignment))
        found = None
        for r in rows:
            score = float((r.details or {}).get("score", 1.0 if r.passed else 0.0))
            if found is None or (r.passed, score) > (found["passed"], found["score"]):
                found = {"passed": bool(r.passed), "score": score, "created_at": r.created_at.isoformat(),
                         "submission": (r.details or {}).get("submission")}
        return found
