"""Evidence through the API: multipart upload, reference, list, download, delete."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from riskassess.questionnaires.models import Evidence
from tests.api.conftest import url

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(client, assessment, **extra):
    data = {"question_key": "A4", "file": SimpleUploadedFile("statement.pdf", PDF), **extra}
    return client.post(url(f"assessments/{assessment.pk}/evidence/"), data, format="multipart")


def test_it_uploads_lists_and_downloads_a_file(login, fr_regulator, fr_assessment):
    client = login(fr_regulator)
    response = upload(client, fr_assessment, description="Annual report")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "statement.pdf" and body["size"] == len(PDF) and len(body["sha256"]) == 64
    listed = client.get(url(f"assessments/{fr_assessment.pk}/evidence/")).json()
    assert [e["id"] for e in listed] == [body["id"]]
    download = client.get(body["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert 'attachment; filename="statement.pdf"' in download["Content-Disposition"]


def test_it_refuses_a_file_whose_content_is_not_its_type(login, fr_regulator, fr_assessment):
    response = upload(login(fr_regulator), fr_assessment, file=SimpleUploadedFile("x.pdf", b"<html><script>"))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file"}
    assert not Evidence.objects.exists()


def test_it_needs_a_file_or_a_url(login, fr_regulator, fr_assessment):
    response = login(fr_regulator).post(
        url(f"assessments/{fr_assessment.pk}/evidence/"), {"question_key": "A4"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"file", "url"}


def test_it_adds_a_reference(login, fr_regulator, fr_assessment):
    client = login(fr_regulator)
    response = client.post(
        url(f"assessments/{fr_assessment.pk}/evidence/"),
        {"question_key": "A4", "url": "https://example.eu/decision"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["kind"] == "reference" and response.json()["download_url"] is None
    assert client.get(url(f"evidence/{response.json()['id']}/download/")).status_code == 404
    bad = client.post(
        url(f"assessments/{fr_assessment.pk}/evidence/"), {"question_key": "A4", "url": "file:///etc/passwd"}
    )
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"url"}


def test_it_deletes_draft_evidence(login, fr_regulator, fr_assessment):
    client = login(fr_regulator)
    evidence_id = upload(client, fr_assessment).json()["id"]
    assert client.get(url(f"evidence/{evidence_id}/")).json()["question_key"] == "A4"
    assert client.delete(url(f"evidence/{evidence_id}/")).status_code == 204
    assert not Evidence.objects.exists()
    assert client.delete(url(f"evidence/{evidence_id}/")).status_code == 404


def test_it_keeps_evidence_frozen_in_a_revision(login, fr_regulator, fr_approver, filled):
    client = login(fr_regulator)
    evidence_id = upload(client, filled).json()["id"]
    client.post(url(f"assessments/{filled.pk}/submit/"), {}, format="json")
    client = login(fr_approver)
    client.post(url(f"assessments/{filled.pk}/return/"), {"comment": "again"}, format="json")
    response = login(fr_regulator).delete(url(f"evidence/{evidence_id}/"))
    assert response.status_code == 400 and response.json()["code"] == "frozen"


def test_it_shows_a_coordinator_only_frozen_evidence(login, fr_regulator, eu_coordinator, filled):
    frozen = upload(login(fr_regulator), filled).json()["id"]
    login(fr_regulator).post(url(f"assessments/{filled.pk}/submit/"), {}, format="json")
    coordinator = login(eu_coordinator)
    assert [e["id"] for e in coordinator.get(url(f"assessments/{filled.pk}/evidence/")).json()] == [frozen]
    assert coordinator.get(url(f"evidence/{frozen}/download/")).status_code == 200
    assert coordinator.delete(url(f"evidence/{frozen}/")).status_code == 403
