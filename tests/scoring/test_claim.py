"""Executing a run: one conditional UPDATE claims it, so a second or duplicated delivery does no
harm, and the score is stored once per (assessment, revision, rule set)."""

import copy

import pytest

from riskassess.audit.models import AuditEvent
from riskassess.scoring.models import Score, ScoringRun, SectionScore
from riskassess.scoring.services import scoring_request, scoring_run_execute
from riskassess.scoring.tasks import score_revision
from tests.factories import SMALL_DEFINITION, TemplateVersionFactory
from tests.scoring.builders import certificate


@pytest.fixture
def run(fr_assessment, make_revision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        return scoring_request(revision=make_revision(fr_assessment))


def test_it_scores_a_claimed_run(run):
    score = scoring_run_execute(run_id=run.pk, task_id="task-1")

    run.refresh_from_db()
    assert (run.status, run.task_id, run.attempts) == (ScoringRun.Status.DONE, "task-1", 1)
    assert run.started_at is not None and run.finished_at is not None
    assert score.revision_id == run.revision_id
    assert score.rules_hash == run.rules_hash
    assert score.engine_version == "2.0"
    assert round(score.overall, 1) == 58.3
    assert score.band == "elevated"
    assert score.is_current
    assert [c["question"] for c in score.contributions] == ["A4", "A6", "B6", "B1"]
    assert score.sections["A"]["score"] == pytest.approx(620 / 7)
    assert dict(SectionScore.objects.filter(score=score).values_list("section", "value")) == {
        "A": pytest.approx(620 / 7),
        "B": pytest.approx(90 / 7),
        "D": None,
    }
    assert "Certificate EUCC-2025-001 expires on 2027-01-10, within 90 days (full credit until then)." in [
        w["message"] for w in score.warnings
    ]
    assert AuditEvent.objects.filter(action="score", object_id=str(score.pk)).count() == 1


def test_it_returns_none_for_a_second_execution(run):
    first = scoring_run_execute(run_id=run.pk, task_id="task-1")
    second = scoring_run_execute(run_id=run.pk, task_id="task-2")

    assert first is not None
    assert second is None
    assert Score.objects.count() == 1


def test_it_stores_one_score_on_duplicate_delivery(run):
    first = scoring_run_execute(run_id=run.pk, task_id="task-1")
    redelivered = scoring_run_execute(run_id=run.pk, task_id="task-1")  # same message again, after it was done

    assert first is not None
    assert redelivered is None
    assert Score.objects.count() == 1
    run.refresh_from_db()
    assert run.attempts == 1


def test_it_lets_only_the_claiming_task_retake_a_running_run(run):
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.RUNNING, task_id="task-1", attempts=1)

    other = scoring_run_execute(run_id=run.pk, task_id="task-2")
    retaken = scoring_run_execute(run_id=run.pk, task_id="task-1")  # a redelivery after the worker died

    assert other is None
    assert retaken is not None
    run.refresh_from_db()
    assert (run.status, run.attempts) == (ScoringRun.Status.DONE, 2)
    assert Score.objects.count() == 1


def test_it_gives_up_after_three_attempts(run):
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.RUNNING, task_id="task-1", attempts=3)

    assert scoring_run_execute(run_id=run.pk, task_id="task-1") is None
    assert not Score.objects.exists()


def test_it_reuses_a_score_already_stored_for_the_same_rules(run):
    first = scoring_run_execute(run_id=run.pk, task_id="task-1")
    ScoringRun.objects.filter(pk=run.pk).update(status=ScoringRun.Status.QUEUED)  # reset by hand

    again = scoring_run_execute(run_id=run.pk, task_id="task-2")

    assert again.pk == first.pk
    assert Score.objects.count() == 1
    assert SectionScore.objects.count() == 3


def test_it_keeps_one_current_score_per_assessment(fr_assessment, make_revision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run1 = scoring_request(revision=make_revision(fr_assessment))
        run2 = scoring_request(revision=make_revision(fr_assessment, {"A4": "no", "B1": [certificate()]}))

    newer = scoring_run_execute(run_id=run2.pk, task_id="task-2")
    late = scoring_run_execute(run_id=run1.pk, task_id="task-1")  # the older revision finishes last

    newer.refresh_from_db()
    late.refresh_from_db()
    assert newer.is_current
    assert not late.is_current
    assert Score.objects.filter(assessment=fr_assessment, is_current=True).count() == 1


def test_it_marks_the_run_failed_when_the_rules_cannot_be_applied(
    fr_assessment, make_revision, django_capture_on_commit_callbacks
):
    broken = copy.deepcopy(SMALL_DEFINITION)
    broken["scoring"]["triggers"][0]["min_band"] = "nonexistent"
    with django_capture_on_commit_callbacks():
        run = scoring_request(
            revision=make_revision(fr_assessment, template_version=TemplateVersionFactory(definition=broken))
        )

    with pytest.raises(ValueError, match="nonexistent"):
        scoring_run_execute(run_id=run.pk, task_id="task-1")

    run.refresh_from_db()
    assert run.status == ScoringRun.Status.FAILED
    assert "nonexistent" in run.error
    assert not Score.objects.exists()


def test_it_runs_the_task(run, eager_celery):
    score_revision.delay(run.pk)

    run.refresh_from_db()
    assert run.status == ScoringRun.Status.DONE
    assert run.task_id  # the task's own id
    assert Score.objects.filter(revision_id=run.revision_id, is_current=True).count() == 1
