"""Writes for the dashboard: only its cache generation numbers.

Every cached aggregate is stored under a key that contains two generation numbers: one for all
campaigns and one for its campaign. Every service that changes an aggregate's input calls
`dashboard_invalidate` itself (submit, approve, return, a score made current, a re-score, the
designation register, suppliers, campaigns; docs/dashboard-cache.md), which bumps a number, so the
next request computes afresh; old entries simply expire.
"""

from django.core.cache import cache
from django.db import transaction

GLOBAL_KEY = "dashboard:gen:all"
CAMPAIGN_KEY = "dashboard:gen:campaign:{}"
# Old entries are never read again after a bump. The timeout is only a safety net for a write that
# forgets to call dashboard_invalidate: a recomputation costs < 150 ms.
ENTRY_TIMEOUT = 15 * 60


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        # Missing (first use, or evicted): start at 1; a concurrent add by another process is fine.
        if not cache.add(key, 1, timeout=None):
            cache.incr(key)


def dashboard_invalidate(*, campaign_id: int | None = None) -> None:
    """Make every cached dashboard aggregate of `campaign_id` (or of every campaign) stale.

    Bumped now and again when the surrounding transaction commits, so a request that read the
    old rows while the change was uncommitted cannot keep them under the new generation.
    """
    key = CAMPAIGN_KEY.format(campaign_id) if campaign_id else GLOBAL_KEY
    _bump(key)
    transaction.on_commit(lambda: _bump(key), robust=True)


def dashboard_generation(*, campaign_id: int | None) -> str:
    """The pair of generation numbers that a cache key for `campaign_id` must contain."""
    keys = [GLOBAL_KEY, CAMPAIGN_KEY.format(campaign_id or 0)]
    values = cache.get_many(keys)
    return f"{values.get(keys[0], 0)}.{values.get(keys[1], 0)}"
