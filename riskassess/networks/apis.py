"""The networks in the v1 API (/api/v1/networks/...), with the access rules of the pages:

- operators, inventory import, phase-out of the state, Toolbox entries: the user's own member state
  (regulators import and enter, approvers review); another state's objects are 404;
- EU phase-out and the Toolbox matrix: EU coordinators and observers.
"""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from riskassess.api.apis.common import ApiView
from riskassess.core.exceptions import ApplicationError
from riskassess.networks import selectors, services
from riskassess.networks.models import ToolboxStatus
from riskassess.networks.toolbox import MEASURE_CODES


def _national(request: Request) -> Any:
    user: Any = request.user
    if not user.is_national:
        raise PermissionDenied(gettext("For the users of a member state."))
    return user


def _eu(request: Request) -> None:
    user: Any = request.user
    if not (user.is_coordinator or user.is_observer):
        raise PermissionDenied(gettext("For EU coordinators and observers."))


def _application_error(exc: ApplicationError) -> Response:
    return Response({"detail": exc.message, "errors": exc.errors}, status=status.HTTP_400_BAD_REQUEST)


class OperatorListApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        code = serializers.CharField()
        name = serializers.CharField()

    @extend_schema(summary="Operators of your member state", tags=["networks"], responses=OutputSerializer(many=True))
    def get(self, request: Request) -> Response:
        user = _national(request)
        ops = selectors.operators_of(member_state=user.member_state)
        return Response(self.OutputSerializer(ops, many=True).data)


