"""The scoring worker killed between the score's commit and the report's message: the report was
requested in the score's transaction (a queued row), so the sweeper sends it and it is made."""

import datetime as dt

import pytest
from django.utils import timezone

from riskassess.questionnaires.models import Revision
from riskassess.reports.models import Report
from riskassess.reports.services import REENQUEUE_AFTER, report_sweep
from riskassess.scoring.models import Score
from riskassess.scoring.services import scoring_request
from tests.reports.builders import GOOD_ANSWERS
from tests.reports.reliability.conftest import wait_until_ended
from tests.scoring.reliability.conftest import wait_for

pytestmark = [pytest.mark.reliability, pytest.mark.django_db(transaction=True)]


def test_a_worker_killed_after_the_score_commits_loses_no_report(broker, worker_factory, fr_assessment, fr_regulator):
    scorer = worker_factory(queues="default", RISKASSESS_TEST_KILL_AT_REPORT_SEND="1")
    revision = Revision.objects.create(
        assessment=fr_assessment,
        number=1,
        template_version=fr_assessment.campaign.template_version,
        answers=GOOD_ANSWERS,
        assessment_date=timezone.localdate(),
        submitted_by=fr_regulator,
        submitted_at=timezone.now(),
    )
    scoring_request(revision=revision)

    wait_for(lambda: scorer.proc.poll() is not None, timeout=60, what="the scoring worker killed itself")
    score = Score.objects.get(revision=revision)  # committed before the kill
    report = Report.objects.get(score=score)
    assert report.status == Report.Status.QUEUED  # requested, its message never sent

    worker_factory(queues="pdf")
    counts = report_sweep(now=timezone.now() + REENQUEUE_AFTER + dt.timedelta(seconds=1))
    assert counts["requeued"] == 1
    (done,) = wait_until_ended([report], timeout=90)
    assert done.status == Report.Status.DONE, done.error
