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
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.utils.translation import gettext_lazy


def is_admin_user(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or getattr(user, "is_coordinator", False))
    )


def _valid_keys(field, values) -> list:
    """The values that are keys of `field`'s target (a posted "%00" or "abc" for an integer key is
    dropped): Django's autocomplete widget looks the posted values up and fails with ValueError."""
    from django.core.exceptions import ValidationError

    target = field.target_field
    kept = []
    for value in values:
        try:
            prepared = target.get_prep_value(target.to_python(value))
        except (ValidationError, ValueError, TypeError, OverflowError):
            continue
        if isinstance(prepared, int) and not -(2**63) <= prepared < 2**63:
            continue
        kept.append(value)
    return kept


class _TolerantAutocompleteSelect(AutocompleteSelect):
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, _valid_keys(self.field, value), attr)


class RiskassessAdminSite(admin.AdminSite):
    site_header = gettext_lazy("riskassess administration")
    site_title = gettext_lazy("riskassess administration")
    index_title = gettext_lazy("Suppliers, questionnaires, campaigns, users and the audit trail")

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


_DATE_PARTS = {"year": (1, 9999), "month": (1, 12), "day": (1, 31)}


def date_hierarchy_is_valid(model_admin: admin.ModelAdmin, request) -> bool:
    """Whether the date-hierarchy filters of the query (`at__year=...`) are real dates: a year
    such as 99999999999999999999 made the changelist fail with OverflowError (a 500)."""
    field = model_admin.date_hierarchy
    if not field:
        return True
    for part, (low, high) in _DATE_PARTS.items():
        value = request.GET.get(f"{field}__{part}")
        if value is not None and not (value.isascii() and value.isdigit() and low <= int(value[:6]) <= high):
            return False
    return True


class CoordinatorAdmin(admin.ModelAdmin):
    """Full access for coordinators and superusers, nothing for anyone else."""

    def changelist_view(self, request, extra_context=None):
        if not date_hierarchy_is_valid(self, request):
            from django.contrib.admin.views.main import ERROR_FLAG
            from django.http import HttpResponseRedirect

            # What Django does for any other wrong filter: the unfiltered list, flagged.
            return HttpResponseRedirect(request.path + "?" + ERROR_FLAG + "=1")
        return super().changelist_view(request, extra_context)

    def get_changeform_initial_data(self, request):
        """Initial values from the query string (?supplier=3), without those that are not ids of
        their field: the autocomplete widget looked `?supplier=abc` up and failed with ValueError."""
        from django.core.exceptions import FieldDoesNotExist, ValidationError

        initial = super().get_changeform_initial_data(request)
        for name in list(initial):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not field.is_relation or field.target_field is None:
                continue
            values = initial[name] if isinstance(initial[name], list) else [initial[name]]
            try:
                for value in values:
                    prepared = field.target_field.get_prep_value(field.target_field.to_python(value))
                    if isinstance(prepared, int) and not -(2**63) <= prepared < 2**63:
                        raise OverflowError(value)
            except (ValidationError, ValueError, TypeError, OverflowError):
                del initial[name]
        return initial

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = _TolerantAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

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
