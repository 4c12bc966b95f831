"""Hearings and supplier statements in the v1 API (thin: selectors decide access, services write).

Supplier users reach the views marked `supplier_portal = True` (riskassess.accounts.confinement):
the hearings on their own supplier (answering them) and their own statements. Regulators,
approvers and coordinators open, extend and decide the hearings of their authority and read every
supplier's statements.
"""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from riskassess.api.apis.common import ApiView, ListApiView
from riskassess.audit.services import audit_log
from riskassess.core.tlp import TLP_CHOICES
from riskassess.hearings import selectors, services
from riskassess.hearings.models import Hearing, HearingAnswer, Outcome, StatementTopic, SupplierStatement
from riskassess.suppliers.models import Supplier


class DocumentSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    tlp = serializers.ChoiceField(choices=TLP_CHOICES, default="TLP:AMBER")
    withheld = serializers.CharField(required=False, allow_blank=True, default="", help_text="What is withheld.")
    withheld_reason = serializers.CharField(required=False, allow_blank=True, default="", help_text="Why.")


class AnswerOutput(serializers.Serializer):
    id = serializers.IntegerField()
    statement = serializers.CharField()
    author = serializers.CharField(source="author.username")
    submitted_at = serializers.DateTimeField()
    file_name = serializers.CharField(source="original_name")
    sha256 = serializers.CharField()
    size = serializers.IntegerField()


class ExtensionOutput(serializers.Serializer):
    previous_deadline = serializers.DateField()
    new_deadline = serializers.DateField()
    reason = serializers.CharField()
    created_at = serializers.DateTimeField()


class HearingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    supplier = serializers.IntegerField(source="supplier_id")
    member_state = serializers.IntegerField(
        source="member_state_id", allow_null=True, help_text="The hearing state; null for an EU-level procedure."
    )
    authority = serializers.CharField(source="authority_label")
    subject = serializers.CharField()
    grounds = serializers.CharField()
    open_points = serializers.ListField(child=serializers.DictField(child=serializers.CharField()))
    deadline = serializers.DateField()
    status = serializers.ChoiceField(choices=Hearing.Status.choices)
    created_at = serializers.DateTimeField()
    documents = DocumentSerializer(many=True, source="documents.all")
    answers = AnswerOutput(many=True, source="answers.all")
    extensions = ExtensionOutput(many=True, source="extensions.all")
    outcome = serializers.CharField(help_text="Empty until decided; else one of the decision kinds.")
    reasoning = serializers.CharField()
    instrument = serializers.CharField()
    cited_answers = serializers.SerializerMethodField()
    decided_at = serializers.DateTimeField(allow_null=True)
    instrument_date = serializers.DateField(allow_null=True)

    def get_cited_answers(self, hearing) -> list[int]:
        return sorted(hearing.cited_answers.values_list("pk", flat=True))


def _out(hearing: Hearing, request) -> dict:
    return HearingOutput(hearing, context={"request": request}).data


