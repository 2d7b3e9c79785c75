"""Accounts mode's costs, each next to its peer in the same run (in-process, SQLite file):

- a page served with accounts on (session cookie looked up in the store on every request) vs the
  same page in the personal course;
- a sign-in (argon2id verify, the throttle check, a new session row) vs one session lookup.

Run: `.venv/bin/python -m benchmarks accounts`.
"""

from __future__ import annotations

import asyncio
import re
import statistics
import tempfile
import time
from pathlib import Path

import httpx

from mvcalc.store import Store
from mvcalc.store import accounts as acc
from mvcalc.web.app import Settings, create_app

PAGES = 300
SIGN_INS = 20
PATH = "/pages/notation"
PASSWORD = "benchmark-password-1"


async def _page_times(app, cookie: str | None) -> list[float]:
    times = []
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1") as client:
        if cookie:
            client.cookies.set("mvcalc_session", cookie)
        await client.get(PATH)  # warm: the page's render cache, the store's connection
        for _ in range(PAGES):
            start = time.perf_counter()
            response = await client.get(PATH)
            times.append(time.perf_counter() - start)
            assert response.status_code == 200, response.status_code
    return times


def _ms(values: list[float]) -> str:
    return f"p50 {1000 * statistics.median(values):.2f} ms"


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="accounts-bench-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.sqlite3'}"
        store = Store(url)
        store.migrate()
        user = acc.create_user(store, "ann", password=PASSWORD)
        token = acc.start_session(store, user.id)
        personal = create_app(Settings(database_url=url))
        hosted = create_app(Settings(database_url=url, accounts=True))
        plain = asyncio.run(_page_times(personal, None))
        signed = asyncio.run(_page_times(hosted, token))
        print(f"{PATH}, {PAGES} requests: personal {_ms(plain)}, accounts {_ms(signed)}, "
              f"ratio {statistics.median(signed) / statistics.median(plain):.2f}")

        sign_ins, lookups = [], []
        for _ in range(SIGN_INS):
            start = time.perf_counter()
            found = acc.authenticate(store, "ann", PASSWORD)
            acc.start_session(store, found.id)
            sign_ins.append(time.perf_counter() - start)
            start = time.perf_counter()
            acc.session_user(store, token)
            lookups.append(time.perf_counter() - start)
        print(f"sign-in (argon2id + session) {_ms(sign_ins)}, session lookup {_ms(lookups)}, "
              f"ratio {statistics.median(sign_ins) / statistics.median(lookups):.0f}")
        assert re.match(r"^\$argon2id\$", acc._hasher.hash("x"))
