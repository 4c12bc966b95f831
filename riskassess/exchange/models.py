"""Exchange bundles for the NIS Cooperation Group and ENISA (docs/exchange.md).

- ExchangeOptIn: a member state's choice, per campaign, to put its own records in the bundles;
- ImportedBundle / ImportedRecord: a bundle of another instance, imported whole (one transaction).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from riskassess.accounts.models import MemberState
from riskassess.questionnaires.models import Campaign


class ExchangeOptIn(models.Model):
    member_state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="exchange_opt_ins")
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="exchange_opt_ins")
    opted_in = models.BooleanField(_("share our records in exchange bundles"), default=False)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member_state", "campaign"], name="one_opt_in_per_state_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.member_state} / {self.campaign}: {'in' if self.opted_in else 'out'}"


class ImportedBundle(models.Model):
    bundle_id = models.UUIDField(unique=True)
    format_version = models.PositiveSmallIntegerField()
    issuer = models.CharField(max_length=200)
    campaign_slug = models.SlugField(max_length=200)
    campaign_name = models.CharField(max_length=200)
    exported_at = models.DateTimeField()
    signer_certificate_sha256 = models.CharField(max_length=64)
    aggregates = models.JSONField(default=dict)
    sha256 = models.CharField(max_length=64, help_text=_("SHA-256 of the signed payload"))
    imported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return f"{self.issuer}: {self.campaign_name} ({self.exported_at:%Y-%m-%d})"


class ImportedRecord(models.Model):
    bundle = models.ForeignKey(ImportedBundle, on_delete=models.CASCADE, related_name="records")
    member_state = models.CharField(max_length=2)
    supplier = models.CharField(max_length=200)
    data = models.JSONField(default=dict)

    class Meta:
        ordering = ["member_state", "supplier", "id"]

    def __str__(self) -> str:
        return f"{self.member_state} / {self.supplier}"
