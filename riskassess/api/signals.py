"""Forget cached API tokens (riskassess/api/token_cache.py) when the token or its user changes.

Signals, not service calls: users are changed in the admin (deactivated, role or member state
changed), outside any service of ours. The entry is forgotten at once and again after the
transaction commits, so that a request reading the old row in between does not keep it cached
for longer than its expiry.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from riskassess.api.models import ApiToken
from riskassess.api.token_cache import token_cache_forget


def _forget(prefixes: list[str]) -> None:
    if not prefixes or not getattr(settings, "API_TOKEN_CACHE_SECONDS", 0):
        return
    token_cache_forget(prefixes)
    transaction.on_commit(lambda: token_cache_forget(prefixes))


@receiver([post_save, post_delete], sender=ApiToken, dispatch_uid="api_token_cache_token")
def forget_token(sender, instance: ApiToken, **kwargs) -> None:
    _forget([instance.prefix])


@receiver([post_save, post_delete], sender=settings.AUTH_USER_MODEL, dispatch_uid="api_token_cache_user")
def forget_tokens_of_user(sender, instance, **kwargs) -> None:
    if not getattr(settings, "API_TOKEN_CACHE_SECONDS", 0) or instance.pk is None:
        return
    _forget(list(ApiToken.objects.filter(user_id=instance.pk).values_list("prefix", flat=True)))
