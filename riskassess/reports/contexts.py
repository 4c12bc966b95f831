"""The data of each kind of report, read from stored rows (frozen revisions, scores, designations)
with a bounded number of queries, and shaped for the templates in templates/reports/pdf/.

Confidentiality: every rule comes from riskassess.confidentiality (the report's audience is its
viewer), and every EU figure from the dashboard's aggregate selectors (riskassess.dashboard.selectors),
so a report never shows a number the pages do not, and never computes its own:
- outside its member state, the designation section of an assessment is withheld, and a band or
  trigger that rests on a confidential designation is not shown;
- the member-state overview for the EU audience lists submitted and approved assessments only;
- supplier and EU reports (read by observers too) carry no per-state cells.
"""

import datetime as dt
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from riskassess.accounts.models import MemberState
from riskassess.confidentiality import (
    SMALL_CELL_NOTE,
    band_for_row,
    confidential_designation_pairs,
    designation_keys,
    designation_withheld,
    is_own_state,
    may_see_state_cells,
    section_withheld,
    shown_band_and_triggers,
    viewer_for_audience,
)
from riskassess.core import charts
from riskassess.core.countries import country_name
from riskassess.core.figures import score_text
from riskassess.dashboard.selectors import REPORTED
from riskassess.questionnaires.definition import iter_questions
from riskassess.questionnaires.display import display_items
from riskassess.questionnaires.display import display_value as _display_value
from riskassess.questionnaires.models import Assessment, Campaign, Revision
from riskassess.questionnaires.wording import template_wording
from riskassess.reports.models import AUDIENCE_EU, Report
from riskassess.reports.selectors import assessment_report_inputs
from riskassess.scoring import engine
from riskassess.scoring.bands import band_label, band_labels, rule_set_bands
from riskassess.scoring.models import Score
from riskassess.scoring.selectors import approval_record, dimensions_explanation, ordered_dimensions
from riskassess.suppliers.models import AssetClass, Designation, DesignationStatus

WHY_LIMIT = 10
HEATMAP_ROWS_PER_PAGE = 34  # one landscape page each, with heading and legend
TREND_SUPPLIERS = 6

# FIRST TLP 2.0: coloured text on a black background.
TLP_COLOURS = {
    "TLP:CLEAR": "#ffffff",
    "TLP:GREEN": "#33ff00",
    "TLP:AMBER": "#ffc000",
    "TLP:AMBER+STRICT": "#ffc000",
    "TLP:RED": "#ff2b2b",
}


def report_context(report: Report) -> dict[str, Any]:
    builders: dict[str, Callable[[Report], dict[str, Any]]] = {
        Report.Kind.ASSESSMENT: assessment_context,
        Report.Kind.MEMBER_STATE: member_state_context,
        Report.Kind.SUPPLIER: supplier_context,
        Report.Kind.EU: eu_context,
    }
    if report.kind == Report.Kind.TOOLBOX:
        from riskassess.networks.contexts import toolbox_context

        builders[Report.Kind.TOOLBOX] = toolbox_context
    if report.kind == Report.Kind.HEARING:
        from riskassess.hearings.contexts import record_context

        builders[Report.Kind.HEARING] = record_context
    context = builders[report.kind](report)
    context.setdefault("generated_at", timezone.now())
    context["report"] = report
    context["tlp"] = report.tlp
    context["tlp_key"] = report.tlp_key
    context["tlp_colour"] = TLP_COLOURS.get(report.tlp, "#ffffff")
    context["audience_label"] = "EU coordinators" if report.audience == AUDIENCE_EU else _state_name(report.audience)
    return context


def _state_name(iso: str) -> str:
    return MemberState.objects.filter(iso_code=iso).values_list("name", flat=True).first() or iso


def _bands_list(labels: dict[str, str], definition: dict | None = None) -> list[tuple[str, str]]:
    return [(k, band_label(k, labels)) for k in rule_set_bands(definition)]


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


# ---------------------------------------------------------------------------------------------
# Answers, shown per type
# ---------------------------------------------------------------------------------------------


def display_value(q: dict, value) -> str:
    return _display_value(q, value, empty=gettext("Not answered"))


