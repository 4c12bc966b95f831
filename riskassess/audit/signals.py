"""Logins, logouts, failed logins and lockouts in the audit trail (connected in AuditConfig.ready)."""

import logging

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log

logger = logging.getLogger(__name__)


def _username_tried(credentials: dict | None) -> str:
    field = get_user_model().USERNAME_FIELD
    return str((credentials or {}).get(field, "") or (credentials or {}).get("username", ""))[:150]


def _user_by_name(username: str):
    if not username:
        return None
    return get_user_model().objects.filter(**{get_user_model().USERNAME_FIELD: username}).first()


@receiver(user_logged_in, dispatch_uid="start_session_clocks")
def start_session_clocks(sender, request, user, **kwargs):
    """The 12-hour and 30-minute session limits count from here (SessionLimitsMiddleware)."""
    if request is not None and hasattr(request, "session"):
        from riskassess.accounts.middleware import session_mark_login

        session_mark_login(request)


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def audit_user_logged_in(sender, request, user, **kwargs):
    audit_log(
        action=AuditEvent.Action.LOGIN, actor=user, obj=user, summary=f"{user.username} logged in", request=request
    )


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def audit_user_logged_out(sender, request, user, **kwargs):
    if user is None:  # the session had already ended
        return
    audit_log(
        action=AuditEvent.Action.LOGOUT, actor=user, obj=user, summary=f"{user.username} logged out", request=request
    )


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def audit_user_login_failed(sender, credentials, request=None, **kwargs):
    username = _username_tried(credentials)
    user = _user_by_name(username)
    locked = bool(getattr(request, "axes_locked_out", False))
    audit_log(
        action=AuditEvent.Action.LOGIN_FAILED,
        object_type="accounts.user" if user else "",
        object_id=str(user.pk) if user else "",
        summary=f"failed login as {username!r}" + (" (locked out)" if locked else ""),
        data={"username": username, "locked_out": locked},
        request=request,
    )


@receiver(user_locked_out, dispatch_uid="audit_user_locked_out")
def audit_user_locked_out(sender, request, username=None, ip_address=None, **kwargs):
    username = (username or "")[:150]
    user = _user_by_name(username)
    audit_log(
        action=AuditEvent.Action.LOGIN_FAILED,
        object_type="accounts.user" if user else "",
        object_id=str(user.pk) if user else "",
        summary=f"login locked out for {username!r} after repeated failures",
        data={"username": username, "lockout": True, "ip_address": ip_address},
        request=request,
    )
