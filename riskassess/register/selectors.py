"""Reads of the restriction register, always through the confidentiality module: a confidential
record is never attributed outside its member state; an EU-level record is public unless marked."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from riskassess.confidentiality import legal_record_versions_visible, legal_records_visible_q, viewer_for_user
from riskassess.register.models import DeadlineNotice, LegalRecord, RecordState, RecordVersion
from riskassess.suppliers.models import AssetClass

FILTERS = ("supplier", "authority", "kind", "state", "technology", "asset_class", "appeal_status")


def _may_read(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.is_national or user.is_coordinator or user.is_observer
    )


def records_for_user(*, user, filters: dict[str, Any] | None = None) -> QuerySet[LegalRecord]:
    """The records `user` may see, filtered by supplier (id), authority ("EU" or a member state's
    EU code), kind, state, technology, asset class and appeal status of the current version."""
    if not _may_read(user):
        return LegalRecord.objects.none()
    viewer = viewer_for_user(user)
    qs = (
        LegalRecord.objects.filter(legal_records_visible_q(viewer))
        .select_related("supplier", "authority_state", "current")
        .order_by("supplier__name", "-eu_level", "authority_state__protocol_order", "pk")
    )
    filters = filters or {}
    if filters.get("state") != RecordState.NONE:
        # A record on which no decision was ever in force or under assessment (section D answered "no")
        # is no decision: it is listed only when asked for by its state.
        decided = RecordVersion.objects.filter(record=OuterRef("pk")).exclude(state=RecordState.NONE)
        qs = qs.filter(Exists(decided))
    if value := filters.get("supplier"):
        qs = qs.filter(supplier_id=value) if str(value).isdigit() else qs.none()
    if value := filters.get("authority"):
        qs = qs.filter(eu_level=True) if str(value).upper() == "EU" else qs.filter(authority_state__eu_code=value)
    if value := filters.get("kind"):
        qs = qs.filter(current__kind=value)
    if value := filters.get("state"):
        qs = qs.filter(current__state=value)
    if value := filters.get("appeal_status"):
        qs = qs.filter(current__appeal_status=value)
    records = qs
    if filters.get("technology") or filters.get("asset_class"):
        # JSON contents differ per backend: filtered in Python over the (few) current versions.
        wanted_t, wanted_c = filters.get("technology"), filters.get("asset_class")
        keep = [
            r.pk
            for r in qs
            if any(
                (not wanted_t or s.get("technology") in (wanted_t, ""))
                and (not wanted_c or s.get("asset_class") in (wanted_c, ""))
                for s in (r.current.scopes if r.current else [])
            )
        ]
        records = qs.filter(pk__in=keep)
    return records


def record_get_for_user(*, user, pk: int) -> LegalRecord:
    """A record `user` may see, or 404 (the same answer as a record that does not exist)."""
    try:
        return records_for_user(user=user).get(pk=pk)
    except LegalRecord.DoesNotExist:
        raise Http404 from None


def record_versions_for_user(*, user, record: LegalRecord) -> list[RecordVersion]:
    versions = list(record.versions.select_related("created_by").order_by("number"))
    return legal_record_versions_visible(versions, viewer=viewer_for_user(user), record=record)


def may_decide(
    *, user, record: LegalRecord | None = None, authority_state_id: int | None = None, eu_level=False
) -> bool:
    """Only the deciding authority writes its records: a regulator or approver of the member state,
    a coordinator for an EU-level record."""
    if record is not None:
        authority_state_id, eu_level = record.authority_state_id, record.eu_level
    if eu_level:
        return bool(getattr(user, "is_coordinator", False))
    return bool(getattr(user, "is_national", False)) and user.member_state_id == authority_state_id


def notices_for_user(*, user) -> QuerySet[DeadlineNotice]:
    """The deadline notices of the user's authority: their member state's records, or for a
    coordinator the EU-level ones."""
    qs = DeadlineNotice.objects.select_related("record", "record__supplier", "record__authority_state", "version")
    if getattr(user, "is_coordinator", False):
        return qs.filter(record__eu_level=True)
    if getattr(user, "is_national", False):
        return qs.filter(record__authority_state_id=user.member_state_id)
    return qs.none()


# ---------------------------------------------------------------------------------------------
# Flat rows for pages and exports
# ---------------------------------------------------------------------------------------------


def asset_class_names() -> dict[str, str]:
    """Asset-class code -> name, read once for all the versions a page or an export shows."""
    return dict(AssetClass.objects.values_list("code", "name"))


def scope_rows(version: RecordVersion, names: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """A version's scopes as people read them: the asset class by its name (`names`, from
    `asset_class_names()`), the technology generation by its label, the deadlines as dates (stored as ISO
    text in the version's JSON)."""
    from riskassess.register.models import Technology

    technologies = dict(Technology.choices)
    names = asset_class_names() if names is None else names
    return [
        {
            **s,
            "asset_class_label": names.get(s.get("asset_class") or "", s.get("asset_class") or ""),
            "technology_label": technologies.get(s.get("technology"), ""),
            "transition_deadline": _date(s.get("transition_deadline")),
            "phase_out_deadline": _date(s.get("phase_out_deadline")),
        }
        for s in version.scopes
    ]


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date) or value is None:
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def scope_text(version: RecordVersion, names: dict[str, str] | None = None) -> str:
    parts = []
    for s in scope_rows(version, names):
        text = s["asset_class_label"] or str(_("every asset class"))
        if s["technology_label"]:
            text += f" ({s['technology_label']})"
        dates = []
        if s["transition_deadline"]:
            dates.append(f"{_('transition')} {date_format(s['transition_deadline'])}")
        if s["phase_out_deadline"]:
            dates.append(f"{_('phase-out')} {date_format(s['phase_out_deadline'])}")
        if dates:
            text += ": " + ", ".join(dates)
        parts.append(text)
    return "; ".join(parts)


