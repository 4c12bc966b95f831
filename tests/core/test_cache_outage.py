"""Redis down is a cache miss (riskassess/core/cache.py): with the cache on a private
redis-server that is stopped, a submission is saved, the dashboard and the API answer; with it up,
the cache really caches."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from riskassess.api.services import api_token_create
from riskassess.dashboard.services import dashboard_generation, dashboard_invalidate
from riskassess.questionnaires import services
from riskassess.questionnaires.models import Revision
from tests.api.conftest import COMPLETE

pytestmark = pytest.mark.django_db


def test_it_caches_while_redis_is_up(redis_cache):
    cache.set("answer", {"A4": "yes"}, 60)
    assert cache.get("answer") == {"A4": "yes"}
    assert redis_cache.client().exists(cache.make_and_validate_key("answer")) == 1
    before = dashboard_generation(campaign_id=1)
    dashboard_invalidate(campaign_id=1)
    assert dashboard_generation(campaign_id=1) != before


def test_with_redis_down_it_saves_a_submission_and_answers_pages_and_api(
    redis_cache, client, fr_regulator, eu_coordinator, fr_assessment
):
    filled = services.answers_save(
        assessment=fr_assessment, user=fr_regulator, values=COMPLETE, expected_version=fr_assessment.version
    )
    key = api_token_create(user=fr_regulator, name="export")[1]
    redis_cache.stop()

    client.force_login(fr_regulator)
    response = client.post(
        reverse("questionnaires:submit", args=[filled.pk]), {"version": filled.version, "declaration": "1"}
    )
    assert response.status_code == 302
    assert Revision.objects.filter(assessment=filled).count() == 1

    api = client.get(f"/api/v1/assessments/{filled.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert api.status_code == 200 and api.json()["status"] == "submitted"

    client.force_login(eu_coordinator)
    for name in ("dashboard:index", "dashboard:heatmap", "dashboard:suppliers", "dashboard:progress"):
        page = client.get(reverse(name))
        assert page.status_code == 200, name
    assert cache.get("anything", "missed") == "missed"


def test_the_cache_reuses_one_redis_client(redis_cache):
    """One redis.Redis per connection pool, not one per call (each built ~170 reply callbacks)."""
    from django.core.cache import cache

    client = cache._cache.get_client()
    cache.set("reused", 1)
    assert cache.get("reused") == 1
    assert cache._cache.get_client() is client
    assert cache._cache.get_client(write=True) is client  # one server: one pool
