from celery import shared_task

from riskassess.register import services


@shared_task(name="riskassess.register.tasks.raise_deadline_notices")
def raise_deadline_notices() -> int:
    """Daily (beat): a notice to the deciding authority for each register deadline that passed."""
    return len(services.deadline_notices_raise())
