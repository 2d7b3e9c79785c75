"""`mvcalc serve`: the course in the browser (uvicorn on 127.0.0.1), or one page with `--get /path`."""

from __future__ import annotations

import asyncio
import socket
import sys
import threading
import time
import webbrowser

import typer


def _fail(message: str) -> None:
    typer.echo(f"mvcalc serve: {message}", err=True)
    raise typer.Exit(2)


def _make_app(db: str | None, host: str, allow_hosts: list[str], warm_pages: bool = False, accounts: bool = False):
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    from mvcalc.course.model import LessonError
    from mvcalc.store import StoreUnavailable
    from mvcalc.web import assets
    from mvcalc.web.app import create_app, one_blas_thread, settings_from_environment

    missing = assets.missing()
    if missing:
        _fail(f"front-end assets are missing ({missing[0]}); run `make setup` (npm ci, then python -m mvcalc.web.assets)")
    one_blas_thread()
    try:
        settings = settings_from_environment(
            database_url=db, allowed_hosts=(host, *allow_hosts), warm_pages=warm_pages,
            accounts=True if accounts else None,
        )
        return create_app(settings)
    except (ArgumentError, NoSuchModuleError, ModuleNotFoundError):
        _fail(f"--db {db!r} is not a database URL mvcalc can open (e.g. sqlite:///progress.db)")
    except StoreUnavailable as exc:
        _fail(f"the progress store cannot be used: {exc.reason}")
    except LessonError as exc:
        _fail(f"a lesson cannot be loaded: {exc}")
    except ValueError as exc:  # a setting from the environment that is not what it should be
        _fail(f"a setting is not valid: {exc}")


def _get(app, path: str) -> int:
    """Run one GET through the app in-process (no socket) and print the body; returns an exit code."""
    import httpx

    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
            return await client.get(path)

    response = asyncio.run(fetch())
    sys.stdout.write(response.text)
    if not response.text.endswith("\n"):
        sys.stdout.write("\n")
    if response.status_code >= 400:
        typer.echo(f"mvcalc serve --get: {path} answered {response.status_code}", err=True)
        return 1
    return 0


def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback unless you say otherwise)."),
    port: int = typer.Option(8000, "--port", help="Port; 0 picks a free one."),
    open_browser: bool = typer.Option(False, "--open", help="Open the course in your web browser."),
    db: str = typer.Option(None, "--db", help="SQLAlchemy database URL (default: MVCALC_DATABASE_URL or a SQLite file in your data folder)."),
    get: str = typer.Option(None, "--get", help="Print the page at this path (e.g. /modules/1) without opening a socket."),
    allow_host: list[str] = typer.Option([], "--allow-host", help="Another Host name the server answers to (repeatable)."),
    workers: int = typer.Option(1, "--workers", help="uvicorn worker processes (more only helps a hosted class on PostgreSQL)."),
    forwarded_allow_ips: str = typer.Option(
        "127.0.0.1", "--forwarded-allow-ips",
        help="Proxies whose X-Forwarded-For/-Proto headers are trusted (comma-separated addresses, or *).",
    ),
    accounts: bool = typer.Option(False, "--accounts", help="Accounts on: every page needs a signed-in user (also MVCALC_ACCOUNTS=1)."),
) -> None:
    """Serve the course in your browser (offline; your progress is kept in a local SQLite file)."""
    if get is not None and not get.startswith("/"):
        _fail("--get takes a path that starts with /, e.g. --get /modules/1")
    if not 0 <= port <= 65535:
        _fail("--port must be between 0 and 65535")
    if workers < 1:
        _fail("--workers must be at least 1")
    # one worker renders the learner-independent pages in the background now (several: each worker does)
    app = _make_app(db, host, allow_host, warm_pages=get is None and workers == 1, accounts=accounts)
    if app.state.settings.accounts and get is None:
        from mvcalc.store import accounts as store_accounts

        if not store_accounts.list_users(app.state.store):
            typer.echo("mvcalc: accounts are on but there are none yet: add one with "
                       "`mvcalc users add NAME --role admin`", err=True)
    if get is not None:
        raise typer.Exit(_get(app, get))

    import uvicorn

    sock = _listen(host, port)
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{bound}/"
    typer.echo(f"mvcalc: the course is at {url}  (Ctrl+C to stop)", err=True)
    if workers > 1:
        import os

        from uvicorn.supervisors import Multiprocess

        os.environ["MVCALC_SERVE_DB"] = db or ""
        os.environ["MVCALC_SERVE_HOSTS"] = ",".join((host, *allow_host))
        if accounts:
            os.environ["MVCALC_ACCOUNTS"] = "1"
        config = uvicorn.Config("mvcalc.web.app:from_environment", factory=True, workers=workers,
                                log_level="warning", access_log=False, proxy_headers=True,
                                forwarded_allow_ips=forwarded_allow_ips)
        Multiprocess(config, sockets=[sock]).run()  # every worker accepts on this one socket
        return
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, proxy_headers=True,
                                           forwarded_allow_ips=forwarded_allow_ips))
    if open_browser:

        def _open() -> None:
            while not server.started:
                time.sleep(0.05)
            webbrowser.open(url)

        threading.Thread(target=_open, daemon=True).start()
    server.run(sockets=[sock])


def _listen(host: str, port: int) -> socket.socket:
    """The listening socket, made as TCP explicitly: asyncio sets TCP_NODELAY only on connections whose
    socket says IPPROTO_TCP, and without it Nagle's algorithm meets delayed ACKs (40 ms per response)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        _fail(f"cannot listen on {host}:{port}: {exc.strerror}")
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
