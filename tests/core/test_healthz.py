"""GET /healthz: database, broker (Redis or the embedded folder) and worker liveness."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import override_settings

from riskassess.celery import app as celery_app
from riskassess.core import views as health_views

ROOT = Path(__file__).resolve().parents[2]
REDIS_TEST_URL = "redis://127.0.0.1:6379/13"  # a database of the local Redis nobody else's worker uses
CLOSED_PORT_URL = "redis://127.0.0.1:1/0"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the worker status is cached for a few seconds
    yield
    cache.clear()


@pytest.fixture
def redis_broker():
    """The web side pointed at the local Redis (settings and the Celery app's broker)."""
    previous = celery_app.conf.broker_url
    _switch_broker(REDIS_TEST_URL)
    try:
        with override_settings(REDIS_URL=REDIS_TEST_URL):
            yield
    finally:
        _switch_broker(previous)


def _switch_broker(url: str) -> None:
    # The app of this test process was configured for the embedded broker; drop its pooled
    # connections too, as a fresh process would have none.
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def test_it_reports_a_healthy_database_and_embedded_broker(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"] in ("ok", "down")
    assert response.headers["Cache-Control"].startswith("max-age=0")


def test_it_answers_on_any_host_name(client, db):
    # container health checks call 127.0.0.1 or the container's address, not a public host name
    response = client.get("/healthz", HTTP_HOST="10.1.2.3:8000")
    assert response.status_code == 200
    assert client.get("/accounts/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400


def test_it_reports_503_when_the_database_is_unreachable(client):
    # no `db` fixture: pytest-django refuses every query, as a dead database would
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


def test_it_reports_503_when_the_embedded_broker_folder_is_not_writable(client, db, tmp_path, settings):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        "data_folder_in": str(blocker / "out"),
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "broker": "down", "worker": "down"}


def test_it_reports_503_when_redis_is_unreachable(client, db):
    with override_settings(REDIS_URL=CLOSED_PORT_URL):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"] == "down"
    # A probe must not hang on a dead broker: every network wait of the check is bounded.
    assert health_views.BROKER_TIMEOUT <= 1
    assert health_views.WORKER_PING_TIMEOUT <= 1


def test_it_reports_a_missing_worker_as_degraded_not_dead(client, db, redis_broker):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "broker": "ok", "worker": "down"}


@pytest.fixture
def running_worker():
    env = {**os.environ, "REDIS_URL": REDIS_TEST_URL}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "riskassess",
            "worker",
            "-P",
            "solo",
            "-Q",
            "healthz-probe",
            "-n",
            f"healthz-{os.getpid()}@%h",
            "--without-mingle",
            "--without-gossip",
            "--loglevel",
            "WARNING",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    yield process
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def test_it_reports_a_running_worker(client, db, redis_broker, running_worker):
    deadline = time.monotonic() + 40
    status = None
    while time.monotonic() < deadline:
        cache.clear()
        response = client.get("/healthz")
        status = response.json()["worker"]
        if status == "ok":
            break
        assert running_worker.poll() is None, "the worker exited"
        time.sleep(0.5)
    assert status == "ok"
    assert response.status_code == 200
