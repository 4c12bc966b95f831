"""Checking a sealed report: `manage.py verify_report FILE` and the page /archive/verify."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from riskassess.archive import verification
from riskassess.archive.services import report_seal
from tests.archive.tsa import timestamp_authority


def _bytes(sealed) -> bytes:
    with sealed.file.open("rb") as fh:
        return fh.read()


def _tampered(content: bytes) -> bytes:
    data = bytearray(content)
    at = data.find(b"/Producer")
    data[at + 1 : at + 9] = b"Pxoducer"
    return bytes(data)


def test_the_command_says_a_sealed_report_verifies(sealed_report, tmp_path, capsys):
    path = tmp_path / "report.pdf"
    path.write_bytes(_bytes(sealed_report))
    call_command("verify_report", str(path))
    out = capsys.readouterr().out
    assert "The seal is valid: the sealed content is unchanged." in out
    assert f"The file is the sealed copy of report #{sealed_report.report_id} stored here." in out
    assert out.rstrip().endswith("The report verifies.")


def test_the_command_says_plainly_what_fails(sealed_report, tmp_path):
    path = tmp_path / "tampered.pdf"
    path.write_bytes(_tampered(_bytes(sealed_report)))
    with pytest.raises(CommandError) as info:
        call_command("verify_report", str(path))
    assert "The seal is broken: the content was changed after it was sealed." in str(info.value)
    assert "matches no sealed report stored here" in str(info.value)


def test_the_page_gives_the_verdict(client, fr_regulator, sealed_report):
    client.force_login(fr_regulator)
    url = reverse("archive:verify")
    assert client.get(url).status_code == 200
    ok = client.post(url, {"file": SimpleUploadedFile("r.pdf", _bytes(sealed_report), "application/pdf")})
    assert ok.status_code == 200
    assert "The report verifies." in ok.content.decode()
    bad = client.post(url, {"file": SimpleUploadedFile("r.pdf", _tampered(_bytes(sealed_report)))})
    assert bad.status_code == 422
    text = " ".join(bad.content.decode().split())
    assert "The report does not verify: 2 checks failed." in text
    assert "The seal is broken" in text


def test_the_page_does_not_describe_another_states_report(client, de_regulator, sealed_report):
    client.force_login(de_regulator)
    response = client.post(
        reverse("archive:verify"), {"file": SimpleUploadedFile("r.pdf", _bytes(sealed_report), "application/pdf")}
    )
    text = response.content.decode()
    assert response.status_code == 422
    assert "matches no sealed report stored here" in text
    assert f"report #{sealed_report.report_id}" not in text


def test_the_sealed_copy_downloads_with_the_reports_access_rules(client, fr_regulator, de_regulator, sealed_report):
    url = reverse("archive:download", args=[sealed_report.report_id])
    client.force_login(de_regulator)
    assert client.get(url).status_code == 404
    client.force_login(fr_regulator)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == _bytes(sealed_report)


def test_it_seals_with_a_trusted_timestamp_when_a_tsa_is_configured(sealed_report, tmp_path, settings):
    with timestamp_authority(tmp_path) as (url, tsa_root):
        settings.REPORT_SEAL_TSA_URL = url
        settings.REPORT_SEAL_TRUST_FILE = str(tsa_root)
        sealed_report.status = "failed"
        sealed_report.save(update_fields=["status"])  # make it again, now with the timestamp
        sealed = report_seal(report_id=sealed_report.report_id)
    assert sealed.timestamped
    verdict = verification.verify_pdf(_bytes(sealed))
    assert verdict.ok, [c.message for c in verdict.failures]
    assert "timestamp" in {c.name for c in verdict.checks}


def test_seal_reports_seals_the_done_reports_without_a_sealed_copy(sealed_report, capsys):
    from riskassess.archive.models import SealedReport

    SealedReport.objects.all().delete()
    call_command("seal_reports")
    assert "sealed 1 of 1 reports without a sealed copy" in capsys.readouterr().out
    again = SealedReport.objects.get(report_id=sealed_report.report_id)
    assert verification.verify_pdf(_bytes(again)).ok
    call_command("seal_reports")
    assert "sealed 0 of 0" in capsys.readouterr().out
