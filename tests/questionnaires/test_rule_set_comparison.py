"""Comparing the legacy rule set (2026.1) with the dimensions model (2027.1): each changed rule is
listed with its old and new values and its rationale."""

import json

from riskassess.questionnaires.template_format.parser import parse_definition
from riskassess.questionnaires.template_versions import template_version_diff
from tests.scoring.builders import SHIPPED_TEMPLATE

OLD = parse_definition(SHIPPED_TEMPLATE.read_text(encoding="utf-8"))
NEW = parse_definition(SHIPPED_TEMPLATE.with_name("eu-5g-supplier-2027.1.yaml").read_text(encoding="utf-8"))
CHANGES = {(c["kind"], c["key"]): c for c in template_version_diff(old=OLD, new=NEW)}


def test_each_dimension_is_listed_with_its_rationale():
    for key in ("risk_profile", "assurance_gap", "exposure"):
        entry = CHANGES[("rule", key)]
        assert entry["change"] == "added" and entry["affects_score"]
        assert entry["rationale"] and json.loads(entry["new_value"])["key"] == key
    assert ("rule", "dimensions") not in CHANGES


def test_a_changed_trigger_shows_its_old_and_new_values_and_rationale():
    t5 = CHANGES[("rule", "T5")]

    assert t5["change"] == "changed" and "applies_to" in t5["attributes"]
    assert "applies_to" not in json.loads(t5["old_value"])
    assert json.loads(t5["new_value"])["applies_to"] == ["core_nf", "nfv_mano_sdn"]
    assert t5["rationale"].startswith("Core and MANO functions")


def test_a_section_moved_into_a_dimension_says_why():
    a = CHANGES[("section", "A")]

    assert json.loads(a["old_value"]) == {"dimension": None, "weight": 30}
    assert json.loads(a["new_value"])["dimension"] == "risk_profile"
    assert a["rationale"].startswith("Third-country interference")


def test_a_changed_question_rule_shows_both_tables_and_the_new_rationale():
    a4 = CHANGES[("question", "A4")]

    assert a4["affects_score"]
    assert json.loads(a4["old_value"])["scoring"]["points"]["unknown"] == 70
    assert json.loads(a4["new_value"])["scoring"]["points"]["unknown"] == 50
    assert "unknown sits halfway" in a4["rationale"]
