"""The Host/Origin guard and the CSRF cookie, in-process (no socket) through httpx's ASGI transport."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from mvcalc.web.app import Settings, create_app


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    db = tmp_path_factory.mktemp("security") / "s.sqlite3"
    return create_app(Settings(database_url=f"sqlite:///{db}", allowed_hosts=("class.example",)))


def _get(app, path: str, **headers) -> httpx.Response:
    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as c:
            return await c.get(path, headers=headers)

    return asyncio.run(go())


@pytest.mark.parametrize(
    ("host", "status"),
    [("127.0.0.1:8000", 200), ("localhost", 200), ("[::1]:8000", 200), ("class.example", 200),
     ("evil.example", 400), ("127.0.0.1.evil.example", 400), ("", 400)],
)
def test_only_known_host_names_are_served(app, host, status):
    assert _get(app, "/health", host=host).status_code == status


def test_the_csrf_cookie_is_strict_http_only_and_kept(app):
    first = _get(app, "/")
    cookie = first.headers["set-cookie"]
    assert "mvcalc_csrf=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = cookie.split("mvcalc_csrf=")[1].split(";")[0]
    assert f'name="csrf-token" content="{token}"' in first.text
    again = _get(app, "/", cookie=f"mvcalc_csrf={token}")
    assert "set-cookie" not in again.headers and f'content="{token}"' in again.text


def test_a_malformed_cookie_is_replaced(app):
    response = _get(app, "/", cookie="mvcalc_csrf=<script>")
    assert "mvcalc_csrf=" in response.headers["set-cookie"] and "<script>" not in response.text


def test_a_set_without_questions_yet_is_a_clear_404(app, monkeypatch):
    from mvcalc.exercises.registry import SetInfo
    from mvcalc.web.routes import practice

    empty = SetInfo(id="m9-empty", module=9, number=1, title="Empty", graded=False, generators=())
    monkeypatch.setattr(practice.bank, "get_set", lambda set_id: empty)
    response = _get(app, "/practice/m9-empty")
    assert response.status_code == 404 and "not in the bank yet" in response.text


def test_a_framable_course_over_https_sends_its_csrf_cookie_cross_site(tmp_path):
    """In an LMS's iframe the course is a third party: over https its CSRF cookie is SameSite=None; Secure."""
    db = tmp_path / "framed.sqlite3"
    framed = create_app(Settings(database_url=f"sqlite:///{db}", frame_ancestors=("https://lms.example",)))

    async def go(base: str):
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=framed), base_url=base) as c:
            return (await c.get("/")).headers["set-cookie"]

    over_https = asyncio.run(go("https://127.0.0.1"))
    assert "SameSite=None" in over_https and "Secure" in over_https and "HttpOnly" in over_https
    assert "SameSite=Strict" in asyncio.run(go("http://127.0.0.1"))  # plain http: no cross-site cookie at all


def test_a_course_nobody_frames_keeps_a_strict_cookie_over_https(app):
    async def go():
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://127.0.0.1") as c:
            return (await c.get("/")).headers["set-cookie"]

    cookie = asyncio.run(go())
    assert "SameSite=Strict" in cookie and "Secure" in cookie
