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
