"""The supplier role is confined to the supplier portal: one rule, in one place.

A supplier user (Role.SUPPLIER) may open the supplier portal (`/supplier/...`, URL namespace
"supplier"), the supplier API (views marked `supplier_portal = True`), and the pages every login
needs (log in and out, the two-factor step, enrolment links). Everything else answers 404, in the
browser and in the API alike, whatever the page would have shown: a supplier never sees a state's
assessment, score, designation or aggregate beyond what a hearing disclosed to it. The home page
sends it to its portal.

Within the portal, `riskassess.hearings.selectors` decides which hearing and statement is its own
(404 for another supplier's).
"""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from rest_framework.exceptions import NotFound
from rest_framework.permissions import BasePermission

# URL names (outside the "supplier" namespace) a supplier user may still open.
OPEN_TO_SUPPLIERS = frozenset({"login", "logout", "otp_verify", "otp_enrol", "enrol", "healthz"})


def is_supplier_user(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", "") == "supplier")


def portal_route(request: HttpRequest) -> bool | None:
    """True for a portal route, False for another route, None when nothing resolves."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    if "supplier" in match.namespaces or match.url_name in OPEN_TO_SUPPLIERS:
        return True
    view_class = getattr(match.func, "cls", None) or getattr(match.func, "view_class", None)
    return bool(getattr(view_class, "supplier_portal", False))


class SupplierConfinementMiddleware:
    """404 for a logged-in supplier user outside the portal (API token requests are checked by
    SupplierConfinedPermission, as the token is read by DRF inside the view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_supplier_user(getattr(request, "user", None)) and not request.path_info.startswith("/static/"):
            allowed = portal_route(request)
            if allowed is False:
                if request.path_info == "/":
                    return HttpResponseRedirect(reverse("supplier:home"))
                raise Http404
        return self.get_response(request)


class SupplierConfinedPermission(BasePermission):
    """The API half of the rule (a default permission class): a supplier user reaches only the
    API views marked `supplier_portal = True`; every other answers 404."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if is_supplier_user(request.user) and not getattr(view, "supplier_portal", False):
            raise NotFound
        return True
