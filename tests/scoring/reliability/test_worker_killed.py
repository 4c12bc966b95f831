"""A worker killed mid-task loses nothing and scores once (acks_late + reject_on_worker_lost +
the claim; for a whole dead worker, the visibility timeout brings the message back)."""

import os
import signal
from pathlib import Path

import pytest

from riskassess.scoring.models import ScoringRun
from tests.scoring.reliability.conftest import queue_idle, scores_of, wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def _killed_pid(pid_file: Path) -> int:
    text = wait_for(lambda: pid_file.exists() and pid_file.read_text(), timeout=60, what="slow task started")
    return int(text)


def test_it_scores_once_after_the_child_is_killed(broker, worker_factory, make_draft, submit):
    worker = worker_factory(slow=True)
    revision = submit(make_draft(1))

    pid = _killed_pid(worker_factory.pid_file)
    assert ScoringRun.objects.get(revision=revision).status == ScoringRun.Status.RUNNING
    os.kill(pid, signal.SIGKILL)

    wait_for(lambda: scores_of(revision), timeout=60, what="score after the child was killed")
    wait_for(lambda: queue_idle(broker), timeout=30, what="queue drained")
    run = ScoringRun.objects.get(revision=revision)
    assert scores_of(revision) == 1
    assert run.status == ScoringRun.Status.DONE
    # Claimed by the killed child, then retaken by the redelivered message (same task id).
    assert run.attempts == 2
    assert worker.proc.poll() is None  # the main worker process survived its child


def test_it_scores_once_after_the_whole_worker_is_killed(broker, worker_factory, make_draft, submit):
    worker = worker_factory(slow=True)
    revision = submit(make_draft(1))

    _killed_pid(worker_factory.pid_file)
    worker.kill()
    assert scores_of(revision) == 0
    worker_factory()  # a new worker; the dead one's message comes back after the visibility timeout

    wait_for(lambda: scores_of(revision), timeout=90, what="score after the worker was killed")
    wait_for(lambda: queue_idle(broker), timeout=30, what="queue drained")
    run = ScoringRun.objects.get(revision=revision)
    assert scores_of(revision) == 1
    assert run.status == ScoringRun.Status.DONE
