"""The pdf worker warm before its first task.

A fresh worker process spent 0.4-0.6 s more on its first PDF than on the next ones: importing
WeasyPrint, setting up fontconfig, loading the four faces of the report font, compiling the report
templates. `pdf_worker_warm_up` does all of it once in each new worker child (Celery's
`worker_process_init`), so the first report a user asks for is as fast as the others. Workers that
do not consume the `pdf` queue (scoring) are left alone: it would only cost them memory.
"""

import logging
import time

from django.template.loader import get_template

logger = logging.getLogger(__name__)

PDF_QUEUE = "pdf"

# Every face of the report font (regular, bold, italic, bold italic), a table and an SVG: what a
# report lays out, in a few milliseconds of rendering.
WARM_UP_BODY = """<body><h1>riskassess</h1><p>Report <strong>warm-up</strong> <em>only</em>
<strong><em>never stored</em></strong>.</p><table><thead><tr><th>a</th><th class="num">1</th></tr></thead>
<tbody><tr><td>b</td><td class="num">2</td></tr></tbody></table>
<svg width="20" height="10" viewBox="0 0 20 10"><rect width="20" height="10" fill="#003399"/></svg></body>"""


def pdf_worker_warm_up() -> float:
    """Load WeasyPrint, the fonts and the report templates into this process; the seconds it took."""
    from riskassess.reports.rendering import KIND_TEMPLATES, render_pdf_document, static_base_url

    started = time.perf_counter()
    for name in KIND_TEMPLATES.values():
        get_template(name)
    html = (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><base href="{static_base_url()}">'
        f'<link rel="stylesheet" href="css/report.css"></head>{WARM_UP_BODY}</html>'
    )
    render_pdf_document(html)
    return time.perf_counter() - started


def consumes_pdf_queue(app) -> bool:
    """Whether this worker process takes tasks from the pdf queue (-Q); True when it cannot tell."""
    try:
        return PDF_QUEUE in app.amqp.queues.consume_from
    except (AttributeError, TypeError):
        return True


def on_worker_process_init(**kwargs) -> None:
    from django.conf import settings

    from riskassess.celery import app

    if not getattr(settings, "REPORTS_WARM_WORKER", True) or not consumes_pdf_queue(app):
        return
    try:
        seconds = pdf_worker_warm_up()
    except Exception:  # a failed warm-up must not stop the worker: the first PDF is only slower
        logger.exception("pdf worker warm-up failed")
        return
    logger.info("pdf worker warm in %.2f s", seconds)
