"""The admin action "Re-score campaign": from the scores or runs list (and the campaigns list)."""

import pytest
from django.urls import reverse

from riskassess.scoring.models import Score, ScoringRun
from riskassess.scoring.services import scoring_request, scoring_run_execute

BACKEND = "django.contrib.auth.backends.ModelBackend"


@pytest.fixture
def scored(fr_assessment, make_revision, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks():
        run = scoring_request(revision=make_revision(fr_assessment))
    score = scoring_run_execute(run_id=run.pk, task_id="t")
    Score.objects.filter(pk=score.pk).update(overall=1.0, band="low")  # stale: the re-score must fix it
    return score


def post_action(client, user, model, ids):
    client.force_login(user, backend=BACKEND)
    url = reverse(f"admin:scoring_{model}_changelist")
    return client.post(url, {"action": "rescore_campaigns_action", "_selected_action": ids}, follow=True)


def test_it_rescores_the_campaign_of_the_selected_scores(client, eu_coordinator, scored, eager_celery):
    response = post_action(client, eu_coordinator, "score", [scored.pk])

    assert response.status_code == 200
    assert b"queued" in response.content
    scored.refresh_from_db()
    assert round(scored.overall, 1) == 58.3
    assert scored.band == "elevated"
    assert scored.is_current


def test_it_rescores_from_the_runs_list(client, eu_coordinator, scored, eager_celery):
    run = ScoringRun.objects.get()

    post_action(client, eu_coordinator, "scoringrun", [run.pk])

    scored.refresh_from_db()
    assert scored.band == "elevated"


def test_it_is_not_offered_to_regulators(client, fr_regulator, scored, eager_celery):
    response = post_action(client, fr_regulator, "score", [scored.pk])

    assert response.status_code == 404
    scored.refresh_from_db()
    assert scored.band == "low"
