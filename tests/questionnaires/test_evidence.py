"""Evidence: uploads checked by content and size, SHA-256, references, downloads and access."""

import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.audit.models import AuditEvent
from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer, Evidence

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def zip_bytes(names: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for name, data in names.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path


@pytest.fixture
def fr_client(client, fr_regulator):
    client.force_login(fr_regulator)
    return client


def upload(client, assessment, section, field, name, content, extra=None):
    assessment.refresh_from_db()
    data = {"version": assessment.version, "upload": field[5:], field: SimpleUploadedFile(name, content)}
    return client.post(reverse("questionnaires:section", args=[assessment.pk, section]), {**data, **(extra or {})})


def test_it_attaches_a_pdf_with_its_sha256_and_lists_it(fr_client, fr_assessment, fr_regulator):
    response = upload(fr_client, fr_assessment, "A", "file-A4", "Registry extract.pdf", PDF, {"q-A4": "no"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=fr_assessment)
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.size == len(PDF) and evidence.content_type == "application/pdf"
    assert evidence.original_name == "Registry extract.pdf"
    assert evidence.file.name.startswith(f"evidence/{fr_assessment.pk}/") and "Registry" not in evidence.file.name
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").value == "no"  # saved as well
    html = fr_client.get(reverse("questionnaires:section", args=[fr_assessment.pk, "A"])).content.decode()
    assert "Registry extract.pdf" in html and evidence.sha256[:12] in html
    assert reverse("questionnaires:evidence_download", args=[evidence.pk]) in html


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.pdf", b"<!DOCTYPE html><html><script>alert(1)</script></html>", "says it is a PDF but its content"),
        ("photo.png", PDF, "says it is a PNG image but its content is not"),
        ("notes.txt", b"<html><body onload=alert(1)>hi</body></html>", "says it is a text file but"),
        ("data.csv", b"a,b\n\x00\x01\x02", "says it is a CSV file but"),
        ("letter.docx", zip_bytes({"hello.txt": b"hi"}), "says it is a Word document but"),
        ("sheet.xlsx", b"PK\x03\x04 not really a zip", "says it is an Excel workbook but"),
        ("image.svg", b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "not accepted"),
        ("tool.exe", b"MZ\x90\x00", "not accepted"),
        ("drawing.xml", b"<svg><script>alert(1)</script></svg>", "says it is an XML file but"),
        ("empty.pdf", b"", "empty"),
    ],
)
def test_it_refuses_disguised_and_unknown_files(fr_client, fr_assessment, name, content, message):
    response = upload(fr_client, fr_assessment, "A", "file-A4", name, content, {"q-A4": "yes"})
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Your answers were saved" in html
    assert not Evidence.objects.exists()
    assert Answer.objects.get(assessment=fr_assessment, question_key="A4").value == "yes"  # nothing lost


def test_it_refuses_an_oversized_file(fr_client, fr_assessment, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(fr_client, fr_assessment, "A", "file-A4", "big.pdf", PDF + b"0" * 2000)
    assert "larger than 1024 bytes" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("scan.png", PNG),
        ("photo.jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 20),
        ("list.csv", "vendor,país\nNordic,FI\n".encode()),
        ("letter.docx", zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})),
        ("sheet.xlsx", zip_bytes({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"})),
        ("text.odt", zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})),
        ("cert.xml", b'<?xml version="1.0"?><certificate id="1"/>'),
    ],
)
def test_it_accepts_the_allowed_types(fr_assessment, fr_regulator, name, content):
    evidence = services.evidence_add_file(
        assessment=fr_assessment,
        user=fr_regulator,
        question_key="A4",
        uploaded_file=SimpleUploadedFile(name, content),
    )
    assert evidence.sha256 == hashlib.sha256(content).hexdigest()


