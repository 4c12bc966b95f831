"""The Django admin, for EU coordinators (and superusers) only.

Anyone else who is logged in gets 404 at every /admin/ URL, as for any object they may not see;
an anonymous visitor is sent to the normal login page (coordinators log in there, with their second
factor), never to an admin login form.

Coordinators are not Django "staff" with model permissions: the ModelAdmins of riskassess derive
from CoordinatorAdmin, which grants them view / add / change / delete by role (ReadOnlyAdmin: view
only, for the audit trail).
"""

from functools import update_wrapper

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.http import Http404


def is_admin_user(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or getattr(user, "is_coordinator", False))
    )


class RiskassessAdminSite(admin.AdminSite):
    site_header = "riskassess administration"
    site_title = "riskassess administration"
    index_title = "Suppliers, questionnaires, campaigns, users and the audit trail"

    def has_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not self.has_permission(request):
                if request.user.is_authenticated:
                    raise Http404
                return redirect_to_login(request.get_full_path())
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)

    def login(self, request, extra_context=None):
        if request.user.is_authenticated and not self.has_permission(request):
            raise Http404
        return redirect_to_login(request.GET.get("next") or request.get_full_path().replace("login/", "", 1))


class CoordinatorAdmin(admin.ModelAdmin):
    """Full access for coordinators and superusers, nothing for anyone else."""

    def has_module_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_add_permission(self, request) -> bool:
        return is_admin_user(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_admin_user(request.user)


class ReadOnlyAdmin(CoordinatorAdmin):
    """Viewable by coordinators, never added to, changed or deleted through the admin."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