class HearingListApi(ListApiView):
    supplier_portal = True

    class InputSerializer(serializers.Serializer):
        supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.filter(is_active=True))
        subject = serializers.CharField(max_length=200)
        grounds = serializers.CharField()
        deadline = serializers.DateField()
        source_assessment = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        documents = DocumentSerializer(many=True, required=False, default=list)

    serializer_class = HearingOutput

    def get_queryset(self):
        return selectors.hearings_visible_to(self.request.user).prefetch_related(
            "documents", "answers__author", "extensions", "cited_answers"
        )

    @extend_schema(summary="The hearings you may see (a supplier: those on itself)", tags=["hearings"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Open a hearing (regulators and approvers for their state; coordinators at EU level)",
        tags=["hearings"],
        request=InputSerializer,
        responses={201: HearingOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        source = None
        if values.get("source_assessment"):
            from riskassess.questionnaires.selectors import assessment_access

            access = assessment_access(user=request.user, pk=values["source_assessment"])
            if not access.own_state:
                raise Http404
            source = access.assessment
        hearing = services.hearing_open(
            user=request.user,
            supplier=values["supplier"],
            subject=values["subject"],
            grounds=values["grounds"],
            deadline=values["deadline"],
            documents=values.get("documents") or [],
            source_assessment=source,
            request=request,
        )
        return Response(_out(hearing, request), status=201)


class HearingDetailApi(ApiView):
    supplier_portal = True

    @extend_schema(summary="A hearing, as far as you may see it", tags=["hearings"], responses=HearingOutput)
    def get(self, request, pk: int):
        return Response(_out(selectors.hearing_access(user=request.user, pk=pk).hearing, request))


class HearingAnswerApi(ApiView):
    supplier_portal = True
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        statement = serializers.CharField()
        file = serializers.FileField(required=False, help_text="A document (multipart), checked like evidence.")

    @extend_schema(
        summary="Answer a hearing (the heard supplier's users)",
        tags=["hearings"],
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: AnswerOutput},
    )
    def post(self, request, pk: int):
        access = selectors.hearing_access(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.hearing_answer(
            user=request.user,
            hearing=access.hearing,
            statement=data.validated_data["statement"],
            uploaded_file=data.validated_data.get("file"),
            request=request,
        )
        return Response(AnswerOutput(answer).data, status=201)


class HearingExtendApi(ApiView):
    class InputSerializer(serializers.Serializer):
        new_deadline = serializers.DateField()
        reason = serializers.CharField()

    @extend_schema(
        summary="Extend the deadline (the hearing authority)",
        tags=["hearings"],
        request=InputSerializer,
        responses=HearingOutput,
    )
    def post(self, request, pk: int):
        access = selectors.hearing_access(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.hearing_extend(user=request.user, hearing=access.hearing, request=request, **data.validated_data)
        return Response(_out(selectors.hearing_access(user=request.user, pk=pk).hearing, request))


class HearingDecideApi(ApiView):
    class InputSerializer(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=Outcome.choices)
        reasoning = serializers.CharField()
        instrument = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        instrument_date = serializers.DateField(required=False, allow_null=True, default=None)
        scopes = serializers.ListField(
            child=serializers.CharField(max_length=40),
            required=False,
            default=list,
            max_length=50,
            help_text="Asset class codes the decision covers; empty: every asset class.",
        )
        confidential = serializers.BooleanField(required=False, default=False)
        share_cap_percent = serializers.DecimalField(
            max_digits=5, decimal_places=2, min_value=0, max_value=100, required=False, allow_null=True, default=None
        )
        cited_answers = serializers.ListField(
            child=serializers.IntegerField(min_value=1), required=False, default=list, max_length=500
        )

    @extend_schema(
        summary="Record the reasoned decision (the hearing authority); it feeds the register",
        tags=["hearings"],
        request=InputSerializer,
        responses=HearingOutput,
    )
    def post(self, request, pk: int):
        access = selectors.hearing_access(user=request.user, pk=pk)
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        hearing = services.hearing_decide(
            user=request.user,
            hearing=access.hearing,
            outcome=values["outcome"],
            reasoning=values["reasoning"],
            instrument=values.get("instrument", ""),
            instrument_date=values.get("instrument_date"),
            scopes=values.get("scopes") or [],
            confidential=values.get("confidential", False),
            share_cap_percent=values.get("share_cap_percent"),
            cited_answer_ids=values.get("cited_answers") or [],
            request=request,
        )
        return Response(_out(hearing, request))


class StatementOutput(serializers.ModelSerializer):
    file_name = serializers.CharField(source="original_name")
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = SupplierStatement
        fields = [
            "id",
            "supplier",
            "topic",
            "text",
            "file_name",
            "sha256",
            "size",
            "created_at",
            "updated_at",
            "download_url",
        ]

    def get_download_url(self, statement) -> str | None:
        if not statement.file:
            return None
        return reverse("api-supplier-statement-file", kwargs={"pk": statement.pk}, request=self.context.get("request"))


class StatementListApi(ListApiView):
    supplier_portal = True
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    serializer_class = StatementOutput

    class InputSerializer(serializers.Serializer):
        topic = serializers.ChoiceField(choices=StatementTopic.choices)
        text = serializers.CharField()
        file = serializers.FileField(required=False, help_text="A certificate or test report (multipart).")

    def get_queryset(self):
        supplier = self.request.query_params.get("supplier")
        try:
            supplier_id = int(supplier) if supplier else None
        except ValueError:
            supplier_id = -1
        return selectors.statements_visible_to(self.request.user, supplier_id=supplier_id).order_by(
            "supplier_id", "topic", "pk"
        )

    @extend_schema(
        summary="Supplier statements of fact (a supplier: its own; regulators and coordinators: every supplier's)",
        tags=["supplier statements"],
        parameters=[OpenApiParameter("supplier", int, required=False, description="Only this supplier's.")],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="State a fact once for all member states (supplier users)",
        tags=["supplier statements"],
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: StatementOutput},
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        statement = services.statement_add(
            user=request.user,
            topic=values["topic"],
            text=values["text"],
            uploaded_file=values.get("file"),
            request=request,
        )
        return Response(StatementOutput(statement, context={"request": request}).data, status=201)


class StatementDetailApi(ApiView):
    supplier_portal = True

    @extend_schema(summary="A supplier statement", tags=["supplier statements"], responses=StatementOutput)
    def get(self, request, pk: int):
        statement = selectors.statement_get_for_user(user=request.user, pk=pk)
        return Response(StatementOutput(statement, context={"request": request}).data)

    @extend_schema(
        summary="Withdraw a statement (its supplier's users)", tags=["supplier statements"], responses={204: None}
    )
    def delete(self, request, pk: int):
        statement = selectors.statement_get_for_user(user=request.user, pk=pk)
        services.statement_delete(user=request.user, statement=statement, request=request)
        return Response(status=204)


def _file(request, obj) -> FileResponse:
    if not obj.file:
        raise Http404("This statement has no file.")
    audit_log(
        action="download", actor=request.user, obj=obj, summary=f"Downloaded {obj.original_name}", request=request
    )
    # Always an attachment of no particular type: never rendered by the browser.
    response = FileResponse(
        obj.file.open("rb"), as_attachment=True, filename=obj.original_name, content_type="application/octet-stream"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


class StatementFileApi(ApiView):
    supplier_portal = True

    @extend_schema(
        summary="Download a statement's file",
        tags=["supplier statements"],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")},
    )
    def get(self, request, pk: int):
        return _file(request, selectors.statement_get_for_user(user=request.user, pk=pk))


class HearingAnswerFileApi(ApiView):
    supplier_portal = True

    @extend_schema(
        summary="Download the document of an answer",
        tags=["hearings"],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")},
    )
    def get(self, request, pk: int):
        try:
            answer = HearingAnswer.objects.get(pk=pk, hearing__in=selectors.hearings_visible_to(request.user))
        except HearingAnswer.DoesNotExist:
            raise Http404 from None
        return _file(request, answer)
