"""Submitted, scored assessments for report tests: a frozen revision scored by the real engine."""

import datetime as dt

from django.utils import timezone

from riskassess.questionnaires.models import Revision
from riskassess.scoring import engine
from riskassess.scoring.models import Score, SectionScore
from riskassess.scoring.services import score_fields

GOOD_ANSWERS = {
    "A4": "no",
    "A6": "yes",
    "B1": [
        {
            "id": "c1",
            "product": "Core AMF 5.2",
            "asset_class": "core_nf",
            "expiry_date": (timezone.localdate() + dt.timedelta(days=400)).isoformat(),
            "status": "valid",
            "covers_deployed": "yes",
        }
    ],
    "B6": 12,
    "D1": "no",
}


def submit_and_score(assessment, *, answers=None, comments=None, evidence=None, user=None, number=None) -> Score:
    """Freeze a revision of `answers` and store its score (as the scoring worker would)."""
    answers = dict(GOOD_ANSWERS if answers is None else answers)
    number = number or assessment.current_revision + 1
    revision = Revision.objects.create(
        assessment=assessment,
        number=number,
        template_version=assessment.campaign.template_version,
        answers=answers,
        comments=comments or {},
        evidence=evidence or [],
        assessment_date=timezone.localdate(),
        submitted_by=user,
        submitted_at=timezone.now(),
    )
    assessment.current_revision = number
    assessment.status = assessment.Status.SUBMITTED
    assessment.submitted_at = revision.submitted_at
    assessment.save()
    definition = assessment.campaign.template_version.definition
    result = engine.score(
        definition,
        answers,
        assessment_date=revision.assessment_date,
        evidence_counts=engine.evidence_counts_from_snapshot(revision.evidence or []),
    )
    Score.objects.filter(assessment=assessment, is_current=True).update(is_current=False)
    score = Score.objects.create(
        assessment=assessment,
        revision=revision,
        rules_hash=assessment.campaign.template_version.rules_hash,
        is_current=True,
        **score_fields(result),
    )
    SectionScore.objects.bulk_create(
        [SectionScore(score=score, section=k, value=s["score"]) for k, s in result.sections.items()]
    )
    return score
