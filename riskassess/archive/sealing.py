"""PDF/A-3 with the report's data embedded, sealed with PAdES (pyHanko).

- `render_pdfa(html, data)`: WeasyPrint's `pdf/a-3b` variant of the report's HTML, with the data it
  was made from attached as `report-data.json` (AFRelationship /Source);
- `seal_pdf(content)`: a PAdES signature (B-B, or B-T with an RFC 3161 timestamp when
  REPORT_SEAL_TSA_URL is set) with the organisation's key (authority.py), as an incremental update,
  so the PDF/A-3 bytes stay as they were under the seal.
"""

import io
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from riskassess.archive import authority

DATA_NAME = "report-data.json"
FIELD_NAME = "riskassess-seal"
PDF_VARIANT = "pdf/a-3b"


def canonical_json(data: Any) -> bytes:
    """One byte form of the data (sorted keys, no spaces): what is embedded and hashed."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder).encode()


def render_pdfa(html: str, data: dict[str, Any]) -> bytes:
    from weasyprint import HTML, Attachment

    from riskassess.reports.fetcher import report_fetcher
    from riskassess.reports.rendering import font_config, static_base_url

    document = HTML(string=html, base_url=static_base_url(), url_fetcher=report_fetcher(), media_type="print").render(
        font_config=font_config(), presentational_hints=False, pdf_variant=PDF_VARIANT
    )
    attachment = Attachment(
        file_obj=io.BytesIO(canonical_json(data)),
        name=DATA_NAME,
        description="The data this report was made from (JSON)",
        relationship="Source",
    )
    return document.write_pdf(pdf_variant=PDF_VARIANT, attachments=[attachment])


def _signer():
    from pyhanko.sign import signers

    files = authority.seal_files()
    return signers.SimpleSigner.load(
        str(files.key),
        str(files.cert),
        ca_chain_files=(str(files.chain),) if files.chain else None,
        key_passphrase=files.passphrase,
    )


def _timestamper():
    if not settings.REPORT_SEAL_TSA_URL:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(settings.REPORT_SEAL_TSA_URL, timeout=settings.REPORT_SEAL_TSA_TIMEOUT)


def seal_pdf(content: bytes, *, reason: str = "Report of the EU 5G supplier risk assessments") -> bytes:
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    writer = IncrementalPdfFileWriter(io.BytesIO(content))
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=settings.REPORT_SEAL_LOCATION,
        name=settings.REPORT_SEAL_NAME,
        signer_key_usage={"digital_signature"},
    )
    out = signers.PdfSigner(meta, signer=_signer(), timestamper=_timestamper()).sign_pdf(writer)
    return out.getvalue()
