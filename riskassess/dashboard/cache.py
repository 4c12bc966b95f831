"""Reads of cached EU aggregates, for the dashboard pages and the dashboard API alike.

An aggregate is computed once per (campaign generation, language, key) and kept until a service
changes one of its inputs (services.py, docs/dashboard-cache.md). When it is missing, one request
computes it and the others asking for the same figures meanwhile wait for that result instead of
computing it again at the same time (a submission makes every aggregate of its campaign stale at
once, and under load every open dashboard would otherwise recompute the same figures together).
Nothing stale is ever served: a waiter gets the figures of the current generation or computes them.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.utils import translation

from riskassess.dashboard import selectors
from riskassess.dashboard.filters import DashboardFilters
from riskassess.dashboard.services import ENTRY_TIMEOUT, dashboard_generation

T = TypeVar("T")

#: How long the computing request holds its claim: longer than any aggregate takes, short enough
#: that a process killed mid-computation delays the others by at most this.
CLAIM_TIMEOUT = 10
#: How long a request waits for another one's result before computing it itself.
WAIT_LIMIT_S = 5.0


def aggregate_key(name: str, *, campaign_id: int | None, key: str) -> str:
    language = translation.get_language() or ""
    generation = dashboard_generation(campaign_id=campaign_id)
    return f"dashboard:{name}:{campaign_id or 0}:{generation}:{language}:{key}"


def cached_aggregate(name: str, *, campaign_id: int | None, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per (campaign generation, language, key), whoever asks for it first.

    The language is part of the key because aggregates carry labels (bands, sections, rendered
    page bodies) in the language of the request that computed them.
    """
    cache_key = aggregate_key(name, campaign_id=campaign_id, key=key)
    value = cache.get(cache_key)
    if value is not None:
        return value
    claim = f"{cache_key}:computing"
    if cache.add(claim, 1, timeout=CLAIM_TIMEOUT):
        try:
            return _compute_and_store(cache_key, compute)
        finally:
            cache.delete(claim)
    deadline = time.monotonic() + WAIT_LIMIT_S
    delay = 0.005
    while time.monotonic() < deadline:
        time.sleep(delay)
        value = cache.get(cache_key)
        if value is not None:
            return value
        if cache.get(claim) is None:
            # Done just now, failed, or the cache is unreachable: one last look, then compute here.
            value = cache.get(cache_key)
            if value is not None:
                return value
            break
        delay = min(delay * 1.5, 0.05)
    return _compute_and_store(cache_key, compute)


def _compute_and_store(cache_key: str, compute: Callable[[], T]) -> T:
    value = compute()
    cache.set(cache_key, value, ENTRY_TIMEOUT)
    return value


def supplier_table(*, campaign: Any, filters: DashboardFilters) -> list[dict[str, Any]]:
    """The EU supplier table of the pages, exports and API, cached per campaign generation; its
    register part (designations) is cached apart, per global generation, so a submission does not
    make it stale."""

    def compute() -> list[dict[str, Any]]:
        designations = cached_aggregate(
            "designations_by_filter",
            campaign_id=None,
            key=f"{filters.supplier}:{filters.asset_class}",
            compute=lambda: selectors.designation_summary(filters=filters),
        )
        return selectors.supplier_table(campaign=campaign, filters=filters, designations=designations)

    return cached_aggregate("suppliers", campaign_id=campaign.pk, key=filters.cache_key(), compute=compute)
