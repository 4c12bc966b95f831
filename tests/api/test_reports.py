"""PDF reports through the API: request, state, download; other states get 404."""

import pytest
from django.core.files.base import ContentFile

from riskassess.reports.models import Report
from tests.api.conftest import url
from tests.helpers import queued_tasks


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_it_queues_a_report_and_shows_its_state(login, fr_regulator, submitted, django_capture_on_commit_callbacks):
    client = login(fr_regulator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(url("reports/"), {"kind": "assessment", "assessment": submitted.pk}, format="json")
    assert response.status_code == 202, response.content
    body = response.json()
    assert (
        body["status"] == "queued"
        and body["download_url"] is None
        and len(queued_tasks(callbacks, "riskassess.reports.tasks.render_report")) == 1
    )
    assert client.get(url(f"reports/{body['id']}/")).json()["status"] == "queued"
    assert client.get(url(f"reports/{body['id']}/download/")).status_code == 404
    assert [r["id"] for r in client.get(url("reports/")).json()["results"]] == [body["id"]]


def test_it_downloads_a_done_report(login, fr_regulator, submitted):
    client = login(fr_regulator)
    report_id = client.post(url("reports/"), {"kind": "assessment", "assessment": submitted.pk}, format="json").json()[
        "id"
    ]
    report = Report.objects.get(pk=report_id)
    report.file.save("r.pdf", ContentFile(b"%PDF-1.7 fake"), save=False)
    report.status = Report.Status.DONE
    report.save()
    detail = client.get(url(f"reports/{report_id}/")).json()
    assert detail["download_url"].endswith(f"/api/v1/reports/{report_id}/download/")
    response = client.get(detail["download_url"])
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == b"%PDF-1.7 fake"


def test_it_refuses_bad_report_requests(login, fr_regulator, fr_assessment):
    client = login(fr_regulator)
    response = client.post(url("reports/"), {"kind": "poster", "tlp": "TLP:PINK"}, format="json")
    assert response.status_code == 400 and set(response.json()["errors"]) == {"kind", "tlp"}
    response = client.post(url("reports/"), {"kind": "assessment", "assessment": fr_assessment.pk}, format="json")
    assert response.status_code == 400 and "not been submitted" in response.json()["detail"]
    assert client.post(url("reports/"), {"kind": "eu"}, format="json").status_code == 404


def test_it_hides_reports_of_another_state(login, fr_regulator, de_regulator, submitted):
    report_id = (
        login(fr_regulator)
        .post(url("reports/"), {"kind": "assessment", "assessment": submitted.pk}, format="json")
        .json()["id"]
    )
    client = login(de_regulator)
    assert client.get(url(f"reports/{report_id}/")).status_code == 404
    assert client.get(url(f"reports/{report_id}/download/")).status_code == 404
    assert client.get(url("reports/")).json()["count"] == 0
    response = client.post(url("reports/"), {"kind": "assessment", "assessment": submitted.pk}, format="json")
    assert response.status_code == 404
