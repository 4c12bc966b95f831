"""Reads for the EU dashboard: aggregates of stored scores, computed in SQL.

Every function here runs a fixed, small number of queries whatever the number of member states,
suppliers and assessments; nothing loops over answers. Medians of section scores and of trends are
computed by window functions (ROW_NUMBER and COUNT over a partition, keeping the one or two middle
rows of each group), which SQLite and PostgreSQL both run. Quartiles of the overall score come from
one sorted list of values per campaign (a single query), interpolated like PERCENTILE_CONT.

Rules that shape the numbers (DOMAIN.md section 8, "EU-wide aggregation"):

- This module is the one place that computes EU aggregates: the dashboard pages, the PDF reports
  (riskassess.reports.contexts), the exports and the API read them from here.
- What counts (`counting_basis`): the current scores of submitted and approved assessments of one
  campaign, scored with that campaign's rule-set version; drafts and returned assessments never
  leave their member state.
- The confidentiality rule comes from riskassess.confidentiality: a figure that rests on fewer than
  MIN_CELL_SIZE member states is not shown (SMALL_CELL_NOTE); confidential designations of one
  supplier and status count only where at least MIN_CELL_SIZE member states hold one, and are
  never attributed; a band that rests on a confidential designation is shown, in every figure, as
  the band of the score and the other triggers, so no pair of outputs can be differenced.
- Designations are never averaged away: every supplier row carries "n of N member states designate".
- "Expected" assessments of a member state in a campaign (for progress): the suppliers it has an
  assessment for in that campaign, in any state, plus the suppliers it assessed in the previous
  campaign (the one opened last before it) and has not started yet.
"""

import datetime as dt
import json
import math
from collections import defaultdict
from typing import Any

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, QuerySet, TextField, Window
from django.db.models.functions import Cast, RowNumber
from django.utils import timezone

from riskassess.accounts.models import MemberState
from riskassess.confidentiality import (
    EU_AUDIENCE,
    MIN_CELL_SIZE,
    REPORTED_STATUSES,
    SMALL_CELL_NOTE,
    Viewer,
    band_for_row,
    cell_shown,
    confidential_counted,
    confidential_designation_pairs,
    designation_row_visible,
)
from riskassess.dashboard.filters import DashboardFilters
from riskassess.questionnaires.models import Assessment, Campaign, StateDeadline
from riskassess.scoring.bands import BAND_ORDER, band_label, rule_set_bands
from riskassess.scoring.bands import band_labels as template_band_labels
from riskassess.scoring.models import Score, SectionScore
from riskassess.suppliers.models import AssetClass, Designation, DesignationStatus, Product

REPORTED = REPORTED_STATUSES  # submitted and approved (riskassess.confidentiality)
# Designation statuses that put a supplier on the register (and restrict asset classes).
REGISTER_STATUSES = (DesignationStatus.HIGH_RISK, DesignationStatus.RESTRICTED, DesignationStatus.UNDER_ASSESSMENT)
RESTRICTING_STATUSES = (DesignationStatus.HIGH_RISK, DesignationStatus.RESTRICTED)
STATUS_LABELS = dict(DesignationStatus.choices)


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def quantile(sorted_values: list[float], p: float) -> float | None:
    """The p-quantile of ascending values, interpolated linearly (as PostgreSQL's PERCENTILE_CONT)."""
    if not sorted_values:
        return None
    position = (len(sorted_values) - 1) * p
    lower, upper = math.floor(position), math.ceil(position)
    return sorted_values[lower] + (sorted_values[upper] - sorted_values[lower]) * (position - lower)


def _round(value: float | None, digits: int = 1) -> float | None:
    """Rounded for display. Rounded to 6 places first, so that two ways of computing the same figure
    ((a + b) / 2 and a + (b - a) / 2 differ in the last bit) never round to different sides."""
    return None if value is None else round(round(value, 6), digits)


def band_labels(campaign: Campaign | None) -> dict[str, str]:
    """Band key -> label, from the campaign's template (bands and trigger bands), defaults otherwise."""
    return template_band_labels(campaign.template_version.definition if campaign is not None else None)


def campaign_bands(campaign: Campaign | None) -> list[tuple[str, str]]:
    """(key, label) of the bands the campaign's rule set can give, in order: the heatmap legend, the band
    filter and every band distribution (pages and PDFs) list these and no others."""
    definition = campaign.template_version.definition if campaign is not None else None
    labels = template_band_labels(definition)
    return [(key, band_label(key, labels)) for key in rule_set_bands(definition)]


