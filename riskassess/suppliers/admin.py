"""Suppliers, products, asset classes and the designations register, for EU coordinators."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, gettext_lazy, ngettext

from riskassess.confidentiality import designations_for_viewer, viewer_for_user
from riskassess.core.admin_site import CoordinatorAdmin, is_admin_user
from riskassess.core.exceptions import ApplicationError
from riskassess.dashboard.admin import DashboardInputAdmin
from riskassess.suppliers.models import AssetClass, Designation, Product, Supplier
from riskassess.suppliers.services import supplier_merge


@admin.register(AssetClass)
class AssetClassAdmin(CoordinatorAdmin):
    list_display = ("name", "code", "is_key_asset", "order")
    list_filter = ("is_key_asset",)
    search_fields = ("name", "code")


class ProductInline(admin.TabularInline):
    model = Product
    extra = 0
    fields = ("name", "asset_class")
    autocomplete_fields = ("asset_class",)

    def has_view_permission(self, request, obj=None):
        return is_admin_user(request.user)

    def has_add_permission(self, request, obj=None):
        return is_admin_user(request.user)

    def has_change_permission(self, request, obj=None):
        return is_admin_user(request.user)

    def has_delete_permission(self, request, obj=None):
        return is_admin_user(request.user)


@admin.action(description=gettext_lazy("Merge duplicates into one supplier"))
def merge_duplicates_action(modeladmin, request, queryset):
    """Two steps: choose the supplier to keep among the selected ones, then merge the others into it."""
    suppliers = list(queryset.order_by("name"))
    if len(suppliers) < 2:
        modeladmin.message_user(request, gettext("Select at least two suppliers to merge."), level=messages.WARNING)
        return None
    keep_id = request.POST.get("keep")
    if request.POST.get("apply") and keep_id:
        keep = next((s for s in suppliers if str(s.pk) == keep_id), None)
        if keep is None:
            modeladmin.message_user(
                request, gettext("Choose the supplier to keep among the selected ones."), messages.ERROR
            )
            return None
        try:
            supplier_merge(keep=keep, duplicates=[s for s in suppliers if s.pk != keep.pk], user=request.user)
        except ApplicationError as e:
            details = " ".join(m for messages_ in e.errors.values() for m in messages_)
            modeladmin.message_user(request, f"{e.message} {details}".strip(), level=messages.ERROR)
            return None
        modeladmin.message_user(
            request,
            ngettext(
                "Merged %(count)s supplier into %(name)s.",
                "Merged %(count)s suppliers into %(name)s.",
                len(suppliers) - 1,
            )
            % {"count": len(suppliers) - 1, "name": keep.name},
            level=messages.SUCCESS,
        )
        return None
    return TemplateResponse(
        request,
        "admin/suppliers/supplier/merge.html",
        {
            **modeladmin.admin_site.each_context(request),
            "title": gettext("Merge duplicate suppliers"),
            "suppliers": suppliers,
            "opts": modeladmin.model._meta,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        },
    )


@admin.register(Supplier)
class SupplierAdmin(DashboardInputAdmin):
    list_display = ("name", "hq_country", "parent_group", "lei", "aliases_display", "is_active", "merged_into")
    list_filter = ("is_active", "hq_country", "named_in_2023_communication")
    list_select_related = ("merged_into",)
    search_fields = ("name", "legal_entity", "lei", "parent_group", "slug")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("merged_into",)
    inlines = [ProductInline]
    actions = [merge_duplicates_action]

    @admin.display(description=gettext_lazy("Aliases"))
    def aliases_display(self, obj):
        return ", ".join(obj.aliases or []) or "—"


@admin.register(Product)
class ProductAdmin(CoordinatorAdmin):
    list_display = ("name", "supplier", "asset_class")
    list_filter = ("asset_class",)
    list_select_related = ("supplier", "asset_class")
    search_fields = ("name", "supplier__name")
    autocomplete_fields = ("supplier", "asset_class")


@admin.register(Designation)
class DesignationAdmin(DashboardInputAdmin):
    """Public designations only: a confidential one is never attributed outside its member state,
    and answers here exactly as a row that does not exist (riskassess.confidentiality).

    Read only: a designation is derived from the restriction register (riskassess.register)."""

    list_display = ("supplier", "member_state", "status", "decided_on", "legal_instrument")
    list_filter = ("status", "member_state")
    list_select_related = ("supplier", "member_state")
    search_fields = ("supplier__name", "member_state__name", "legal_instrument")
    autocomplete_fields = ("supplier",)
    filter_horizontal = ("asset_classes",)
    readonly_fields = ("source_assessment",)

    def get_queryset(self, request):
        return designations_for_viewer(super().get_queryset(request), viewer_for_user(request.user))

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
