"""A redis-server of the test's own, on a free port in 6390-6394, to stop and restart.

Used as a broker or cache that really goes away (issue 12): the port then refuses
connections exactly as a stopped production Redis does. Nothing is persisted, so a
restart comes back empty, like a Redis without `appendonly` after a crash.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

PORTS = range(6390, 6395)


def _free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    pytest.skip("no free port in 6390-6394 for a test Redis")


class RedisServer:
    def __init__(self, folder: Path) -> None:
        if shutil.which("redis-server") is None:
            pytest.skip("needs redis-server")
        self.folder = folder
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "redis-server",
                "--port", str(self.port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        """Stop it at once, dropping everything it held (SIGKILL: no save, no goodbye)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None


@pytest.fixture
def stopped_redis_url(tmp_path) -> str:
    """The URL of a Redis that was running a moment ago and is now stopped."""
    server = RedisServer(tmp_path)
    server.start()
    server.stop()
    return server.url()
