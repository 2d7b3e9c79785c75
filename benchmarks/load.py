"""Load: a real `mvcalc serve` on loopback under many learners, each figure beside its peer of the same run.

1. One worker on SQLite. /health at concurrency 1 (the p50 shows any Nagle/delayed-ACK
   floor); then 16 connections back to back on /health, a lesson page, the practice
   page (a new question every view) and answer POSTs (as the practice page sends them: to
   questions the server issued on a view, by their opaque id), with the ratios the issue asks
   for and the server's CPU milliseconds per answer (from /proc).
2. A class on PostgreSQL (a database made for each run and dropped after): CLASS
   learners paced like people (a request every 5-20 s: lessons, the practice page then
   an answer to it, now and then a Sandpit round with probes) against 1, 2 and 4 app
   processes: p50/p99 per request kind, errors, and the saturation throughput of the
   same mix (wrk, 32 connections) as a ratio to one process.

Saturation runs use Debian's wrk when it is installed (`apt-get install wrk`), else
Python (httpx) learners, which are slower than the server and understate /health.
Run: `.venv/bin/python -m benchmarks load`. Settings (environment): MVCALC_LOAD_SECONDS
(saturation runs, 5), MVCALC_LOAD_REPEATS (2: best of), MVCALC_LOAD_CLASS (500), MVCALC_LOAD_CLASS_SECONDS (60, after 20 s of
warm-up), MVCALC_LOAD_PROCESSES ("1,2,4"), MVCALC_LOAD_PG (a PostgreSQL URL whose server
the run may create databases on; default postgresql+psycopg://postgres@127.0.0.1:5432/postgres;
"skip" leaves part 2 out), MVCALC_LOAD_PARTS ("1,2").
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import secrets
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx

from mvcalc.exercises import registry as bank
from tests.web.server import LiveServer

SECONDS = float(os.environ.get("MVCALC_LOAD_SECONDS", "5"))
REPEATS = int(os.environ.get("MVCALC_LOAD_REPEATS", "2"))
CLASS = int(os.environ.get("MVCALC_LOAD_CLASS", "500"))
CLASS_SECONDS = float(os.environ.get("MVCALC_LOAD_CLASS_SECONDS", "60"))
CLASS_WARM = 20.0
PROCESSES = tuple(int(n) for n in os.environ.get("MVCALC_LOAD_PROCESSES", "1,2,4").split(","))
PG = os.environ.get("MVCALC_LOAD_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PAUSE = (5.0, 20.0)  # seconds between a learner's requests
LESSON = "/modules/1/lessons/welcome"
PRACTICE_SET = "m1-s4-product-rule"
GENERATORS = ("m1-product-linear", "m1-product-power-trig", "m1-product-three", "m1-chain-exp-poly")
TOKEN = "benchmark-token-0123456789abcdef"
UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0}


def _pool(seeds: int = 6) -> list[dict[str, str]]:
    """Answer forms (set, question, seed, answer): each question answered rightly and with a buggy answer."""
    forms = []
    known = {g.id for g in bank.all_generators()}
    for generator in [g for g in GENERATORS if g in known]:
        for seed in range(seeds):
            q = bank.get(generator).generate(seed)
            answers = [q.answer_text] + [str(m.answer) for m in q.buggy[:1]]
            forms += [{"set": q.set, "question": q.id, "seed": str(q.seed), "answer": a} for a in answers]
    return forms


def _issued_answers(base: str, database_url: str, views: int = 24) -> list[tuple[str, str, str]]:
    """Answer POSTs as the practice page sends them: by the opaque id of a question the server issued
    on a view, each question answered rightly and with a buggy answer (worked out here, before the run,
    from the question the store says was issued)."""
    from mvcalc.store.api import Store

    store, requests = Store(database_url), []
    with httpx.Client(base_url=base, timeout=60, cookies={"mvcalc_csrf": TOKEN}) as client:
        for _ in range(views):
            key = re.search(r'name="issued" value="([^"]+)"', client.get(f"/practice/{PRACTICE_SET}").text).group(1)
            issued = store.issued_question(key, "local")
            q = bank.get(issued["question_id"]).generate(issued["seed"])
            for answer in [q.answer_text] + [str(m.answer) for m in q.buggy[:1]]:
                body = urlencode({"issued": key, "answer": answer, "csrf_token": TOKEN})
                requests.append(("POST", f"/practice/{PRACTICE_SET}", body))
    store.engine.dispose()
    return requests


def _form_body(form: dict[str, str]) -> str:
    return urlencode({**{k: v for k, v in form.items() if k != "set"}, "csrf_token": TOKEN})


# ---------------------------------------------------------------- drivers: wrk, or Python learners


def _wrk_script(folder: str, name: str, requests: list[tuple[str, str, str]]) -> str:
    """A wrk Lua script cycling through (method, path, body) requests with the CSRF cookie and token."""
    lines = [
        f'wrk.headers["Cookie"] = "mvcalc_csrf={TOKEN}"',
        'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"',
        'wrk.headers["Accept"] = "application/json"',
        "local requests = {}",
        "init = function(args)",  # per thread, once wrk has set the Host header
    ]
    for method, path, body in requests:
        lines.append(f'  table.insert(requests, wrk.format("{method}", "{path}", nil, {f"{body!r}" if body else "nil"}))')
    lines += ["end", "local i = 0", "request = function()", "  i = i % #requests + 1", "  return requests[i]", "end"]
    path = Path(folder) / f"{name}.lua"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def _wrk(url: str, connections: int, script: str | None = None, seconds: float = SECONDS) -> dict[str, float]:
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds:g}s", "--latency", "--timeout", "10s"]
    command += (["-s", script] if script else []) + [url]
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)"):
        found = re.search(pattern, out)
        errors += sum(int(g) for g in found.groups()) if found else 0

    def latency(pct: str) -> float:
        value, unit = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * UNITS[unit]

    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "errors": errors, "n": rps * seconds}


async def _python_run(base: str, connections: int, requests: list[tuple[str, str, str]], seconds: float) -> dict:
    """Back-to-back Python clients (httpx), each with the benchmark's CSRF cookie."""
    latencies: list[float] = []
    errors = [0]
    cookies = {"mvcalc_csrf": TOKEN}
    headers = {"Accept": "application/json", "Content-Type": "application/x-www-form-urlencoded"}

    async def loop(k: int, deadline: float) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=30, cookies=cookies) as client:
            i = k
            while time.perf_counter() < deadline:
                method, path, body = requests[i % len(requests)]
                i += 1
                start = time.perf_counter()
                response = await client.request(method, path, content=body or None, headers=headers)
                latencies.append(time.perf_counter() - start)
                errors[0] += response.status_code >= 400

    start = time.perf_counter()
    await asyncio.gather(*(loop(k, start + seconds) for k in range(connections)))
    elapsed = time.perf_counter() - start
    ordered = sorted(latencies)
    return {"rps": len(ordered) / elapsed, "p50": statistics.median(ordered) * 1000,
            "p99": ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000, "errors": errors[0], "n": len(ordered)}


