"""Evidence: list and attach (multipart upload or a reference), read, download, delete."""

from django.http import FileResponse, Http404
from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from riskassess.api.apis.common import ApiView
from riskassess.audit.services import audit_log
from riskassess.questionnaires import selectors, services
from riskassess.questionnaires.models import Evidence


class EvidenceOutput(serializers.ModelSerializer):
    name = serializers.CharField(source="original_name")
    size = serializers.IntegerField(read_only=True, help_text="Bytes (0 for a reference).")
    uploaded_by = serializers.CharField(source="uploaded_by.username", allow_null=True, default=None)
    download_url = serializers.SerializerMethodField()
    # Text, not "format: uri": empty for a file, and a reference is kept exactly as typed.
    url = serializers.CharField(read_only=True, help_text="The web address of a reference; empty for a file.")

    class Meta:
        model = Evidence
        fields = [
            "id",
            "assessment",
            "question_key",
            "item_id",
            "kind",
            "name",
            "content_type",
            "size",
            "sha256",
            "url",
            "description",
            "uploaded_by",
            "created_at",
            "download_url",
        ]

    def get_download_url(self, evidence) -> str | None:
        if evidence.kind != Evidence.Kind.FILE:
            return None
        return reverse("api-evidence-download", kwargs={"pk": evidence.pk}, request=self.context.get("request"))


class AssessmentEvidenceApi(ApiView):
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    class InputSerializer(serializers.Serializer):
        question_key = serializers.CharField(max_length=20)
        item_id = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
        description = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
        file = serializers.FileField(required=False, help_text="The file (multipart). Give either file or url.")
        url = serializers.CharField(
            max_length=500,
            required=False,
            allow_blank=True,
            help_text="A web address (a reference, never fetched).",
        )

        def validate(self, attrs):
            has_file, has_url = attrs.get("file") is not None, bool(attrs.get("url"))
            if has_file == has_url:
                message = gettext("Give either a file or a url.")
                raise serializers.ValidationError({"file": [message], "url": [message]})
            return attrs

    @extend_schema(
        summary="The evidence of an assessment",
        description="Its own member state sees all of it; EU coordinators only what a submitted revision froze.",
        tags=["evidence"],
        responses=EvidenceOutput(many=True),
    )
    def get(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
        qs = selectors.evidence_visible_for(user=request.user, assessment=assessment).select_related("uploaded_by")
        return Response(EvidenceOutput(qs, many=True, context={"request": request}).data)

    @extend_schema(
        summary="Attach evidence to a question (a file upload or a reference)",
        description="Files are checked by content (PDF, PNG, JPEG, TXT, CSV, DOCX, XLSX, ODT or XML) and size.",
        tags=["evidence"],
        request={"multipart/form-data": InputSerializer, "application/json": InputSerializer},
        responses={201: EvidenceOutput},
    )
    def post(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        common = {
            "assessment": assessment,
            "user": request.user,
            "question_key": values["question_key"],
            "item_id": values["item_id"],
            "description": values["description"],
        }
        if values.get("file") is not None:
            evidence = services.evidence_add_file(uploaded_file=values["file"], **common)
        else:
            evidence = services.evidence_add_reference(url=values["url"], **common)
        return Response(EvidenceOutput(evidence, context={"request": request}).data, status=201)


class EvidenceDetailApi(ApiView):
    @extend_schema(summary="One piece of evidence", tags=["evidence"], responses=EvidenceOutput)
    def get(self, request, pk: int):
        evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
        return Response(EvidenceOutput(evidence, context={"request": request}).data)

    @extend_schema(
        summary="Remove evidence from a draft",
        description="Evidence frozen in a submitted revision is kept for the record.",
        tags=["evidence"],
        responses={204: None, 400: OpenApiResponse(description="Frozen in a revision, or not editable now.")},
    )
    def delete(self, request, pk: int):
        evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
        services.evidence_delete(evidence=evidence, user=request.user)
        return Response(status=204)


class EvidenceDownloadApi(ApiView):
    @extend_schema(
        summary="Download an evidence file",
        tags=["evidence"],
        responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="The file.")},
    )
    def get(self, request, pk: int):
        evidence = selectors.evidence_get_for_user(user=request.user, pk=pk)
        if evidence.kind != Evidence.Kind.FILE or not evidence.file:
            raise Http404("This evidence is a reference, not a file.")
        audit_log(
            action="download", actor=request.user, obj=evidence, summary=f"Downloaded {evidence}", request=request
        )
        try:
            handle = evidence.file.open("rb")
        except OSError:
            raise Http404("This evidence file is missing.") from None
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=evidence.original_name or "evidence",
            content_type="application/octet-stream",
        )
        # As the browser download: never sniffed, never run if opened inline, never kept in a cache.
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Cache-Control"] = "private, no-store"
        return response
