"""The sealed archive: one PDF/A-3, sealed with PAdES, per done report (see sealing.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from riskassess.reports.models import Report


def sealed_upload_to(instance: "SealedReport", filename: str) -> str:
    return f"sealed/{instance.report.kind}/{filename}"


class SealedReport(models.Model):
    class Status(models.TextChoices):
        DONE = "done", _("Sealed")
        FAILED = "failed", _("Failed")

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="sealed")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DONE)
    file = models.FileField(upload_to=sealed_upload_to, blank=True)
    # SHA-256 of the sealed file as stored, and of the embedded data (canonical JSON)
    sha256 = models.CharField(max_length=64, blank=True, db_index=True)
    data = models.JSONField(default=dict, blank=True)
    data_sha256 = models.CharField(max_length=64, blank=True)
    certificate_sha256 = models.CharField(max_length=64, blank=True)
    timestamped = models.BooleanField(default=False)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    sealed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sealed_at", "-id"]

    def __str__(self) -> str:
        return f"Sealed {self.report}"

    @property
    def filename(self) -> str:
        return self.report.filename.removesuffix(".pdf") + "-sealed.pdf"
