"""Scoring tasks: thin wrappers around the services; messages carry ids only."""

from celery import shared_task
from django.db import InterfaceError, OperationalError

from riskassess.questionnaires.models import Campaign
from riskassess.scoring.services import campaign_rescore, scoring_requeue_unscored, scoring_run_execute


@shared_task(
    bind=True,
    name="riskassess.scoring.tasks.score_revision",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=60,  # well below the broker's visibility timeout
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def score_revision(self, run_id: int) -> None:
    scoring_run_execute(run_id=run_id, task_id=self.request.id)


@shared_task(name="riskassess.scoring.tasks.requeue_unscored", acks_late=True)
def requeue_unscored() -> dict:
    return scoring_requeue_unscored()


@shared_task(name="riskassess.scoring.tasks.rescore_campaign", acks_late=True)
def rescore_campaign(campaign_id: int) -> int:
    campaign = Campaign.objects.select_related("template_version").get(pk=campaign_id)
    return campaign_rescore(campaign=campaign)
