"""The Redis cache backend, with Redis being down treated as a cache miss.

Everything riskassess keeps in the cache can be recomputed: dashboard aggregates and their
generation numbers, API tokens, the worker status of /healthz. Django's RedisCache raises
redis.ConnectionError from every call, so with Redis down a submission (whose signals bump the
dashboard generation) or any API request (token cache) failed with a 500, although the database
had everything needed. This backend logs the outage and answers as an empty cache instead: reads
miss, writes do nothing.

Staleness when Redis comes back: a restarted Redis is empty (it keeps nothing on disk here), so
no stale entry survives. After a network cut with Redis still holding its data, a bump or
forget that was lost leaves an old entry until its timeout (dashboard: 15 minutes, API tokens:
API_TOKEN_CACHE_SECONDS); the log says when that happened.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient

logger = logging.getLogger(__name__)

# One warning per this many seconds of outage, not one per request.
_LOG_EVERY_SECONDS = 30


class ReusedRedisCacheClient(RedisCacheClient):
    """Django's client makes a new redis.Redis for every cache call (its table of some 170 reply
    callbacks built each time: 0.75 ms of a 3 ms API read on 2 cores). One per connection pool
    instead: a redis.Redis is safe to share, each command takes a connection from the pool."""

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]  # Django's, untyped
        clients = self.__dict__.setdefault("_clients", {})
        client = clients.get(id(pool))
        if client is None:
            client = clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class TolerantRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedRedisCacheClient

    def _down(self, operation: str, exc: Exception, default=None):
        now = time.monotonic()
        if now - TolerantRedisCache._last_logged >= _LOG_EVERY_SECONDS:
            TolerantRedisCache._last_logged = now
            logger.warning("cache unreachable (%s: %s): serving without it", operation, exc)
        return default

    def _errors(self):
        lib = self._cache._lib  # type: ignore[attr-defined]  # the redis module, as Django's client loads it
        return (lib.ConnectionError, lib.TimeoutError)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().add(key, value, timeout, version)
        except self._errors() as exc:
            return self._down("add", exc, False)

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except self._errors() as exc:
            return self._down("get", exc, default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            super().set(key, value, timeout, version)
        except self._errors() as exc:
            self._down("set", exc)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except self._errors() as exc:
            return self._down("touch", exc, False)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except self._errors() as exc:
            logger.error("cache unreachable: %s not deleted, it stays until its timeout", key)
            return self._down("delete", exc, False)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except self._errors() as exc:
            return self._down("get_many", exc, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except self._errors() as exc:
            return self._down("has_key", exc, False)

    def incr(self, key, delta=1, version=None):
        """With Redis down, 0: the caller's generation bump is lost (see the module docstring)."""
        try:
            return super().incr(key, delta, version)
        except self._errors() as exc:
            logger.error("cache unreachable: %s not incremented", key)
            return self._down("incr", exc, 0)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except self._errors() as exc:
            return self._down("set_many", exc, list(data))

    def delete_many(self, keys, version=None):
        keys = list(keys)
        try:
            return super().delete_many(keys, version)
        except self._errors() as exc:
            logger.error("cache unreachable: %s not deleted, they stay until their timeout", ", ".join(keys))
            return self._down("delete_many", exc)

    def clear(self):
        try:
            return super().clear()
        except self._errors() as exc:
            return self._down("clear", exc, False)
