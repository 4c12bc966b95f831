"""Every report ends done or failed: the automatic report is requested in the score's own
transaction (the queued Report row is the request), the sweeper sends again or re-queues what is
stuck, and a report whose attempts are used up ends failed with its reason; asking again then makes
a new report."""

import datetime as dt

import pytest
from django.utils import timezone

from riskassess.reports.models import Report
from riskassess.reports.services import (
    MAX_ATTEMPTS,
    REENQUEUE_AFTER,
    RUNNING_LIMIT,
    report_render,
    report_request,
    report_request_for_scored_revision,
    report_sweep,
)
from riskassess.scoring.services import scoring_request, scoring_run_execute
from tests.reports.builders import GOOD_ANSWERS

Status = Report.Status


def _render_calls(callbacks) -> list[int]:
    return [cb.args[0] for cb in callbacks if getattr(cb, "func", None) and "render_report" in cb.__qualname__]


@pytest.fixture
def queued(fr_score, django_capture_on_commit_callbacks) -> Report:
    with django_capture_on_commit_callbacks():
        return report_request_for_scored_revision(score=fr_score)


def _age(report: Report, **fields) -> Report:
    Report.objects.filter(pk=report.pk).update(**fields)
    report.refresh_from_db()
    return report


def test_the_score_and_its_report_request_commit_together(
    fr_assessment, fr_regulator, django_capture_on_commit_callbacks
):
    from riskassess.questionnaires.models import Revision

    revision = Revision.objects.create(
        assessment=fr_assessment,
        number=1,
        template_version=fr_assessment.campaign.template_version,
        answers=GOOD_ANSWERS,
        assessment_date=timezone.localdate(),
        submitted_by=fr_regulator,
        submitted_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks():  # no callback runs: as if the worker died at commit
        run = scoring_request(revision=revision)
        score = scoring_run_execute(run_id=run.pk, task_id="t1")
    report = Report.objects.get(score=score)
    assert (report.kind, report.status, report.audience) == ("assessment", Status.QUEUED, "FR")


def test_the_sweeper_leaves_a_fresh_queued_report_alone(queued, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        counts = report_sweep(now=queued.created_at + REENQUEUE_AFTER - dt.timedelta(seconds=1))
    assert counts == {"requeued": 0, "failed": 0} and _render_calls(callbacks) == []


def test_the_sweeper_sends_a_queued_report_again(queued, django_capture_on_commit_callbacks):
    now = queued.created_at + REENQUEUE_AFTER + dt.timedelta(seconds=1)
    with django_capture_on_commit_callbacks() as callbacks:
        counts = report_sweep(now=now)
    assert counts == {"requeued": 1, "failed": 0}
    assert _render_calls(callbacks) == [queued.pk]
    with django_capture_on_commit_callbacks() as callbacks:  # not again before another REENQUEUE_AFTER
        report_sweep(now=now + dt.timedelta(seconds=1))
    assert _render_calls(callbacks) == []


def test_the_sweeper_requeues_a_report_running_past_its_time_limit(queued, django_capture_on_commit_callbacks):
    started = timezone.now()
    _age(queued, status=Status.RUNNING, attempts=1, task_id="dead", started_at=started)
    with django_capture_on_commit_callbacks() as callbacks:
        assert report_sweep(now=started + RUNNING_LIMIT - dt.timedelta(seconds=1))["requeued"] == 0
        assert report_sweep(now=started + RUNNING_LIMIT + dt.timedelta(seconds=1))["requeued"] == 1
    queued.refresh_from_db()
    assert (queued.status, queued.task_id, queued.attempts) == (Status.QUEUED, "", 1)
    assert _render_calls(callbacks) == [queued.pk]


def test_the_sweeper_fails_a_report_whose_attempts_are_used_up(
    queued, fr_regulator, fr_assessment, django_capture_on_commit_callbacks
):
    started = timezone.now()
    _age(queued, status=Status.RUNNING, attempts=MAX_ATTEMPTS, task_id="dead", started_at=started)
    with django_capture_on_commit_callbacks() as callbacks:
        assert report_sweep(now=started + RUNNING_LIMIT + dt.timedelta(seconds=1)) == {"requeued": 0, "failed": 1}
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and "stopped 3 times" in queued.error and queued.finished_at
    assert _render_calls(callbacks) == []

    with django_capture_on_commit_callbacks() as callbacks:
        again = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    assert again.pk != queued.pk and again.status == Status.QUEUED
    assert _render_calls(callbacks) == [again.pk]


def test_asking_for_a_stuck_report_makes_a_new_one(
    queued, fr_regulator, fr_assessment, django_capture_on_commit_callbacks
):
    _age(
        queued,
        status=Status.RUNNING,
        attempts=MAX_ATTEMPTS,
        task_id="dead",
        started_at=timezone.now() - RUNNING_LIMIT - dt.timedelta(seconds=1),
    )
    with django_capture_on_commit_callbacks():
        again = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    queued.refresh_from_db()
    assert queued.status == Status.FAILED
    assert again.pk != queued.pk and again.status == Status.QUEUED


def test_asking_for_a_report_running_in_time_returns_it(
    queued, fr_regulator, fr_assessment, django_capture_on_commit_callbacks
):
    _age(queued, status=Status.RUNNING, attempts=1, task_id="alive", started_at=timezone.now())
    with django_capture_on_commit_callbacks():
        again = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    assert again.pk == queued.pk


def test_a_redelivery_after_the_last_attempt_ends_the_report_failed(queued):
    _age(queued, status=Status.RUNNING, attempts=MAX_ATTEMPTS, task_id="t-killed", started_at=timezone.now())
    assert report_render(report_id=queued.pk, task_id="t-killed") is None
    queued.refresh_from_db()
    assert queued.status == Status.FAILED and "stopped 3 times" in queued.error


def test_another_task_never_fails_a_report_that_is_running(queued):
    _age(queued, status=Status.RUNNING, attempts=MAX_ATTEMPTS, task_id="t-alive", started_at=timezone.now())
    assert report_render(report_id=queued.pk, task_id="t-duplicate") is None
    queued.refresh_from_db()
    assert queued.status == Status.RUNNING
