"""Member states, and EU users, for EU coordinators.

Accounts under the right authority (riskassess/accounts/services.py): coordinators see, create and
change only EU accounts (coordinators, observers) here; national accounts are managed by their own
member state's account managers at /accounts/manage/ and are not even listed (404 on their URLs).
Nobody sets another person's password in the admin: new accounts get an enrolment link (the add
page sends coordinators to /accounts/manage/). Superusers (command line only) see everything.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy

from riskassess.accounts.models import EU_ROLES, MemberState, User
from riskassess.core.admin_site import CoordinatorAdmin


@admin.register(MemberState)
class MemberStateAdmin(CoordinatorAdmin):
    list_display = ("name", "eu_code", "iso_code", "authority_name", "protocol_order")
    search_fields = ("name", "eu_code", "iso_code", "authority_name")
    ordering = ("protocol_order", "name")


@admin.register(User)
class UserAdmin(CoordinatorAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "member_state", "is_active", "last_login")
    list_filter = ("role", "is_active")
    list_select_related = ("member_state",)
    search_fields = ("username", "first_name", "last_name", "email")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username",)}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Membership", {"fields": ("role", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    # Superuser and staff flags, model permissions and passwords are not offered: flags are set on
    # the command line, passwords only by their owner through an enrolment link.
    readonly_fields = ("role", "last_login", "date_joined")

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(role__in=EU_ROLES).exclude(is_superuser=True)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context=None) -> HttpResponse:
        return redirect("accounts")  # created with an enrolment link, by the account's authority

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        raise Http404  # nobody sets another person's password

    @admin.display(description=gettext_lazy("Name"))
    def get_full_name(self, obj):
        return obj.get_full_name()
