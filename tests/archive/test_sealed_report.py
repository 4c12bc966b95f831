"""Every done report is also kept as a sealed PDF/A-3 with its data embedded (riskassess/archive)."""

import io
import json

from pypdf import PdfReader

from riskassess.archive import authority, sealing
from riskassess.archive.verification import verify_pdf


def _bytes(sealed) -> bytes:
    with sealed.file.open("rb") as fh:
        return fh.read()


def test_it_seals_every_done_report_as_pdfa3_with_its_revision(sealed_report, fr_score):
    content = _bytes(sealed_report)
    assert sealed_report.status == "done"
    reader = PdfReader(io.BytesIO(content))
    metadata = reader.xmp_metadata
    assert metadata is not None
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    data = json.loads(reader.attachments[sealing.DATA_NAME][0])
    assert data["format"] == "riskassess-report-data"
    assert data["revision"]["id"] == fr_score.revision_id
    assert data["revision"]["answers"] == fr_score.revision.answers
    assert data["score"]["overall"] == fr_score.overall


def test_it_validates_with_pyhankos_validator(sealed_report):
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives.serialization import Encoding
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    roots = [asn1_x509.Certificate.load(c.public_bytes(Encoding.DER)) for c in authority.trust_roots()]
    reader = PdfFileReader(io.BytesIO(_bytes(sealed_report)))
    (signature,) = reader.embedded_regular_signatures
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=roots))
    assert status.bottom_line, status.pretty_print_details()
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert "/ETSI.CAdES.detached" in str(signature.sig_object["/SubFilter"])


def test_it_verifies_the_sealed_report(sealed_report):
    verdict = verify_pdf(_bytes(sealed_report))
    assert verdict.ok, [c.message for c in verdict.failures]
    assert {c.name for c in verdict.checks} >= {"seal-intact", "seal-trusted", "seal-coverage", "stored", "data"}
    assert verdict.sealed == sealed_report


def test_it_refuses_a_tampered_report_and_says_why(sealed_report):
    content = bytearray(_bytes(sealed_report))
    at = content.find(b"/Producer")
    assert at > 0
    content[at + 1 : at + 9] = b"Pxoducer"  # one changed byte inside the sealed range
    verdict = verify_pdf(bytes(content))
    assert not verdict.ok
    names = {c.name for c in verdict.failures}
    assert "seal-intact" in names and "stored" in names
    assert "The seal is broken: the content was changed after it was sealed." in [c.message for c in verdict.failures]


def test_it_refuses_a_report_whose_revision_changed_since(sealed_report):
    revision = sealed_report.report.score.revision
    revision.answers = {**revision.answers, "A4": "yes"}
    revision.save(update_fields=["answers"])
    verdict = verify_pdf(_bytes(sealed_report))
    assert [c.name for c in verdict.failures] == ["revision"]


def test_it_refuses_a_pdf_that_is_not_sealed(sealed_report):
    plain = sealed_report.report.file.open("rb").read()
    verdict = verify_pdf(plain)
    assert not verdict.ok
    assert verdict.failures[0].message == "This PDF carries no riskassess seal."


def test_it_refuses_a_seal_by_a_foreign_authority(sealed_report, tmp_path, settings):
    authority.generate_test_authority(tmp_path / "foreign", common_name="someone else")
    settings.REPORT_SEAL_DIR = str(tmp_path / "foreign")
    foreign = sealing.seal_pdf(sealed_report.report.file.open("rb").read())
    settings.REPORT_SEAL_DIR = str(tmp_path / "other")  # verify against this instance's roots only
    verdict = verify_pdf(foreign)
    assert "seal-trusted" in {c.name for c in verdict.failures}


def test_it_has_the_pdfa3_structure(sealed_report):
    """No PDF/A validator is installable from PyPI or Debian here (veraPDF is in neither): the parts
    of ISO 19005-3 that WeasyPrint's variant and the seal could break are checked one by one."""
    reader = PdfReader(io.BytesIO(_bytes(sealed_report)))
    root = reader.trailer["/Root"]
    assert not reader.is_encrypted
    intents = [i.get_object() for i in root["/OutputIntents"]]
    assert any(i["/S"] == "/GTS_PDFA1" and "/DestOutputProfile" in i for i in intents)
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert "pdfaid" in xmp and ("B</pdfaid:conformance>" in xmp or 'pdfaid:conformance="B"' in xmp)
    specs = [a.get_object() for a in root["/AF"]]  # associated files of the document (PDF/A-3)
    assert specs and all(s["/AFRelationship"] == "/Source" and s["/F"] == sealing.DATA_NAME for s in specs)
    assert len({s["/EF"].raw_get("/F").idnum for s in specs}) == 1  # one embedded file
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            descriptor = (
                font.get_object().get("/FontDescriptor")
                or font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            )
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), "font not embedded"
