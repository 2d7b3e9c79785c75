"""The learner's progress as the home and module pages show it, read from the store.

Per module: practice sets started, mean mastery of the module's skills,
assessments passed; per lesson: practised once its practice set has a right
answer. "Continue where you left off" is the set of the learner's last attempt, or the
next module once that set was a passed assessment.
"""

from __future__ import annotations

from typing import Any

from mvcalc.course.model import Course
from mvcalc.exercises import registry as bank
from mvcalc.store.api import Store


def module_progress(store: Store, learner: str, course: Course) -> dict[int, dict[str, Any]]:
    """Module number -> {sets, started, practice_total, mastery, passed, graded_total, practised}."""
    rows = {m["module"]: m for m in store.progress(learner)}
    out: dict[int, dict[str, Any]] = {}
    for module in course.modules:
        sets = rows.get(module.number, {"sets": [], "mastery": 0.0})["sets"]
        practice = [s for s in sets if not s["graded"]]
        graded = [s for s in sets if s["graded"]]
        right = {s["id"] for s in sets if s["score"] > 0}
        out[module.number] = {
            "sets": sets,
            "started": sum(1 for s in practice if s["attempts"]),
            "practice_total": len(practice),
            "mastery": rows.get(module.number, {}).get("mastery", 0.0),
            "passed": sum(1 for s in graded if s.get("passed")),
            "graded_total": len(graded),
            "practised": {
                lesson.id for lesson in module.lessons if lesson.practices and all(p.set in right for p in lesson.practices)
            },
        }
    return out


def continue_link(store: Store, learner: str, course: Course) -> dict[str, str]:
    """Where to carry on: the set last practised, or the first lesson for a new learner."""
    last = store.last_activity(learner)
    if last and last.get("set_id"):
        try:
            info = bank.get_set(last["set_id"])
        except KeyError:
            info = None
        if info is not None and info.graded and any(r["passed"] for r in store.assessments(learner, info.id)):
            following = course.module(info.module + 1)
            if following and following.lessons:
                first = following.lessons[0]
                return {"url": first.url, "title": first.title, "module": str(first.module)}
        if info is not None:
            url = f"/assessments/{info.id}" if info.graded else f"/practice/{info.id}"
            return {"url": url, "title": info.title, "module": str(info.module)}
    first = course.lessons[0]
    return {"url": first.url, "title": first.title, "module": str(first.module)}
