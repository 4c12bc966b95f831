"""Generated PDF reports: what was asked, from which data (the fingerprint), and the file made.

A report is made once per (kind, fingerprint): asking again for a report of unchanged data returns
the done one. The fingerprint covers the data (ids and update times of what the report reads), the
kind, the TLP marking, the audience (confidential details differ by audience) and the version of
the report templates and of the rule set.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy

from riskassess.accounts.models import MemberState
from riskassess.core.tlp import TLP_CHOICES, TLP_DEFAULT, TLP_VALUES
from riskassess.questionnaires.models import Assessment, Campaign
from riskassess.suppliers.models import Supplier

AUDIENCE_EU = "eu"


def report_upload_to(instance: "Report", filename: str) -> str:
    return f"reports/{instance.kind}/{filename}"


class Report(models.Model):
    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", gettext_lazy("Assessment report")
        MEMBER_STATE = "member_state", gettext_lazy("Member-state overview")
        SUPPLIER = "supplier", gettext_lazy("Supplier EU profile")
        EU = "eu", gettext_lazy("EU-wide report")
        TOOLBOX = "toolbox", gettext_lazy("Toolbox implementation")
        HEARING = "hearing", gettext_lazy("Record of the procedure")

    class Status(models.TextChoices):
        QUEUED = "queued", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True)
    tlp = models.CharField("TLP marking", max_length=20, choices=TLP_CHOICES, default=TLP_DEFAULT)
    # What the report is about (as its kind needs).
    assessment = models.ForeignKey(Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports")
    score = models.ForeignKey("scoring.Score", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports")
    member_state = models.ForeignKey(
        MemberState, null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    supplier = models.ForeignKey(Supplier, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    campaign = models.ForeignKey(Campaign, null=True, blank=True, on_delete=models.PROTECT, related_name="reports")
    # The record of a hearing's procedure (riskassess.hearings).
    hearing = models.ForeignKey(
        "hearings.Hearing", null=True, blank=True, on_delete=models.PROTECT, related_name="reports"
    )
    # Who may read it: the ISO code of the member state it was made for, or "eu" (redacted).
    audience = models.CharField(max_length=4)
    fingerprint = models.CharField(max_length=64, db_index=True)
    # The language the PDF is written in (the asker's when requested); part of the fingerprint.
    language = models.CharField(max_length=8, default="en", choices=settings.LANGUAGES)
    file = models.FileField(upload_to=report_upload_to, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    page_count = models.PositiveIntegerField(null=True, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "fingerprint"],
                condition=models.Q(status="done"),
                name="one_done_report_per_fingerprint",
            ),
            models.CheckConstraint(
                name="report_tlp_known",
                condition=models.Q(tlp__in=list(TLP_VALUES)),
            ),
        ]
        indexes = [models.Index(fields=["kind", "fingerprint", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.status})"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def tlp_key(self) -> str:
        """css-friendly key of the marking: clear, green, amber, amber-strict, red."""
        return self.tlp.removeprefix("TLP:").lower().replace("+", "-")

    @property
    def filename(self) -> str:
        return f"riskassess-{self.kind.replace('_', '-')}-{self.pk}.pdf"
