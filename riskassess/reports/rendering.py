"""HTML and PDF rendering of reports. Runs in the `pdf` worker, never in a web request.

- `render_html(kind, context)`: the Django template templates/reports/pdf/<kind>.html, autoescaped.
  User text is never marked safe; the only safe markup is our own SVG charts (escaped inside).
- `render_pdf_document(html)`: WeasyPrint with the deny-by-default fetcher (fetcher.py), the bundled fonts of
  static/fonts/ through one FontConfiguration per process, and presentational hints off.

The HTML carries `<base href="file:///…/static/">`, so the stylesheet and the fonts resolve to the
project's static files, which the fetcher serves and nothing else.
"""

import atexit
import logging
import threading
from dataclasses import dataclass

from django.template.loader import render_to_string

from riskassess.reports.fetcher import report_fetcher, static_root

logger = logging.getLogger(__name__)

# Bumped whenever the report templates or their data change in a way that changes the output:
# it is part of every fingerprint, so old reports are made again.
TEMPLATE_VERSION = "1"

KIND_TEMPLATES = {
    "assessment": "reports/pdf/assessment.html",
    "member_state": "reports/pdf/member_state.html",
    "supplier": "reports/pdf/supplier.html",
    "eu": "reports/pdf/eu.html",
    "toolbox": "networks/pdf/toolbox.html",
    "hearing": "hearings/pdf/record.html",
}

_lock = threading.Lock()
_font_config = None


def font_config():
    """The process's one FontConfiguration (fontconfig setup is slow; @font-face files are cached
    in it, keyed by their descriptors)."""
    global _font_config
    if _font_config is None:
        with _lock:
            if _font_config is None:
                from weasyprint.text.fonts import FontConfiguration

                _font_config = FontConfiguration()
                atexit.register(_drop_font_config)
    return _font_config


def _drop_font_config() -> None:
    """At exit, while modules still exist: the FontConfiguration removes its temporary folder of
    fonts. Left to interpreter shutdown, its __del__ finds shutil gone, prints a traceback and
    leaves the folder behind."""
    global _font_config
    _font_config = None


def static_base_url() -> str:
    return static_root().as_uri() + "/"


def render_html(kind: str, context: dict) -> str:
    try:
        template = KIND_TEMPLATES[kind]
    except KeyError as exc:
        raise ValueError(f"unknown report kind {kind!r}") from exc
    return render_to_string(template, {**context, "static_base": static_base_url(), "kind": kind})


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    page_count: int


def render_pdf_document(html: str, *, url_fetcher=None) -> RenderedPdf:
    """The PDF bytes and the page count of `html`."""
    from weasyprint import HTML

    fonts = font_config()
    document = HTML(
        string=html,
        base_url=static_base_url(),
        url_fetcher=url_fetcher or report_fetcher(),
        media_type="print",
    ).render(font_config=fonts, presentational_hints=False)
    content = document.write_pdf()
    return RenderedPdf(content=content, page_count=len(document.pages))
