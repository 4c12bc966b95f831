"""The record of the procedure: asked for by the hearing authority, made by the pdf worker's
service as a real PDF (WeasyPrint), read back with pypdf; hostile answer text stays text."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from pypdf import PdfReader

from riskassess.hearings import services
from riskassess.reports.models import Report
from riskassess.reports.services import report_render, report_request


def _decided(fr_hearing, fr_regulator, supplier_user):
    answer = services.hearing_answer(
        user=supplier_user,
        hearing=fr_hearing,
        statement='Our shareholders are employees. <img src="file:///etc/passwd">',
        uploaded_file=SimpleUploadedFile("register.pdf", b"%PDF-1.7\n%%EOF\n"),
    )
    services.hearing_extend(
        user=fr_regulator,
        hearing=fr_hearing,
        new_deadline=fr_hearing.deadline.replace(year=fr_hearing.deadline.year + 1),
        reason="Asked for",
    )
    return services.hearing_decide(
        user=fr_regulator,
        hearing=fr_hearing,
        outcome="restriction",
        reasoning="The employees' shares do not remove the state's control.",
        cited_answer_ids=[answer.pk],
        instrument="Arrêté du 1er décembre 2026",
        instrument_date="2026-12-01",
    )


def test_the_record_of_the_procedure_is_a_real_pdf(fr_hearing, fr_regulator, supplier_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    hearing = _decided(fr_hearing, fr_regulator, supplier_user)
    report = report_request(kind="hearing", user=fr_regulator, tlp="TLP:AMBER", hearing=hearing)
    assert report.kind == Report.Kind.HEARING and report.audience == "FR"
    report_render(report_id=report.pk, task_id="t-1")
    report.refresh_from_db()
    assert report.status == Report.Status.DONE, report.error
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.file.read())).pages)
    text = " ".join(text.split())
    for expected in (
        "Record of the procedure: hearing of Nordic Radio",
        "Hearing opened",
        "Answer received",
        "Deadline extended",
        "Decision recorded",
        "cited in the decision",
        "Arrêté du 1er décembre 2026",
        "the names of the operators",
        "commercial secrets of third parties",
    ):
        assert expected in text, expected
    assert "root:x:0" not in text and '<img src="file:///etc/passwd">' in text
    assert report_request(kind="hearing", user=fr_regulator, tlp="TLP:AMBER", hearing=hearing).pk == report.pk


def test_only_the_hearing_authority_asks_for_the_record(fr_hearing, de_regulator, supplier_user, eu_coordinator):
    for user in (de_regulator, supplier_user, eu_coordinator):
        try:
            report_request(kind="hearing", user=user, tlp="TLP:AMBER", hearing=fr_hearing)
        except Http404:
            continue
        raise AssertionError(f"{user} may ask for the record")
