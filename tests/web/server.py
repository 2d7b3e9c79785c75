"""A real `mvcalc serve` in a subprocess on a free loopback port, against a given database (for tests and benchmarks)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request

URL = re.compile(r"(http://127\.0\.0\.1:\d+/)")


class LiveServer:
    """Start with `start()`, stop with `stop()`; `url` is the base URL ("http://127.0.0.1:PORT")."""

    def __init__(self, database_url: str, extra_args: tuple[str, ...] = (), command: tuple[str, ...] | None = None,
                 cwd: str | None = None) -> None:
        self.database_url = database_url
        self.extra_args = extra_args
        self.command = command or (sys.executable, "-m", "mvcalc")  # another install's `mvcalc`, for the wheel test
        self.cwd = cwd
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self, timeout: float = 60.0) -> LiveServer:
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [*self.command, "serve", "--port", "0", "--db", self.database_url, *self.extra_args],
            cwd=self.cwd,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        deadline = time.monotonic() + timeout
        lines = []
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line:
                if self.process.poll() is not None:
                    raise RuntimeError("mvcalc serve exited: " + "".join(lines))
                continue
            lines.append(line)
            found = URL.search(line)
            if found:
                self.url = found.group(1).rstrip("/")
                break
        else:
            self.stop()
            raise RuntimeError("mvcalc serve did not start in time: " + "".join(lines))
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("mvcalc serve did not answer /health")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process and self.process.stderr:
            self.process.stderr.close()
        self.process = None
