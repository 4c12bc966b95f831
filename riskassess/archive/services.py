"""Writes of the sealed archive: seal a done report (in the pdf worker, after its render).

`report_seal_later` is the hook of the render path (reports.services.report_render calls it once a
report is done): it queues `seal_report` on commit. `report_seal` is idempotent: a report sealed
already is left as it is; a failed seal is made again.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction

from riskassess.archive import authority, sealing
from riskassess.archive.data import report_data
from riskassess.archive.models import SealedReport
from riskassess.core.transactions import on_commit_robust
from riskassess.reports.models import Report

logger = logging.getLogger(__name__)


def report_seal_later(*, report_id: int) -> None:
    if not settings.REPORT_SEAL_ENABLED:
        return
    from riskassess.archive.tasks import seal_report

    on_commit_robust(seal_report.delay, report_id)


def _write(name: str, content: bytes) -> None:
    target = Path(settings.MEDIA_ROOT) / name
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=".pdf")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def sealed_content(report: Report) -> tuple[bytes, dict]:
    """The sealed PDF/A-3 of a done report and the data embedded in it."""
    from riskassess.reports.contexts import report_context
    from riskassess.reports.rendering import render_html

    context = report_context(report)
    if report.finished_at:
        context["generated_at"] = report.finished_at  # the same date as the report it archives
    data = report_data(report, context)
    pdfa = sealing.render_pdfa(render_html(report.kind, context), data)
    return sealing.seal_pdf(pdfa), data


def report_seal(*, report_id: int) -> SealedReport | None:
    """Seal the done report `report_id`; None when it is not done (nothing to seal)."""
    report = Report.objects.select_related("assessment__member_state", "member_state", "supplier", "campaign").get(
        pk=report_id
    )
    if report.status != Report.Status.DONE:
        return None
    existing = SealedReport.objects.filter(report=report).first()
    if existing and existing.status == SealedReport.Status.DONE:
        return existing
    try:
        content, data = sealed_content(report)
        name = sealed_upload_to_name(report)
        _write(name, content)
    except Exception as exc:
        logger.exception("sealing report %s failed", report_id)
        SealedReport.objects.update_or_create(
            report=report,
            defaults={"status": SealedReport.Status.FAILED, "error": f"The report could not be sealed: {exc}"[:2000]},
        )
        raise
    cert_der = authority.read_file(authority.seal_files().cert)
    with transaction.atomic():
        sealed, _created = SealedReport.objects.update_or_create(
            report=report,
            defaults={
                "status": SealedReport.Status.DONE,
                "file": name,
                "sha256": hashlib.sha256(content).hexdigest(),
                "data": data,
                "data_sha256": hashlib.sha256(sealing.canonical_json(data)).hexdigest(),
                "certificate_sha256": authority.certificate_sha256(_der(cert_der)),
                "timestamped": bool(settings.REPORT_SEAL_TSA_URL),
                "size": len(content),
                "error": "",
            },
        )
    return sealed


def sealed_upload_to_name(report: Report) -> str:
    return f"sealed/{report.kind}/{report.filename.removesuffix('.pdf')}-sealed.pdf"


def _der(pem: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)
