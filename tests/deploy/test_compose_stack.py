"""docker-compose.yml started without Docker: each service's command as a real process, with the
environment compose would give it, then a submission to a score and a sealed PDF through gunicorn,
then TERM and a clean exit within each service's grace period.

What stands in for what: PostgreSQL is this machine's (127.0.0.1:5432, trust auth, user postgres),
database `compose_check` made afresh; Redis is a private redis-server on a free port started with
the compose file's own command (appendonly, noeviction); the `.env` is the one an operator writes
from .env.example (production settings, a generated seal authority); /app/var/... paths become
temporary folders; the host names `postgres` and `redis` become those addresses; `python`,
`gunicorn` and `celery` are the project's virtualenv's; web binds 127.0.0.1 on a free port.
"""

import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml

from riskassess.archive.authority import TEST_CERT, TEST_KEY, TEST_ROOT, generate_test_authority

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent
PG_HOST, PG_PORT, PG_USER, DB_NAME = "127.0.0.1", 5432, "postgres", "compose_check"
COMPOSE_DEFAULT_GRACE = 10  # seconds, docker compose's default stop_grace_period
pytestmark = pytest.mark.reliability
INSTALL = "run `make test` as root, or apt-get install redis-server postgresql postgresql-client"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _seconds(value: str | int | None, default: int) -> int:
    if value is None:
        return default
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"(\d+)s", str(value))
    assert match, f"grace period {value!r}: only seconds are read here"
    return int(match.group(1))


def _as_list(command) -> list[str]:
    return command if isinstance(command, list) else ["sh", "-c", command]


