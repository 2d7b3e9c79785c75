"""Simulated learners for the fault and crash tests: numbered answers and Sandpit probes over real
HTTP, remembering exactly which ones the server acknowledged."""

from __future__ import annotations

import json
import re
import threading

import httpx

from mvcalc.exercises import registry as bank

SET, GENERATOR, SEED = "m1-s4-product-rule", "m1-product-linear", 11
QUESTION = bank.get(GENERATOR).generate(SEED)


class Learner:
    """One browser-like client (its own CSRF cookie) that may talk to several servers."""

    def __init__(self, urls: list[str]) -> None:
        self.urls = list(urls)
        self.http = httpx.Client(timeout=30)
        self.token = ""
        self.lock = threading.Lock()
        self.answered: list[str] = []  # answers whose 200 arrived
        self.refused: list[str] = []  # answers refused with a clear 503
        self.other: list[str] = []  # anything else: must stay empty
        for url in self.urls:
            self._page(url)

    def _page(self, url: str) -> None:
        found = re.search(r'name="csrf-token" content="([^"]+)"', self.http.get(url + "/sandpit").text)
        self.token = found.group(1)

    def answer(self, text: str, url: str | None = None) -> int | None:
        """Post one answer; returns the status (None: the connection failed, nothing acknowledged)."""
        url = url or self.urls[0]
        form = {"csrf_token": self.token, "question": QUESTION.id, "seed": QUESTION.seed, "answer": text}
        try:
            response = self.http.post(f"{url}/practice/{SET}", data=form, headers={"Accept": "application/json"})
        except httpx.TransportError:
            return None
        with self.lock:
            if response.status_code == 200 and response.json()["ok"]:
                self.answered.append(text)
            elif response.status_code == 503 and "could not be saved" in response.json()["error"]:
                self.refused.append(text)
            else:
                self.other.append(f"{text}: {response.status_code} {response.text[:200]}")
        return response.status_code

    def post_json(self, url: str, path: str, body: dict) -> httpx.Response:
        headers = {"X-CSRF-Token": self.token, "Content-Type": "application/json", "Accept": "application/json"}
        return self.http.post(url + path, content=json.dumps(body), headers=headers)

    def close(self) -> None:
        self.http.close()


def saved_answers(store) -> list[str]:
    return [a["answer_text"] for a in store.attempts(None, question_id=QUESTION.id, limit=1_000_000)]
