"""The Django admin pages the coordinators use, in Chromium: axe finds no WCAG 2.1 A/AA violation
(the fixes are template overrides in templates/admin and static/css/admin.css, no rule is turned off)."""

import pytest

from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.factories import AssessmentFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(campaign, supplier, user) -> list[tuple[str, str]]:
    version = campaign.template_version
    return [
        ("index", "/admin/"),
        ("campaigns", "/admin/questionnaires/campaign/"),
        ("campaign-change", f"/admin/questionnaires/campaign/{campaign.pk}/change/"),
        ("campaign-add", "/admin/questionnaires/campaign/add/"),
        ("versions", "/admin/questionnaires/templateversion/"),
        ("version-change", f"/admin/questionnaires/templateversion/{version.pk}/change/"),
        ("templates", "/admin/questionnaires/questionnairetemplate/"),
        ("suppliers", "/admin/suppliers/supplier/"),
        ("supplier-change", f"/admin/suppliers/supplier/{supplier.pk}/change/"),
        ("supplier-add", "/admin/suppliers/supplier/add/"),
        ("designations", "/admin/suppliers/designation/"),
        ("users", "/admin/accounts/user/"),
        ("user-change", f"/admin/accounts/user/{user.pk}/change/"),
        ("member-states", "/admin/accounts/memberstate/"),
        ("audit", "/admin/audit/auditevent/"),
    ]


@pytest.mark.parametrize("width", [1366, 390])
def test_the_admin_pages_coordinators_use_have_no_axe_violation(
    page, live_server, eu_coordinator, fr_regulator, campaign, france, supplier, artifacts, width
):
    AssessmentFactory(campaign=campaign, member_state=france, supplier=supplier)
    login(page, live_server, eu_coordinator.username)
    page.set_viewport_size({"width": width, "height": 900})
    failures = {}
    for name, path in _pages(campaign, supplier, fr_regulator):
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        screenshot(page, artifacts / f"admin-{name}-{width}.png")
        try:
            assert_accessible(page)
        except AssertionError as e:
            failures[path] = str(e)
    assert not failures, "\n".join(f"{k}: {v}" for k, v in failures.items())
    assert page.js_errors == []