def _exemption_text(e: dict[str, Any]) -> str:
    return _("%(scope)s: %(reason)s (until %(until)s)") % {
        "scope": e.get("scope") or _("whole decision"),
        "reason": e["reason"],
        "until": e.get("until") or _("no end date"),
    }


# The export's header row: words for people (the export is not read back), in the asker's language.
HISTORY_HEADER = [
    gettext_lazy("Record"),
    gettext_lazy("Version"),
    gettext_lazy("Supplier"),
    gettext_lazy("Deciding authority"),
    gettext_lazy("Kind"),
    gettext_lazy("State"),
    gettext_lazy("Legal instrument"),
    gettext_lazy("Date of the instrument"),
    gettext_lazy("Share cap (%)"),
    gettext_lazy("Scope and deadlines"),
    gettext_lazy("Further measures"),
    gettext_lazy("Exemptions"),
    gettext_lazy("Confidential"),
    gettext_lazy("Appeal or litigation"),
    gettext_lazy("Court"),
    gettext_lazy("Case reference"),
    gettext_lazy("Why"),
    gettext_lazy("Recorded by"),
    gettext_lazy("Recorded at"),
]


def history_rows(*, user, records) -> list[list[Any]]:
    """One row per visible version of each record, oldest first."""
    rows = []
    names = asset_class_names()
    for record in records:
        for v in record_versions_for_user(user=user, record=record):
            rows.append(
                [
                    record.pk,
                    v.number,
                    record.supplier.name,
                    record.authority_label,
                    v.get_kind_display(),
                    v.get_state_display(),
                    v.instrument,
                    v.instrument_date.isoformat() if v.instrument_date else "",
                    str(v.share_cap_percent) if v.share_cap_percent is not None else "",
                    scope_text(v, names),
                    ", ".join(v.measures),
                    "; ".join(
                        _("%(scope)s: %(reason)s (until %(until)s)")
                        % {"scope": e["scope"], "reason": e["reason"], "until": e["until"] or _("no end date")}
                        for e in v.exemptions
                    ),
                    _("yes") if v.confidential else _("no"),
                    v.get_appeal_status_display() + (f" ({v.litigation_notes})" if v.litigation_notes else ""),
                    v.court,
                    v.case_reference,
                    v.reason,
                    v.created_by.get_username() if v.created_by else "",
                    v.created_at.isoformat(timespec="minutes"),
                ]
            )
    return rows