def _drive(base: str, folder: str, name: str, connections: int, requests: list[tuple[str, str, str]],
           seconds: float = SECONDS) -> dict[str, float]:
    if shutil.which("wrk"):
        if len(requests) == 1 and requests[0][0] == "GET":
            return _wrk(base + requests[0][1], connections, seconds=seconds)
        return _wrk(base + "/", connections, _wrk_script(folder, name, requests), seconds)
    return asyncio.run(_python_run(base, connections, requests, seconds))


def _cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time of these processes (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _start(database_url: str, extra: tuple[str, ...] = ()) -> tuple[LiveServer, list[str]]:
    """A server, with its stderr read on a thread (a full pipe would stall it); the lines kept."""
    server = LiveServer(database_url, extra).start(timeout=120)
    lines: list[str] = []

    def drain() -> None:
        try:
            for line in server.process.stderr:
                if len(lines) < 10_000:
                    lines.append(line)
        except (ValueError, OSError):  # closed by stop()
            pass

    threading.Thread(target=drain, daemon=True).start()
    return server, lines


def _server_pids(server: LiveServer) -> list[int]:
    """The server's process and its children (uvicorn's workers)."""
    root = server.process.pid
    children = Path(f"/proc/{root}/task/{root}/children")
    return [root] + [int(p) for p in children.read_text().split()] if children.exists() else [root]


# ---------------------------------------------------------------- part 1: one worker, back to back


def _page_weight(base: str, path: str) -> tuple[int, int, int]:
    """(HTML bytes, scripts + styles bytes, the same gzipped) of one page, as a browser would load them."""
    import gzip

    with httpx.Client(base_url=base, timeout=60) as client:
        html = client.get(path).text
        assets = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assets += re.findall(r'<link rel="(?:stylesheet|modulepreload)" href="([^"]+)"', html)
        assets += ["/static/figures/plot.js"] if "data-figure-script" in html and "/static/figures/plot.js" not in assets else []
        bodies = [client.get(url).content for url in dict.fromkeys(assets)]
    return len(html.encode()), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def _row(name: str, r: dict, note: str = "") -> None:
    print(f"  {name:<34} {r['rps']:>9.1f} {r['p50']:>8.2f} {r['p99']:>8.2f} {int(r['errors']):>6}  {note}")


def part_one() -> None:
    with tempfile.TemporaryDirectory(prefix="speed-load-") as folder:
        database_url = f"sqlite:///{folder}/load.sqlite3"
        server, _ = _start(database_url)
        try:
            answers = _issued_answers(server.url, database_url)
            with httpx.Client(base_url=server.url, timeout=60, cookies={"mvcalc_csrf": TOKEN}) as warm:
                for method, path, body in [("GET", LESSON, ""), ("GET", f"/practice/{PRACTICE_SET}", ""), *answers]:
                    warm.request(method, path, content=body or None,
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
            driver = "wrk" if shutil.which("wrk") else "Python httpx (install wrk for truer figures)"
            print(f"mvcalc serve, one worker, SQLite; best of {REPEATS} interleaved runs of {SECONDS:g} s, driven by {driver};"
                  f" load average before: {', '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
            for label, path in (("lesson with a figure", LESSON), ("module page", "/modules/1")):
                html, assets, zipped = _page_weight(server.url, path)
                print(f"  page weight, {label} ({path}): HTML {html / 1024:.0f} KiB, scripts and styles"
                      f" {assets / 1024:.0f} KiB ({zipped / 1024:.0f} KiB gzipped; KaTeX fonts load on demand)")
            print(f"  {'':<34} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'errors':>6}")
            pids = _server_pids(server)
            runs: dict[str, list[dict]] = {}
            cpu = [0.0, 0.0]  # CPU seconds and answers over every answer run
            for _ in range(REPEATS):  # interleaved, best of REPEATS: the machine's other load comes in bursts
                for name, connections, requests in (
                    ("health1", 1, [("GET", "/health", "")]), ("health", 16, [("GET", "/health", "")]),
                    ("lesson", 16, [("GET", LESSON, "")]), ("practice", 16, [("GET", f"/practice/{PRACTICE_SET}", "")]),
                    ("answers", 16, answers),
                ):
                    before = _cpu_seconds(pids)
                    runs.setdefault(name, []).append(_drive(server.url, folder, name, connections, requests))
                    if name == "answers":
                        cpu[0] += _cpu_seconds(pids) - before
                        cpu[1] += runs[name][-1]["n"]
            one = min(runs["health1"], key=lambda r: r["p50"])
            health, lesson, practice, answer = (max(runs[k], key=lambda r: r["rps"]) for k in ("health", "lesson", "practice", "answers"))
            cpu_ms = cpu[0] * 1000 / max(cpu[1], 1)
            _row("/health, concurrency 1", one, f"(target: p50 under 2 ms) {'ok' if one['p50'] < 2 else 'MISSED'}")
            print("  concurrency 16:")
            _row("/health", health)
            checks = [
                ("lesson page", lesson, lesson["rps"] / health["rps"], 1 / 3, "of /health"),
                ("practice page (new question)", practice, practice["rps"] / lesson["rps"], 1 / 3, "of the lesson page"),
                ("answer POST", answer, answer["rps"] / health["rps"], 1 / 10, "of /health"),
            ]
            for name, r, ratio, target, peer in checks:
                verdict = "ok" if ratio >= target else "MISSED"
                _row(name, r, f"{ratio:.3f} {peer} (target ≥ {target:.3f}) {verdict}")
            print(f"  server CPU per answer: {cpu_ms:.1f} ms (grading and recording, {cpu[1]:.0f} answers)")
        finally:
            server.stop()


# ---------------------------------------------------------------- part 2: a class on PostgreSQL


@contextmanager
def _database(admin_url: str):
    """A fresh PostgreSQL database for one run (named speed_load_…), dropped afterwards."""
    import psycopg

    dsn = admin_url.replace("postgresql+psycopg://", "postgresql://")
    name = f"speed_load_{secrets.token_hex(4)}"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin_url.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(dsn, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class Tally:
    """Latencies (ms) and errors per request kind, for requests started inside the measured window."""

    def __init__(self, start: float, end: float) -> None:
        self.start, self.end = start, end
        self.ms: dict[str, list[float]] = {}
        self.errors: dict[str, int] = {}
        self.failures: list[str] = []

    def add(self, kind: str, began: float, ms: float, ok: bool, what: str = "") -> None:
        if not self.start <= began < self.end:
            return
        self.ms.setdefault(kind, []).append(ms)
        if not ok:
            self.errors[kind] = self.errors.get(kind, 0) + 1
            if len(self.failures) < 5:
                self.failures.append(what)


async def _learner(k: int, client: httpx.AsyncClient, lessons: list[str], sets: list[str], pool: list[dict],
                   tally: Tally) -> None:
    """One learner: their own CSRF cookie and token (sent by hand: the client and its pool are shared)."""
    rng = random.Random(k)
    token = f"learner-{k:05d}-{secrets.token_urlsafe(12)}"
    cookie = {"Cookie": f"mvcalc_csrf={token}"}

    async def call(kind: str, method: str, path: str, headers: dict | None = None, **kw) -> httpx.Response | None:
        began = time.perf_counter()
        try:
            response = await client.request(method, path, headers={**cookie, **(headers or {})}, **kw)
        except httpx.HTTPError as exc:
            tally.add(kind, began, (time.perf_counter() - began) * 1000, False, f"{path}: {exc!r}")
            return None
        ok = response.status_code == 200
        tally.add(kind, began, (time.perf_counter() - began) * 1000, ok, f"{path}: {response.status_code} {response.text[:120]}")
        return response if ok else None

    await asyncio.sleep(rng.uniform(0, PAUSE[1]))  # learners arrive over the first 20 s
    await call("page", "GET", "/")
    json = {"Accept": "application/json", "X-CSRF-Token": token}
    while time.perf_counter() < tally.end:
        await asyncio.sleep(rng.uniform(*PAUSE))
        roll = rng.random()
        if roll < 0.40:
            await call("lesson", "GET", rng.choice(lessons))
        elif roll < 0.48:
            await call("page", "GET", rng.choice(["/", "/modules/1", "/modules/2", "/sandpit"]))
        elif roll < 0.96:  # practise: see a question, think, answer (a question of the pool: see the docs)
            await call("practice", "GET", f"/practice/{rng.choice(sets)}")
            await asyncio.sleep(rng.uniform(*PAUSE))
            form = rng.choice(pool)
            await call("answer", "POST", f"/practice/{form['set']}", headers=json,
                       data={**{k: v for k, v in form.items() if k != "set"}, "csrf_token": token})
        else:  # a Sandpit round: start it, then probe a few times
            started = await call("sandpit round", "POST", "/api/sandpit/rounds", headers=json, json={"level": "intro"})
            key = started.json()["round"] if started else None
            for _ in range(4 if key else 0):
                await asyncio.sleep(rng.uniform(2, 6))
                await call("sandpit probe", "POST", f"/api/sandpit/rounds/{key}/probe", headers=json,
                           json={"x": rng.uniform(0, 6), "y": rng.uniform(0, 6)})


def _class_run(processes: int, pool: list[dict], folder: str) -> dict:
    from mvcalc.course.loader import cached_course

    course = cached_course(None)
    lessons = [lesson.url for module in course.modules for lesson in module.lessons]
    sets = [s.id for s in bank.sets() if not s.graded and s.generators]
    mix = [("GET", LESSON, ""), ("GET", f"/practice/{PRACTICE_SET}", "")] + [
        ("POST", f"/practice/{f['set']}", _form_body(f)) for f in pool[:4]]
    with _database(PG) as url:
        server, logged = _start(url, ("--workers", str(processes)) if processes > 1 else ())
        try:
            start = time.perf_counter() + CLASS_WARM
            tally = Tally(start, start + CLASS_SECONDS)
            pids = _server_pids(server)

            async def everyone() -> None:
                # one client (one connection pool) for the class: an httpx client per learner costs tens of
                # milliseconds to make, which would stall the event loop for seconds at the start
                # (idle connections dropped after 4 s, before uvicorn's 5 s keep-alive closes them under us)
                limits = httpx.Limits(max_connections=CLASS, max_keepalive_connections=CLASS, keepalive_expiry=4)
                async with httpx.AsyncClient(base_url=server.url, timeout=60, limits=limits) as client:
                    await asyncio.gather(*(_learner(k, client, lessons, sets, pool, tally) for k in range(CLASS)))

            cpu = [0.0]

            async def with_cpu() -> None:
                await asyncio.sleep(max(0.0, start - time.perf_counter()))
                before = _cpu_seconds(_server_pids(server))
                await asyncio.sleep(CLASS_SECONDS)
                cpu[0] = _cpu_seconds(_server_pids(server)) - before

            async def both() -> None:
                await asyncio.gather(everyone(), with_cpu())

            asyncio.run(both())
            saturation = _drive(server.url, folder, f"mix{processes}", 32, mix)
            return {"tally": tally, "saturation": saturation, "cpu": cpu[0], "pids": len(pids),
                    "tracebacks": sum("Traceback" in line for line in logged),
                    "raised": sorted({line.strip()[:160] for line in logged if re.match(r"^\w+(\.\w+)*(Error|Exception)\b", line)})}
        finally:
            server.stop()


def part_two(pool: list[dict[str, str]]) -> None:
    if PG == "skip":
        print("\n(part 2, the class on PostgreSQL, skipped: MVCALC_LOAD_PG=skip)")
        return
    try:
        import psycopg  # noqa: F401  (the PostgreSQL driver the app and this benchmark use)
    except ImportError:
        print("\n(part 2, the class on PostgreSQL, skipped: install the driver, pip install 'psycopg[binary]')")
        return
    print(f"\nA class of {CLASS} learners on PostgreSQL, paced (a request every {PAUSE[0]:g}-{PAUSE[1]:g} s), "
          f"measured for {CLASS_SECONDS:g} s after {CLASS_WARM:g} s of arrivals and warm-up; then the same server "
          f"saturated by a mix (lesson, practice page, answers; 32 connections, {SECONDS:g} s)")
    runs = {}
    with tempfile.TemporaryDirectory(prefix="speed-load-") as folder:
        for n in PROCESSES:
            runs[n] = _class_run(n, pool, folder)
    kinds = ["lesson", "practice", "answer", "page", "sandpit round", "sandpit probe"]
    print(f"  {'kind':<14}" + "".join(f" | {f'{n} process' + ('es' if n > 1 else ''):^27}" for n in PROCESSES))
    print(f"  {'':<14}" + " | {:>6} {:>6} {:>7} {:>4}".format("n", "p50", "p99", "err") * len(PROCESSES))
    for kind in kinds:
        cells = []
        for n in PROCESSES:
            ms = sorted(runs[n]["tally"].ms.get(kind, []))
            if not ms:
                cells.append(f" | {'-':>6} {'':>6} {'':>7} {'':>4}")
                continue
            p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
            cells.append(f" | {len(ms):>6} {statistics.median(ms):>6.1f} {p99:>7.1f} {runs[n]['tally'].errors.get(kind, 0):>4}")
        print(f"  {kind:<14}" + "".join(cells))
    totals = {n: sum(len(v) for v in runs[n]["tally"].ms.values()) for n in PROCESSES}
    print(f"  {'req/s (paced)':<14}" + "".join(f" | {totals[n] / CLASS_SECONDS:>27.1f}" for n in PROCESSES))
    print(f"  {'server CPU %':<14}" + "".join(f" | {100 * runs[n]['cpu'] / CLASS_SECONDS:>27.0f}" for n in PROCESSES))
    base = runs[PROCESSES[0]]["saturation"]["rps"]
    print(f"  {'saturated r/s':<14}" + "".join(
        f" | {runs[n]['saturation']['rps']:>13.1f} ({runs[n]['saturation']['rps'] / base:>4.2f}x, p99 {runs[n]['saturation']['p99']:>4.0f})"
        for n in PROCESSES))
    print(f"  {'tracebacks':<14}" + "".join(f" | {runs[n]['tracebacks']:>27}" for n in PROCESSES) + "   (in the server's log)")
    for n in PROCESSES:
        for raised in runs[n]["raised"][:3]:
            print(f"  logged with {n} process(es): {raised}")
        for failure in runs[n]["tally"].failures:
            print(f"  error with {n} process(es): {failure}")


def main() -> None:
    parts = os.environ.get("MVCALC_LOAD_PARTS", "1,2").split(",")
    if "1" in parts:
        part_one()
    if "2" in parts:
        part_two(_pool())


if __name__ == "__main__":
    main()
