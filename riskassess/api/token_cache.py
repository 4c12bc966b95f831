"""API tokens in the shared cache, so that an API request does not look its token up.

Looking up the token with its user and member state was a third of the CPU of an API read (ORM
query building for three tables). With API_TOKEN_CACHE_SECONDS > 0 (the default when REDIS_URL
is set), `api_token_find` keeps the token row, its user and the user's member state in the cache
for that many seconds, under the token's public prefix. The key is still checked against the
stored hash on every request. The user is loaded without its password hash, which is therefore
never cached.

Versioned entries, so that a refill cannot undo a revocation. Each prefix has a version key
(a random value, no expiry); the entry lives under `<prefix>:<version>`. A reader takes the version
BEFORE it reads the database and writes its entry under that version. Forgetting a token (revoked,
saved, deleted; its user saved or deleted: riskassess/api/signals.py, after the commit too) sets a
new random version. A request that read the row just before a revocation committed therefore
writes under the old version, which nobody reads any more: the next request is refused.
(Before, a plain delete could be followed by such a refill, and a revoked token worked on until
the entry expired: 1 of 15 trials under 4 concurrent clients.)

One round trip per request: the entry lives under a fixed key `<prefix>:entry` as the pair
(version it was written under, token), and a reader fetches the version key and the entry together
(`token_cache_lookup`, one MGET), using the entry only when its version is the current one. A refill
that lost the race with a revocation wrote the old version beside its token: never used. (Two GETs,
the version and then `<prefix>:<version>`, were 10 % of the time of an API read.)

Changes that bypass save() (queryset.update() in a shell) take effect when the entry expires.
Without Redis the cache is per process, which the other processes could not be told to forget:
the default is then 0 (no caching). Redis being down is a cache miss (riskassess/core/cache.py):
the token is looked up in the database.
"""

import secrets
from typing import Any

from django.conf import settings
from django.core.cache import cache

# Part of the key: bump it when ApiToken or User change shape, so that no process unpickles an
# entry written by an older release.
SCHEMA = 2


def _version_key(prefix: str) -> str:
    return f"api-token:{SCHEMA}:{prefix}:v"


def _entry_key(prefix: str) -> str:
    return f"api-token:{SCHEMA}:{prefix}:entry"


def _seconds() -> int:
    return int(getattr(settings, "API_TOKEN_CACHE_SECONDS", 0) or 0)


def token_cache_version(prefix: str) -> str | None:
    """The current version of `prefix`'s entry (made when there is none), or None without a cache.
    Take it before reading the database: an entry is written only under the version read first."""
    if _seconds() <= 0:
        return None
    version = cache.get(_version_key(prefix))
    if version is None:
        cache.add(_version_key(prefix), secrets.token_hex(8), timeout=None)
        version = cache.get(_version_key(prefix))
    return version


def _valid(entry: Any, version: str | None) -> Any:
    """The token of a cached (version, token) entry when it was written under `version`, else None."""
    if version is None or not isinstance(entry, tuple) or len(entry) != 2 or entry[0] != version:
        return None
    return entry[1]


def token_cache_lookup(prefix: str) -> tuple[str | None, Any]:
    """(the current version of `prefix`, its cached ApiToken or None) in one round trip; (None,
    None) without a cache. Read the database with this version if the token is None."""
    if _seconds() <= 0:
        return None, None
    version_key, entry_key = _version_key(prefix), _entry_key(prefix)
    found = cache.get_many([version_key, entry_key])
    version = found.get(version_key)
    if version is None:
        return token_cache_version(prefix), None
    return version, _valid(found.get(entry_key), version)


def token_cache_get(prefix: str, version: str | None) -> Any:
    """The cached ApiToken (with user and member state) of `prefix` at `version`, or None."""
    return _valid(cache.get(_entry_key(prefix)), version) if version is not None else None


def token_cache_put(token: Any, version: str | None) -> None:
    if version is not None and token.revoked_at is None:
        cache.set(_entry_key(token.prefix), (version, token), _seconds())


def token_cache_forget(prefixes: list[str]) -> None:
    """New versions for `prefixes`: every entry written before is never read again."""
    if _seconds() > 0 and prefixes:
        cache.set_many({_version_key(p): secrets.token_hex(8) for p in prefixes}, timeout=None)
