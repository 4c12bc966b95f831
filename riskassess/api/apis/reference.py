"""Reference data: member states, suppliers, template versions, campaigns, designations."""

import datetime as dt

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers
from rest_framework.filters import OrderingFilter
from rest_framework.response import Response

from riskassess.accounts.models import MemberState
from riskassess.api.apis.common import ApiView, ReadOnlyViewSet
from riskassess.api.filters import CampaignFilter, SupplierFilter, TemplateVersionFilter
from riskassess.dashboard.filters import DashboardFilters
from riskassess.dashboard.selectors import designations_register
from riskassess.questionnaires.models import Campaign, TemplateVersion
from riskassess.questionnaires.template_versions import template_version_export
from riskassess.suppliers.models import Product, Supplier


class MemberStateOutput(serializers.ModelSerializer):
    class Meta:
        model = MemberState
        fields = ["id", "iso_code", "eu_code", "name", "authority_name"]


@extend_schema_view(
    list=extend_schema(summary="List the member states", tags=["reference"]),
    retrieve=extend_schema(summary="One member state", tags=["reference"]),
)
class MemberStateViewSet(ReadOnlyViewSet):
    queryset = MemberState.objects.all()
    serializer_class = MemberStateOutput
    filter_backends = [OrderingFilter]
    ordering_fields = ["name", "eu_code", "protocol_order"]
    ordering = ["protocol_order", "name"]


class ProductOutput(serializers.ModelSerializer):
    asset_class: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Product
        fields = ["id", "name", "asset_class"]


class SupplierOutput(serializers.ModelSerializer):
    aliases = serializers.ListField(child=serializers.CharField())
    products = ProductOutput(many=True, read_only=True)

    class Meta:
        model = Supplier
        fields = [
            "id",
            "name",
            "slug",
            "legal_entity",
            "lei",
            "hq_country",
            "parent_group",
            "aliases",
            "named_in_2023_communication",
            "is_active",
            "merged_into",
            "products",
        ]


@extend_schema_view(
    list=extend_schema(summary="List the suppliers", tags=["reference"]),
    retrieve=extend_schema(summary="One supplier, with its products", tags=["reference"]),
)
class SupplierViewSet(ReadOnlyViewSet):
    queryset = Supplier.objects.prefetch_related(
        Prefetch("products", queryset=Product.objects.select_related("asset_class").order_by("name"))
    )
    serializer_class = SupplierOutput
    filterset_class = SupplierFilter
    ordering_fields = ["name", "hq_country", "created_at"]
    ordering = ["name"]


class TemplateVersionOutput(serializers.ModelSerializer):
    template: serializers.SlugRelatedField = serializers.SlugRelatedField(slug_field="key", read_only=True)
    name = serializers.CharField(source="template.name", read_only=True)
    rules_version = serializers.CharField(read_only=True)

    class Meta:
        model = TemplateVersion
        fields = ["id", "template", "name", "version", "status", "rules_version", "rules_hash", "published_at"]


class TemplateVersionDetailOutput(TemplateVersionOutput):
    definition = serializers.JSONField(help_text="The validated template: sections, questions and scoring rules.")

    class Meta(TemplateVersionOutput.Meta):
        fields = [*TemplateVersionOutput.Meta.fields, "definition"]


def template_versions_visible_to(user):
    """Published versions for everybody; drafts only for EU coordinators (who import them)."""
    qs = TemplateVersion.objects.select_related("template")
    if getattr(user, "is_coordinator", False):
        return qs
    return qs.filter(status=TemplateVersion.Status.PUBLISHED)


@extend_schema_view(
    list=extend_schema(summary="List the questionnaire template versions", tags=["reference"]),
    retrieve=extend_schema(
        summary="One template version, with its questions and scoring rules",
        tags=["reference"],
        responses=TemplateVersionDetailOutput,
    ),
)
class TemplateVersionViewSet(ReadOnlyViewSet):
    filterset_class = TemplateVersionFilter
    ordering_fields = ["created_at", "version"]
    ordering = ["template__key", "-created_at"]

    def get_queryset(self):
        qs = template_versions_visible_to(self.request.user)
        if self.action == "list":
            qs = qs.defer("definition")
        return qs

    def get_serializer_class(self):
        return TemplateVersionDetailOutput if self.action == "retrieve" else TemplateVersionOutput


