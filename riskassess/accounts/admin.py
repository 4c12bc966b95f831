"""Users, their membership (role and member state) and the member states, for EU coordinators."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from riskassess.accounts.models import MemberState, User
from riskassess.core.admin_site import CoordinatorAdmin


@admin.register(MemberState)
class MemberStateAdmin(CoordinatorAdmin):
    list_display = ("name", "eu_code", "iso_code", "authority_name", "protocol_order")
    search_fields = ("name", "eu_code", "iso_code", "authority_name")
    ordering = ("protocol_order", "name")


@admin.register(User)
class UserAdmin(CoordinatorAdmin, DjangoUserAdmin):
    list_display = ("username", "get_full_name", "email", "role", "member_state", "is_active", "last_login")
    list_filter = ("role", "member_state", "is_active")
    list_select_related = ("member_state",)
    search_fields = ("username", "first_name", "last_name", "email", "member_state__name")
    ordering = ("username",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "email")}),
        ("Membership", {"fields": ("role", "member_state", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        ("Membership", {"fields": ("role", "member_state", "email")}),
    )
    # Superuser and staff flags and model permissions are not offered: they are set on the command
    # line, never by a coordinator.
    readonly_fields = ("last_login", "date_joined")

    @admin.display(description="Name")
    def get_full_name(self, obj):
        return obj.get_full_name()