def test_it_attaches_evidence_to_a_certificate_item(fr_client, fr_assessment, fr_regulator):
    item = {"product": "vCore", "asset_class": "core_nf", "expiry_date": "2028-01-01", "status": "valid"}
    item["covers_deployed"] = "yes"
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values={"B1": [item]}, expected_version=1)
    item_id = Answer.objects.get(assessment=fr_assessment, question_key="B1").value[0]["id"]
    data = {f"q-B1-0-{k}": v for k, v in item.items()} | {"q-B1-0-id": item_id}
    response = upload(fr_client, fr_assessment, "B", f"file-B1-{item_id}", "cert.pdf", PDF, data)
    assert response.status_code == 302
    evidence = Evidence.objects.get(assessment=fr_assessment)
    assert (evidence.question_key, evidence.item_id) == ("B1", item_id)
    with pytest.raises(ApplicationError):
        services.evidence_add_file(
            assessment=fr_assessment,
            user=fr_regulator,
            question_key="B1",
            item_id="doesnotexist",
            uploaded_file=SimpleUploadedFile("x.pdf", PDF),
        )


def test_it_keeps_references_as_text_and_refuses_other_schemes(fr_assessment, fr_regulator):
    for url in ("javascript:alert(1)", "file:///etc/passwd", "ftp://example.com/a", "not a url"):
        with pytest.raises(ApplicationError):
            services.evidence_add_reference(assessment=fr_assessment, user=fr_regulator, question_key="A4", url=url)
    evidence = services.evidence_add_reference(
        assessment=fr_assessment, user=fr_regulator, question_key="A4", url="https://example.com/registry"
    )
    assert evidence.kind == "reference"


def test_it_refuses_evidence_on_questions_that_take_none(fr_assessment, fr_regulator):
    with pytest.raises(ApplicationError, match="does not take evidence"):
        services.evidence_add_reference(
            assessment=fr_assessment, user=fr_regulator, question_key="A6", url="https://example.com"
        )


@pytest.fixture
def pdf_evidence(fr_assessment, fr_regulator):
    return services.evidence_add_file(
        assessment=fr_assessment,
        user=fr_regulator,
        question_key="A4",
        uploaded_file=SimpleUploadedFile('../../etc/"evil"\r\nname.pdf', PDF),
    )


def test_it_downloads_as_an_attachment_with_a_safe_name(fr_client, pdf_evidence):
    response = fr_client.get(reverse("questionnaires:evidence_download", args=[pdf_evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition.split("filename=")[1]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert AuditEvent.objects.filter(action="download", object_id=str(pdf_evidence.pk)).exists()


@pytest.mark.parametrize("persona", ["de_regulator", "de_approver", "observer", "eu_coordinator"])
def test_it_hides_draft_evidence_from_everyone_else(client, pdf_evidence, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("questionnaires:evidence_download", args=[pdf_evidence.pk])).status_code == 404


def test_it_lets_coordinators_download_submitted_evidence_only(client, pdf_evidence, fr_assessment, fr_regulator):
    values = {"A4": "no", "B6": 3, "D1": "no"}
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values=values, expected_version=1)
    fr_assessment.refresh_from_db()
    services.assessment_submit(assessment=fr_assessment, user=fr_regulator)
    from tests.factories import UserFactory

    coordinator = UserFactory(username="coord2", role="coordinator", member_state=None)
    client.force_login(coordinator)
    assert client.get(reverse("questionnaires:evidence_download", args=[pdf_evidence.pk])).status_code == 200


def test_it_deletes_draft_evidence_but_keeps_submitted_evidence(fr_client, pdf_evidence, fr_assessment, fr_regulator):
    other = services.evidence_add_file(
        assessment=fr_assessment,
        user=fr_regulator,
        question_key="A4",
        uploaded_file=SimpleUploadedFile("b.pdf", PDF + b"b"),
    )
    url = reverse("questionnaires:section", args=[fr_assessment.pk, "A"])
    response = fr_client.post(url, {"version": 1, "delete_evidence": other.pk})
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=other.pk).exists()

    values = {"A4": "no", "B6": 3, "D1": "no"}
    fr_assessment.refresh_from_db()
    services.answers_save(assessment=fr_assessment, user=fr_regulator, values=values, expected_version=2)
    fr_assessment.refresh_from_db()
    services.assessment_submit(assessment=fr_assessment, user=fr_regulator)
    from riskassess.questionnaires.models import Assessment

    Assessment.objects.filter(pk=fr_assessment.pk).update(status="returned")
    fr_assessment.refresh_from_db()
    with pytest.raises(ApplicationError, match="kept for the record"):
        services.evidence_delete(evidence=pdf_evidence, user=fr_regulator)
