"""A class to serve with accounts on: who is in it, their passwords, and a signed-in HTTP client."""

from __future__ import annotations

import re

import httpx

from mvcalc.store import Store
from mvcalc.store import accounts as acc

PASSWORDS = {name: f"{name}-s3cret-password" for name in ("ann", "bea", "ian", "ivy", "ada", "olga", "tess")}


def seed_class(store: Store) -> None:
    """Class mml (instructor ian; learners ann, bea, tess) and class other (ivy; olga); admin ada."""
    store.migrate()
    for name, role in (("ann", "learner"), ("bea", "learner"), ("tess", "learner"), ("olga", "learner"),
                       ("ian", "instructor"), ("ivy", "instructor"), ("ada", "admin")):
        acc.create_user(store, name, role, password=PASSWORDS[name], display_name=name.title())
    acc.create_class(store, "mml", "Maths for ML", join_code="MMLJOIN1")
    acc.create_class(store, "other", "Another class", join_code="OTHER123")
    acc.add_instructor(store, "mml", "ian")
    acc.add_instructor(store, "other", "ivy")
    for name in ("ann", "bea", "tess"):
        acc.enrol(store, "mml", name)
    acc.enrol(store, "other", "olga")
    acc.set_assessment_rules(store, "mml", "m1-assessment", attempt_limit=2)


class Browser:
    """An httpx client that keeps cookies like a browser and sends the page's CSRF token back."""

    def __init__(self, base: str) -> None:
        self.http = httpx.Client(base_url=base, timeout=60, follow_redirects=False)
        self.token = ""

    def get(self, path: str, **kw) -> httpx.Response:
        response = self.http.get(path, **kw)
        found = re.search(r'name="csrf-token" content="([^"]+)"', response.text)
        if found:
            self.token = found.group(1)
        return response

    def post(self, path: str, data: dict | None = None, **kw) -> httpx.Response:
        return self.http.post(path, data={"csrf_token": self.token, **(data or {})}, **kw)

    def sign_in(self, name: str, password: str | None = None, next: str = "/") -> httpx.Response:
        self.get("/login")
        response = self.post("/login", {"username": name, "password": password or PASSWORDS[name], "next": next})
        self.get("/")  # a fresh CSRF token after sign-in
        return response

    def close(self) -> None:
        self.http.close()
