"""The report box, request, status, retry and download pages, per persona."""

import pytest
from django.urls import reverse

from riskassess.audit.models import AuditEvent
from riskassess.reports.models import Report
from riskassess.reports.services import report_render, report_request

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def done_report(fr_regulator, fr_assessment, fr_score, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    return report_render(report_id=report.pk, task_id="t1")


def _box(client, assessment):
    return client.get(reverse("reports:box"), {"kind": "assessment", "assessment": assessment.pk}, **HTMX)


def test_it_shows_the_box_with_a_download_link(client, fr_regulator, fr_assessment, done_report):
    client.force_login(fr_regulator)
    response = _box(client, fr_assessment)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Generate PDF" in body and "TLP:RED" in body
    assert reverse("reports:download", args=[done_report.pk]) in body


def test_it_hides_the_box_from_another_member_state(client, de_regulator, fr_assessment, done_report):
    client.force_login(de_regulator)
    assert _box(client, fr_assessment).status_code == 404
    assert client.get(reverse("reports:status", args=[done_report.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[done_report.pk])).status_code == 404
    assert client.post(reverse("reports:retry", args=[done_report.pk])).status_code == 404
    response = client.post(reverse("reports:request"), {"kind": "assessment", "assessment": fr_assessment.pk})
    assert response.status_code == 404
    assert Report.objects.count() == 1


def test_it_hides_member_state_reports_from_observers(client, observer, done_report, fr_assessment):
    client.force_login(observer)
    assert _box(client, fr_assessment).status_code == 404
    assert client.get(reverse("reports:download", args=[done_report.pk])).status_code == 404


def test_it_requests_a_report_and_polls_it(
    client, fr_regulator, fr_assessment, fr_score, django_capture_on_commit_callbacks
):
    client.force_login(fr_regulator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("reports:request"),
            {"kind": "assessment", "assessment": fr_assessment.pk, "tlp": "TLP:GREEN"},
            **HTMX,
        )
    assert response.status_code == 200 and len(callbacks) == 1
    report = Report.objects.get()
    assert report.tlp == "TLP:GREEN" and report.requested_by == fr_regulator
    body = response.content.decode()
    assert 'hx-trigger="load delay:150ms"' in body and "Queued" in body
    assert f'hx-get="{reverse("reports:status", args=[report.pk])}?poll=1"' in body
    status = client.get(reverse("reports:status", args=[report.pk]) + "?poll=1", **HTMX)
    assert status.status_code == 200 and 'hx-trigger="load delay:225ms"' in status.content.decode()
    assert "?poll=2" in status.content.decode()
    later = client.get(reverse("reports:status", args=[report.pk]) + "?poll=10", **HTMX)
    assert 'hx-trigger="load delay:500ms"' in later.content.decode()  # a PDF: never more than 500 ms apart


def test_it_refuses_an_unknown_marking(client, fr_regulator, fr_assessment, fr_score):
    client.force_login(fr_regulator)
    response = client.post(
        reverse("reports:request"), {"kind": "assessment", "assessment": fr_assessment.pk, "tlp": "TLP:PINK"}, **HTMX
    )
    assert response.status_code == 400 and "TLP marking" in response.content.decode()
    assert not Report.objects.exists()


def test_it_downloads_a_done_report_and_audits_it(client, fr_regulator, done_report):
    client.force_login(fr_regulator)
    response = client.get(reverse("reports:download", args=[done_report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    event = AuditEvent.objects.get(action="download")
    assert event.actor == fr_regulator and event.object_id == str(done_report.pk)


def test_it_serves_no_unfinished_report(client, fr_regulator, done_report):
    Report.objects.filter(pk=done_report.pk).update(status="running")
    client.force_login(fr_regulator)
    assert client.get(reverse("reports:download", args=[done_report.pk])).status_code == 404
    assert not AuditEvent.objects.filter(action="download").exists()


def test_it_offers_retry_for_a_failed_report(client, fr_regulator, done_report, django_capture_on_commit_callbacks):
    Report.objects.filter(pk=done_report.pk).update(status="failed", error="boom")
    client.force_login(fr_regulator)
    assert "Retry" in client.get(reverse("reports:status", args=[done_report.pk])).content.decode()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("reports:retry", args=[done_report.pk]), **HTMX)
    assert response.status_code == 200 and len(callbacks) == 1
    assert Report.objects.get(pk=done_report.pk).status == "queued"


def test_it_lets_coordinators_have_the_eu_report(client, eu_coordinator, campaign, fr_score):
    client.force_login(eu_coordinator)
    response = client.get(reverse("reports:box"), {"kind": "eu", "campaign": campaign.pk}, **HTMX)
    assert response.status_code == 200 and "EU-wide report" in response.content.decode()


def test_it_needs_a_login(client, done_report):
    response = client.get(reverse("reports:download", args=[done_report.pk]))
    assert response.status_code == 302


def test_it_shows_the_box_as_a_page_without_htmx(client, fr_regulator, fr_assessment, done_report):
    client.force_login(fr_regulator)
    response = client.get(reverse("reports:box"), {"kind": "assessment", "assessment": fr_assessment.pk})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<h1>Assessment report</h1>" in body and "Generate PDF" in body


def test_it_sends_a_lost_message_again(fr_regulator, fr_assessment, fr_score, django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=False):
        report = report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment).pk == report.pk
    assert len(callbacks) == 0  # a fresh queued report is not sent twice
    Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - dt.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert report_request(kind="assessment", user=fr_regulator, assessment=fr_assessment).pk == report.pk
    assert len(callbacks) == 1
