"""What every command shares about failing and opening the store: one line on stderr, exit status 2.

Bad input changes nothing: `fail()` is how every command refuses, and `open_store()`
refuses a database URL it cannot use (an unknown driver, a SQLite file in a folder
that does not exist: no folder is ever created for it) before anything is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text


def fail(message: str) -> NoReturn:
    """A one-line error on stderr and exit status 2 (bad input changes nothing)."""
    Console(stderr=True, soft_wrap=True).print(Text("error: ", style="bold red") + Text(message))
    raise typer.Exit(2)


def open_store(url: str | None):
    """The progress store at `url` (None: `MVCALC_DATABASE_URL` or the default file), or `fail()` saying why not."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

    from mvcalc.store import Store, StoreUnavailable

    if url is not None:
        try:
            parsed = make_url(url)
        except ArgumentError:
            fail(f"--db {url!r} is not a database URL (e.g. sqlite:///progress.sqlite3 or postgresql+psycopg://...)")
        if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
            folder = Path(parsed.database).expanduser().parent
            if not folder.is_dir():
                fail(f"--db: the folder {folder} does not exist (mvcalc does not create it for a path you give)")
    try:
        store = Store(url)
        store.migrate()
    except NoSuchModuleError:
        fail(f"--db {url!r}: no database driver for that URL is installed")
    except StoreUnavailable as exc:
        fail(f"the progress store cannot be used: {exc.reason}")
    except (SQLAlchemyError, OSError) as exc:
        fail(f"the progress store cannot be opened: {str(exc).splitlines()[0]}")
    return store
