"""Questionnaire templates (versioned, immutable once published), campaigns, assessments, answers,
frozen revisions and evidence.

The questions and scoring rules of a template version live in `TemplateVersion.definition`, the
validated form of the YAML file (see docs/questionnaire-format.md and
riskassess/questionnaires/template_format/). Answers are typed JSON values validated against it.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy

from riskassess.accounts.models import MemberState
from riskassess.core.models import TimeStampedModel
from riskassess.core.tlp import TLP_DEFAULT
from riskassess.suppliers.models import Supplier


class QuestionnaireTemplate(TimeStampedModel):
    key = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PUBLISHED = "published", gettext_lazy("Published")

    template = models.ForeignKey(QuestionnaireTemplate, on_delete=models.PROTECT, related_name="versions")
    version = models.CharField(max_length=40)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    # The validated, normalised template (sections, questions, scoring rules) as a dict.
    definition = models.JSONField()
    # Hash of the scoring rules: the "rule-set version" printed on every score and report.
    rules_hash = models.CharField(max_length=64, db_index=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # The approval record of the rule set (who, when, why), required to publish a rule set of the
    # dimensions model. The name is kept as text so the record survives the user account.
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by_name = models.CharField(max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approval_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["template", "-created_at"]
        constraints = [models.UniqueConstraint(fields=["template", "version"], name="unique_template_version")]

    def __str__(self) -> str:
        return f"{self.template.key} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def rules_version(self) -> str:
        """Short form of the rule-set hash, as shown to users."""
        return self.rules_hash[:12]

    def save(self, *args, **kwargs):
        # A published version is immutable: a change is a new version.
        if self.pk:
            stored = TemplateVersion.objects.filter(pk=self.pk).values("status", "definition", "version").first()
            if stored and stored["status"] == self.Status.PUBLISHED:
                if (stored["definition"], stored["version"], self.Status.PUBLISHED) != (
                    self.definition,
                    self.version,
                    self.status,
                ):
                    raise ValidationError(
                        gettext("A published template version is immutable; import a new version instead.")
                    )
        super().save(*args, **kwargs)


class TemplateTranslation(TimeStampedModel):
    """The wording of a template version in one language other than English, kept with the version
    (template_format/translations.py, docs/translations.md): for display only. The English of the
    definition stays authoritative; answers and scores never see a translation. Translations can be
    corrected and reviewed after the version is published: they change no key, type or number."""

    class Review(models.TextChoices):
        REVIEWED = "reviewed", gettext_lazy("Reviewed")
        NOT_REVIEWED = "not reviewed", gettext_lazy("Not reviewed")

    template_version = models.ForeignKey(TemplateVersion, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    review_status = models.CharField(max_length=20, choices=Review.choices, default=Review.NOT_REVIEWED)
    reviewed_by = models.CharField(max_length=200, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    # {path: translation} for the translated texts (paths of template_format.texts.wording); the
    # paths marked missing in the file, in the order of the definition.
    texts = models.JSONField(default=dict)
    missing = models.JSONField(default=list)

    class Meta:
        ordering = ["template_version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["template_version", "language"], name="one_translation_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.template_version} ({self.language})"

    @property
    def is_reviewed(self) -> bool:
        return self.review_status == self.Review.REVIEWED


class Campaign(TimeStampedModel):
    class Status(models.TextChoices):
        PLANNED = "planned", gettext_lazy("Planned")
        OPEN = "open", gettext_lazy("Open")
        CLOSED = "closed", gettext_lazy("Closed")

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="campaigns")
    opens_on = models.DateField()
    deadline = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)

    class Meta:
        ordering = ["-opens_on"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    def clean(self) -> None:
        if self.deadline and self.opens_on and self.deadline < self.opens_on:
            raise ValidationError({"deadline": gettext_lazy("The deadline must be on or after the opening date.")})
        if self.template_version_id and not self.template_version.is_published:
            message = gettext_lazy("A campaign must use a published template version.")
            raise ValidationError({"template_version": message})


class StateDeadline(TimeStampedModel):
    """A campaign's deadline extended for one member state (set in the coordinator console). Where
    there is none, the state's deadline is the campaign's."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="state_deadlines")
    member_state = models.ForeignKey("accounts.MemberState", on_delete=models.CASCADE, related_name="+")
    deadline = models.DateField()
    reason = models.CharField(max_length=300, blank=True)
    extended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["campaign", "member_state"], name="one_deadline_per_campaign_state")
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id}:{self.member_state_id}:{self.deadline}"


