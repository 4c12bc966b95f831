"""The dashboard pages link their rows' PDF reports, and the trend chart draws the suppliers chosen."""

from django.urls import reverse

from tests.dashboard.conftest import build_grid


def test_supplier_and_member_state_rows_link_their_pdf(client, eu_coordinator, campaign):
    states, suppliers = build_grid(campaign, 3, 2)
    client.force_login(eu_coordinator)
    html = client.get(reverse("dashboard:suppliers"), {"campaign": campaign.pk}).content.decode()
    box = reverse("reports:box")
    assert f"{box}?kind=supplier&amp;supplier={suppliers[0].pk}&amp;campaign={campaign.pk}" in html
    html = client.get(reverse("dashboard:progress"), {"campaign": campaign.pk}).content.decode()
    assert f"{box}?kind=member_state&amp;member_state={states[0].pk}&amp;campaign={campaign.pk}" in html


def test_the_trend_chart_draws_the_suppliers_chosen(client, eu_coordinator, campaign):
    _states, suppliers = build_grid(campaign, 3, 5)
    client.force_login(eu_coordinator)
    html = client.get(reverse("dashboard:trends")).content.decode()
    assert html.count('name="chart"') == 5  # every supplier can be chosen
    default = [s.name for s in suppliers if f'value="{s.pk}" checked' in html]
    assert len(default) == 3 and suppliers[0].name not in default  # the highest medians, not A to Z
    html = client.get(reverse("dashboard:trends"), {"chart": [suppliers[0].pk, suppliers[1].pk]}).content.decode()
    chosen = [s.name for s in suppliers if f'value="{s.pk}" checked' in html]
    assert chosen == [suppliers[0].name, suppliers[1].name]
