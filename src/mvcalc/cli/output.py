"""What every command shares about failing and opening the store: one line on stderr, exit status 2.

Bad input changes nothing: `fail()` is how every command refuses, and `open_store()`
refuses a database URL it cannot use (an unknown driver, a SQLite file in a folder
that does not exist: no folder is ever created for it) before anything is written.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any, NoReturn

import typer


def fail(message: str) -> NoReturn:
    """A one-line error on stderr and exit status 2 (bad input changes nothing)."""
    from rich.console import Console
    from rich.text import Text

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


def sympy_form(value: Any) -> Any:
    """SymPy's own code form of one printed result (input-language text read back by our reader), or None."""
    if isinstance(value, list):
        forms = [sympy_form(v) for v in value]
        return None if any(f is None for f in forms) else forms
    if not isinstance(value, str):
        return None
    from mvcalc.math.input import InputError, read

    try:
        return str(read(value).value)
    except (InputError, ValueError):
        return None


def _with_forms(value: Any) -> Any:
    """Non-finite numbers as null; beside each `name`/`name_latex` pair, `name_sympy` (SymPy's str form)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, list | tuple):
        return [_with_forms(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        out[key] = _with_forms(item)
        if key.endswith("_latex") and key[: -len("_latex")] in value:
            base = key[: -len("_latex")]
            form = sympy_form(value[base])
            if form is not None:
                out[f"{base}_sympy"] = form
    return out


def math_json(data: Any) -> str:
    """A maths command's `--json`: results in the input language, with their LaTeX and SymPy forms.

    Each printed result `name` that has a `name_latex` also gets `name_sympy`, SymPy's code form
    (`x**2*sin(x)`), read back from our own printed text; NaN and infinities become null (not JSON).
    """
    import json  # only --json needs it: a plain result starts without it

    return json.dumps(_with_forms(data), indent=2, ensure_ascii=False, allow_nan=False)
