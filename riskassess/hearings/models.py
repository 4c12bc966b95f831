"""The supplier's right to be heard (revised Cybersecurity Act, COM(2026) 11) and the supplier's
own factual statements.

A Hearing is opened by one authority (a member state's regulator, or an EU coordinator for an
EU-level procedure) on one supplier: the grounds, the documents disclosed to the supplier (each
TLP-marked, with what is withheld and why), a deadline. The supplier answers (HearingAnswer:
statements and files); extensions are recorded (HearingExtension); the authority decides with
reasons that cite the supplier's answers; the decision feeds the restriction register. Every step
is dated here and written to the audit trail (riskassess.hearings.services).
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from riskassess.accounts.models import MemberState
from riskassess.core.models import TimeStampedModel
from riskassess.core.tlp import TLP_CHOICES
from riskassess.suppliers.models import Supplier


class Outcome(models.TextChoices):
    """What the authority decided after hearing the supplier (register kinds, or no measure)."""

    NO_MEASURE = "no_measure", _("No measure")
    DESIGNATION = "designation", _("Designated high-risk or non-secure")
    RESTRICTION = "restriction", _("Restricted without designation")
    SHARE_CAP = "share_cap", _("Cap on the supplier's share")
    SECTOR_EXCLUSION = "sector_exclusion", _("Excluded from government or critical-sector networks")
    FULL_EXCLUSION = "full_exclusion", _("Full exclusion")
    CONDITIONS = "conditions", _("Use allowed under conditions")


class Hearing(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for the supplier's answer")
        DECIDED = "decided", _("Decided")

    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="hearings")
    # The authority that hears: a member state, or none for an EU-level procedure.
    member_state = models.ForeignKey(
        MemberState, null=True, blank=True, on_delete=models.PROTECT, related_name="hearings"
    )
    subject = models.CharField(max_length=200)
    grounds = models.TextField()
    # The open "to be clarified" points taken over from the state's latest score, as opened.
    open_points = models.JSONField(default=list, blank=True)
    source_assessment = models.ForeignKey(
        "questionnaires.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deadline = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    reasoning = models.TextField(blank=True)
    instrument = models.CharField(max_length=300, blank=True)
    instrument_date = models.DateField(null=True, blank=True)
    # What the decision covers, as it enters the register: asset class codes (empty: every class),
    # whether the authority keeps it confidential, the share cap of a "share_cap" decision.
    scopes = models.JSONField(default=list, blank=True)
    confidential = models.BooleanField(default=False)
    share_cap_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    cited_answers: "models.ManyToManyField[HearingAnswer, Any]" = models.ManyToManyField(
        "HearingAnswer", blank=True, related_name="cited_by"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # The register entry the decision made (riskassess.register), by id.
    register_record_id = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["supplier", "status"])]

    def __str__(self) -> str:
        return f"hearing {self.pk}: {self.supplier} ({self.authority_label})"

    @property
    def eu_level(self) -> bool:
        return self.member_state_id is None

    @property
    def authority_label(self) -> str:
        if self.member_state is None:
            return str(_("European Union (EU-level procedure)"))
        return self.member_state.authority_name or self.member_state.name


class HearingDocument(models.Model):
    """A document disclosed to the supplier, with its TLP marking and what is withheld and why."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True)
    tlp = models.CharField(max_length=20, choices=TLP_CHOICES, default="TLP:AMBER")
    withheld = models.TextField(blank=True)
    withheld_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.tlp})"


class StoredFileMixin(models.Model):
    """An uploaded file checked by content (questionnaires/filetypes.py), random path, SHA-256."""

    file = models.FileField(upload_to="hearings/%Y/%m/", blank=True, max_length=200)
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        abstract = True


class HearingAnswer(StoredFileMixin):
    """A statement (and optionally a document) the supplier sent in answer to a hearing."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="answers")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    statement = models.TextField()
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["submitted_at", "pk"]

    def __str__(self) -> str:
        return f"answer {self.pk} to hearing {self.hearing_id}"


class HearingExtension(models.Model):
    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="extensions")
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    previous_deadline = models.DateField()
    new_deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"extension of hearing {self.hearing_id} to {self.new_deadline}"


class DeadlineReminder(models.Model):
    """One reminder mail per hearing, deadline and number of days before it (sent once)."""

    hearing = models.ForeignKey(Hearing, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["hearing", "deadline", "days_before"], name="one_reminder_per_deadline_day")
        ]

    def __str__(self) -> str:
        return f"reminder {self.days_before} days before {self.deadline} (hearing {self.hearing_id})"


class StatementTopic(models.TextChoices):
    LEGAL_ENTITY = "legal_entity", _("Legal entity")
    OWNERSHIP = "ownership", _("Ownership and control")
    MANUFACTURING = "manufacturing", _("Manufacturing countries")
    CERTIFICATE = "certificate", _("Certificate or test report")
    SUPPORT = "support", _("Support locations")


class SupplierStatement(StoredFileMixin):
    """A fact the supplier states once for all member states. Regulators see it beside their own
    answers and may take it over into their answer (marked as taken from the statement)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="statements")
    topic = models.CharField(max_length=20, choices=StatementTopic.choices)
    text = models.TextField()
    stated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["topic", "pk"]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.get_topic_display()}"
