"""The main path of the other roles in Chromium: a French approver approves a submission, and an EU
coordinator opens the dashboard and downloads the EU-wide PDF report. Every page they visit passes
axe-core (WCAG 2.1 A/AA); screenshots are kept in test-artifacts/."""

import pytest
from pypdf import PdfReader

from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment
from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.factories import MemberStateFactory, SupplierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COMPLETE = {"A4": "no", "A6": "yes", "B6": 10, "D1": "no"}


def submit(*, campaign, member_state, supplier, regulator):
    assessment = services.assessment_create(
        campaign=campaign, member_state=member_state, supplier=supplier, user=regulator
    )
    assessment = services.answers_save(
        assessment=assessment, user=regulator, values=COMPLETE, expected_version=assessment.version
    )
    services.assessment_submit(assessment=assessment, user=regulator)
    return Assessment.objects.get(pk=assessment.pk)


@pytest.fixture
def submitted(eager_celery, campaign, france, supplier, fr_regulator):
    return submit(campaign=campaign, member_state=france, supplier=supplier, regulator=fr_regulator)


def test_it_lets_an_approver_approve_in_the_browser(live_server, page, artifacts, submitted, fr_approver):
    login(page, live_server, fr_approver.username)
    assert_accessible(page)
    page.goto(f"{live_server.url}/assessments/{submitted.pk}/")
    page.wait_for_load_state("networkidle")
    assert_accessible(page)
    page.get_by_role("link", name="Review and decide").click()
    page.wait_for_load_state("networkidle")
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"approver-decide-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.fill("#decision-comment", "Checked against the operators' declarations.")
    page.locator("#declaration").check()
    page.locator("button", has_text="Approve").click()
    page.wait_for_load_state("networkidle")
    submitted.refresh_from_db()
    assert submitted.status == "approved" and submitted.decided_by == fr_approver
    assert "Approval comment" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, artifacts / "approver-approved.png")
    assert page.js_errors == []


def test_it_lets_a_coordinator_download_the_eu_report(
    live_server, page, artifacts, eager_celery, campaign, france, germany, supplier, fr_regulator, eu_coordinator
):
    submit(campaign=campaign, member_state=france, supplier=supplier, regulator=fr_regulator)
    de_regulator = UserFactory(username="de-reg", role="regulator", member_state=germany)
    submit(campaign=campaign, member_state=germany, supplier=supplier, regulator=de_regulator)
    italy = MemberStateFactory(iso_code="IT", eu_code="IT", name="Italy")
    it_regulator = UserFactory(username="it-reg", role="regulator", member_state=italy)
    submit(campaign=campaign, member_state=italy, supplier=SupplierFactory(name="Alpine Edge"), regulator=it_regulator)

    login(page, live_server, eu_coordinator.username)
    page.goto(f"{live_server.url}/dashboard/?campaign={campaign.pk}")
    page.wait_for_load_state("networkidle")
    assert "2026 annual" in page.locator("main").inner_text()
    assert_accessible(page)
    screenshot(page, artifacts / "coordinator-dashboard.png")

    box = page.locator(".report-box").first
    box.locator("select[name=tlp]").select_option("TLP:GREEN")
    box.locator("button", has_text="Generate PDF").click()
    download_link = page.locator("a", has_text="Download PDF").first
    download_link.wait_for(state="visible", timeout=30_000)
    assert_accessible(page)
    with page.expect_download() as info:
        download_link.click()
    path = artifacts / "coordinator-eu-report.pdf"
    info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    text = "\n".join(pdf_page.extract_text() for pdf_page in PdfReader(path).pages)
    # The marking chosen in the box, for this campaign (one supplier reported by fewer than 3 member
    # states: its figures are not shown, riskassess.confidentiality).
    assert "TLP:GREEN" in text and "EU-wide 5G supplier risk picture" in text and "2026 annual" in text
    assert page.js_errors == []
