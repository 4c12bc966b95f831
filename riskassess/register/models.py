"""The restriction register: legal records (one per decision on a supplier) and their immutable
versions.

A record is decided by one authority: a member state, or the EU under the revised Cybersecurity
Act. Every change (the first decision, an amendment, an appeal outcome, a lift) is a new
`RecordVersion` with who, when and why; nothing is edited in place. The record's `current` version
is the one in force. Writes go through `riskassess.register.services` only.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from riskassess.accounts.models import MemberState
from riskassess.suppliers.models import Supplier

# The revised Cybersecurity Act (COM(2026) 11): phase-out of an EU-designated supplier from key
# assets within 36 months of the decision (the default where the decision names no date).
EU_KEY_ASSET_PHASE_OUT_MONTHS = 36


class RecordKind(models.TextChoices):
    DESIGNATION = "designation", _("Designated high-risk or non-secure")
    RESTRICTION = "restriction", _("Restricted without designation")
    SHARE_CAP = "share_cap", _("Cap on the supplier's share")
    SECTOR_EXCLUSION = "sector_exclusion", _("Excluded from government or critical-sector networks")
    FULL_EXCLUSION = "full_exclusion", _("Full exclusion")
    CONDITIONS = "conditions", _("Use allowed under conditions")


class RecordState(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    UNDER_ASSESSMENT = "under_assessment", _("Under assessment, no decision in force")
    NONE = "none", _("No decision in force")


class Technology(models.TextChoices):
    """Technology generations a scope can name; empty means every generation."""

    G2_4 = "g2_4", _("2G to 4G")
    G5 = "g5", _("5G, standalone and non-standalone")
    G5_NSA = "g5_nsa", _("5G non-standalone")
    G5_SA = "g5_sa", _("5G standalone")


class AppealStatus(models.TextChoices):
    NONE = "none", _("No appeal")
    APPEAL_POSSIBLE = "appeal_possible", _("Appeal still possible")
    APPEALED = "appealed", _("Appeal lodged")
    LITIGATION_PENDING = "litigation_pending", _("Litigation pending")
    UPHELD = "upheld", _("Upheld by the court")
    ANNULLED = "annulled", _("Annulled by the court")
    SETTLED = "settled", _("Settled or withdrawn")


class LegalRecord(models.Model):
    """One decision on one supplier by one authority; its content lives in its versions."""

    authority_state = models.ForeignKey(
        MemberState, null=True, blank=True, on_delete=models.PROTECT, related_name="legal_records"
    )
    eu_level = models.BooleanField(default=False)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="legal_records")
    # The record section D of the questionnaire reads and writes (one per state and supplier).
    from_questionnaire = models.BooleanField(default=False)
    current = models.OneToOneField(
        "RecordVersion", null=True, blank=True, on_delete=models.PROTECT, related_name="current_of"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["supplier__name", "-eu_level", "authority_state__protocol_order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(eu_level=True, authority_state__isnull=True)
                | models.Q(eu_level=False, authority_state__isnull=False),
                name="record_decided_by_one_authority",
            ),
            models.UniqueConstraint(
                fields=["authority_state", "supplier"],
                condition=models.Q(from_questionnaire=True),
                name="one_questionnaire_record_per_state_and_supplier",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authority_label} / {self.supplier}"

    @property
    def authority_label(self) -> str:
        if self.eu_level:
            return "EU"
        return self.authority_state.eu_code if self.authority_state else "?"


class RecordVersion(models.Model):
    """One immutable state of a legal record. Never updated or deleted once saved.

    `scopes`: [{"asset_class": "core_nf" or "" (every asset class), "technology": "g5_sa" or ""
    (every generation), "listed": whether named as a scope or only by a deadline,
    "transition_deadline": "YYYY-MM-DD" or null, "phase_out_deadline": "YYYY-MM-DD" or null}, ...].
    `exemptions`: [{"scope": free text, "reason": text, "until": "YYYY-MM-DD" or null}, ...].
    """

    record = models.ForeignKey(LegalRecord, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    state = models.CharField(max_length=20, choices=RecordState.choices, default=RecordState.IN_FORCE)
    instrument = models.CharField(max_length=300, blank=True)
    instrument_date = models.DateField(null=True, blank=True)
    share_cap_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    scopes = models.JSONField(default=list, blank=True)
    # Further measures of the same decision beyond its kind: ["share_cap", "sector_exclusion", ...].
    measures = models.JSONField(default=list, blank=True)
    exemptions = models.JSONField(default=list, blank=True)
    confidential = models.BooleanField(default=False)
    appeal_status = models.CharField(max_length=20, choices=AppealStatus.choices, default=AppealStatus.NONE)
    court = models.CharField(max_length=200, blank=True)
    case_reference = models.CharField(max_length=100, blank=True)
    litigation_notes = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    # What section D of the questionnaire also says about the decision, kept with it: the
    # supplier's footprint in key assets ([{"asset_class", "share"}]), individual decisions on its
    # equipment ([{"decision", "date", "component", "asset_class", "outcome"}]) and the other
    # countries known to designate it (ISO codes).
    footprint = models.JSONField(default=list, blank=True)
    individual_decisions = models.JSONField(default=list, blank=True)
    other_countries = models.JSONField(default=list, blank=True)
    # Who, when, why.
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Where the version came from: an approved questionnaire revision, or a hearing's decision.
    source_assessment = models.ForeignKey(
        "questionnaires.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_revision = models.PositiveIntegerField(null=True, blank=True)
    hearing_pk = models.PositiveBigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["record", "number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="one_number_per_record_version")]

    def __str__(self) -> str:
        return f"{self.record} v{self.number}: {self.get_kind_display()} ({self.get_state_display()})"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise ValidationError(_("A register version is immutable: record a new version instead."))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(_("A register version is never deleted."))

    @property
    def restricts(self) -> bool:
        return self.state == RecordState.IN_FORCE


class DeadlineNotice(models.Model):
    """A passed transition or phase-out deadline, raised once to the deciding authority."""

    record = models.ForeignKey(LegalRecord, on_delete=models.PROTECT, related_name="notices")
    version = models.ForeignKey(RecordVersion, on_delete=models.PROTECT, related_name="notices")
    asset_class = models.CharField(max_length=40, blank=True)
    technology = models.CharField(max_length=10, blank=True)
    deadline_kind = models.CharField(
        max_length=20, choices=[("transition", _("Transition")), ("phase_out", _("Phase-out"))]
    )
    deadline = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "asset_class", "technology", "deadline_kind", "deadline"],
                name="one_notice_per_deadline",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record}: {self.get_deadline_kind_display()} {self.deadline}"
