"""The scoring engine on examples worked out by hand from docs/questionnaire-format.md."""

import copy
import datetime as dt

import pytest

from riskassess.questionnaires.template_format.rules import rules_hash
from riskassess.scoring.engine import (
    ENGINE_VERSION,
    compile_definition,
    evidence_counts_from_snapshot,
    months_between,
    score,
)
from tests.factories import SMALL_DEFINITION
from tests.scoring.builders import (
    ASSESSMENT_DATE,
    EXTENDED_DEFINITION,
    SMALL_ANSWERS,
    certificate,
    report_item,
    shipped_definition,
)


def run(answers, definition=SMALL_DEFINITION, **kwargs):
    kwargs.setdefault("assessment_date", ASSESSMENT_DATE)
    return score(definition, answers, **kwargs)


def by_question(result):
    return {c["question"]: c for c in result.contributions}


def test_it_scores_the_worked_example():
    # A = (5*100 + 2*60) / 7 = 88.571..., B = (4*0 + 3*30) / 7 = 12.857..., D has no scored question.
    # overall = (60*A + 40*B) / 100 = 58.2857...
    result = run(SMALL_ANSWERS, evidence_counts={"A4": 1})

    assert result.sections["A"]["score"] == pytest.approx(620 / 7)
    assert result.sections["B"]["score"] == pytest.approx(90 / 7)
    assert result.sections["D"]["score"] is None
    assert result.overall == pytest.approx((60 * 620 / 7 + 40 * 90 / 7) / 100)
    assert result.overall_display == 58.3
    assert (result.score_band, result.band, result.band_label) == ("elevated", "elevated", "Elevated")
    assert result.triggers == []
    # Confidence: A4 5 (evidence), A6 2, B1 4 wants evidence but has none -> 2, B6 3 -> 12 / 14.
    assert result.confidence == pytest.approx(12 / 14)
    assert result.rules_hash == rules_hash(SMALL_DEFINITION)
    assert result.engine_version == ENGINE_VERSION == "2.0"


def test_it_explains_each_contribution_largest_first():
    result = run(SMALL_ANSWERS)
    contributions = by_question(result)

    assert [c["question"] for c in result.contributions] == ["A4", "A6", "B6", "B1"]
    assert contributions["A4"] == {
        "question": "A4",
        "section": "A",
        "answer": "yes",
        "points": 100,
        "weight": 5,
        "contribution": pytest.approx(0.6 * 500 / 7),
        "rules": ["answer 'yes': 100 points"],
    }
    assert contributions["B6"]["rules"] == ["at most 30 days: 30 points"]
    assert contributions["B1"]["answer"] == "1 certificate"
    assert sum(c["contribution"] for c in result.contributions) == pytest.approx(result.overall, abs=1e-9)


def test_it_ignores_hidden_questions():
    definition = copy.deepcopy(SMALL_DEFINITION)
    definition["sections"][0]["questions"][2]["condition"] = {"question": "A4", "equals": "yes"}  # A6 only if A4
    answers = {**SMALL_ANSWERS, "A4": "no"}

    result = run(answers, definition)

    assert "A6" not in by_question(result)
    assert result.sections["A"]["score"] == 0  # A4 = no alone


def test_it_scores_an_unanswered_visible_question_as_unknown():
    answers = {k: v for k, v in SMALL_ANSWERS.items() if k not in ("A4", "B6")}

    result = run(answers)

    contributions = by_question(result)
    assert contributions["A4"]["points"] == 70  # the "unknown" points of A4
    assert contributions["B6"]["points"] == 100  # no "unknown" points given: 100
    assert contributions["B6"]["rules"] == ["not answered: scored as unknown, 100 points"]


def test_it_lowers_the_confidence_for_unknown_answers():
    known = run({**SMALL_ANSWERS, "A6": "yes"}, evidence_counts={"A4": 1, "B1": 1})
    unknown = run({**SMALL_ANSWERS, "A6": "unknown"}, evidence_counts={"A4": 1, "B1": 1})

    assert known.confidence == 1.0
    assert unknown.confidence == pytest.approx(12 / 14)
    assert by_question(unknown)["A6"]["points"] == 100


def test_it_halves_the_confidence_weight_when_wanted_evidence_is_missing():
    with_evidence = run(SMALL_ANSWERS, evidence_counts={"A4": 1, "B1": 1})
    without = run(SMALL_ANSWERS)

    assert with_evidence.confidence == 1.0
    assert without.confidence == pytest.approx((2.5 + 2 + 2 + 3) / 14)
    assert {"question": "A4", "item_id": "", "message": "Evidence is wanted for this answer but none is attached."} in (
        without.warnings
    )


