"""Reads of cached aggregates (riskassess/dashboard/cache.py): one computation per generation,
language and key, whoever asks; a request that finds another one computing waits for its result
instead of computing the same figures at the same time; nothing stale is served; and the dashboard
API is served from the same cache as the pages."""

import threading
import time

from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from riskassess.dashboard.cache import aggregate_key, cached_aggregate
from riskassess.dashboard.services import dashboard_invalidate
from tests.dashboard.conftest import make_state, scored
from tests.factories import SupplierFactory


class Counter:
    def __init__(self, value="figures"):
        self.calls = 0
        self.value = value

    def __call__(self):
        self.calls += 1
        return f"{self.value} {self.calls}"


def test_it_computes_once_per_generation(db):
    compute = Counter()
    assert cached_aggregate("t", campaign_id=7, key="k", compute=compute) == "figures 1"
    assert cached_aggregate("t", campaign_id=7, key="k", compute=compute) == "figures 1"
    dashboard_invalidate(campaign_id=7)
    assert cached_aggregate("t", campaign_id=7, key="k", compute=compute) == "figures 2"
    assert compute.calls == 2


def test_each_language_has_its_own_entry(db):
    """Aggregates carry labels in the language of the request that computed them."""
    with translation.override("de"):
        assert cached_aggregate("t", campaign_id=1, key="", compute=lambda: "Hoch") == "Hoch"
    with translation.override("en"):
        assert cached_aggregate("t", campaign_id=1, key="", compute=lambda: "High") == "High"
    with translation.override("de"):
        assert cached_aggregate("t", campaign_id=1, key="", compute=lambda: "never") == "Hoch"


def test_a_request_waits_for_the_one_computing_instead_of_computing_again(db):
    key = aggregate_key("t", campaign_id=3, key="")
    cache.add(f"{key}:computing", 1, timeout=10)  # another request has started computing

    def the_other_request_finishes():
        time.sleep(0.2)
        cache.set(key, "theirs", 60)
        cache.delete(f"{key}:computing")

    worker = threading.Thread(target=the_other_request_finishes)
    worker.start()
    compute = Counter("mine")
    assert cached_aggregate("t", campaign_id=3, key="", compute=compute) == "theirs"
    worker.join()
    assert compute.calls == 0


def test_it_computes_itself_when_the_other_request_gave_up(db):
    key = aggregate_key("t", campaign_id=4, key="")
    cache.add(f"{key}:computing", 1, timeout=10)

    def the_other_request_fails():
        time.sleep(0.1)
        cache.delete(f"{key}:computing")  # its computation raised: the claim goes, no value

    worker = threading.Thread(target=the_other_request_fails)
    worker.start()
    compute = Counter("mine")
    assert cached_aggregate("t", campaign_id=4, key="", compute=compute) == "mine 1"
    worker.join()
    assert cache.get(key) == "mine 1"


def test_a_failed_computation_leaves_no_claim_behind(db):
    def broken():
        raise RuntimeError("database gone")

    try:
        cached_aggregate("t", campaign_id=5, key="", compute=broken)
    except RuntimeError:
        pass
    key = aggregate_key("t", campaign_id=5, key="")
    assert cache.get(f"{key}:computing") is None
    assert cached_aggregate("t", campaign_id=5, key="", compute=Counter()) == "figures 1"


def test_the_dashboard_api_is_served_from_the_cache_until_an_input_changes(
    campaign, eu_coordinator, django_assert_num_queries
):
    from rest_framework.test import APIClient

    radio = SupplierFactory(name="Radio")
    for code, overall in (("AT", 20.0), ("BE", 10.0), ("BG", 90.0)):
        scored(campaign=campaign, member_state=make_state(code), supplier=radio, overall=overall)
    api = APIClient()
    api.force_authenticate(user=eu_coordinator)
    urls = [
        reverse("api-dashboard-progress", args=[campaign.pk]),
        reverse("api-dashboard-suppliers", args=[campaign.pk]),
        reverse("api-dashboard-heatmap", args=[campaign.pk]),
    ]
    first = [api.get(url).json() for url in urls]
    with django_assert_num_queries(3):  # the campaign of each URL; every figure from the cache
        assert [api.get(url).json() for url in urls] == first
    row = next(r for r in first[1] if r["supplier_name"] == "Radio")
    assert (row["reporting"], row["median"]) == (3, 20.0)
    scored(campaign=campaign, member_state=make_state("DK"), supplier=radio, overall=40.0)
    row = next(r for r in api.get(urls[1]).json() if r["supplier_name"] == "Radio")
    assert (row["reporting"], row["median"]) == (4, 30.0)
