"""The sweeper enqueues what on-commit could not: runs queued for over 5 minutes, runs whose
worker died (running past the hard time limit + 30 s), latest revisions without a run; and it
gives up after 3 attempts."""

import datetime as dt

import pytest
import time_machine

from riskassess.scoring.models import Score, ScoringRun
from riskassess.scoring.services import scoring_request, scoring_requeue_unscored, scoring_run_execute
from riskassess.scoring.tasks import score_revision

T0 = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)


def enqueued(callbacks):
    return sorted(c.args[0] for c in callbacks if getattr(c, "func", None) == score_revision.delay)


@pytest.fixture
def run(fr_assessment, make_revision, django_capture_on_commit_callbacks):
    with time_machine.travel(T0, tick=False), django_capture_on_commit_callbacks():
        return scoring_request(revision=make_revision(fr_assessment))


def sweep_at(moment, capture):
    with time_machine.travel(moment, tick=False), capture() as callbacks:
        counts = scoring_requeue_unscored()
    return counts, enqueued(callbacks)


def test_it_leaves_a_run_queued_for_less_than_5_minutes(run, django_capture_on_commit_callbacks):
    counts, sent = sweep_at(T0 + dt.timedelta(minutes=4, seconds=59), django_capture_on_commit_callbacks)

    assert sent == []
    assert counts == {"failed": 0, "reset": 0, "requeued": 0, "created": 0}


def test_it_requeues_a_run_queued_for_more_than_5_minutes(run, django_capture_on_commit_callbacks):
    later = T0 + dt.timedelta(minutes=5, seconds=1)

    counts, sent = sweep_at(later, django_capture_on_commit_callbacks)
    again, sent_again = sweep_at(later + dt.timedelta(minutes=2), django_capture_on_commit_callbacks)

    assert sent == [run.pk]
    assert counts["requeued"] == 1
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.QUEUED
    assert run.queued_at == later
    assert sent_again == []  # not again until another 5 minutes have passed


def test_it_resets_a_run_whose_worker_died(run, django_capture_on_commit_callbacks):
    ScoringRun.objects.filter(pk=run.pk).update(
        status=ScoringRun.Status.RUNNING, task_id="dead-task", attempts=1, started_at=T0
    )

    _, too_early = sweep_at(T0 + dt.timedelta(seconds=119), django_capture_on_commit_callbacks)
    counts, sent = sweep_at(T0 + dt.timedelta(seconds=121), django_capture_on_commit_callbacks)

    assert too_early == []
    assert sent == [run.pk]
    assert counts["reset"] == 1
    run.refresh_from_db()
    assert (run.status, run.task_id, run.attempts) == (ScoringRun.Status.QUEUED, "", 1)
    assert scoring_run_execute(run_id=run.pk, task_id="new-task") is not None
    assert Score.objects.count() == 1


def test_it_fails_a_run_after_three_attempts(run, django_capture_on_commit_callbacks):
    ScoringRun.objects.filter(pk=run.pk).update(
        status=ScoringRun.Status.RUNNING, task_id="dead-task", attempts=3, started_at=T0
    )

    counts, sent = sweep_at(T0 + dt.timedelta(minutes=10), django_capture_on_commit_callbacks)

    assert sent == []
    assert counts["failed"] == 1
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FAILED
    assert "3 attempts" in run.error


def test_it_creates_runs_for_latest_revisions_without_one(
    fr_assessment, de_assessment, make_revision, django_capture_on_commit_callbacks
):
    make_revision(fr_assessment)  # superseded by the next one: never scored
    latest = make_revision(fr_assessment)
    with django_capture_on_commit_callbacks():
        scored = scoring_request(revision=make_revision(de_assessment))

    counts, sent = sweep_at(T0, django_capture_on_commit_callbacks)

    created = ScoringRun.objects.exclude(pk=scored.pk).get()
    assert created.revision_id == latest.pk
    assert sent == [created.pk]
    assert counts["created"] == 1


def test_it_runs_as_a_task(run, eager_celery):
    with time_machine.travel(T0 + dt.timedelta(minutes=6), tick=False):
        from riskassess.scoring.tasks import requeue_unscored

        counts = requeue_unscored.delay().get()

    assert counts["requeued"] == 1
