"""A ModelAdmin base for the rows the dashboard aggregates (suppliers, designations, campaigns): a
save or a delete through the admin makes the dashboard cache stale, as the services do."""

from typing import Any

from django.db.models import Model, QuerySet
from django.http import HttpRequest

from riskassess.core.admin_site import CoordinatorAdmin
from riskassess.dashboard.services import dashboard_invalidate


class DashboardInputAdmin(CoordinatorAdmin):
    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # After save_model and the many-to-many fields (a designation's asset classes).
        super().save_related(request, form, formsets, change)
        dashboard_invalidate()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        dashboard_invalidate()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        dashboard_invalidate()
