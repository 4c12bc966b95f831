"""Reads of the networks: restriction deadlines, phase-out tracking, the inventory, the Toolbox tracker.

Every read of the register's deadlines goes through `restriction_deadlines()`: when the register
becomes versioned legal records, only that function changes.

Confidentiality: a state's confidential restriction (riskassess.suppliers.selectors.
confidential_designation_pairs) is never attributed to it outside the state: the per-state phase-out
read by a coordinator leaves it out, the EU view counts a supplier as high-risk only where that
rests on public decisions (or on decisions of at least MIN_STATES states, never named), and EU
aggregate cells over fewer than MIN_STATES states are not shown.

The phase-out reads are bounded: a fixed number of queries whatever the size of the inventory, each
answered from an index (restricted suppliers' shares grouped by part and date) or from the summary
table InventorySnapshot, never by reading every share.
"""

import calendar
import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy

from riskassess.accounts.models import MemberState
from riskassess.confidentiality import confidential_designation_pairs
from riskassess.dashboard.export_format import DEFAULT_TLP, ExportMeta
from riskassess.networks import parts as netparts
from riskassess.networks.charts import status_label
from riskassess.networks.models import (
    Generation,
    InventoryImport,
    InventoryShare,
    InventorySnapshot,
    InventoryStateSummary,
    Measure,
    Operator,
    ReviewState,
    ToolboxMeasureStatus,
    ToolboxStatus,
)
from riskassess.networks.toolbox import MEASURE_CODES, MEASURES
from riskassess.suppliers.models import AssetClass, Designation, DesignationStatus, Supplier

CSA2_MONTHS = 36  # revised Cybersecurity Act (proposal COM(2026) 11): phase-out from key assets
MIN_STATES = 3  # EU cells over fewer states are not shown
PHASED_OUT = 0.05  # per cent: at or below, the restricted equipment is gone
TREND_POINTS = 4  # the latest observations a projection rests on

ON_TRACK, AT_RISK, MISSED = "on_track", "at_risk", "missed"


