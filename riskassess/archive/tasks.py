"""The sealing task, on the `pdf` queue (CELERY_TASK_ROUTES): a separate step after the render, so
sealing never delays a report's download. Thin: the work is archive.services.report_seal."""

from celery import shared_task

from riskassess.archive.services import report_seal


@shared_task(acks_late=True, soft_time_limit=120, time_limit=180, ignore_result=True)
def seal_report(report_id: int) -> None:
    report_seal(report_id=report_id)
