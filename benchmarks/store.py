"""The store under many writers: answers recorded per second on SQLite and PostgreSQL, by 1 and by
32 threads, each next to its peer in the same run (PostgreSQL / SQLite), and the check that no
update was lost (attempts and mastery observations counted exactly).

`python -m benchmarks store`; PostgreSQL is MVCALC_TEST_DATABASE_URL's server (default the
local one), in a database made for the run and dropped after it.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
import uuid
from pathlib import Path

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from mvcalc.store import Store
from mvcalc.store.models import Attempt, SkillMastery

RIGHT = {"status": "correct", "score": 1.0, "message": "Correct."}
SKILLS = ["chain-rule", "product-rule"]
PER_THREAD = 400  # answers per thread (1 thread); 32 threads share the same total


def run(url: str, threads: int, total: int, learners: int) -> tuple[float, bool]:
    """(answers per second, nothing lost) for `threads` writers in one process (one engine)."""
    store = Store(url)
    store.migrate()
    each = total // threads
    start = threading.Barrier(threads + 1)

    def worker(n: int) -> None:
        start.wait()
        for i in range(each):
            store.record_attempt(f"l{n % learners}", "q", "s", i, f"{n}-{i}", RIGHT, skills=SKILLS)

    pool = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for t in pool:
        t.start()
    start.wait()
    began = time.perf_counter()
    for t in pool:
        t.join()
    rate = threads * each / (time.perf_counter() - began)
    with store.session() as session:
        attempts = session.scalar(select(func.count(Attempt.id)))
        observed = session.scalar(select(func.sum(SkillMastery.observations)))
    store.engine.dispose()
    return rate, attempts == threads * each and observed == threads * each * len(SKILLS)


def main() -> None:
    admin_url = os.environ.get("MVCALC_TEST_DATABASE_URL") or "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    folder = Path(tempfile.mkdtemp(prefix="mvcalc-bench-store-"))
    made = []
    print(f"{'writers':>8} {'learners':>8} {'SQLite/s':>9} {'PostgreSQL/s':>13} {'PG/SQLite':>10}  exact counts")
    try:
        for threads, learners in ((1, 1), (32, 1), (32, 32)):
            name = f"mvcalc_bench_{uuid.uuid4().hex[:10]}"
            with admin.connect() as c:
                c.execute(text(f'CREATE DATABASE "{name}"'))
            made.append(name)
            pg = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
            lite = f"sqlite:///{folder / f'{name}.sqlite3'}"
            total = PER_THREAD
            lite_rate, lite_ok = run(lite, threads, total, learners)
            pg_rate, pg_ok = run(pg, threads, total, learners)
            print(f"{threads:>8} {learners:>8} {lite_rate:>9.0f} {pg_rate:>13.0f} {pg_rate / lite_rate:>10.2f}  "
                  f"{'yes' if lite_ok and pg_ok else 'NO'}")
    finally:
        with admin.connect() as c:
            for name in made:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
        for f in folder.iterdir():
            f.unlink()
        folder.rmdir()
    print(f"(load average {os.getloadavg()[0]:.1f}; each answer: an attempt and two mastery rows, one transaction)")


if __name__ == "__main__":
    main()
