"""The pages in five languages with very different words and scripts (de, el, bg, fi, mt): the
page's lang is right, nothing runs off the side, no axe-core violation; screenshots to look at."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from riskassess.questionnaires.models import Assessment
from tests.browser.conftest import login
from tests.browser.test_dashboard_a11y import eu_data  # noqa: F401  # the fixture

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _look(page, live_server, path: str, language: str, name: str, artifacts) -> None:
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.lang") == language
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} in {language} is {overflow}px too wide"
    page.screenshot(path=str(artifacts / f"language-{language}-{name}.png"), full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.js_errors == []


@pytest.mark.parametrize("language", ["de", "el", "bg", "fi", "mt"])
def test_the_pages_in_five_languages(page, live_server, eu_data, artifacts, language):  # noqa: F811
    regulator = eu_data["regulator"]
    regulator.language = language
    regulator.save(update_fields=["language"])
    assessment = Assessment.objects.filter(member_state=regulator.member_state).order_by("pk").first()
    draft = Assessment.objects.filter(member_state=regulator.member_state, status="draft").first() or assessment
    login(page, live_server, regulator.username)
    _look(page, live_server, "/", language, "home", artifacts)
    _look(page, live_server, f"/assessments/{draft.pk}/sections/A/", language, "section", artifacts)
    _look(page, live_server, f"/assessments/{assessment.pk}/", language, "overview-score-panel", artifacts)
    _look(page, live_server, "/dashboard/member-state/", language, "dashboard-member-state", artifacts)
    coordinator = eu_data["coordinator"]
    coordinator.language = language
    coordinator.save(update_fields=["language"])
    page.context.clear_cookies()
    login(page, live_server, coordinator.username)
    _look(page, live_server, "/dashboard/", language, "dashboard", artifacts)
