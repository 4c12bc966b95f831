"""Four eyes also refuses an approver who wrote answers, even when a regulator clicked submit."""

import pytest
from django.urls import reverse

from riskassess.core.exceptions import ApplicationError
from riskassess.questionnaires import services

COMPLETE = {"A4": "yes", "A4a": "Ministry of Industry", "A6": "no", "B6": 12, "D1": "yes"}


def test_an_approver_who_wrote_the_answers_cannot_approve(client, fr_assessment, fr_approver, fr_regulator):
    filled = services.answers_save(
        assessment=fr_assessment, user=fr_approver, values=COMPLETE, expected_version=fr_assessment.version
    )
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    with pytest.raises(ApplicationError, match="You wrote answers"):
        services.assessment_approve(assessment=filled, user=fr_approver)
    client.force_login(fr_approver)
    response = client.post(reverse("questionnaires:approve", args=[filled.pk]), follow=True)
    assert "You wrote answers" in response.content.decode()
    filled.refresh_from_db()
    assert filled.status == "submitted"


def test_another_approver_still_can(fr_assessment, fr_approver, fr_regulator, france):
    from tests.factories import UserFactory

    filled = services.answers_save(
        assessment=fr_assessment, user=fr_approver, values=COMPLETE, expected_version=fr_assessment.version
    )
    services.assessment_submit(assessment=filled, user=fr_regulator)
    filled.refresh_from_db()
    other = UserFactory(username="fr-approver-2", role="approver", member_state=france)
    assert services.assessment_approve(assessment=filled, user=other).status == "approved"
