"""The coordinator console in Chromium: the campaign page, a confirmation page, closing."""

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
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"console-campaign-{width}.png")
        assert_accessible(page)
    page.set_viewport_size({"width": 1366, "height": 900})
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
