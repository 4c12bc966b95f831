"""Scoring tasks: thin wrappers around the services; messages carry ids only."""

from celery import shared_task

from riskassess.core.retry import DATABASE_ERRORS, DATABASE_MAX_RETRIES, DATABASE_RETRY_CAP, database_backoff
from riskassess.questionnaires.models import Campaign
from riskassess.scoring.services import campaign_rescore, scoring_requeue_unscored, scoring_run_execute


@shared_task(
    bind=True,
    name="riskassess.scoring.tasks.score_revision",
    acks_late=True,
    # The database away: wait it out as the report tasks do (riskassess.core.retry); past that, the
    # sweeper of unscored revisions sends the run again.
    max_retries=DATABASE_MAX_RETRIES,
    default_retry_delay=DATABASE_RETRY_CAP,
)
def score_revision(self, run_id: int) -> None:
    try:
        scoring_run_execute(run_id=run_id, task_id=self.request.id)
    except DATABASE_ERRORS as exc:
        raise self.retry(exc=exc, countdown=database_backoff(self.request.retries)) from exc


@shared_task(name="riskassess.scoring.tasks.requeue_unscored", acks_late=True)
def requeue_unscored() -> dict:
    return scoring_requeue_unscored()


@shared_task(name="riskassess.scoring.tasks.rescore_campaign", acks_late=True)
def rescore_campaign(campaign_id: int) -> int:
    campaign = Campaign.objects.select_related("template_version").get(pk=campaign_id)
    return campaign_rescore(campaign=campaign)
