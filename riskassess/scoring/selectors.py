"""Reads for scoring: the current score of an assessment, the state of its scoring, and the
explanation shown on the score panel."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.utils import timezone

from riskassess.questionnaires.definition import questions_by_key
from riskassess.questionnaires.display import display_value
from riskassess.questionnaires.models import Assessment
from riskassess.scoring.bands import band_label, band_labels
from riskassess.scoring.engine import ENGINE_VERSION
from riskassess.scoring.models import Score, ScoringRun
from riskassess.suppliers.selectors import (
    band_without_designation,
    designation_withheld,
    triggers_without_designation,
)

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


def score_explanation(*, score: Score, limit: int = 10, withhold_designation: bool = False) -> dict[str, Any]:
    """What the score panel and the reports show: band label, sections, the largest
    contributions with their question texts, triggers, flags and warnings.

    withhold_designation: the viewer is outside the member state and its designation of the
    supplier is confidential (riskassess.suppliers.selectors.designation_withheld): the band and the
    triggers are shown without the designation."""
    definition = score.revision.template_version.definition
    band, score_triggers = score.band, list(score.triggers or [])
    if withhold_designation:
        band = band_without_designation(overall=score.overall, triggers=score_triggers, definition=definition)
        score_triggers = triggers_without_designation(score_triggers)
    questions = questions_by_key(definition)
    labels = band_labels(definition)
    sections = []
    for key, s in (score.sections or {}).items():
        value = s.get("score")
        sections.append(
            {
                "key": key,
                "title": s.get("title") or key,
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
            "answer_text": display_value(questions.get(c.get("question"), {}), c.get("answer"), empty="Not answered"),
        }
        for c in (score.contributions or [])[:limit]
    ]
    flags = [f for f in score.flags or [] if f.get("kind") != "warning"]
    warnings = [
        {**w, "text": questions.get(w.get("question"), {}).get("text", "")}
        for w in score.flags or []
        if w.get("kind") == "warning"
    ]
    triggers = [{**t, "band_label": band_label(t.get("min_band") or "", labels)} for t in score_triggers]
    return {
        "band": band,
        "band_label": band_label(band, labels),
        "sections": sections,
        "contributions": contributions,
        "contribution_count": len(score.contributions or []),
        "triggers": triggers,
        "flags": flags,
        "warnings": warnings,
        "confidence_percent": round(score.confidence * 100),
        "rules_version": score.rules_hash[:12],
        "engine_version": score.engine_version or ENGINE_VERSION,
    }


def score_as_seen_by(*, user, score: Score | None) -> Score | None:
    """A copy of `score` whose band and triggers leave out a confidential designation when `user`
    is outside the assessment's member state (riskassess.suppliers.selectors). Never saved."""
    if score is None:
        return None
    assessment = score.assessment
    if not designation_withheld(
        viewer_member_state_id=getattr(user, "member_state_id", None),
        member_state_id=assessment.member_state_id,
        supplier_id=assessment.supplier_id,
        answers=score.revision.answers,
    ):
        return score
    seen = copy.copy(score)
    definition = score.revision.template_version.definition
    seen.band = band_without_designation(overall=score.overall, triggers=score.triggers or [], definition=definition)
    seen.triggers = triggers_without_designation(score.triggers or [])
    return seen
