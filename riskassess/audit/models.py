"""The audit trail: who did what, when (UTC), from where. Append-only: no UI edits it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        CREATE = "create", gettext_lazy("Create")
        UPDATE = "update", gettext_lazy("Update")
        DELETE = "delete", gettext_lazy("Delete")
        SUBMIT = "submit", gettext_lazy("Submit")
        APPROVE = "approve", gettext_lazy("Approve")
        RETURN = "return", gettext_lazy("Return")
        LOGIN = "login", gettext_lazy("Login")
        LOGIN_FAILED = "login_failed", gettext_lazy("Failed login")
        LOGOUT = "logout", gettext_lazy("Logout")
        ACCESS_REFUSED = "access_refused", gettext_lazy("Refused access")
        DOWNLOAD = "download", gettext_lazy("Download")
        SCORE = "score", gettext_lazy("Score")
        PUBLISH = "publish", gettext_lazy("Publish")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)  # kept when the user is deleted
    action = models.CharField(max_length=20, choices=Action.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500, blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.object_type}:{self.object_id}"
