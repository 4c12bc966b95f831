"""Report tasks, routed to the `pdf` queue (CELERY_TASK_ROUTES in settings), so PDFs never block
scoring.

The pdf worker runs one child at a time and recycles it past 1 GB, because WeasyPrint's peak memory
on a large aggregate report is a few hundred MB and fragmentation keeps it:

    celery -A riskassess worker -Q pdf -c 1 --max-memory-per-child 1000000

Thin: the work and its state live in riskassess.reports.services.report_render, which claims the
report by a conditional UPDATE, so a redelivered message (acks_late) does no harm.
"""

from celery import shared_task

from riskassess.reports.services import report_render

# KiB, for the pdf worker's command line (see above); the default workers keep the settings value.
PDF_WORKER_MAX_MEMORY_PER_CHILD = 1_000_000


@shared_task(bind=True, acks_late=True, soft_time_limit=120, time_limit=180, ignore_result=True)
def render_report(self, report_id: int) -> None:
    report_render(report_id=report_id, task_id=self.request.id or f"local-{report_id}")
