"""Asking for a score: one run per revision and rule set, enqueued once the transaction commits."""

import pytest
from django.db import transaction
from kombu.exceptions import OperationalError as BrokerError

from riskassess.scoring.models import Score, ScoringRun
from riskassess.scoring.services import scoring_request
from riskassess.scoring.tasks import score_revision
from tests.helpers import queued_tasks


def scoring_callbacks(callbacks):
    return queued_tasks(callbacks, score_revision.name)


@pytest.fixture
def revision(fr_assessment, make_revision):
    return make_revision(fr_assessment)


def test_it_enqueues_exactly_one_scoring_after_commit(revision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        run = scoring_request(revision=revision)

    assert len(callbacks) == 1
    assert scoring_callbacks(callbacks) == callbacks
    assert callbacks[0].args == (run.pk,)
    assert run.status == ScoringRun.Status.QUEUED
    assert run.rules_hash == revision.template_version.rules_hash
    assert ScoringRun.objects.filter(revision=revision).count() == 1


def test_it_enqueues_nothing_when_the_transaction_rolls_back(revision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            scoring_request(revision=revision)
            raise RuntimeError("the submission failed")

    assert callbacks == []
    assert not ScoringRun.objects.exists()


def test_it_scores_the_revision_once_the_callback_runs(revision, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = scoring_request(revision=revision)

    assert len(scoring_callbacks(callbacks)) == 1  # later callbacks come from the scoring itself (reports)
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.DONE
    score = Score.objects.get(revision=revision)
    assert score.is_current
    assert round(score.overall, 1) == 58.3


def test_it_does_not_enqueue_a_run_that_is_done(revision, eager_celery, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = scoring_request(revision=revision)

    with django_capture_on_commit_callbacks() as callbacks:
        again = scoring_request(revision=revision)

    assert again.pk == first.pk
    assert callbacks == []
    assert Score.objects.count() == 1


def test_it_keeps_the_submission_when_the_broker_is_down(revision, monkeypatch, django_capture_on_commit_callbacks):
    def unreachable(*args, **kwargs):
        raise BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(score_revision, "delay", unreachable)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        run = scoring_request(revision=revision)  # no exception: the sweeper enqueues it later

    assert len(callbacks) == 1
    run.refresh_from_db()
    assert run.status == ScoringRun.Status.QUEUED


def test_it_scores_a_submission_once(fr_assessment, fr_regulator, eager_celery, django_capture_on_commit_callbacks):
    from riskassess.questionnaires.models import Answer
    from riskassess.questionnaires.services import assessment_submit
    from tests.scoring.builders import SMALL_ANSWERS

    Answer.objects.bulk_create(
        [Answer(assessment=fr_assessment, question_key=k, value=v) for k, v in SMALL_ANSWERS.items()]
    )

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        revision = assessment_submit(assessment=fr_assessment, user=fr_regulator)

    assert len(scoring_callbacks(callbacks)) == 1
    score = Score.objects.get(revision=revision)
    assert score.is_current
    assert round(score.overall, 1) == 58.3
    assert ScoringRun.objects.get(revision=revision).status == ScoringRun.Status.DONE
