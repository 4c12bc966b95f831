"""How a Celery task waits out the database being away (a restart, a failover, a lock).

Celery's own `retry_backoff` with `retry_jitter` draws each delay anywhere between 0 and the
backoff, so five retries can all be spent within a few seconds: a PostgreSQL restart of 12 s used
them up, the task gave up, and its report stayed queued until the sweeper's next pass. Here the
delays grow to a cap and never fall below half of it ("equal jitter"), and the number of retries
is the one that covers DATABASE_RETRY_WINDOW seconds at the least: an outage shorter than that is
waited out by the task itself; a longer one is left to the sweepers, which run once it is back.
"""

import random

from django.db import InterfaceError, OperationalError

DATABASE_ERRORS = (OperationalError, InterfaceError)
DATABASE_RETRY_CAP = 30  # s: once the database is back, work resumes within this (and below the visibility timeout)
DATABASE_RETRY_WINDOW = 600  # s: the shortest time that all retries together wait


def _base(retries: int) -> float:
    return float(min(DATABASE_RETRY_CAP, 2**retries))


def database_backoff(retries: int) -> float:
    """Seconds to wait before retry number `retries` + 1: between half and all of min(cap, 2**retries)."""
    base = _base(retries)
    return base / 2 + random.uniform(0, base / 2)  # noqa: S311 - spreading retries, not a secret


def _retries_for(window: float) -> int:
    waited, n = 0.0, 0
    while waited < window:
        waited += _base(n) / 2
        n += 1
    return n


DATABASE_MAX_RETRIES = _retries_for(DATABASE_RETRY_WINDOW)
