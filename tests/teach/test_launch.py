"""LTI 1.3 against a simulated LMS over real HTTP: login, launch, refusals, deep linking, grades, roster."""

from __future__ import annotations

import re
import time
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
import sqlalchemy as sa

from mvcalc.store import Store, accounts
from mvcalc.store import lti as lti_store

from .platform import LTI, new_key

FORM = re.compile(r"name='id_token' value='([^']+)'.*name='state' value='([^']+)'", re.S)


def _login(client: httpx.Client, platform, user: str, hint: str = "") -> dict:
    """The tool's OIDC login: returns the parameters it sends to the LMS (state cookie kept in the jar)."""
    response = client.get(platform.login_url(user, hint=hint))
    assert response.status_code == 302, response.text
    location = response.headers["location"]
    assert location.startswith(platform.url + "/auth")
    return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}


def _through_platform(client: httpx.Client, platform, user: str, hint: str = "") -> httpx.Response:
    """Login, the LMS's authorisation page, and the launch it posts: the whole real flow."""
    auth = _login(client, platform, user, hint)
    page = client.get(platform.url + "/auth", params=auth)
    token, state = FORM.search(page.text).groups()
    return client.post(auth["redirect_uri"], data={"id_token": token, "state": state})


def _launch_with(client, tool, platform, claims_change=None, sign=None, user="stu1") -> httpx.Response:
    auth = _login(client, platform, user)
    claims = platform.claims(user, auth["nonce"])
    if claims_change:
        claims_change(claims)
    token = sign(claims) if sign else platform.sign(claims)
    return client.post(tool.url + "/lti/launch", data={"id_token": token, "state": auth["state"]})


def test_a_learner_launch_signs_in_a_new_account_in_the_course_class(platform, tool, browser_client, lti_db):
    response = _through_platform(browser_client, platform, "stu1", "/practice/m1-s3-differentiate")
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/practice/m1-s3-differentiate"
    page = browser_client.get(tool.url + "/account")
    assert page.status_code == 200 and "Ada Student" in page.text and "Calculus for ML" in page.text
    store = Store(lti_db)
    user = next(u for u in accounts.list_users(store) if u.display_name == "Ada Student")
    assert user.role == "learner"
    assert browser_client.get(tool.url + "/teach").status_code == 403  # a learner is no instructor
    again = httpx.Client(timeout=30)
    _through_platform(again, platform, "stu1")
    assert [u.username for u in accounts.list_users(store) if u.display_name == "Ada Student"] == [user.username]


def test_an_instructor_launch_lands_on_the_class_dashboard(platform, tool, browser_client):
    response = _through_platform(browser_client, platform, "prof1")
    assert response.status_code == 303 and response.headers["location"].startswith("/teach/lti")
    page = browser_client.get(tool.url + response.headers["location"])
    assert page.status_code == 200 and "Calculus for ML" in page.text


def test_a_bad_signature_is_refused(platform, tool, browser_client):
    response = _launch_with(browser_client, tool, platform, sign=lambda c: platform.sign(c, key=new_key()))
    assert response.status_code == 403
    assert "bad signature" in response.text


def test_a_wrong_audience_is_refused(platform, tool, browser_client):
    def other(claims):
        claims["aud"] = "another-tool"

    response = _launch_with(browser_client, tool, platform, other)
    assert response.status_code == 403
    assert "wrong audience" in response.text and "another-tool" in response.text


def test_an_expired_token_is_refused(platform, tool, browser_client):
    def old(claims):
        claims["iat"] = int(time.time()) - 900
        claims["exp"] = int(time.time()) - 600

    response = _launch_with(browser_client, tool, platform, old)
    assert response.status_code == 403
    assert "expired" in response.text


