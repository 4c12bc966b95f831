"""The sealing task, on the `pdf` queue (CELERY_TASK_ROUTES): a separate step after the render, so
sealing never delays a report's download. Thin: the work is archive.services.report_seal."""

from celery import shared_task

from riskassess.archive.services import report_seal
from riskassess.core.retry import DATABASE_ERRORS, DATABASE_MAX_RETRIES, DATABASE_RETRY_CAP, database_backoff


@shared_task(
    bind=True,
    acks_late=True,
    soft_time_limit=120,
    time_limit=180,
    ignore_result=True,
    max_retries=DATABASE_MAX_RETRIES,  # the database away: waited out as the render is
    default_retry_delay=DATABASE_RETRY_CAP,
)
def seal_report(self, report_id: int) -> None:
    try:
        report_seal(report_id=report_id)
    except DATABASE_ERRORS as exc:
        raise self.retry(exc=exc, countdown=database_backoff(self.request.retries)) from exc
