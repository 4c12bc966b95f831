"""Reads for exchange bundles: the payload of a campaign's bundle.

The EU aggregates come from the EU aggregate layer only (riskassess.dashboard.selectors, public
functions: progress_totals(campaign_progress(...)) and supplier_table(...)), which applies the
confidentiality rule. Nothing attributed to a member state leaves unless that state opted in for
the campaign; even then, the designation section of a record whose designation is confidential
is withheld.
"""

import datetime as dt
import decimal
import json
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from riskassess.exchange.models import ExchangeOptIn
from riskassess.questionnaires.models import Assessment, Campaign

FORMAT = "riskassess-exchange-bundle"
VERSION = 1
SHARED_STATUSES = (Assessment.Status.SUBMITTED, Assessment.Status.APPROVED)


def _plain(value: Any) -> Any:
    """JSON types only: objects by name, dates as ISO text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((_plain(v) for v in value), key=repr)
    return str(value)


def eu_aggregates(*, campaign: Campaign) -> dict[str, Any]:
    from riskassess.dashboard import selectors as eu

    return {
        "progress": _plain(eu.progress_totals(eu.campaign_progress(campaign=campaign))),
        "suppliers": _plain(eu.supplier_table(campaign=campaign)),
    }


def opted_in_states(*, campaign: Campaign) -> list[int]:
    return list(
        ExchangeOptIn.objects.filter(campaign=campaign, opted_in=True).values_list("member_state_id", flat=True)
    )


def state_records(*, campaign: Campaign) -> list[dict[str, Any]]:
    from riskassess.confidentiality import (
        Viewer,
        confidential_designation_pairs,
        designation_section,
        revision_for_viewer,
        score_for_viewer,
    )
    from riskassess.scoring.models import Score

    states = opted_in_states(campaign=campaign)
    if not states:
        return []
    definition = campaign.template_version.definition
    confidential = confidential_designation_pairs(campaign_id=campaign.pk, definition=definition)
    # The bundle's readers are EU-wide; an opted-in state shares its own cells (riskassess.confidentiality
    # decides what of a revision and a score they see: never the designation section).
    viewer = Viewer(member_state_id=None, state_cells=True)
    scores = (
        Score.objects.filter(
            is_current=True,
            assessment__campaign=campaign,
            assessment__member_state_id__in=states,
            assessment__status__in=SHARED_STATUSES,
        )
        .select_related("assessment__member_state", "assessment__supplier", "revision")
        .order_by("assessment__member_state__iso_code", "assessment__supplier__name", "assessment_id")
    )
    records = []
    for score in scores:
        assessment = score.assessment
        withheld = (assessment.member_state_id, assessment.supplier_id) in confidential
        revision = revision_for_viewer(
            revision=score.revision, viewer=viewer, member_state_id=assessment.member_state_id
        )
        shown = score_for_viewer(score=score, viewer=viewer, withheld=withheld) or score
        records.append(
            {
                "member_state": assessment.member_state.iso_code,
                "supplier": assessment.supplier.name,
                "status": assessment.status,
                "revision": revision.number,
                "assessment_date": revision.assessment_date.isoformat() if revision.assessment_date else None,
                "answers": _plain(dict(revision.answers or {})),
                "withheld_sections": [designation_section(definition)],
                "score": {
                    "overall": score.overall,
                    "confidence": score.confidence,
                    "band": shown.band,
                    "rules_hash": score.rules_hash,
                },
            }
        )
    return records


def bundle_payload(*, campaign: Campaign) -> dict[str, Any]:
    payload = {
        "format": FORMAT,
        "version": VERSION,
        "bundle_id": str(uuid.uuid4()),
        "issuer": settings.EXCHANGE_ISSUER,
        "exported_at": timezone.now().isoformat(),
        "campaign": {
            "slug": campaign.slug,
            "name": campaign.name,
            "status": campaign.status,
            "opens_on": campaign.opens_on.isoformat() if campaign.opens_on else None,
            "deadline": campaign.deadline.isoformat() if campaign.deadline else None,
        },
        "aggregates": eu_aggregates(campaign=campaign),
        "records": state_records(campaign=campaign),
    }
    return json.loads(json.dumps(payload))
