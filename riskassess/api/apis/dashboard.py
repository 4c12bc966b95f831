"""EU dashboard aggregates (read-only): for EU coordinators and observers, as the dashboard pages."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response

from riskassess.api.apis.common import ApiView
from riskassess.confidentiality import may_see_state_cells, viewer_for_user
from riskassess.dashboard import cache as aggregates
from riskassess.dashboard import selectors as dashboard
from riskassess.dashboard.cache import cached_aggregate
from riskassess.dashboard.filters import BAND_KEYS, DashboardFilters
from riskassess.questionnaires.models import Campaign

FILTER_PARAMETERS = [
    OpenApiParameter("supplier", OpenApiTypes.INT, description="Only this supplier (id)."),
    OpenApiParameter("member_state", OpenApiTypes.INT, description="Only this member state (id)."),
    OpenApiParameter("asset_class", OpenApiTypes.STR, description="Only suppliers with products of this class."),
    OpenApiParameter("band", OpenApiTypes.STR, enum=list(BAND_KEYS), description="Only scores in this band."),
]


def _eu_campaign(request, pk: int) -> Campaign:
    if not (request.user.is_coordinator or request.user.is_observer):
        raise PermissionDenied(gettext("The EU dashboard is for EU coordinators and observers."))
    return get_object_or_404(Campaign, pk=pk)


class ProgressRow(serializers.Serializer):
    member_state_id = serializers.IntegerField()
    eu_code = serializers.CharField()
    name = serializers.CharField()
    expected = serializers.IntegerField()
    not_started = serializers.IntegerField()
    draft = serializers.IntegerField()
    submitted = serializers.IntegerField()
    returned = serializers.IntegerField()
    approved = serializers.IntegerField()
    late = serializers.IntegerField()
    completion = serializers.IntegerField(allow_null=True, help_text="Percent submitted or approved.")


class CampaignProgressApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        campaign = serializers.IntegerField()
        member_states = ProgressRow(many=True)
        totals = serializers.DictField(child=serializers.IntegerField(allow_null=True))

    @extend_schema(summary="Campaign progress per member state", tags=["dashboard"], responses=OutputSerializer)
    def get(self, request, pk: int):
        campaign = _eu_campaign(request, pk)

        def answer() -> dict:
            rows = dashboard.campaign_progress(campaign=campaign)
            data = {"campaign": campaign.pk, "member_states": rows, "totals": dashboard.progress_totals(rows)}
            return self.OutputSerializer(data).data

        # The same figures as the progress page, cached as its aggregates are (dashboard/cache.py).
        return Response(cached_aggregate("api_progress", campaign_id=campaign.pk, key="", compute=answer))


class SupplierTableApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        class Band(serializers.Serializer):
            key = serializers.CharField()
            label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
            count = serializers.IntegerField()

        class Section(serializers.Serializer):
            key = serializers.CharField()
            title = serializers.CharField()
            median = serializers.FloatField(allow_null=True)

        supplier_id = serializers.IntegerField()
        supplier_name = serializers.CharField()
        reporting = serializers.IntegerField(help_text="Member states that reported a score.")
        scored = serializers.IntegerField()
        suppressed = serializers.BooleanField(
            help_text="Fewer than 3 member states reported: the score figures are not given."
        )
        note = serializers.CharField(help_text="Why figures are not given, or empty.")
        designating = serializers.IntegerField(help_text="n of `designating_of` member states designate.")
        designating_of = serializers.IntegerField()
        designating_public = serializers.ListField(child=serializers.CharField())
        designating_confidential = serializers.IntegerField()
        median = serializers.FloatField(allow_null=True)
        min = serializers.FloatField(allow_null=True)
        max = serializers.FloatField(allow_null=True)
        q1 = serializers.FloatField(allow_null=True)
        q3 = serializers.FloatField(allow_null=True)
        iqr = serializers.FloatField(allow_null=True)
        bands = Band(many=True)
        sections = Section(many=True)
        restricted_asset_classes = serializers.ListField(child=serializers.CharField())
        mixed_rules = serializers.BooleanField()

    @extend_schema(
        summary="EU-wide statistics per supplier",
        tags=["dashboard"],
        parameters=FILTER_PARAMETERS,
        responses=OutputSerializer(many=True),
    )
    def get(self, request, pk: int):
        campaign = _eu_campaign(request, pk)
        filters = DashboardFilters.from_query(request.query_params)

        def answer() -> list:
            rows = aggregates.supplier_table(campaign=campaign, filters=filters)  # the page's rows
            return list(self.OutputSerializer(rows, many=True).data)

        return Response(
            cached_aggregate("api_suppliers", campaign_id=campaign.pk, key=filters.cache_key(), compute=answer)
        )


class HeatmapApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        class State(serializers.Serializer):
            id = serializers.IntegerField()
            eu_code = serializers.CharField()
            name = serializers.CharField()

        class SupplierRef(serializers.Serializer):
            id = serializers.IntegerField()
            name = serializers.CharField()

        class Cell(serializers.Serializer):
            member_state_id = serializers.IntegerField()
            supplier_id = serializers.IntegerField()
            band = serializers.CharField(help_text="The band; the overall level in the dimensions model.")
            band_label = serializers.CharField()
            overall = serializers.FloatField(allow_null=True)
            assessment_id = serializers.IntegerField()
            revision = serializers.IntegerField()

        model = serializers.ChoiceField(
            choices=["legacy", "dimensions"],
            help_text="The campaign's risk model: dimensions (each cell's band is its overall level, the legal "
            "status stays apart; the score API explains each) or legacy (one weighted score).",
        )
        member_states = State(many=True)
        suppliers = SupplierRef(many=True)
        cells = Cell(many=True)

    @extend_schema(
        summary="Bands of the current scores, member states x suppliers",
        tags=["dashboard"],
        parameters=FILTER_PARAMETERS,
        responses=OutputSerializer,
    )
    def get(self, request, pk: int):
        campaign = _eu_campaign(request, pk)
        viewer = viewer_for_user(request.user)
        if not may_see_state_cells(viewer):
            # One state's scores: coordinators only, as the page (riskassess.confidentiality).
            raise Http404
        filters = DashboardFilters.from_query(request.query_params)

        def answer() -> dict:
            data = dashboard.heatmap(campaign=campaign, filters=filters, viewer=viewer)
            data = {
                **data,
                "model": (campaign.template_version.definition.get("scoring") or {}).get("model") or "legacy",
                "cells": [
                    {"member_state_id": ms_id, "supplier_id": supplier_id, **cell}
                    for (ms_id, supplier_id), cell in data["cells"].items()
                ],
            }
            return self.OutputSerializer(data).data

        # Coordinators only (checked above), so one entry serves all of them, as the heatmap page.
        return Response(
            cached_aggregate("api_heatmap", campaign_id=campaign.pk, key=filters.cache_key(), compute=answer)
        )
