"""Writes for suppliers: reference data and the register of national designations."""

from django.db import transaction
from django.utils.translation import gettext

from riskassess.accounts.models import MemberState
from riskassess.accounts.reference import MEMBER_STATES
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.suppliers.models import AssetClass, Designation, Supplier
from riskassess.suppliers.reference import ASSET_CLASSES, SUPPLIERS

# ---------------------------------------------------------------------------------------------
# Reference data (member states, suppliers, asset classes)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def reference_data_load() -> dict[str, int]:
    """Create or update the 27 member states, the main suppliers and the asset classes.

    Idempotent: a second run changes nothing. Returns counts per kind and how many rows were
    created.
    """
    created = 0
    for row in MEMBER_STATES:
        _, was_created = MemberState.objects.update_or_create(
            iso_code=row["iso_code"], defaults={k: v for k, v in row.items() if k != "iso_code"}
        )
        created += was_created
    for row in ASSET_CLASSES:
        _, was_created = AssetClass.objects.update_or_create(
            code=row["code"], defaults={k: v for k, v in row.items() if k != "code"}
        )
        created += was_created
    for row in SUPPLIERS:
        _, was_created = Supplier.objects.update_or_create(
            name=row["name"], defaults={k: v for k, v in row.items() if k != "name"}
        )
        created += was_created
    return {
        "member_states": MemberState.objects.count(),
        "asset_classes": AssetClass.objects.count(),
        "suppliers": Supplier.objects.count(),
        "created": created,
    }


# ---------------------------------------------------------------------------------------------
# Designations: written from the restriction register (riskassess.register), never directly
# ---------------------------------------------------------------------------------------------


def designation_sync_from_revision(*, revision, user) -> Designation | None:
    """Write the member state's register record from an approved revision's section D (a new
    version; riskassess.register.section_d) and return the derived designation row.

    Nothing changes when the revision does not answer D1."""
    from riskassess.register.section_d import register_sync_from_revision

    version = register_sync_from_revision(revision=revision, user=user)
    if version is None:
        return None
    assessment = revision.assessment
    return Designation.objects.filter(
        member_state_id=assessment.member_state_id, supplier_id=assessment.supplier_id
    ).first()


# ---------------------------------------------------------------------------------------------
# Merging duplicate suppliers (admin action)
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def supplier_merge(*, keep: Supplier, duplicates, user=None) -> Supplier:
    """Move the assessments, designations and products of `duplicates` to `keep`, record their
    names as aliases of `keep`, and retire them (inactive, `merged_into=keep`; kept for history).

    Refused (ApplicationError, nothing changed) where a member state has an assessment of both in
    the same campaign, or a designation of both: those must be resolved by hand first.
    """
    from riskassess.audit.services import audit_log
    from riskassess.core.exceptions import ApplicationError
    from riskassess.questionnaires.models import Assessment
    from riskassess.suppliers.models import Product

    duplicates = [d for d in duplicates if d.pk != keep.pk]
    if not duplicates:
        raise ApplicationError(gettext("Choose at least one duplicate besides the supplier to keep."))
    if not keep.is_active or keep.merged_into_id:
        raise ApplicationError(
            gettext("%(supplier)s was itself merged into another supplier; keep that one instead.") % {"supplier": keep}
        )
    duplicate_ids = [d.pk for d in duplicates]
    list(Supplier.objects.select_for_update().filter(pk__in=[keep.pk, *duplicate_ids]).values_list("pk"))

    kept_assessments = set(Assessment.objects.filter(supplier=keep).values_list("campaign_id", "member_state_id"))
    kept_designations = set(Designation.objects.filter(supplier=keep).values_list("member_state_id", flat=True))
    designation_clashes: list[str] = []
    for ms_id, code in Designation.objects.filter(supplier_id__in=duplicate_ids).values_list(
        "member_state_id", "member_state__eu_code"
    ):
        if ms_id in kept_designations:
            designation_clashes.append(code)
        kept_designations.add(ms_id)
    # An assessment clashes with one of `keep`, or with one of another duplicate.
    clashes: list[str] = []
    seen_assessments = set(kept_assessments)
    for campaign_id, ms_id, campaign_name, code in Assessment.objects.filter(supplier_id__in=duplicate_ids).values_list(
        "campaign_id", "member_state_id", "campaign__name", "member_state__eu_code"
    ):
        if (campaign_id, ms_id) in seen_assessments:
            clashes.append(f"{campaign_name} / {code}")
        seen_assessments.add((campaign_id, ms_id))
    if clashes or designation_clashes:
        errors = {}
        if clashes:
            errors["assessments"] = [gettext("Assessed twice in %(what)s.") % {"what": c} for c in sorted(set(clashes))]
        if designation_clashes:
            errors["designations"] = [
                gettext("Designated twice by %(member_state)s.") % {"member_state": c}
                for c in sorted(set(designation_clashes))
            ]
        raise ApplicationError(
            gettext(
                "These suppliers cannot be merged yet: some member states have an assessment or a designation of "
                "more than one of them. Resolve those first."
            ),
            errors=errors,
        )

    moved_assessments = Assessment.objects.filter(supplier_id__in=duplicate_ids).update(supplier=keep)
    moved_designations = Designation.objects.filter(supplier_id__in=duplicate_ids).update(supplier=keep)
    from riskassess.register.models import LegalRecord

    LegalRecord.objects.filter(supplier_id__in=duplicate_ids).update(supplier=keep)  # with their versions
    kept_products = set(keep.products.values_list("name", flat=True))
    moved_products = (
        Product.objects.filter(supplier_id__in=duplicate_ids).exclude(name__in=kept_products).update(supplier=keep)
    )
    aliases = list(keep.aliases or [])
    for duplicate in duplicates:
        for name in [duplicate.name, *(duplicate.aliases or [])]:
            if name and name != keep.name and name not in aliases:
                aliases.append(name)
    keep.aliases = aliases
    keep.save(update_fields=["aliases", "updated_at"])
    Supplier.objects.filter(pk__in=duplicate_ids).update(is_active=False, merged_into=keep)
    dashboard_invalidate(campaign_id=None)
    audit_log(
        action="update",
        actor=user if getattr(user, "is_authenticated", False) else None,
        obj=keep,
        summary=f"Merged {', '.join(d.name for d in duplicates)} into {keep.name}",
        data={
            "duplicates": duplicate_ids,
            "assessments": moved_assessments,
            "designations": moved_designations,
            "products": moved_products,
        },
    )
    return keep
