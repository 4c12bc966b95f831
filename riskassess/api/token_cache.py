"""API tokens in the shared cache, so that an API request does not look its token up.

Looking up the token with its user and member state was a third of the CPU of an API read (ORM
query building for three tables). With API_TOKEN_CACHE_SECONDS > 0 (the default when REDIS_URL
is set), `api_token_find` keeps the token row, its user and the user's member state in the cache
for that many seconds, under the token's public prefix. The key is still checked against the
stored hash on every request. The user is loaded without its password hash, which is therefore
never cached.

The entry is forgotten when:
- the token is saved or deleted (revoked: riskassess.api.services.api_token_revoke saves it);
- its user is saved or deleted (deactivated, role or member state changed; riskassess/api/signals.py).
Changes that bypass save() (queryset.update() in a shell) take effect when the entry expires.
A request that read the token just before a revocation committed can put it back; it then
expires within API_TOKEN_CACHE_SECONDS.

Without Redis the cache is per process, which the other processes could not be told to forget:
the default is then 0 (no caching). Redis being down is a cache miss (riskassess/core/cache.py):
the token is looked up in the database.
"""

from django.conf import settings
from django.core.cache import cache

# Part of the key: bump it when ApiToken or User change shape, so that no process unpickles an
# entry written by an older release.
SCHEMA = 1


def _key(prefix: str) -> str:
    return f"api-token:{SCHEMA}:{prefix}"


def _seconds() -> int:
    return int(getattr(settings, "API_TOKEN_CACHE_SECONDS", 0) or 0)


def token_cache_get(prefix: str):
    """The cached ApiToken (with user and member state) of `prefix`, or None."""
    return cache.get(_key(prefix)) if _seconds() > 0 else None


def token_cache_put(token) -> None:
    if _seconds() > 0 and token.revoked_at is None:
        cache.set(_key(token.prefix), token, _seconds())


def token_cache_forget(prefixes) -> None:
    if _seconds() > 0 and prefixes:
        cache.delete_many([_key(p) for p in prefixes])
