"""The worker side: claim, render, failure, retry."""

import pytest

from riskassess.reports import rendering
from riskassess.reports.models import Report
from riskassess.reports.selectors import report_get_for_user
from riskassess.reports.services import report_render, report_request, report_retry


@pytest.fixture
def queued(fr_regulator, fr_assessment, fr_score, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        return report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)


def test_it_claims_once(queued):
    done = report_render(report_id=queued.pk, task_id="task-1")
    assert done.status == Report.Status.DONE and done.attempts == 1
    # a redelivered or duplicate message finds nothing to do
    assert report_render(report_id=queued.pk, task_id="task-1") is None
    assert report_render(report_id=queued.pk, task_id="task-2") is None
    assert Report.objects.get(pk=queued.pk).attempts == 1


def test_it_marks_a_failure_and_retries(queued, fr_regulator, monkeypatch, django_capture_on_commit_callbacks):
    def broken(html, **kw):
        raise RuntimeError("layout exploded")

    monkeypatch.setattr(rendering, "render_pdf_document", broken)
    failed = report_render(report_id=queued.pk, task_id="task-1")
    assert failed.status == Report.Status.FAILED
    assert "layout exploded" in failed.error and not failed.file
    monkeypatch.undo()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        again = report_retry(report=report_get_for_user(user=fr_regulator, pk=queued.pk), user=fr_regulator)
    assert len(callbacks) == 1
    assert again.status == Report.Status.QUEUED and again.error == "" and again.attempts == 0
    done = report_render(report_id=queued.pk, task_id="task-2")
    assert done.status == Report.Status.DONE and done.sha256


def test_it_gives_up_after_three_attempts(queued):
    Report.objects.filter(pk=queued.pk).update(attempts=3)
    assert report_render(report_id=queued.pk, task_id="task-9") is None
    assert Report.objects.get(pk=queued.pk).status == Report.Status.QUEUED


def test_it_retries_only_failed_reports(queued, fr_regulator):
    from riskassess.core.exceptions import ApplicationError

    with pytest.raises(ApplicationError):
        report_retry(report=queued, user=fr_regulator)


def test_it_renders_every_kind(fr_score, de_score, campaign, france, eu_coordinator, fr_regulator, supplier):
    for kind, user, extra in [
        ("member_state", fr_regulator, {"member_state": france}),
        ("supplier", eu_coordinator, {"supplier": supplier}),
        ("eu", eu_coordinator, {}),
    ]:
        report = report_request(kind=kind, user=user, campaign=campaign, **extra)
        done = report_render(report_id=report.pk, task_id=f"t-{kind}")
        assert done.status == Report.Status.DONE, done.error
        assert done.page_count >= 2
