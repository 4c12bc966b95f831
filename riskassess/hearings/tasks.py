from celery import shared_task

from riskassess.hearings import notifications


@shared_task(name="riskassess.hearings.tasks.send_hearing_reminders")
def send_hearing_reminders() -> int:
    """Daily (beat): the reminders 14, 7 and 1 days before each open hearing's deadline."""
    return notifications.reminders_due()
