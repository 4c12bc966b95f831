"""Assessments, their answers, the workflow actions (submit, approve, return), revisions and scores.

Every view fetches its assessment through `assessment_access` (docs/access.md), so an assessment of another
member state is a 404 for every method.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response

from riskassess.accounts.models import User
from riskassess.api import selectors as api_selectors
from riskassess.api.apis.common import ApiView, ListApiView
from riskassess.api.filters import AssessmentFilter
from riskassess.api.schema import StaleErrorSerializer
from riskassess.confidentiality import legal_status_as_seen
from riskassess.core.tlp import TLP_CHOICES
from riskassess.questionnaires import selectors, services
from riskassess.questionnaires.models import Assessment, Campaign, Revision
from riskassess.scoring import selectors as scoring_selectors
from riskassess.scoring.bands import band_label, band_labels
from riskassess.suppliers.models import Supplier

STALE = {409: OpenApiResponse(StaleErrorSerializer, description="Someone else saved in between.")}


class AssessmentOutput(serializers.ModelSerializer):
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    member_state = serializers.CharField(source="member_state.eu_code", read_only=True)
    supplier_name = serializers.CharField(source="supplier.name", read_only=True)
    # Declared, not derived from the model: the derived ones carry the database's integer range,
    # which would make the schema differ between SQLite and PostgreSQL.
    version = serializers.IntegerField(read_only=True, help_text="Send it back with a change.")
    current_revision = serializers.IntegerField(read_only=True, help_text="0 before the first submission.")
    answered_required = serializers.IntegerField(read_only=True)
    total_required = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "campaign",
            "campaign_name",
            "member_state",
            "supplier",
            "supplier_name",
            "status",
            "version",
            "current_revision",
            "answered_required",
            "total_required",
            "tlp",
            "submitted_at",
            "decided_at",
            "created_at",
            "updated_at",
        ]


class AssessmentDetailOutput(AssessmentOutput):
    submitted_by = serializers.CharField(source="submitted_by.username", read_only=True, allow_null=True, default=None)
    decided_by = serializers.CharField(source="decided_by.username", read_only=True, allow_null=True, default=None)
    template_version = serializers.IntegerField(source="campaign.template_version_id", read_only=True)
    is_editable = serializers.BooleanField(read_only=True)

    class Meta(AssessmentOutput.Meta):
        fields = [
            *AssessmentOutput.Meta.fields,
            "template_version",
            "is_editable",
            "submitted_by",
            "decided_by",
            "decision_comment",
        ]


class LeanAssessmentRows:
    """The rows of AssessmentOutput from `selectors.assessment_list_rows` tuples, without a
    serializer per row: the same JSON (tests/api/test_read_paths.py compares them), a quarter of a
    list page's time less. Dates as DRF's DateTimeField writes them (in the current time zone,
    ISO 8601, "Z" for UTC), the time zone looked up once per page instead of once per date."""

    names = tuple(selectors.ASSESSMENT_LIST_COLUMNS)
    dates = tuple(i for i, name in enumerate(names) if name.endswith("_at"))

    @classmethod
    def data(cls, rows) -> list[dict]:
        zone = timezone.get_current_timezone()
        names, dates = cls.names, cls.dates
        out = []
        for values in rows:
            values = list(values)
            for i in dates:
                if values[i] is not None:
                    text = values[i].astimezone(zone).isoformat()
                    values[i] = text[:-6] + "Z" if text.endswith("+00:00") else text
            out.append(dict(zip(names, values, strict=True)))
        return out


def _detail(assessment_pk: int, user) -> Assessment:
    """The assessment re-read after a write, with what the detail output shows."""
    return (
        selectors.assessments_visible_to(user)
        .select_related("campaign", "member_state", "supplier", "submitted_by", "decided_by")
        .get(pk=assessment_pk)
    )


def _with_people(assessment: Assessment) -> Assessment:
    """The submitter and decider of an assessment from the access helper, in one query at most."""
    ids = {i for i in (assessment.submitted_by_id, assessment.decided_by_id) if i}
    if ids:
        people = User.objects.only("id", "username").in_bulk(ids)
        assessment.submitted_by = people.get(assessment.submitted_by_id)
        assessment.decided_by = people.get(assessment.decided_by_id)
    return assessment


class AssessmentListCreateApi(ListApiView):
    class InputSerializer(serializers.Serializer):
        campaign = serializers.PrimaryKeyRelatedField(queryset=Campaign.objects.all())
        supplier = serializers.PrimaryKeyRelatedField(queryset=Supplier.objects.all())

    serializer_class = AssessmentOutput
    filterset_class = AssessmentFilter
    ordering_fields = ["created_at", "updated_at", "status", "supplier__name", "member_state__protocol_order"]
    ordering = ["campaign", "member_state__protocol_order", "supplier__name"]

    def get_queryset(self):
        return selectors.assessments_visible_to(self.request.user).select_related(
            "campaign", "member_state", "supplier"
        )

    @extend_schema(
        summary="List the assessments you may see",
        description="Regulators and approvers: their member state's assessments. EU coordinators: every "
        "assessment submitted at least once. Observers: none.",
        tags=["assessments"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def filter_queryset(self, queryset):
        """The filter backends, but django-filter only when a filter of AssessmentFilter is asked
        for: it builds and validates a form on every request, which filters nothing without its
        parameters (an eighth of a list page's time)."""
        asked = not self.request.query_params.keys().isdisjoint(AssessmentFilter.base_filters)
        for backend in self.filter_backends:
            if asked or not issubclass(backend, DjangoFilterBackend):
                queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def list(self, request, *args, **kwargs):
        """The AssessmentOutput rows, read as plain values (LeanAssessmentRows): same access
        filter, filters, ordering and pagination, the same two queries."""
        rows = selectors.assessment_list_rows(self.filter_queryset(self.get_queryset()))
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(LeanAssessmentRows.data(page))

    @extend_schema(
        summary="Start an assessment for your member state",
        description="Idempotent: when the assessment of this supplier in this campaign exists, it is returned.",
        tags=["assessments"],
        request=InputSerializer,
        responses={201: AssessmentDetailOutput},
    )
    def post(self, request):
        if not request.user.is_national:
            raise PermissionDenied(gettext("Only regulators and approvers of a member state start assessments."))
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = services.assessment_create(
            campaign=data.validated_data["campaign"],
            member_state=request.user.member_state,
            supplier=data.validated_data["supplier"],
            user=request.user,
        )
        return Response(AssessmentDetailOutput(_detail(assessment.pk, request.user)).data, status=201)


class AssessmentDetailApi(ApiView):
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=1, help_text="The version you read.")
        tlp = serializers.ChoiceField(choices=TLP_CHOICES, help_text="Traffic Light Protocol marking.")

    @extend_schema(summary="One assessment", tags=["assessments"], responses=AssessmentDetailOutput)
    def get(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk, with_definition=False).assessment
        return Response(AssessmentDetailOutput(_with_people(assessment)).data)

    @extend_schema(
        summary="Change the TLP marking of an assessment",
        tags=["assessments"],
        request=InputSerializer,
        responses={200: AssessmentDetailOutput, **STALE},
    )
    def patch(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_tlp_set(
            assessment=assessment,
            user=request.user,
            tlp=data.validated_data["tlp"],
            expected_version=data.validated_data["version"],
        )
        return Response(AssessmentDetailOutput(_detail(pk, request.user)).data)


class BaseSerializer(serializers.Serializer):
    answers = serializers.DictField(
        child=serializers.JSONField(allow_null=True),
        required=False,
        default=dict,
        help_text="{question key: value} as you read it (null: unanswered).",
    )
    comments = serializers.DictField(
        child=serializers.CharField(allow_blank=True, trim_whitespace=False),
        required=False,
        default=dict,
        help_text="{question key: comment} as you read it.",
    )


class AnswersApi(ApiView):
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(min_value=1, help_text="The version you read (optimistic check).")
        answers = serializers.DictField(
            child=serializers.JSONField(allow_null=True),
            required=False,
            default=dict,
            help_text='{question key: value}, e.g. {"A4": "yes", "B6": 30}. null or "" clears an answer.',
        )
        comments = serializers.DictField(
            child=serializers.CharField(allow_blank=True, max_length=2000, trim_whitespace=False),
            required=False,
            default=dict,
            help_text="{question key: comment}",
        )
        base = BaseSerializer(
            required=False,
            help_text="The answers and comments as you read them (per field). With it, the version check is per "
            "field: only what you changed from your base is written, and a save after someone else's is refused "
            "(409, `conflicts` naming the questions) only where both of you changed the same answer or comment; "
            "their other changes are kept. A question missing from the base counts as read unanswered.",
        )

    class OutputSerializer(serializers.Serializer):
        assessment = serializers.IntegerField()
        version = serializers.IntegerField()
        status = serializers.CharField()
        answered_required = serializers.IntegerField()
        total_required = serializers.IntegerField()
        answers = serializers.DictField(child=serializers.JSONField(allow_null=True))
        comments = serializers.DictField(child=serializers.CharField(allow_blank=True))

    @staticmethod
    def _output(assessment: Assessment) -> dict:
        answers, comments = selectors.answers_and_comments_for_assessment(assessment=assessment)
        return {
            "assessment": assessment.pk,
            "version": assessment.version,
            "status": assessment.status,
            "answered_required": assessment.answered_required,
            "total_required": assessment.total_required,
            "answers": answers,
            "comments": comments,
        }

    @extend_schema(
        summary="The current (draft) answers",
        description="Only for the assessment's own member state: draft answers never leave it. Others read the "
        "frozen revisions.",
        tags=["answers"],
        responses=OutputSerializer,
    )
    def get(self, request, pk: int):
        # No template version: the read never looks at the questions (its 43 KB definition was
        # 39 % of the time of this request). The output is plain JSON types already, returned as
        # OutputSerializer would give it (documented by it) without a field object per answer.
        access = selectors.assessment_access(user=request.user, pk=pk, with_definition=False, with_parties=False)
        assessment = access.assessment
        if not access.own_state:
            raise PermissionDenied(gettext("Draft answers stay within the member state; read the submitted revisions."))
        return Response(self._output(assessment))

    def _save(self, request, pk: int, *, replace: bool):
        assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data["answers"])
        comments = dict(data.validated_data["comments"])
        if replace:
            current, current_comments = selectors.answers_and_comments_for_assessment(assessment=assessment)
            for key in current:
                values.setdefault(key, None)
            for key in current_comments:
                comments.setdefault(key, "")
        base = data.validated_data.get("base")
        assessment = services.answers_save(
            assessment=assessment,
            user=request.user,
            values=values,
            comments=comments,
            expected_version=data.validated_data["version"],
            base=None if base is None else {"values": dict(base["answers"]), "comments": dict(base["comments"])},
        )
        return Response(self.OutputSerializer(self._output(assessment)).data)

    @extend_schema(
        summary="Save some answers",
        description="Validated as in the form; with any error nothing is saved and `errors` names each question. "
        "Send the `version` you read: when someone saved in between, the answer is 409. Send `base` too (the "
        "values you read) and only the questions both of you changed conflict (409 with `conflicts`); otherwise "
        "your changes are written over the current version and the other save's answers are kept.",
        tags=["answers"],
        request=InputSerializer,
        responses={200: OutputSerializer, **STALE},
    )
    def patch(self, request, pk: int):
        return self._save(request, pk, replace=False)

    @extend_schema(
        summary="Replace all answers",
        description="As PATCH, but answers and comments left out of the request are cleared. With `base`, only "
        "those your base names are cleared: an answer saved by someone else that you never read is kept.",
        tags=["answers"],
        request=InputSerializer,
        responses={200: OutputSerializer, **STALE},
    )
    def put(self, request, pk: int):
        return self._save(request, pk, replace=True)


