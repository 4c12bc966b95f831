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
# Designation register, written from an approved assessment (section D of the questionnaire)
# ---------------------------------------------------------------------------------------------

# D1 answer -> register status.
_D1_STATUS = {
    "yes": "high_risk",
    "designated": "high_risk",
    "high_risk": "high_risk",
    "restricted": "restricted",
    "under_assessment": "under_assessment",
    "no": "none",
    "none": "none",
}


def _section_d_details(definition, answers) -> dict:
    """Instrument, date, confidentiality, scope and phase-out read from the designation answers,
    by the keys the template names in its `confidentiality` block
    (riskassess.confidentiality.confidentiality_spec): never from the wording of a question."""
    from riskassess.confidentiality import answers_say_confidential, confidential_question, confidentiality_spec

    register = confidentiality_spec(definition)["register"]
    details: dict = {}
    key = register.get("legal_instrument")
    if key and answers.get(key) not in (None, ""):
        details["legal_instrument"] = str(answers[key])[:300]
    key = register.get("decided_on")
    if key and answers.get(key) not in (None, ""):
        details["decided_on"] = answers[key]
    question, _value = confidential_question(definition)
    if answers.get(question) not in (None, ""):
        details["confidential"] = answers_say_confidential(definition, answers)
    key = register.get("asset_classes")
    if key and isinstance(answers.get(key), list):
        details["asset_classes"] = [v for v in answers[key] if isinstance(v, str)]
    key = register.get("phase_out")
    value = answers.get(key) if key else None
    if value not in (None, "", []):
        phase_out: dict[str, str] = {}
        if isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                when = item.get("date") or item.get("deadline") or item.get("phase_out_date")
                if item.get("asset_class") and when:
                    phase_out[str(item["asset_class"])] = str(when)
        elif isinstance(value, str):
            phase_out["all"] = value
        details["phase_out"] = phase_out
    return details


@transaction.atomic
def designation_sync_from_revision(*, revision, user) -> Designation | None:
    """Write the register entry of (member state, supplier) from an approved revision's section D.

    Nothing changes when the revision does not answer D1. Returns the designation row written.
    """
    from riskassess.audit.services import audit_log

    assessment = revision.assessment
    answers = revision.answers or {}
    from riskassess.confidentiality import confidentiality_spec

    status_key = confidentiality_spec(revision.template_version.definition)["register"].get("status", "")
    status = _D1_STATUS.get(str(answers.get(status_key, "")).lower())
    if status is None:
        return None
    details = _section_d_details(revision.template_version.definition, answers)
    defaults = {"status": status, "source_assessment": assessment}
    for field in ("legal_instrument", "decided_on", "confidential", "phase_out"):
        if field in details:
            defaults[field] = details[field]
    designation, created = Designation.objects.update_or_create(
        member_state_id=assessment.member_state_id, supplier_id=assessment.supplier_id, defaults=defaults
    )
    if "asset_classes" in details:
        designation.asset_classes.set(AssetClass.objects.filter(code__in=details["asset_classes"]))
    audit_log(
        action="create" if created else "update",
        actor=user if getattr(user, "is_authenticated", False) else None,
        obj=designation,
        summary=f"Designation register: {designation} (from revision {revision.number} of assessment {assessment.pk})",
        data={"status": status, "revision": revision.number, "assessment": assessment.pk},
    )
    dashboard_invalidate(campaign_id=None)  # the register is not tied to a campaign
    return designation


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
        raise ApplicationError(f"{keep} was itself merged into another supplier; keep that one instead.")
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
            errors["assessments"] = [f"Assessed twice in {c}." for c in sorted(set(clashes))]
        if designation_clashes:
            errors["designations"] = [f"Designated twice by {c}." for c in sorted(set(designation_clashes))]
        raise ApplicationError(
            "These suppliers cannot be merged yet: some member states have an assessment or a designation of "
            "more than one of them. Resolve those first.",
            errors=errors,
        )

    moved_assessments = Assessment.objects.filter(supplier_id__in=duplicate_ids).update(supplier=keep)
    moved_designations = Designation.objects.filter(supplier_id__in=duplicate_ids).update(supplier=keep)
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
