"""The dimensions model of the 2027.1 questionnaire (docs/scoring.md) on the cases of the risk-model
review, beside the legacy 2026.1 model, which still scores them as it did."""

import pytest

from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.scoring.engine import score
from tests.scoring import cases
from tests.scoring.builders import ASSESSMENT_DATE, SHIPPED_TEMPLATE

LEGACY = parse_definition(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
NEW = parse_definition(SHIPPED_TEMPLATE.with_name("eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8"))


def run(definition, answers):
    return score(definition, answers, assessment_date=ASSESSMENT_DATE, evidence_counts={})


def test_the_legacy_model_still_lets_certificates_offset_a_third_country():
    result = run(LEGACY, cases.third_country_perfect_certificates("2026.1"))

    assert result.model == "legacy"
    assert result.overall == pytest.approx(15.3, abs=0.05)
    assert result.band == "low"
    assert result.dimensions == {}


def test_certificates_no_longer_offset_a_third_country():
    result = run(NEW, cases.third_country_perfect_certificates("2027.1"))

    assert result.model == "dimensions"
    assert result.dimensions["assurance_gap"]["score"] == 0
    assert result.dimensions["risk_profile"]["score"] == pytest.approx(36.9, abs=0.05)
    assert result.dimensions["risk_profile"]["level"] == "moderate"
    assert result.band == "moderate"  # the profile's level, not lowered by the perfect certificates
    assert [c["question"] for c in result.to_clarify] == ["A4"]  # state control unknown


def test_confirmed_state_control_raises_the_profile_through_t2():
    answers = cases.third_country_perfect_certificates("2027.1") | {"A4": "yes"}

    result = run(NEW, answers)

    assert [t["id"] for t in result.triggers] == ["T2"]
    assert result.triggers[0]["basis"].startswith("Toolbox SM03")
    assert result.triggers[0]["asset_classes"] == ["core_nf", "nfv_mano_sdn"]
    assert result.dimensions["risk_profile"]["score_level"] == "moderate"
    assert result.dimensions["risk_profile"]["level"] == "significant"
    assert result.band == "significant"


def test_an_eu_supplier_with_weak_practices_has_a_technical_gap_not_a_risk_profile():
    result = run(NEW, cases.eu_weak_practices("2027.1"))

    assert result.dimensions["risk_profile"]["score"] == 0
    assert result.dimensions["risk_profile"]["level"] == "low"
    assert result.dimensions["assurance_gap"]["score"] == pytest.approx(64.4, abs=0.05)
    assert result.band == "significant"
    assert [t["id"] for t in result.triggers] == ["T5"]  # supplies core and MANO without evidence


def test_t5_does_not_fire_for_a_radio_only_supplier():
    legacy = run(LEGACY, cases.radio_only_perfect("2026.1"))
    result = run(NEW, cases.radio_only_perfect("2027.1"))

    assert [t["id"] for t in legacy.triggers] == ["T5"]  # the legacy model: "Elevated" for no core at all
    assert legacy.band == "elevated"
    assert result.triggers == []
    assert result.band == "low"


def test_t5_fires_when_the_supplier_supplies_core():
    answers = cases.radio_only_perfect("2027.1") | {"E0": ["ran_general", "core_nf"]}

    result = run(NEW, answers)

    assert [t["id"] for t in result.triggers] == ["T5"]
    assert result.triggers[0]["asset_classes"] == ["core_nf"]


def test_t2_applies_to_ran_only_where_the_state_defines_it_as_key():
    answers = cases.radio_only_perfect("2027.1") | {"A4": "yes", "A5": "yes"}

    not_key = run(NEW, answers | {"E0a": "no"})
    key = run(NEW, answers | {"E0a": "yes"})

    assert [t["id"] for t in not_key.triggers] == []
    assert [t["id"] for t in key.triggers] == ["T2"]
    assert key.triggers[0]["asset_classes"] == ["ran_general"]


def test_a_trigger_whose_asset_classes_are_not_stated_is_to_be_clarified():
    answers = cases.eu_weak_practices("2027.1")
    del answers["E0"]

    result = run(NEW, answers)

    assert result.triggers == []
    assert result.supplied_asset_classes is None
    assert {"kind": "trigger", "trigger": "T5"}.items() <= next(
        c for c in result.to_clarify if c["kind"] == "trigger"
    ).items()


def test_unknowns_are_listed_and_lower_the_confidence():
    known = run(NEW, cases.eu_weak_practices("2027.1"))
    unknown = run(NEW, cases.eu_with_unknowns("2027.1"))

    assert [c["question"] for c in unknown.to_clarify] == list(cases.UNKNOWN_QUESTIONS)
    assert unknown.confidence < known.confidence
    assert unknown.dimensions["risk_profile"]["confidence"] < known.dimensions["risk_profile"]["confidence"]


def test_unknown_on_a_yes_no_question_scores_halfway_not_as_the_worst_answer():
    by_answer = {
        a: run(NEW, cases.eu_weak_practices("2027.1") | {"F8": a}).dimensions["assurance_gap"]["score"]
        for a in ("no", "unknown", "yes")
    }

    assert by_answer["no"] < by_answer["unknown"] < by_answer["yes"]


def test_the_legal_status_is_kept_apart_and_never_changes_the_level():
    base = cases.eu_weak_practices("2027.1")
    plain = run(NEW, base)

    for answer, key in [
        ("designated", "designated"),
        ("restricted", "restricted"),
        ("under_assessment", "under_assessment"),
    ]:
        result = run(NEW, base | {"D1": answer, "D1a": "Act 1", "D1b": "2025-01-01", "D1c": "no", "D1d": ["g5"]})

        assert result.legal_status["key"] == key
        assert result.band == plain.band
        assert result.evidence_level == plain.evidence_level
        assert result.dimensions == plain.dimensions
    assert plain.legal_status == {
        "key": "none",
        "label": "No designation or restriction",
        "answer": "none",
        "generations": [],
    }


def test_restrictions_record_their_technology_generations():
    answers = cases.eu_weak_practices("2027.1") | {
        "D1": "restricted",
        "D1a": "Law",
        "D1b": "2025-01-01",
        "D1c": "no",
        "D1d": ["g5", "g2_4"],
    }

    assert run(NEW, answers).legal_status["generations"] == ["g5", "g2_4"]


def test_exposure_is_shown_beside_and_never_inside_the_overall_level():
    exposed = cases.radio_only_perfect("2027.1") | {"E2": "yes", "E6": ["none"], "E7": "no", "E8": "proprietary"}

    low = run(NEW, cases.radio_only_perfect("2027.1"))
    high = run(NEW, exposed)

    assert high.dimensions["exposure"]["level"] == "severe"
    assert high.band == low.band == "low"
    assert high.overall == low.overall


def test_nesas_reports_count_with_their_release_and_date_and_no_expiry():
    nesas = {
        "id": "n1",
        "product": "Core 5",
        "asset_class": "core_nf",
        "scheme": "nesas_evaluation",
        "nesas_release": "3.0",
        "evaluation_date": "2026-03-01",
        "status": "valid",
        "covers_deployed": "yes",
    }
    answers = cases.radio_only_perfect("2027.1") | {"B1": [nesas], "E0": ["core_nf"]}

    result = run(NEW, answers)

    b1 = next(c for c in result.contributions if c["question"] == "B1")
    assert b1["points"] == 0
    assert any("NESAS report of 2026-03-01, release 3.0" in r for r in b1["rules"])
    assert "T5" not in [t["id"] for t in result.triggers]