class AssessmentSubmitApi(ApiView):
    class InputSerializer(serializers.Serializer):
        version = serializers.IntegerField(
            min_value=1, required=False, allow_null=True, help_text="The version you read (recommended)."
        )

    @extend_schema(
        summary="Submit the assessment",
        description="Freezes the answers as the next revision and queues its scoring.",
        tags=["workflow"],
        request=InputSerializer,
        responses={200: AssessmentDetailOutput, **STALE},
    )
    def post(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).require_edit()
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_submit(
            assessment=assessment, user=request.user, expected_version=data.validated_data.get("version")
        )
        return Response(AssessmentDetailOutput(_detail(pk, request.user)).data)


class AssessmentApproveApi(ApiView):
    class InputSerializer(serializers.Serializer):
        comment = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")

    @extend_schema(
        summary="Approve the submitted assessment (approvers; never your own submission)",
        tags=["workflow"],
        request=InputSerializer,
        responses={200: AssessmentDetailOutput, **STALE},
    )
    def post(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_approve(assessment=assessment, user=request.user, comment=data.validated_data["comment"])
        return Response(AssessmentDetailOutput(_detail(pk, request.user)).data)


class AssessmentReturnApi(ApiView):
    class InputSerializer(serializers.Serializer):
        comment = serializers.CharField(max_length=2000, help_text="Why: the regulator reads it.")

    @extend_schema(
        summary="Return the submitted assessment to its regulators, with the reason",
        tags=["workflow"],
        request=InputSerializer,
        responses={200: AssessmentDetailOutput, **STALE},
    )
    def post(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.assessment_return(assessment=assessment, user=request.user, comment=data.validated_data["comment"])
        return Response(AssessmentDetailOutput(_detail(pk, request.user)).data)


# ---------------------------------------------------------------------------------------------
# Scores and revisions
# ---------------------------------------------------------------------------------------------


LEVEL_HELP = "Level key: low, moderate, significant or severe (dimensions model); the band key for older rule sets."


class DimensionOutput(serializers.Serializer):
    key = serializers.CharField(help_text="risk_profile, assurance_gap or exposure.")
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    role = serializers.ChoiceField(
        choices=["supplier", "context"],
        help_text="supplier: enters the overall level; context (the exposure): shown beside it, never inside.",
    )
    score = serializers.FloatField(allow_null=True, help_text="0 (no concern) to 100; null when nothing scored.")
    score_level = serializers.CharField(help_text="The level of the score alone, before the triggers.")
    level = serializers.CharField(help_text="The level after this dimension's triggers.")
    level_label = serializers.CharField()
    confidence = serializers.FloatField(help_text="Share of the weight answered with a real answer, 0 to 1.")


class TriggerOutput(serializers.Serializer):
    id = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    min_band = serializers.CharField(help_text="The level (or band) the trigger sets at least.")
    dimension = serializers.CharField(
        default="", help_text="The dimension it raises, or overall; empty for older rule sets."
    )
    basis = serializers.CharField(default="", help_text="Its legal or Toolbox basis.")
    asset_classes = serializers.ListField(
        child=serializers.CharField(),
        default=list,
        help_text="The supplied asset classes it applies to (answer values of the supply question).",
    )


class ContributionOutput(serializers.Serializer):
    question = serializers.CharField()
    section = serializers.CharField(default="")
    dimension = serializers.CharField(default="", help_text="Empty for older rule sets.")
    answer = serializers.JSONField(allow_null=True, help_text="The answer as scored.")
    points = serializers.FloatField(help_text="Risk points of the answer, 0 to 100.")
    weight = serializers.IntegerField()
    contribution = serializers.FloatField(
        help_text="Share of the score (of its dimension's score in the dimensions model)."
    )
    rules = serializers.ListField(child=serializers.CharField(), default=list)
    rationale = serializers.CharField(default="", help_text="Why the question is weighted and scored so.")
    source = serializers.CharField(default="", help_text="The source of its weight and points.")  # type: ignore[assignment]


class ToClarifyOutput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["answer", "trigger"])
    question = serializers.CharField(default="", help_text="The question answered unknown or left unanswered.")
    trigger = serializers.CharField(default="", help_text="The trigger that cannot be decided.")
    text = serializers.CharField()
    dimension = serializers.CharField()
    reason = serializers.CharField()


class LegalStatusOutput(serializers.Serializer):
    key = serializers.ChoiceField(choices=["designated", "restricted", "under_assessment", "none"])
    label = serializers.CharField()  # type: ignore[assignment]  # a field named like Field.label
    generations = serializers.ListField(
        child=serializers.CharField(), default=list, help_text="The technology generations a restriction covers."
    )


class OverallRuleOutput(serializers.Serializer):
    id = serializers.CharField()
    version = serializers.CharField()
    text = serializers.CharField()
    rationale = serializers.CharField(default="")
    source = serializers.CharField(default="")  # type: ignore[assignment]  # a field named like Field.source


class ApprovalOutput(serializers.Serializer):
    by = serializers.CharField(help_text="Who approved the rule set.")
    at = serializers.DateTimeField()
    reason = serializers.CharField()
    version = serializers.CharField(help_text="The template version of the rule set.")


class ScoreDetail(serializers.Serializer):
    """A score with its explanation, as the viewer may see it (riskassess.confidentiality)."""

    revision = serializers.IntegerField(source="revision.number")
    model = serializers.ChoiceField(
        choices=["legacy", "dimensions"],
        help_text="dimensions: separate dimensions, no offsetting (docs/scoring.md); legacy: one weighted score.",
    )
    overall = serializers.FloatField(
        help_text="Risk from 0 (low) to 100 (high); in the dimensions model the highest supplier dimension score."
    )
    band = serializers.CharField(help_text="The overall level. " + LEVEL_HELP)
    band_label = serializers.SerializerMethodField()
    evidence_level = serializers.CharField(
        help_text="The overall level from the evidence alone: no legal status enters it. " + LEVEL_HELP
    )
    confidence = serializers.FloatField(help_text="Share of the weight answered with evidence, 0 to 1.")
    dimensions = serializers.SerializerMethodField()
    overall_rule = serializers.SerializerMethodField()
    legal_status = serializers.SerializerMethodField()
    supplied_asset_classes = serializers.ListField(
        child=serializers.CharField(),
        allow_null=True,
        help_text="The asset classes the supplier supplies in the member state; null when not stated.",
    )
    rules_version = serializers.CharField(help_text="Short form of the rule-set hash.")
    rules_hash = serializers.CharField()
    engine_version = serializers.CharField()
    approval = serializers.SerializerMethodField()
    triggers = TriggerOutput(many=True, help_text="Fired triggers, with their basis and asset classes.")
    to_clarify = ToClarifyOutput(many=True, help_text="Unknown or unanswered points, to clarify with the supplier.")
    sections = serializers.DictField(child=serializers.DictField(), help_text="{section: {score, weight, ...}}")
    contributions = serializers.SerializerMethodField()
    facts = serializers.DictField(
        child=serializers.JSONField(), help_text="Every fact the rules read, as frozen with the revision."
    )
    flags = serializers.ListField(child=serializers.DictField(), help_text="Warnings that do not change the band.")
    computed_at = serializers.DateTimeField()

    @staticmethod
    def _definition(score) -> dict:
        return score.revision.template_version.definition

    def get_band_label(self, score) -> str:
        return str(band_label(score.band, band_labels(self._definition(score))))

    @extend_schema_field(DimensionOutput(many=True))
    def get_dimensions(self, score):
        return DimensionOutput(
            [{"key": k, **d} for k, d in scoring_selectors.ordered_dimensions(score)], many=True
        ).data

    @extend_schema_field(OverallRuleOutput(allow_null=True))
    def get_overall_rule(self, score):
        return OverallRuleOutput(score.overall_rule).data if score.overall_rule else None

    @extend_schema_field(LegalStatusOutput(allow_null=True, help_text="Shown next to the levels; null for legacy."))
    def get_legal_status(self, score):
        if score.model != "dimensions":
            return None
        # score_for_viewer already withheld a confidential status; "none" reads the same either way.
        return LegalStatusOutput(legal_status_as_seen(legal_status=score.legal_status, withhold_designation=False)).data

    @extend_schema_field(ApprovalOutput(allow_null=True, help_text="Null: published before approval records."))
    def get_approval(self, score):
        record = scoring_selectors.approval_record(score.revision.template_version)
        return ApprovalOutput(record).data if record else None

    @extend_schema_field(ContributionOutput(many=True, help_text="Per question, largest first."))
    def get_contributions(self, score):
        rows = scoring_selectors.contributions_with_rationale(score=score)
        return ContributionOutput(rows, many=True).data


class ScoreApi(ApiView):
    class OutputSerializer(serializers.Serializer):
        state = serializers.ChoiceField(
            choices=["none", "queued", "delayed", "running", "done", "failed"],
            help_text="Scoring of the latest revision: none before the first submission; delayed when queued "
            "for long (workers busy or unreachable).",
        )
        current_revision = serializers.IntegerField()
        score = ScoreDetail(allow_null=True, help_text="The current score with its explanation, once there is one.")

    @extend_schema(summary="The current score and its explanation", tags=["scores"], responses=OutputSerializer)
    def get(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
        state = scoring_selectors.scoring_state_for_assessment(assessment=assessment)
        score = scoring_selectors.score_as_seen_by(user=request.user, score=state["score"])
        data = {"state": state["state"], "current_revision": assessment.current_revision, "score": score}
        return Response(self.OutputSerializer(data).data)


class ScoreSummary(serializers.Serializer):
    model = serializers.ChoiceField(choices=["legacy", "dimensions"])
    overall = serializers.FloatField()
    band = serializers.CharField(help_text="The overall level. " + LEVEL_HELP)
    evidence_level = serializers.CharField(help_text="The overall level from the evidence alone.")
    confidence = serializers.FloatField()
    rules_version = serializers.CharField()


class RevisionListApi(ApiView):
    class OutputSerializer(serializers.ModelSerializer):
        submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)
        number = serializers.IntegerField(read_only=True)
        template_version = serializers.IntegerField(source="template_version_id")
        score = serializers.SerializerMethodField()

        class Meta:
            model = Revision
            fields = ["number", "submitted_at", "submitted_by", "assessment_date", "template_version", "score"]

        @extend_schema_field(ScoreSummary(allow_null=True))
        def get_score(self, revision):
            scores = list(revision.scores.all())  # prefetched, newest first
            if not scores:
                return None
            return ScoreSummary(scoring_selectors.score_as_seen_by(user=self.context["user"], score=scores[0])).data

    @extend_schema(
        summary="The submitted revisions, newest first, with their scores",
        tags=["scores"],
        responses=OutputSerializer(many=True),
    )
    def get(self, request, pk: int):
        assessment = selectors.assessment_access(user=request.user, pk=pk).assessment
        revisions = api_selectors.revisions_with_scores(assessment=assessment)
        return Response(self.OutputSerializer(revisions, many=True, context={"user": request.user}).data)


class RevisionDetailApi(ApiView):
    class OutputSerializer(serializers.ModelSerializer):
        submitted_by = serializers.CharField(source="submitted_by.username", allow_null=True, default=None)
        template_version = serializers.IntegerField(source="template_version_id")
        answers = serializers.DictField(child=serializers.JSONField(allow_null=True))
        comments = serializers.DictField(child=serializers.CharField(allow_blank=True))
        evidence = serializers.ListField(child=serializers.DictField())
        number = serializers.IntegerField(read_only=True)
        score = serializers.SerializerMethodField()

        class Meta:
            model = Revision
            fields = [
                "number",
                "submitted_at",
                "submitted_by",
                "assessment_date",
                "template_version",
                "answers",
                "comments",
                "evidence",
                "score",
            ]

        @extend_schema_field(ScoreDetail(allow_null=True))
        def get_score(self, revision):
            score = api_selectors.score_for_revision(revision=revision)
            score = scoring_selectors.score_as_seen_by(user=self.context["user"], score=score)
            return ScoreDetail(score).data if score else None

    @extend_schema(
        summary="One submitted revision: its frozen answers, evidence and score",
        tags=["scores"],
        responses=OutputSerializer,
    )
    def get(self, request, pk: int, number: int):
        revision = selectors.revision_get_for_user(user=request.user, assessment_pk=pk, number=number)
        revision = selectors.revision_as_seen_by(user=request.user, revision=revision)
        return Response(self.OutputSerializer(revision, context={"user": request.user}).data)
