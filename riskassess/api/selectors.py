"""Reads of the api app: personal API tokens."""

import hmac

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from riskassess.accounts.middleware import otp_required_for
from riskassess.api.models import ApiToken
from riskassess.api.services import api_token_hash, api_token_split
from riskassess.api.token_cache import token_cache_lookup, token_cache_put


def api_tokens_for_user(*, user) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at")


def api_token_get_for_user(*, user, pk) -> ApiToken:
    """The token `pk` of `user` (404 for anybody else's)."""
    return get_object_or_404(ApiToken, pk=pk, user=user)


def api_token_find(*, key: str) -> ApiToken | None:
    """The active, unexpired token whose key is `key`, with its user, or None. From the shared cache
    when API_TOKEN_CACHE_SECONDS > 0 (riskassess/api/token_cache.py); the key is checked either way.
    The cache version is taken before the database is read, so a refill cannot undo a revocation."""
    prefix = api_token_split(key)
    if prefix is None:
        return None
    version, token = token_cache_lookup(prefix)
    if token is None:
        token = (
            ApiToken.objects.select_related("user", "user__member_state")
            # Never read, and so never cached: the password hash stays in the database.
            .defer("user__password")
            .filter(prefix=prefix, revoked_at__isnull=True)
            .first()
        )
        if token is None:
            return None
        token_cache_put(token, version)
    token._cache_version = version  # for api_token_touch
    if token.revoked_at is not None or not hmac.compare_digest(token.key_hash, api_token_hash(key)):
        return None
    if token.expires_at is not None and token.expires_at <= timezone.now():
        return None
    return token


def api_token_refusal(*, token: ApiToken) -> str | None:
    """Why a found token may not be used by its user now, or None: its user is inactive; it was
    created before the last reset of its user's second factor; or, with two-factor login on
    (settings.OTP_REQUIRED), it was not created from a verified session."""
    user = token.user
    if not user.is_active:
        return "inactive"
    reset_at = getattr(user, "otp_reset_at", None)
    if reset_at is not None and token.created_at <= reset_at:
        return "second_factor_reset"  # whatever OTP_REQUIRED says: a reset may follow a compromise
    if settings.OTP_REQUIRED and otp_required_for(user) and not token.created_verified:
        return "unverified"
    return None


# ---------------------------------------------------------------------------------------------
# Scores and revisions as the API shows them (the assessment is already access-checked)
# ---------------------------------------------------------------------------------------------


def revisions_with_scores(*, assessment):
    from django.db.models import Prefetch

    from riskassess.questionnaires.models import Revision
    from riskassess.scoring.models import Score

    return (
        Revision.objects.filter(assessment=assessment)
        .select_related("submitted_by", "template_version")
        .defer("answers", "comments", "evidence", "template_version__definition")
        .prefetch_related(Prefetch("scores", queryset=Score.objects.order_by("-computed_at")))
        .order_by("-number")
    )


def score_for_revision(*, revision):
    return revision.scores.order_by("-computed_at").first()
