"""Hostile content in answers, comments and evidence names is printed as text, never fetched."""

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from riskassess.reports.contexts import report_context
from riskassess.reports.fetcher import RefusedURL, report_fetcher, static_root
from riskassess.reports.models import Report
from riskassess.reports.rendering import render_html, render_pdf_document
from tests.reports.builders import submit_and_score

HOSTILE = [
    '<img src="file:///etc/passwd">',
    '<link rel=stylesheet href="http://169.254.169.254/">',
    "@import url(http://example.invalid/x.css)",
    '<p style="background:url(file:///etc/hostname)">styled</p>',
    '<a rel=attachment href="file:///etc/hostname">attach</a>',
    "static/../../etc/passwd",
]


class RecordingFetcher:
    """Our fetcher, recording every URL asked for and whether it was served."""

    def __init__(self):
        self.inner = report_fetcher()
        self._fail_on_errors = False
        self.served: list[str] = []
        self.refused: list[str] = []

    def __call__(self, url):
        try:
            response = self.inner.fetch(url)
        except RefusedURL:
            self.refused.append(url)
            raise
        self.served.append(url)
        return response

    fetch = __call__


def _pdf_text(content: bytes, tmp_path: Path) -> str:
    return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(content)).pages)


def _assert_harmless(content: bytes, fetcher: RecordingFetcher):
    reader = PdfReader(io.BytesIO(content))
    assert reader.attachments == {}
    assert b"/EmbeddedFile" not in content
    text = "".join(page.extract_text() or "" for page in reader.pages)
    assert "root:x:0" not in text
    root = static_root()
    for url in fetcher.served:
        assert url.startswith("data:") or Path(url.removeprefix("file://")).resolve().is_relative_to(root), url


@pytest.fixture
def hostile_report(fr_assessment, fr_regulator):
    joined = "\n".join(HOSTILE)
    submit_and_score(
        fr_assessment,
        answers={"A4": "yes", "A4a": joined, "A6": "no", "B6": 20, "D1": "no"},
        comments={"A4": joined, "A6": HOSTILE[3]},
        evidence=[
            {"id": n, "question_key": "A4", "name": h, "description": h, "sha256": "0" * 64, "size": 10}
            for n, h in enumerate(HOSTILE, start=1)
        ],
        user=fr_regulator,
    )
    return Report.objects.create(kind="assessment", assessment=fr_assessment, audience="FR", fingerprint="t")


def test_it_prints_hostile_answers_as_text(hostile_report, tmp_path):
    html = render_html("assessment", report_context(hostile_report))
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img src=&quot;file:///etc/passwd&quot;&gt;" in html
    fetcher = RecordingFetcher()
    rendered = render_pdf_document(html, url_fetcher=fetcher)
    text = _pdf_text(rendered.content, tmp_path)
    flat = " ".join(text.split())
    assert '<img src="file:///etc/passwd">' in flat
    assert "@import url(http://example.invalid/x.css)" in flat
    assert "static/../../etc/passwd" in flat
    _assert_harmless(rendered.content, fetcher)
    # the only files asked for are our stylesheet and fonts; nothing was refused because nothing hostile was asked
    assert fetcher.served and all(u.startswith(static_root().as_uri()) for u in fetcher.served)
    assert fetcher.refused == []


def test_it_refuses_hostile_raw_html(tmp_path):
    html = (
        '<html><head><link rel="stylesheet" href="css/report.css">'
        '<link rel=stylesheet href="http://169.254.169.254/latest/meta-data/">'
        "<style>@import url(http://example.invalid/x.css); body { background: url(file:///etc/hostname) }</style>"
        '<link rel="attachment" href="file:///etc/passwd"></head><body>'
        '<img src="file:///etc/passwd"><img src="static/../../etc/passwd"><img src="../../../../etc/passwd">'
        '<p style="background:url(file:///etc/hostname)">styled</p>'
        '<a rel=attachment href="file:///etc/hostname">attach</a>'
        "<p>harmless</p></body></html>"
    )
    fetcher = RecordingFetcher()
    rendered = render_pdf_document(html, url_fetcher=fetcher)
    assert "harmless" in _pdf_text(rendered.content, tmp_path)
    _assert_harmless(rendered.content, fetcher)
    refused = " ".join(fetcher.refused)
    for needle in ("169.254.169.254", "example.invalid", "/etc/passwd", "/etc/hostname"):
        assert needle in refused
    assert any(u.endswith("css/report.css") for u in fetcher.served)
