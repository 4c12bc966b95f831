"""API evidence uploads get the same checks as the browser: archive bombs and the per-assessment cap."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.api.conftest import url
from tests.questionnaires.test_upload_limits import PDF, odt_bomb


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_the_api_upload_refuses_a_bomb_and_the_cap(login, fr_assessment, fr_regulator, settings):
    api = login(fr_regulator)
    endpoint = url(f"assessments/{fr_assessment.pk}/evidence/")
    response = api.post(
        endpoint, {"question_key": "A4", "file": SimpleUploadedFile("m.odt", odt_bomb(300))}, format="multipart"
    )
    assert response.status_code == 400
    assert "unpack to more than" in response.json()["errors"]["file"][0]
    settings.EVIDENCE_MAX_FILES_PER_ASSESSMENT = 1
    ok = api.post(endpoint, {"question_key": "A4", "file": SimpleUploadedFile("a.pdf", PDF)}, format="multipart")
    assert ok.status_code == 201
    refused = api.post(endpoint, {"question_key": "A4", "file": SimpleUploadedFile("b.pdf", PDF)}, format="multipart")
    assert refused.status_code == 400
    assert "the limit is 1" in refused.json()["errors"]["file"][0]
