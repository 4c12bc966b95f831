"""Checks a sealed report: is the seal valid, is the file the one stored, is the data embedded in it
the data stored (for an assessment report: the frozen revision as it is in the database now)?

`verify_pdf(content, user=None)` returns a Verdict: every check with its outcome in plain words.
With a user, only the reports that user may see are looked up (as for downloads): a report of
another member state is "not found", never described.
"""

import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from riskassess.archive import authority, sealing
from riskassess.archive.data import report_data
from riskassess.archive.models import SealedReport


@dataclass
class Check:
    name: str
    ok: bool
    message: str


@dataclass
class Verdict:
    checks: list[Check] = field(default_factory=list)
    sealed: SealedReport | None = None

    @property
    def ok(self) -> bool:
        return bool(self.checks) and all(check.ok for check in self.checks)

    def add(self, name: str, ok: bool, message: str) -> None:
        self.checks.append(Check(name, ok, message))

    @property
    def failures(self) -> list[Check]:
        return [check for check in self.checks if not check.ok]


def _asn1(cert: Any) -> Any:
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding

    return asn1_x509.Certificate.load(cert.public_bytes(Encoding.DER))


def _check_seal(content: bytes, verdict: Verdict) -> bool:
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(content), strict=False)
        signatures = [s for s in reader.embedded_regular_signatures if s.field_name == sealing.FIELD_NAME]
    except Exception:  # noqa: BLE001 - any parse error means: not a readable sealed PDF
        verdict.add("seal", False, _("This file is not a readable PDF."))
        return False
    if not signatures:
        verdict.add("seal", False, _("This PDF carries no riskassess seal."))
        return False
    roots = [_asn1(c) for c in authority.trust_roots()]
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    try:
        status = validate_pdf_signature(signatures[0], context, ts_validation_context=context)
    except Exception as exc:  # noqa: BLE001 - a malformed signature is a failed check, said plainly
        verdict.add("seal", False, _("The seal cannot be read: %(error)s") % {"error": exc})
        return False
    verdict.add(
        "seal-intact",
        bool(status.intact and status.valid),
        _("The seal is valid: the sealed content is unchanged.")
        if status.intact and status.valid
        else _("The seal is broken: the content was changed after it was sealed."),
    )
    if not (status.intact and status.valid):
        return True  # whose seal it was cannot be said of a broken one
    verdict.add(
        "seal-trusted",
        bool(status.trusted),
        _("The seal was made with the organisation's certificate.")
        if status.trusted
        else _("The seal was not made with a certificate this instance trusts."),
    )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    verdict.add(
        "seal-coverage",
        whole,
        _("The seal covers the whole file.") if whole else _("Something was added to the file after it was sealed."),
    )
    if status.timestamp_validity is not None:
        ts_ok = bool(status.timestamp_validity.intact and status.timestamp_validity.valid)
        verdict.add(
            "timestamp",
            ts_ok,
            _("The trusted timestamp is valid (%(when)s).") % {"when": status.timestamp_validity.timestamp}
            if ts_ok
            else _("The trusted timestamp is not valid."),
        )
    return True


def embedded_data(content: bytes) -> bytes | None:
    from pypdf import PdfReader

    try:
        attachments = PdfReader(io.BytesIO(content)).attachments
    except Exception:  # noqa: BLE001
        return None
    files = attachments.get(sealing.DATA_NAME)
    return files[0] if files else None


def _json_equal(a: object, b: object) -> bool:
    return json.loads(sealing.canonical_json(a)) == json.loads(sealing.canonical_json(b))


def verify_pdf(content: bytes, *, user: Any = None) -> Verdict:
    verdict = Verdict()
    if not _check_seal(content, verdict):
        return verdict
    digest = hashlib.sha256(content).hexdigest()
    sealed_qs = SealedReport.objects.select_related("report__assessment__member_state", "report__score")
    if user is not None:
        from riskassess.reports.selectors import reports_visible_to

        sealed_qs = sealed_qs.filter(report__in=reports_visible_to(user))
    sealed = sealed_qs.filter(sha256=digest, status=SealedReport.Status.DONE).first()
    raw = embedded_data(content)
    data = None
    if raw is not None:
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
    if sealed is None:
        verdict.add(
            "stored",
            False,
            _("This file matches no sealed report stored here (its SHA-256 is %(digest)s).") % {"digest": digest},
        )
    else:
        verdict.sealed = sealed
        verdict.add(
            "stored",
            True,
            _("The file is the sealed copy of report #%(id)s stored here.") % {"id": sealed.report_id},
        )
    if data is None:
        verdict.add("data", False, _("The file carries no readable report data."))
        return verdict
    if sealed is None:
        return verdict
    same_data = (
        raw is not None and hashlib.sha256(raw).hexdigest() == sealed.data_sha256 and _json_equal(data, sealed.data)
    )
    verdict.add(
        "data",
        same_data,
        _("The embedded data is the data stored with the report.")
        if same_data
        else _("The embedded data differs from the data stored with the report."),
    )
    report = sealed.report
    if report.kind == report.Kind.ASSESSMENT:
        current = report_data(report, {})
        same = _json_equal(current.get("revision"), data.get("revision")) and _json_equal(
            current.get("score"), data.get("score")
        )
        verdict.add(
            "revision",
            same,
            _("The embedded answers and score match the stored revision.")
            if same
            else _("The stored revision or its score no longer matches the embedded data."),
        )
    return verdict
