"""Writes of the restriction register. Every change is a new immutable `RecordVersion`.

The stable entry point for other subsystems (a hearing that ends in a decision, the API, section D
of the questionnaire) is `decision_record`; `record_amend` makes a new version of an existing
record from its current one. Both keep the per-state current designation (the derived
`suppliers.Designation` row, read by the older consumers) in step with the register.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from riskassess.core.exceptions import ApplicationError
from riskassess.register.models import (
    EU_KEY_ASSET_PHASE_OUT_MONTHS,
    AppealStatus,
    DeadlineNotice,
    LegalRecord,
    RecordKind,
    RecordState,
    RecordVersion,
    Technology,
)

_TECHNOLOGIES = {t.value for t in Technology}
_KINDS = {k.value for k in RecordKind}
_STATES = {s.value for s in RecordState}
_APPEALS = {a.value for a in AppealStatus}


def add_months(day: dt.date, months: int) -> dt.date:
    """`day` plus whole months, clamped to the end of a shorter month."""
    import calendar

    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _as_date(value: Any) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise ApplicationError(_("“%(value)s” is not a date (YYYY-MM-DD).") % {"value": value}) from None


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _scope_key(item: Any) -> tuple[str, str]:
    if isinstance(item, str):
        return ("" if item == "all" else item, "")
    if isinstance(item, Mapping):
        asset_class = str(item.get("asset_class") or "")
        return ("" if asset_class == "all" else asset_class, str(item.get("technology") or ""))
    if isinstance(item, (tuple, list)) and len(item) == 2:
        return (str(item[0] or ""), str(item[1] or ""))
    raise ApplicationError(
        _("A scope is an asset class, a technology generation or both, not %(item)r.") % {"item": item}
    )


def normalise_scopes(
    *,
    scopes: Iterable[Any],
    deadlines: Iterable[Any] | Mapping[str, Any] = (),
    eu_level: bool = False,
    kind: str = RecordKind.DESIGNATION,
    instrument_date: dt.date | None = None,
    strict: bool = True,
) -> list[dict[str, Any]]:
    """The stored scope list: one entry per (asset class, technology generation), each with its
    transition and phase-out deadline.

    `scopes`: asset class codes, or {"asset_class", "technology"} mappings ("" or missing: all).
    A stored scope says whether it was `listed` as a scope or only named by a deadline.
    `deadlines`: {"asset_class", "technology", "transition", "phase_out"} mappings (the most
    specific match applies to a scope; a deadline for a scope not listed adds it), or the older
    {asset_class: phase-out date} mapping. An EU-level restriction of a key asset without a
    phase-out date is phased out 36 months after the decision (revised Cybersecurity Act).
    `strict`: refuse an asset class the reference data does not know (section D's answers are
    checked against the template's choices instead, as before the register)."""
    from riskassess.suppliers.models import AssetClass

    known = set(AssetClass.objects.values_list("code", flat=True))
    entries: dict[tuple[str, str], dict[str, Any]] = {}

    def entry(key: tuple[str, str], listed: bool = True) -> dict[str, Any]:
        asset_class, technology = key
        if strict and asset_class and asset_class not in known:
            raise ApplicationError(_("Unknown asset class “%(asset_class)s”.") % {"asset_class": asset_class})
        if technology and technology not in _TECHNOLOGIES:
            raise ApplicationError(_("Unknown technology generation “%(technology)s”.") % {"technology": technology})
        return entries.setdefault(
            key,
            {
                "asset_class": asset_class,
                "technology": technology,
                "listed": listed,
                "transition_deadline": None,
                "phase_out_deadline": None,
            },
        )

    for item in scopes or ():
        entry(_scope_key(item))
    if isinstance(deadlines, Mapping):
        deadlines = [{"asset_class": k, "phase_out": v} for k, v in deadlines.items()]
    given: list[tuple[tuple[str, str], dt.date | None, dt.date | None]] = []
    for item in deadlines or ():
        if not isinstance(item, Mapping):
            raise ApplicationError(_("A deadline names its scope and its transition or phase-out date."))
        key = _scope_key(item)
        transition = _as_date(item.get("transition") or item.get("transition_deadline"))
        phase_out = _as_date(item.get("phase_out") or item.get("phase_out_deadline") or item.get("date"))
        if transition and phase_out and transition > phase_out:
            raise ApplicationError(_("The transition deadline cannot fall after the phase-out deadline."))
        given.append((key, transition, phase_out))

    def specificity(key: tuple[str, str], scope: tuple[str, str]) -> int:
        # 3 exact, 2 same class any generation, 1 any class same generation, 0 all; -1 no match.
        if key == scope:
            return 3
        if key[0] == scope[0] and not key[1]:
            return 2
        if not key[0] and key[1] == scope[1]:
            return 1
        if key == ("", ""):
            return 0
        return -1

    listed_keys = list(entries)
    for key, _transition, _phase_out in given:  # a deadline for a scope not listed adds it
        if not any(specificity(key, scope_key) >= 0 for scope_key in listed_keys):
            entry(key, listed=False)
    for scope_key, scope in entries.items():
        best = -1
        for key, transition, phase_out in given:
            rank = specificity(key, scope_key)
            if rank > best:
                best = rank
                scope["transition_deadline"] = _iso(transition)
                scope["phase_out_deadline"] = _iso(phase_out)
    if eu_level and instrument_date and kind != RecordKind.CONDITIONS:
        key_assets = set(AssetClass.objects.filter(is_key_asset=True).values_list("code", flat=True))
        default = _iso(add_months(instrument_date, EU_KEY_ASSET_PHASE_OUT_MONTHS))
        if not entries:
            entry(("", ""))
        for scope in entries.values():
            if scope["phase_out_deadline"] is None and (not scope["asset_class"] or scope["asset_class"] in key_assets):
                scope["phase_out_deadline"] = default
    return sorted(entries.values(), key=lambda s: (s["asset_class"], s["technology"]))


def normalise_exemptions(exemptions: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for item in exemptions or ():
        if not isinstance(item, Mapping) or not str(item.get("reason") or "").strip():
            raise ApplicationError(_("Every exemption gives its reason."))
        out.append(
            {
                "scope": str(item.get("scope") or "")[:300],
                "reason": str(item["reason"]).strip()[:2000],
                "until": _iso(_as_date(item.get("until"))),
            }
        )
    return out


@transaction.atomic
def decision_record(
    *,
    authority_state=None,
    eu_level: bool = False,
    supplier,
    kind: str,
    instrument: str,
    instrument_date: dt.date | str | None,
    scopes: Iterable[Any] = (),
    deadlines: Iterable[Any] | Mapping[str, Any] = (),
    exemptions: Iterable[Any] = (),
    confidential: bool,
    appeal_status: str = AppealStatus.NONE,
    court: str = "",
    case_reference: str = "",
    litigation_notes: str = "",
    share_cap_percent: Decimal | float | str | None = None,
    state: str = RecordState.IN_FORCE,
    measures: Iterable[str] = (),
    footprint: Iterable[Any] = (),
    individual_decisions: Iterable[Any] = (),
    other_countries: Iterable[str] = (),
    notes: str = "",
    reason: str,
    user,
    hearing=None,
    record: LegalRecord | None = None,
    source_assessment=None,
    source_revision: int | None = None,
    from_questionnaire: bool = False,
) -> RecordVersion:
    """Record a decision on `supplier` in the register and return its new version.

    Without `record`, a new legal record of the deciding authority (`authority_state`, a
    MemberState, or `eu_level=True`); with it, a new version of that record (the authority must be
    the record's). `hearing` (any object with a pk, or a pk) is kept on the version as the
    procedure that led to it. Raises ApplicationError on an invalid decision; nothing is written
    then."""
    from riskassess.audit.services import audit_log

    if eu_level == (authority_state is not None):
        raise ApplicationError(_("A decision is taken by one member state or at EU level, not both or neither."))
    if kind not in _KINDS:
        raise ApplicationError(_("Unknown kind of decision “%(kind)s”.") % {"kind": kind})
    if state not in _STATES:
        raise ApplicationError(_("Unknown state “%(state)s”.") % {"state": state})
    if appeal_status not in _APPEALS:
        raise ApplicationError(_("Unknown appeal status “%(appeal_status)s”.") % {"appeal_status": appeal_status})
    if not str(reason or "").strip():
        raise ApplicationError(_("Say why the register changes."))
    instrument_day = _as_date(instrument_date)
    # (Section D of the questionnaire requires both itself; a record carried over may lack them.)
    if (
        state == RecordState.IN_FORCE
        and not from_questionnaire
        and not (str(instrument or "").strip() and instrument_day)
    ):
        raise ApplicationError(_("A decision in force names its legal instrument and its date."))
    cap = None
    if share_cap_percent not in (None, ""):
        cap = Decimal(str(share_cap_percent))
        if not Decimal(0) <= cap <= Decimal(100):
            raise ApplicationError(_("A share cap is a percentage between 0 and 100."))
    if kind == RecordKind.SHARE_CAP and state == RecordState.IN_FORCE and cap is None:
        raise ApplicationError(_("A share cap gives the cap."))
    if (
        appeal_status in (AppealStatus.APPEALED, AppealStatus.LITIGATION_PENDING)
        and not (court or "").strip()
        and not (litigation_notes or "").strip()
    ):
        raise ApplicationError(_("An appeal or litigation names its court."))
    measures = sorted({str(m) for m in measures or ()} - {kind})
    if set(measures) - _KINDS:
        raise ApplicationError(
            _("Unknown measure “%(measures)s”.") % {"measures": ", ".join(sorted(set(measures) - _KINDS))}
        )

    state_id = getattr(authority_state, "pk", authority_state)
    if record is None:
        if from_questionnaire:
            record, _created = LegalRecord.objects.select_for_update().get_or_create(
                authority_state_id=state_id,
                supplier_id=supplier.pk,
                from_questionnaire=True,
                defaults={"eu_level": False},
            )
        else:
            record = LegalRecord.objects.create(authority_state_id=state_id, eu_level=eu_level, supplier=supplier)
    else:
        record = LegalRecord.objects.select_for_update().get(pk=record.pk)
        if record.eu_level != eu_level or record.authority_state_id != state_id or record.supplier_id != supplier.pk:
            raise ApplicationError(_("Only the deciding authority amends its record, on the same supplier."))
    number = (record.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = RecordVersion(
        record=record,
        number=number,
        kind=kind,
        state=state,
        instrument=str(instrument or "")[:300],
        instrument_date=instrument_day,
        share_cap_percent=cap,
        scopes=normalise_scopes(
            scopes=scopes,
            deadlines=deadlines,
            eu_level=eu_level,
            kind=kind,
            instrument_date=instrument_day,
            strict=not from_questionnaire,
        ),
        exemptions=normalise_exemptions(exemptions),
        measures=measures,
        footprint=[dict(f) for f in footprint or () if isinstance(f, Mapping)],
        individual_decisions=[dict(d) for d in individual_decisions or () if isinstance(d, Mapping)],
        other_countries=sorted({str(c).upper()[:2] for c in other_countries or () if c}),
        confidential=bool(confidential),
        appeal_status=appeal_status,
        court=court[:200],
        case_reference=case_reference[:100],
        litigation_notes=litigation_notes,
        notes=notes,
        reason=str(reason).strip(),
        created_by=user if getattr(user, "is_authenticated", False) else None,
        source_assessment=source_assessment,
        source_revision=source_revision,
        hearing_pk=getattr(hearing, "pk", hearing),
    )
    version.full_clean(exclude=["record", "created_by", "source_assessment"])
    version.save()
    record.current = version
    record.save(update_fields=["current"])
    audit_log(
        action="create" if number == 1 else "update",
        actor=version.created_by,
        obj=record,
        summary=f"Register: {version}",
        data={"version": number, "kind": kind, "state": state, "reason": version.reason, "hearing": version.hearing_pk},
    )
    if not eu_level:
        designation_project(member_state_id=state_id, supplier_id=supplier.pk)
    from riskassess.dashboard.services import dashboard_invalidate

    dashboard_invalidate(campaign_id=None)  # the register is not tied to a campaign
    return version


_AMENDABLE = (
    "kind",
    "state",
    "instrument",
    "instrument_date",
    "scopes",
    "deadlines",
    "exemptions",
    "confidential",
    "appeal_status",
    "court",
    "case_reference",
    "litigation_notes",
    "share_cap_percent",
    "measures",
    "footprint",
    "individual_decisions",
    "other_countries",
    "notes",
)


def record_amend(
    *, record: LegalRecord, user, reason: str, hearing=None, source_assessment=None, source_revision=None, **changes
) -> RecordVersion:
    """A new version of `record`: its current version with `changes` applied (any of
    `_AMENDABLE`; `scopes` replaces the scopes with their deadlines unless `deadlines` is given)."""
    unknown = set(changes) - set(_AMENDABLE)
    if unknown:
        raise ApplicationError(_("Cannot amend %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    current = record.current
    if current is None:
        raise ApplicationError(_("This record has no version to amend."))
    values: dict[str, Any] = {field: getattr(current, field) for field in _AMENDABLE if field != "deadlines"}
    values["deadlines"] = [
        {
            "asset_class": s["asset_class"],
            "technology": s["technology"],
            "transition": s["transition_deadline"],
            "phase_out": s["phase_out_deadline"],
        }
        for s in current.scopes
        if s.get("transition_deadline") or s.get("phase_out_deadline")
    ]
    if "scopes" in changes and "deadlines" not in changes:
        values["deadlines"] = [
            {**s, "transition": s.get("transition_deadline"), "phase_out": s.get("phase_out_deadline")}
            for s in changes["scopes"]
            if isinstance(s, Mapping)
        ]
    values.update(changes)
    return decision_record(
        authority_state=record.authority_state,
        eu_level=record.eu_level,
        supplier=record.supplier,
        record=record,
        reason=reason,
        user=user,
        hearing=hearing,
        source_assessment=source_assessment or current.source_assessment,
        source_revision=source_revision if source_assessment else current.source_revision,
        from_questionnaire=record.from_questionnaire,
        **values,
    )


# ---------------------------------------------------------------------------------------------
# The derived current designation per (member state, supplier) (suppliers.Designation)
# ---------------------------------------------------------------------------------------------

_STRENGTH: dict[str, int] = {
    RecordKind.FULL_EXCLUSION: 6,
    RecordKind.DESIGNATION: 5,
    RecordKind.SECTOR_EXCLUSION: 4,
    RecordKind.RESTRICTION: 3,
    RecordKind.SHARE_CAP: 2,
    RecordKind.CONDITIONS: 1,
}


def designation_status(version: RecordVersion) -> str:
    """The designation status a version stands for: high_risk, restricted, under_assessment, none."""
    if version.state == RecordState.UNDER_ASSESSMENT:
        return "under_assessment"
    if version.state != RecordState.IN_FORCE:
        return "none"
    return "high_risk" if version.kind == RecordKind.DESIGNATION else "restricted"


def leading_version(versions: Iterable[RecordVersion]) -> RecordVersion | None:
    """Of the current versions of a state's records on one supplier, the one its designation shows:
    a decision in force before one under assessment before none; then the stronger kind; then the
    latest decision."""
    order: dict[str, int] = {RecordState.IN_FORCE: 2, RecordState.UNDER_ASSESSMENT: 1, RecordState.NONE: 0}
    return max(
        versions,
        key=lambda v: (order.get(v.state, 0), _STRENGTH.get(v.kind, 0), v.instrument_date or dt.date.min, v.pk),
        default=None,
    )


def designation_project(*, member_state_id: int, supplier_id: int):
    """Write the derived `Designation` row of (member state, supplier) from its register records
    (their current versions); remove it when the state has none. Returns the row or None."""
    from riskassess.suppliers.models import AssetClass, Designation

    versions = list(
        RecordVersion.objects.filter(
            current_of__authority_state_id=member_state_id, current_of__supplier_id=supplier_id
        ).select_related("source_assessment")
    )
    lead = leading_version(versions)
    if lead is None:
        Designation.objects.filter(member_state_id=member_state_id, supplier_id=supplier_id).delete()
        return None
    # Per asset class its earliest phase-out date (of any technology generation).
    phase_out: dict[str, str] = {}
    for s in lead.scopes:
        when = s.get("phase_out_deadline")
        if when:
            key = s["asset_class"] or "all"
            phase_out[key] = min(phase_out.get(key, when), when)
    appeal = lead.litigation_notes or (
        "" if lead.appeal_status == AppealStatus.NONE else lead.get_appeal_status_display()
    )
    designation, _created = Designation.objects.update_or_create(
        member_state_id=member_state_id,
        supplier_id=supplier_id,
        defaults={
            "status": designation_status(lead),
            "legal_instrument": lead.instrument,
            "decided_on": lead.instrument_date,
            "phase_out": phase_out,
            "confidential": lead.confidential,
            "appeal_status": str(appeal)[:200],
            "notes": lead.notes,
            "source_assessment": lead.source_assessment,
        },
    )
    listed = {s["asset_class"] for s in lead.scopes if s["asset_class"] and s.get("listed", True)}
    designation.asset_classes.set(AssetClass.objects.filter(code__in=listed))
    return designation


# ---------------------------------------------------------------------------------------------
# Deadlines that pass: a notice to the deciding authority (beat task register_deadline_notices)
# ---------------------------------------------------------------------------------------------


def deadline_notices_raise(*, today: dt.date | None = None) -> list[DeadlineNotice]:
    """Raise one notice per passed transition or phase-out deadline of a decision in force (once
    per record, scope and date), and e-mail it to the deciding authority: the regulators and
    approvers of the member state, or the coordinators for an EU-level record. Returns the new
    notices."""
    from riskassess.register.notices import notice_send

    today = today or timezone.localdate()
    new: list[DeadlineNotice] = []
    versions = RecordVersion.objects.filter(current_of__isnull=False, state=RecordState.IN_FORCE).select_related(
        "record", "record__supplier", "record__authority_state"
    )
    for version in versions:
        for scope in version.scopes:
            for deadline_kind in ("transition", "phase_out"):
                day = _as_date(scope.get(f"{deadline_kind}_deadline"))
                if day is None or day >= today:
                    continue
                notice, created = DeadlineNotice.objects.get_or_create(
                    record=version.record,
                    asset_class=scope.get("asset_class") or "",
                    technology=scope.get("technology") or "",
                    deadline_kind=deadline_kind,
                    deadline=day,
                    defaults={"version": version},
                )
                if created:
                    new.append(notice)
    for notice in new:
        if notice_send(notice=notice):
            DeadlineNotice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())
    return new


def deadline_notice_mark_read(*, notice: DeadlineNotice, user) -> DeadlineNotice:
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice


# ---------------------------------------------------------------------------------------------
# Designation-shaped writes (reference data, demo and bench data, tests): into the register
# ---------------------------------------------------------------------------------------------

_STATUS_TO_RECORD = {
    "high_risk": (RecordKind.DESIGNATION, RecordState.IN_FORCE),
    "restricted": (RecordKind.RESTRICTION, RecordState.IN_FORCE),
    "under_assessment": (RecordKind.DESIGNATION, RecordState.UNDER_ASSESSMENT),
    "none": (RecordKind.DESIGNATION, RecordState.NONE),
}


def designation_record(
    *,
    member_state,
    supplier,
    status: str,
    legal_instrument: str = "",
    decided_on: dt.date | str | None = None,
    asset_classes: Iterable[Any] = (),
    phase_out: Mapping[str, Any] | None = None,
    confidential: bool = False,
    appeal_status: str = "",
    notes: str = "",
    source_assessment=None,
    reason: str = "Recorded as a designation",
    user=None,
):
    """Record the member state's designation of `supplier` in its questionnaire record (the shape
    of `suppliers.Designation`: status high_risk / restricted / under_assessment / none, asset
    classes, {asset class: phase-out date}, appeal status as text) and return the derived
    designation row."""
    from riskassess.suppliers.models import Designation

    if status not in _STATUS_TO_RECORD:
        raise ApplicationError(_("Unknown designation status “%(status)s”.") % {"status": status})
    kind, state = _STATUS_TO_RECORD[status]
    state_id = getattr(member_state, "pk", member_state)
    record = LegalRecord.objects.filter(
        authority_state_id=state_id, supplier_id=supplier.pk, from_questionnaire=True
    ).first()
    decision_record(
        authority_state=member_state,
        supplier=supplier,
        kind=kind,
        state=state,
        instrument=legal_instrument,
        instrument_date=decided_on,
        scopes=[getattr(c, "code", c) for c in asset_classes],
        deadlines=dict(phase_out or {}),
        confidential=confidential,
        appeal_status=AppealStatus.APPEALED if appeal_status else AppealStatus.NONE,
        litigation_notes=appeal_status,
        notes=notes,
        source_assessment=source_assessment,
        reason=reason,
        user=user,
        record=record,
        from_questionnaire=True,
    )
    return Designation.objects.get(member_state_id=state_id, supplier_id=supplier.pk)


def records_from_designations(designations: Iterable[Any], *, reason: str) -> int:
    """Bulk: a questionnaire record with a first version for each designation row that has no
    register record yet (bench data written in bulk). Returns how many were made."""
    designations = list(designations)
    have = set(
        LegalRecord.objects.filter(
            from_questionnaire=True, supplier_id__in={d.supplier_id for d in designations}
        ).values_list("authority_state_id", "supplier_id")
    )
    todo = [d for d in designations if (d.member_state_id, d.supplier_id) not in have]
    records = LegalRecord.objects.bulk_create(
        [
            LegalRecord(authority_state_id=d.member_state_id, supplier_id=d.supplier_id, from_questionnaire=True)
            for d in todo
        ]
    )
    if records and records[0].pk is None:  # backends without RETURNING
        by_pair = {
            (r.authority_state_id, r.supplier_id): r
            for r in LegalRecord.objects.filter(from_questionnaire=True, supplier_id__in={d.supplier_id for d in todo})
        }
        records = [by_pair[(d.member_state_id, d.supplier_id)] for d in todo]
    classes: dict[int, list[str]] = {}
    through = todo[0].asset_classes.through if todo else None
    if through is not None:
        for designation_id, code in through.objects.filter(designation_id__in=[d.pk for d in todo]).values_list(
            "designation_id", "assetclass__code"
        ):
            classes.setdefault(designation_id, []).append(code)
    versions = []
    for designation, record in zip(todo, records, strict=True):
        kind, state = _STATUS_TO_RECORD.get(designation.status, (RecordKind.DESIGNATION, RecordState.NONE))
        scopes: dict[str, dict[str, Any]] = {
            c: {"asset_class": c, "technology": "", "listed": True} for c in classes.get(designation.pk, [])
        }
        for code, when in (designation.phase_out or {}).items():
            key = "" if code == "all" else str(code)
            scopes.setdefault(key, {"asset_class": key, "technology": "", "listed": False})
            scopes[key]["phase_out_deadline"] = str(when)[:10] if when else None
        for scope in scopes.values():
            scope.setdefault("transition_deadline", None)
            scope.setdefault("phase_out_deadline", None)
        versions.append(
            RecordVersion(
                record=record,
                number=1,
                kind=kind,
                state=state,
                instrument=designation.legal_instrument,
                instrument_date=designation.decided_on,
                scopes=sorted(scopes.values(), key=lambda s: (s["asset_class"], s["technology"])),
                confidential=designation.confidential,
                appeal_status=AppealStatus.APPEALED if designation.appeal_status else AppealStatus.NONE,
                litigation_notes=designation.appeal_status,
                notes=designation.notes,
                reason=reason,
                source_assessment_id=designation.source_assessment_id,
            )
        )
    RecordVersion.objects.bulk_create(versions)
    current = {
        v.record_id: v.pk for v in RecordVersion.objects.filter(record__in=records, number=1).only("pk", "record_id")
    }
    for record in records:
        record.current_id = current[record.pk]
    LegalRecord.objects.bulk_update(records, ["current"])
    return len(records)
