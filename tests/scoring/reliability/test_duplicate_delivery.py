"""The same scoring task delivered more than once (a redelivery, a sweeper racing the worker)
stores one score: the claim lets one copy work, the others return."""

import pytest

from riskassess.celery import app
from riskassess.scoring.models import ScoringRun
from tests.scoring.reliability.conftest import queue_idle, scores_of, wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

TASK = "riskassess.scoring.tasks.score_revision"


def test_it_scores_once_when_the_task_is_delivered_three_times(broker, worker_factory, make_draft, submit):
    worker_factory()
    revision = submit(make_draft(1))  # the first message, sent on commit
    run = ScoringRun.objects.get(revision=revision)
    first = app.send_task(TASK, args=[run.pk])
    app.send_task(TASK, args=[run.pk], task_id=first.id)  # a true redelivery: same task id

    wait_for(lambda: scores_of(revision), timeout=60, what="score")
    wait_for(lambda: queue_idle(broker), timeout=30, what="all three deliveries handled")
    run.refresh_from_db()
    assert scores_of(revision) == 1
    assert run.status == ScoringRun.Status.DONE