class InventoryImportApi(ApiView):
    parser_classes = [MultiPartParser]

    class InputSerializer(serializers.Serializer):
        file = serializers.FileField(
            help_text="CSV (UTF-8) or XLSX; columns operator, network_part, generation, supplier, measure, share, "
            "as_of."
        )

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        rows = serializers.IntegerField()
        filename = serializers.CharField()

    class RejectedSerializer(serializers.Serializer):
        class Row(serializers.Serializer):
            row = serializers.IntegerField()
            reason = serializers.CharField()

        # One shape for every 400 of this operation: refused rows of a file, or an invalid request
        # (no file: `errors` per field, as everywhere in the API).
        detail = serializers.CharField()
        code = serializers.CharField(required=False)
        errors = serializers.DictField(  # type: ignore[assignment]  # a field named like Serializer.errors
            child=serializers.ListField(child=serializers.CharField()), required=False
        )
        refused = serializers.IntegerField(required=False)
        rows = Row(many=True, required=False)

    @extend_schema(
        summary="Import an inventory file (all or nothing)",
        tags=["networks"],
        request={"multipart/form-data": InputSerializer},
        responses={201: OutputSerializer, 400: RejectedSerializer},
    )
    def post(self, request: Request) -> Response:
        user = _national(request)
        if not user.is_regulator:
            raise PermissionDenied(gettext("Regulators import the inventory."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            done = services.inventory_import(
                member_state=user.member_state, content=upload.read(), filename=upload.name or "inventory", user=user
            )
        except services.InventoryRejected as exc:
            body = {
                "detail": exc.message,
                "refused": exc.total,
                "rows": [{"row": e.row, "reason": e.reason} for e in exc.rows],
            }
            return Response(self.RejectedSerializer(body).data, status=status.HTTP_400_BAD_REQUEST)
        return Response(self.OutputSerializer(done).data, status=status.HTTP_201_CREATED)


class _Point(serializers.Serializer):
    date = serializers.DateField()
    share = serializers.FloatField()


class PhaseoutApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        class Line(serializers.Serializer):
            operator = serializers.CharField()
            part = serializers.CharField()
            deadline = serializers.DateField(allow_null=True)
            status = serializers.CharField(allow_null=True)
            points = _Point(many=True)

        member_state = serializers.CharField()
        lines = Line(many=True)

    @extend_schema(summary="Phase-out of your member state", tags=["networks"], responses=OutputSerializer)
    def get(self, request: Request) -> Response:
        user = _national(request)
        data = selectors.state_phaseout(
            member_state=user.member_state, viewer_member_state_id=user.member_state_id, on=timezone.localdate()
        )
        lines = [
            {
                "operator": ln.operator,
                "part": ln.part,
                "deadline": ln.deadline,
                "status": ln.status,
                "points": [{"date": d, "share": v} for d, v in ln.points],
            }
            for ln in data["lines"]
        ]
        return Response(self.OutputSerializer({"member_state": user.member_state.eu_code, "lines": lines}).data)


class EuPhaseoutApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        class Row(serializers.Serializer):
            class Part(serializers.Serializer):
                latest = serializers.FloatField(allow_null=True)
                as_of = serializers.DateField(allow_null=True)
                deadline = serializers.DateField(allow_null=True)
                status = serializers.CharField(allow_null=True)
                series = _Point(many=True)

            eu_code = serializers.CharField()
            name = serializers.CharField()
            ran = Part()
            core = Part()

        high_risk_suppliers = serializers.ListField(child=serializers.CharField())
        member_states = Row(many=True)

    @extend_schema(
        summary="Share of high-risk suppliers in radio access and core per member state",
        tags=["networks"],
        responses=OutputSerializer,
    )
    def get(self, request: Request) -> Response:
        _eu(request)
        data = selectors.eu_phaseout(on=timezone.localdate())

        def part(p: dict[str, Any]) -> dict[str, Any]:
            return {**p, "series": [{"date": d, "share": v} for d, v in p["series"]]}

        rows = [
            {
                "eu_code": r["eu_code"],
                "name": r["name"],
                "ran": part(r["parts"]["ran"]),
                "core": part(r["parts"]["core"]),
            }
            for r in data["rows"]
        ]
        body = {"high_risk_suppliers": data["high_risk_suppliers"], "member_states": rows}
        return Response(self.OutputSerializer(body).data)


class ToolboxEntryListApi(ApiView):
    class InputSerializer(serializers.Serializer):
        measure = serializers.ChoiceField(choices=MEASURE_CODES)
        status = serializers.ChoiceField(choices=ToolboxStatus.choices)
        legal_basis = serializers.CharField(required=False, allow_blank=True, max_length=300)
        status_date = serializers.DateField(required=False, allow_null=True)
        evidence = serializers.CharField(required=False, allow_blank=True, max_length=500)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        measure = serializers.CharField()
        status = serializers.CharField()
        legal_basis = serializers.CharField()
        status_date = serializers.DateField(allow_null=True)
        evidence = serializers.CharField()
        review = serializers.CharField()
        entered_by = serializers.CharField(source="entered_by.username")
        entered_at = serializers.DateTimeField()

    @extend_schema(
        summary="Toolbox entries of your member state", tags=["networks"], responses=OutputSerializer(many=True)
    )
    def get(self, request: Request) -> Response:
        user = _national(request)
        entries = [
            e
            for slot in selectors.toolbox_state(member_state=user.member_state).values()
            for e in (slot["latest"],)
            if e
        ]
        return Response(self.OutputSerializer(entries, many=True).data)

    @extend_schema(
        summary="Enter a Toolbox status (awaits review)",
        tags=["networks"],
        request=InputSerializer,
        responses={201: OutputSerializer},
    )
    def post(self, request: Request) -> Response:
        user = _national(request)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            entry = services.toolbox_entry_create(user=user, **data.validated_data)
        except ApplicationError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            return _application_error(exc)
        return Response(self.OutputSerializer(entry).data, status=status.HTTP_201_CREATED)


class ToolboxReviewApi(ApiView):
    class InputSerializer(serializers.Serializer):
        approve = serializers.BooleanField()
        comment = serializers.CharField(required=False, allow_blank=True)

    @extend_schema(
        summary="Approve or return a Toolbox entry (four eyes)",
        tags=["networks"],
        request=InputSerializer,
        responses=ToolboxEntryListApi.OutputSerializer,
    )
    def post(self, request: Request, pk: int) -> Response:
        entry = selectors.toolbox_entry_get_for_user(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            entry = services.toolbox_entry_review(user=request.user, entry=entry, **data.validated_data)
        except ApplicationError as exc:
            if exc.code == "forbidden":
                raise PermissionDenied(exc.message) from exc
            return _application_error(exc)
        return Response(ToolboxEntryListApi.OutputSerializer(entry).data)


class ToolboxMatrixApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        class Row(serializers.Serializer):
            eu_code = serializers.CharField()
            name = serializers.CharField()
            statuses = serializers.DictField(child=serializers.CharField(allow_null=True))

        measures = serializers.ListField(child=serializers.CharField())
        member_states = Row(many=True)

    @extend_schema(
        summary="Toolbox implementation: member states x measures", tags=["networks"], responses=OutputSerializer
    )
    def get(self, request: Request) -> Response:
        _eu(request)
        data = selectors.toolbox_matrix()
        rows = [
            {
                "eu_code": r["eu_code"],
                "name": r["name"],
                "statuses": {
                    m: (c["status"] if c else None) for m, c in zip(data["measures"], r["cells"], strict=True)
                },
            }
            for r in data["rows"]
        ]
        return Response(self.OutputSerializer({"measures": data["measures"], "member_states": rows}).data)
