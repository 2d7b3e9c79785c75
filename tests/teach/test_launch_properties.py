"""Property: a launch whose id_token was tampered with in any way is refused with a sentence, never a 500."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from .platform import LTI
from .test_launch import _login

MUST_MATCH = ["iss", "aud", "nonce", LTI + "deployment_id", LTI + "message_type", LTI + "version"]
B64 = string.ascii_letters + string.digits + "-_"
SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(claim=st.sampled_from(MUST_MATCH), value=st.one_of(st.text(max_size=40), st.integers(), st.none()))
def test_a_changed_claim_is_refused(platform, tool, browser_client, claim, value):
    auth = _login(browser_client, platform, "stu1")
    claims = platform.claims("stu1", auth["nonce"])
    assume(claims[claim] != value)
    claims[claim] = value
    response = browser_client.post(tool.url + "/lti/launch", data={"id_token": platform.sign_raw(claims),
                                                                    "state": auth["state"]})
    assert response.status_code == 403, (claim, value, response.status_code)
    assert "The launch was refused" in response.text


@SETTINGS
@given(where=st.floats(min_value=0, max_value=1, exclude_max=True), char=st.sampled_from(B64))
def test_a_changed_character_is_refused(platform, tool, browser_client, where, char):
    auth = _login(browser_client, platform, "stu1")
    token = platform.sign(platform.claims("stu1", auth["nonce"]))
    ends = {i - 1 for i, c in enumerate(token) if c == "."} | {len(token) - 1}  # padding bits may not count
    places = [i for i, c in enumerate(token) if c != "." and i not in ends]
    at = places[int(where * len(places))]
    assume(token[at] != char)
    tampered = token[:at] + char + token[at + 1:]
    response = browser_client.post(tool.url + "/lti/launch", data={"id_token": tampered, "state": auth["state"]})
    assert response.status_code == 403, (at, response.status_code, response.text[:300])
    assert "The launch was refused" in response.text
