"""Operators (reference data per member state) for EU coordinators; imports and Toolbox entries read only."""

from typing import Any

from django.contrib import admin

from riskassess.core.admin_site import CoordinatorAdmin
from riskassess.networks.models import InventoryImport, Operator, ToolboxMeasureStatus


@admin.register(Operator)
class OperatorAdmin(CoordinatorAdmin):
    list_display = ("name", "code", "member_state", "is_active")
    list_filter = ("member_state", "is_active")
    search_fields = ("name", "code")


class ReadOnlyAdmin(CoordinatorAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(InventoryImport)
class InventoryImportAdmin(ReadOnlyAdmin):
    list_display = ("id", "member_state", "filename", "rows", "created_by", "created_at")
    list_filter = ("member_state",)


@admin.register(ToolboxMeasureStatus)
class ToolboxMeasureStatusAdmin(ReadOnlyAdmin):
    list_display = ("member_state", "measure", "status", "review", "entered_by", "reviewed_by", "entered_at")
    list_filter = ("member_state", "measure", "status", "review")
