"""API tokens in the shared cache (riskassess/api/token_cache.py), on a private redis-server:
a request with a cached token does not look it up, and revoking the token or changing its user
takes effect on the next request. With the cache unreachable, tokens are looked up as before."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from riskassess.api.models import ApiToken
from riskassess.api.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def key(fr_regulator):
    return api_token_create(user=fr_regulator, name="export")[1]


def get(client, key, assessment):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/assessments/{assessment.pk}/", HTTP_AUTHORIZATION=f"Bearer {key}")
    return response, [q["sql"] for q in ctx.captured_queries]


def token_queries(queries):
    return [q for q in queries if '"api_apitoken"' in q]


def test_a_second_request_does_not_look_the_token_up(redis_cache, client, key, fr_regulator, fr_assessment):
    first, queries = get(client, key, fr_assessment)
    assert first.status_code == 200
    assert token_queries(queries)
    second, queries = get(client, key, fr_assessment)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert token_queries(queries) == []
    [entry] = [k for k in redis_cache.client().keys("*api-token:*") if not k.endswith(b":v")]
    assert fr_regulator.password.encode() not in redis_cache.client().get(entry), "a password hash in the cache"


def test_a_wrong_secret_with_a_cached_prefix_is_refused(redis_cache, client, key, fr_assessment):
    assert get(client, key, fr_assessment)[0].status_code == 200
    forged = key[:-4] + ("aaaa" if not key.endswith("aaaa") else "bbbb")
    response, _ = get(client, forged, fr_assessment)
    assert response.status_code == 401


def test_a_token_revoked_on_the_tokens_page_is_refused_at_once(redis_cache, client, key, fr_regulator, fr_assessment):
    assert get(client, key, fr_assessment)[0].status_code == 200
    token = ApiToken.objects.get(user=fr_regulator)
    client.force_login(fr_regulator)
    response = client.post(reverse("api-token-revoke", args=[token.pk]))
    assert response.status_code in (200, 302)
    client.logout()
    response, _ = get(client, key, fr_assessment)
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid, expired or revoked token."


def test_a_deactivated_user_is_refused_at_once(redis_cache, client, key, fr_regulator, fr_assessment):
    assert get(client, key, fr_assessment)[0].status_code == 200
    fr_regulator.is_active = False
    fr_regulator.save()
    assert get(client, key, fr_assessment)[0].status_code == 401


def test_a_move_to_another_member_state_applies_at_once(redis_cache, client, key, fr_regulator, fr_assessment, germany):
    assert get(client, key, fr_assessment)[0].status_code == 200
    fr_regulator.member_state = germany
    fr_regulator.save()
    assert get(client, key, fr_assessment)[0].status_code == 404


def test_the_last_use_is_written_once_a_minute_with_the_cache(redis_cache, client, key, fr_regulator, fr_assessment):
    token = ApiToken.objects.get(user=fr_regulator)
    get(client, key, fr_assessment)
    long_ago = timezone.now() - dt.timedelta(minutes=5)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=long_ago)
    cache.clear()
    get(client, key, fr_assessment)  # cached with the old time, then touched
    token.refresh_from_db()
    assert token.last_used_at > long_ago
    _, queries = get(client, key, fr_assessment)
    assert not [q for q in queries if q.startswith("UPDATE")], "the cached copy kept the old time"


def test_it_looks_tokens_up_when_the_cache_is_down(redis_cache, client, key, fr_regulator, fr_assessment):
    assert get(client, key, fr_assessment)[0].status_code == 200
    redis_cache.stop()  # started again by the fixture
    response, queries = get(client, key, fr_assessment)
    assert response.status_code == 200
    assert token_queries(queries)
    ApiToken.objects.filter(user=fr_regulator).update(revoked_at=timezone.now())
    assert get(client, key, fr_assessment)[0].status_code == 401


def test_without_the_setting_every_request_looks_the_token_up(client, key, fr_assessment):
    with override_settings(API_TOKEN_CACHE_SECONDS=0):
        for _ in range(2):
            response, queries = get(client, key, fr_assessment)
            assert response.status_code == 200
            assert token_queries(queries)


def test_a_refill_after_the_revocation_cannot_bring_the_token_back(redis_cache, fr_regulator):
    """The interleaving that let a revoked token work on (issue 18): a request reads the token
    from the database, the revocation commits and forgets it, then that request fills the cache."""
    from riskassess.api.selectors import api_token_find
    from riskassess.api.services import api_token_revoke
    from riskassess.api.token_cache import token_cache_put, token_cache_version

    token, key = api_token_create(user=fr_regulator, name="race")
    version = token_cache_version(token.prefix)  # the slow request starts...
    stale = ApiToken.objects.select_related("user").get(pk=token.pk)  # ...reads the active row
    api_token_revoke(token=token, user=fr_regulator)  # the revocation commits and forgets
    token_cache_put(stale, version)  # the slow request fills the cache with the row it read
    assert api_token_find(key=key) is None


def test_a_request_in_flight_cannot_put_a_revoked_token_back_when_it_records_its_use(redis_cache, fr_regulator):
    """The other refill: a request that found the token before the revocation records its use
    (api_token_touch writes the cached copy) after the revocation committed."""
    from riskassess.api.selectors import api_token_find
    from riskassess.api.services import api_token_revoke, api_token_touch

    token, key = api_token_create(user=fr_regulator, name="race")
    in_flight = api_token_find(key=key)
    assert in_flight is not None and in_flight.last_used_at is None
    api_token_revoke(token=token, user=fr_regulator)
    api_token_touch(token=in_flight)
    assert api_token_find(key=key) is None


def test_a_cached_token_costs_one_redis_round_trip(redis_cache, client, key, fr_assessment):
    """The version and the entry in one MGET (two GETs one after the other before)."""
    assert get(client, key, fr_assessment)[0].status_code == 200  # cached now
    server = redis_cache.client()
    before = server.info("commandstats")

    response, queries = get(client, key, fr_assessment)

    after = server.info("commandstats")
    assert response.status_code == 200 and token_queries(queries) == []

    def calls(stats, command):
        return stats.get(f"cmdstat_{command}", {}).get("calls", 0)

    assert calls(after, "mget") - calls(before, "mget") == 1
    assert calls(after, "get") - calls(before, "get") == 0
