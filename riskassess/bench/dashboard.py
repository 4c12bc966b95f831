"""Dashboard figures for `manage.py bench`: the EU dashboard's overview page requested through
Django's test client as an EU coordinator, uncached (the cache generation bumped before every
request, so every aggregate is recomputed) and cached, and its number of SQL queries at 27 x 200
and at 27 x 800."""

import gc
import time

from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from riskassess.bench.measures import p95
from riskassess.dashboard.services import dashboard_invalidate

REQUESTS = 30


def _client(user) -> Client:
    hosts = [h for h in settings.ALLOWED_HOSTS if not h.startswith(".")]
    client = Client(SERVER_NAME="testserver" if "testserver" in hosts or not hosts else hosts[0])
    client.force_login(user)
    return client


def _get(client: Client, url: str, params: dict) -> float:
    start = time.perf_counter()
    response = client.get(url, params)
    elapsed = (time.perf_counter() - start) * 1000
    if response.status_code != 200:
        raise RuntimeError(f"{url} answered {response.status_code} (is two-factor login required? set OTP off)")
    return elapsed


def _queries(client: Client, url: str, params: dict) -> int:
    dashboard_invalidate()
    with CaptureQueriesContext(connection) as ctx:
        _get(client, url, params)
    return len(ctx.captured_queries)


def run(ctx) -> dict:
    campaign, user = ctx["campaign"], ctx["coordinator"]
    client = _client(user)
    url, params = reverse("dashboard:index"), {"campaign": campaign.pk}
    requests = 5 if ctx.get("quick") else REQUESTS
    _get(client, url, params)  # warm up: imports, templates, connection
    # Measure as in a web process, which freezes its start-up objects (riskassess/wsgi.py): the
    # objects this bench process made while generating the data set would otherwise slow every
    # full garbage collection.
    gc.collect()
    gc.freeze()
    uncached = []
    for _ in range(requests):
        dashboard_invalidate()
        uncached.append(_get(client, url, params))
    _get(client, url, params)
    cached = [_get(client, url, params) for _ in range(requests)]
    return {
        "dashboard_uncached_p95_ms": round(p95(uncached), 1),
        "dashboard_cached_p95_ms": round(p95(cached), 1),
        "dashboard_queries": _queries(client, url, params),
    }


def run_4x(ctx) -> dict:
    client = _client(ctx["coordinator"])
    url, params = reverse("dashboard:index"), {"campaign": ctx["campaign_4x"].pk}
    _get(client, url, params)
    return {"dashboard_queries_4x": _queries(client, url, params)}
