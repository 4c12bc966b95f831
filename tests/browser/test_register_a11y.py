"""The restriction register's pages in Chromium: no axe-core violation, and a screenshot to look at."""

import pytest

from riskassess.register.models import LegalRecord
from riskassess.register.services import record_amend
from tests.browser.conftest import login
from tests.browser.test_dashboard_a11y import _check, eu_data  # noqa: F401 (the fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_register_and_a_history_have_no_accessibility_violations(page, live_server, eu_data, artifacts):  # noqa: F811
    record = LegalRecord.objects.get(authority_state__eu_code="FR")
    record_amend(
        record=record,
        user=eu_data["regulator"],
        reason="Appeal lodged by the supplier",
        appeal_status="appealed",
        court="Conseil d'État",
        case_reference="n° 498765",
        exemptions=[{"scope": "rural sites", "reason": "no other supplier covers them", "until": "2027-06-30"}],
    )
    login(page, live_server, "fr-regulator")
    _check(page, live_server, "/register/", "register-fr", artifacts)
    assert page.get_by_role("link", name="2 versions of the record").count() == 1
    _check(page, live_server, f"/register/{record.pk}/", "register-history-fr", artifacts)
    assert (
        page.get_by_role("heading", name="Version 2 (current): Designated high-risk or non-secure, in force").count()
        == 1
    )


def test_a_coordinator_sees_no_confidential_record(page, live_server, eu_data, artifacts):  # noqa: F811
    login(page, live_server, "eu-coordinator")
    _check(page, live_server, "/register/", "register-eu", artifacts)
    assert "Decree 2026-4" not in page.content()
    assert "Federal Act 2025/12" in page.content()
