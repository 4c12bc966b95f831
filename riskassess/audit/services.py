"""The one way to write to the audit trail."""

from typing import Any

from django.http import HttpRequest

from riskassess.audit.models import AuditEvent


def _client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_log(
    *,
    action: str,
    actor=None,
    obj: Any = None,
    object_type: str = "",
    object_id: str = "",
    summary: str = "",
    data: dict | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        action=action,
        actor=actor,
        actor_name=getattr(actor, "username", "") if actor else "",
        object_type=object_type,
        object_id=object_id,
        summary=summary[:500],
        data=data or {},
        ip_address=_client_ip(request),
        request_id=getattr(request, "request_id", "") if request is not None else "",
    )