class TemplateVersionExportApi(ApiView):
    @extend_schema(
        summary="Export a template version as its YAML file",
        tags=["reference"],
        responses={
            (200, "application/yaml"): OpenApiResponse(
                OpenApiTypes.OBJECT, description="The template file (docs/questionnaire-format.md)."
            )
        },
    )
    def get(self, request, pk: int):
        version = get_object_or_404(template_versions_visible_to(request.user), pk=pk)
        text = template_version_export(template_version=version)
        response = HttpResponse(text, content_type="application/yaml; charset=utf-8")
        filename = f"{version.template.key}-{version.version}.yaml".replace('"', "")
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class CampaignOutput(serializers.ModelSerializer):
    your_deadline = serializers.SerializerMethodField(
        help_text="The deadline that applies to your member state: the campaign's, or the date a coordinator "
        "extended it to for your state; null for EU users."
    )

    class Meta:
        model = Campaign
        fields = ["id", "name", "slug", "template_version", "opens_on", "deadline", "your_deadline", "status"]

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_your_deadline(self, campaign: Campaign) -> dt.date | None:
        user = self.context["request"].user
        if not user.is_national:
            return None
        extended = {e.member_state_id: e.deadline for e in campaign.state_deadlines.all()}
        return extended.get(user.member_state_id, campaign.deadline)


@extend_schema_view(
    list=extend_schema(summary="List the campaigns", tags=["reference"]),
    retrieve=extend_schema(summary="One campaign", tags=["reference"]),
)
class CampaignViewSet(ReadOnlyViewSet):
    queryset = Campaign.objects.prefetch_related("state_deadlines")
    serializer_class = CampaignOutput
    filterset_class = CampaignFilter
    ordering_fields = ["opens_on", "deadline", "name"]
    ordering = ["-opens_on"]


class DesignationRegisterApi(ApiView):
    """The register as the dashboard shows it (riskassess.dashboard.selectors.designations_register)."""

    class OutputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=["designation", "aggregate"],
            help_text="designation: one state's decision; aggregate: n confidential designations of other "
            "states (only where at least 3 states hold that status), no state named.",
        )
        supplier_id = serializers.IntegerField()
        supplier_name = serializers.CharField()
        member_state = serializers.CharField(allow_blank=True, help_text="EU code; empty for an aggregate.")
        status = serializers.CharField()
        status_label = serializers.CharField()
        legal_instrument = serializers.CharField(allow_blank=True)
        decided_on = serializers.DateField(allow_null=True)
        asset_classes = serializers.ListField(child=serializers.CharField())
        phase_out = serializers.DictField(child=serializers.CharField(), help_text="{asset class: date}")
        confidential = serializers.BooleanField()
        appeal_status = serializers.CharField(allow_blank=True)
        count = serializers.IntegerField()

    @extend_schema(
        summary="The designations register",
        description="Public designations of every member state and all designations of your own state. "
        "Confidential designations of other states are never listed one by one.",
        tags=["reference"],
        parameters=[
            OpenApiParameter("supplier", OpenApiTypes.INT, description="Only this supplier (id)."),
            OpenApiParameter("member_state", OpenApiTypes.INT, description="Only this member state (id)."),
        ],
        responses=OutputSerializer(many=True),
    )
    def get(self, request):
        query = request.query_params
        filters = DashboardFilters.from_query(
            {"supplier": query.get("supplier"), "member_state": query.get("member_state")}
        )
        rows = [
            {**row, "phase_out": dict(row["phase_out"])}
            for row in designations_register(viewer=request.user, filters=filters)
        ]
        return Response(self.OutputSerializer(rows, many=True).data)