# ---------------------------------------------------------------------------------------------
# Deadlines: the one read of the register
# ---------------------------------------------------------------------------------------------


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class RestrictionDeadline:
    """A restriction of one supplier in one member state, for one asset class."""

    member_state_id: int
    supplier_id: int
    asset_class: str
    national: dt.date | None  # the state's own phase-out date
    csa2: dt.date | None  # 36 months after the decision, for key assets
    confidential: bool
    high_risk: bool

    @property
    def deadline(self) -> dt.date | None:
        dates = [d for d in (self.national, self.csa2) if d is not None]
        return min(dates) if dates else None


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def restriction_deadlines(
    *, member_state_ids: Iterable[int] | None = None, viewer_member_state_id: int | None = None
) -> list[RestrictionDeadline]:
    """The phase-out deadlines of the register (riskassess.register: the current versions of the
    decisions in force), per member state, supplier and asset class, visible to a viewer of
    `viewer_member_state_id` (None: an EU-wide viewer): a confidential restriction only within its
    own state. Four queries at most.

    National decisions: per (state, supplier) the leading decision (the one its designation
    shows); scope: its asset classes (a scope of every class: every key asset); `national`: the
    earliest phase-out date of the class over its technology generations; for a high-risk
    designation of a key asset, `csa2`: 36 months after the decision. An EU-level decision binds
    every member state: its phase-out date of a key asset is the `csa2` deadline there (a
    confidential EU-level decision is seen by EU-wide viewers only)."""
    from riskassess.register.models import RecordKind, RecordState, RecordVersion
    from riskassess.register.services import leading_version

    qs = RecordVersion.objects.filter(current_of__isnull=False, state=RecordState.IN_FORCE).select_related("record")
    if member_state_ids is not None:
        state_ids = list(member_state_ids)
        qs = qs.filter(Q(record__authority_state_id__in=state_ids) | Q(record__eu_level=True))
    versions = list(qs)
    if not versions:
        return []
    national: dict[tuple[int, int], list[RecordVersion]] = defaultdict(list)
    eu_level: list[RecordVersion] = []
    for version in versions:
        if version.record.eu_level:
            eu_level.append(version)
        else:
            national[(version.record.authority_state_id or 0, version.record.supplier_id)].append(version)
    key_assets = set(AssetClass.objects.filter(is_key_asset=True).values_list("code", flat=True))
    confidential = confidential_designation_pairs() if national else set()

    def dates_by_class(version: RecordVersion) -> dict[str, dt.date | None]:
        out: dict[str, dt.date | None] = {}
        for scope in version.scopes:
            when = _date(scope.get("phase_out_deadline")) if scope.get("phase_out_deadline") else None
            for code in [scope["asset_class"]] if scope.get("asset_class") else sorted(key_assets):
                current = out.get(code)
                out[code] = min(d for d in (current, when) if d) if (current or when) else None
        return out or dict.fromkeys(sorted(key_assets))

    rows: dict[tuple[int, int, str], RestrictionDeadline] = {}
    for (state_id, supplier_id), candidates in national.items():
        lead = leading_version(candidates)
        if lead is None:
            continue
        is_confidential = (state_id, supplier_id) in confidential
        if is_confidential and viewer_member_state_id != state_id:
            continue
        high_risk = lead.kind == RecordKind.DESIGNATION
        decided_on = lead.instrument_date
        for code, when in sorted(dates_by_class(lead).items()):
            csa2 = _add_months(decided_on, CSA2_MONTHS) if high_risk and decided_on and code in key_assets else None
            rows[(state_id, supplier_id, code)] = RestrictionDeadline(
                member_state_id=state_id,
                supplier_id=supplier_id,
                asset_class=code,
                national=when,
                csa2=csa2,
                confidential=is_confidential,
                high_risk=high_risk,
            )
    if eu_level:
        states = (
            state_ids
            if member_state_ids is not None
            else list(MemberState.objects.order_by("protocol_order").values_list("id", flat=True))
        )
        for version in eu_level:
            if version.confidential and viewer_member_state_id is not None:
                continue
            supplier_id = version.record.supplier_id
            for code, when in sorted(dates_by_class(version).items()):
                if code not in key_assets or when is None:
                    continue
                for state_id in states:
                    old = rows.get((state_id, supplier_id, code))
                    if old is not None:
                        csa2 = min(d for d in (old.csa2, when) if d)
                        rows[(state_id, supplier_id, code)] = dataclasses.replace(old, csa2=csa2)
                    else:
                        rows[(state_id, supplier_id, code)] = RestrictionDeadline(
                            member_state_id=state_id,
                            supplier_id=supplier_id,
                            asset_class=code,
                            national=None,
                            csa2=when,
                            confidential=version.confidential,
                            high_risk=version.kind == RecordKind.DESIGNATION,
                        )
    return [rows[k] for k in sorted(rows, key=lambda k: (k[0], k[1], k[2]))]


# ---------------------------------------------------------------------------------------------
# Status against a deadline (pure)
# ---------------------------------------------------------------------------------------------


def phaseout_status(points: list[tuple[dt.date, float]], deadline: dt.date | None, *, on: dt.date) -> str | None:
    """On track, at risk or missed: `points` (date, restricted share in %) up to `on`, sorted.

    Missed: the deadline has passed with restricted equipment left. On track: none left, or the
    trend of the latest observations reaches zero by the deadline. At risk: otherwise."""
    if points and points[-1][0] > on:
        points = [p for p in points if p[0] <= on]
    if deadline is None or not points:
        return None
    last_day, last = points[-1]
    if last <= PHASED_OUT:
        return ON_TRACK
    if on > deadline:
        return MISSED
    recent = points[-TREND_POINTS:]
    if len(recent) < 2:
        return AT_RISK
    xs = [(d - recent[0][0]).days for d, _ in recent]
    ys = [v for _, v in recent]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    var = sum((x - mx) ** 2 for x in xs)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / var if var else 0.0
    projected = last + slope * (deadline - last_day).days
    return ON_TRACK if projected <= PHASED_OUT else AT_RISK


# ---------------------------------------------------------------------------------------------
# Phase-out of one member state: per operator and network part, over time
# ---------------------------------------------------------------------------------------------


