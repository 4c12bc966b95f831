"""A French regulator fills in the shipped questionnaire in Chromium and submits it."""

import pytest

from riskassess.questionnaires import services
from riskassess.questionnaires.models import Assessment, Revision
from tests.browser.conftest import login
from tests.factories import CampaignFactory, SupplierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def shipped_assessment(default_template_version, france, supplier, fr_regulator):
    campaign = CampaignFactory(name="2026 annual", template_version=default_template_version)
    SupplierFactory(name="Baltic Core Systems")
    return services.assessment_create(campaign=campaign, member_state=france, supplier=supplier, user=fr_regulator)


def screenshot(page, path) -> None:
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(path), full_page=True)


def assert_accessible(page) -> None:
    """axe-core finds no WCAG 2.1 A/AA violation on the page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
    results = Axe().run(page, options=options)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in results.response["violations"]]
    assert not violations, violations


def fill_required(page) -> None:
    """Answer every visible required question of the section left unanswered, as a person would."""
    for _ in range(4):  # answers can reveal further required questions
        changed = False
        questions = page.locator("[data-question]:visible")
        for i in range(questions.count()):
            q = questions.nth(i)
            if "(required)" not in q.locator(".question-text").first.inner_text():
                continue
            key, qtype = q.get_attribute("data-question"), q.get_attribute("data-type")
            if qtype in ("ynu", "yn", "choice"):
                if q.locator("input[type=radio]:checked").count():
                    continue
                preferred = q.locator("input[type=radio][value=no]")
                (preferred if preferred.count() else q.locator("input[type=radio]")).first.check()
            elif qtype == "multi":
                if q.locator("input[type=checkbox]:checked").count():
                    continue
                q.locator(f"input[name=q-{key}]").first.check()
            elif qtype == "countries":
                if q.locator(f"input[name=q-{key}]:checked").count():
                    continue
                q.locator("[data-filter-input]").fill("fin")
                q.locator(f"#q-{key}-c-FI").check()
            elif qtype == "country":
                if q.locator("select").input_value():
                    continue
                q.locator("select").select_option("FI")
            else:
                field = q.locator(f"[name=q-{key}]")
                if field.count() == 0 or field.input_value():
                    continue
                value = {"number": "10", "percent": "25", "date": "2025-06-30", "url": "https://example.com/"}
                field.fill(value.get(qtype, "Checked with the supplier's filings."))
            changed = True
        if not changed:
            return


def test_it_fills_in_and_submits_an_assessment(page, live_server, shipped_assessment, artifacts, eager_celery):
    login(page, live_server, "fr-regulator")

    page.goto(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Assessments").is_visible()
    screenshot(page, artifacts / "questionnaire-home.png")
    assert_accessible(page)

    page.get_by_role("link", name="Nordic Radio").first.click()
    assert "still to answer" in page.content()
    screenshot(page, artifacts / "questionnaire-overview.png")
    assert_accessible(page)

    # Section A: a conditional question appears as soon as its condition holds.
    page.get_by_role("link", name="Supplier profile and third-country interference").first.click()
    a7a = page.locator("[data-question=A7a]")
    assert a7a.is_hidden()
    page.locator("[data-question=A7] [data-filter-input]").fill("chin")
    page.locator("#q-A7-c-CN").check()
    assert a7a.is_visible()
    page.fill("#q-A1-input", "Nordic Radio Oy, <b>group</b> parent: Nordic Holdings")
    page.locator("#q-A4 input[value=no]").check()
    fill_required(page)
    page.get_by_role("button", name="Save draft").click()
    assert page.get_by_text("Draft saved.").is_visible()
    assert page.locator("#q-A1-input").input_value().startswith("Nordic Radio Oy, <b>group</b>")
    page.get_by_role("button", name="Save and continue").click()

    # Section B: a repeat group of certificates, one item filled, one more added by script.
    assert "/sections/B/" in page.url
    card = page.locator("[data-question=B1] [data-item]").first
    for select in card.locator("select").all():
        select.select_option(index=1)
    for field in card.locator("input[type=text]").all():
        field.fill("vCore 5.2")
    for field in card.locator("input[type=date]").all():
        # An issue date cannot lie in the future (the template's plausibility checks); expiry can.
        name = field.get_attribute("name") or ""
        field.fill("2025-01-15" if name.endswith("-issue_date") else "2027-12-31")
    page.get_by_role("button", name="Add another certificate").click()
    assert page.locator("[data-question=B1] [data-item]").count() == 2
    fill_required(page)
    screenshot(page, artifacts / "questionnaire-section-repeat.png")
    assert_accessible(page)
    page.get_by_role("button", name="Save and continue").click()
    assert "/sections/C/" in page.url, page.locator(".error-summary").all_inner_texts()

    # Section C: a wrong value is explained at the top and next to the field; nothing is lost.
    fill_required(page)
    page.fill("#q-C6-input", "about a month")
    page.get_by_role("button", name="Save draft").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible() and "Enter a number" in summary.inner_text()
    assert page.locator("#q-C6 .field-error").is_visible()
    assert page.locator("#q-C6-input").input_value() == "about a month"
    screenshot(page, artifacts / "questionnaire-section-errors.png")
    assert_accessible(page)
    page.fill("#q-C6-input", "21")
    page.get_by_role("button", name="Save and continue").click()

    for key in ("D", "E", "F"):
        assert f"/sections/{key}/" in page.url, (key, page.locator(".error-summary").all_inner_texts())
        fill_required(page)
        page.get_by_role("button", name="Save and continue").click()

    # Overview: everything answered, submit.
    assert "Every required question is answered" in page.content(), page.locator(".missing-summary").all_inner_texts()
    page.get_by_role("link", name="Review and submit").click()
    assert page.get_by_role("heading", name="Evidence gaps").is_visible()
    for width, height in ((1366, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, artifacts / f"submit-review-{width}.png")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible(page)
    page.get_by_role("button", name="Submit for approval").click()
    assert "Tick the declaration to submit." in page.locator(".error-summary").inner_text()
    page.locator("#declaration").check()
    page.get_by_role("button", name="Submit for approval").click()
    assert page.locator(".message-success").filter(has_text="Revision 1 submitted").is_visible()
    assert page.locator(".status-line .badge").inner_text() == "Submitted"
    page.wait_for_timeout(500)  # let the score panel load
    screenshot(page, artifacts / "regulator-submit.png")

    assessment = Assessment.objects.get(pk=shipped_assessment.pk)
    assert assessment.status == "submitted"
    revision = Revision.objects.get(assessment=assessment, number=1)
    assert revision.answers["A4"] == "no" and revision.answers["A7"] == ["CN"]
    assert revision.answers["C6"] == 21
    assert len(revision.answers["B1"]) == 1
    assert not page.js_errors