class Assessment(TimeStampedModel):
    """One member state x one supplier x one campaign."""

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        SUBMITTED = "submitted", gettext_lazy("Submitted")
        RETURNED = "returned", gettext_lazy("Returned")
        APPROVED = "approved", gettext_lazy("Approved")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessments")
    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="assessments")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="assessments")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True)
    # Optimistic concurrency: every save of answers bumps it; a save from a stale page is refused.
    version = models.PositiveIntegerField(default=1)
    # Number of the latest frozen revision (0 = never submitted).
    current_revision = models.PositiveIntegerField(default=0)
    # Denormalised progress for list pages (recomputed by the answer services).
    answered_required = models.PositiveSmallIntegerField(default=0)
    total_required = models.PositiveSmallIntegerField(default=0)
    # Traffic Light Protocol marking chosen by the member state for this assessment.
    tlp = models.CharField(max_length=20, default=TLP_DEFAULT)  # one of core.tlp.TLP_VALUES
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["campaign", "member_state__protocol_order", "supplier__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member_state", "supplier"], name="one_assessment_per_campaign_state_supplier"
            )
        ]
        indexes = [models.Index(fields=["campaign", "member_state", "status"])]

    def __str__(self) -> str:
        return f"{self.member_state.eu_code} / {self.supplier} / {self.campaign}"

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE and self.campaign.status != Campaign.Status.CLOSED


class Answer(models.Model):
    """The current (draft) value of one question in one assessment. Frozen copies live in Revision."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    question_key = models.CharField(max_length=20)
    value = models.JSONField(null=True, blank=True)
    comment = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # Copied from the state's previous campaign ("start from last year") and not yet confirmed.
    # db_default: bulk loads that name no value for it (the bench data set) write False too.
    carried_over = models.BooleanField(default=False, db_default=False)

    class Meta:
        ordering = ["assessment_id", "question_key"]
        constraints = [models.UniqueConstraint(fields=["assessment", "question_key"], name="one_answer_per_question")]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.question_key}"


class ReviewComment(models.Model):
    """An approver's comment on one question of one submitted revision, shown to the regulators at
    that question when the assessment comes back to them."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="review_comments")
    revision_number = models.PositiveIntegerField()
    question_key = models.CharField(max_length=20)
    text = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assessment_id", "question_key", "revision_number", "created_at"]
        indexes = [models.Index(fields=["assessment", "revision_number"])]

    def __str__(self) -> str:
        return f"{self.assessment_id}:{self.revision_number}:{self.question_key}"


class Revision(models.Model):
    """The answers as they were at one submission, numbered 1, 2, ... per assessment. Immutable."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    template_version = models.ForeignKey(TemplateVersion, on_delete=models.PROTECT, related_name="+")
    # {question_key: value} of the visible, answered questions at submission.
    answers = models.JSONField()
    # {question_key: comment}
    comments = models.JSONField(default=dict)
    # [{id, question_key, item_id, name, sha256, size, content_type, url, description}]
    evidence = models.JSONField(default=list)
    # The date the scoring rules are applied at (certificate validity, age of test evidence).
    assessment_date = models.DateField()
    # Every fact about the supplier the scoring rules read, frozen at submission
    # ({"supplier_named_in_2023_communication": true}); empty for revisions made before it was kept.
    facts = models.JSONField(default=dict, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()

    class Meta:
        ordering = ["assessment_id", "number"]
        constraints = [models.UniqueConstraint(fields=["assessment", "number"], name="unique_revision_number")]

    def __str__(self) -> str:
        return f"{self.assessment_id} r{self.number}"


def evidence_upload_to(instance: "Evidence", filename: str) -> str:
    # Never trust the client's name for the stored path.
    return f"evidence/{instance.assessment_id}/{uuid.uuid4().hex}"


class Evidence(TimeStampedModel):
    """An uploaded file or a reference (URL), attached to one question of an assessment and,
    for repeatable groups (certificates, test reports), to one item of it (`item_id`)."""

    class Kind(models.TextChoices):
        FILE = "file", gettext_lazy("File")
        REFERENCE = "reference", gettext_lazy("Reference")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    question_key = models.CharField(max_length=20)
    item_id = models.CharField(max_length=32, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.FILE)
    file = models.FileField(upload_to=evidence_upload_to, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    url = models.URLField(max_length=500, blank=True)
    description = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["assessment_id", "question_key", "created_at"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.original_name or self.url