@dataclass
class PhaseoutLine:
    operator: str
    part: str
    deadline: dt.date | None
    on: dt.date | None = None
    points: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @cached_property
    def status(self) -> str | None:
        """Against the deadline as of `on` (the page's figure)."""
        if not self.points or self.deadline is None or self.on is None:
            return None
        return phaseout_status(self.points, self.deadline, on=self.on)

    @cached_property
    def statuses(self) -> list[tuple[dt.date, str | None]]:
        """The status at each observation, as it stood on its date; the last as of `on`. Only the
        exports and the API read the whole history: a page needs the last one."""
        out = [
            (day, phaseout_status(self.points[: i + 1], self.deadline, on=day))
            for i, (day, _) in enumerate(self.points)
        ]
        if out and self.deadline is not None and self.on is not None:
            out[-1] = (out[-1][0], self.status)
        return out


def _restricted_parts(
    deadlines: list[RestrictionDeadline], part_codes: list[str]
) -> dict[int, dict[str, dt.date | None]]:
    """supplier -> {part: earliest deadline} of the restrictions; a restriction without a phase-out
    date still makes the supplier's equipment restricted in the part (its deadline None)."""
    out: dict[int, dict[str, dt.date | None]] = defaultdict(dict)
    for d in deadlines:
        for part in netparts.parts_of(d.asset_class, part_codes):
            known = out[d.supplier_id].get(part)
            dates = [day for day in (known, d.deadline) if day is not None]
            out[d.supplier_id][part] = min(dates) if dates else None
    return out


def _all_part_codes() -> list[str]:
    return list(netparts.MAIN_PARTS) + list(AssetClass.objects.values_list("code", flat=True))


