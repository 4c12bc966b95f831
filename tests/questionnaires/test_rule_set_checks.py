"""The template format refuses a rule set of the dimensions model that a regulator could not defend:
an unknown above the worst real answer, a weight or trigger without rationale, source or basis, a
level named like a legal term, a trigger scoped to an unknown asset class, a legal status that scores."""

import copy
from pathlib import Path

import pytest
import yaml

from riskassess.questionnaires.template_format.checker import TemplateError
from riskassess.questionnaires.template_format.dump import dump_definition
from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_format.rules import rules_hash

TEMPLATES = Path(__file__).resolve().parents[2] / "riskassess/questionnaires/templates_yaml"
NEW_TEXT = (TEMPLATES / "eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8")
NEW = parse_definition(NEW_TEXT)


def question(d, key):
    return next(q for s in d["sections"] for q in s["questions"] if q["key"] == key)


def errors_of(d) -> list[str]:
    with pytest.raises(TemplateError) as e:
        parse_definition(dump_definition(d))
    return e.value.errors


def test_the_new_template_is_valid_and_canonical():
    assert dump_definition(NEW) == NEW_TEXT
    assert NEW["scoring"]["model"] == "dimensions"
    assert all(
        q["scoring"]["rationale"] and q["scoring"]["source"]
        for s in NEW["sections"]
        for q in s["questions"]
        if q.get("scoring")
    )


def test_the_legacy_template_keeps_its_rule_set():
    legacy = parse_definition((TEMPLATES / "eu-5g-supplier-2026.1.yaml").read_text(encoding="utf-8"))

    assert rules_hash(legacy) == "045d092e92fc6e787e9523e43d3d2aa1b390d4ec4bed38b67960d06ce426a0ca"
    assert "model" not in legacy["scoring"]


def test_it_refuses_an_unknown_above_the_worst_real_answer():
    d = copy.deepcopy(NEW)
    question(d, "A4")["scoring"]["points"]["unknown"] = 100
    question(d, "A4")["scoring"]["points"]["yes"] = 90

    assert any("A4" in e and "more than the worst real answer" in e for e in errors_of(d))


def test_it_refuses_a_weight_without_rationale_or_source():
    d = copy.deepcopy(NEW)
    del question(d, "B2")["scoring"]["rationale"]

    assert any(e.startswith("question B2, scoring") and "rationale and a source" in e for e in errors_of(d))


def test_it_refuses_a_trigger_without_its_basis():
    d = copy.deepcopy(NEW)
    del d["scoring"]["triggers"][0]["basis"]

    assert any("trigger T2" in e and "basis" in e for e in errors_of(d))


def test_it_refuses_a_level_named_like_a_legal_term():
    d = copy.deepcopy(NEW)
    d["scoring"]["bands"][-1]["label"] = "High"

    assert any("reads like a legal term" in e for e in errors_of(d))


def test_it_refuses_a_trigger_scoped_to_an_unknown_asset_class():
    d = copy.deepcopy(NEW)
    d["scoring"]["triggers"][-1]["applies_to"] = ["core_nf", "toaster"]

    assert any("trigger T5" in e and "toaster" in e for e in errors_of(d))


def test_it_refuses_a_legal_status_that_scores():
    d = copy.deepcopy(NEW)
    question(d, "D1")["scoring"] = {
        "weight": 1,
        "points": {"designated": 100, "restricted": 80, "under_assessment": 50, "none": 0},
        "rationale": "x",
        "source": "y",
    }

    assert any("must not score" in e for e in errors_of(d))


def test_it_refuses_a_scored_question_outside_every_dimension():
    d = copy.deepcopy(NEW)
    section = next(s for s in d["sections"] if s["key"] == "B")
    del section["dimension"]

    assert any(e.startswith("question B1, scoring") and "no dimension" in e for e in errors_of(d))


def test_the_new_keys_survive_export_and_import():
    text = dump_definition(NEW)
    loaded = yaml.safe_load(text)

    assert loaded["scoring"]["triggers"][0]["basis"]
    assert loaded["sections"][0]["dimension"] == "risk_profile"
    assert parse_definition(text) == NEW