# ---------------------------------------------------------------------------------------------
# Assessment report
# ---------------------------------------------------------------------------------------------


def _certificate_rows(definition: dict, answers: dict, evidence: list, on: dt.date, warn_days: int) -> list[dict]:
    rows = []
    by_item = defaultdict(list)
    for ev in evidence:
        if ev.get("item_id"):
            by_item[ev["item_id"]].append(ev)
    for q in iter_questions(definition):
        if q.get("type") != "repeat" or q.get("item_kind") != "certificate":
            continue
        for item in answers.get(q["key"]) or []:
            if not isinstance(item, dict):
                continue
            counts, reason = engine.certificate_status(item, on)
            expiry = engine._parse_date(item.get("expiry_date"))  # noqa: SLF001 - the engine's date parser
            expiring = bool(counts and expiry and (expiry - on).days <= warn_days)
            rows.append(
                {
                    "question": q["key"],
                    "product": str(item.get("product") or "–"),
                    "scheme": str(item.get("scheme") or ""),
                    "certificate_id": str(item.get("certificate_id") or ""),
                    "asset_class": str(item.get("asset_class") or ""),
                    "expiry": expiry,
                    "counts": counts,
                    "expiring": expiring,
                    "reason": reason,
                    "evidence": by_item.get(item.get("id"), []),
                }
            )
    return rows