def state_phaseout(
    *, member_state: MemberState, viewer_member_state_id: int | None, on: dt.date, generation: str | None = None
) -> dict[str, Any]:
    """The share of restricted suppliers' equipment per operator and part of one state, per date,
    against the deadlines. Seven queries, whatever the size of the inventory."""
    deadlines = restriction_deadlines(member_state_ids=[member_state.pk], viewer_member_state_id=viewer_member_state_id)
    part_codes = _all_part_codes()
    restricted = _restricted_parts(deadlines, part_codes)
    operators = dict(Operator.objects.filter(member_state=member_state).values_list("id", "name"))
    totals_qs = InventorySnapshot.objects.filter(operator_id__in=list(operators))
    shares_qs = InventoryShare.objects.filter(member_state=member_state)
    if generation:
        totals_qs, shares_qs = totals_qs.filter(generation=generation), shares_qs.filter(generation=generation)
    totals: dict[tuple[int, str], dict[dt.date, float]] = defaultdict(dict)
    for op, part, day, total in (
        # 100 % per generation reported: a part reported only in part is not inflated.
        totals_qs.values_list("operator_id", "part", "as_of").annotate(t=100.0 * Count("id")).order_by()
    ):
        totals[(op, part)][day] = total
    # One condition per set of restricted parts, not per supplier: the same rows, a short query.
    suppliers_by_parts: dict[tuple[str, ...], list[int]] = defaultdict(list)
    for supplier_id, by_part in restricted.items():
        suppliers_by_parts[tuple(sorted(by_part))].append(supplier_id)
    cond = Q()
    for parts, supplier_ids in suppliers_by_parts.items():
        cond |= Q(supplier_id__in=sorted(supplier_ids), part__in=list(parts))
    sums: dict[tuple[int, str], dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    if restricted:
        for op, part, day, s in (
            shares_qs.filter(cond).values_list("operator_id", "part", "as_of").annotate(s=Sum("share")).order_by()
        ):
            sums[(op, part)][day] += s
    part_deadline: dict[str, dt.date] = {}
    for by_part in restricted.values():
        for part, day in by_part.items():
            if day is not None:
                part_deadline[part] = min(part_deadline.get(part, day), day)
    names = dict(netparts.part_choices())
    lines: list[PhaseoutLine] = []
    for (op, part), by_day in sorted(totals.items(), key=lambda kv: (operators.get(kv[0][0], ""), kv[0][1])):
        line = PhaseoutLine(operator=operators.get(op, "?"), part=part, deadline=part_deadline.get(part), on=on)
        restricted_sums = sums.get((op, part), {})
        for day in sorted(by_day):
            total = by_day[day]
            value = 100.0 * restricted_sums.get(day, 0.0) / total if total else 0.0
            line.points.append((day, round(value, 2)))
        lines.append(line)
    suppliers = dict(Supplier.objects.filter(pk__in={d.supplier_id for d in deadlines}).values_list("id", "name"))
    return {
        "lines": lines,
        "part_names": names,
        "deadlines": [
            {
                "supplier": suppliers.get(d.supplier_id, "?"),
                "asset_class": names.get(d.asset_class, d.asset_class),
                "national": d.national,
                "csa2": d.csa2,
                "deadline": d.deadline,
                "confidential": d.confidential,
            }
            for d in deadlines
        ],
    }


# ---------------------------------------------------------------------------------------------
# The EU view: per state, the share of high-risk suppliers in radio access and in core
# ---------------------------------------------------------------------------------------------

EU_PARTS = (netparts.RAN, netparts.CORE)


def eu_high_risk_suppliers() -> set[int]:
    """Suppliers counted as high-risk in EU figures: named in the Commission's 2023 Communication,
    designated high-risk by a public decision of any state, or designated (also confidentially) by
    at least MIN_STATES states. Two queries."""
    named = set(Supplier.objects.filter(named_in_2023_communication=True).values_list("id", flat=True))
    rows = Designation.objects.filter(status=DesignationStatus.HIGH_RISK).values_list(
        "supplier_id", "member_state_id", "confidential"
    )
    public, states = set(), defaultdict(set)
    for supplier_id, state_id, confidential in rows:
        states[supplier_id].add(state_id)
        if not confidential:
            public.add(supplier_id)
    return named | public | {s for s, found in states.items() if len(found) >= MIN_STATES}


def eu_phaseout(*, on: dt.date) -> dict[str, Any]:
    """Per member state: the share of high-risk suppliers in radio access and in core at the latest
    date and over time, the state's public deadlines for those parts and the status against them;
    an EU row (mean over states, only where at least MIN_STATES states report). Bounded queries."""
    hr = eu_high_risk_suppliers()
    deadlines = restriction_deadlines(viewer_member_state_id=None)
    states = list(MemberState.objects.order_by("protocol_order", "name").values_list("id", "eu_code", "name"))
    totals: dict[tuple[int, str], dict[dt.date, float]] = defaultdict(dict)
    sums: dict[tuple[int, str], dict[dt.date, float]] = defaultdict(lambda: defaultdict(float))
    wanted = Q(supplier__isnull=True) | Q(supplier_id__in=sorted(hr)) if hr else Q(supplier__isnull=True)
    # One row per state, part and date (the denominator and the high-risk sum side by side):
    # a third of the summary rows it reads, and each date converted once.
    for state_id, part, day, total, value in (
        InventoryStateSummary.objects.filter(wanted, part__in=EU_PARTS)
        .values("member_state_id", "part", "as_of")
        .annotate(
            total=Sum("share_sum", filter=Q(supplier__isnull=True)),
            high=Sum("share_sum", filter=Q(supplier__isnull=False)),
        )
        .values_list("member_state_id", "part", "as_of", "total", "high")
        .order_by()
    ):
        if total is not None:
            totals[(state_id, part)][day] = total
        if value:
            sums[(state_id, part)][day] += value
    state_deadlines: dict[tuple[int, str], dt.date] = {}
    for d in deadlines:
        if d.deadline is None:
            continue
        for part in netparts.parts_of(d.asset_class, list(EU_PARTS)):
            key = (d.member_state_id, part)
            state_deadlines[key] = min(state_deadlines.get(key, d.deadline), d.deadline)
    rows = []
    by_day: dict[str, dict[dt.date, list[float]]] = {p: defaultdict(list) for p in EU_PARTS}
    for state_id, code, name in states:
        row: dict[str, Any] = {"eu_code": code, "name": name, "parts": {}}
        for part in EU_PARTS:
            series = [
                (day, round(100.0 * sums[(state_id, part)].get(day, 0.0) / t, 2) if t else 0.0)
                for day, t in sorted(totals[(state_id, part)].items())
            ]
            for day, value in series:
                by_day[part][day].append(value)
            deadline = state_deadlines.get((state_id, part))
            row["parts"][part] = {
                "series": series,
                "latest": series[-1][1] if series else None,
                "as_of": series[-1][0] if series else None,
                "deadline": deadline,
                "status": phaseout_status(series, deadline, on=on),
            }
        rows.append(row)
    eu = {
        part: [
            (day, round(sum(v) / len(v), 2), len(v)) for day, v in sorted(by_day[part].items()) if len(v) >= MIN_STATES
        ]
        for part in EU_PARTS
    }
    confidential_states = len({s for s, _ in confidential_designation_pairs()})
    return {
        "rows": rows,
        "eu": eu,
        "confidential_states": confidential_states if confidential_states >= MIN_STATES else None,
        "high_risk_suppliers": sorted(Supplier.objects.filter(pk__in=hr).values_list("name", flat=True)),
    }


# ---------------------------------------------------------------------------------------------
# Inventory
# ---------------------------------------------------------------------------------------------


def operators_of(*, member_state: MemberState) -> QuerySet[Operator]:
    return Operator.objects.filter(member_state=member_state)


def inventory_latest(*, member_state: MemberState, limit: int = 500) -> list[Any]:
    """The latest snapshot of each (operator, part, generation) of a state, with its suppliers'
    shares: the date from the summary table, then the shares of those dates. Two queries."""
    latest = list(
        InventorySnapshot.objects.filter(member_state=member_state)
        .values("operator_id", "part", "generation")
        .annotate(as_of=Max("as_of"))
        .order_by()
    )
    if not latest:
        return []
    cond = Q()
    for r in latest:
        cond |= Q(operator_id=r["operator_id"], part=r["part"], generation=r["generation"], as_of=r["as_of"])
    return list(
        InventoryShare.objects.filter(member_state=member_state)
        .filter(cond)
        .order_by("operator__name", "part", "generation", "-share")
        .values("operator__name", "part", "generation", "supplier__name", "measure", "share", "as_of")[:limit]
    )


def inventory_counts(*, member_state: MemberState) -> dict[str, Any]:
    return InventorySnapshot.objects.filter(member_state=member_state).aggregate(
        snapshots=Count("id"), rows=Sum("suppliers"), latest=Max("as_of")
    )


# ---------------------------------------------------------------------------------------------
# Toolbox tracker
# ---------------------------------------------------------------------------------------------


def toolbox_entry_get_for_user(*, user: Any, pk: int) -> ToolboxMeasureStatus:
    """An entry of the user's own member state, else 404."""
    if not getattr(user, "is_national", False):
        raise Http404("No such entry.")
    try:
        return ToolboxMeasureStatus.objects.select_related("entered_by", "member_state").get(
            pk=pk, member_state_id=user.member_state_id
        )
    except ToolboxMeasureStatus.DoesNotExist as exc:
        raise Http404("No such entry.") from exc


def toolbox_state(*, member_state: MemberState) -> dict[str, dict[str, Any]]:
    """Per measure: the approved status (the state's status) and the latest entry if newer (awaiting
    review or returned). One query."""
    out: dict[str, dict[str, Any]] = {code: {"approved": None, "latest": None} for code in MEASURE_CODES}
    for entry in (
        ToolboxMeasureStatus.objects.filter(member_state=member_state)
        .select_related("entered_by", "reviewed_by")
        .order_by("measure", "-id")
    ):
        slot = out.get(entry.measure)
        if slot is None:
            continue
        if slot["latest"] is None:
            slot["latest"] = entry
        if slot["approved"] is None and entry.review == ReviewState.APPROVED:
            slot["approved"] = entry
    return out


def toolbox_matrix() -> dict[str, Any]:
    """States x measures of the approved statuses (the Commission's progress-report matrix). Two queries."""
    states = list(MemberState.objects.order_by("protocol_order", "name").values_list("id", "eu_code", "name"))
    latest_ids = (
        ToolboxMeasureStatus.objects.filter(review=ReviewState.APPROVED)
        .values("member_state_id", "measure")
        .annotate(last=Max("id"))
        .values("last")
    )
    cells: dict[tuple[int, str], dict[str, Any]] = {}
    for state_id, measure, status, basis, day in ToolboxMeasureStatus.objects.filter(pk__in=latest_ids).values_list(
        "member_state_id", "measure", "status", "legal_basis", "status_date"
    ):
        cells[(state_id, measure)] = {"status": status, "legal_basis": basis, "date": day}
    rows = [
        {"eu_code": code, "name": name, "cells": [cells.get((sid, m)) for m in MEASURE_CODES]}
        for sid, code, name in states
    ]
    counts: dict[str, defaultdict[str, int]] = {m: defaultdict(int) for m in MEASURE_CODES}
    for (_sid, m), cell in cells.items():
        if m in counts:
            counts[m][cell["status"]] += 1
    return {"measures": MEASURE_CODES, "rows": rows, "counts": {m: dict(c) for m, c in counts.items()}}


def toolbox_fingerprint_data() -> list[Any]:
    """What a Toolbox report is made from (for the report fingerprint): the approved entries, the
    inventory imports and the register, as aggregates. Three queries."""
    toolbox = ToolboxMeasureStatus.objects.filter(review=ReviewState.APPROVED).aggregate(
        n=Count("id"), top=Max("id"), at=Max("reviewed_at")
    )
    imports = InventoryImport.objects.aggregate(n=Count("id"), top=Max("id"))
    register = Designation.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return [list(toolbox.values()), list(imports.values()), list(register.values())]


# ---------------------------------------------------------------------------------------------
# Exports: one builder per kind, the same rows as the page, with the header block of
# riskassess.dashboard.export_format (marking, subject, data cut-off, rules, generation time)
# ---------------------------------------------------------------------------------------------


@dataclass
class NetworksExport:
    name: str
    header: list[str]
    rows: list[list[Any]]
    meta: ExportMeta


_SUBJECT = gettext_lazy("the networks (not part of a campaign)")
_PHASEOUT_RULES = gettext_lazy(
    "deadlines of the register: the national phase-out date, and 36 months after a high-risk designation "
    "for key assets (revised Cybersecurity Act); register last changed %(day)s"
)


def _inventory_meta(*, member_state_ids: list[int] | None, tlp: str = DEFAULT_TLP, rules: str = "") -> ExportMeta:
    """The latest accepted inventory import of those states (None: of every state) is the cut-off."""
    imports = InventoryImport.objects.all()
    if member_state_ids is not None:
        imports = imports.filter(member_state_id__in=member_state_ids)
    return ExportMeta(
        tlp=tlp,
        campaign=str(_SUBJECT),
        cut_off=imports.aggregate(at=Max("created_at"))["at"],
        rule_set=rules or _g("none: the shares as the member state reported them"),
        no_cut_off=_g("no inventory imported yet"),
    )


def _phaseout_rules() -> str:
    changed = Designation.objects.aggregate(at=Max("updated_at"))["at"]
    return str(_PHASEOUT_RULES) % {"day": changed.date().isoformat() if changed else _g("never")}


def _toolbox_meta(*, member_state_id: int | None) -> ExportMeta:
    """The latest approval of those entries is the cut-off: only approved entries are exported."""
    entries = ToolboxMeasureStatus.objects.filter(review=ReviewState.APPROVED)
    if member_state_id is not None:
        entries = entries.filter(member_state_id=member_state_id)
    return ExportMeta(
        campaign=str(_SUBJECT),
        cut_off=entries.aggregate(at=Max("reviewed_at"))["at"],
        rule_set=_g("approved entries only (entered by the state's regulator, reviewed by its approver)"),
        no_cut_off=_g("no approved entry yet"),
    )


def inventory_export(*, member_state: MemberState, rows: list[dict[str, Any]]) -> NetworksExport:
    """The latest snapshot of each operator's part and generation (rows of `inventory_latest`)."""
    names = dict(netparts.part_choices())
    generations = dict(Generation.choices)
    measures = dict(Measure.choices)
    return NetworksExport(
        name=f"inventory {member_state.eu_code}",
        header=[
            _g("Operator"),
            _g("Network part"),
            _g("Generation"),
            _g("Supplier"),
            _g("Measure"),
            _g("Share (%)"),
            _g("As of"),
        ],
        rows=[
            [
                r["operator__name"],
                names.get(r["part"], r["part"]),
                str(generations.get(r["generation"], r["generation"])),
                r["supplier__name"],
                str(measures.get(r["measure"], r["measure"])),
                r["share"],
                r["as_of"],
            ]
            for r in rows
        ],
        meta=_inventory_meta(member_state_ids=[member_state.pk]),
    )


def phaseout_export(*, member_state: MemberState, data: dict[str, Any]) -> NetworksExport:
    """One state's phase-out (`state_phaseout`): one row per operator, part and date. Marked
    TLP:AMBER+STRICT when it includes the state's confidential restrictions (its own users only)."""
    names = data["part_names"]
    confidential = any(d["confidential"] for d in data["deadlines"])
    return NetworksExport(
        name=f"phase-out {member_state.eu_code}",
        header=[
            _g("Operator"),
            _g("Network part"),
            _g("As of"),
            _g("Restricted share (%)"),
            _g("Deadline"),
            _g("Status"),
        ],
        rows=[
            [line.operator, names.get(line.part, line.part), day, value, line.deadline, status_label(status)]
            for line in data["lines"]
            for (day, value), (_d, status) in zip(line.points, line.statuses, strict=True)
        ],
        meta=_inventory_meta(
            member_state_ids=[member_state.pk],
            tlp="TLP:AMBER+STRICT" if confidential else DEFAULT_TLP,
            rules=_phaseout_rules(),
        ),
    )


def eu_phaseout_export(*, data: dict[str, Any], labels: tuple[str, str]) -> NetworksExport:
    """The EU view (`eu_phaseout`): per state, radio access and core, one row per date."""
    return NetworksExport(
        name="phase-out EU",
        header=[
            _g("Member state"),
            _g("Network part"),
            _g("As of"),
            _g("High-risk share (%)"),
            _g("Deadline"),
            _g("Status"),
        ],
        rows=[
            [
                r["eu_code"],
                labels[i],
                day,
                value,
                r["parts"][part]["deadline"],
                status_label(r["parts"][part]["status"]),
            ]
            for r in data["rows"]
            for i, part in enumerate(EU_PARTS)
            for day, value in r["parts"][part]["series"]
        ],
        meta=_inventory_meta(member_state_ids=None, rules=_phaseout_rules()),
    )


def toolbox_export(*, member_state: MemberState, slots: dict[str, dict[str, Any]]) -> NetworksExport:
    """A state's approved status of every measure (`toolbox_state`)."""
    labels = dict(ToolboxStatus.choices)
    rows = []
    for code, slot in slots.items():
        e = slot["approved"]
        rows.append(
            [
                code,
                str(MEASURES[code]),
                str(labels.get(e.status, e.status)) if e else _g("Not reported"),
                e.legal_basis if e else "",
                e.status_date if e else None,
                e.evidence if e else "",
            ]
        )
    return NetworksExport(
        name=f"toolbox {member_state.eu_code}",
        header=[_g("Measure"), _g("Title"), _g("Status"), _g("Legal basis"), _g("Date"), _g("Evidence")],
        rows=rows,
        meta=_toolbox_meta(member_state_id=member_state.pk),
    )


def toolbox_matrix_export(*, data: dict[str, Any]) -> NetworksExport:
    """The EU matrix (`toolbox_matrix`): states x measures."""
    labels = dict(ToolboxStatus.choices)
    return NetworksExport(
        name="toolbox implementation",
        header=[_g("Member state"), *data["measures"]],
        rows=[
            [r["name"], *[str(labels.get(c["status"], c["status"])) if c else "" for c in r["cells"]]]
            for r in data["rows"]
        ],
        meta=_toolbox_meta(member_state_id=None),
    )
