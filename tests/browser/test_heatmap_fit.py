"""The heatmap of 27 member states fits 1366 px without scrolling sideways."""

import pytest
from django.core.cache import cache

from riskassess.accounts.models import Role
from tests.browser.conftest import login
from tests.browser.test_regulator_flow import assert_accessible, screenshot
from tests.dashboard.conftest import make_state, scored
from tests.factories import CampaignFactory, SupplierFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EU27 = "AT BE BG HR CY CZ DK EE FI FR DE EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()


def test_the_heatmap_fits_1366_px(page, live_server, artifacts):
    cache.clear()  # the dashboard's cache is shared by the whole test process
    campaign = CampaignFactory(name="2026 annual")
    states = [make_state(code, i) for i, code in enumerate(EU27)]
    suppliers = [SupplierFactory(name=f"Supplier with a long name {i}") for i in range(4)]
    for i, state in enumerate(states):
        for j, supplier in enumerate(suppliers):
            scored(campaign=campaign, member_state=state, supplier=supplier, overall=float((i * 7 + j * 13) % 100))
    UserFactory(username="eu-coordinator", role=Role.COORDINATOR, member_state=None)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "eu-coordinator")
    page.goto(f"{live_server.url}/dashboard/heatmap/?campaign={campaign.pk}")
    wrap = page.locator(".heatmap-wrap")
    wrap.wait_for(timeout=30_000)  # 27 x 4 cells on a busy machine
    scroll, client = wrap.evaluate("el => [el.scrollWidth, el.clientWidth]")
    screenshot(page, artifacts / "heatmap-1366.png")
    assert scroll <= client, (scroll, client)
    assert page.locator(".heatmap thead abbr[title='State SE']").count() == 1  # full names on hover
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, artifacts / "heatmap-390.png")
