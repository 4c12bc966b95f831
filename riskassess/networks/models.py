"""The networks of the member states: their mobile network operators, the operators' equipment by
supplier (the inventory, base of phase-out tracking), and each state's implementation of the EU 5G
Toolbox measures.

- Operator: reference data of one member state.
- InventoryShare: the share of one supplier in one operator's network part and technology
  generation, as of a date (sites, units or traffic, as the state collects it). Written only by
  riskassess.networks.services (browser entry and file import), which keeps InventorySnapshot, the
  summary per (operator, part, generation, date), up to date in the same transaction.
- ToolboxMeasureStatus: one entry per (member state, measure) and change, entered by the state's
  regulator and reviewed by its approver (four eyes); the latest approved entry is the state's
  status of the measure.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from riskassess.accounts.models import MemberState
from riskassess.suppliers.models import Supplier


class Operator(models.Model):
    """A mobile network operator of one member state."""

    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="operators")
    code = models.SlugField(_("code"), max_length=40, help_text=_("Short code used in import files."))
    name = models.CharField(_("name"), max_length=120)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["member_state__protocol_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["member_state", "code"], name="unique_operator_code_per_state"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.member_state.eu_code})"


class Generation(models.TextChoices):
    LEGACY = "2g4g", _("2G to 4G")
    NSA = "5g_nsa", _("5G non-standalone")
    SA = "5g_sa", _("5G standalone")


class Measure(models.TextChoices):
    SITES = "sites", _("sites")
    UNITS = "units", _("units")
    TRAFFIC = "traffic", _("traffic")


class InventoryImport(models.Model):
    """One accepted inventory file (or browser entry): who sent it and what it held."""

    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="inventory_imports")
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    rows = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.member_state.eu_code} import #{self.pk} ({self.rows} rows)"


class InventoryShare(models.Model):
    """The share (0-100 %) of one supplier in one operator's network part and generation, as of a date.

    `part` is a network part code (riskassess.networks.parts): radio access, core, transport,
    OSS/management and orchestration, or an asset class code of the reference data. The member
    state is stored beside the operator so that the phase-out reads filter by state and supplier
    on one index without a join.
    """

    # No index of their own on the foreign keys: the unique constraint (operator first) and the
    # phase-out index (supplier first) serve every read, and each index costs the import time.
    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="+", db_index=False)
    operator = models.ForeignKey(Operator, on_delete=models.PROTECT, related_name="shares", db_index=False)
    part = models.CharField(max_length=40)
    generation = models.CharField(max_length=8, choices=Generation.choices)
    supplier = models.ForeignKey(Supplier, on_delete=models.PROTECT, related_name="+", db_index=False)
    measure = models.CharField(max_length=8, choices=Measure.choices, default=Measure.SITES)
    share = models.FloatField(help_text=_("Per cent of the operator's part and generation."))
    as_of = models.DateField()
    source = models.ForeignKey(
        InventoryImport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        ordering = ["operator", "part", "generation", "-as_of", "supplier"]
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "part", "generation", "as_of", "supplier"], name="one_share_per_key_and_date"
            ),
            models.CheckConstraint(
                name="inventory_share_in_range", condition=models.Q(share__gte=0) & models.Q(share__lte=100)
            ),
        ]
        indexes = [
            # The phase-out reads: restricted suppliers of a state (or of all states, for the EU
            # view of radio access and core), grouped by part and date; `share` is in the index,
            # so they are answered from the index alone.
            models.Index(
                fields=["supplier", "part", "member_state", "as_of", "operator", "share"], name="inv_phaseout_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operator} {self.part} {self.generation} {self.as_of}: {self.share} %"


class InventorySnapshot(models.Model):
    """Summary of one (operator, part, generation, date) of the inventory: the sum of the suppliers'
    shares and their number. Maintained by the inventory services, never edited by hand; the
    phase-out reads take their denominators and the dates from here instead of the shares."""

    member_state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="+", db_index=False)
    operator = models.ForeignKey(Operator, on_delete=models.CASCADE, related_name="snapshots", db_index=False)
    part = models.CharField(max_length=40)
    generation = models.CharField(max_length=8, choices=Generation.choices)
    as_of = models.DateField()
    total_share = models.FloatField()
    suppliers = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["operator", "part", "generation", "as_of"], name="one_snapshot_per_key_and_date"
            ),
        ]
        indexes = [
            models.Index(fields=["member_state", "part", "as_of", "operator", "total_share"], name="inv_snapshot_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.operator} {self.part} {self.generation} {self.as_of}: {self.total_share} %"


class InventoryStateSummary(models.Model):
    """Summary of a state's inventory per (network part, date, supplier): the suppliers' shares summed
    over its operators and generations; `supplier` empty: the denominator, 100 for each operator and
    generation reported on that date.
    Maintained by the inventory services for the dates an import touches; the EU phase-out view
    reads only this table (a few thousand rows instead of millions of shares)."""

    member_state = models.ForeignKey(MemberState, on_delete=models.CASCADE, related_name="+", db_index=False)
    part = models.CharField(max_length=40)
    as_of = models.DateField()
    supplier = models.ForeignKey(Supplier, null=True, on_delete=models.CASCADE, related_name="+", db_index=False)
    share_sum = models.FloatField()

    class Meta:
        indexes = [
            models.Index(
                fields=["part", "supplier", "member_state", "as_of", "share_sum"], name="inv_state_summary_idx"
            ),
            models.Index(fields=["member_state", "as_of"], name="inv_state_summary_date_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.member_state_id} {self.part} {self.as_of} {self.supplier_id}: {self.share_sum}"


class ToolboxStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PREPARATION = "in_preparation", _("In preparation")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTED = "implemented", _("Implemented")


class ReviewState(models.TextChoices):
    PENDING = "pending", _("Awaiting review")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class ToolboxMeasureStatus(models.Model):
    """One entry of a member state's implementation of a Toolbox measure (riskassess.networks.toolbox):
    entered by a regulator of the state, approved or returned by an approver of the state who did
    not enter it. Entries are never edited: a change is a new entry."""

    member_state = models.ForeignKey(MemberState, on_delete=models.PROTECT, related_name="toolbox_entries")
    measure = models.CharField(max_length=4)
    status = models.CharField(max_length=16, choices=ToolboxStatus.choices)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    status_date = models.DateField(_("date"), null=True, blank=True)
    evidence = models.CharField(
        _("evidence"), max_length=500, blank=True, help_text=_("A reference or address of the published act.")
    )
    review = models.CharField(max_length=10, choices=ReviewState.choices, default=ReviewState.PENDING)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(blank=True)

    class Meta:
        ordering = ["member_state__protocol_order", "measure", "-id"]
        indexes = [models.Index(fields=["review", "member_state", "measure", "id"], name="toolbox_review_idx")]
        verbose_name_plural = "toolbox measure statuses"

    def __str__(self) -> str:
        return f"{self.member_state.eu_code} {self.measure}: {self.get_status_display()} ({self.review})"
