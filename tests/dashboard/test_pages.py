import pytest
from django.urls import reverse

from tests.dashboard.conftest import build_grid, scored

EU_PAGES = ["dashboard:index", "dashboard:progress", "dashboard:suppliers", "dashboard:trends"]
ALL_PAGES = [*EU_PAGES, "dashboard:heatmap", "dashboard:designations", "dashboard:member_state"]

# Who may open what (everyone else: 404).
ALLOWED = {
    "eu_coordinator": {*EU_PAGES, "dashboard:heatmap", "dashboard:designations", "state"},
    "observer": {*EU_PAGES, "dashboard:designations"},
    "fr_regulator": {"dashboard:member_state", "dashboard:designations"},
    "fr_approver": {"dashboard:member_state", "dashboard:designations"},
}


@pytest.fixture
def grid(campaign, france, germany):
    return build_grid(campaign, 3, 4)


@pytest.mark.parametrize("persona", sorted(ALLOWED))
@pytest.mark.parametrize("page", [*ALL_PAGES, "state"])
def test_it_answers_404_to_roles_that_may_not_see_a_page(client, request, persona, page, grid, campaign):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    url = reverse("dashboard:state_detail", args=["AT"]) if page == "state" else reverse(page)
    response = client.get(url)
    expected = 200 if page in ALLOWED[persona] else 404
    assert response.status_code == expected, (persona, page)


@pytest.mark.parametrize("page", [*ALL_PAGES, "state"])
def test_it_sends_anonymous_visitors_to_login(client, db, page):
    url = reverse("dashboard:state_detail", args=["AT"]) if page == "state" else reverse(page)
    response = client.get(url)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_it_shows_kpis_and_designations_n_of_n(client, eu_coordinator, campaign, grid):
    client.force_login(eu_coordinator)
    body = client.get(reverse("dashboard:index")).content.decode()
    assert "member states reporting" in body
    assert '12</span><span class="stat-label">assessments submitted' in body
    # Two public designations (AT, BE) and one confidential: one confidential is fewer than 3, so it
    # counts nowhere (never a "1 confidential").
    assert "2 of" in body and "AT, BE" in body and "confidential (not attributed)" not in body


def test_it_writes_band_and_score_in_every_heatmap_cell(client, eu_coordinator, campaign, grid):
    states, suppliers = grid
    client.force_login(eu_coordinator)
    response = client.get(reverse("dashboard:heatmap"))
    body = response.content.decode()
    assert body.count('<td class="hm band-') == 12
    assert ': Low, 0.0"' in body  # AT x supplier 00 scores 0 (its link names band and score)
    assert 'href="/assessments/' in body


def test_it_never_shows_drafts_in_the_heatmap(client, eu_coordinator, campaign, france, supplier):
    scored(campaign=campaign, member_state=france, supplier=supplier, overall=88.0, status="draft")
    client.force_login(eu_coordinator)
    body = client.get(reverse("dashboard:heatmap")).content.decode()
    assert "88" not in body
    assert "No submitted assessment matches" in body


def test_it_keeps_filters_in_the_url(client, eu_coordinator, campaign, grid):
    states, suppliers = grid
    client.force_login(eu_coordinator)
    response = client.get(reverse("dashboard:heatmap"), {"supplier": suppliers[1].pk, "band": "nonsense"})
    assert response.context["filters"].supplier == suppliers[1].pk
    assert response.context["filters"].band is None
    assert f"supplier={suppliers[1].pk}" in response.context["query"]
    assert len(response.context["rows"]) == 1


def test_it_shows_a_state_against_the_eu_median_without_naming_others(client, campaign, grid, fr_user_factory):
    states, suppliers = grid
    user = fr_user_factory(states[0])
    client.force_login(user)
    body = client.get(reverse("dashboard:member_state")).content.decode()
    assert "Grid supplier 00" in body
    for other in states[1:]:
        assert other.name not in body


def test_it_drills_down_to_a_states_submitted_assessments(client, eu_coordinator, campaign, grid):
    states, suppliers = grid
    scored(
        campaign=campaign,
        member_state=states[0],
        supplier=suppliers[0].__class__.objects.create(name="Draft Co", slug="draft-co", hq_country="SE"),
        overall=50,
        status="draft",
    )
    client.force_login(eu_coordinator)
    body = client.get(reverse("dashboard:state_detail", args=["AT"])).content.decode()
    assert body.count("Revision 1") == 4
    assert "Draft Co" not in body


@pytest.mark.parametrize(
    "page",
    [
        "dashboard:index",
        "dashboard:progress",
        "dashboard:heatmap",
        "dashboard:suppliers",
        "dashboard:designations",
        "dashboard:trends",
    ],
)
def test_it_costs_the_same_queries_at_two_sizes(client, db, django_assert_max_num_queries, eu_coordinator, page):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from riskassess.questionnaires.models import Campaign
    from tests.factories import CampaignFactory

    counts = []
    for size, name in (((3, 4), "small"), ((10, 12), "large")):
        Campaign.objects.update(status="closed")
        campaign = CampaignFactory(name=f"Campaign {name}")
        build_grid(campaign, *size, offset=len(counts))
        client.force_login(eu_coordinator)
        from django.core.cache import cache

        cache.clear()
        with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(page), {"campaign": campaign.pk})
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_it_costs_the_same_queries_for_the_member_state_page(
    client, db, django_assert_max_num_queries, fr_user_factory
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from riskassess.questionnaires.models import Campaign
    from tests.factories import CampaignFactory

    counts = []
    for size, name in (((3, 4), "small"), ((10, 12), "large")):
        Campaign.objects.update(status="closed")
        campaign = CampaignFactory(name=f"Campaign {name}")
        states, _ = build_grid(campaign, *size)
        client.force_login(fr_user_factory(states[0]))
        cache.clear()
        with django_assert_max_num_queries(10), CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard:member_state")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_the_register_names_asset_classes_and_writes_dates_as_people_do(client, eu_coordinator, france, campaign):
    from django.urls import reverse

    from tests.factories import AssetClassFactory, DesignationFactory

    AssetClassFactory(code="core_nf", name="Core network functions")
    DesignationFactory(member_state=france, phase_out={"core_nf": "2026-12-31"})
    client.force_login(eu_coordinator)
    html = client.get(reverse("dashboard:designations")).content.decode()
    assert "Core network functions: 31 Dec 2026" in html
    assert "core_nf:" not in html and "2026-12-31" not in html
