"""Load: simulated learners submitting answers to a real `mvcalc serve` (SQLite) on loopback, next to /health.

Each learner is an asyncio task with its own CSRF cookie that submits answers
(right and wrong, to questions of several sets) back to back for a bounded time
and count; the same server's static /health endpoint is loaded the same way in
the same run. Prints throughput and p50/p99 latency at 16 and 64 learners and
the ratios. Run: `.venv/bin/python -m benchmarks load` (MVCALC_LOAD_WORKERS=2
to try two uvicorn workers).
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import shutil
import statistics
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from mvcalc.exercises import registry as bank
from tests.web.server import LiveServer

LEARNERS = (16, 64)
SECONDS = 5.0
THINK = 1.0
MAX_REQUESTS = 20_000
GENERATORS = ("m1-product-linear", "m1-product-power-trig", "m1-product-three", "m1-chain-exp-poly")


def _pool() -> list[dict[str, str]]:
    """(set, question, seed, answer) forms: each question answered rightly and with its first buggy answer."""
    forms = []
    known = {g.id for g in bank.all_generators()}
    for generator in [g for g in GENERATORS if g in known]:
        for seed in range(6):
            q = bank.get(generator).generate(seed)
            answers = [q.answer_text] + [str(m.answer) for m in q.buggy[:1]]
            forms += [{"set": q.set, "question": q.id, "seed": str(q.seed), "answer": a} for a in answers]
    return forms


async def _join(base: str) -> tuple[httpx.AsyncClient, str]:
    """A learner opens the home page: their own client, CSRF cookie and token."""
    client = httpx.AsyncClient(base_url=base, timeout=30)
    page = await client.get("/")
    return client, re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)


async def _learner(client, token, make, deadline: float, latencies: list[float], budget: list[int],
                   think: float) -> None:
    i = 0
    rng = random.Random(token)
    while time.perf_counter() < deadline and budget[0] > 0:
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))
        budget[0] -= 1
        method, path, data = make(i, token)
        start = time.perf_counter()
        try:
            response = await client.request(method, path, data=data, headers={"Accept": "application/json"})
        except httpx.RemoteProtocolError:  # an idle keep-alive connection the server closed: reconnect
            start = time.perf_counter()
            response = await client.request(method, path, data=data, headers={"Accept": "application/json"})
        latencies.append(time.perf_counter() - start)
        if response.status_code != 200:
            raise RuntimeError(f"{path} answered {response.status_code}: {response.text[:200]}")
        i += 1


async def _run(base: str, learners: int, make, think: float = 0.0) -> dict[str, float]:
    """`learners` concurrent loops for SECONDS (at most MAX_REQUESTS in all); joining is not timed.

    `think`: mean pause (s) before each request; 0 = back to back (saturation).
    """
    joined = await asyncio.gather(*(_join(base) for _ in range(learners)))
    latencies: list[float] = []
    budget = [MAX_REQUESTS]
    start = time.perf_counter()
    try:
        await asyncio.gather(
            *(_learner(c, t, make, start + SECONDS, latencies, budget, think) for c, t in joined)
        )
    finally:
        elapsed = time.perf_counter() - start
        for client, _ in joined:
            await client.aclose()
    ordered = sorted(latencies)
    return {
        "rps": len(ordered) / elapsed,
        "p50": statistics.median(ordered) * 1000,
        "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000,
        "n": len(ordered),
    }


def _answer_maker(pool: list[dict[str, str]]):
    def make(i: int, token: str):
        form = pool[(i * 7 + hash(token)) % len(pool)]
        return "POST", f"/practice/{form['set']}", {**{k: v for k, v in form.items() if k != "set"}, "csrf_token": token}

    return make


def _health(i: int, token: str):
    return "GET", "/health", None


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}
TOKEN = "benchmark-token-0123456789abcdef"


def _wrk_script(pool: list[dict[str, str]], folder: str) -> str:
    """A wrk Lua script cycling through the answer forms, with the CSRF cookie and token."""
    lines = [
        f'wrk.headers["Cookie"] = "mvcalc_csrf={TOKEN}"',
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
        'wrk.headers["Accept"] = "application/json"',
        "local requests = {}",
        "init = function(args)",  # per thread, once wrk has set the Host header
    ]
    for form in pool:
        body = urlencode({**{k: v for k, v in form.items() if k != "set"}, "csrf_token": TOKEN})
        lines.append(f'  table.insert(requests, wrk.format("POST", "/practice/{form["set"]}", nil, "{body}"))')
    lines += ["end", "local i = 0", "request = function()", "  i = i % #requests + 1", "  return requests[i]", "end"]
    path = Path(folder) / "answers.lua"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _wrk(url: str, connections: int, script: str | None = None) -> dict[str, float]:
    """Run Debian's wrk for SECONDS on loopback; requests/s and p50/p99 in ms."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{SECONDS:g}s", "--latency", "--timeout", "10s"]
    command += (["-s", script] if script else []) + [url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=SECONDS + 60, check=True).stdout
    if "Non-2xx" in out or "Socket errors" in out:
        raise RuntimeError("wrk saw errors:\n" + out)

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    return {"rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)), "p50": latency("50"), "p99": latency("99")}


def _table(title: str, rows: list[tuple[int, dict, dict]]) -> None:
    print(title)
    print(f"{'learners':>8} {'endpoint':>10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for learners, health, answers in rows:
        for name, r in (("health", health), ("answer", answers)):
            print(f"{learners:>8} {name:>10} {r['rps']:>9.1f} {r['p50']:>8.1f} {r['p99']:>8.1f}")
        print(
            f"{learners:>8} {'ratio':>10} {answers['rps'] / health['rps']:>9.3f} "
            f"{answers['p50'] / health['p50']:>8.2f} {answers['p99'] / health['p99']:>8.2f}   (answer / health)"
        )


def _page_weight(base: str, path: str) -> tuple[int, int, int]:
    """(HTML bytes, scripts + styles bytes, the same gzipped) of one page, as a browser would load them."""
    import gzip

    with httpx.Client(base_url=base, timeout=30) as client:
        html = client.get(path).text
        assets = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assets += re.findall(r'<link rel="(?:stylesheet|modulepreload)" href="([^"]+)"', html)
        assets += ["/static/figures/plot.js"] if "data-figure-script" in html and "/static/figures/plot.js" not in assets else []
        bodies = [client.get(url).content for url in dict.fromkeys(assets)]
    return len(html.encode()), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def main() -> None:
    pool = _pool()
    workers = os.environ.get("MVCALC_LOAD_WORKERS", "1")
    with tempfile.TemporaryDirectory() as folder:
        extra = ("--workers", workers) if workers != "1" else ()
        server = LiveServer(f"sqlite:///{folder}/load.sqlite3", extra).start()
        try:
            asyncio.run(_run(server.url, 4, _answer_maker(pool)))  # warm: questions generated, schema migrated
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"mvcalc serve on SQLite, {workers} worker(s); {len(pool)} answer forms; {SECONDS:g} s per run;"
                  f" load average before: {load} on {os.cpu_count()} cores")
            for label, path in (("lesson with a figure", "/modules/1/lessons/welcome"), ("module page", "/modules/1")):
                html, assets, zipped = _page_weight(server.url, path)
                print(f"page weight, {label} ({path}): HTML {html / 1024:.0f} KiB, scripts and styles"
                      f" {assets / 1024:.0f} KiB ({zipped / 1024:.0f} KiB gzipped; KaTeX fonts load on demand)")
            if shutil.which("wrk"):
                script = _wrk_script(pool, folder)
                _table(
                    "back to back, driven by wrk (saturation; one connection per learner):",
                    [(n, _wrk(server.url + "/health", n), _wrk(server.url + "/", n, script)) for n in LEARNERS],
                )
            rows = []
            for learners in LEARNERS:
                health = asyncio.run(_run(server.url, learners, _health))
                rows.append((learners, health, asyncio.run(_run(server.url, learners, _answer_maker(pool)))))
            _table("back to back, Python asyncio + httpx learners (saturation):", rows)
            rows = []
            for learners in LEARNERS:
                health = asyncio.run(_run(server.url, learners, _health, THINK))
                rows.append((learners, health, asyncio.run(_run(server.url, learners, _answer_maker(pool), THINK))))
            _table(f"paced Python learners: a pause of {THINK / 2:g}-{THINK * 1.5:g} s before each request:", rows)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
