"""Reads for scoring: the current score of an assessment, the state of its scoring, and the
explanation shown on the score panel."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from riskassess.confidentiality import (
    Viewer,
    evidence_keys_withheld,
    legal_status_as_seen,
    score_for_viewer,
    viewer_for_user,
    withheld_trigger_ids,
)
from riskassess.questionnaires.definition import questions_by_key
from riskassess.questionnaires.display import display_value
from riskassess.questionnaires.models import Assessment
from riskassess.scoring.bands import band_label, band_labels
from riskassess.scoring.engine import ENGINE_VERSION
from riskassess.scoring.models import Score, ScoringRun

# Queued for longer than this: the broker is unreachable or the workers are busy.
DELAYED_AFTER = dt.timedelta(seconds=10)


def score_current_for_assessment(*, assessment: Assessment) -> Score | None:
    return (
        Score.objects.filter(assessment=assessment, is_current=True)
        .select_related("revision__template_version")
        .order_by("-pk")
        .first()
    )


def scoring_state_for_assessment(*, assessment: Assessment, now: dt.datetime | None = None) -> dict[str, Any]:
    """{"state": "none" | "queued" | "delayed" | "running" | "done" | "failed", "score", "run"}.

    The state is that of the newest run of the latest revision; `score` is the current score (for
    a queued or running state it may be that of an earlier revision)."""
    run = (
        ScoringRun.objects.filter(revision__assessment=assessment)
        .order_by("-revision__number", "-queued_at", "-pk")
        .first()
    )
    score = score_current_for_assessment(assessment=assessment)
    if run is None:
        state = "done" if score is not None else "none"
    elif run.status == ScoringRun.Status.QUEUED:
        state = "delayed" if (now or timezone.now()) - run.queued_at > DELAYED_AFTER else "queued"
    elif run.status == ScoringRun.Status.RUNNING:
        state = "running"
    elif run.status == ScoringRun.Status.FAILED:
        state = "failed"
    else:
        state = "done" if score is not None else "queued"
    return {"state": state, "score": score, "run": run}


def approval_record(template_version: Any) -> dict[str, Any] | None:
    """Who approved the rule set, when and why (None: published before approval records)."""
    if not getattr(template_version, "approved_at", None):
        return None
    return {
        "by": template_version.approved_by_name,
        "at": template_version.approved_at,
        "reason": template_version.approval_reason,
        "version": template_version.version,
    }


def ordered_dimensions(score) -> list[tuple[str, Any]]:
    """A score's dimensions in its rule set's order. The stored JSON keeps the database's key order
    (PostgreSQL's JSONB sorts keys by length), so every output reads them through here."""
    stored = score.dimensions or {}
    declared = [
        d["key"] for d in (score.revision.template_version.definition.get("scoring") or {}).get("dimensions") or []
    ]
    order = [k for k in declared if k in stored] + [k for k in stored if k not in declared]
    return [(k, stored[k]) for k in order]


def dimensions_explanation(
    *,
    score: Score,
    withhold_designation: bool = False,
    hidden_questions: set[str] | frozenset[str] = frozenset(),
    shown: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    """What the score panel and the PDF show for a score of the dimensions model: the dimensions
    with their levels, rationale and confidence, the overall rule, the legal status beside them,
    the triggers with their basis, what is to be clarified and the approval record. None for a
    legacy score. `shown`: the version's definition as displayed (its wording in the reader's
    language, riskassess.questionnaires.wording), whose labels and rationales are shown."""
    if score.model != "dimensions":
        return None
    template_version = score.revision.template_version
    definition = template_version.definition
    rules = definition.get("scoring") or {}
    text = (shown or definition).get("scoring") or {}
    labels = band_labels(shown or definition)
    notes = {d["key"]: d for d in text.get("dimensions") or []}
    dims = []
    for key, d in ordered_dimensions(score):
        value = d.get("score")
        dims.append(
            {
                "key": key,
                **d,
                "label": notes.get(key, {}).get("label") or d.get("label", key),
                # The stored label is the English of the rule set; the reader's wording names the level.
                "level_label": labels.get(d.get("level"), d.get("level_label") or d.get("level")),
                "score_level_label": labels.get(d.get("score_level"), d.get("score_level")),
                "raised": d.get("level") != d.get("score_level"),
                "confidence_percent": round((d.get("confidence") or 0) * 100),
                "bar": None if value is None else round(max(0.0, min(100.0, value)), 1),
                "rationale": notes.get(key, {}).get("rationale", ""),
                "source": notes.get(key, {}).get("source", ""),
            }
        )
    dim_labels = {d["key"]: d["label"] for d in dims}
    rule_notes = {t["id"]: t for t in text.get("triggers") or []}
    triggers = [
        {
            **t,
            "label": rule_notes.get(t.get("id"), {}).get("label") or t.get("label", ""),
            "basis": rule_notes.get(t.get("id"), {}).get("basis") or t.get("basis", ""),
            "band_label": labels.get(t.get("min_band"), t.get("min_band")),
            "dimension_label": dim_labels.get(t.get("dimension"), _("Overall level")),
            "rationale": rule_notes.get(t.get("id"), {}).get("rationale", ""),
            "source": rule_notes.get(t.get("id"), {}).get("source", ""),
        }
        for t in score.triggers or []
    ]
    questions = questions_by_key(shown or definition)
    supply_question = questions.get(str((rules.get("supply") or {}).get("question") or ""), {})
    asset_labels = {c["value"]: c["label"] for c in supply_question.get("choices", [])}
    if withhold_designation:
        # A trigger that rests on the designation data is never attributed outside its member state,
        # not even as withheld (riskassess.confidentiality).
        hidden_triggers = withheld_trigger_ids(definition)
        triggers = [t for t in triggers if t.get("id") not in hidden_triggers]
    for t in triggers:
        t["asset_class_labels"] = [asset_labels.get(a, a) for a in t.get("asset_classes") or []]
    legal_status = legal_status_as_seen(legal_status=score.legal_status, withhold_designation=withhold_designation)
    generations_question = questions.get(str((rules.get("legal_status") or {}).get("generations_question") or ""), {})
    generation_labels = {c["value"]: c["label"] for c in generations_question.get("choices", [])}
    legal_status["generation_labels"] = [generation_labels.get(g, g) for g in legal_status.get("generations") or []]
    to_clarify = [
        {
            **c,
            "text": _clarify_text(c, questions, rule_notes),
            "dimension_label": dim_labels.get(c.get("dimension"), ""),
        }
        for c in score.to_clarify or []
        if c.get("question") not in hidden_questions
    ]
    return {
        "dimensions": dims,
        "overall_rule": _overall_rule(score.overall_rule or rules.get("overall_rule") or {}, text),
        "level": score.band,
        "level_label": labels.get(score.band, score.band),
        "evidence_level": score.evidence_level,
        "legal_status": legal_status,
        "triggers": triggers,
        "to_clarify": to_clarify,
        "supplied": [asset_labels.get(a, a) for a in score.supplied_asset_classes or []],
        "supplied_stated": score.supplied_asset_classes is not None,
        "approval": approval_record(template_version),
        "facts": score.facts or {},
    }


def _clarify_text(item: Mapping[str, Any], questions: Mapping[str, Any], triggers: Mapping[str, Any]) -> str:
    """The text of a point to clarify in the wording shown: its question's text, or its trigger's label."""
    if item.get("question"):
        return questions.get(item["question"], {}).get("text") or item.get("text", "")
    return triggers.get(str(item.get("trigger") or ""), {}).get("label") or item.get("text", "")


def _overall_rule(rule: Mapping[str, Any], text: Mapping[str, Any]) -> dict[str, Any]:
    """The overall rule of a score with the wording shown (when it is the rule of that wording)."""
    worded = text.get("overall_rule") or {}
    if not rule or worded.get("id") != rule.get("id"):
        return dict(rule)
    return {**rule, **{k: worded[k] for k in ("text", "rationale", "source") if worded.get(k)}}


def _by_dimension(
    score: Score, questions: dict[str, Any], dims_view: dict[str, Any], *, per_dimension: int
) -> list[dict[str, Any]]:
    labels = {d["key"]: d["label"] for d in dims_view["dimensions"]}
    out = []
    for key in labels:
        rows = [c for c in score.contributions or [] if c.get("dimension") == key and c.get("contribution", 0) > 0]
        for c in rows[:per_dimension]:
            q = questions.get(c.get("question"), {})
            out.append(
                {
                    **c,
                    "dimension_label": labels[key],
                    "text": q.get("text", ""),
                    "answer_text": display_value(q, c.get("answer"), empty=gettext("Not answered")),
                }
            )
    return out


def score_explanation(
    *, score: Score, limit: int = 10, viewer: Viewer | None = None, shown: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """What the score panel shows: band label, sections, the largest contributions with their
    question texts, triggers, flags and warnings, as `viewer` may see them
    (riskassess.confidentiality.score_for_viewer; None: unchanged). `shown`: the version's
    definition as displayed (see `dimensions_explanation`)."""
    definition = score.revision.template_version.definition
    hidden: set[str] = set()
    withheld = False
    if viewer is not None:
        hidden = evidence_keys_withheld(
            viewer=viewer, member_state_id=score.assessment.member_state_id, definition=definition
        )
        visible = score_for_viewer(score=score, viewer=viewer) or score
        withheld, score = visible is not score, visible
    band, score_triggers = score.band, list(score.triggers or [])
    questions = questions_by_key(shown or definition)
    labels = band_labels(shown or definition)
    text = shown or definition
    titles = {sec["key"]: sec.get("title") for sec in text.get("sections") or []}
    trigger_labels = {t["id"]: t.get("label") for t in (text.get("scoring") or {}).get("triggers") or []}
    sections = []
    for key, s in (score.sections or {}).items():
        value = s.get("score")
        sections.append(
            {
                "key": key,
                "title": titles.get(key) or s.get("title") or key,
                "score": value,
                "weight": s.get("weight"),
                "confidence": s.get("confidence"),
                "bar": None if value is None else round(max(0.0, min(100.0, value)), 1),
            }
        )
    contributions = [
        {
            **c,
            "text": questions.get(c.get("question"), {}).get("text", ""),
            "answer_text": display_value(
                questions.get(c.get("question"), {}), c.get("answer"), empty=gettext("Not answered")
            ),
        }
        for c in [c for c in score.contributions or [] if c.get("question") not in hidden][:limit]
    ]
    flags = [f for f in score.flags or [] if f.get("kind") != "warning" and f.get("question") not in hidden]
    warnings = [
        {**w, "text": questions.get(w.get("question"), {}).get("text", "")}
        for w in score.flags or []
        if w.get("kind") == "warning" and w.get("question") not in hidden
    ]
    triggers = [
        {
            **t,
            "label": trigger_labels.get(t.get("id")) or t.get("label", ""),
            "band_label": band_label(t.get("min_band") or "", labels),
        }
        for t in score_triggers
    ]
    dims_view = dimensions_explanation(score=score, withhold_designation=withheld, hidden_questions=hidden, shown=shown)
    if dims_view is not None:
        # Contributions add up within their dimension only: the largest of each, dimension by dimension.
        contributions = _by_dimension(score, questions, dims_view, per_dimension=max(3, limit // 2))
    for c in contributions:
        rule = questions.get(str(c.get("question") or ""), {}).get("scoring") or {}
        c["rationale"], c["source"] = rule.get("rationale", ""), rule.get("source", "")
    return {
        "model": score.model,
        "dimensions_view": dims_view,
        "approval": approval_record(score.revision.template_version),
        "band": band,
        "band_label": band_label(band, labels),
        "sections": sections,
        "contributions": contributions,
        "contribution_count": len([c for c in score.contributions or [] if c.get("question") not in hidden]),
        "triggers": triggers,
        "flags": flags,
        "warnings": warnings,
        "confidence_percent": round(score.confidence * 100),
        "rules_version": score.rules_hash[:12],
        "engine_version": score.engine_version or ENGINE_VERSION,
    }


def contributions_with_rationale(*, score: Score) -> list[dict[str, Any]]:
    """Every per-question contribution of `score`, largest first, with the rationale and source of
    its question's scoring rule."""
    questions = questions_by_key(score.revision.template_version.definition)
    out = []
    for c in score.contributions or []:
        rule = questions.get(str(c.get("question") or ""), {}).get("scoring") or {}
        out.append({**c, "rationale": rule.get("rationale", ""), "source": rule.get("source", "")})
    return out


def score_as_seen_by(*, user, score: Score | None) -> Score | None:
    """`score` as `user` may see it (riskassess.confidentiality.score_for_viewer). Never saved."""
    return score_for_viewer(score=score, viewer=viewer_for_user(user))