@pytest.mark.parametrize(
    "bad",
    [
        certificate(status="expired"),
        certificate(status="suspended"),
        certificate(status="withdrawn"),
        certificate(expiry_date="2026-11-24"),  # the day before the assessment date
        certificate(covers_deployed="no"),
        certificate(covers_deployed="unknown"),
    ],
)
def test_it_counts_a_certificate_that_does_not_count_exactly_as_missing(bad):
    missing = run({**SMALL_ANSWERS, "B1": []})
    invalid = run({**SMALL_ANSWERS, "B1": [bad]})
    valid = run({**SMALL_ANSWERS, "B1": [certificate()]})

    assert invalid.overall == missing.overall
    assert by_question(invalid)["B1"]["points"] == 100
    assert valid.overall < invalid.overall
    assert any("does not count" in w["message"] and w["item_id"] == "c1" for w in invalid.warnings)


def test_it_counts_a_certificate_expiring_on_the_assessment_date():
    result = run({**SMALL_ANSWERS, "B1": [certificate(expiry_date=ASSESSMENT_DATE.isoformat())]})

    assert by_question(result)["B1"]["points"] == 0


def test_it_warns_about_a_certificate_expiring_within_90_days_with_full_credit():
    soon = run({**SMALL_ANSWERS, "B1": [certificate(expiry_date="2027-02-23")]})  # 90 days
    later = run({**SMALL_ANSWERS, "B1": [certificate(expiry_date="2027-02-24")]})  # 91 days

    assert by_question(soon)["B1"]["points"] == by_question(later)["B1"]["points"] == 0
    assert any("expires on 2027-02-23" in w["message"] for w in soon.warnings)
    assert not any("expires on" in w["message"] for w in later.warnings)


def test_it_flags_eucc_validity_over_5_years_without_an_ncca_note():
    long = certificate(issue_date="2021-01-01", expiry_date="2027-06-01")
    noted = {**long, "ncca_approval_note": "Approved by ANSSI on 2021-01-05"}
    five = certificate(issue_date="2022-06-01", expiry_date="2027-06-01")

    def flagged(item):
        return any("NCCA" in w["message"] for w in run({**SMALL_ANSWERS, "B1": [item]}).warnings)

    assert flagged(long)
    assert not flagged(noted)
    assert not flagged(five)
    assert not flagged({**long, "scheme": "nesas"})


def test_it_warns_about_certificates_without_evidence():
    no_evidence = run({**SMALL_ANSWERS, "B1": [certificate()]}, evidence_counts={})
    with_evidence = run({**SMALL_ANSWERS, "B1": [certificate()]}, evidence_counts={"B1": 1, "B1/c1": 1})

    assert {"question": "B1", "item_id": "c1", "message": "Certificate EUCC-2025-001: no evidence attached."} in (
        no_evidence.warnings
    )
    assert not any(w["question"] == "B1" for w in with_evidence.warnings)
    assert with_evidence.confidence > no_evidence.confidence


@pytest.mark.parametrize(
    ("reports", "points"),
    [
        ([report_item(test_date="2023-11-25")], 0),  # 36 months: recent
        ([report_item(test_date="2023-11-24")], 0),  # 36 months and a day: still 36 whole months
        ([report_item(test_date="2023-10-24")], 50),  # 37 months: half credit
        ([report_item(test_date="2020-01-01"), report_item(id="t2", test_date="2026-01-01")], 0),
        ([report_item(result="fail")], 100),
        ([report_item(result="pass_with_findings")], 0),
        ([], 100),
    ],
)
def test_it_scores_test_reports_by_age_and_result(reports, points):
    result = run({**SMALL_ANSWERS, "C1": reports}, EXTENDED_DEFINITION)

    assert by_question(result)["C1"]["points"] == points


def test_it_warns_about_old_test_reports():
    result = run({**SMALL_ANSWERS, "C1": [report_item(test_date="2020-01-01")]}, EXTENDED_DEFINITION)

    assert any("older than 36 months" in w["message"] and w["item_id"] == "t1" for w in result.warnings)


def test_it_scores_multi_answers_by_absent_good_practices():
    none = run({**SMALL_ANSWERS, "C8": []}, EXTENDED_DEFINITION)
    some = run({**SMALL_ANSWERS, "C8": ["signed_updates"]}, EXTENDED_DEFINITION)
    all_ = run({**SMALL_ANSWERS, "C8": ["signed_updates", "secure_boot", "sbom"]}, EXTENDED_DEFINITION)

    assert [by_question(r)["C8"]["points"] for r in (none, some, all_)] == [100, 60, 0]
    assert by_question(some)["C8"]["rules"] == ["Secure boot absent: +30", "SBOM absent: +30"]


