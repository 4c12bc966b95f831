"""Refused access in the audit trail.

A signed-in user who gets 404 or 403 on an object URL (a route with arguments, such as
/assessments/12/) was refused that object: another member state's assessment, a guessed id, a
forbidden action. Each such answer is recorded as "access_refused" with the path, the status and
the user. Pages without arguments (a mistyped address) are not recorded.
"""

import logging

from django.http import HttpRequest, HttpResponse

from riskassess.audit.models import AuditEvent
from riskassess.audit.services import audit_log

logger = logging.getLogger(__name__)

REFUSED_STATUSES = (403, 404)


class AccessRefusedAuditMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code in REFUSED_STATUSES:
            user = getattr(request, "user", None)
            match = getattr(request, "resolver_match", None)
            if user is not None and user.is_authenticated and match is not None and match.kwargs:
                try:
                    audit_log(
                        action=AuditEvent.Action.ACCESS_REFUSED,
                        actor=user,
                        summary=f"{request.method} {request.path} refused ({response.status_code})"[:500],
                        data={
                            "path": request.path[:1000],
                            "method": request.method,
                            "status": response.status_code,
                            "view": match.view_name,
                        },
                        request=request,
                    )
                except Exception:  # the refusal is answered even if the trail cannot be written
                    logger.exception("audit: could not record a refused access to %s", request.path)
        return response