def test_a_replayed_launch_is_refused(platform, tool, browser_client):
    auth = _login(browser_client, platform, "stu1")
    token = platform.sign(platform.claims("stu1", auth["nonce"]))
    first = browser_client.post(tool.url + "/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert first.status_code == 303
    replay = browser_client.post(tool.url + "/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert replay.status_code == 403 and "replayed nonce" in replay.text


def test_a_nonce_the_tool_never_issued_is_refused(platform, tool, browser_client):
    def forged(claims):
        claims["nonce"] = "made-up"

    response = _launch_with(browser_client, tool, platform, forged)
    assert response.status_code == 403 and "replayed nonce" in response.text


def test_a_launch_without_the_state_cookie_is_refused(platform, tool):
    with httpx.Client(timeout=30) as first, httpx.Client(timeout=30) as other:
        auth = _login(first, platform, "stu1")
        token = platform.sign(platform.claims("stu1", auth["nonce"]))
        response = other.post(tool.url + "/lti/launch", data={"id_token": token, "state": auth["state"]})
    assert response.status_code == 403 and "state cookie" in response.text


def test_an_unknown_platform_cannot_log_in(tool, browser_client):
    response = browser_client.get(tool.url + "/lti/login", params={"iss": "https://evil.example", "login_hint": "x",
                                                                    "target_link_uri": tool.url + "/lti/launch"})
    assert response.status_code == 400 and "is registered here" in response.text


def test_the_jwks_publishes_the_tool_key(tool):
    keys = httpx.get(tool.url + "/lti/jwks").json()["keys"]
    assert keys and keys[0]["kty"] == "RSA" and keys[0]["alg"] == "RS256" and keys[0]["kid"]


def test_deep_linking_answers_the_lms_with_a_signed_graded_link(platform, tool, browser_client):
    response = _through_platform(browser_client, platform, "prof1", "deep")
    assert response.status_code == 303 and response.headers["location"].startswith("/deep-link?launch=")
    page = browser_client.get(tool.url + response.headers["location"])
    assert page.status_code == 200 and "m1-assessment" in page.text
    csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    launch = parse_qs(urlsplit(response.headers["location"]).query)["launch"][0]
    answer = browser_client.post(tool.url + "/deep-link",
                                 data={"csrf_token": csrf, "launch": launch, "choice": "m1-assessment"})
    assert answer.status_code == 200
    assert f"form-action 'self' {platform.url}" in answer.headers["content-security-policy"]
    jwt_value = re.search(r'name="JWT" value="([^"]+)"', answer.text).group(1)
    back = httpx.post(platform.url + "/deep-link-return", data={"JWT": jwt_value})
    assert back.status_code == 200 and "Unleashing the toolbox" in back.text
    claims = platform.deep_link_answers[-1]
    (item,) = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["custom"] == {"target": "/assessments/m1-assessment", "item": "m1-assessment"}
    assert item["lineItem"]["scoreMaximum"] == 100
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "dl-data-1"


def test_a_finished_assessment_sends_the_best_score_to_the_lms(platform, tool, browser_client, lti_db):
    response = _through_platform(browser_client, platform, "stu1", "/assessments/m1-assessment")
    assert response.headers["location"] == "/assessments/m1-assessment"
    store = Store(lti_db)
    username = next(u.username for u in accounts.list_users(store) if u.display_name == "Ada Student")
    (link,) = lti_store.links_for(store, username, "m1-assessment")
    from mvcalc.lti.services import publish_score

    before = len(platform.scores)
    (sent,) = publish_score(store, username, "m1-assessment", 0.85)
    assert sent["status"] == "sent", sent
    score = platform.scores[before]
    assert score["scoreGiven"] == 85 and score["scoreMaximum"] == 100 and score["userId"] == "lms-user-1"
    assert score["activityProgress"] == "Completed" and score["gradingProgress"] == "FullyGraded"
    assert lti_store.scores(store)[0]["status"] == "sent"


def test_the_roster_comes_from_the_lms(platform, tool, browser_client, lti_db):
    _through_platform(browser_client, platform, "prof1")
    store = Store(lti_db)
    (code,) = [c.code for c in accounts.list_classes(store) if c.title == "Calculus for ML"]
    from mvcalc.lti.services import sync_roster

    result = sync_roster(store, code)
    assert result == {"class": code, "members": 3, "instructors": 1, "skipped_inactive": 1}
    names = {u.display_name for u in accounts.users_in_class(store, code)}
    assert {"Ada Student", "Bob New"} <= names
    assert "Prof Grace" in {u.display_name for u in accounts.instructors_of_class(store, code)}
    assert any(LTI in k for k in platform.claims("stu1", "n"))  # the platform speaks LTI claims


def test_submitting_an_assessment_launched_from_the_lms_sends_the_best_score(platform, tool, lti_db):
    from mvcalc.exercises import letter
    from mvcalc.exercises import registry as bank

    seed_type = {c["name"]: c["type"] for c in sa.inspect(Store(lti_db).engine).get_columns("attempts")}["seed"]
    if lti_db.startswith("postgresql") and not isinstance(seed_type, sa.BigInteger):
        pytest.xfail("attempts.seed is 32-bit here: assessment seeds need the 64-bit column of the store's migration")
    with httpx.Client(timeout=60, follow_redirects=False) as client:
        response = _through_platform(client, platform, "stu1", "/assessments/m1-assessment")
        assert response.headers["location"] == "/assessments/m1-assessment"
        page = client.get(tool.url + "/assessments/m1-assessment")
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        start = client.post(tool.url + "/assessments/m1-assessment/start", data={"csrf_token": csrf})
        assert start.status_code == 303
        take = client.get(tool.url + start.headers["location"])
        key = re.search(r'name="attempt" value="([^"]+)"', take.text).group(1)
        username = next(u.username for u in accounts.list_users(Store(lti_db)) if u.display_name == "Ada Student")
        seed = accounts.find_attempt_by_key(Store(lti_db), username, key).seed
        form = {"csrf_token": csrf, "attempt": key}
        for i, question in enumerate(bank.assessment("m1-assessment", seed)):  # right answers to half of them
            if i % 2:
                continue
            if question.kind in ("choice", "graph"):
                form[f"q{i}-choice"] = letter(next(k for k, c in enumerate(question.choices) if c.correct))
            elif question.kind not in ("multichoice",):
                form[f"q{i}-answer"] = str(getattr(question, "answer_text", "") or question.answer)
        before = len(platform.scores)
        result = client.post(tool.url + "/assessments/m1-assessment", data=form)
        assert result.status_code == 200, result.text[:500]
    store = Store(lti_db)
    username = next(u.username for u in accounts.list_users(store) if u.display_name == "Ada Student")
    best = max(r["score"] for r in store.assessments(username, "m1-assessment"))
    assert len(platform.scores) == before + 1
    assert platform.scores[-1]["scoreGiven"] == round(100 * best, 4) and platform.scores[-1]["userId"] == "lms-user-1"


def test_registered_lms_origins_may_frame_the_course(platform, tool):
    for source in tool.app.state.frame_ancestor_sources:
        getattr(source, "refresh", lambda: None)()
    policy = httpx.get(tool.url + "/health").headers["content-security-policy"]
    ancestors = next(p for p in policy.split(";") if "frame-ancestors" in p)
    assert platform.url in ancestors and "'self'" in ancestors
    assert "https://evil.example" not in ancestors


def test_an_assignment_launched_from_the_lms_sends_its_score_when_graded(platform, tool, lti_db):
    """An assignment is a graded item too: the upload is graded by the queue, then its score goes back."""
    from importlib import resources

    if lti_db.startswith("postgresql"):
        pytest.skip("on PostgreSQL grading needs `mvcalc worker` processes (tests/grading covers them)")
    reference = resources.files("mvcalc.assignments.newton").joinpath("reference.py").read_text(encoding="utf-8")
    with httpx.Client(timeout=60, follow_redirects=False) as client:
        response = _through_platform(client, platform, "stu1", "/assignments/newton")
        assert response.headers["location"] == "/assignments/newton"
        page = client.get(tool.url + "/assignments/newton")
        csrf = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
        before = len(platform.scores)
        sent = client.post(tool.url + "/assignments/newton/submissions", files={"file": ("newton.py", reference.encode())},
                           headers={"X-CSRF-Token": csrf, "Accept": "application/json"})
        assert sent.status_code == 202, sent.text[:500]
        status_url = tool.url + f"/api/submissions/{sent.json()['id']}"
        for _ in range(600):
            status = client.get(status_url).json()
            if status["finished"]:
                break
            time.sleep(0.2)
        assert status["status"] == "graded" and status["passed"], status
    for _ in range(50):  # the score is sent by the grading job right after it records the result
        if len(platform.scores) > before:
            break
        time.sleep(0.1)
    assert len(platform.scores) == before + 1
    assert platform.scores[-1]["scoreGiven"] == 100 and platform.scores[-1]["userId"] == "lms-user-1"
