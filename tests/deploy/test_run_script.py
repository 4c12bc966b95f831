"""`make run`'s scripts/run.sh stops web, worker and beat together on a Ctrl-C, the worker by a
warm shutdown that ends (it used to hang there: the terminal's SIGINT reached the pool's children)."""

import os
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.reliability


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def _wait_for(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def test_ctrl_c_stops_web_worker_and_beat_cleanly():
    log = ROOT / "var" / "log" / "worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    log.write_text("")
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "STOP_GRACE": "30", "PYTHONUNBUFFERED": "1"}
    env.pop("DATABASE_URL", None)
    env.pop("REDIS_URL", None)
    # a session of its own, as a terminal gives a job: Ctrl-C is a SIGINT to the whole group
    script = subprocess.Popen(
        ["bash", "scripts/run.sh"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(lambda: "ready." in log.read_text(), 90, "the worker to be ready")
        _wait_for(lambda: len(_children(script.pid)) == 3, 30, "web, worker and beat")
        children = _children(script.pid)
        pool = [c for w in children for c in _children(w)]
        assert pool, "the worker has no pool children"
        os.killpg(script.pid, signal.SIGINT)
        assert script.wait(timeout=45) == 0
    finally:
        if script.poll() is None:
            os.killpg(script.pid, signal.SIGKILL)
    for pid in children + pool:
        assert not Path(f"/proc/{pid}").exists() or "Z" in Path(f"/proc/{pid}/stat").read_text().split()[2], pid
    text = log.read_text()
    assert "Warm shutdown" in text
    assert "Cold shutdown" not in text and "cold shutdown" not in script.stderr.read().decode()
