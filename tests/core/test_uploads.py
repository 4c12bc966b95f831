"""Uploads over EVIDENCE_MAX_BYTES are counted, not stored (riskassess/core/uploads.py)."""

import io
import os

from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.http.multipartparser import MultiPartParser
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from riskassess.api.services import api_token_create
from riskassess.core.uploads import OversizeUpload, SizeCappedUploadHandler
from riskassess.questionnaires.models import Evidence

MIB = 1024 * 1024


def parse(content: bytes, handlers):
    body = encode_multipart(BOUNDARY, {"file": _named(content), "description": "ANSSI certificate"})
    meta = {"CONTENT_TYPE": MULTIPART_CONTENT, "CONTENT_LENGTH": str(len(body))}
    post, files = MultiPartParser(meta, io.BytesIO(body), handlers).parse()
    return post, files


def _named(content: bytes):
    file = io.BytesIO(content)
    file.name = "certificate.pdf"
    return file


def test_a_file_over_the_cap_arrives_empty_with_its_size_and_is_not_stored(settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = 1 * MIB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = b"%PDF-1.7\n" + b"0" * (6 * MIB)
    disk = TemporaryFileUploadHandler()
    post, files = parse(content, [SizeCappedUploadHandler(), disk])
    upload = files["file"]
    assert isinstance(upload, OversizeUpload)
    assert upload.size == len(content) and upload.name == "certificate.pdf"
    assert upload.read() == b""
    assert post["description"] == "ANSSI certificate"  # the rest of the form is still read
    assert os.path.getsize(disk.file.temporary_file_path()) <= 1 * MIB


def test_a_file_under_the_cap_passes_whole(settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = 1 * MIB
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    content = b"%PDF-1.7\n" + bytes(range(256)) * 1000
    _post, files = parse(content, [SizeCappedUploadHandler(), TemporaryFileUploadHandler()])
    upload = files["file"]
    assert not isinstance(upload, OversizeUpload)
    assert upload.read() == content


def test_the_evidence_api_refuses_an_oversized_file_by_its_size(
    settings, tmp_path, client, fr_regulator, fr_assessment
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.EVIDENCE_MAX_BYTES = 64 * 1024
    key = api_token_create(user=fr_regulator, name="uploads")[1]
    response = client.post(
        f"/api/v1/assessments/{fr_assessment.pk}/evidence/",
        {"question_key": "A4", "file": _named(b"%PDF-1.7\n" + b"0" * (256 * 1024))},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 400, response.content
    assert "larger than" in response.json()["errors"]["file"][0]
    assert not Evidence.objects.exists()
