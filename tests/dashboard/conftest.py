"""Hand-made scored data for the dashboard: assessments with a frozen revision, a current score and
its section rows, written directly (the scoring engine has its own tests). Written past the
services, so each helper makes the dashboard cache stale itself, as a service would."""

import datetime as dt

import pytest
from django.core.cache import cache
from django.utils import timezone

from riskassess.accounts.models import Role
from riskassess.dashboard.services import dashboard_invalidate
from riskassess.questionnaires.models import Assessment, Revision
from riskassess.register.services import designation_record
from riskassess.scoring.models import Score, SectionScore
from riskassess.suppliers.models import Designation
from tests.factories import AssessmentFactory, MemberStateFactory, SupplierFactory, UserFactory

STATE_CODES = ["AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "EL", "HU", "IE", "IT"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache outlives a test's database: every test starts with an empty one."""
    cache.clear()
    yield
    cache.clear()


def band_of(overall: float) -> str:
    return "high" if overall >= 75 else "elevated" if overall >= 50 else "moderate" if overall >= 25 else "low"


def make_state(code: str, order: int = 0):
    iso = "GR" if code == "EL" else code
    return MemberStateFactory(iso_code=iso, eu_code=code, name=f"State {code}", protocol_order=order)


def scored(
    *,
    campaign,
    member_state,
    supplier,
    overall: float | None,
    band: str | None = None,
    status: str = Assessment.Status.SUBMITTED,
    sections: dict[str, float] | None = None,
) -> Assessment:
    """An assessment in `status` with revision 1 and (unless overall is None) a current score."""
    assessment = AssessmentFactory(
        campaign=campaign, member_state=member_state, supplier=supplier, status=status, current_revision=1
    )
    revision = Revision.objects.create(
        assessment=assessment,
        number=1,
        template_version=campaign.template_version,
        answers={},
        assessment_date=timezone.localdate(),
        submitted_at=timezone.now(),
    )
    if overall is not None:
        score = Score.objects.create(
            assessment=assessment,
            revision=revision,
            rules_hash=campaign.template_version.rules_hash,
            engine_version="test",
            overall=overall,
            band=band or band_of(overall),
            confidence=0.8,
            is_current=True,
        )
        sections = sections if sections is not None else {"A": overall, "B": overall}
        SectionScore.objects.bulk_create([SectionScore(score=score, section=k, value=v) for k, v in sections.items()])
    dashboard_invalidate(campaign_id=campaign.pk)
    return assessment


def designate(*, member_state, supplier, confidential=False, status="high_risk", **fields) -> Designation:
    designation = designation_record(
        member_state=member_state, supplier=supplier, status=status, confidential=confidential, **fields
    )
    dashboard_invalidate()
    return designation


def build_grid(campaign, n_states: int, n_suppliers: int, *, offset: int = 0):
    """n_states x n_suppliers submitted assessments with scores spread over the bands."""
    states = [make_state(code, i) for i, code in enumerate(STATE_CODES[:n_states])]
    suppliers = [SupplierFactory(name=f"Grid supplier {i:02d}") for i in range(n_suppliers)]
    for i, state in enumerate(states):
        for j, supplier in enumerate(suppliers):
            scored(
                campaign=campaign, member_state=state, supplier=supplier, overall=float((i * 7 + j * 13 + offset) % 100)
            )
    for state in states[:3]:
        if not Designation.objects.filter(member_state=state, supplier=suppliers[0]).exists():
            designation_record(
                member_state=state, supplier=suppliers[0], status="high_risk", confidential=state is states[2]
            )
    return states, suppliers


@pytest.fixture
def fr_user_factory():
    def make(state, role=Role.REGULATOR, username=None):
        return UserFactory(username=username or f"{state.eu_code.lower()}-{role}", role=role, member_state=state)

    return make


@pytest.fixture
def yesterday():
    return timezone.localdate() - dt.timedelta(days=1)
