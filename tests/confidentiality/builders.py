"""Data sets for the confidentiality tests: member states, suppliers, scored assessments in every
status, and designations public or confidential, written directly (the engine has its own tests)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.utils import timezone

from riskassess.questionnaires.models import Assessment, Campaign, Revision
from riskassess.register.services import designation_record
from riskassess.scoring.models import Score, SectionScore
from riskassess.suppliers.models import AssetClass
from tests.factories import AssessmentFactory, MemberStateFactory, SupplierFactory

CODES = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI"]
DESIGNATED_TRIGGER = {
    "id": "T1",
    "label": "Designated high-risk by the reporting member state",
    "min_band": "designated",
}


@dataclasses.dataclass
class Cell:
    """One (member state, supplier): an assessment in `status` scored `overall`, and optionally
    a designation of `designation` status, public or confidential."""

    state: int
    supplier: int
    status: str = Assessment.Status.SUBMITTED
    overall: float = 50.0
    designation: str | None = None  # "high_risk", "restricted", or None
    confidential: bool = False
    asset_class: str = "core_nf"


def band_of(overall: float) -> str:
    return "high" if overall >= 75 else "elevated" if overall >= 50 else "moderate" if overall >= 25 else "low"


def make_states(n: int) -> list:
    return [
        MemberStateFactory(iso_code=c, eu_code=c, name=f"State {c}", protocol_order=i) for i, c in enumerate(CODES[:n])
    ]


def make_suppliers(n: int) -> list:
    return [SupplierFactory(name=f"Supplier {i}", slug=f"supplier-{i}") for i in range(n)]


def asset_classes() -> dict[str, AssetClass]:
    out = {}
    for i, (code, name) in enumerate([("core_nf", "Core network functions"), ("transport", "Transport and IP core")]):
        out[code] = AssetClass.objects.get_or_create(code=code, defaults={"name": name, "order": i})[0]
    return out


def build(campaign: Campaign, states: list, suppliers: list, cells: list[Cell]) -> dict[tuple[int, int], Assessment]:
    """Write the cells; returns {(state index, supplier index): assessment}."""
    classes = asset_classes()
    out = {}
    for c in cells:
        ms, supplier = states[c.state], suppliers[c.supplier]
        if (c.state, c.supplier) in out:
            continue
        designated = c.designation == "high_risk"
        assessment = AssessmentFactory(
            campaign=campaign,
            member_state=ms,
            supplier=supplier,
            status=c.status,
            current_revision=1,
            submitted_at=timezone.now(),
        )
        answers = {"A4": "yes", "D1": "yes" if designated else "no"}
        if designated:
            answers["D1c"] = "yes" if c.confidential else "no"
        revision = Revision.objects.create(
            assessment=assessment,
            number=1,
            template_version=campaign.template_version,
            answers=answers,
            assessment_date=timezone.localdate(),
            submitted_at=timezone.now() - dt.timedelta(minutes=1),
        )
        score = Score.objects.create(
            assessment=assessment,
            revision=revision,
            rules_hash=campaign.template_version.rules_hash,
            engine_version="test",
            overall=c.overall,
            band="designated" if designated else band_of(c.overall),
            triggers=[DESIGNATED_TRIGGER] if designated else [],
            confidence=0.8,
            is_current=True,
            sections={"A": {"title": "Supplier profile", "score": c.overall, "weight": 60, "confidence": 1.0}},
        )
        SectionScore.objects.create(score=score, section="A", value=c.overall)
        if c.designation:
            designation_record(
                member_state=ms,
                supplier=supplier,
                status=c.designation,
                confidential=c.confidential,
                legal_instrument=f"Decision of {ms.eu_code}",
                asset_classes=[classes[c.asset_class]],
            )
        out[(c.state, c.supplier)] = assessment
    return out
