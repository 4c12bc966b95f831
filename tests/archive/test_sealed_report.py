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
    """No PDF/A validator can be installed from PyPI, Debian or npm (veraPDF is in none of them; the
    PyPI packages that mention it drive a veraPDF installed apart): the parts of ISO 19005-3 that
    WeasyPrint's variant and the seal could break are checked one by one, here and in the next test.
    A check written here is not a validator."""
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


def test_it_keeps_the_file_level_rules_of_pdfa3_after_the_seal(sealed_report):
    """ISO 19005-3 rules on the file as a whole, which the seal's incremental update rewrites."""
    import re
    import xml.etree.ElementTree as ET

    content = _bytes(sealed_report)
    # 6.1.2: the header, then a comment of at least four bytes above 127 (a binary file).
    header, comment = content.split(b"\n", 2)[:2]
    assert re.fullmatch(rb"%PDF-1\.[0-7]", header.strip()), header
    assert comment.startswith(b"%") and sum(b > 127 for b in comment[1:5]) == 4, comment
    # 6.1.3: nothing after the last end-of-file marker; an /ID in the trailer; no encryption.
    assert content.rstrip().endswith(b"%%EOF")
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.trailer["/ID"]) == 2 and "/Encrypt" not in reader.trailer
    root = reader.trailer["/Root"]
    # 6.6.2.1: the metadata is well-formed XMP naming part 3, conformance B.
    packet = root["/Metadata"].get_object().get_data().split(b"?>", 1)[1].rsplit(b"<?xpacket", 1)[0]
    xmp = ET.fromstring(packet)  # noqa: S314 - the file this test has just made
    pdfaid = "{http://www.aiim.org/pdfa/ns/id/}"
    values = {k: v for d in xmp.iter() for k, v in d.attrib.items() if k.startswith(pdfaid)}
    values |= {e.tag: e.text for e in xmp.iter() if e.tag.startswith(pdfaid)}
    assert values[pdfaid + "part"] == "3" and values[pdfaid + "conformance"] == "B", values
    # 6.6.1 and 6.1.8: no JavaScript, no actions run on opening or on events.
    assert "/JavaScript" not in (root.get("/Names") or {}) and "/AA" not in root and "/OpenAction" not in root
    # 6.3.2: every annotation (the seal's signature widget included) is printed and not hidden.
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            flags = int(annotation.get_object().get("/F", 0))
            assert flags & 4 and not flags & (1 | 2 | 32), flags
    # 6.8: each embedded file has its MIME type and modification date, its spec both file names.
    for spec in (a.get_object() for a in root["/AF"]):
        assert spec["/F"] == spec["/UF"] == sealing.DATA_NAME
        embedded = spec["/EF"]["/F"].get_object()
        assert embedded["/Subtype"] == "/application/json" and "/ModDate" in embedded["/Params"]
