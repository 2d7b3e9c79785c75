"""The LMS's services, called outside any launch: scores back (AGS) and the roster in (NRPS).

A failed send never loses a grade: the score stays in mvcalc's own store, and the attempt
to send it is recorded in `lti_scores` with the LMS's answer (`mvcalc lti scores`).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException
from pylti1p3.grade import Grade
from pylti1p3.names_roles import NamesRolesProvisioningService

from mvcalc.lti import tool
from mvcalc.store import accounts
from mvcalc.store import lti as lti_store
from mvcalc.store.api import Store

log = logging.getLogger("mvcalc.lti")


def publish_score(store: Store, username: str, item_id: str, score: float) -> list[dict]:
    """Send `score` (in [0, 1]) for `item_id` to every LMS line item this learner launched it from.

    Returns one {link, status, message} per line item; never raises (a failure is recorded).
    """
    done = []
    for link in lti_store.links_for(store, username, item_id):
        status, message = "sent", ""
        try:
            service = AssignmentsGradesService(
                tool.connector(store, link.platform),
                {"scope": list(link.scopes), "lineitem": link.lineitem, "lineitems": link.lineitems},
            )
            grade = (
                Grade().set_score_given(round(100 * float(score), 4)).set_score_maximum(100)
                .set_timestamp(datetime.now(UTC).isoformat()).set_activity_progress("Completed")
                .set_grading_progress("FullyGraded").set_user_id(link.sub)
            )
            service.put_grade(grade)
        except (LtiException, OSError, ValueError, KeyError) as exc:
            status, message = "failed", f"{type(exc).__name__}: {exc}"
            response = getattr(exc, "response", None)
            if response is not None:
                message += f" (HTTP {getattr(response, 'status_code', '?')}: {getattr(response, 'text', '')[:300]})"
            log.warning("LTI score for %s on %s not sent: %s", username, item_id, message)
        lti_store.record_score(store, link.id, score, status, message)
        done.append({"lineitem": link.lineitem, "status": status, "message": message})
    return done


def best_score_and_publish(store: Store, username: str, item_id: str) -> list[dict]:
    """Send the learner's best score so far on an assessment (the LMS keeps the last one it gets)."""
    if not lti_store.links_for(store, username, item_id):
        return []
    results = store.assessments(username, item_id)
    if not results:
        return []
    return publish_score(store, username, item_id, max(r["score"] for r in results))


def sync_roster(store: Store, class_code: str) -> dict:
    """Bring the class's roster from its LMS course (Names and Role Provisioning): every active member
    gets an account (matched by their LMS id) and joins the class as a student or an instructor."""
    source = lti_store.roster_source(store, class_code)
    if source is None:
        raise accounts.AccountError(
            f"class {class_code!r} has no roster service: launch the course from its LMS first "
            "(the launch must carry the Names and Role Provisioning claim)")
    platform, url = source
    service = NamesRolesProvisioningService(
        tool.connector(store, platform), {"context_memberships_url": url, "service_versions": ["2.0"]})
    try:
        members = service.get_members()
    except LtiException as exc:
        raise accounts.AccountError(f"the LMS refused the roster request: {exc}") from None
    cls = accounts.find_class(store, class_code)
    added, instructors, inactive = 0, 0, 0
    for member in members:
        if member.get("status", "Active") != "Active":
            inactive += 1
            continue
        user = lti_store.launched_user(
            store, platform, str(member.get("user_id") or ""), roles=list(member.get("roles") or []),
            name=str(member.get("name") or ""), email=str(member.get("email") or ""),
        )
        lti_store.join(store, cls, user)
        added += 1
        instructors += user.role in ("instructor", "admin")
    return {"class": class_code, "members": added, "instructors": instructors, "skipped_inactive": inactive}
