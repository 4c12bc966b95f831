"""Reads for scoring: the current score of an assessment, the state of its scoring, and the
explanation shown on the score panel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from riskassess.confidentiality import (
    Viewer,
    evidence_keys_withheld,
    score_for_viewer,
    viewer_for_user,
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


def score_explanation(*, score: Score, limit: int = 10, viewer: Viewer | None = None) -> dict[str, Any]:
    """What the score panel shows: band label, sections, the largest contributions with their
    question texts, triggers, flags and warnings, as `viewer` may see them
    (riskassess.confidentiality.score_for_viewer; None: unchanged)."""
    definition = score.revision.template_version.definition
    hidden: set[str] = set()
    if viewer is not None:
        hidden = evidence_keys_withheld(
            viewer=viewer, member_state_id=score.assessment.member_state_id, definition=definition
        )
        score = score_for_viewer(score=score, viewer=viewer) or score
    band, score_triggers = score.band, list(score.triggers or [])
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
        for c in [c for c in score.contributions or [] if c.get("question") not in hidden][:limit]
    ]
    flags = [f for f in score.flags or [] if f.get("kind") != "warning" and f.get("question") not in hidden]
    warnings = [
        {**w, "text": questions.get(w.get("question"), {}).get("text", "")}
        for w in score.flags or []
        if w.get("kind") == "warning" and w.get("question") not in hidden
    ]
    triggers = [{**t, "band_label": band_label(t.get("min_band") or "", labels)} for t in score_triggers]
    return {
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


def score_as_seen_by(*, user, score: Score | None) -> Score | None:
    """`score` as `user` may see it (riskassess.confidentiality.score_for_viewer). Never saved."""
    return score_for_viewer(score=score, viewer=viewer_for_user(user))