@pytest.mark.parametrize(
    ("day", "points"),
    [("2026-01-01", 0), ("2025-11-24", 0), ("2025-10-25", 40), ("2023-11-25", 40), ("2023-10-25", 100)],
)
def test_it_scores_dates_by_age_in_whole_months(day, points):
    result = run({**SMALL_ANSWERS, "C4": day}, EXTENDED_DEFINITION)

    assert by_question(result)["C4"]["points"] == points


def test_it_counts_whole_months():
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == 0
    assert months_between(dt.date(2026, 1, 31), dt.date(2026, 3, 1)) == 1
    assert months_between(dt.date(2023, 11, 25), dt.date(2026, 11, 25)) == 36


@pytest.mark.parametrize(("value", "points"), [(0, 0), (14, 0), (14.5, 30), (30, 30), (90, 60), (91, 100)])
def test_it_scores_numbers_by_the_first_matching_threshold(value, points):
    result = run({**SMALL_ANSWERS, "B6": value})

    assert by_question(result)["B6"]["points"] == points


def test_it_sets_the_designated_band_through_trigger_t1_whatever_the_score():
    low = {"A4": "no", "A6": "yes", "B1": [certificate()], "B6": 5, "D1": "yes"}

    result = run(low)

    assert result.overall == 0
    assert result.score_band == "low"
    assert (result.band, result.band_label) == ("designated", "Designated high-risk")
    assert result.triggers == [
        {"id": "T1", "label": "Designated high-risk by the reporting member state", "min_band": "designated"}
    ]


def test_it_never_lowers_the_band_through_a_trigger():
    answers = {**SMALL_ANSWERS, "A5": "yes", "B6": 200, "B1": []}  # T2 (at least high) on a high score

    result = run(answers, EXTENDED_DEFINITION)

    assert [t["id"] for t in result.triggers] == ["T2", "T5"]
    assert result.band == "high"
    assert result.score_band == "high"


def test_it_fires_t5_without_valid_core_evidence():
    def t5(answers):
        return "T5" in [t["id"] for t in run({**SMALL_ANSWERS, **answers}, EXTENDED_DEFINITION).triggers]

    assert t5({"B1": [], "C1": []})
    assert t5({"B1": [certificate(asset_class="ran_general")], "C1": []})
    assert t5({"B1": [certificate(status="expired")], "C1": [report_item(result="fail")]})
    assert not t5({"B1": [certificate()], "C1": []})
    assert not t5({"B1": [], "C1": [report_item(test_date="2019-01-01")]})


def test_it_raises_a_low_score_to_elevated_through_t5():
    answers = {"A4": "no", "A6": "yes", "B1": [], "C1": [], "B6": 1, "C4": "2026-10-01", "C8": ["sbom"], "D1": "no"}

    result = run(answers, EXTENDED_DEFINITION)

    assert result.score_band in ("low", "moderate")
    assert result.band == "elevated"


def test_it_raises_flags_without_changing_the_band():
    answers = {**SMALL_ANSWERS, "D6": ["US"]}
    plain = run(SMALL_ANSWERS, EXTENDED_DEFINITION)
    flagged = run(answers, EXTENDED_DEFINITION, facts={"supplier_named_in_2023_communication": True})

    assert plain.flags == []
    assert flagged.flags == [{"id": "FL1", "label": "Designated elsewhere"}, {"id": "FL2", "label": "Named in 2023"}]
    assert flagged.band == plain.band
    assert flagged.overall == plain.overall


def test_it_counts_evidence_per_question_and_item():
    rows = [
        {"question_key": "A4", "item_id": ""},
        {"question_key": "B1", "item_id": "c1"},
        {"question_key": "B1", "item_id": "c1"},
    ]

    assert evidence_counts_from_snapshot(rows) == {"A4": 1, "B1": 2, "B1/c1": 2}


def test_it_refuses_a_trigger_with_an_unknown_band():
    definition = copy.deepcopy(SMALL_DEFINITION)
    definition["scoring"]["triggers"][0]["min_band"] = "apocalyptic"

    with pytest.raises(ValueError, match="apocalyptic"):
        compile_definition(definition)


def test_it_scores_the_shipped_template():
    definition = shipped_definition()
    if definition is None:
        pytest.skip("the shipped template is not there")
    best = run({"D1": "no", "F7": "no", "A4": "no", "A5": "no"}, definition)
    designated = run({"D1": "yes"}, definition)
    backdoor = run({"F7": "yes", "D1": "no"}, definition)

    assert 0 <= best.overall <= 100
    assert sum(c["contribution"] for c in best.contributions) == pytest.approx(best.overall, abs=1e-6)
    assert designated.band == "designated"
    assert backdoor.band in ("critical", "designated")
    assert "T3" in [t["id"] for t in backdoor.triggers]
    assert "T5" in [t["id"] for t in best.triggers]  # nothing certified or tested
    assert set(best.sections) == {s["key"] for s in definition["sections"]}
