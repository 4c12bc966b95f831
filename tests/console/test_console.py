"""The coordinator console: confirmation pages, open / close / re-score, and deadline reminders."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from riskassess.console import services
from riskassess.console.models import Reminder
from riskassess.questionnaires.models import Campaign
from tests.factories import AssessmentFactory, CampaignFactory


@pytest.fixture
def coordinator_client(client, eu_coordinator):
    client.force_login(eu_coordinator)
    return client


def action_url(campaign, action: str) -> str:
    return reverse("console:campaign_action", args=[campaign.pk, action])


def test_only_coordinators_see_the_console(client, fr_regulator, observer, campaign):
    for user in (fr_regulator, observer):
        client.force_login(user)
        assert client.get(reverse("console:index")).status_code == 404
        assert client.get(reverse("console:campaign", args=[campaign.pk])).status_code == 404
        assert client.post(action_url(campaign, "close")).status_code == 404
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN


def test_closing_asks_for_confirmation_first(coordinator_client, campaign):
    page = coordinator_client.get(action_url(campaign, "close"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "What will happen" in html and "becomes read-only" in html
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.OPEN  # the GET changed nothing
    response = coordinator_client.post(action_url(campaign, "close"))
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == Campaign.Status.CLOSED


def test_a_closed_campaign_is_not_re_scored(coordinator_client, campaign):
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    html = coordinator_client.get(action_url(campaign, "rescore")).content.decode()
    assert (
        "This cannot be done now: the campaign is closed." in html
        and "<form" not in html.split("What will happen")[1].split("</main>")[0]
    )
    response = coordinator_client.post(action_url(campaign, "rescore"), follow=True)
    assert "Only an open campaign can be re-scored" in response.content.decode()


def test_a_planned_campaign_is_opened_after_confirmation(coordinator_client):
    planned = CampaignFactory(name="2027 annual", status=Campaign.Status.PLANNED)
    assert "Open the campaign" in coordinator_client.get(action_url(planned, "open")).content.decode()
    coordinator_client.post(action_url(planned, "open"))
    planned.refresh_from_db()
    assert planned.status == Campaign.Status.OPEN


def test_remind_now_mails_the_late_states_only(coordinator_client, campaign, france, germany, supplier, fr_regulator):
    fr_regulator.email = "regulator@anssi.example"
    fr_regulator.save()
    AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)  # a draft: pending
    response = coordinator_client.post(action_url(campaign, "remind"))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["regulator@anssi.example"]
    assert "1 assessment is still a draft." in mail.outbox[0].body
    assert Reminder.objects.filter(campaign=campaign, member_state=germany).exists()  # not started: reminded too


def test_scheduled_reminders_go_out_once_at_14_7_and_1_days(campaign, france, supplier, fr_regulator):
    fr_regulator.email = "regulator@anssi.example"
    fr_regulator.save()
    AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)
    today = campaign.deadline - dt.timedelta(days=7)
    assert services.reminders_due(today=today) == 1
    assert services.reminders_due(today=today) == 0  # the same day again: not twice
    assert services.reminders_due(today=today + dt.timedelta(days=1)) == 0  # 6 days: not a reminder day
    assert services.reminders_due(today=campaign.deadline - dt.timedelta(days=1)) == 1
    assert "1 day left" in mail.outbox[-1].subject


def test_a_template_version_reads_as_a_questionnaire_and_compares_old_and_new(coordinator_client, campaign):
    from tests.factories import SMALL_DEFINITION, TemplateVersionFactory

    old = campaign.template_version
    sections = [dict(s) for s in SMALL_DEFINITION["sections"]]
    sections[0] = {**sections[0], "weight": 70}
    new = TemplateVersionFactory(
        template=old.template, version="2", definition={**SMALL_DEFINITION, "sections": sections}
    )
    html = coordinator_client.get(reverse("console:template", args=[old.pk])).content.decode()
    assert "Controlled by a third-country government?" in html
    assert "Scored with weight 5: Yes → 100" in html
    html = coordinator_client.get(reverse("console:template", args=[new.pk]), {"compare": old.pk}).content.decode()
    changes = html.split("What changed from", 1)[1].split("</table>", 1)[0]
    assert "Section A changed: weight" in changes
    assert "weight: 60" in changes and "weight: 70" in changes  # the old and the new value
