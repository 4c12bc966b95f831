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


# --- Create a campaign, preview it, extend the deadline for one member state ----------------------


def test_a_campaign_is_created_only_after_its_confirmation_page(coordinator_client, campaign):
    version = campaign.template_version
    form = {
        "name": "5G suppliers 2028",
        "template_version": version.pk,
        "opens_on": "2028-01-10",
        "deadline": "2028-03-31",
    }
    page = coordinator_client.post(reverse("console:campaign_new"), form)
    assert page.status_code == 200
    html = page.content.decode()
    assert "What will happen" in html and "planned" in html and "31 March 2028" in html
    assert not Campaign.objects.filter(name="5G suppliers 2028").exists()
    done = coordinator_client.post(reverse("console:campaign_new"), {**form, "confirm": "1"})
    created = Campaign.objects.get(name="5G suppliers 2028")
    assert done.status_code == 302 and done["Location"] == reverse("console:campaign", args=[created.pk])
    assert created.status == Campaign.Status.PLANNED and created.template_version == version
    assert created.deadline == dt.date(2028, 3, 31) and created.slug == "5g-suppliers-2028"
    from riskassess.audit.models import AuditEvent

    assert AuditEvent.objects.filter(object_id=str(created.pk), action="create").exists()


def test_a_campaign_form_refuses_a_deadline_before_the_opening_and_a_taken_name(coordinator_client, campaign):
    form = {
        "name": campaign.name,
        "template_version": campaign.template_version_id,
        "opens_on": "2028-03-10",
        "deadline": "2028-01-31",
    }
    page = coordinator_client.post(reverse("console:campaign_new"), {**form, "confirm": "1"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "on or after the opening date" in html
    form["deadline"] = "2028-05-31"
    page = coordinator_client.post(reverse("console:campaign_new"), {**form, "confirm": "1"})
    assert page.status_code == 400 and "exists already" in page.content.decode()
    assert Campaign.objects.count() == 1


def test_the_preview_shows_every_section_locked_and_writes_nothing(coordinator_client, campaign):
    from riskassess.audit.models import AuditEvent
    from riskassess.questionnaires.models import Answer, Assessment

    before = AuditEvent.objects.count()
    page = coordinator_client.get(reverse("console:campaign_preview", args=[campaign.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    for section in campaign.template_version.definition["sections"]:
        assert f'id="preview-{section["key"]}"' in html
        for q in section["questions"]:
            assert f'id="q-{q["key"]}"' in html
    preview = html.split("preview-form")[1].split("</main>")[0]  # the page's own footer has the language form
    assert "<fieldset disabled" in html and 'method="post"' not in preview
    assert AuditEvent.objects.count() == before and not Assessment.objects.exists() and not Answer.objects.exists()


def test_a_deadline_extended_for_one_state_applies_there_only(
    coordinator_client, campaign, france, germany, fr_regulator
):
    from riskassess.dashboard import selectors as dashboard_selectors
    from riskassess.questionnaires.models import StateDeadline

    new = campaign.deadline + dt.timedelta(days=21)
    form = {"member_state": france.pk, "deadline": new.isoformat(), "reason": "Elections"}
    url = reverse("console:campaign_extend", args=[campaign.pk])
    page = coordinator_client.post(url, form)
    assert page.status_code == 200 and "What will happen" in page.content.decode()
    assert not StateDeadline.objects.exists()
    assert coordinator_client.post(url, {**form, "confirm": "1"}).status_code == 302
    assert StateDeadline.objects.get().deadline == new
    from riskassess.audit.models import AuditEvent

    event = AuditEvent.objects.filter(object_id=str(campaign.pk)).latest("pk")
    assert event.data["member_state"] == france.pk and event.data["reason"] == "Elections"

    # The progress view: France is not late the day after the campaign's deadline, Germany is.
    AssessmentFactory(campaign=campaign, member_state=france)
    AssessmentFactory(campaign=campaign, member_state=germany)
    rows = {
        r["member_state_id"]: r
        for r in dashboard_selectors.campaign_progress(
            campaign=campaign, today=campaign.deadline + dt.timedelta(days=1)
        )
    }
    assert rows[france.pk]["late"] == 0 and rows[france.pk]["extended_deadline"] == new
    assert rows[germany.pk]["late"] == 1

    # The regulator's home shows France's date (a client of its own: `client` is the coordinator's).
    from django.test import Client

    regulator = Client()
    regulator.force_login(fr_regulator)
    html = regulator.get(reverse("home")).content.decode()
    assert new.strftime("%-d %B %Y") in html and "extended for your member state" in html

    # The console's campaign page shows it too.
    html = coordinator_client.get(reverse("console:campaign", args=[campaign.pk])).content.decode()
    assert new.strftime("%-d %B %Y") in html


def test_a_deadline_cannot_be_moved_before_the_campaigns_or_on_a_closed_campaign(coordinator_client, campaign, france):
    from riskassess.questionnaires.models import StateDeadline

    url = reverse("console:campaign_extend", args=[campaign.pk])
    page = coordinator_client.post(
        url, {"member_state": france.pk, "deadline": campaign.deadline.isoformat(), "confirm": "1"}
    )
    assert page.status_code == 400 and "after the campaign" in page.content.decode()
    campaign.status = Campaign.Status.CLOSED
    campaign.save()
    later = (campaign.deadline + dt.timedelta(days=5)).isoformat()
    page = coordinator_client.post(url, {"member_state": france.pk, "deadline": later, "confirm": "1"})
    assert page.status_code == 400
    assert not StateDeadline.objects.exists()


def test_the_scheduled_reminders_follow_a_states_extended_deadline(
    campaign, france, germany, fr_regulator, de_regulator
):
    from riskassess.questionnaires.models import StateDeadline

    StateDeadline.objects.create(
        campaign=campaign, member_state=france, deadline=campaign.deadline + dt.timedelta(days=7)
    )
    # 7 days before the campaign's deadline: Germany's 7-day reminder; France is 14 days away.
    sent = services.reminders_due(today=campaign.deadline - dt.timedelta(days=7))
    assert sent == 2
    by_state = {r.member_state_id: r.days_before for r in Reminder.objects.all()}
    assert by_state == {france.pk: 14, germany.pk: 7}
    french = next(m for m in mail.outbox if fr_regulator.email in m.to)
    assert "14 days left" in french.subject
    assert (campaign.deadline + dt.timedelta(days=7)).strftime("%d/%m/%Y") in french.body


def test_each_row_links_to_the_extension_of_its_state(coordinator_client, campaign, france):
    html = coordinator_client.get(reverse("console:campaign", args=[campaign.pk])).content.decode()
    link = f"{reverse('console:campaign_extend', args=[campaign.pk])}?member_state={france.pk}"
    assert link in html
    form = coordinator_client.get(link).content.decode()
    assert f'<option value="{france.pk}" selected>{france.name}</option>' in form
