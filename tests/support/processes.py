"""Processes for the reliability tests and the benchmark: a private redis-server and a real Celery
worker, each in its own process group so that a test can kill the whole of it.

Nothing here is used by the web application.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

from django.conf import settings


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(predicate, timeout: float, what: str, interval: float = 0.1) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"{what} not ready after {timeout:.0f} s")


class RedisServer:
    """`redis-server --save "" --appendonly no` on a free port: nothing survives a restart."""

    def __init__(self, workdir: Path, port: int | None = None):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        import redis

        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def start(self) -> "RedisServer":
        log = open(self.workdir / f"redis-{self.port}.log", "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(  # noqa: S603
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
            + ["--dir", str(self.workdir), "--maxmemory-policy", "noeviction"],  # noqa: S607
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

        def up() -> bool:
            try:
                return bool(self.client().ping())
            except Exception:  # noqa: BLE001 - not listening yet
                return False

        _wait(up, 15, f"redis-server on port {self.port}")
        return self

    def stop(self) -> None:
        """Shut it down (its queue is lost: --save "")."""
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class CeleryWorker:
    """`celery -A riskassess worker -P prefork -c N -Q default` (or `queues`) in its own process group."""

    def __init__(
        self,
        *,
        env: dict[str, str],
        logdir: Path,
        concurrency: int = 1,
        include: str | None = None,
        queues: str = "default",
    ):
        self.env = {"DJANGO_SETTINGS_MODULE": "riskassess.settings", **os.environ, **env}
        self.logdir = Path(logdir)
        self.logdir.mkdir(parents=True, exist_ok=True)
        self.concurrency = concurrency
        self.include = include
        self.queues = queues
        self.proc: subprocess.Popen | None = None
        self.logfile: Path | None = None

    def start(self, timeout: float = 60) -> "CeleryWorker":
        name = f"w{uuid.uuid4().hex[:8]}@%h"
        self.logfile = self.logdir / f"worker-{name.split('@')[0]}.log"
        cmd = [sys.executable, "-m", "celery", "-A", "riskassess", "worker", "-P", "prefork"]
        cmd += ["-c", str(self.concurrency), "-Q", self.queues, "--without-mingle", "--without-gossip"]
        cmd += ["-n", name, "-l", "INFO"]
        if self.include:
            cmd += ["--include", self.include]
        log = open(self.logfile, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(  # noqa: S603
            cmd,
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()

        proc = self.proc

        def ready() -> bool:
            if proc.poll() is not None:
                raise RuntimeError(f"the worker exited ({proc.returncode}):\n{self.log()[-3000:]}")
            return " ready." in self.log()

        _wait(ready, timeout, "Celery worker", interval=0.2)
        return self

    def log(self) -> str:
        return self.logfile.read_text(errors="replace") if self.logfile and self.logfile.exists() else ""

    def kill(self) -> None:
        """SIGKILL the whole worker: main process and pool children, nothing is acknowledged."""
        if self.proc and self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        stop_process_group(self.proc)
        self.proc = None


def stop_process_group(proc: subprocess.Popen | None, *, grace: float = 20) -> None:
    """SIGTERM a subprocess started with start_new_session=True and its children; SIGKILL after
    `grace` seconds."""
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(grace)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    except ProcessLookupError:
        pass


def redis_transport_options(visibility_timeout: int, restore_interval: int) -> dict:
    """The broker options settings.py uses with REDIS_URL, for a process whose settings were read
    without it (a test process pointing its producer at a private Redis)."""
    return {
        "visibility_timeout": visibility_timeout,
        "unacked_restore_interval": restore_interval,
        "unacked_restore_throttle": 1,
        "socket_timeout": 5,
        "socket_connect_timeout": 2,
        "max_retries": 1,
    }


def point_producer_at(app, url: str, transport_options: dict) -> tuple:
    """Make this process publish to `url`; returns what to pass back to restore it."""
    old = (app.conf.broker_url, app.conf.broker_transport_options)
    app.conf.broker_url = url
    app.conf.broker_transport_options = transport_options
    _reset_pools(app)
    return old


def restore_producer(app, old: tuple) -> None:
    app.conf.broker_url, app.conf.broker_transport_options = old
    _reset_pools(app)


def _reset_pools(app) -> None:
    if getattr(app, "_pool", None) is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
