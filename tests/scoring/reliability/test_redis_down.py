"""Redis down for 30 s: submissions are saved (no error), and once Redis is back, empty (it ran
with --save ""), the sweeper re-queues them and each is scored exactly once."""

import datetime as dt
import time

import pytest
from django.urls import reverse
from django.utils import timezone

from riskassess.questionnaires.models import Revision
from riskassess.scoring.models import ScoringRun
from tests.scoring.reliability.conftest import queue_idle, scores_of, wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]

DOWN_SECONDS = 30


def test_it_scores_submissions_made_while_redis_was_down(
    broker, worker_factory, make_draft, submit, client, fr_regulator
):
    from riskassess.scoring.services import scoring_requeue_unscored

    worker_factory()
    drafts = [make_draft(n) for n in range(3)]
    client.force_login(fr_regulator)

    broker.stop()
    down_at = time.monotonic()
    # Two through the service, one through the submit view: saved, and the queuing failed quietly.
    revisions = [submit(a) for a in drafts[:2]]
    web = drafts[2]
    response = client.post(
        reverse("questionnaires:submit", args=[web.pk]), {"version": web.version, "declaration": "1"}
    )
    assert response.status_code == 302
    revisions.append(Revision.objects.get(assessment=web))

    assert Revision.objects.filter(pk__in=[r.pk for r in revisions]).count() == 3
    assert ScoringRun.objects.filter(revision__in=revisions, status=ScoringRun.Status.QUEUED).count() == 3
    time.sleep(max(0, DOWN_SECONDS - (time.monotonic() - down_at)))
    broker.start()  # same port, empty
    assert broker.client().llen("default") == 0
    assert all(scores_of(r) == 0 for r in revisions)

    # What beat does every 2 minutes, seen from 6 minutes later (runs queued for over 5 minutes).
    scoring_requeue_unscored(now=timezone.now() + dt.timedelta(minutes=6))

    for revision in revisions:
        wait_for(lambda r=revision: scores_of(r), timeout=90, what="score after Redis came back")
    wait_for(lambda: queue_idle(broker), timeout=30, what="queue drained")
    assert [scores_of(r) for r in revisions] == [1, 1, 1]
    assert ScoringRun.objects.filter(revision__in=revisions, status=ScoringRun.Status.DONE).count() == 3
