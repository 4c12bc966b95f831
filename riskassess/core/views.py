"""GET /healthz: is this web process able to do its work?

    {"database": "ok", "broker": "ok", "worker": "ok"}

- database: `SELECT 1` on the default connection.
- broker: with REDIS_URL, a Redis PING with a 1 s timeout; without it, the embedded broker's folder
  (kombu's filesystem transport) must be writable.
- worker: a Celery broadcast `ping`, answered by the main process of any running worker (default or
  pdf queue) within WORKER_PING_TIMEOUT. The result is cached for WORKER_STATUS_CACHE_SECONDS, so
  frequent probes do not flood the workers and a down worker costs the probe one timeout at most
  every few seconds. A ping needs no beat task and no shared store, and it works on both brokers.

Status: 503 when the database or the broker is down (this web process cannot serve). A worker that
does not answer makes the site degraded, not dead: 200 with "worker": "down", so a load balancer
or orchestrator does not restart healthy web processes for a worker problem (submissions are kept
and the sweeper re-queues them when a worker is back). Alert on "worker": "down" instead.
"""

import hashlib
import logging
import os
import tempfile

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 1.0  # seconds
WORKER_PING_TIMEOUT = 1.0  # seconds
WORKER_STATUS_CACHE_SECONDS = 10

OK, DOWN = "ok", "down"


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any failure of the database means "down"
        logger.exception("healthz: database check failed")
        return DOWN
    return OK


def _broker_status() -> str:
    if settings.REDIS_URL:
        import redis

        try:
            client = redis.Redis.from_url(
                settings.REDIS_URL, socket_timeout=BROKER_TIMEOUT, socket_connect_timeout=BROKER_TIMEOUT
            )
            try:
                client.ping()
            finally:
                client.close()
        except Exception:  # connection refused, timeout, auth error: all mean "down"
            logger.warning("healthz: Redis broker does not answer", exc_info=True)
            return DOWN
        return OK
    folder = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("data_folder_in", "")
    try:
        os.makedirs(folder, exist_ok=True)
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError:
        logger.warning("healthz: embedded broker folder %s is not writable", folder, exc_info=True)
        return DOWN
    return OK


def _worker_status() -> str:
    from riskassess.celery import app as celery_app

    broker_url = str(celery_app.conf.broker_url)
    key = "healthz:worker:" + hashlib.sha256(broker_url.encode()).hexdigest()[:16]
    try:
        cached = cache.get(key)
    except Exception:  # a cache outage must not turn into a failed health check
        cached = None
    if cached in (OK, DOWN):
        return cached
    try:
        with celery_app.connection_for_write() as conn:
            replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT, connection=conn, limit=1)
        status = OK if replies else DOWN
    except Exception:
        logger.warning("healthz: worker ping failed", exc_info=True)
        status = DOWN
    try:
        cache.set(key, status, WORKER_STATUS_CACHE_SECONDS)
    except Exception:  # noqa: S110 - caching the answer is an optimisation only
        pass
    return status


@never_cache
@require_safe
def healthz(request):
    """Database, broker and worker state; 503 when the database or the broker is down."""
    result = {"database": _database_status(), "broker": _broker_status()}
    if result["broker"] == OK:
        result["worker"] = _worker_status()
    else:
        result["worker"] = DOWN  # nothing can reach a worker without a broker
    status = 200 if result["database"] == OK and result["broker"] == OK else 503
    return JsonResponse(result, status=status)
