"""`mvcalc serve`: --get prints one page without a socket; bad options give one line and exit 2."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from mvcalc.cli import app

runner = CliRunner()


@pytest.fixture
def db(tmp_path):
    return f"sqlite:///{tmp_path / 'cli.sqlite3'}"


def test_get_prints_a_page(db):
    result = runner.invoke(app, ["serve", "--db", db, "--get", "/modules/1"])
    assert result.exit_code == 0, result.output
    assert "Module 1: What is calculus?" in result.stdout and "<!doctype html>" in result.stdout


def test_get_health_is_json(db):
    result = runner.invoke(app, ["serve", "--db", db, "--get", "/health"])
    assert result.exit_code == 0 and json.loads(result.stdout) == {"status": "ok"}


def test_a_served_process_runs_blas_on_one_thread(db, monkeypatch):
    """Requests are many and small: BLAS's worker threads would cost more than they save."""
    import numpy  # noqa: F401  (loads BLAS)
    from threadpoolctl import threadpool_info, threadpool_limits

    blas = [i for i in threadpool_info() if i["user_api"] == "blas"]
    assert blas, "NumPy's BLAS is not visible to threadpoolctl"
    before = {i["filepath"]: i["num_threads"] for i in blas}
    threadpool_limits(limits=2, user_api="blas")  # the tests run on one (conftest): as a process starts
    if {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} != {2}:
        pytest.skip("this machine's BLAS runs one thread whatever is asked")
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    try:
        result = runner.invoke(app, ["serve", "--db", db, "--get", "/health"])
        assert result.exit_code == 0, result.output
        assert {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"} == {1}  # loaded
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"  # loaded later, and in worker processes
    finally:
        for path, threads in before.items():
            threadpool_limits(limits={path: threads})


def test_get_a_missing_page_exits_1_with_the_page(db):
    result = runner.invoke(app, ["serve", "--db", db, "--get", "/modules/42"])
    assert result.exit_code == 1
    assert "There is no module 42" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--get", "modules/1"], "--get takes a path that starts with /"),
        (["--port", "70000"], "--port must be between 0 and 65535"),
        (["--workers", "0"], "--workers must be at least 1"),
        (["--db", "not a url", "--get", "/"], "is not a database URL"),
    ],
)
def test_bad_options_say_what_is_wrong_and_exit_2(args, message):
    result = runner.invoke(app, ["serve", *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_a_busy_port_is_reported(db):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        result = runner.invoke(app, ["serve", "--db", db, "--port", str(port)])
    assert result.exit_code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.output


def test_serve_is_documented():
    from pathlib import Path

    doc = (Path(__file__).resolve().parents[2] / "docs" / "reference" / "web.md").read_text()
    help_text = runner.invoke(app, ["serve", "--help"], env={"COLUMNS": "200"}).output
    for option in ("--host", "--port", "--open", "--db", "--get", "--allow-host", "--workers"):
        assert option in help_text and f"`{option}" in doc, option


def test_served_connections_have_tcp_nodelay():
    """Responses are not held back by Nagle's algorithm: the accepted sockets of `mvcalc serve`'s
    listening socket (one worker, or shared by several) get TCP_NODELAY from asyncio."""
    import socket
    import threading
    import time
    import urllib.request

    import uvicorn

    from mvcalc.cli.serve import _listen

    async def tiny(scope, receive, send):
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
            await send({"type": "http.response.body", "body": b"ok"})

    sock = _listen("127.0.0.1", 0)
    assert sock.proto == socket.IPPROTO_TCP  # what the workers inherit too
    server = uvicorn.Server(uvicorn.Config(tiny, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        with socket.create_connection(sock.getsockname()) as client:
            client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            client.settimeout(5)
            reply = b""
            while not reply.endswith(b"ok"):
                reply += client.recv(1024)
            (connection,) = server.server_state.connections
            accepted = connection.transport.get_extra_info("socket")
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        with urllib.request.urlopen(f"http://127.0.0.1:{sock.getsockname()[1]}/", timeout=5) as response:
            assert response.read() == b"ok"
    finally:
        server.should_exit = True
        thread.join(10)