def assessment_context(report: Report) -> dict[str, Any]:
    assessment = report.assessment
    assert assessment is not None  # an assessment report
    revision, score = assessment_report_inputs(assessment=assessment, score=report.score)
    assert revision is not None  # an assessment is reported once it has a revision
    definition = revision.template_version.definition
    # The questionnaire's texts in the report's language (English where not translated): what is
    # printed; the rules, the answers and the confidentiality read the definition itself.
    wording = template_wording(template_version=revision.template_version, language=report.language)
    shown = wording.definition
    labels = band_labels(definition)
    answers = revision.answers or {}
    comments = revision.comments or {}
    evidence = [_evidence_row(ev) for ev in revision.evidence or [] if isinstance(ev, dict)]
    # Outside its member state, section D of a submission is never shown (designations are read
    # from the register, where confidential ones are never attributed); a confidential designation
    # also never shows through the band or the triggers.
    viewer = viewer_for_audience(audience=report.audience, kind=report.kind)
    outside = not is_own_state(viewer, assessment.member_state_id)
    redacted = designation_withheld(
        viewer=viewer,
        member_state_id=assessment.member_state_id,
        supplier_id=assessment.supplier_id,
        answers=answers,
        definition=definition,
    )
    questions = {q["key"]: q for q in iter_questions(shown)}
    rules = definition.get("scoring", {})
    warn_days = int(rules.get("evidence_rules", {}).get("expiry_warning_days", 90))

    evidence_by_question = defaultdict(list)
    for ev in evidence:
        evidence_by_question[ev.get("question_key")].append(ev)

    sections = []
    section_chart = []
    for section in shown["sections"]:
        withheld = section_withheld(
            viewer=viewer, member_state_id=assessment.member_state_id, definition=definition, section_key=section["key"]
        )
        s_score = (score.sections or {}).get(section["key"], {}) if score else {}
        if section.get("weight", 0):
            section_chart.append((section["key"], section.get("title", ""), s_score.get("score")))
        rows = []
        for q in section["questions"]:
            if q["key"] not in answers and q["key"] not in comments:
                continue
            value = answers.get(q["key"])
            rows.append(
                {
                    "key": q["key"],
                    "text": q.get("text", ""),
                    "type": q.get("type"),
                    "value": display_value(q, value) if q.get("type") != "repeat" else "",
                    "items": display_items(q, value) if q.get("type") == "repeat" else [],
                    "comment": comments.get(q["key"], ""),
                    "evidence": evidence_by_question.get(q["key"], []),
                }
            )
        sections.append(
            {
                "key": section["key"],
                "title": section.get("title", ""),
                "weight": section.get("weight", 0),
                "score": s_score.get("score"),
                "band": charts.band_for_score(s_score.get("score")),
                "confidence": s_score.get("confidence"),
                "rows": [] if withheld else rows,
                "withheld": withheld,
            }
        )

    designation_questions = designation_keys(definition)
    band: str = "none"
    shown_triggers: list[dict[str, Any]] = []
    if score:
        band, shown_triggers = shown_band_and_triggers(
            band=score.band, overall=score.overall, triggers=score.triggers, definition=definition, withheld=redacted
        )
    trigger_labels = {t.get("id"): t.get("label") for t in (shown.get("scoring") or {}).get("triggers") or []}
    triggers = [
        {"id": t.get("id"), "label": trigger_labels.get(t.get("id")) or t.get("label", "")} for t in shown_triggers
    ]

    why = []
    picked = ((score.contributions if score else []) or [])[:WHY_LIMIT]
    if score is not None and score.model == "dimensions":
        # Contributions add up within their dimension only: the largest of each, dimension by dimension.
        picked = [
            c
            for key, _dimension in ordered_dimensions(score)
            for c in [c for c in score.contributions or [] if c.get("dimension") == key][: WHY_LIMIT // 2]
        ]
    # The dimensions' names in the wording shown (the reader's language), else as stored with the score.
    shown_dimensions = {d.get("key"): d.get("label") for d in (shown.get("scoring") or {}).get("dimensions") or []}
    stored_dimensions = (score.dimensions if score else None) or {}
    dimension_labels = {k: shown_dimensions.get(k) or d.get("label", k) for k, d in stored_dimensions.items()}
    for c in picked:
        if c.get("contribution", 0) <= 0:
            continue
        q = questions.get(c.get("question"), {})
        why.append(
            {
                "key": c.get("question"),
                "text": q.get("text", ""),
                "answer": display_value(q, c.get("answer")),
                "points": c.get("points"),
                "weight": c.get("weight"),
                "contribution": c.get("contribution"),
                "dimension": c.get("dimension", ""),
                "dimension_label": dimension_labels.get(c.get("dimension", ""), ""),
                "rationale": (q.get("scoring") or {}).get("rationale", ""),
                "source": (q.get("scoring") or {}).get("source", ""),
            }
        )

    certificates = _certificate_rows(definition, answers, evidence, revision.assessment_date, warn_days)
    warnings = []
    for flag in (score.flags if score else []) or []:
        text = flag.get("label") or flag.get("message") if isinstance(flag, dict) else str(flag)
        if text:
            where = (flag.get("question") or flag.get("id") or "") if isinstance(flag, dict) else ""
            warnings.append({"where": where, "text": str(text)})
    # The engine's warnings (stored with the score) already name expiring and missing evidence;
    # without a score yet, the report works them out from the answers.
    for cert in [] if score else certificates:
        if cert["expiring"]:
            warnings.append(
                {
                    "where": cert["question"],
                    "text": gettext("Certificate for %(product)s expires on %(date)s.")
                    % {"product": cert["product"], "date": cert["expiry"]},
                }
            )
        elif not cert["counts"]:
            warnings.append(
                {
                    "where": cert["question"],
                    "text": gettext("Certificate for %(product)s does not count: %(reason)s.")
                    % {"product": cert["product"], "reason": cert["reason"]},
                }
            )
    for key, q in [] if score else questions.items():
        if (
            q.get("evidence")
            and key in answers
            and answers[key] not in ("unknown", None, "")
            and not evidence_by_question.get(key)
        ):
            if outside and key in designation_questions:
                continue
            warnings.append({"where": key, "text": gettext("Evidence is wanted for this answer but none is attached.")})
    # one line per distinct message
    seen: set[tuple[Any, str]] = set()
    unique_warnings = []
    for w in warnings:
        if (w["where"], w["text"]) not in seen:
            seen.add((w["where"], w["text"]))
            unique_warnings.append(w)
    warnings = unique_warnings

    if outside:
        evidence = [ev for ev in evidence if ev.get("question_key") not in designation_questions]

    return {
        "title": gettext("%(supplier)s: risk assessment by %(member_state)s")
        % {"supplier": assessment.supplier.name, "member_state": assessment.member_state.name},
        "subtitle": gettext("%(campaign)s · revision %(number)s")
        % {"campaign": assessment.campaign.name, "number": revision.number},
        "assessment": assessment,
        "revision": revision,
        "score": score,
        "band": band,
        "band_label": band_label(band, labels),
        "overall": score.overall if score else None,
        "confidence": _pct(score.confidence) if score else "–",
        "triggers": triggers,
        # The dimensions model (docs/scoring.md): None for a legacy score.
        "dims": (
            dimensions_explanation(
                score=score,
                withhold_designation=redacted,
                hidden_questions=designation_questions if outside else frozenset(),
                shown=shown,
            )
            if score
            else None
        ),
        "approval": approval_record(revision.template_version),
        "why": why,
        "warnings": warnings,
        "sections": sections,
        "section_chart": section_chart,
        "certificates": certificates,
        "evidence": evidence,
        "redacted": redacted,
        "outside": outside,
        "rules_version": revision.template_version.rules_version,
        "questionnaire_version": f"{revision.template_version.template.key} {revision.template_version.version}",
        "questionnaire_authority": wording.authority(),
        "data_cutoff": revision.submitted_at,
        "long": sum(len(s["rows"]) for s in sections) > 80,
    }


def _evidence_row(ev: dict) -> dict:
    return {
        "id": ev.get("id"),
        "question_key": str(ev.get("question_key") or ""),
        "item_id": ev.get("item_id") or "",
        "name": str(ev.get("name") or ev.get("url") or "–"),
        "url": str(ev.get("url") or ""),
        "sha256": str(ev.get("sha256") or ""),
        "size": ev.get("size") or 0,
        "description": str(ev.get("description") or ""),
    }


# ---------------------------------------------------------------------------------------------
# Shared aggregate reads
# ---------------------------------------------------------------------------------------------


def designation_counts(*, supplier_ids=None) -> dict[int, dict[str, Any]]:
    """Per supplier: {"n": designating states that may be counted, "public": [EU codes],
    "confidential_counted": int}, from the dashboard's designation summary, so the pages and the
    reports apply the one confidentiality rule (at least 3 member states, never attributed)."""
    from riskassess.dashboard.filters import DashboardFilters
    from riskassess.dashboard.selectors import designation_summary

    if supplier_ids is not None and len(supplier_ids) == 1:
        rows = designation_summary(filters=DashboardFilters(supplier=supplier_ids[0]))
    else:
        rows = [r for r in designation_summary() if supplier_ids is None or r["supplier_id"] in supplier_ids]
    counts = {sid: {"n": 0, "public": [], "confidential_counted": 0} for sid in supplier_ids or []}
    for r in rows:
        if r["designating"]:
            counts[r["supplier_id"]] = {
                "n": r["designating"],
                "public": r["designating_public"],
                "confidential_counted": r["designating_confidential"],
            }
    return counts


def _quartiles(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    values = sorted(values)
    if len(values) == 1:
        v = values[0]
        return {"min": v, "q1": v, "median": v, "q3": v, "max": v, "iqr": 0.0}
    q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
    return {"min": values[0], "q1": q1, "median": median, "q3": q3, "max": values[-1], "iqr": q3 - q1}


def _data_cutoff(campaign: Campaign, **filters):
    return Assessment.objects.filter(campaign=campaign, **filters).aggregate(at=Max("submitted_at"))["at"]


def _campaign_labels(campaign: Campaign) -> dict[str, str]:
    return band_labels(campaign.template_version.definition)


# ---------------------------------------------------------------------------------------------
# Member-state overview
# ---------------------------------------------------------------------------------------------


def member_state_context(report: Report) -> dict[str, Any]:
    ms, campaign = report.member_state, report.campaign
    assert ms is not None and campaign is not None  # a member-state report names both
    labels = _campaign_labels(campaign)
    viewer = viewer_for_audience(audience=report.audience, kind=report.kind)
    own = is_own_state(viewer, ms.pk)
    assessments_qs = Assessment.objects.filter(campaign=campaign, member_state=ms)
    if not own:
        # Drafts and returned assessments never leave their member state.
        assessments_qs = assessments_qs.filter(status__in=REPORTED)
    assessments = list(assessments_qs.select_related("supplier").order_by("supplier__name"))
    scores = {
        s["assessment_id"]: s
        for s in Score.objects.filter(is_current=True, assessment__in=[a.pk for a in assessments]).values(
            "id", "overall", "band", "triggers", "confidence", "assessment_id"
        )
    }
    confidential = confidential_designation_pairs(
        campaign_id=campaign.pk, definition=campaign.template_version.definition
    )
    definition = campaign.template_version.definition
    designations = {
        d.supplier_id: d
        for d in Designation.objects.filter(member_state=ms)
        .prefetch_related("asset_classes")
        .select_related("supplier")
    }
    key_assets = set(AssetClass.objects.filter(is_key_asset=True).values_list("code", flat=True)) or {
        "core_nf",
        "nfv_mano_sdn",
        "nfvi_cloud",
        "oss_nms_aaa",
        "security_functions",
        "lawful_intercept",
        "interconnect_gateway",
        "transport",
        "ran_sensitive_area",
    }
    latest = {}
    for revision_row in (
        Revision.objects.filter(assessment__in=[a.pk for a in assessments])
        .order_by("assessment_id", "number")
        .values("assessment_id", "answers", "assessment_date", "template_version__definition")
    ):
        latest[revision_row["assessment_id"]] = revision_row
    rows = []
    band_counts: Counter[str] = Counter()
    cert_valid_total = cert_total = 0
    for a in assessments:
        s = scores.get(a.pk)
        d = designations.get(a.supplier_id)
        cov_valid = cov_total = 0
        rev = latest.get(a.pk)
        if rev:
            for q in iter_questions(rev["template_version__definition"]):
                if q.get("item_kind") != "certificate":
                    continue
                for item in (rev["answers"] or {}).get(q["key"]) or []:
                    if isinstance(item, dict) and item.get("asset_class") in key_assets:
                        cov_total += 1
                        cov_valid += engine.certificate_status(item, rev["assessment_date"])[0]
        cert_valid_total += cov_valid
        cert_total += cov_total
        designation = None
        if d and d.status != DesignationStatus.NONE:
            if d.confidential and not own:
                designation = None  # never attributed outside its member state, not even as "withheld"
            else:
                decided = d.decided_on and gettext("decided %(date)s") % {"date": date_format(d.decided_on, "d M Y")}
                parts = [p for p in (d.legal_instrument, decided) if p]
                classes = ", ".join(ac.name for ac in d.asset_classes.all())
                if classes:
                    parts.append(gettext("scope: %(asset_classes)s") % {"asset_classes": classes})
                designation = {
                    "status": d.get_status_display(),
                    "details": "; ".join(parts),
                    "confidential": d.confidential,
                }
        band = "none"
        if s:
            band = band_for_row(
                band=s["band"],
                overall=s["overall"],
                triggers=s["triggers"],
                definition=definition,
                pair=(a.member_state_id, a.supplier_id),
                confidential_pairs=confidential,
                viewer=viewer,
            )
        if s:
            band_counts[band] += 1
        rows.append(
            {
                "supplier": a.supplier.name,
                "status": a.get_status_display(),
                "band": band,
                "band_label": band_label(band, labels),
                "overall": s["overall"] if s else None,
                "confidence": _pct(s["confidence"]) if s else "–",
                "designation": designation,
                "coverage": (
                    gettext("%(valid)s of %(total)s") % {"valid": cov_valid, "total": cov_total} if cov_total else "–"
                ),
            }
        )
    overall_values = [s["overall"] for s in scores.values()]
    return {
        "title": gettext("%(member_state)s: overview of 5G supplier assessments") % {"member_state": ms.name},
        "subtitle": campaign.name,
        "member_state": ms,
        "campaign": campaign,
        "rows": rows,
        "own": own,
        "band_counts": dict(band_counts),
        "bands": _bands_list(labels, campaign.template_version.definition),
        "stats": _quartiles(overall_values),
        "n_assessments": len(assessments),
        "n_scored": len(scores),
        "n_designated": sum(1 for r in rows if r["designation"]),
        "coverage_share": (_pct(cert_valid_total / cert_total) if cert_total else "–"),
        "coverage_counts": (cert_valid_total, cert_total),
        "rules_version": campaign.template_version.rules_version,
        "questionnaire_version": f"{campaign.template_version.template.key} {campaign.template_version.version}",
        "data_cutoff": _data_cutoff(campaign, member_state=ms, status__in=REPORTED),
        "long": len(rows) > 25,
    }


# ---------------------------------------------------------------------------------------------
# Supplier EU profile
# ---------------------------------------------------------------------------------------------


def supplier_context(report: Report) -> dict[str, Any]:
    """The supplier's row of the dashboard's supplier table, and its trend: nothing computed here."""
    from riskassess.dashboard import selectors as dashboard
    from riskassess.dashboard.filters import DashboardFilters

    supplier, campaign = report.supplier, report.campaign
    assert supplier is not None and campaign is not None  # a supplier report names both
    labels = _campaign_labels(campaign)
    rows = dashboard.supplier_table(campaign=campaign, filters=DashboardFilters(supplier=supplier.pk))
    row = next((r for r in rows if r["supplier_id"] == supplier.pk), None)
    n_states = row["designating_of"] if row else MemberState.objects.count()
    stats = None
    if row and row["median"] is not None:
        stats = {k: row[k] for k in ("min", "q1", "median", "q3", "max", "iqr")}
    section_medians = [(s["key"], s["title"], s["median"]) for s in row["sections"]] if row else []
    trend = _eu_trend(dashboard.supplier_trend(supplier=supplier), [supplier.pk], suffix=" " + gettext("(median)"))
    return {
        "title": gettext("%(supplier)s: EU risk profile") % {"supplier": supplier.name},
        "subtitle": campaign.name,
        "supplier": supplier,
        "hq": f"{country_name(supplier.hq_country)} ({supplier.hq_country})",
        "campaign": campaign,
        "basis": dashboard.counting_basis(campaign=campaign),
        "n_states": n_states,
        "n_reporting": row["reporting"] if row else 0,
        "suppressed": bool(row and row["suppressed"]),
        "small_cell_note": SMALL_CELL_NOTE,
        "designated": {
            "n": row["designating"] if row else 0,
            "public": row["designating_public"] if row else [],
            "confidential_counted": row["designating_confidential"] if row else 0,
        },
        "stats": stats,
        "band_counts": {b["key"]: b["count"] for b in row["bands"]} if row else {},
        "bands": _bands_list(labels, campaign.template_version.definition),
        "section_medians": section_medians,
        "restricted": list(row["restricted_asset_class_counts"]) if row else [],
        "trend": trend,
        "rules_version": campaign.template_version.rules_version,
        "questionnaire_version": f"{campaign.template_version.template.key} {campaign.template_version.version}",
        "data_cutoff": _data_cutoff(campaign, supplier=supplier, status__in=REPORTED),
        "long": False,
    }


# ---------------------------------------------------------------------------------------------
# EU-wide report
# ---------------------------------------------------------------------------------------------


def eu_context(report: Report) -> dict[str, Any]:
    """The EU dashboard snapshot, from the dashboard's aggregate selectors (bounded queries). The
    heatmap of per-state cells only for an audience that may see them (never for observers)."""
    from riskassess.dashboard import selectors as dashboard

    campaign = report.campaign
    assert campaign is not None  # an EU report names its campaign
    viewer = viewer_for_audience(audience=report.audience, kind=report.kind)
    labels = _campaign_labels(campaign)
    table = dashboard.supplier_table(campaign=campaign)
    distribution = dashboard.eu_distribution(campaign=campaign, table=table)
    protocol = dict(MemberState.objects.values_list("id", "protocol_order"))
    heatmap_pages = []
    n_suppliers = sum(1 for r in table if r["reporting"])
    if may_see_state_cells(viewer):
        grid = dashboard.heatmap(campaign=campaign, viewer=viewer)
        states = sorted(grid["member_states"], key=lambda s: (protocol.get(s["id"], 0), s["name"]))
        state_index = {s["id"]: j for j, s in enumerate(states)}
        suppliers = grid["suppliers"]
        supplier_index = {s["id"]: i for i, s in enumerate(suppliers)}
        cells: dict[tuple[int, int], tuple[str, str]] = {}
        for (ms_id, supplier_id), cell in grid["cells"].items():
            i, j = supplier_index.get(supplier_id), state_index.get(ms_id)
            if i is not None and j is not None:
                band = cell["band"]
                cells[(i, j)] = (band, f"{charts.BAND_ABBREVIATIONS.get(band, '?')} {score_text(cell['overall'])}")
        cols = [s["eu_code"] for s in states]
        for start in range(0, len(suppliers), HEATMAP_ROWS_PER_PAGE):
            chunk = suppliers[start : start + HEATMAP_ROWS_PER_PAGE]
            heatmap_pages.append(
                {
                    "rows": [s["name"] for s in chunk],
                    "cols": cols,
                    "cells": {(i - start, j): v for (i, j), v in cells.items() if start <= i < start + len(chunk)},
                    "first": start + 1,
                    "last": start + len(chunk),
                }
            )
    designation_rows = sorted(
        (
            {
                "supplier": r["supplier_name"],
                "n": r["designating"],
                "public": ", ".join(r["designating_public"]),
                "confidential_counted": r["designating_confidential"],
                "median": r["median"],
                "iqr": r["iqr"],
                "reporting": r["reporting"],
                "suppressed": r["suppressed"],
                "supplier_id": r["supplier_id"],
            }
            for r in table
        ),
        key=lambda r: (-r["n"], r["supplier"].lower()),
    )
    progress = [
        {
            "code": p["eu_code"],
            "name": p["name"],
            "total": p["expected"],
            "submitted": p["submitted"] + p["approved"],
            "approved": p["approved"],
            "late": p["late"],
            "share_pct": p["completion"] or 0,
            "protocol": protocol.get(p["member_state_id"], 0),
        }
        for p in dashboard.campaign_progress(campaign=campaign)
    ]
    progress.sort(key=lambda p: (p["protocol"], p["name"]))
    trend = _eu_trend(dashboard.supplier_trend(), [r["supplier_id"] for r in designation_rows[:TREND_SUPPLIERS]])
    return {
        "title": gettext("EU-wide 5G supplier risk picture"),
        "subtitle": campaign.name,
        "campaign": campaign,
        "basis": dashboard.counting_basis(campaign=campaign),
        "small_cell_note": SMALL_CELL_NOTE,
        "n_states": len(protocol),
        "n_suppliers": n_suppliers,
        "n_scores": distribution["n_scores"],
        "band_counts": distribution["band_counts"],
        "bands": _bands_list(labels, campaign.template_version.definition),
        "stats": distribution["stats"],
        "heatmap_pages": heatmap_pages,
        # Only suppliers that some member state designates: 200 rows of "0 of 27" say nothing.
        "designation_rows": [r for r in designation_rows if r["n"]],
        "n_not_designated": sum(1 for r in designation_rows if not r["n"]),
        "n_designated_suppliers": sum(1 for r in designation_rows if r["n"]),
        "progress": progress,
        "trend": trend,
        "rules_version": campaign.template_version.rules_version,
        "questionnaire_version": f"{campaign.template_version.template.key} {campaign.template_version.version}",
        "data_cutoff": _data_cutoff(campaign, status__in=REPORTED),
        "long": True,
    }


def _eu_trend(trend: dict, supplier_ids: list[int], suffix: str = "") -> dict[str, list[tuple[str, float | None]]]:
    """Median score per campaign for the suppliers most often designated (then by name)."""
    names = {c["id"]: c["name"] for c in trend["campaigns"]}
    wanted = {sid: n for n, sid in enumerate(supplier_ids)}
    series = {}
    for s in sorted((s for s in trend["suppliers"] if s["id"] in wanted), key=lambda s: wanted[s["id"]]):
        points = [(names[p["campaign_id"]], p["median"]) for p in s["points"] if p["n"] or p["median"] is not None]
        if any(v is not None for _, v in points):
            series[f"{s['name']}{suffix}"] = points
    return series
