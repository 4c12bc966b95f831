"""EU dashboard aggregates: coordinators and observers only."""

import pytest

from tests.api.conftest import url

ROUTES = ["progress", "suppliers", "heatmap"]


@pytest.mark.parametrize("route", ROUTES)
def test_it_serves_aggregates_to_eu_roles(login, eu_coordinator, observer, submitted, route):
    # The heatmap gives one state's scores per cell: coordinators only, as the page.
    users = (eu_coordinator,) if route == "heatmap" else (eu_coordinator, observer)
    for user in users:
        response = login(user).get(url(f"dashboard/campaigns/{submitted.campaign_id}/{route}/"))
        assert response.status_code == 200, response.content


def test_it_refuses_the_per_state_heatmap_to_observers(login, observer, submitted):
    for query in ("", f"?member_state={submitted.member_state_id}"):
        response = login(observer).get(url(f"dashboard/campaigns/{submitted.campaign_id}/heatmap/{query}"))
        assert response.status_code == 404


def test_it_counts_progress_per_member_state(login, observer, submitted):
    body = login(observer).get(url(f"dashboard/campaigns/{submitted.campaign_id}/progress/")).json()
    france = next(r for r in body["member_states"] if r["eu_code"] == "FR")
    assert france["submitted"] == 1 and body["totals"]["submissions"] == 1


@pytest.mark.parametrize("route", ROUTES)
def test_it_refuses_aggregates_to_national_users(login, fr_regulator, campaign, route):
    assert login(fr_regulator).get(url(f"dashboard/campaigns/{campaign.pk}/{route}/")).status_code == 403


def test_it_answers_404_for_an_unknown_campaign(login, observer, db):
    assert login(observer).get(url("dashboard/campaigns/999999/progress/")).status_code == 404
