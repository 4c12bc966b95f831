"""Real Redis, real Celery workers (the pdf queue, the default queue), the test database shared
with them, as tests/scoring/reliability does. Each test asserts that every report it made ends
done or failed."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from riskassess.reports.models import Report
from tests.scoring.reliability import conftest as scoring_reliability
from tests.scoring.reliability.conftest import RESTORE_INTERVAL, VISIBILITY_TIMEOUT, wait_for
from tests.scoring.reliability.database import worker_database_url
from tests.support.processes import CeleryWorker

ENDED = (Report.Status.DONE, Report.Status.FAILED)

# The private redis-server and the producer pointed at it, as for the scoring fault tests.
redis_server = scoring_reliability.redis_server
broker = scoring_reliability.broker


@pytest.fixture
def worker_factory(transactional_db, redis_server, tmp_path, settings) -> Iterator[Callable[..., CeleryWorker]]:
    """start(queues="pdf", **env) -> a running worker with the fault hooks, on the test database."""
    workers: list[CeleryWorker] = []

    def start(*, queues: str = "pdf", **extra: str) -> CeleryWorker:
        env = {
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": redis_server.url,
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "CELERY_VISIBILITY_TIMEOUT": str(VISIBILITY_TIMEOUT),
            "CELERY_UNACKED_RESTORE_INTERVAL": str(RESTORE_INTERVAL),
            "RISKASSESS_TEST_PID_FILE": str(tmp_path / "render.pids"),
            "LOG_LEVEL": "INFO",
            **extra,
        }
        worker = CeleryWorker(
            env=env, logdir=tmp_path / "logs", include="tests.reports.reliability.hooks", queues=queues
        )
        workers.append(worker)
        return worker.start()

    start.pid_file = tmp_path / "render.pids"  # type: ignore[attr-defined]
    yield start
    for w in workers:
        w.stop()
    time.sleep(0.2)  # let a killed worker's last writes settle before the database is flushed


def wait_until_ended(reports: list[Report], timeout: float = 120) -> list[Report]:
    def ended() -> list[Report] | None:
        fresh = list(Report.objects.filter(pk__in=[r.pk for r in reports]).order_by("pk"))
        return fresh if all(r.status in ENDED for r in fresh) else None

    return wait_for(ended, timeout=timeout, what="every report done or failed")


def pids(pid_file: Path) -> list[int]:
    return [int(line) for line in pid_file.read_text().split()] if pid_file.exists() else []
