import datetime as dt
import random
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from riskassess.accounts.models import MemberState, User
from riskassess.demo.answers import demo_answers, profile_for_supplier
from riskassess.questionnaires.definition import questions_by_key
from riskassess.questionnaires.models import Answer, Assessment, Campaign, Revision
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.validation import missing_required, validate_answer
from riskassess.suppliers.models import Designation, Supplier
from tests.factories import SMALL_DEFINITION

SHIPPED = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml/eu-5g-supplier-2026.1.yaml"
DEFINITION = parse_definition(SHIPPED.read_text(encoding="utf-8"))
TODAY = dt.date(2026, 11, 25)


def seeded(seed: int) -> random.Random:
    return random.Random(seed)  # noqa: S311 (reproducible demo data, not secrets)


@pytest.mark.parametrize("profile", ["high_risk", "eu_major", "other"])
def test_it_makes_complete_valid_answers_for_each_profile(profile):
    by_key = questions_by_key(DEFINITION)
    for seed in range(20):
        answers = demo_answers(definition=DEFINITION, profile=profile, rng=seeded(seed), assessment_date=TODAY)
        assert missing_required(DEFINITION, answers) == []
        for key, value in answers.items():
            assert validate_answer(by_key[key], value) == value


def test_it_draws_answers_typical_of_the_profile():
    def many(profile):
        rng = seeded(7)
        return [demo_answers(definition=DEFINITION, profile=profile, rng=rng, assessment_date=TODAY) for _ in range(40)]

    high, major = many("high_risk"), many("eu_major")
    assert {a["A4"] for a in high} <= {"yes", "unknown"}
    assert {a["A4"] for a in major} == {"no"}
    assert all(a["A2"] == "CN" for a in high)
    certificates = [c for a in high + major for c in a.get("B1", [])]
    expiries = [dt.date.fromisoformat(c["expiry_date"]) for c in certificates]
    assert any(e < TODAY for e in expiries)  # expired
    assert any(TODAY <= e <= TODAY + dt.timedelta(days=90) for e in expiries)  # expiring soon
    assert any(e > TODAY + dt.timedelta(days=90) for e in expiries)  # valid
    tests = [t for a in high for t in a.get("C1", [])]
    assert any(dt.date.fromisoformat(t["test_date"]) < TODAY - dt.timedelta(days=36 * 31) for t in tests)


def test_it_is_deterministic_and_applies_overrides():
    one = demo_answers(definition=DEFINITION, profile="high_risk", rng=seeded(3), assessment_date=TODAY)
    two = demo_answers(definition=DEFINITION, profile="high_risk", rng=seeded(3), assessment_date=TODAY)
    assert one == two
    designated = demo_answers(
        definition=DEFINITION,
        profile="high_risk",
        rng=seeded(3),
        assessment_date=TODAY,
        overrides={"D1": "yes", "D1a": "Decree 12/2025"},
    )
    assert designated["D1"] == "yes" and designated["D1a"] == "Decree 12/2025"
    assert "D1b" in designated  # shown because D1 = yes
    not_designated = demo_answers(
        definition=DEFINITION, profile="eu_major", rng=seeded(3), assessment_date=TODAY, overrides={"D1": "no"}
    )
    assert "D1a" not in not_designated and "D5" not in not_designated  # hidden


def test_it_answers_other_templates_by_type():
    answers = demo_answers(definition=SMALL_DEFINITION, profile="other", rng=seeded(1), assessment_date=TODAY)
    assert missing_required(SMALL_DEFINITION, answers) == []
    with pytest.raises(ValueError):
        demo_answers(definition=SMALL_DEFINITION, profile="rogue", rng=seeded(1), assessment_date=TODAY)


def test_it_chooses_the_profile_of_a_supplier():
    assert profile_for_supplier(Supplier(name="Huawei", named_in_2023_communication=True)) == "high_risk"
    assert profile_for_supplier("ZTE") == "high_risk"
    assert profile_for_supplier("Nokia") == "eu_major"
    assert profile_for_supplier(Supplier(name="Samsung")) == "other"


def _counts() -> dict[str, object]:
    return {
        "states": MemberState.objects.count(),
        "users": User.objects.count(),
        "campaigns": sorted(Campaign.objects.values_list("slug", "status")),
        "assessments": sorted(
            Assessment.objects.values_list("campaign__slug", "member_state__iso_code", "supplier__name", "status")
        ),
        "answers": Answer.objects.count(),
        "revisions": Revision.objects.count(),
        "designations": sorted(Designation.objects.values_list("member_state__iso_code", "supplier__name", "status")),
    }


def test_it_seeds_the_demo_and_a_second_run_changes_nothing(db):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    first = _counts()
    assert "Demo data ready." in out.getvalue()
    assert first["states"] == 27
    assert first["campaigns"] == [("2025-annual", "closed"), ("2026-annual", "open")]
    statuses = {s for slug, _, _, s in first["assessments"] if slug == "2026-annual"}
    assert statuses == {"draft", "submitted", "returned", "approved"}
    states = {iso for _, iso, _, _ in first["assessments"]}
    assert {"FR", "DE"} <= states and len(states) >= 10
    fr = User.objects.get(username="regulator-fr")
    assert fr.member_state.iso_code == "FR" and fr.check_password(settings.DEMO_PASSWORD)
    for username in ("approver-fr", "regulator-de", "approver-de", "coordinator", "observer"):
        assert User.objects.get(username=username).check_password(settings.DEMO_PASSWORD)
    designations = {(iso, name): status for iso, name, status in first["designations"]}
    assert designations[("DE", "Huawei")] == "high_risk"
    assert designations[("FR", "Huawei")] == "restricted"
    assert Designation.objects.filter(confidential=True, status="high_risk").count() >= 1
    campaign = Campaign.objects.get(slug="2026-annual")
    assert campaign.template_version.template.key == "eu-5g-supplier"
    assert campaign.deadline > campaign.opens_on

    call_command("seed_demo", stdout=StringIO())
    assert _counts() == first
