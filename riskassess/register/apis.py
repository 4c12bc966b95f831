"""The restriction register in the v1 API (/api/v1/register/...):

- records: every user of a member state, EU coordinators and observers, with the register's
  confidentiality (another state's confidential record is 404, as one that does not exist);
- create and amend: the deciding authority only (regulators and approvers of the member state;
  coordinators for an EU-level record); others get 403 on a record they may see.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from riskassess.api.apis.common import ApiView
from riskassess.register import selectors, services
from riskassess.register.models import AppealStatus, RecordKind, RecordState, Technology


def _reader(request: Request) -> Any:
    user: Any = request.user
    if not (user.is_national or user.is_coordinator or user.is_observer):
        raise PermissionDenied(_("For the users of a member state and EU coordinators and observers."))
    return user


class ScopeSerializer(serializers.Serializer):
    asset_class = serializers.CharField(allow_blank=True, required=False, default="", help_text="empty: every class")
    technology = serializers.ChoiceField(
        choices=[("", "every generation"), *Technology.choices], required=False, default=""
    )
    transition_deadline = serializers.DateField(required=False, allow_null=True, default=None)
    phase_out_deadline = serializers.DateField(required=False, allow_null=True, default=None)


class ExemptionSerializer(serializers.Serializer):
    scope = serializers.CharField(allow_blank=True, required=False, default="", max_length=300)
    reason = serializers.CharField(max_length=2000)
    until = serializers.DateField(required=False, allow_null=True, default=None)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    state = serializers.ChoiceField(choices=RecordState.choices)
    instrument = serializers.CharField()
    instrument_date = serializers.DateField(allow_null=True)
    share_cap_percent = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    scopes = ScopeSerializer(many=True)
    measures = serializers.ListField(child=serializers.CharField())
    exemptions = ExemptionSerializer(many=True)
    confidential = serializers.BooleanField()
    appeal_status = serializers.ChoiceField(choices=AppealStatus.choices)
    court = serializers.CharField()
    case_reference = serializers.CharField()
    litigation_notes = serializers.CharField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()
    hearing = serializers.IntegerField(source="hearing_pk", allow_null=True)


class RecordSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    supplier = serializers.IntegerField(source="supplier_id")
    supplier_name = serializers.CharField(source="supplier.name")
    authority = serializers.CharField(source="authority_label", help_text='"EU" or the member state\'s EU code')
    eu_level = serializers.BooleanField()
    current = VersionSerializer()


class RecordDetailSerializer(RecordSerializer):
    versions = VersionSerializer(many=True)


class DecisionInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RecordKind.choices)
    state = serializers.ChoiceField(choices=RecordState.choices, default=RecordState.IN_FORCE)
    instrument = serializers.CharField(max_length=300, allow_blank=True, default="")
    instrument_date = serializers.DateField(allow_null=True, default=None)
    share_cap_percent = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, max_value=100, allow_null=True, default=None
    )
    scopes = ScopeSerializer(many=True, default=list)
    measures = serializers.ListField(child=serializers.ChoiceField(choices=RecordKind.choices), default=list)
    exemptions = ExemptionSerializer(many=True, default=list)
    confidential = serializers.BooleanField()
    appeal_status = serializers.ChoiceField(choices=AppealStatus.choices, default=AppealStatus.NONE)
    court = serializers.CharField(max_length=200, allow_blank=True, default="")
    case_reference = serializers.CharField(max_length=100, allow_blank=True, default="")
    litigation_notes = serializers.CharField(max_length=5000, allow_blank=True, default="")
    reason = serializers.CharField(max_length=5000)


def _decision_values(data: dict[str, Any]) -> dict[str, Any]:
    values = dict(data)
    scopes = values.pop("scopes")
    values["scopes"] = [{"asset_class": s["asset_class"], "technology": s["technology"]} for s in scopes]
    values["deadlines"] = [
        {
            "asset_class": s["asset_class"],
            "technology": s["technology"],
            "transition": s["transition_deadline"],
            "phase_out": s["phase_out_deadline"],
        }
        for s in scopes
        if s["transition_deadline"] or s["phase_out_deadline"]
    ]
    return values


def _detail(user, record) -> dict[str, Any]:
    record.versions_shown = selectors.record_versions_for_user(user=user, record=record)
    data = dict(RecordSerializer(record).data)
    data["versions"] = VersionSerializer(record.versions_shown, many=True).data
    return data


class RecordListApi(ApiView):
    class CreateInput(DecisionInput):
        supplier = serializers.IntegerField()
        eu_level = serializers.BooleanField(
            default=False, help_text="An EU-level decision (coordinators); otherwise your member state's"
        )

    @extend_schema(
        summary="Records of the restriction register",
        description="Every record of your own member state, other states' public records and EU-level records "
        "(public unless marked). Filters apply to the current version.",
        tags=["register"],
        parameters=[
            OpenApiParameter("supplier", OpenApiTypes.INT, description="Only this supplier (id)."),
            OpenApiParameter("authority", OpenApiTypes.STR, description='"EU" or a member state\'s EU code.'),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(RecordKind.values)),
            OpenApiParameter("state", OpenApiTypes.STR, enum=list(RecordState.values)),
            OpenApiParameter("technology", OpenApiTypes.STR, enum=list(Technology.values)),
            OpenApiParameter("asset_class", OpenApiTypes.STR, description="An asset class code."),
            OpenApiParameter("appeal_status", OpenApiTypes.STR, enum=list(AppealStatus.values)),
        ],
        responses=RecordSerializer(many=True),
    )
    def get(self, request: Request) -> Response:
        user = _reader(request)
        filters = {k: str(request.query_params.get(k, "")).strip() for k in selectors.FILTERS}
        records = selectors.records_for_user(user=user, filters=filters)
        return Response(RecordSerializer(records, many=True).data)

    @extend_schema(
        summary="Record a decision",
        description="A new record of your member state's decision, or with eu_level an EU-level decision "
        "(coordinators). Its first version says who, when and why.",
        tags=["register"],
        request=CreateInput,
        responses={201: RecordDetailSerializer},
    )
    def post(self, request: Request) -> Response:
        from riskassess.suppliers.models import Supplier

        user: Any = _reader(request)
        data = self.CreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        eu_level = values.pop("eu_level")
        supplier_id = values.pop("supplier")
        if not selectors.may_decide(user=user, authority_state_id=user.member_state_id, eu_level=eu_level):
            raise PermissionDenied(_("Only the deciding authority records its decisions."))
        supplier = Supplier.objects.filter(pk=supplier_id, is_active=True).first()
        if supplier is None:
            raise serializers.ValidationError({"supplier": [_("No such supplier.")]})
        version = services.decision_record(
            authority_state=None if eu_level else user.member_state,
            eu_level=eu_level,
            supplier=supplier,
            user=user,
            **_decision_values(values),
        )
        record = selectors.record_get_for_user(user=user, pk=version.record_id)
        return Response(_detail(user, record), status=status.HTTP_201_CREATED)


class RecordDetailApi(ApiView):
    @extend_schema(
        summary="A record of the register with its versions",
        description="404 for another member state's confidential record.",
        tags=["register"],
        responses=RecordDetailSerializer,
    )
    def get(self, request: Request, pk: int) -> Response:
        user = _reader(request)
        return Response(_detail(user, selectors.record_get_for_user(user=user, pk=pk)))


class RecordAmendApi(ApiView):
    @extend_schema(
        summary="Amend a record: a new version",
        description="The whole decision as it now stands, with why it changes. The deciding authority only.",
        tags=["register"],
        request=DecisionInput,
        responses={201: RecordDetailSerializer},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = _reader(request)
        record = selectors.record_get_for_user(user=user, pk=pk)
        if not selectors.may_decide(user=user, record=record):
            raise PermissionDenied(_("Only the deciding authority amends its record."))
        data = DecisionInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.decision_record(
            authority_state=record.authority_state,
            eu_level=record.eu_level,
            supplier=record.supplier,
            record=record,
            user=user,
            from_questionnaire=record.from_questionnaire,
            **_decision_values(dict(data.validated_data)),
        )
        record = selectors.record_get_for_user(user=user, pk=pk)
        return Response(_detail(user, record), status=status.HTTP_201_CREATED)