def band_totals(rows: list[dict]) -> dict[str, int]:
    """Band key -> number of assessments, summed over the supplier table's rows (suppressed rows carry no
    bands, so a small cell never reaches the distribution)."""
    totals: dict[str, int] = {}
    for row in rows:
        for band in row["bands"]:
            totals[band["key"]] = totals.get(band["key"], 0) + band["count"]
    return totals


def section_titles(campaign: Campaign) -> dict[str, str]:
    """Scored section key -> title, in template order (sections of weight 0 act only by triggers)."""
    return {
        s["key"]: s.get("title", s["key"])
        for s in (campaign.template_version.definition or {}).get("sections", [])
        if s.get("weight", 0)
    }


def _medians(qs: QuerySet, group_fields: list[str], value_field: str) -> dict[tuple, tuple[float, int]]:
    """{group: (median, count)} in one query: rows ranked within each group by window functions,
    only the middle one (odd count) or two (even count) come back."""
    partition = [F(g) for g in group_fields]
    ranked = (
        qs.filter(**{f"{value_field}__isnull": False})
        .annotate(
            m_value=F(value_field),
            m_rank=Window(RowNumber(), partition_by=partition, order_by=F(value_field).asc()),
            m_count=Window(Count("pk"), partition_by=partition),
        )
        .filter(m_rank__gte=(F("m_count") + 1) / 2, m_rank__lte=(F("m_count") + 2) / 2)
        .values_list(*group_fields, "m_value", "m_count")
        .order_by()
    )
    middles: dict[tuple, list[float]] = defaultdict(list)
    counts: dict[tuple, int] = {}
    n = len(group_fields)
    for row in ranked:
        key = tuple(row[:n])
        middles[key].append(row[n])
        counts[key] = row[n + 1]
    return {key: (sum(vals) / len(vals), counts[key]) for key, vals in middles.items()}


def _supplier_ids_in_asset_class(code: str):
    return Product.objects.filter(asset_class__code=code).values("supplier_id")


def _reported_assessments(*, campaign_id: int, filters: DashboardFilters | None = None) -> QuerySet[Assessment]:
    qs = Assessment.objects.filter(campaign_id=campaign_id, status__in=REPORTED)
    if filters is not None:
        if filters.supplier:
            qs = qs.filter(supplier_id=filters.supplier)
        if filters.asset_class:
            qs = qs.filter(supplier_id__in=_supplier_ids_in_asset_class(filters.asset_class))
    return qs


def counting_basis(*, campaign: Campaign) -> dict[str, Any]:
    """Which assessments every EU figure of `campaign` counts, as stated on the pages and reports."""
    return {
        "campaign_id": campaign.pk,
        "campaign": campaign.name,
        "statuses": [str(Assessment.Status(s).label) for s in REPORTED],
        "rules_hash": campaign.template_version.rules_hash,
        "rules_version": campaign.template_version.rules_hash[:12],
        "min_cell_size": MIN_CELL_SIZE,
    }


def _rules_hash(campaign_id: int) -> str:
    return Campaign.objects.filter(pk=campaign_id).values_list("template_version__rules_hash", flat=True).first() or ""


def _current_scores(
    *, campaign_id: int, filters: DashboardFilters | None = None, rules: str | None = None
) -> QuerySet[Score]:
    """Current scores that count: submitted or approved, of the campaign's rule-set version."""
    qs = Score.objects.filter(is_current=True, assessment__campaign_id=campaign_id, assessment__status__in=REPORTED)
    if rules is not None:
        qs = qs.filter(rules_hash=rules)
    if filters is not None:
        if filters.supplier:
            qs = qs.filter(assessment__supplier_id=filters.supplier)
        if filters.asset_class:
            qs = qs.filter(assessment__supplier_id__in=_supplier_ids_in_asset_class(filters.asset_class))
    return qs


def _current_section_scores(
    *, campaign_id: int, filters: DashboardFilters | None = None, rules: str | None = None
) -> QuerySet[SectionScore]:
    """Section rows of the current scores of reported assessments (joins, not an IN subquery:
    SQLite plans the window functions over a join much faster)."""
    qs = SectionScore.objects.filter(
        score__is_current=True, score__assessment__campaign_id=campaign_id, score__assessment__status__in=REPORTED
    )
    if rules is not None:
        qs = qs.filter(score__rules_hash=rules)
    if filters is not None:
        if filters.supplier:
            qs = qs.filter(score__assessment__supplier_id=filters.supplier)
        if filters.asset_class:
            qs = qs.filter(score__assessment__supplier_id__in=_supplier_ids_in_asset_class(filters.asset_class))
    return qs


# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


def dashboard_campaigns() -> list[Campaign]:
    return list(Campaign.objects.select_related("template_version").order_by("-opens_on"))


def dashboard_campaign(*, campaigns: list[Campaign], campaign_id: int | None) -> Campaign | None:
    """The campaign asked for, else the latest open one, else the latest one."""
    if campaign_id:
        for campaign in campaigns:
            if campaign.pk == campaign_id:
                return campaign
    for campaign in campaigns:
        if campaign.is_open:
            return campaign
    return campaigns[0] if campaigns else None


# ---------------------------------------------------------------------------------------------
# Progress
# ---------------------------------------------------------------------------------------------


def campaign_progress(*, campaign: Campaign, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Per member state: expected, not_started, draft, submitted, returned, approved, late, completion %.

    late = assessments not submitted (draft, returned, not started) once the deadline has passed (the
    state's extended deadline where the coordinator set one).
    completion = (submitted + approved) / expected, in whole percent (None when nothing is expected).
    """
    today = today or timezone.localdate()
    states = list(MemberState.objects.values_list("id", "eu_code", "name"))
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for ms_id, status, n in (
        Assessment.objects.filter(campaign=campaign)
        .values_list("member_state_id", "status")
        .annotate(n=Count("id"))
        .order_by()
    ):
        counts[ms_id][status] = n
    previous = (
        Campaign.objects.filter(opens_on__lt=campaign.opens_on)
        .exclude(pk=campaign.pk)
        .order_by("-opens_on")
        .values("pk")[:1]
    )
    started_now = Assessment.objects.filter(
        campaign=campaign, member_state_id=OuterRef("member_state_id"), supplier_id=OuterRef("supplier_id")
    )
    not_started = dict(
        Assessment.objects.filter(campaign_id__in=previous)
        .filter(~Exists(started_now))
        .values_list("member_state_id")
        .annotate(n=Count("supplier_id", distinct=True))
        .order_by()
    )
    extended = dict(StateDeadline.objects.filter(campaign=campaign).values_list("member_state_id", "deadline"))
    rows = []
    for ms_id, eu_code, name in states:
        c = counts.get(ms_id, {})
        row = {
            "member_state_id": ms_id,
            "eu_code": eu_code,
            "name": name,
            "not_started": not_started.get(ms_id, 0),
            "draft": c.get(Assessment.Status.DRAFT, 0),
            "submitted": c.get(Assessment.Status.SUBMITTED, 0),
            "returned": c.get(Assessment.Status.RETURNED, 0),
            "approved": c.get(Assessment.Status.APPROVED, 0),
            # A deadline extended for this state (None: the campaign's applies).
            "extended_deadline": extended.get(ms_id),
        }
        past_deadline = today > extended.get(ms_id, campaign.deadline)
        row["expected"] = row["not_started"] + row["draft"] + row["submitted"] + row["returned"] + row["approved"]
        pending = row["not_started"] + row["draft"] + row["returned"]
        row["late"] = pending if past_deadline else 0
        done = row["submitted"] + row["approved"]
        row["completion"] = round(100 * done / row["expected"]) if row["expected"] else None
        rows.append(row)
    return rows


def progress_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """KPIs from campaign_progress rows (no query)."""
    keys = ("expected", "not_started", "draft", "submitted", "returned", "approved", "late")
    totals = {k: sum(r[k] for r in rows) for k in keys}
    totals["states_reporting"] = sum(1 for r in rows if r["submitted"] + r["approved"])
    totals["states_total"] = len(rows)
    totals["submissions"] = totals["submitted"] + totals["approved"]
    totals["completion"] = round(100 * totals["submissions"] / totals["expected"]) if totals["expected"] else None
    return totals


# ---------------------------------------------------------------------------------------------
# Designations
# ---------------------------------------------------------------------------------------------


def _designation_rows(*, supplier_id: int | None = None, asset_class: str | None = None) -> dict[int, dict]:
    """Designations on the register (status other than none), one dict each, in one query."""
    qs = Designation.objects.filter(status__in=REGISTER_STATUSES)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    if asset_class:
        qs = qs.filter(supplier_id__in=_supplier_ids_in_asset_class(asset_class))
    rows: dict[int, dict] = {}
    for values in qs.values(
        "id",
        "supplier_id",
        "supplier__name",
        "member_state_id",
        "member_state__eu_code",
        "member_state__name",
        "member_state__protocol_order",
        "status",
        "legal_instrument",
        "decided_on",
        "phase_out",
        "confidential",
        "appeal_status",
        "asset_classes__code",
        "asset_classes__name",
        "asset_classes__order",
    ).order_by("supplier__name", "member_state__protocol_order", "asset_classes__order"):
        row = rows.get(values["id"])
        if row is None:
            row = rows[values["id"]] = {**values, "asset_classes": []}
        if values["asset_classes__code"]:
            row["asset_classes"].append((values["asset_classes__code"], values["asset_classes__name"]))
    return rows


def _countable(designations: list[dict]) -> list[dict]:
    """The designations of one supplier that may count in an aggregate: the public ones, and the
    confidential ones of a status that at least MIN_CELL_SIZE member states hold confidentially
    (riskassess.confidentiality.confidential_counted)."""
    confidential_states: dict[str, set[int]] = defaultdict(set)
    for d in designations:
        if d["confidential"]:
            confidential_states[d["status"]].add(d["member_state_id"])
    return [
        d for d in designations if not d["confidential"] or confidential_counted(len(confidential_states[d["status"]]))
    ]


def _designation_summary_from(rows: dict[int, dict], states_total: int) -> dict[int, dict]:
    per_supplier: dict[int, list[dict]] = defaultdict(list)
    for row in rows.values():
        per_supplier[row["supplier_id"]].append(row)
    summary = {}
    for supplier_id, designations in per_supplier.items():
        countable = _countable(designations)
        if not countable:
            # Only uncounted confidential designations: even the supplier's presence would tell.
            continue
        designating = [d for d in countable if d["status"] == DesignationStatus.HIGH_RISK]
        restricting = [d for d in countable if d["status"] in RESTRICTING_STATUSES]
        classes: dict[str, str] = {}
        class_states: dict[str, set[int]] = defaultdict(set)
        for d in restricting:
            classes.update(dict(d["asset_classes"]))
            for _code, class_name in d["asset_classes"]:
                class_states[class_name].add(d["member_state_id"])
        summary[supplier_id] = {
            "supplier_id": supplier_id,
            "supplier_name": designations[0]["supplier__name"],
            "designating": len(designating),
            "designating_of": states_total,
            "designating_public": sorted(
                (d["member_state__eu_code"] for d in designating if not d["confidential"]),
            ),
            "designating_confidential": sum(1 for d in designating if d["confidential"]),
            "restricting": len(restricting),
            "restricted_asset_classes": sorted(classes.values()),
            "restricted_asset_class_counts": sorted(
                ((name, len(states)) for name, states in class_states.items()), key=lambda kv: (-kv[1], kv[0])
            ),
        }
    return summary


def designation_summary(
    *, filters: DashboardFilters | None = None, states_total: int | None = None
) -> list[dict[str, Any]]:
    """Per supplier on the register: "n of N member states designate" with the confidentiality rule,
    the public designating states, and the restricted asset classes. Most designated first.
    2 queries (1 when the number of member states N is given)."""
    filters = filters or DashboardFilters()
    if states_total is None:
        states_total = MemberState.objects.count()
    summary = _designation_summary_from(
        _designation_rows(supplier_id=filters.supplier, asset_class=filters.asset_class), states_total
    )
    return sorted(summary.values(), key=lambda s: (-s["designating"], -s["restricting"], s["supplier_name"]))


def _phase_out(stored: dict | None, asset_names: dict[str, str]) -> list[tuple[str, dt.date | str]]:
    """A designation's phase-out deadlines as (asset class name, date), in the order of the dates."""
    out: list[tuple[str, dt.date | str]] = []
    for code, value in (stored or {}).items():
        try:
            day: dt.date | str = dt.date.fromisoformat(str(value))
        except ValueError:
            day = str(value)
        out.append((asset_names.get(code, code), day))
    return sorted(out, key=lambda kv: (str(kv[1]), kv[0]))


def designations_register(*, viewer, filters: DashboardFilters | None = None) -> list[dict[str, Any]]:
    """The register, as the viewer (a user) may see it. 1 query.

    Rows of kind "designation": public designations of every state, and the viewer's own state's
    confidential ones. Rows of kind "aggregate": "n confidential designations" of other states per
    (supplier, status), only where at least MIN_CELL_SIZE member states hold one, with no state named.
    """
    from riskassess.confidentiality import viewer_for_user

    filters = filters or DashboardFilters()
    seen_by = viewer_for_user(viewer) if not isinstance(viewer, Viewer) else viewer
    rows = _designation_rows(supplier_id=filters.supplier, asset_class=filters.asset_class)
    hidden: dict[tuple[int, str], int] = defaultdict(int)
    names: dict[int, str] = {}
    for d in rows.values():
        names[d["supplier_id"]] = d["supplier__name"]
    asset_names = dict(AssetClass.objects.values_list("code", "name"))
    out: list[dict[str, Any]] = []
    for d in rows.values():
        if not designation_row_visible(
            viewer=seen_by, member_state_id=d["member_state_id"], confidential=d["confidential"]
        ):
            hidden[(d["supplier_id"], d["status"])] += 1
            continue
        if filters.member_state and d["member_state_id"] != filters.member_state:
            continue
        out.append(
            {
                "kind": "designation",
                "supplier_id": d["supplier_id"],
                "supplier_name": d["supplier__name"],
                "member_state_id": d["member_state_id"],
                "member_state": d["member_state__eu_code"],
                "member_state_name": d["member_state__name"],
                "status": d["status"],
                "status_label": STATUS_LABELS.get(d["status"], d["status"]),
                "legal_instrument": d["legal_instrument"],
                "decided_on": d["decided_on"],
                "asset_classes": [name for _code, name in d["asset_classes"]],
                "phase_out": _phase_out(d["phase_out"], asset_names),
                "confidential": d["confidential"],
                "appeal_status": d["appeal_status"],
                "count": 1,
            }
        )
    if not filters.member_state:
        for (supplier_id, status), count in hidden.items():
            if not confidential_counted(count):
                continue
            out.append(
                {
                    "kind": "aggregate",
                    "supplier_id": supplier_id,
                    "supplier_name": names[supplier_id],
                    "member_state_id": None,
                    "member_state": "",
                    "member_state_name": "",
                    "status": status,
                    "status_label": STATUS_LABELS.get(status, status),
                    "legal_instrument": "",
                    "decided_on": None,
                    "asset_classes": [],
                    "phase_out": [],
                    "confidential": True,
                    "appeal_status": "",
                    "count": count,
                }
            )
    status_rank = {s: i for i, s in enumerate(REGISTER_STATUSES)}
    out.sort(
        key=lambda r: (r["supplier_name"], status_rank.get(r["status"], 9), r["kind"] == "aggregate", r["member_state"])
    )
    return out


# ---------------------------------------------------------------------------------------------
# Scores
# ---------------------------------------------------------------------------------------------


def heatmap(
    *, campaign: Campaign, filters: DashboardFilters | None = None, viewer: Viewer = EU_AUDIENCE
) -> dict[str, Any]:
    """Member states x suppliers, from the assessments that count (counting_basis). 4 queries.

    One state's score per cell: only for viewers who may see per-state cells
    (riskassess.confidentiality.may_see_state_cells); the callers check it.

    {"member_states": [{id, eu_code, name}], "suppliers": [{id, name}],
     "cells": {(ms_id, supplier_id): {band, band_label, overall, assessment_id, revision}}}
    """
    filters = filters or DashboardFilters()
    labels = band_labels(campaign)
    qs = _current_scores(campaign_id=campaign.pk, filters=filters, rules=campaign.template_version.rules_hash)
    if filters.member_state:
        qs = qs.filter(assessment__member_state_id=filters.member_state)
    cells: dict[tuple[int, int], dict[str, Any]] = {}
    suppliers: dict[int, str] = {}
    confidential = confidential_designation_pairs(
        campaign_id=campaign.pk, definition=campaign.template_version.definition
    )
    definition = campaign.template_version.definition
    for ms_id, supplier_id, supplier_name, overall, band, triggers, assessment_id, revision in qs.values_list(
        "assessment__member_state_id",
        "assessment__supplier_id",
        "assessment__supplier__name",
        "overall",
        "band",
        "triggers",
        "assessment_id",
        "revision__number",
    ).order_by():
        band = band_for_row(
            band=band,
            overall=overall,
            triggers=triggers,
            definition=definition,
            pair=(ms_id, supplier_id),
            confidential_pairs=confidential,
            viewer=viewer,
        )
        if filters.band and band != filters.band:
            continue  # filtered on the band shown, so a masked designation cannot be found by filtering
        suppliers[supplier_id] = supplier_name
        cells[(ms_id, supplier_id)] = {
            "band": band,
            "band_label": labels.get(band, band),
            "overall": _round(overall),
            "assessment_id": assessment_id,
            "revision": revision,
        }
    states = MemberState.objects.all()
    if filters.member_state:
        states = states.filter(pk=filters.member_state)
    return {
        "member_states": [
            {"id": i, "eu_code": c, "name": n} for i, c, n in states.values_list("id", "eu_code", "name")
        ],
        "suppliers": [{"id": i, "name": n} for i, n in sorted(suppliers.items(), key=lambda item: item[1].lower())],
        "cells": cells,
    }


def supplier_table(
    *, campaign: Campaign, filters: DashboardFilters | None = None, designations: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """Per supplier: reporting n, designating n of N (confidentiality rule), median / min / max /
    q1 / q3 / IQR of the overall score, band distribution, section medians, restricted asset
    classes. The band and member-state filters choose suppliers (those with a score in that band,
    those reported by that state); the numbers always stay EU-wide. 6 queries.

    Where fewer than MIN_CELL_SIZE member states reported the supplier, the score figures are not
    given (`suppressed` True, `note` SMALL_CELL_NOTE): for every viewer outside the member state.

    `designations`: `designation_summary(filters=filters)` when the caller has it already (it changes
    with the register only, not with each submission: the dashboard caches it apart)."""
    filters = filters or DashboardFilters()
    labels = band_labels(campaign)
    sections = section_titles(campaign)
    rules_hash = campaign.template_version.rules_hash
    reported = (
        _reported_assessments(campaign_id=campaign.pk, filters=filters)
        .annotate(
            current=FilteredRelation("scores", condition=Q(scores__is_current=True, scores__rules_hash=rules_hash))
        )
        .values_list(
            "supplier_id",
            "supplier__name",
            "member_state_id",
            "current__overall",
            "current__band",
            "current__rules_hash",
            # As stored text: only a confidential pair's triggers are read (to withhold those resting on
            # designation data), and decoding thousands of them for nothing was a third of the time.
            Cast("current__triggers", TextField()),
        )
        .order_by("supplier_id", "current__overall")
    )
    if designations is None:
        designations = designation_summary(filters=filters)
    by_supplier_designation = {d["supplier_id"]: d for d in designations}
    confidential = confidential_designation_pairs(
        campaign_id=campaign.pk, definition=campaign.template_version.definition
    )
    definition = campaign.template_version.definition
    per_supplier: dict[int, dict[str, Any]] = {}
    for supplier_id, name, ms_id, overall, band, rules, triggers in reported:
        supplier_entry = per_supplier.setdefault(
            supplier_id,
            {"name": name, "states": set(), "scored": set(), "values": [], "bands": defaultdict(int), "rules": set()},
        )
        supplier_entry["states"].add(ms_id)
        if overall is None:
            continue  # reported, not scored (yet) with the campaign's rule set: no score figure
        pair = (ms_id, supplier_id)
        band = band_for_row(
            band=band,
            overall=overall,
            # The rule reads the triggers of a confidential pair only; the others stay undecoded.
            triggers=json.loads(triggers) if triggers and pair in confidential else None,
            definition=definition,
            pair=pair,
            confidential_pairs=confidential,
            viewer=EU_AUDIENCE,
        )
        supplier_entry["scored"].add(ms_id)
        supplier_entry["values"].append(overall)
        supplier_entry["bands"][band] += 1
        supplier_entry["rules"].add(rules)
    section_medians = _medians(
        _current_section_scores(campaign_id=campaign.pk, filters=filters, rules=rules_hash).filter(
            section__in=list(sections)
        ),
        ["score__assessment__supplier_id", "section"],
        "value",
    )
    states_total = designations[0]["designating_of"] if designations else MemberState.objects.count()

    wanted: set[int] = set(per_supplier) | set(by_supplier_designation)
    if filters.band:
        wanted = {
            s
            for s in wanted
            if per_supplier.get(s, {}).get("bands", {}).get(filters.band) and cell_shown(len(per_supplier[s]["scored"]))
        }
    if filters.member_state:
        # Which suppliers did that state report: one more pass over the same rows, no query.
        wanted = {s for s in wanted if filters.member_state in per_supplier.get(s, {}).get("states", set())}

    rows = []
    for supplier_id in wanted:
        entry = per_supplier.get(supplier_id)
        d = by_supplier_designation.get(supplier_id)
        reporting = len(entry["states"]) if entry else 0
        scored_states = len(entry["scored"]) if entry else 0
        shown = cell_shown(scored_states)
        values = entry["values"] if entry and shown else []
        q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
        bands = entry["bands"] if entry and shown else {}
        if entry:
            supplier_name = entry["name"]
        else:
            assert d is not None  # wanted: the suppliers reported or designated
            supplier_name = d["supplier_name"]
        rows.append(
            {
                "supplier_id": supplier_id,
                "supplier_name": supplier_name,
                "reporting": reporting,
                "scored": len(entry["values"]) if entry else 0,
                "suppressed": bool(scored_states) and not shown,
                "note": str(SMALL_CELL_NOTE) if scored_states and not shown else "",
                "designating": d["designating"] if d else 0,
                "designating_of": states_total,
                "designating_public": d["designating_public"] if d else [],
                "designating_confidential": d["designating_confidential"] if d else 0,
                "median": _round(quantile(values, 0.5)),
                "min": _round(values[0] if values else None),
                "max": _round(values[-1] if values else None),
                "q1": _round(q1),
                "q3": _round(q3),
                "iqr": _round(q3 - q1) if q1 is not None and q3 is not None else None,
                "bands": [
                    {"key": k, "label": labels.get(k, k), "count": bands[k]}
                    for k in [*BAND_ORDER, *sorted(set(bands) - set(BAND_ORDER))]
                    if bands.get(k)
                ],
                "sections": [
                    {
                        "key": key,
                        "title": title,
                        "median": _round(section_medians.get((supplier_id, key), (None, 0))[0]) if shown else None,
                    }
                    for key, title in sections.items()
                ],
                "restricted_asset_classes": d["restricted_asset_classes"] if d else [],
                "restricted_asset_class_counts": d["restricted_asset_class_counts"] if d else [],
                "mixed_rules": bool(entry and len(entry["rules"]) > 1),
            }
        )
    rows.sort(key=lambda r: r["supplier_name"].lower())
    return rows


def eu_distribution(*, campaign: Campaign, table: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Band counts and the spread of overall scores over every supplier row that may be shown
    (the rows of supplier_table that rest on at least MIN_CELL_SIZE member states). 1 query more
    than supplier_table (none when `table` is given)."""
    table = supplier_table(campaign=campaign) if table is None else table
    shown = {r["supplier_id"] for r in table if r["reporting"] and not r["suppressed"]}
    band_counts: dict[str, int] = defaultdict(int)
    for r in table:
        for b in r["bands"]:
            band_counts[b["key"]] += b["count"]
    values = sorted(
        v
        for _supplier_id, v in _current_scores(campaign_id=campaign.pk, rules=campaign.template_version.rules_hash)
        .filter(assessment__supplier_id__in=shown)
        .values_list("assessment__supplier_id", "overall")
        .order_by("overall")
    )
    q1, q3 = quantile(values, 0.25), quantile(values, 0.75)
    stats = (
        {"min": values[0], "q1": q1, "median": quantile(values, 0.5), "q3": q3, "max": values[-1], "iqr": q3 - q1}
        if values and q1 is not None and q3 is not None
        else None
    )
    return {"band_counts": dict(band_counts), "stats": stats, "n_scores": len(values)}


def supplier_trend(*, supplier=None) -> dict[str, Any]:
    """Median overall score per supplier per campaign, campaigns in opening order. 2 queries.

    {"campaigns": [{id, name, opens_on}], "suppliers": [{id, name, points: [{campaign_id, median, n}]}]}
    (one point per campaign, median None where that supplier was not reported, or reported by fewer
    than MIN_CELL_SIZE member states; `n` is then 0 as well, so nothing tells one state's score).
    """
    supplier_id = getattr(supplier, "pk", supplier)
    campaigns = list(Campaign.objects.order_by("opens_on", "pk").values("id", "name", "opens_on"))
    qs = Score.objects.filter(
        is_current=True,
        assessment__status__in=REPORTED,
        rules_hash=F("assessment__campaign__template_version__rules_hash"),
    )
    if supplier_id:
        qs = qs.filter(assessment__supplier_id=supplier_id)
    medians = _medians(
        qs.annotate(supplier_name=F("assessment__supplier__name")),
        ["assessment__campaign_id", "assessment__supplier_id", "supplier_name"],
        "overall",
    )
    suppliers: dict[int, dict] = {}
    for (campaign_id, s_id, s_name), median_n in medians.items():
        suppliers.setdefault(s_id, {"id": s_id, "name": s_name, "values": {}})["values"][campaign_id] = median_n
    out = []
    for entry in sorted(suppliers.values(), key=lambda s: s["name"].lower()):
        points = []
        for c in campaigns:
            median, n = entry["values"].get(c["id"], (None, 0))
            if not cell_shown(n):
                median, n = None, 0
            points.append({"campaign_id": c["id"], "median": _round(median), "n": n})
        out.append({"id": entry["id"], "name": entry["name"], "points": points})
    return {"campaigns": campaigns, "suppliers": out}


def member_state_vs_eu(*, member_state, campaign: Campaign) -> list[dict[str, Any]]:
    """A member state's own scores per supplier and section against the EU median. 4 queries.

    No other state is named. The EU median is given only where at least MIN_CELL_SIZE member
    states reported the supplier (`eu_median` None otherwise, with `eu_reporting` saying why).
    """
    ms_id = getattr(member_state, "pk", member_state)
    labels = band_labels(campaign)
    sections = section_titles(campaign)
    own = list(
        Score.objects.filter(
            is_current=True,
            assessment__campaign_id=campaign.pk,
            assessment__member_state_id=ms_id,
            assessment__status__in=REPORTED,
        )
        .values_list("id", "assessment__supplier_id", "assessment__supplier__name", "overall", "band", "assessment_id")
        .order_by("assessment__supplier__name")
    )
    supplier_ids = [row[1] for row in own]
    own_sections: dict[tuple[int, str], float | None] = {
        (supplier_id, section): value
        for supplier_id, section, value in SectionScore.objects.filter(
            score_id__in=[row[0] for row in own]
        ).values_list("score__assessment__supplier_id", "section", "value")
    }
    rules = campaign.template_version.rules_hash
    eu_scores = _current_scores(campaign_id=campaign.pk, rules=rules).filter(assessment__supplier_id__in=supplier_ids)
    eu_overall = _medians(eu_scores, ["assessment__supplier_id"], "overall")
    eu_sections = _medians(
        _current_section_scores(campaign_id=campaign.pk, rules=rules).filter(
            score__assessment__supplier_id__in=supplier_ids, section__in=list(sections)
        ),
        ["score__assessment__supplier_id", "section"],
        "value",
    )
    rows = []
    for _score_id, supplier_id, name, overall, band, assessment_id in own:
        median, n = eu_overall.get((supplier_id,), (None, 0))
        enough = cell_shown(n)
        section_rows = []
        for key, title in sections.items():
            s_median, s_n = eu_sections.get((supplier_id, key), (None, 0))
            own_value = own_sections.get((supplier_id, key))
            section_rows.append(
                {
                    "key": key,
                    "title": title,
                    "own": _round(own_value),
                    "eu_median": _round(s_median) if cell_shown(s_n) else None,
                }
            )
        rows.append(
            {
                "supplier_id": supplier_id,
                "supplier_name": name,
                "assessment_id": assessment_id,
                "own_overall": _round(overall),
                "own_band": band,
                "own_band_label": labels.get(band, band),
                "eu_reporting": n,
                "eu_median": _round(median) if enough else None,
                "difference": _round(overall - median) if enough and median is not None else None,
                "sections": section_rows,
            }
        )
    return rows


def member_state_assessments(*, member_state, campaign: Campaign, viewer: Viewer = EU_AUDIENCE) -> list[dict[str, Any]]:
    """A coordinator's drill-down: the submitted and approved assessments of one member state with
    their current score (band as the viewer may see it) and the revision it was computed from.
    2 queries."""
    labels = band_labels(campaign)
    confidential = confidential_designation_pairs(
        campaign_id=campaign.pk, definition=campaign.template_version.definition
    )
    definition = campaign.template_version.definition
    rows = []
    for values in (
        Assessment.objects.filter(campaign=campaign, member_state=member_state, status__in=REPORTED)
        .annotate(current=FilteredRelation("scores", condition=Q(scores__is_current=True)))
        .values(
            "id",
            "status",
            "current_revision",
            "submitted_at",
            "supplier__name",
            "current__overall",
            "current__band",
            "current__revision__number",
            "current__triggers",
            "supplier_id",
            "member_state_id",
        )
        .order_by("supplier__name")
    ):
        band = values["current__band"]
        if band:
            band = band_for_row(
                band=band,
                overall=values["current__overall"],
                triggers=values["current__triggers"],
                definition=definition,
                pair=(values["member_state_id"], values["supplier_id"]),
                confidential_pairs=confidential,
                viewer=viewer,
            )
        rows.append(
            {
                "assessment_id": values["id"],
                "status": values["status"],
                "status_label": Assessment.Status(values["status"]).label,
                "supplier_name": values["supplier__name"],
                "submitted_at": values["submitted_at"],
                "overall": _round(values["current__overall"]),
                "band": band,
                "band_label": labels.get(band, band) if band else "",
                "revision": values["current__revision__number"] or values["current_revision"],
            }
        )
    return rows
