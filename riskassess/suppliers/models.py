"""Suppliers (one identity across the 27 member states), their products, asset classes, and the
current national designation per member state (derived from the restriction register)."""

from django.db import models
from django.utils.translation import gettext, gettext_lazy

from riskassess.accounts.models import MemberState
from riskassess.core.models import TimeStampedModel


class AssetClass(models.Model):
    """Network asset class (DOMAIN.md 3.2): `core_nf`, `ran_general`, ..."""

    code = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=120)
    is_key_asset = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name_plural = "asset classes"

    def __str__(self) -> str:
        return self.name


class Supplier(TimeStampedModel):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    legal_entity = models.CharField(max_length=200, blank=True)
    lei = models.CharField("LEI", max_length=20, blank=True)
    hq_country = models.CharField("HQ country (ISO 3166-1 alpha-2)", max_length=2)
    parent_group = models.CharField(max_length=200, blank=True)
    aliases = models.JSONField(default=list, blank=True)
    named_in_2023_communication = models.BooleanField(default=False)
    # A duplicate merged into another supplier is kept (history points at it) but inactive.
    merged_into = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """NFKC names, no bidi or control characters, no second supplier that looks the same
        (riskassess/suppliers/names.py)."""
        from django.core.exceptions import ValidationError

        from riskassess.suppliers.names import confusable_with, name_problem, normalise_name

        super().clean()
        problem = name_problem(self.name or "")
        if problem:
            raise ValidationError({"name": problem})
        self.name = normalise_name(self.name or "")
        self.aliases = [normalise_name(a) for a in (self.aliases or []) if isinstance(a, str) and not name_problem(a)]
        twin = confusable_with(self.name, exclude_pk=self.pk)
        if twin is not None:
            raise ValidationError(
                {
                    "name": gettext(
                        "This name looks the same as the supplier “%(supplier)s”. If it is the same company, use "
                        "that supplier (or merge them); otherwise choose a name that reads differently."
                    )
                    % {"supplier": twin}
                }
            )


class Product(TimeStampedModel):
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="products")
    name = models.CharField(max_length=200)
    asset_class = models.ForeignKey(AssetClass, on_delete=models.PROTECT, related_name="products")

    class Meta:
        ordering = ["supplier", "name"]
        constraints = [models.UniqueConstraint(fields=["supplier", "name"], name="unique_product_per_supplier")]

    def __str__(self) -> str:
        return f"{self.supplier}: {self.name}"


class DesignationStatus(models.TextChoices):
    HIGH_RISK = "high_risk", gettext_lazy("Designated high-risk / non-secure")
    RESTRICTED = "restricted", gettext_lazy("Restricted")
    UNDER_ASSESSMENT = "under_assessment", gettext_lazy("Under assessment")
    NONE = "none", gettext_lazy("No designation")


class Designation(TimeStampedModel):
    """The current designation of a supplier in a member state: one row per (member state,
    supplier), derived from the restriction register (riskassess.register: the leading current
    version of the state's legal records), written only by `register.services.designation_project`;
    the history lives in the register. A confidential designation
    is never attributed to its member state outside that state, and counts in EU aggregates only
    where at least 3 member states designate the same supplier.
    """

    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="designations")
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="designations")
    status = models.CharField(max_length=20, choices=DesignationStatus.choices, default=DesignationStatus.NONE)
    legal_instrument = models.CharField(max_length=300, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    asset_classes = models.ManyToManyField(AssetClass, blank=True, related_name="designations")
    # {"core_nf": "2026-12-31", ...}
    phase_out = models.JSONField(default=dict, blank=True)
    confidential = models.BooleanField(default=False)
    appeal_status = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    source_assessment = models.ForeignKey(
        "questionnaires.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["supplier__name", "member_state__protocol_order"]
        constraints = [
            models.UniqueConstraint(fields=["member_state", "supplier"], name="one_designation_per_state_and_supplier")
        ]

    def __str__(self) -> str:
        return f"{self.member_state.eu_code} / {self.supplier}: {self.get_status_display()}"
