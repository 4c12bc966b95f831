"""The coordinator console in Chromium: the campaign page, a confirmation page, closing."""

import datetime as dt

import pytest

from riskassess.questionnaires.models import Campaign
from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.factories import AssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_console_confirms_before_closing(
    page, live_server, eu_coordinator, campaign, france, germany, supplier, artifacts
):
    AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)
    login(page, live_server, eu_coordinator.username)
    page.get_by_role("link", name="Console").click()
    page.get_by_role("link", name=campaign.name).click()
    assert page.get_by_role("heading", name="Member states").is_visible()
    _both_widths(page, artifacts, "console-campaign")
    page.get_by_role("link", name="Close the campaign…").click()
    assert "becomes read-only" in page.locator("main").inner_text()
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"console-confirm-close-{width}.png")
        assert_accessible(page)
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.OPEN
    page.get_by_role("button", name="Close the campaign").click()
    page.locator(".message-success", has_text="The campaign is closed.").wait_for()
    assert Campaign.objects.get(pk=campaign.pk).status == Campaign.Status.CLOSED
    page.goto(f"{live_server.url}/console/")
    screenshot(page, artifacts / "console-index-1366.png")
    assert_accessible(page)
    assert page.js_errors == []


def test_the_questionnaire_version_page_is_accessible(page, live_server, eu_coordinator, campaign, artifacts):
    login(page, live_server, eu_coordinator.username)
    page.goto(f"{live_server.url}/console/templates/{campaign.template_version_id}/")
    assert page.get_by_role("heading", name="Supplier profile").is_visible()
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"console-template-{width}.png")
        assert_accessible(page)


def _both_widths(page, artifacts, name: str) -> None:
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        # Two animation frames: the page is laid out and painted at the new width before the picture.
        page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
        screenshot(page, artifacts / f"{name}-{width}.png")
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scrolling
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_campaign_is_created_from_a_version_after_its_confirmation(
    page, live_server, eu_coordinator, campaign, artifacts
):
    login(page, live_server, eu_coordinator.username)
    page.goto(f"{live_server.url}/console/templates/{campaign.template_version_id}/")
    page.get_by_role("link", name="Create a campaign from this version…").click()
    page.get_by_label("Name").fill("5G suppliers 2028")
    page.get_by_label("Opens on").fill("2028-01-10")
    page.get_by_label("Deadline").fill("2028-01-05")
    page.get_by_role("button", name="Continue").click()
    assert page.get_by_role("alert").is_visible()  # deadline before the opening: the error summary
    _both_widths(page, artifacts, "console-new-campaign-error")
    page.get_by_label("Deadline").fill("2028-03-31")
    page.get_by_role("button", name="Continue").click()
    main = page.locator("main").inner_text()
    assert "What will happen" in main and "31 March 2028" in main
    _both_widths(page, artifacts, "console-confirm-create")
    assert not Campaign.objects.filter(name="5G suppliers 2028").exists()
    page.get_by_role("button", name="Create the campaign").click()
    page.locator(".message-success", has_text="The campaign is created").wait_for()
    created = Campaign.objects.get(name="5G suppliers 2028")
    assert created.status == Campaign.Status.PLANNED and created.template_version_id == campaign.template_version_id
    assert page.get_by_role("link", name="Open the campaign…").is_visible()
    assert page.js_errors == []


def test_the_preview_shows_the_questionnaire_locked(page, live_server, eu_coordinator, campaign, artifacts):
    login(page, live_server, eu_coordinator.username)
    page.goto(f"{live_server.url}/console/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Preview the questionnaire").click()
    assert page.get_by_role("heading", name="Supplier profile").is_visible()
    radios = page.locator("input[type=radio]")
    assert radios.count() > 0 and radios.first.is_disabled()
    _both_widths(page, artifacts, "console-preview")
    assert page.js_errors == []


def test_the_deadline_is_extended_for_one_state_after_its_confirmation(
    page, live_server, eu_coordinator, campaign, france, germany, artifacts
):
    from riskassess.questionnaires.models import StateDeadline

    login(page, live_server, eu_coordinator.username)
    page.goto(f"{live_server.url}/console/campaigns/{campaign.pk}/")
    page.get_by_role("link", name="Extend the deadline for a member state…").click()
    page.get_by_label("Member state").select_option(label=france.name)
    new = campaign.deadline + dt.timedelta(days=14)
    page.get_by_label("New deadline").fill(new.isoformat())
    page.get_by_label("Reason").fill("National elections")
    _both_widths(page, artifacts, "console-extend")
    page.get_by_role("button", name="Continue").click()
    main = page.locator("main").inner_text()
    assert "What will happen" in main and f"{new.day} {new:%B %Y}" in main
    _both_widths(page, artifacts, "console-confirm-extend")
    assert not StateDeadline.objects.exists()
    page.get_by_role("button", name="Extend the deadline").click()
    page.locator(".message-success", has_text="The deadline of").wait_for()
    assert StateDeadline.objects.get(member_state=france).deadline == new
    row = page.locator("tr", has=page.get_by_role("rowheader", name=france.name))
    assert "extended" in row.inner_text()
    screenshot(page, artifacts / "console-campaign-extended-1366.png")
    assert page.js_errors == []
