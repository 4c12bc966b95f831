"""The audit trail in the admin: read-only (no add, change or delete, even for superusers)."""

from django.contrib import admin

from riskassess.audit.models import AuditEvent
from riskassess.confidentiality import audit_events_for_viewer, viewer_for_user
from riskassess.core.admin_site import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "actor_name", "action", "object_type", "object_id", "summary", "ip_address")
    list_filter = ("action", "object_type", ("at", admin.DateFieldListFilter))
    search_fields = ("actor_name", "object_type", "object_id", "summary", "request_id")
    date_hierarchy = "at"
    list_select_related = ("actor",)
    fields = (
        "at",
        "actor",
        "actor_name",
        "action",
        "object_type",
        "object_id",
        "summary",
        "data",
        "ip_address",
        "request_id",
    )
    readonly_fields = fields
    show_full_result_count = False

    def get_queryset(self, request):
        # Nothing about a confidential designation or the evidence of a designation question.
        return audit_events_for_viewer(super().get_queryset(request), viewer_for_user(request.user))

    def get_actions(self, request):
        # No bulk delete either.
        return {}
