"""Uploads that cannot hurt: ZIP-based documents inspected with bounded reads (archive bombs refused
before memory grows), and a cap on evidence per assessment, in the browser and the API alike."""

import io
import struct
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Evidence

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def odt_bomb(inflated_mib: int) -> bytes:
    """An ODT whose `mimetype` entry is the right text followed by `inflated_mib` MiB of zeros
    (the finding of the issue, smaller): written in chunks, so building it takes little memory."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        with zf.open("mimetype", "w", force_zip64=True) as entry:
            entry.write(ODT_MIMETYPE)
            zeros = b"\0" * (1024 * 1024)
            for _ in range(inflated_mib):
                entry.write(zeros)
        zf.writestr("content.xml", b"<x/>")
    return buffer.getvalue()


def lying_bomb() -> bytes:
    """A DOCX whose entry declares 1 KiB uncompressed but inflates to 8 MiB: the headers lie; the
    entry is inflated only up to what it declares (then its checksum fails), never to 8 MiB."""
    real = b"\0" * (8 * 1024 * 1024)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", real)
    data = bytearray(buffer.getvalue())
    name = b"word/document.xml"
    # Local header: uncompressed size at offset 22; central directory entry: at offset 24.
    local = 0
    while True:
        local = data.index(b"PK\x03\x04", local)
        if data[local + 30 : local + 30 + len(name)] == name:
            struct.pack_into("<I", data, local + 22, 1024)
            break
        local += 4
    central = data.index(b"PK\x01\x02")
    while True:
        central = data.index(b"PK\x01\x02", central)
        if data[central + 46 : central + 46 + len(name)] == name:
            struct.pack_into("<I", data, central + 24, 1024)
            break
        central += 4
    return bytes(data)


def add(assessment, user, name: str, content: bytes):
    return services.evidence_add_file(
        assessment=assessment, user=user, question_key="A4", uploaded_file=SimpleUploadedFile(name, content)
    )


def test_it_refuses_an_archive_bomb_before_memory_grows(fr_assessment, fr_regulator):
    bomb = odt_bomb(300)  # 300 MiB of zeros in about 300 KB
    assert len(bomb) < 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(ApplicationError, match="unpack to more than") as refused:
            add(fr_assessment, fr_regulator, "minutes.odt", bomb)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert refused.value.errors == {"file": [refused.value.message]}
    # Never inflated: the peak is the upload itself plus bookkeeping, far below the 300 MiB inside.
    assert peak < 8 * len(bomb) + 4 * 1024 * 1024
    assert not Evidence.objects.exists()


def test_it_refuses_a_bomb_whose_headers_lie(fr_assessment, fr_regulator):
    with pytest.raises(ApplicationError, match="damaged"):
        add(fr_assessment, fr_regulator, "letter.docx", lying_bomb())
    assert not Evidence.objects.exists()


def test_it_refuses_an_archive_with_too_many_entries(fr_assessment, fr_regulator, settings):
    settings.EVIDENCE_ZIP_MAX_ENTRIES = 10
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
        for i in range(20):
            zf.writestr(f"word/media/{i}.xml", b"<x/>")
    with pytest.raises(ApplicationError, match="more than 10 files"):
        add(fr_assessment, fr_regulator, "letter.docx", buffer.getvalue())


def test_it_refuses_a_suspicious_compression_ratio(fr_assessment, fr_regulator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>" + b" " * (20 * 1024 * 1024))
    with pytest.raises(ApplicationError, match="compressed suspiciously well"):
        add(fr_assessment, fr_regulator, "letter.docx", buffer.getvalue())


def test_it_still_accepts_an_ordinary_document(fr_assessment, fr_regulator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", ODT_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", b"<office:document-content>" + b"<p>Annual statement</p>" * 2000)
    assert add(fr_assessment, fr_regulator, "statement.odt", buffer.getvalue()).kind == "file"


def test_it_caps_the_number_of_files_per_assessment(fr_assessment, fr_regulator, settings):
    settings.EVIDENCE_MAX_FILES_PER_ASSESSMENT = 3
    for i in range(3):
        add(fr_assessment, fr_regulator, f"{i}.pdf", PDF + bytes([i]))
    with pytest.raises(ApplicationError, match="already has 3 files, the limit is 3"):
        add(fr_assessment, fr_regulator, "4.pdf", PDF + b"4")
    assert Evidence.objects.filter(assessment=fr_assessment).count() == 3
    # Links do not count.
    services.evidence_add_reference(
        assessment=fr_assessment, user=fr_regulator, question_key="A4", url="https://example.eu/decision"
    )


def test_it_caps_the_bytes_per_assessment(fr_assessment, fr_regulator, settings):
    settings.EVIDENCE_MAX_TOTAL_BYTES_PER_ASSESSMENT = 3 * len(PDF)
    add(fr_assessment, fr_regulator, "a.pdf", PDF + b"a" * len(PDF))
    with pytest.raises(ApplicationError, match="would take more than"):
        add(fr_assessment, fr_regulator, "b.pdf", PDF + b"b" * len(PDF))


def test_the_browser_upload_refuses_a_bomb_with_a_clear_message(client, fr_assessment, fr_regulator):
    client.force_login(fr_regulator)
    data = {
        "version": fr_assessment.version,
        "action": "upload:A4",
        "file-A4": SimpleUploadedFile("minutes.odt", odt_bomb(300)),
    }
    response = client.post(reverse("questionnaires:section", args=[fr_assessment.pk, "A"]), data)
    assert response.status_code == 200
    assert "unpack to more than" in response.content.decode()
    assert not Evidence.objects.exists()
