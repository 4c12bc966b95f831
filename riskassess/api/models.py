"""Personal API tokens.

A token is shown to its owner once, when created; only its SHA-256 is stored, with a short public
prefix so that a request's token is found by one indexed lookup. Revoked tokens stay listed (with
the date) so that their owner sees what was used when.
"""

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    # The first characters of the secret, shown in lists and used to find the row.
    prefix = models.CharField(max_length=16, unique=True)
    # hex SHA-256 of the whole key; the key itself is never stored.
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # None: never expires (only tokens made before expiry existed); new tokens always get a date.
    expires_at = models.DateTimeField(null=True, blank=True)
    # Read-only tokens are refused for every method but GET, HEAD and OPTIONS.
    read_only = models.BooleanField(default=False)
    # Created from a session that passed the second factor. With two-factor login on, only these
    # tokens work (an older token would bypass the second factor).
    created_verified = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
