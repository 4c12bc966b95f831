"""The app's own 404 and 500 pages also with DEBUG on (as under `make run`), instead of Django's
technical pages that list every URL or show a traceback to whoever is looking. The traceback is
still logged; set DJANGO_DEBUG_ERROR_PAGES=True to see Django's pages while developing."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views import defaults

_TECHNICAL_MARKER = b"DEBUG = True"


class BrandedErrorPagesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not settings.DEBUG or getattr(settings, "DEBUG_ERROR_PAGES", False):
            return response
        if response.status_code not in (404, 500) or request.path.startswith("/api/"):
            return response
        if not response.get("Content-Type", "").startswith("text/html") or getattr(response, "streaming", False):
            return response
        if _TECHNICAL_MARKER not in response.content:
            return response
        if response.status_code == 404:
            return defaults.page_not_found(request, exception=None)
        return defaults.server_error(request)
