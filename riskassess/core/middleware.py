"""Middleware of the whole site: request ids and the health check.

Both come first in settings.MIDDLEWARE.
"""

import re
import uuid

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

from riskassess.core.logging import request_id_var

REQUEST_ID_HEADER = "X-Request-ID"
# An id from outside (a proxy, a client) is kept only when it is short and plain, so it can neither
# forge log lines nor overflow the audit column; anything else is replaced by a fresh one.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


class RequestIdMiddleware:
    """Takes X-Request-ID or makes one (uuid4 hex), sets `request.request_id`, returns it in the
    response header, and makes it the `request_id` of every log record made during the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = incoming if _VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]  # read by the log filter and views
        # Cleared on request_finished, not here: Django logs 4xx/5xx responses after the middleware
        # chain has returned, and those lines need the id too.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _clear_request_id(**kwargs) -> None:
    request_id_var.set("-")


request_finished.connect(_clear_request_id, dispatch_uid="riskassess_clear_request_id")


class HealthCheckMiddleware:
    """Answers GET /healthz before host validation and the HTTPS redirect.

    Container health checks and load balancers call the web process by its internal address
    (http://127.0.0.1:8000/healthz), which is neither in DJANGO_ALLOWED_HOSTS nor HTTPS. The answer
    carries no data worth protecting: the state of the database, the broker and the workers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz" and request.method in ("GET", "HEAD"):
            from riskassess.core.views import healthz

            return healthz(request)
        return self.get_response(request)


class ClientAddressMiddleware:
    """Behind settings.TRUSTED_PROXY_COUNT reverse proxies, REMOTE_ADDR is the nearest proxy's address:
    take the client's from X-Forwarded-For instead, counting that many entries from the right (the
    ones our own proxies appended; anything further left was sent by the client and is not trusted).
    The login lockout (per username and address) and the audit trail then see the real client."""

    def __init__(self, get_response):
        from django.conf import settings

        self.get_response = get_response
        self.proxies = settings.TRUSTED_PROXY_COUNT

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.proxies:
            hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
            if len(hops) >= self.proxies:
                request.META["REMOTE_ADDR"] = hops[-self.proxies]
        return self.get_response(request)
