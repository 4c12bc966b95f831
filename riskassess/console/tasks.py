from celery import shared_task

from riskassess.console import services


@shared_task(name="riskassess.console.tasks.send_deadline_reminders")
def send_deadline_reminders() -> int:
    """Daily (beat): the reminders 14, 7 and 1 days before each open campaign's deadline."""
    return services.reminders_due()