class Stack:
    def __init__(self, compose: dict, tmp: Path):
        self.compose = compose
        self.tmp = tmp
        self.redis_port = _free_port()
        self.web_port = _free_port()
        self.processes: dict[str, subprocess.Popen] = {}
        self.logs: dict[str, Path] = {}
        (tmp / "logs").mkdir()

    # -- environment --------------------------------------------------------------------------
    def dotenv(self) -> dict[str, str]:
        """What an operator puts in .env (from .env.example), for this machine."""
        seal = self.tmp / "secrets"
        generate_test_authority(seal, common_name="compose check seal")
        return {
            "DJANGO_DEBUG": "False",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "POSTGRES_PASSWORD": "compose-check",
            "REPORT_SEAL_KEY_FILE": str(seal / TEST_KEY),
            "REPORT_SEAL_CERT_FILE": str(seal / TEST_CERT),
            "REPORT_SEAL_CHAIN_FILE": str(seal / TEST_ROOT),
            "REPORT_SEAL_TRUST_FILE": str(seal / TEST_ROOT),
            "REPORT_SEAL_TEST_AUTHORITY": "False",
            "SCORING_SWEEP_SECONDS": "30",
            "LOG_FORMAT": "json",
        }

    def _local(self, value: str, dotenv: dict[str, str]) -> str:
        value = re.sub(r"\$\{(\w+)(?::?[?-][^}]*)?\}", lambda m: dotenv.get(m.group(1), ""), value)
        value = re.sub(
            r"postgres://[^@]*@postgres:5432/\w+", f"postgres://{PG_USER}@{PG_HOST}:{PG_PORT}/{DB_NAME}", value
        )
        value = value.replace("redis://redis:6379", f"redis://127.0.0.1:{self.redis_port}")
        return value.replace("/app/var/", f"{self.tmp}/var/")

    def environment(self, name: str) -> dict[str, str]:
        service = self.compose["services"][name]
        dotenv = self.dotenv_values
        env = {
            "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "HOME": str(self.tmp),
            "LANG": "C.UTF-8",
            # the image's ENV (Dockerfile)
            "PYTHONUNBUFFERED": "1",
            "STATIC_ROOT": str(self.tmp / "staticfiles"),
            "MEDIA_ROOT": str(self.tmp / "var" / "media"),
            "DJANGO_DEBUG": "False",
        }
        if service.get("env_file"):
            env.update(dotenv)
        for key, value in (service.get("environment") or {}).items():
            env[key] = self._local(str(value), dotenv)
        return env

    def command(self, name: str) -> list[str]:
        command = [
            self._local(part, self.dotenv_values) for part in _as_list(self.compose["services"][name]["command"])
        ]
        return [part.replace("0.0.0.0:8000", f"127.0.0.1:{self.web_port}") for part in command]

    # -- processes ----------------------------------------------------------------------------
    def start(self, name: str, command: list[str], env: dict[str, str]) -> subprocess.Popen:
        log = self.tmp / "logs" / f"{name}.log"
        self.logs[name] = log
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def log(self, name: str) -> str:
        return self.logs[name].read_text(errors="replace")[-3000:]

    def healthcheck(self, name: str, env: dict[str, str]) -> bool:
        test = self.compose["services"][name]["healthcheck"]["test"]
        kind, *argv = test
        if kind == "CMD-SHELL":
            argv = ["sh", "-c", argv[0]]
        argv = [self._local(a, self.dotenv_values) for a in argv]
        if name == "postgres":  # the same check, against this machine's server
            argv = ["pg_isready", "-h", PG_HOST, "-p", str(PG_PORT), "-U", PG_USER, "-d", DB_NAME]
        if name == "redis":
            argv = [*argv[:1], "-p", str(self.redis_port), *argv[1:]]
        argv = [a.replace("127.0.0.1:8000", f"127.0.0.1:{self.web_port}") for a in argv]
        done = subprocess.run(argv, env=env, capture_output=True, timeout=30, check=False)
        return done.returncode == 0

    def wait_healthy(self, name: str, env: dict[str, str]) -> None:
        """Healthy within compose's budget (start_period + retries x interval), or a slow machine's."""
        check = self.compose["services"][name]["healthcheck"]
        budget = _seconds(check.get("start_period"), 0) + int(check.get("retries", 3)) * _seconds(
            check.get("interval"), 30
        )
        deadline = time.monotonic() + max(budget, 180)
        while time.monotonic() < deadline:
            if self.healthcheck(name, env):
                return
            process = self.processes.get(name)
            assert process is None or process.poll() is None, f"{name} exited: {self.log(name)}"
            time.sleep(1)
        raise AssertionError(f"{name} never became healthy: {self.log(name) if name in self.logs else ''}")

    def stop(self, name: str) -> tuple[int, float]:
        """TERM, as `docker compose stop` sends; (exit code, the grace period) once it is gone."""
        grace = _seconds(self.compose["services"].get(name, {}).get("stop_grace_period"), COMPOSE_DEFAULT_GRACE)
        process = self.processes[name]
        process.send_signal(signal.SIGTERM)
        try:
            return process.wait(timeout=grace), grace
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
            raise AssertionError(f"{name} did not stop within {grace}s of TERM: {self.log(name)}") from None

    def kill_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def _psql(sql: str) -> None:
    subprocess.run(
        [
            "psql",
            "-h",
            PG_HOST,
            "-p",
            str(PG_PORT),
            "-U",
            PG_USER,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
    )


def _http(stack: Stack, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(
        f"http://127.0.0.1:{stack.web_port}{path}",
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "X-Forwarded-Proto": "https",  # as the TLS-terminating proxy in front of web sets it
            "Host": "localhost",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own local server
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def _poll(what: str, fn, timeout: float):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (result := fn()) is not None:
            return result
        time.sleep(0.5)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.fixture
def stack(tmp_path):
    for tool in ("redis-server", "redis-cli", "psql", "pg_isready"):
        if shutil.which(tool) is None:
            pytest.fail(f"{tool} is not installed: {INSTALL}")
    if subprocess.run(["pg_isready", "-q", "-h", PG_HOST, "-p", str(PG_PORT)], check=False).returncode != 0:
        pytest.fail(f"PostgreSQL does not answer on {PG_HOST}:{PG_PORT}: {INSTALL}, then start it")
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    stack = Stack(compose, tmp_path)
    stack.dotenv_values = stack.dotenv()
    _psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    _psql(f"CREATE DATABASE {DB_NAME}")
    (tmp_path / "var" / "beat").mkdir(parents=True)
    yield stack
    stack.kill_all()
    _psql(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


def test_the_compose_stack_runs_a_submission_to_a_sealed_pdf_and_stops_cleanly(stack):
    services = stack.compose["services"]
    # redis: the compose file's own command, on a private port and folder
    redis_cmd = [*_as_list(services["redis"]["command"]), "--port", str(stack.redis_port), "--bind", "127.0.0.1"]
    (stack.tmp / "redis").mkdir()
    redis_cmd += ["--dir", str(stack.tmp / "redis"), "--save", ""]
    stack.start("redis", redis_cmd, {"PATH": os.environ["PATH"]})
    stack.wait_healthy("redis", {"PATH": os.environ["PATH"]})

    def redis_config(key: str) -> str:
        argv = ["redis-cli", "-p", str(stack.redis_port), "CONFIG", "GET", key]
        return subprocess.run(argv, capture_output=True, text=True, check=True).stdout.splitlines()[1]

    assert redis_config("appendonly") == "yes" and redis_config("maxmemory-policy") == "noeviction"
    stack.wait_healthy("postgres", {"PATH": os.environ["PATH"]})

    # migrate: one shot, must succeed before anything else starts (service_completed_successfully)
    migrate = stack.start("migrate", stack.command("migrate"), stack.environment("migrate"))
    assert migrate.wait(timeout=900) == 0, stack.log("migrate")
    assert (stack.tmp / "staticfiles").is_dir()

    for name in ("web", "worker", "worker-pdf", "beat"):
        stack.start(name, stack.command(name), stack.environment(name))
    stack.wait_healthy("web", stack.environment("web"))

    def health() -> dict | None:
        status, body = _http(stack, "GET", "/healthz", token="")
        data = json.loads(body)
        return data if status == 200 and data.get("worker") == "ok" else None

    healthz = _poll("healthz with a worker", health, 300)
    assert (healthz["database"], healthz["broker"], healthz["worker"]) == ("ok", "ok", "ok")

    # a submission, through gunicorn, to a score (worker) and the automatic PDF (worker-pdf), sealed
    seed = subprocess.run(
        [str(VENV_BIN / "python"), "manage.py", "shell", "-c", (ROOT / "tests/deploy/compose_seed.py").read_text()],
        cwd=ROOT,
        env=stack.environment("web"),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    data = json.loads(seed.stdout.strip().splitlines()[-1])
    token, pk = data["token"], data["assessment"]
    answers = {"A4": "yes", "A4a": "Ministry of Industry", "A6": "no", "B6": 12, "D1": "yes"}
    status, body = _http(
        stack, "PUT", f"/api/v1/assessments/{pk}/answers/", token, {"version": data["version"], "answers": answers}
    )
    assert status == 200, body
    version = json.loads(body)["version"]
    status, body = _http(stack, "POST", f"/api/v1/assessments/{pk}/submit/", token, {"version": version})
    assert status == 200, body

    def scored() -> dict | None:
        status, body = _http(stack, "GET", f"/api/v1/assessments/{pk}/score/", token)
        data = json.loads(body)
        return data if status == 200 and data["state"] == "done" else None

    score = _poll("the score", scored, 300)
    assert score["score"]["band"]

    def report_done() -> dict | None:
        status, body = _http(stack, "GET", f"/api/v1/reports/?kind=assessment&assessment={pk}", token)
        results = json.loads(body).get("results", []) if status == 200 else []
        done = [r for r in results if r["status"] == "done"]
        return done[0] if done else None

    report = _poll("the assessment report", report_done, 600)
    status, pdf = _http(stack, "GET", f"/api/v1/reports/{report['id']}/download/", token)
    assert status == 200 and pdf.startswith(b"%PDF")

    verify = [str(VENV_BIN / "python"), "manage.py", "verify_report"]
    sealed = stack.tmp / "var" / "media" / "sealed" / "assessment" / f"riskassess-assessment-{report['id']}-sealed.pdf"
    _poll("the sealed copy", lambda: True if sealed.exists() else None, 600)
    done = subprocess.run(
        [*verify, str(sealed)], cwd=ROOT, env=stack.environment("web"), capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "The report verifies." in done.stdout

    # docker compose stop: TERM to each, the app services first; each within its grace period
    for name in ("web", "worker", "worker-pdf", "beat", "redis"):
        started = time.monotonic()
        code, grace = stack.stop(name)
        print(f"{name}: exit {code} after {time.monotonic() - started:.1f}s of TERM (grace {grace}s)")
        assert code == 0, f"{name} exited with {code} after TERM: {stack.log(name)}"
    assert "Warm shutdown" in stack.log("worker") and "Warm shutdown" in stack.log("worker-pdf")
