"""The restriction register in the admin: read only. Records change through the register's
services (the register pages, the API, section D of the questionnaire, a hearing's decision),
never here; versions are immutable. Confidential records of a member state are never listed
(riskassess.confidentiality)."""

from typing import Any

from django.contrib import admin

from riskassess.confidentiality import legal_records_visible_q, viewer_for_user
from riskassess.core.admin_site import CoordinatorAdmin
from riskassess.register.models import DeadlineNotice, LegalRecord, RecordVersion


class ReadOnlyAdmin(CoordinatorAdmin):
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class VersionInline(admin.TabularInline):
    model = RecordVersion
    fields = ("number", "kind", "state", "instrument", "instrument_date", "confidential", "appeal_status", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        viewer = viewer_for_user(request.user)
        return qs if viewer.member_state_id is None and viewer.state_cells else qs.filter(confidential=False)


@admin.register(LegalRecord)
class LegalRecordAdmin(ReadOnlyAdmin):
    list_display = ("supplier", "authority_label", "current", "created_at")
    list_filter = ("eu_level", "authority_state")
    list_select_related = ("supplier", "authority_state", "current", "current__record")
    search_fields = ("supplier__name", "current__instrument")
    inlines = (VersionInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(legal_records_visible_q(viewer_for_user(request.user)))


@admin.register(RecordVersion)
class RecordVersionAdmin(ReadOnlyAdmin):
    list_display = ("record", "number", "kind", "state", "instrument_date", "created_by", "created_at")
    list_filter = ("kind", "state", "appeal_status")
    list_select_related = ("record", "record__supplier", "record__authority_state", "created_by")
    search_fields = ("record__supplier__name", "instrument", "reason")

    def get_queryset(self, request):
        viewer = viewer_for_user(request.user)
        qs = super().get_queryset(request).filter(legal_records_visible_q(viewer, prefix="record__"))
        return qs if viewer.member_state_id is None and viewer.state_cells else qs.filter(confidential=False)


@admin.register(DeadlineNotice)
class DeadlineNoticeAdmin(ReadOnlyAdmin):
    list_display = ("record", "deadline_kind", "deadline", "asset_class", "technology", "emailed_at", "read_at")
    list_select_related = ("record", "record__supplier", "record__authority_state")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(legal_records_visible_q(viewer_for_user(request.user), prefix="record__"))
        )
