"""Exchange bundles through the API (mounted under /api/v1/exchange/).

- GET  campaigns/<pk>/bundle/   the signed bundle of a campaign (EU coordinators and observers);
- POST bundles/                 import a bundle of another instance (EU coordinators): 201, or 400
                                with the reason and nothing stored;
- PUT  campaigns/<pk>/opt-in/   a member state's choice to share its records (its approvers).
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response

from riskassess.api.apis.common import ApiView
from riskassess.core.exceptions import ApplicationError
from riskassess.exchange.jws import BundleRefused
from riskassess.exchange.services import bundle_export, bundle_import, exchange_opt_in_set
from riskassess.questionnaires.models import Campaign


class EnvelopeSerializer(serializers.Serializer):
    protected = serializers.CharField(help_text="base64url of the JWS header (alg, typ, x5c)")
    payload = serializers.CharField(help_text="base64url of the bundle (docs/exchange/bundle-1.schema.json)")
    signature = serializers.CharField(help_text="base64url of the signature")


class BundleExportApi(ApiView):
    @extend_schema(summary="The signed exchange bundle of a campaign", tags=["exchange"], responses=EnvelopeSerializer)
    def get(self, request, pk: int):
        if not (request.user.is_coordinator or request.user.is_observer):
            raise PermissionDenied(gettext("Exchange bundles are for EU coordinators and observers."))
        campaign = get_object_or_404(Campaign, pk=pk)
        return Response(EnvelopeSerializer(bundle_export(campaign=campaign)).data)


class BundleImportApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        bundle_id = serializers.UUIDField()
        issuer = serializers.CharField()
        campaign = serializers.CharField(source="campaign_name")
        exported_at = serializers.DateTimeField()
        records = serializers.IntegerField(source="records.count")

    @extend_schema(
        summary="Import a signed bundle of another instance",
        tags=["exchange"],
        request=EnvelopeSerializer,
        responses={201: OutputSerializer},
    )
    def post(self, request):
        if not request.user.is_coordinator:
            raise PermissionDenied(gettext("Only EU coordinators import exchange bundles."))
        try:
            bundle = bundle_import(envelope=request.data, user=request.user)
        except BundleRefused as exc:
            return Response({"code": "bundle_refused", "detail": exc.reason}, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.OutputSerializer(bundle).data, status=status.HTTP_201_CREATED)


class OptInApi(ApiView):
    class InputSerializer(serializers.Serializer):
        opted_in = serializers.BooleanField()

    class OutputSerializer(serializers.Serializer):
        campaign = serializers.IntegerField(source="campaign_id")
        member_state = serializers.CharField(source="member_state.iso_code")
        opted_in = serializers.BooleanField()

    @extend_schema(
        summary="Share (or stop sharing) our records in the campaign's bundles",
        tags=["exchange"],
        request=InputSerializer,
        responses=OutputSerializer,
    )
    def put(self, request, pk: int):
        campaign = get_object_or_404(Campaign, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            opt_in = exchange_opt_in_set(user=request.user, campaign=campaign, opted_in=data.validated_data["opted_in"])
        except ApplicationError as exc:
            raise PermissionDenied(exc.message) from exc
        return Response(self.OutputSerializer(opt_in).data)
