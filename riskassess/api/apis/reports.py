"""PDF reports: ask for one (rendered by a worker), follow its state, download it."""

from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.reverse import reverse

from riskassess.accounts.models import MemberState
from riskassess.api.apis.common import ApiView, ListApiView
from riskassess.api.filters import ReportFilter
from riskassess.api.schema import ErrorSerializer
from riskassess.audit.services import audit_log
from riskassess.core.tlp import TLP_CHOICES, TLP_DEFAULT
from riskassess.questionnaires.models import Campaign
from riskassess.questionnaires.selectors import assessment_access
from riskassess.reports.models import Report
from riskassess.reports.selectors import report_get_for_user, reports_visible_to
from riskassess.reports.services import report_request
from riskassess.suppliers.models import Supplier

KINDS = ["assessment", "member_state", "supplier", "eu", "hearing"]


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Report.Kind.choices)
    status = serializers.ChoiceField(choices=Report.Status.choices)
    tlp = serializers.CharField()
    assessment = serializers.IntegerField(source="assessment_id", allow_null=True)
    member_state = serializers.IntegerField(source="member_state_id", allow_null=True)
    supplier = serializers.IntegerField(source="supplier_id", allow_null=True)
    campaign = serializers.IntegerField(source="campaign_id", allow_null=True)
    hearing = serializers.IntegerField(source="hearing_id", allow_null=True)
    page_count = serializers.IntegerField(allow_null=True)
    size = serializers.IntegerField(allow_null=True)
    sha256 = serializers.CharField(allow_blank=True)
    created_at = serializers.DateTimeField()
    finished_at = serializers.DateTimeField(allow_null=True)
    download_url = serializers.SerializerMethodField()

    def get_download_url(self, report) -> str | None:
        if report.status != "done":
            return None
        return reverse("api-report-download", kwargs={"pk": report.pk}, request=self.context.get("request"))


class ReportListApi(ListApiView):
    class InputSerializer(serializers.Serializer):
        kind = serializers.ChoiceField(
            choices=KINDS,
            help_text="assessment (needs assessment), member_state (needs member_state, campaign), "
            "supplier (needs supplier), eu (needs campaign), hearing (needs hearing: the record of the procedure).",
        )
        tlp = serializers.ChoiceField(choices=TLP_CHOICES, default=TLP_DEFAULT)
        assessment = serializers.IntegerField(required=False, allow_null=True, min_value=1)
        member_state = serializers.PrimaryKeyRelatedField(
            queryset=MemberState.objects.all(), required=False, allow_null=True
        )
        supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all(), required=False, allow_null=True)
        campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all(), required=False, allow_null=True)
        hearing = serializers.IntegerField(required=False, allow_null=True, min_value=1)

    serializer_class = ReportOutput
    filterset_class = ReportFilter
    ordering_fields = ["created_at", "finished_at"]
    ordering = ["-created_at", "-id"]

    def get_queryset(self):
        return reports_visible_to(self.request.user)

    @extend_schema(summary="The reports you may read", tags=["reports"])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Ask for a PDF report",
        description="The report is rendered by a worker: follow `status` at the report's address. Asking again "
        "for unchanged data returns the report already made.",
        tags=["reports"],
        request=InputSerializer,
        responses={
            202: OpenApiResponse(ReportOutput, description="Queued (or being made): follow its status."),
            200: OpenApiResponse(ReportOutput, description="Already made from the same data: ready to download."),
            404: OpenApiResponse(
                ErrorSerializer, description="The assessment (or the report kind) is not yours to see."
            ),
        },
    )
    def post(self, request):
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        assessment = None
        if values.get("assessment"):
            assessment = assessment_access(user=request.user, pk=values["assessment"]).assessment
        report = report_request(
            kind=values["kind"],
            user=request.user,
            tlp=values["tlp"],
            assessment=assessment,
            member_state=values.get("member_state"),
            supplier=values.get("supplier"),
            campaign=values.get("campaign"),
            hearing=values.get("hearing"),
        )
        status = 200 if report.status == Report.Status.DONE else 202
        return Response(ReportOutput(report, context={"request": request}).data, status=status)


class ReportDetailApi(ApiView):
    @extend_schema(summary="A report and its state", tags=["reports"], responses=ReportOutput)
    def get(self, request, pk: int):
        report = report_get_for_user(user=request.user, pk=pk)
        return Response(ReportOutput(report, context={"request": request}).data)


class ReportDownloadApi(ApiView):
    @extend_schema(
        summary="Download a finished report",
        tags=["reports"],
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="The PDF.")},
    )
    def get(self, request, pk: int):
        report = report_get_for_user(user=request.user, pk=pk)
        if report.status != "done" or not report.file:
            raise Http404("This report is not ready.")
        audit_log(action="download", actor=request.user, obj=report, summary=f"Downloaded {report}", request=request)
        try:
            handle = report.file.open("rb")
        except OSError:
            raise Http404("This report file is missing.") from None
        response = FileResponse(handle, as_attachment=True, filename=report.filename, content_type="application/pdf")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
