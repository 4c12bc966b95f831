"""Middleware of the whole site: request ids and the health check.

Both come first in settings.MIDDLEWARE.
"""

import re
import uuid

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from django.conf import settings
from django.core.signals import request_finished, setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_noop

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


class ControlCharactersMiddleware:
    """Refuses, with 400 and a plain message, any request whose path, query string or body (form
    fields, JSON strings and keys) holds NUL or another control character (riskassess/core/text.py).
    One check at the edge, so that no view, serializer or database sees them (PostgreSQL refuses
    NUL in text with a DataError: a 500). Uploaded files are judged by their own checks."""

    MESSAGE = gettext_noop("The request contains control characters (such as NUL), which are not accepted in text.")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._refused(request):
            return self._bad_request(request)
        return self.get_response(request)

    def _refused(self, request: HttpRequest) -> bool:
        import json
        from urllib.parse import unquote_to_bytes

        from django.http.multipartparser import MultiPartParserError

        from riskassess.core.text import control_characters, has_control_characters

        if control_characters(request.path_info):
            return True
        query = request.META.get("QUERY_STRING", "")
        if query and control_characters(unquote_to_bytes(query.replace("+", " ")).decode("utf-8", "replace")):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        content_type = request.content_type or ""
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                fields = request.POST
            except MultiPartParserError:
                return False  # the view answers 400 for a broken body
            return any(control_characters(k) or any(control_characters(v) for v in fields.getlist(k)) for k in fields)
        if content_type == "application/json" or content_type.endswith("+json"):
            try:
                body = request.body
                return has_control_characters(json.loads(body)) if body else False
            except (ValueError, RecursionError):
                return False  # not JSON: the parser says so with its own 400
        return False

    def _bad_request(self, request: HttpRequest) -> HttpResponse:
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        message = _(self.MESSAGE)
        if request.path_info.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response to an authenticated request (a session user or
    an API token), downloads included: no browser, proxy or shared computer keeps a copy of
    national data. Responses that set their own `no-store` are left alone; anonymous pages (the
    login page, static files) keep their caching."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        authenticated = bool(user is not None and user.is_authenticated) or "HTTP_AUTHORIZATION" in request.META
        if authenticated and "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store, private"
        return response


_CSP_HEADERS = (
    (HEADER, "CONTENT_SECURITY_POLICY", "_csp_exempt"),
    (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", "_csp_exempt_ro"),
)
_CSP_OVERRIDES = ("_csp_config", "_csp_update", "_csp_replace", "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, the same headers, built once per process for the responses that
    need no nonce and change nothing of the policy (every API response, most pages). django-csp
    builds both policies again for every response (a deep copy of the settings and a join of
    each directive: about a tenth of the CPU of an API read). A response with a nonce or with a
    decorator's change of the policy goes through django-csp as before; changed settings (tests)
    empty the memo."""

    _memo: dict[str, str] = {}

    def process_response(self, request, response):
        if response.status_code in (500, 404) and settings.DEBUG:
            return response  # django-csp leaves the debug pages alone
        if getattr(request, "_csp_nonce", None) is not None or any(
            getattr(response, name, None) is not None for name in _CSP_OVERRIDES
        ):
            return super().process_response(request, response)
        if not self._memo:
            plain = HttpResponse()
            super().process_response(HttpRequest(), plain)
            self._memo.update({h: plain[h] for h in (HEADER, HEADER_REPORT_ONLY) if h in plain})
            self._memo.setdefault("", "")  # built, even when neither header is set
        for header, setting, exempt in _CSP_HEADERS:
            value = self._memo.get(header)
            if not value or header in response or getattr(response, exempt, False):
                continue
            prefixes = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES", None) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = value
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


@receiver(setting_changed)
def _forget_csp_memo(*, setting, **kwargs) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY") or setting == "DEBUG":
        ContentSecurityPolicyMiddleware._memo.clear()
