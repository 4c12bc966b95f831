"""Real Redis, real Celery worker, the test database shared with it.

Every test gets its own `redis-server --save ""` on a free port and starts its own
`celery -A riskassess worker -P prefork -c 1` (own process group) with short visibility timeouts:
VT=15 s, unacked messages sought every 2 s. The worker loads `slow_hooks`, which makes the first
scoring task sleep after its claim (and record its pid), so that a test can kill it mid-task.
"""

import time

import pytest

from tests.scoring.reliability.database import worker_database_url
from tests.support.processes import (
    CeleryWorker,
    RedisServer,
    point_producer_at,
    redis_transport_options,
    restore_producer,
)

VISIBILITY_TIMEOUT = 15
RESTORE_INTERVAL = 2
TASK_DELAY = 8


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@pytest.fixture
def broker(redis_server):
    """This (test) process publishes to the private Redis, with the production Redis options."""
    from riskassess.celery import app

    old = point_producer_at(app, redis_server.url, redis_transport_options(VISIBILITY_TIMEOUT, RESTORE_INTERVAL))
    yield redis_server
    restore_producer(app, old)


@pytest.fixture
def worker_factory(transactional_db, redis_server, tmp_path):
    """start(slow=True) -> a running CeleryWorker on the test database and the private Redis."""
    workers: list[CeleryWorker] = []
    pid_file = tmp_path / "task.pid"

    def start(*, slow: bool = False) -> CeleryWorker:
        env = {
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": redis_server.url,
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_UNACKED_RESTORE_INTERVAL": str(RESTORE_INTERVAL),
            "RISKASSESS_TEST_PID_FILE": str(pid_file),
            "RISKASSESS_TEST_TASK_DELAY": str(TASK_DELAY if slow else 0),
            "LOG_LEVEL": "INFO",
        }
        worker = CeleryWorker(env=env, logdir=tmp_path / "logs", include="tests.scoring.reliability.slow_hooks")
        workers.append(worker)
        return worker.start()

    start.pid_file = pid_file
    yield start
    for w in workers:
        w.stop()
    # Let the last writes of a killed worker settle before the database is flushed.
    time.sleep(0.2)


def wait_for(predicate, timeout: float = 60, interval: float = 0.25, what: str = "condition"):
    """Poll until predicate() is truthy; returns its value or fails the test after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    pytest.fail(f"{what}: not reached within {timeout:.0f} s")


ANSWERS = {"A4": "no", "A6": "yes", "B6": 10, "D1": "no"}


@pytest.fixture
def make_draft(transactional_db, campaign, fr_regulator):
    """make_draft(n) -> a complete French draft assessment of "Reliability supplier <n>"."""
    from riskassess.questionnaires.services import answers_save, assessment_create
    from tests.factories import SupplierFactory

    def make(n: int):
        supplier = SupplierFactory(name=f"Reliability supplier {n}")
        assessment = assessment_create(
            campaign=campaign, member_state=fr_regulator.member_state, supplier=supplier, user=fr_regulator
        )
        return answers_save(
            assessment=assessment, user=fr_regulator, values=ANSWERS, expected_version=assessment.version
        )

    return make


@pytest.fixture
def submit(fr_regulator):
    """submit(assessment) -> Revision, through the service (commits, then queues)."""
    from riskassess.questionnaires.services import assessment_submit

    def do(assessment):
        return assessment_submit(assessment=assessment, user=fr_regulator)

    return do


def scores_of(revision) -> int:
    from riskassess.scoring.models import Score

    return Score.objects.filter(revision=revision).count()


def queue_idle(redis_server) -> bool:
    """Nothing waiting and nothing delivered-but-unacknowledged in the private Redis."""
    client = redis_server.client()
    return client.llen("default") == 0 and client.hlen("unacked") == 0
