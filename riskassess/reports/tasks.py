"""Report tasks, routed to the `pdf` queue (CELERY_TASK_ROUTES in settings), so PDFs never block
scoring; the sweeper runs on the default queue, so a busy pdf worker never delays it.

The pdf worker runs one child at a time and recycles it past 1 GB, because WeasyPrint's peak memory
on a large aggregate report is a few hundred MB and fragmentation keeps it:

    celery -A riskassess worker -Q pdf -c 1 --max-memory-per-child 1000000

Thin: the work and its state live in riskassess.reports.services.report_render, which claims the
report by a conditional UPDATE, so a redelivered message (acks_late) does no harm.
"""

from celery import shared_task

from riskassess.core.retry import DATABASE_ERRORS, DATABASE_MAX_RETRIES, DATABASE_RETRY_CAP, database_backoff
from riskassess.reports.services import report_render, report_sweep


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    ignore_result=True,
    # The database away: wait it out (riskassess.core.retry: at least ten minutes of retries,
    # resumed within 30 s of its return); past that, the sweeper sends the report again.
    max_retries=DATABASE_MAX_RETRIES,
    default_retry_delay=DATABASE_RETRY_CAP,
)
def render_report(self, report_id: int) -> None:
    try:
        report_render(report_id=report_id, task_id=self.request.id or f"local-{report_id}")
    except DATABASE_ERRORS as exc:
        raise self.retry(exc=exc, countdown=database_backoff(self.request.retries)) from exc


@shared_task(name="riskassess.reports.tasks.sweep_reports", acks_late=True)
def sweep_reports() -> dict[str, int]:
    return report_sweep()
