"""Every dashboard page in Chromium: no axe-core violation, and a screenshot to look at."""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe

from riskassess.accounts.models import Role
from tests.browser.conftest import login
from tests.dashboard.conftest import designate, make_state, scored
from tests.factories import CampaignFactory, SupplierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SUPPLIERS = [
    "Baltic Core Systems",
    "Nordic Radio",
    "Atlantic Optical",
    "Danube Networks",
    "Iberia Antenna",
    "Alpine Edge",
]
STATES = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "EL"]


@pytest.fixture
def eu_data():
    previous = CampaignFactory(name="2025 annual", opens_on=dt.date(2025, 1, 15), deadline=dt.date(2025, 4, 30))
    previous.status = "closed"
    previous.save()
    campaign = CampaignFactory(name="2026 annual")
    states = [make_state(code, i) for i, code in enumerate(STATES)]
    suppliers = [SupplierFactory(name=name) for name in SUPPLIERS]
    for i, state in enumerate(states):
        for j, supplier in enumerate(suppliers):
            if (i + j) % 5 == 4:
                continue
            value = float((i * 11 + j * 17) % 97)
            status = "approved" if (i + j) % 3 == 0 else "submitted"
            if i == 7 and j < 3:
                status = "draft"
            scored(
                campaign=campaign,
                member_state=state,
                supplier=supplier,
                overall=value,
                status=status,
                sections={"A": value, "B": (value * 1.3) % 100},
            )
            scored(campaign=previous, member_state=state, supplier=supplier, overall=(value + 9) % 100)
    designate(
        member_state=states[0],
        supplier=suppliers[0],
        legal_instrument="Federal Act 2025/12",
        decided_on=dt.date(2025, 6, 1),
        phase_out={"core_nf": "2027-12-31"},
    )
    for state in states[1:4]:
        designate(member_state=state, supplier=suppliers[0], confidential=True)
    designate(member_state=states[4], supplier=suppliers[1], status="restricted", legal_instrument="Order 7")
    designate(member_state=states[9], supplier=suppliers[2], confidential=True, legal_instrument="Decree 2026-4")
    coordinator = UserFactory(username="eu-coordinator", role=Role.COORDINATOR, member_state=None)
    regulator = UserFactory(username="fr-regulator", role=Role.REGULATOR, member_state=states[9])
    return {"campaign": campaign, "coordinator": coordinator, "regulator": regulator}


def _check(page, live_server, path: str, name: str, artifacts) -> None:
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(artifacts / f"dashboard-{name}.png"), full_page=True)
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert page.js_errors == []


COORDINATOR_PAGES = {
    "index": "/dashboard/",
    "progress": "/dashboard/progress/",
    "heatmap": "/dashboard/heatmap/",
    "suppliers": "/dashboard/suppliers/",
    "designations": "/dashboard/designations/",
    "trends": "/dashboard/trends/",
    "state-detail": "/dashboard/states/FR/",
}


@pytest.mark.parametrize("name", sorted(COORDINATOR_PAGES))
def test_it_has_no_accessibility_violations_for_coordinators(page, live_server, eu_data, artifacts, name):
    login(page, live_server, "eu-coordinator")
    _check(page, live_server, COORDINATOR_PAGES[name], name, artifacts)


@pytest.mark.parametrize(
    "name,path", [("member-state", "/dashboard/member-state/"), ("register-fr", "/dashboard/designations/")]
)
def test_it_has_no_accessibility_violations_for_member_states(page, live_server, eu_data, artifacts, name, path):
    login(page, live_server, "fr-regulator")
    _check(page, live_server, path, name, artifacts)
