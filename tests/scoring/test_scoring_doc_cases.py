"""The table of the review's cases in docs/scoring.md says what the engine computes."""

from pathlib import Path

import pytest

from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.scoring.engine import score
from tests.scoring import cases
from tests.scoring.builders import ASSESSMENT_DATE, SHIPPED_TEMPLATE

OLD = parse_definition(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
NEW = parse_definition(SHIPPED_TEMPLATE.with_name("eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8"))
DOC = Path(__file__).resolve().parents[2] / "docs/scoring.md"
DESIGNATED = {"D1a": "Decree 1", "D1b": "2025-05-01", "D1c": "no"}


def third_country_confirmed(v):
    return cases.third_country_perfect_certificates(v) | {"A4": "yes"}


def designated(v):
    status = {"D1": "yes"} if v == "2026.1" else {"D1": "designated", "D1d": ["g5"]}
    return third_country_confirmed(v) | DESIGNATED | status


CASES = {
    "third country, duty to cooperate, state control unknown, perfect certificates": (
        cases.third_country_perfect_certificates
    ),
    "the same, state control confirmed": third_country_confirmed,
    "EU supplier, weak practices": cases.eu_weak_practices,
    "perfect radio-only supplier": cases.radio_only_perfect,
    "EU supplier, weak practices, six answers unknown": cases.eu_with_unknowns,
    "third country (state control confirmed), designated high-risk": designated,
}


def doc_rows():
    rows = {}
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] in CASES:
            rows[cells[0]] = cells
    return rows


@pytest.mark.parametrize("name", list(CASES))
def test_the_doc_table_matches_the_engine(name):
    make = CASES[name]
    old = score(OLD, make("2026.1"), assessment_date=ASSESSMENT_DATE, evidence_counts={})
    new = score(NEW, make("2027.1"), assessment_date=ASSESSMENT_DATE, evidence_counts={})
    row = doc_rows()[name]

    assert row[1].startswith(f"{old.overall:.1f} ")
    assert row[2].startswith(f"{new.dimensions['risk_profile']['score']:.1f}")
    assert row[2].endswith(new.dimensions["risk_profile"]["level"])
    assert row[3] == f"{new.dimensions['assurance_gap']['score']:.1f} {new.dimensions['assurance_gap']['level']}"
    assert row[4] == new.band_label.lower()
    assert row[5].startswith(new.legal_status["label"].lower()) or (
        row[5] == "none" and new.legal_status["key"] == "none"
    )
    fired = [t["id"] for t in new.triggers]
    assert row[6].split(" ")[0].rstrip(",") == (fired[0] if fired else "none")
    clarified = [c.get("question") or c.get("trigger") for c in new.to_clarify]
    assert row[7] == (", ".join(clarified) if clarified else "nothing")
    assert new.dimensions["exposure"]["score"] == 0.0
