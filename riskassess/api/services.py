"""Writes of the api app: personal API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from riskassess.api.models import ApiToken
from riskassess.api.token_cache import token_cache_put
from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log
from riskassess.core.exceptions import ApplicationError

KEY_PREFIX = "ra_"
MAX_ACTIVE_TOKENS = 20


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_split(key: str) -> str | None:
    """The lookup prefix of a key of the form ra_<prefix>_<secret>, or None when malformed."""
    if not key.startswith(KEY_PREFIX):
        return None
    prefix, sep, secret = key[len(KEY_PREFIX) :].partition("_")
    if not sep or len(prefix) != 10 or not secret:
        return None
    return prefix


TOKEN_LIFETIMES_DAYS = (7, 30, 90, 180, 365)
DEFAULT_TOKEN_DAYS = 90


@transaction.atomic
def api_token_create(
    *,
    user,
    name: str,
    request=None,
    days: int = DEFAULT_TOKEN_DAYS,
    read_only: bool = False,
    verified: bool = False,
) -> tuple[ApiToken, str]:
    """A new token for `user`, valid `days` days, read-only if asked. Returns the row and the key,
    which is shown once and never stored. `verified`: the session that asks passed the second
    factor; with two-factor login on (settings.OTP_REQUIRED) no token is made without it."""
    from django.conf import settings

    from riskassess.accounts.middleware import otp_required_for
    from riskassess.core.text import control_characters

    name = (name or "").strip()
    if not name:
        raise ApplicationError(gettext("Give the token a name."), errors={"name": [gettext("Give the token a name.")]})
    if len(name) > 100:
        raise ApplicationError(
            gettext("The name is too long."), errors={"name": [gettext("Use at most 100 characters for the name.")]}
        )
    if control_characters(name):
        message = gettext("The name may not contain control characters. Use letters, digits, spaces and punctuation.")
        raise ApplicationError(message, errors={"name": [message]})
    if days not in TOKEN_LIFETIMES_DAYS:
        message = gettext("Choose how long the token lasts: %(days)s days.") % {
            "days": ", ".join(str(d) for d in TOKEN_LIFETIMES_DAYS)
        }
        raise ApplicationError(message, errors={"days": [message]})
    if settings.OTP_REQUIRED and otp_required_for(user) and not verified:
        message = gettext("Enter your two-factor code first: tokens are made only from a verified login.")
        raise ApplicationError(message, errors={"name": [message]}, code="unverified")
    if ApiToken.objects.filter(user=user, revoked_at__isnull=True).count() >= MAX_ACTIVE_TOKENS:
        message = ngettext(
            "You already have %(count)s active token: revoke it first.",
            "You already have %(count)s active tokens: revoke one first.",
            MAX_ACTIVE_TOKENS,
        ) % {"count": MAX_ACTIVE_TOKENS}
        raise ApplicationError(message, errors={"name": [message]})
    prefix = secrets.token_hex(5)
    key = f"{KEY_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=api_token_hash(key),
        expires_at=timezone.now() + timedelta(days=days),
        read_only=read_only,
        created_verified=verified,
    )
    audit_log(
        action=AuditEvent.Action.CREATE,
        actor=user,
        obj=token,
        summary=f"API token {name!r} created ({'read-only, ' if read_only else ''}{days} days)",
        request=request,
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken, user, request=None) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(
            action=AuditEvent.Action.DELETE,
            actor=user,
            obj=token,
            summary=f"API token {token.name!r} revoked",
            request=request,
        )
    return token


def api_token_touch(*, token: ApiToken, every_seconds: int = 60) -> None:
    """Record the use of a token, at most once a minute (one UPDATE, no read; the cached copy
    gets the new time too, or every request would write until the entry expires)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() >= every_seconds:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
        token_cache_put(token, getattr(token, "_cache_version", None))


# ---------------------------------------------------------------------------------------------
# Assessment marking (TLP): the only assessment field the API changes outside the questionnaire
# ---------------------------------------------------------------------------------------------
