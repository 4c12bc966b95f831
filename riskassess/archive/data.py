"""The data a report was made from, as JSON: embedded in its sealed PDF/A-3 and kept with the seal.

- an assessment report: its frozen revision (answers, comments, evidence list) and the score, with
  section D (designations) and the designation triggers left out for another audience than the
  assessment's own member state, exactly as the report itself withholds them;
- an aggregate report (member state, supplier, EU): the figures of its context as printed (the
  context applies the confidentiality rules), charts left out.
"""

import datetime as dt
import decimal
import json
from typing import Any

from django.db import models

from riskassess.reports.models import Report


def canonical_json(data: Any) -> bytes:
    from riskassess.archive.sealing import canonical_json as encode

    return encode(data)


FORMAT = "riskassess-report-data"
VERSION = 1


def _revision_data(report: Report) -> dict[str, Any]:
    from riskassess.confidentiality import (
        designation_section,
        is_own_state,
        revision_for_viewer,
        score_for_viewer,
        viewer_for_audience,
    )
    from riskassess.reports.selectors import assessment_report_inputs

    assessment = report.assessment
    assert assessment is not None  # an assessment report
    revision, score = assessment_report_inputs(assessment=assessment, score=report.score)
    assert revision is not None  # reports are made of submitted revisions
    # What the report's audience may read (riskassess.confidentiality), exactly as the report itself.
    viewer = viewer_for_audience(audience=report.audience, kind=report.kind)
    outside = not is_own_state(viewer, assessment.member_state_id)
    revision = revision_for_viewer(revision=revision, viewer=viewer, member_state_id=assessment.member_state_id)
    score = score_for_viewer(score=score, viewer=viewer)
    definition = revision.template_version.definition
    evidence = list(revision.evidence or [])
    data: dict[str, Any] = {
        "assessment": assessment.pk,
        "member_state": assessment.member_state.iso_code,
        "supplier": assessment.supplier_id,
        "campaign": assessment.campaign_id,
        "revision": {
            "id": revision.pk,
            "number": revision.number,
            "template_version": revision.template_version_id,
            "assessment_date": revision.assessment_date,
            "submitted_at": revision.submitted_at,
            "answers": dict(revision.answers or {}),
            "comments": dict(revision.comments or {}),
            "evidence": evidence,
            "withheld_sections": [designation_section(definition)] if outside else [],
        },
        "score": None,
    }
    if score is not None:
        data["score"] = {
            "id": score.pk,
            "overall": score.overall,
            "confidence": score.confidence,
            "rules_hash": score.rules_hash,
            "engine_version": score.engine_version,
            # as the report shows it: without what rests on a confidential designation
            "band": score.band,
        }
    return data


def _plain(value: Any, depth: int = 0) -> Any:
    """JSON-safe copy of a template context value: objects by id and name, charts dropped."""
    if depth > 8:
        return None
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return None if value.lstrip().startswith("<svg") else value
    if isinstance(value, dt.datetime | dt.date | decimal.Decimal):
        return value.isoformat() if not isinstance(value, decimal.Decimal) else str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(value)}
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if "chart" in str(key) or "svg" in str(key):
                continue
            out[str(key)] = _plain(item, depth + 1)
        return out
    if isinstance(value, list | tuple | set | frozenset):
        items = [_plain(item, depth + 1) for item in value]
        return sorted(items, key=repr) if isinstance(value, set | frozenset) else items
    if isinstance(value, models.QuerySet):
        return [_plain(item, depth + 1) for item in value]
    return str(value)


AGGREGATE_SKIP = {"report", "static_base", "kind", "generated_at", "tlp_colour", "tlp_key"}


def aggregate_data(context: dict[str, Any]) -> dict[str, Any]:
    return {key: _plain(value) for key, value in context.items() if key not in AGGREGATE_SKIP}


def report_data(report: Report, context: dict[str, Any]) -> dict[str, Any]:
    """What is embedded in the sealed copy of `report` (`context`: the one its HTML is made of)."""
    head = {
        "format": FORMAT,
        "version": VERSION,
        "report": {
            "id": report.pk,
            "kind": report.kind,
            "tlp": report.tlp,
            "audience": report.audience,
            "fingerprint": report.fingerprint,
        },
    }
    if report.kind == Report.Kind.ASSESSMENT:
        data = {**head, **_revision_data(report)}
    else:
        data = {**head, "aggregate": aggregate_data(context)}
    return json.loads(canonical_json(data))  # JSON types only (dates as ISO text), as embedded
