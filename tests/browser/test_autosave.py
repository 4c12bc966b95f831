"""Nothing typed is lost, in Chromium: autosave with its "saved at" state, saving before a link
leaves the page, the leave-page guard, and the same user in two windows."""

import pytest

from riskassess.questionnaires import services
from riskassess.questionnaires.models import Answer
from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.factories import CampaignFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipped_assessment(default_template_version, france, supplier, fr_regulator):
    campaign = CampaignFactory(name="2026 annual", template_version=default_template_version)
    return services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)


def section_url(live_server, assessment, key: str) -> str:
    return f"{live_server.url}/assessments/{assessment.pk}/sections/{key}/"


def test_autosave_shows_saved_at_and_survives_a_navigation(page, live_server, shipped_assessment, artifacts):
    login(page, live_server, "fr-regulator")
    page.goto(section_url(live_server, shipped_assessment, "A"))
    page.locator("#q-A6 input[value=yes]").check()
    status = page.locator("[data-autosave-status]")
    status.filter(has_text="Draft saved at").wait_for()
    assert Answer.objects.get(assessment=shipped_assessment, question_key="A6").value == "yes"
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"section-autosaved-{width}.png")
    assert_accessible(page)

    # Typed, then straight to the next section by the pager: saved before the page is left.
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("#q-A3a-input").fill("12")
    page.locator("a[rel=next]").click()
    page.wait_for_url("**/sections/B/")
    assert Answer.objects.get(assessment=shipped_assessment, question_key="A3a").value == 12
    page.goto(section_url(live_server, shipped_assessment, "A"))
    assert page.locator("#q-A3a-input").input_value() == "12"
    assert not page.js_errors


def test_the_leave_guard_stops_for_a_file_not_yet_attached(page, live_server, shipped_assessment):
    login(page, live_server, "fr-regulator")
    page.goto(section_url(live_server, shipped_assessment, "A"))
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.locator("#q-A4 summary", has_text="Attach a file").click()
    page.locator("#file-A4").set_input_files(
        files=[{"name": "memo.txt", "mimeType": "text/plain", "buffer": b"Ownership memo"}]
    )
    page.locator("a[rel=next]").click()
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]
    assert page.url.endswith("/sections/A/")  # the user chose to stay


def test_the_same_user_in_two_windows_is_told_so(page, live_server, shipped_assessment, artifacts):
    login(page, live_server, "fr-regulator")
    other = page.context.new_page()
    page.goto(section_url(live_server, shipped_assessment, "A"))
    other.goto(section_url(live_server, shipped_assessment, "A"))

    other.locator("#q-A6 input[value=no]").check()
    other.locator("[data-autosave-status]").filter(has_text="Draft saved at").wait_for()

    page.locator("#q-A6 input[value=yes]").check()
    status = page.locator("[data-autosave-status]")
    status.filter(has_text="another window").wait_for()
    assert Answer.objects.get(assessment=shipped_assessment, question_key="A6").value == "no"

    # The full save shows the answer changed on both sides; saving again keeps this window's.
    page.get_by_role("button", name="Save draft").click()
    page.locator(".stale-summary").wait_for()
    assert "Saved meanwhile by you in another window" in page.locator("#q-A6").inner_text()
    screenshot(page, artifacts / "section-two-windows-1366.png")
    assert_accessible(page)
    page.get_by_role("button", name="Save draft").click()
    page.locator(".message", has_text="Draft saved").wait_for()
    assert Answer.objects.get(assessment=shipped_assessment, question_key="A6").value == "yes"
