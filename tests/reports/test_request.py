import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.http import Http404

from riskassess.core.exceptions import ApplicationError
from riskassess.reports.models import Report
from riskassess.reports.services import report_request, report_request_for_scored_revision
from tests.reports.builders import submit_and_score


def _request(user, assessment, django_capture_on_commit_callbacks, **kw):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = report_request(kind="assessment", user=user, assessment=assessment, **kw)
    return report, callbacks


def test_it_renders_an_assessment_report(
    fr_regulator, fr_assessment, fr_score, eager_celery, django_capture_on_commit_callbacks
):
    report, callbacks = _request(fr_regulator, fr_assessment, django_capture_on_commit_callbacks)
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    assert report.audience == "FR" and report.tlp == "TLP:AMBER"
    path = Path(settings.MEDIA_ROOT) / report.file.name
    content = path.read_bytes()
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == report.sha256
    assert report.size == len(content) and report.page_count >= 3
    assert not list(path.parent.glob(".tmp-*"))  # no half-written file left


def test_it_returns_the_done_report_for_unchanged_data(
    fr_regulator, fr_assessment, fr_score, eager_celery, django_capture_on_commit_callbacks
):
    first, _ = _request(fr_regulator, fr_assessment, django_capture_on_commit_callbacks)
    again, callbacks = _request(fr_regulator, fr_assessment, django_capture_on_commit_callbacks)
    assert again.pk == first.pk and len(callbacks) == 0
    other_tlp, _ = _request(fr_regulator, fr_assessment, django_capture_on_commit_callbacks, tlp="TLP:RED")
    assert other_tlp.pk != first.pk
    submit_and_score(fr_assessment, answers={"A4": "yes", "A4a": "State body", "B6": 200, "D1": "no"})
    changed, _ = _request(fr_regulator, fr_assessment, django_capture_on_commit_callbacks)
    assert changed.pk != first.pk and changed.fingerprint != first.fingerprint


def test_it_refuses_another_member_states_assessment(de_regulator, fr_assessment, fr_score):
    with pytest.raises(Http404):
        report_request(kind="assessment", user=de_regulator, assessment=fr_assessment)
    assert not Report.objects.exists()


def test_it_refuses_an_unsubmitted_assessment(fr_regulator, fr_assessment):
    with pytest.raises(ApplicationError):
        report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)


def test_it_refuses_an_unknown_tlp(fr_regulator, fr_assessment, fr_score):
    with pytest.raises(ApplicationError):
        report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment, tlp="TLP:PINK")


def test_it_keeps_eu_reports_to_eu_roles(fr_regulator, observer, eu_coordinator, campaign, fr_score):
    with pytest.raises(Http404):
        report_request(kind="eu", user=fr_regulator, campaign=campaign)
    assert report_request(kind="eu", user=observer, campaign=campaign).audience == "eu"
    with pytest.raises(Http404):
        report_request(kind="member_state", user=observer, member_state=fr_score.assessment.member_state)


def test_it_makes_the_report_of_a_scored_revision(fr_assessment, fr_score, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        report = report_request_for_scored_revision(score=fr_score)
    assert len(callbacks) == 1
    assert report.kind == "assessment" and report.score_id == fr_score.pk and report.audience == "FR"
    assert report.status == Report.Status.QUEUED
